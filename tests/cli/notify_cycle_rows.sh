#!/bin/sh
# The accounts a message lists are all of its guarantor's cycle, and
# what it says is owed is their sum: an account loaded before the cycle
# was due joins the notification queued later.  Rows are found by two
# indexes (migration 21): those naming no notification, and those naming
# one; none of another guarantor's.  'now' finds a guarantor whose rows
# name no notification.
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
expect_eq "$(sql "SELECT group_concat(patient_id || '=' || coalesce(notification, '-'), ' ') FROM (SELECT * FROM notify_statements ORDER BY id)")" \
	"P11=1 P31=- P12=1 P21=2" "P11, loaded before G1's cycle was due, joins it; P31 names none"
expect_eq "$(sql "SELECT balance FROM notifications WHERE guarantor_id='G1'")" 700 \
	"G1's notification counts both accounts"
export CLAIMKIT_NOW=2026-12-01T16:00:00Z
run notify-queue send
expect_rc 0 "sent"
body ann@example.org >g1.txt
grep -q 'Ann Ode (account P11): 3.00' g1.txt || fail "G1: the account loaded before: $(cat g1.txt)"
grep -q 'Cy Ode (account P12): 4.00' g1.txt || fail "G1: the account linked: $(cat g1.txt)"
grep -q 'You owe 7.00' g1.txt || fail "G1: what it says is owed is what it lists: $(cat g1.txt)"
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
# a file not grouped by guarantor, its highest level first: the load's
# slow way reads G6's rows linked already (level 3) with the new one
cat >c.csv <<CSV
$NQ_HEADER
C6,2026-12-05,G6,Eve Ode,eve@example.org,,,P61,Eve Ode,8.00,2026-06-01,standard
C7,2026-12-05,G7,Flo Ode,flo@example.org,,,P71,Flo Ode,1.00,2026-12-01,standard
C6,2026-12-05,G6,Eve Ode,eve@example.org,,,P62,Gus Ode,2.00,2026-12-01,standard
CSV
run notify-queue load c.csv
expect_rc 0 "not grouped"
expect_eq "$(sql "SELECT level || ':' || balance FROM notifications WHERE guarantor_id='G6'")" \
	"3:1000" "G6 at the level of its first account, both counted"
# a load of more statement dates than the load keeps apart (16): the
# account G9 owed nothing on, loaded before, joins G9's notification all
# the same
cat >e.csv <<CSV
$NQ_HEADER
E9,2026-12-20,G9,Ike Ode,ike@example.org,,,P91,Ike Ode,0.00,2026-12-01,standard
CSV
run notify-queue load e.csv
expect_err "queued 0 notification(s)" "owing nothing: not queued"
{
	echo "$NQ_HEADER"
	i=1
	while [ $i -le 16 ]; do
		printf 'F%d,2027-01-%02d,H%d,Hy Ode,h%d@example.org,,,Q%d,Hy Ode,1.00,2026-12-01,standard\n' $i $i $i $i $i
		i=$((i + 1))
	done
	# the seventeenth date
	echo "E9,2026-12-20,G9,Ike Ode,ike@example.org,,,P92,Jan Ode,9.00,2026-12-01,standard"
} >f.csv
run notify-queue load f.csv
expect_err "queued 17 notification(s)" "seventeen dates"
expect_eq "$(sql "SELECT group_concat(patient_id || '=' || coalesce(notification = (SELECT id FROM notifications WHERE guarantor_id='G9'), 'none'), ' ') FROM (SELECT * FROM notify_statements WHERE guarantor_id='G9' ORDER BY id)")" \
	"P91=1 P92=1" "G9's accounts both name its notification"
finish
