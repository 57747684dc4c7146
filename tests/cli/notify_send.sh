#!/bin/sh
# notify-queue send over a real SMTP server (STARTTLS on the tests' CA,
# AUTH from netrc): a proper MIME message; server down (75, sent on the
# next run), 4xx then success, 5xx (failed at once, reply kept), a
# certificate that does not check (refused, nothing changes), a send
# killed midway (unknown, never sent again), two sends at once (each
# message once), opt-out, the frequency cap, --test-to.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/servers.sh"
. "$SRCDIR/tests/cli/notify_lib.sh"
cd "$T"
start_smtp
nq_setup
nq_servers_config
notify-queue config notify.backoff 600 2>/dev/null
notify-queue config notify.retries 3 2>/dev/null
nq_rows 4 >s.csv
notify-queue load s.csv 2>/dev/null
NOW=2026-11-30T16:00:00Z
export CLAIMKIT_NOW=2026-11-30T08:00:00Z
run notify-queue send
expect_rc 0 "nothing due before the send time"
expect_eq "$(mails)" 0 "nothing sent before 09:00"

# the server is down: 75, every one waits for a retry, none lost
server_down_smtp() { stop_server smtp; }
server_down_smtp
export CLAIMKIT_NOW=$NOW
run notify-queue send
expect_rc 75 "server down"
expect_eq "$(sql "SELECT group_concat(status || ':' || tries) FROM notifications")" \
	"retry:1,retry:1,retry:1,retry:1" "server down: all wait"
expect_eq "$(sql "SELECT next_try FROM notifications WHERE id=1")" 2026-11-30T16:10:00Z "backoff"
smtp_up
run notify-queue send
expect_rc 0 "before the backoff: nothing due"
expect_eq "$(mails)" 0 "nothing sent during the backoff"
export CLAIMKIT_NOW=2026-11-30T16:10:00Z
run notify-queue send
expect_rc 0 "server back"
expect_eq "$(mails)" 4 "all four sent on the next run"
expect_eq "$(sql "SELECT group_concat(DISTINCT status) FROM notifications")" sent "all sent"

# the message: one recipient, MIME headers, the guarantor's own data
python3 - "$SMTP_ROOT/mail" >mime.txt <<'PY'
import email, email.policy, glob, os, sys
for p in sorted(glob.glob(os.path.join(sys.argv[1], "*.eml"))):
    m = email.message_from_bytes(open(p, "rb").read(), policy=email.policy.default)
    if m["X-Envelope-To"] != "g1@example.org":
        continue
    print("env", m["X-Envelope-To"])
    for h in ("Date", "Message-ID", "List-Unsubscribe", "MIME-Version"):
        print(h, "yes" if m[h] else "no")
    print("type", m.get_content_type(), m.get_content_charset())
    body = m.get_content()
    print("crlf", "yes" if "\r\n" in body and "\n" not in body.replace("\r\n", "") else "no")
    print("body", body.replace("\r\n", "|"))
PY
expect_eq "$(grep '^env' mime.txt)" "env g1@example.org" "envelope recipient"
for h in Date Message-ID List-Unsubscribe MIME-Version; do
	grep -qx "$h yes" mime.txt || fail "message lacks $h"
done
expect_eq "$(grep '^type' mime.txt)" "type text/plain utf-8" "text/plain UTF-8"
expect_eq "$(grep '^crlf' mime.txt)" "crlf yes" "text lines end CRLF"
grep -qF 'Dear Guarantor1 Name,|You owe 2.02 on your statement of 2026-11-30, due 2026-12-30.|  Patient1A (account P1-1): 1.01|  Patient1B (account P1-2): 1.01' mime.txt ||
	fail "body: $(cat mime.txt)"
expect_eq "$(notify-queue history 1 --tsv | awk -F'\t' 'NR > 1 { print $2 }' | paste -sd, -)" \
	"queued,sending,retry,sending,sent" "history of every change"
expect_eq "$(sql "SELECT address || '|' || reply FROM notify_history WHERE notification=1 AND status='sent'")" \
	"g1@example.org|250 2.0.0 Message accepted" "history keeps address and reply"

# a new cycle a day later: the frequency cap (7 days) holds them
nq_rows 4 2026-12-01 | sed 's/^S\([0-9]\)/T\1/' >s2.csv
notify-queue load s2.csv 2>/dev/null
export CLAIMKIT_NOW=2026-12-01T16:00:00Z
run notify-queue send
expect_rc 0 "frequency cap"
expect_eq "$(mails)" 4 "frequency cap: nothing sent"
expect_eq "$(sql "SELECT status || ' ' || next_try FROM notifications WHERE id=5")" \
	"queued 2026-12-07T16:10:00Z" "waits for the cap"
