#!/bin/sh
# notify-queue text messages through an HTTPS SMS API (a Twilio-style
# form POST, basic auth from netrc, the tests' CA): no text outside
# 08:00-21:00 in the recipient's zone, no patient detail in a text, 503
# retried (75), a refused number failed with the provider's answer; a
# level on both channels; 'now' for one guarantor and one patient.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/servers.sh"
. "$SRCDIR/tests/cli/notify_lib.sh"
cd "$T"
start_smtp
start_sms
nq_setup
nq_servers_config
notify-queue config notify.tz America/Chicago 2>/dev/null
notify-queue profile add early --send-at 06:00 2>/dev/null
notify-queue level add early 1 --after-days 0 --channel sms --sms sms.txt 2>/dev/null
notify-queue level add early 2 --after-days 30 --channel both \
	--subject 'Statement' --email l1.txt --sms sms.txt 2>/dev/null
cat >s.csv <<CSV
$NQ_HEADER,time_zone
S1,2026-11-30,G1,Ann Smith,,+13125550101,sms,P1,Ann Smith,10.00,2026-11-20,early,
S2,2026-11-30,G2,Bo Diaz,,+13105550102,sms,P2,Bo Diaz,20.00,2026-11-20,early,America/Los_Angeles
S3,2026-11-30,G3,Cy Lee,cy@example.org,+13125550103,sms,P3,Cy Lee,30.00,2026-10-01,early,
S3,2026-11-30,G3,Cy Lee,cy@example.org,+13125550103,sms,P4,Dee Lee,4.00,2026-11-20,early,
S4,2026-11-30,G4,Ed Fox,,+15555550104,sms,P5,Ed Fox,5.00,2026-11-20,early,
CSV
notify-queue load s.csv 2>/dev/null
texts() { find "$SMS_ROOT/sms" -name '*.json' | wc -l | tr -d ' '; }
# 06:00 in Chicago: due, but no text before 08:00 there
export CLAIMKIT_NOW=2026-11-30T12:00:00Z
run notify-queue send
expect_rc 0 "quiet hours"
expect_eq "$(texts)" 0 "no text at 06:00"
expect_eq "$(sql "SELECT status || ' ' || next_try FROM notifications WHERE guarantor_id='G1'")" \
	"queued 2026-11-30T14:00:00Z" "waits for 08:00 Chicago"
expect_eq "$(sql "SELECT status || ' ' || next_try FROM notifications WHERE guarantor_id='G2'")" \
	"queued 2026-11-30T16:00:00Z" "waits for 08:00 in the recipient's zone"
# 08:00 in Chicago, 06:00 in Los Angeles; the provider refuses G4's
# number and is otherwise up
echo +15555550104 >"$SMS_ROOT/.refuse"
export CLAIMKIT_NOW=2026-11-30T14:00:00Z
run notify-queue send
expect_rc 3 "a refused number"
expect_eq "$(sql "SELECT guarantor_id || ':' || status FROM notifications ORDER BY id" | tr '\n' ' ')" \
	"G1:sent G2:queued G3:sent G4:failed " "Chicago sent, Los Angeles waits, refused number failed"
expect_eq "$(sql "SELECT reply FROM notifications WHERE guarantor_id='G4'")" \
	"SMS provider: HTTP 400: {\"code\": 21211, \"message\": \"The 'To' number +15555550104 is not a valid phone number.\"}" \
	"the provider's answer kept"
expect_eq "$(sql "SELECT tries FROM notifications WHERE guarantor_id='G4'")" 1 "refused: not retried"
python3 - "$SMS_ROOT/sms" >texts.txt <<'PY'
import glob, json, os, sys
for p in sorted(glob.glob(os.path.join(sys.argv[1], "*.json"))):
    m = json.load(open(p))
    print(m["To"], m["From"], m["Body"].replace("\n", "|"))
PY
grep -qxF '+13125550101 +13125550000 Riverside Clinic: your balance is 10.00, due 2026-12-30. https://pay.example.org/|' texts.txt ||
	fail "text to G1: $(cat texts.txt)"
