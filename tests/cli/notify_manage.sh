#!/bin/sh
# notify-queue list (each filter), history, cancel (one, a statement),
# retry of a cancelled one, optout add/rm/list, config checks.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/notify_lib.sh"
cd "$T"
nq_setup
nq_rows 5 >s.csv
# G5's second account is 130 days past due: level 3
sed 's/^\(S5,.*\),2026-11-10,standard$/\1,2026-07-20,standard/' s.csv >s5.csv
notify-queue load s5.csv 2>/dev/null
run notify-queue list --level 3
expect_eq "$(tail -n +2 "$T/out" | cut -d, -f1,2,6)" "5,G5,3" "--level"
run notify-queue list --guarantor G2 --tsv
expect_eq "$(head -n 1 "$T/out" | cut -f1-2)" "$(printf 'notification_id\tguarantor_id')" "--tsv header"
expect_eq "$(tail -n +2 "$T/out" | cut -f2)" G2 "--guarantor"
run notify-queue list --statement S3
expect_eq "$(tail -n +2 "$T/out" | cut -d, -f4)" S3 "--statement"
run notify-queue list --status bogus
expect_rc 2 "--status checked"
# a profile with notifications waiting is not removed from under them
levels=$(sql "SELECT count(*) FROM notify_levels WHERE profile='standard'")
[ "$levels" -gt 0 ] || fail "the profile has levels"
run notify-queue profile rm standard
expect_rc 1 "profile rm with notifications waiting"
expect_err "profile 'standard' has 5 notifications waiting to go out" "what waits named"
expect_eq "$(sql "SELECT count(*) FROM notify_levels WHERE profile='standard'")" \
    "$levels" "its levels kept"
expect_eq "$(sql "SELECT count(*) FROM notify_profiles WHERE name='standard'")" 1 "the profile kept"
run notify-queue cancel 1
expect_rc 0 "cancel ID"
run notify-queue cancel --statement S2
expect_rc 0 "cancel --statement"
run notify-queue cancel 1
expect_rc 1 "cancel twice: nothing waiting"
run notify-queue list --status cancelled
expect_eq "$(tail -n +2 "$T/out" | cut -d, -f1 | tr '\n' ' ')" "1 2 " "--status cancelled"
run notify-queue history 1
expect_eq "$(tail -n +2 "$T/out" | cut -d, -f2 | tr '\n' ' ')" "queued cancelled " "history of a cancelled one"
run notify-queue history 99
expect_rc 1 "history of no notification"
expect_err "no notification 99" "history of no notification said"
run notify-queue retry 1
expect_rc 0 "retry a cancelled one"
expect_eq "$(sql "SELECT status FROM notifications WHERE id=1")" queued "queued again"
run notify-queue retry 3
expect_rc 1 "retry a queued one"
expect_err "notification 3 is queued: expected a failed, unknown, cancelled or opted-out one" "retry refused says why"
run notify-queue retry 99
expect_rc 1 "retry of no notification"
expect_err "no notification 99" "retry of no notification said"
run notify-queue config notify.retries -1
expect_rc 2 "a negative number of tries"
expect_err "notify.retries: expected a whole number, 0 or more, got '-1'" "a negative setting named"
notify-queue optout add A@Example.org 2>/dev/null
notify-queue optout add +13125550100 2>/dev/null
run notify-queue optout list
expect_eq "$(tail -n +2 "$T/out" | cut -d, -f1 | tr '\n' ' ')" "+13125550100 a@example.org " "optout list"
notify-queue optout rm a@EXAMPLE.org 2>/dev/null
expect_eq "$(sql "SELECT group_concat(address) FROM notify_optout")" "+13125550100" "optout rm"
run notify-queue optout add nobody
expect_rc 2 "optout: an address"
run notify-queue config notify.sms_from 3125550100
expect_rc 2 "config checks E.164"
run notify-queue config notify.smtp_url http://x
expect_rc 2 "config checks the URL"
run notify-queue config notify.min_days
expect_eq "$(cat "$T/out")" 7 "config default"
[ "$(sql "SELECT count(*) FROM audit WHERE action IN ('notify-cancel','notify-retry','notify-optout')")" -ge 4 ] || fail "changes audited"
# schedule: crontab lines that run send ('run'), the shared guard
run notify-queue schedule --daily --at 09:30 --now '2026-11-30 08:00'
expect_rc 0 "schedule"
expect_eq "$(cat "$T/out")" "30 9 * * * $BINDIR/notify-queue --db $CLAIMKIT_DB run" "schedule: a daily line"
run notify-queue schedule --weekly mon --every 2 --tz America/Chicago --at 10:00 --now '2026-11-30 08:00'
expect_out "notify-queue due --weekly mon --every 2 --start 2026-11-30 --tz America/Chicago --at 10:00 && " "schedule: the guard"
CLAIMKIT_NOW=2026-11-30T16:05:00Z notify-queue due --weekly mon --every 2 --start 2026-11-30 --tz America/Chicago --at 10:00 || fail "due at 10:05 Chicago"
CLAIMKIT_NOW=2026-12-07T16:05:00Z notify-queue due --weekly mon --every 2 --start 2026-11-30 --tz America/Chicago --at 10:00 && fail "not due the week after"

# now: the statement sent on demand is not sent again by the queue, and
# asked for again while it waits (no mail server here) it is the same one
printf '%s\n%s\n' "$NQ_HEADER" 'S9,2026-11-30,G9,Ike Ode,ike@example.org,,,P9,Ike Ode,9.00,2026-11-01,standard' >g9.csv
notify-queue load g9.csv 2>/dev/null
queued=$(sql "SELECT id FROM notifications WHERE guarantor_id='G9'")
run notify-queue now --guarantor G9
expect_rc 1 "now with no mail server set"
od=$(sql "SELECT max(id) FROM notifications WHERE guarantor_id='G9' AND on_demand=1")
expect_eq "$(sql "SELECT status || ': ' || reply FROM notifications WHERE id=$queued")" \
    "cancelled: sent on demand as notification $od" "the queued one gives way to the one on demand"
run notify-queue now --guarantor G9
expect_eq "$(sql "SELECT count(*) FROM notifications WHERE guarantor_id='G9' AND status IN ('queued','retry')")" \
    1 "asked again: still one to send"
expect_eq "$(sql "SELECT count(*) FROM notify_history WHERE notification=$od AND reply='asked for on demand again'")" \
    1 "the second ask in its history"
finish
