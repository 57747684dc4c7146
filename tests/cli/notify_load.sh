#!/bin/sh
# notify-queue: profiles, levels and template versions (an unknown
# placeholder refused), and load: all or nothing with FILE:LINE:FIELD,
# addresses checked, one notification per guarantor and cycle at the
# highest level of its accounts, send_after at the send time in the
# practice's zone.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/notify_lib.sh"
cd "$T"
nq_setup
expect_eq "$(sql "SELECT group_concat(level || ':' || after_days || ':' || channel, ' ') FROM notify_levels ORDER BY level")" \
	"1:0:preferred 2:60:email 3:120:email" "levels stored"

# templates: an unknown placeholder is refused, nothing stored
echo 'Hello {guarantor_nam}' >bad.txt
run notify-queue level add standard 4 --after-days 200 --subject x --email bad.txt --channel email
expect_rc 2 "unknown placeholder"
expect_err "unknown placeholder '{guarantor_nam}'" "unknown placeholder named"
echo '{patients}' >pat.txt
run notify-queue level add standard 4 --after-days 200 --channel sms --sms pat.txt
expect_rc 2 "{patients} in a text message"
expect_err "not allowed in a text message" "{patients} in SMS refused"
expect_eq "$(sql "SELECT count(*) FROM notify_templates")" 3 "refused templates not stored"

# a change makes a new version; the old one stays
run notify-queue level add standard 2 --after-days 60 --channel email \
	--subject 'Second reminder: {balance}' --email l1.txt
expect_rc 0 "level changed"
expect_err "template version 2" "new version reported"
expect_eq "$(sql "SELECT group_concat(version || ':' || subject, '|') FROM notify_templates WHERE level=2 ORDER BY version")" \
	"1:Reminder: {balance} due|2:Second reminder: {balance}" "both versions kept"
expect_eq "$(sql "SELECT t.version FROM notify_levels l JOIN notify_templates t ON t.id=l.template WHERE l.level=2")" 2 "level uses the new version"

# the practice is in Chicago: 09:00 there is 15:00Z in winter
notify-queue config notify.tz America/Chicago 2>/dev/null
cat >s.csv <<CSV
$NQ_HEADER,level
S1,2026-11-30,G1,Ann Smith,ann@example.org,+13125550100,email,P1,Ann Smith,10.00,2026-11-20,standard,
S1,2026-11-30,G1,Ann Smith,ann@example.org,+13125550100,email,P2,Bob Smith,20.50,2026-08-15,standard,
S2,2026-11-30,G2,Cy Jones,,+13125550101,sms,P3,Cy Jones,5.00,2026-11-20,standard,
S3,2026-11-30,G3,Di Lee,di@example.org,,,P4,Di Lee,7.00,2026-11-25,standard,3
CSV
cp "$CLAIMKIT_DB" before.db
# errors: file, line, field, what was expected; nothing loaded
sed 's/ann@example.org,+13125550100,email,P2/ann@example,+13125550100,email,P2/' s.csv >e1.csv
run notify-queue load e1.csv
expect_rc 65 "bad email"
expect_err "e1.csv:3:5: email: expected an email address" "bad email: FILE:LINE:FIELD"
grep -q 'ann@example' err && fail "a guarantor's address in an error"
sed 's/+13125550101/3125550101/' s.csv >e2.csv
run notify-queue load e2.csv
expect_rc 65 "bad phone"
expect_err "e2.csv:4:6: mobile: expected an E.164 number" "bad phone: FILE:LINE:FIELD"
grep -q '3125550101' err && fail "a guarantor's number in an error"
sed 's/P3,Cy Jones,5.00,2026-11-20/P3,Cy Jones,5.00,2026-12-20/' s.csv >e6.csv
run notify-queue load e6.csv
expect_rc 65 "a service after the statement"
expect_err "e6.csv:4:11: oldest_service_date: expected a date on or before the statement date" "service after the statement named"
sed 's/,5.00,/,5.001,/' s.csv >e3.csv
run notify-queue load e3.csv
expect_rc 65 "bad balance"
expect_err "e3.csv:4:10: balance: expected an amount" "bad balance"
sed 's/standard,3$/standard,7/' s.csv >e4.csv
run notify-queue load e4.csv
expect_rc 65 "unknown level"
expect_err "e4.csv:5:13: level: expected a level of profile 'standard'" "unknown level"
sed 's/Cy Jones,,+13125550101,sms/Cy Jones,,,sms/' s.csv >e5.csv
run notify-queue load e5.csv
expect_rc 65 "no address"
expect_err "e5.csv:4:5: email: expected an email address or a mobile number" "no address"
expect_eq "$(sql "SELECT count(*) FROM notify_statements") $(sql "SELECT count(*) FROM notifications")" "0 0" "errors load nothing"
grep -q 'Ann Smith\|Bob Smith' err && fail "a patient's name in an error"

run notify-queue load s.csv
expect_rc 0 "load"
expect_err "loaded 4 statement row(s)" "load counts rows"
expect_err "queued 3 notification(s)" "one per guarantor"
# G1: Bob's account is 107 days past due (level 2), Ann's 10 (level 1)
expect_eq "$(sql "SELECT guarantor_id || ':' || level || ':' || channel || ':' || balance || ':' || send_after || ':' || due_date FROM notifications ORDER BY id" | tr '\n' ' ')" \
	"G1:2:email:3050:2026-11-30T15:00:00Z:2026-12-30 G2:1:sms:500:2026-11-30T15:00:00Z:2026-12-30 G3:3:email:700:2026-11-30T15:00:00Z:2026-12-30 " \
	"highest level, its channel, the sum, 09:00 Chicago"