expect_err "0 sent" "frequency cap reported"

# a week later: 4xx for every recipient, then success
export CLAIMKIT_NOW=2026-12-08T16:00:00Z
echo '451 4.3.0 Try again later' >"$SMTP_ROOT/.rcpt"
notify-queue optout add G4@Example.org 2>/dev/null
run notify-queue send
expect_rc 75 "4xx"
expect_eq "$(sql "SELECT status FROM notifications WHERE id=5")" retry "4xx: retry"
expect_eq "$(sql "SELECT reply FROM notifications WHERE id=5")" "mail server: 451 4.3.0 Try again later" "4xx reply kept"
expect_eq "$(sql "SELECT status FROM notifications WHERE id=8")" opted-out "opt-out honoured"
rm "$SMTP_ROOT/.rcpt"
export CLAIMKIT_NOW=2026-12-08T16:10:00Z
run notify-queue send
expect_rc 0 "4xx then success"
expect_eq "$(mails)" 7 "three more sent, none to the opted-out one"
grep -l 'g4@example.org' "$SMTP_ROOT"/mail/*.eml | wc -l | tr -d ' ' >n4
expect_eq "$(cat n4)" 1 "the opted-out guarantor got only the first cycle"

# 5xx: failed at once, the reply kept, exit 3 (a person must look)
nq_rows 2 2026-12-20 | sed 's/^S\([0-9]\)/U\1/' >s3.csv
notify-queue load s3.csv 2>/dev/null
echo '550 5.1.1 No such user here' >"$SMTP_ROOT/.rcpt"
export CLAIMKIT_NOW=2026-12-20T16:00:00Z
run notify-queue send
expect_rc 3 "5xx"
expect_eq "$(sql "SELECT group_concat(status || ':' || tries) FROM notifications WHERE cycle='2026-12-20'")" \
	"failed:1,failed:1" "5xx: failed, not retried"
run notify-queue errors
expect_out "550 5.1.1 No such user here" "errors shows the reply"
rm "$SMTP_ROOT/.rcpt"
run notify-queue send
expect_rc 0 "a failed one is not sent again by itself"
expect_eq "$(mails)" 7 "failed ones stay failed"
run notify-queue retry 9 --email fixed@example.org
expect_rc 0 "retry"
run notify-queue send
expect_eq "$(grep -l 'X-Envelope-To: fixed@example.org' "$SMTP_ROOT"/mail/*.eml | wc -l | tr -d ' ')" 1 "retry to the corrected address"

# --test-to: what is due, to the test address, no status changed
nq_rows 2 2027-01-10 | sed 's/^S\([0-9]\)/V\1/' >s4.csv
notify-queue load s4.csv 2>/dev/null
export CLAIMKIT_NOW=2027-01-10T16:00:00Z
sql "SELECT id, status FROM notifications" >before.txt
run notify-queue send --test-to tester@riverside.example
expect_rc 0 "--test-to"
sql "SELECT id, status FROM notifications" | cmp -s - before.txt || fail "--test-to changed a status"
expect_eq "$(grep -l 'X-Envelope-To: tester@riverside.example' "$SMTP_ROOT"/mail/*.eml | wc -l | tr -d ' ')" 2 "two test messages"
expect_eq "$(sql "SELECT count(*) FROM notify_history WHERE test=1 AND address='tester@riverside.example'")" 2 "marked test in the history"

# killed midway: the one being delivered unknown, never sent again; the
# other one of its batch, taken but not begun, sent by the next send
nq_send_killed
expect_eq "$(sql "SELECT count(*) FROM notifications WHERE status='sending'")" 2 "both taken in one batch"
id=$(sql "SELECT id FROM notifications WHERE status='sending' AND delivering=1")
other=$(sql "SELECT id FROM notifications WHERE status='sending' AND delivering=0")
before=$(mails)
run notify-queue send
expect_rc 3 "after a kill"
expect_err "now 'unknown'" "unknown reported"
expect_eq "$(sql "SELECT status FROM notifications WHERE id=$id")" unknown "killed midway: unknown"
expect_eq "$(sql "SELECT status FROM notifications WHERE id=$other")" sent "taken, not begun: sent by the next send"
expect_eq "$(notify-queue history "$other" --tsv | awk -F'\t' 'NR > 1 && $8 != "test" { print $2 }' | paste -sd, -)" \
	"queued,sending,queued,sending,sent" "its history"
expect_eq "$(($(mails) - before))" 1 "the next send sent only the one not begun"
run notify-queue send
expect_eq "$(sql "SELECT status FROM notifications WHERE id=$id")" unknown "unknown is never sent again by itself"

# two sends at once: each message exactly once
nq_rows 30 2027-02-01 | sed 's/^S\([0-9]\)/W\1/' >s5.csv
notify-queue load s5.csv 2>/dev/null
export CLAIMKIT_NOW=2027-02-01T16:00:00Z
before=$(mails)
notify-queue send >/dev/null 2>&1 &
p1=$!
notify-queue send >/dev/null 2>&1 &
p2=$!
wait $p1 || :
wait $p2 || :
# (G4 is on the opt-out list)
expect_eq "$(($(mails) - before))" 29 "two sends at once: 29 messages"
expect_eq "$(sql "SELECT count(*) FROM notify_history h JOIN notifications n ON n.id=h.notification WHERE n.cycle='2027-02-01' AND h.status='sent'")" 29 "each sent once"
expect_eq "$(sql "SELECT count(DISTINCT h.notification) FROM notify_history h JOIN notifications n ON n.id=h.notification WHERE n.cycle='2027-02-01' AND h.status='sending'")" 30 "each taken once"
expect_eq "$(sql "SELECT count(*) FROM notify_history h JOIN notifications n ON n.id=h.notification WHERE n.cycle='2027-02-01' AND h.status='sending'")" 30 "none taken twice"

# two sends at once and two cycles of one guarantor due: while one send
# delivers the first, the other leaves the second waiting, not sent
nq_rows 2 2027-02-20 | grep -v ',G1,' | sed 's/^S\([0-9]\)/Q\1/' >s8.csv
nq_rows 2 2027-02-21 | sed 1d | grep -v ',G1,' | sed 's/^S\([0-9]\)/R\1/' >>s8.csv
notify-queue load s8.csv 2>/dev/null
export CLAIMKIT_NOW=2027-02-21T16:00:00Z
before=$(mails)
echo 3 >"$SMTP_ROOT/.delay"
notify-queue send >/dev/null 2>&1 &
p1=$!
nq_delivering
run notify-queue send
wait $p1 || :
rm "$SMTP_ROOT/.delay"
expect_eq "$(($(mails) - before))" 1 "one message to the guarantor, not one from each send"
expect_eq "$(sql "SELECT status || ': ' || reply FROM notifications WHERE cycle='2027-02-21'")" \
	"queued: waits: another send is delivering one to this guarantor" "the other one waits"

# a message sent on demand counts for the frequency cap too: G1's next
# cycle, two days after it (and eleven after its last queued one), waits
export CLAIMKIT_NOW=2027-02-10T16:00:00Z
run notify-queue now --guarantor G1
expect_rc 0 "now"
nq_rows 1 2027-02-12 | sed 's/^S\([0-9]\)/Y\1/' >s7.csv
notify-queue load s7.csv 2>/dev/null
export CLAIMKIT_NOW=2027-02-12T16:00:00Z
before=$(mails)
run notify-queue send
expect_eq "$(($(mails) - before))" 0 "the cap counts what was sent on demand"
expect_eq "$(sql "SELECT status || ' ' || next_try FROM notifications WHERE cycle='2027-02-12'")" \
	"queued 2027-02-17T16:00:00Z" "waits a week from the one on demand"

# a certificate that does not check: refused, nothing sent, still queued
stop_server smtp
start_smtp "$BAD_CERT" "$BAD_KEY"
before=$(mails)
notify-queue config notify.smtp_url "$SMTP_URL" 2>/dev/null
nq_rows 1 2027-03-01 | sed 's/^S\([0-9]\)/X\1/' >s6.csv
notify-queue load s6.csv 2>/dev/null
export CLAIMKIT_NOW=2027-03-01T16:00:00Z
run notify-queue send
expect_rc 1 "bad certificate"
expect_err "certificate" "bad certificate named"
expect_eq "$(sql "SELECT status FROM notifications WHERE cycle='2027-03-01'")" queued "bad certificate: still queued"
expect_eq "$(mails)" "$before" "bad certificate: nothing delivered"
finish