grep -q 'Smith\|Lee\|P[0-9]' texts.txt && fail "a text carries a name or an account: $(cat texts.txt)"
# G3 is at level 2 (60 days): both channels, the email with the accounts
expect_eq "$(sql "SELECT channel || ' ' || delivered FROM notifications WHERE guarantor_id='G3'")" "both both" "both channels"
expect_eq "$(grep -c '^+13125550103 ' texts.txt)" 1 "G3's text"
expect_eq "$(grep -l 'X-Envelope-To: cy@example.org' "$SMTP_ROOT"/mail/*.eml | wc -l | tr -d ' ')" 1 "G3's email"
# the provider fails (503): retried, 75
echo 503 >"$SMS_ROOT/.status"
export CLAIMKIT_NOW=2026-11-30T16:00:00Z
run notify-queue send
expect_rc 75 "503"
expect_eq "$(sql "SELECT status || ' ' || tries FROM notifications WHERE guarantor_id='G2'")" "retry 1" "503: retry"
echo 0 >"$SMS_ROOT/.status"
export CLAIMKIT_NOW=2026-11-30T17:00:00Z
run notify-queue send
expect_rc 0 "503 then success"
expect_eq "$(sql "SELECT status FROM notifications WHERE guarantor_id='G2'")" sent "sent after the 503"
# 22:00 in Chicago: 'now' by text waits; by email it goes
export CLAIMKIT_NOW=2026-12-10T04:00:00Z
run notify-queue now --guarantor G3 --channel sms
expect_rc 0 "now, quiet hours"
expect_eq "$(sql "SELECT status || ' ' || channel || ' ' || next_try FROM notifications ORDER BY id DESC LIMIT 1")" \
	"queued sms 2026-12-10T14:00:00Z" "now by text waits for 08:00"
notify-queue config notify.min_days 0 2>/dev/null
run notify-queue now --guarantor G3 --patient P3 --channel email
expect_rc 0 "now for one patient"
f=$(grep -l 'X-Notification-Test\|X-Envelope-To: cy@example.org' "$SMTP_ROOT"/mail/*.eml | tail -n 1)
python3 -c 'import email,sys,email.policy; m=email.message_from_bytes(open(sys.argv[1],"rb").read(),policy=email.policy.default); print(m.get_content())' "$f" >now.txt
grep -q 'Cy Lee (account P3): 30.00' now.txt || fail "now --patient: $(cat now.txt)"
grep -q 'P4' now.txt && fail "now --patient carries another account"
expect_eq "$(sql "SELECT status || ' ' || balance FROM notifications ORDER BY id DESC LIMIT 1")" "sent 3000" "now: sent, that account's balance"
# a level without an email text sends no empty email
run notify-queue now --guarantor G3 --patient P4 --channel email
expect_rc 3 "no email text"
expect_eq "$(sql "SELECT status || ' ' || reply FROM notifications ORDER BY id DESC LIMIT 1")" \
	"failed level 1 of profile 'early' has no email text" "no email text: failed, said why"
# --test-to on a level with texts only: nothing to show by email; by SMS
printf '%s\n%s\n' "$NQ_HEADER" 'S7,2027-01-05,G7,Gil Ng,,+13125550107,sms,P7,Gil Ng,5.00,2027-01-01,early' >t.csv
for id in $(sql "SELECT id FROM notifications WHERE status IN ('queued','retry')"); do
	notify-queue cancel "$id" 2>/dev/null
done
notify-queue load t.csv 2>/dev/null
export CLAIMKIT_NOW=2027-01-05T16:00:00Z
run notify-queue send --test-to tester@riverside.example
expect_rc 0 "--test-to, a level without email"
expect_err "0 test message(s)" "nothing to show by email"
n=$(texts)
run notify-queue send --test-sms +13125550999
expect_rc 0 "--test-sms"
expect_err "1 test message(s)" "one test text"
expect_eq "$(texts)" $((n + 1)) "the test text delivered"
expect_eq "$(sql "SELECT status FROM notifications WHERE guarantor_id='G7'")" queued "--test-sms changes no status"
finish