expect_eq "$(sql "SELECT t.version FROM notifications n JOIN notify_templates t ON t.id=n.template WHERE guarantor_id='G1'")" 2 "template version named"
expect_eq "$(sql "SELECT count(*) FROM notify_statements WHERE notification IS NULL")" 0 "every account linked"
# again: nothing new
run notify-queue load s.csv
expect_rc 0 "load again"
expect_err "4 loaded before" "rows loaded before are skipped"
expect_eq "$(sql "SELECT count(*) FROM notifications")" 3 "no second notification"
# a TSV file and stdin; a guarantor whose accounts are not due yet is
# not queued (level 1 starts at day 0, so make it start later)
notify-queue level add standard 1 --after-days 5 --subject s --email l1.txt --sms sms.txt 2>/dev/null
printf '%s\n%s\n' "$(echo "$NQ_HEADER" | tr , '\t')" \
	"$(printf 'S9\t2026-12-01\tG9\tEd Ray\ted@example.org\t\temail\tP9\tEd Ray\t1.00\t2026-11-29\tstandard')" >t.tsv
run notify-queue load - <t.tsv
expect_rc 0 "TSV from stdin"
expect_eq "$(sql "SELECT count(*) FROM notify_statements WHERE guarantor_id='G9'") $(sql "SELECT count(*) FROM notifications WHERE guarantor_id='G9'")" \
	"1 0" "an account not yet due is loaded, not queued"
# a file not grouped by guarantor: G7's accounts come apart, the later
# one at a higher level; G8's first account is not due yet, its later
# one is.  Each cycle is still one notification at its highest level,
# from its first row of that level, with every account linked.
cat >u.csv <<CSV
$NQ_HEADER,level
S7,2026-12-02,G7,Flo Park,flo@example.org,+13125550107,sms,P71,Flo Park,1.00,2026-11-29,standard,1
S8,2026-12-02,G8,Gus Hale,gus@example.org,,,P81,Gus Hale,2.00,2026-12-01,standard,
S7,2026-12-02,G7,Flo Park,flo@example.org,+13125550107,email,P72,Hal Park,3.00,2026-05-01,standard,3
S8,2026-12-02,G8,Gus Hale,gus@example.org,,,P82,Ivy Hale,4.00,2026-11-01,standard,
S7,2026-12-02,G7,Flo Park,flo@example.org,+13125550107,sms,P73,Jo Park,5.00,2026-11-29,standard,3
CSV
run notify-queue load u.csv
expect_rc 0 "a file not grouped by guarantor"
expect_err "queued 2 notification(s)" "one per cycle, however the rows come"
expect_eq "$(sql "SELECT guarantor_id || ':' || level || ':' || channel || ':' || balance FROM notifications WHERE cycle='2026-12-02' ORDER BY guarantor_id" | tr '\n' ' ')" \
	"G7:3:email:900 G8:1:email:600 " "highest level of all its rows, its row's channel, the sum"
expect_eq "$(sql "SELECT count(*) FROM notify_statements WHERE statement_date='2026-12-02' AND notification IS NULL")" 0 "every account linked"
# each one's history begins with its queueing, kept in the notification
# itself (the load writes no history row), with the template it sends
for id in $(sql "SELECT id FROM notifications WHERE cycle='2026-12-02' ORDER BY id"); do
	notify-queue history "$id" --tsv | awk -F'\t' 'NR > 1 { print $2 ":" $6 ":" $9 }'
done >hist.txt
expect_eq "$(tr '\n' ' ' <hist.txt)" \
	"$(sql "SELECT 'queued:' || n.template || ':' || d.user FROM notifications n, notify_loads d WHERE n.cycle='2026-12-02' AND d.file LIKE '%u.csv' ORDER BY n.id" | tr '\n' ' ')" \
	"history: queued first, with the template sent, by the loader"
expect_eq "$(wc -l <hist.txt) $(sql "SELECT count(*) FROM notify_history")" "2 0" \
	"one queued line each; no history row written by a load"
# nothing owed: a paid-off account raises no level, a statement owing
# nothing is loaded but not sent
cat >z.csv <<CSV
$NQ_HEADER,level
S5,2026-12-03,G5,Kim Ode,kim@example.org,,,P51,Kim Ode,0.00,2026-01-01,standard,
S6,2026-12-03,G6,Lu Ode,lu@example.org,,,P61,Lu Ode,0.00,2026-01-01,standard,
S6,2026-12-03,G6,Lu Ode,lu@example.org,,,P62,Mo Ode,8.00,2026-11-01,standard,
CSV
run notify-queue load z.csv
expect_rc 0 "zero balances"
expect_err "queued 1 notification(s)" "a statement owing nothing is not queued"
expect_eq "$(sql "SELECT guarantor_id || ':' || level || ':' || balance FROM notifications WHERE cycle='2026-12-03'")" \
	"G6:1:800" "the paid-off account raises no level"
finish
