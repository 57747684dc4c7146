#!/bin/sh
# The accounts a message lists are all of its guarantor's cycle: those
# loaded before the cycle was due (they name no notification) and those
# linked to it, found by two indexes (migration 21); none of another
# guarantor's.  'now' finds a guarantor's statement both ways too.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/servers.sh"
. "$SRCDIR/tests/cli/notify_lib.sh"
cd "$T"
start_smtp
nq_setup
nq_servers_config
notify-queue config notify.min_days 0 2>/dev/null

# body EMAIL: the text of the last message to EMAIL
body() {
	f=$(grep -l "X-Envelope-To: $1" "$SMTP_ROOT"/mail/*.eml | tail -n 1)
	python3 -c 'import email,sys,email.policy; m=email.message_from_bytes(open(sys.argv[1],"rb").read(),policy=email.policy.default); print(m.get_content())' "$f"
}

# not due yet (level 1 from day 5): loaded, not queued
notify-queue level add standard 1 --after-days 5 --subject s --email l1.txt \
	--sms sms.txt 2>/dev/null
cat >a.csv <<CSV
$NQ_HEADER
A1,2026-12-01,G1,Ann Ode,ann@example.org,,,P11,Ann Ode,3.00,2026-11-29,standard
A3,2026-12-01,G3,Di Ode,di@example.org,,,P31,Di Ode,5.00,2026-11-29,standard
CSV
run notify-queue load a.csv
expect_err "queued 0 notification(s)" "nothing due"
# due from day 0: G1 gains an account, G2 is new
notify-queue level add standard 1 --after-days 0 --subject s --email l1.txt \
	--sms sms.txt 2>/dev/null
cat >b.csv <<CSV
$NQ_HEADER
A1,2026-12-01,G1,Ann Ode,ann@example.org,,,P12,Cy Ode,4.00,2026-11-29,standard
A2,2026-12-01,G2,Bo Ode,bo@example.org,,,P21,Bo Ode,6.00,2026-11-29,standard
CSV
run notify-queue load b.csv
expect_err "queued 2 notification(s)" "G1 and G2"
expect_eq "$(sql "SELECT count(*) FROM notify_statements WHERE notification IS NULL")" 2 \
	"P11 and P31 name no notification"
export CLAIMKIT_NOW=2026-12-01T16:00:00Z
run notify-queue send
expect_rc 0 "sent"
body ann@example.org >g1.txt
grep -q 'Ann Ode (account P11): 3.00' g1.txt || fail "G1: the account loaded before: $(cat g1.txt)"
grep -q 'Cy Ode (account P12): 4.00' g1.txt || fail "G1: the account linked: $(cat g1.txt)"
grep -q 'P21\|P31' g1.txt && fail "G1's message carries another guarantor's account"
body bo@example.org >g2.txt
grep -q 'Bo Ode (account P21): 6.00' g2.txt || fail "G2: $(cat g2.txt)"
grep -q 'P11\|P12\|P31' g2.txt && fail "G2's message carries another guarantor's account"
# G3's only account names no notification: 'now' finds it
run notify-queue now --guarantor G3
expect_rc 0 "now for G3"
expect_eq "$(sql "SELECT balance FROM notifications WHERE guarantor_id='G3'")" 500 "its balance"
body di@example.org >g3.txt
grep -q 'Di Ode (account P31): 5.00' g3.txt || fail "G3: $(cat g3.txt)"
# G1 on demand: both its accounts, and their sum
run notify-queue now --guarantor G1
expect_rc 0 "now for G1"
expect_eq "$(sql "SELECT balance FROM notifications WHERE guarantor_id='G1' ORDER BY id DESC LIMIT 1")" \
	700 "the sum of both accounts"
finish
