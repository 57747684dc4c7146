#!/bin/sh
# notify-queue send takes notifications in batches (up to 256 in one
# transaction): a second send at once takes none of another's batch;
# a send killed midway leaves only the one it was delivering 'unknown'
# and the rest of its batch goes back to the queue, unless the machine
# restarted since (all 'unknown'); two of one guarantor never go out in
# one batch past the frequency cap.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/servers.sh"
. "$SRCDIR/tests/cli/notify_lib.sh"
cd "$T"
start_smtp
nq_setup
nq_servers_config
notify-queue config notify.min_days 0 2>/dev/null

# sent_by PID: how many kept messages name PID in their Message-ID
sent_by() {
	grep -h '^Message-ID: <notify\.[0-9]*\.[0-9]*\.'"$1"'@' "$SMTP_ROOT"/mail/*.eml |
		wc -l | tr -d ' '
}

# two sends at once: the first holds its batch of 256 (its first
# message waits at DATA) while the second takes and sends the other 44
nq_rows 300 >s1.csv
notify-queue load s1.csv 2>/dev/null
export CLAIMKIT_NOW=2026-11-30T16:00:00Z
echo 5 >"$SMTP_ROOT/.delay"
notify-queue send >/dev/null 2>&1 &
p1=$!
nq_delivering
rm "$SMTP_ROOT/.delay"
expect_eq "$(sql "SELECT count(*) FROM notifications WHERE status='sending'")" 256 "one batch taken"
notify-queue send >/dev/null 2>&1 &
p2=$!
wait $p1 || fail "first send: exit $?"
wait $p2 || fail "second send: exit $?"
expect_eq "$(mails)" 300 "two sends at once: 300 messages"
expect_eq "$(sent_by $p1)" 256 "the first sent its batch"
expect_eq "$(sent_by $p2)" 44 "the second sent the rest"
expect_eq "$(grep -h '^X-Envelope-To:' "$SMTP_ROOT"/mail/*.eml | sort -u | wc -l | tr -d ' ')" 300 "each guarantor once"
expect_eq "$(sql "SELECT count(*) FROM notify_history WHERE status='sending'")" 300 "each taken once"
expect_eq "$(sql "SELECT count(*) FROM notify_history WHERE status='sent'")" 300 "each sent once"

# killed while delivering the first of a batch of ten: that one unknown,
# the nine taken and not begun queued again and sent by the next send
nq_rows 10 2026-12-10 | sed 's/^S/K/' >s2.csv
notify-queue load s2.csv 2>/dev/null
export CLAIMKIT_NOW=2026-12-10T16:00:00Z
nq_send_killed
expect_eq "$(sql "SELECT count(*) FROM notifications WHERE status='sending'")" 10 "killed: ten taken"
id=$(sql "SELECT id FROM notifications WHERE delivering=1")
before=$(mails)
run notify-queue send
expect_rc 3 "after a kill: one unknown"
expect_err "1 notification(s) left 'sending'" "unknown reported"
expect_eq "$(sql "SELECT status FROM notifications WHERE id=$id")" unknown "the one being delivered: unknown"
expect_eq "$(sql "SELECT count(*) FROM notifications WHERE cycle='2026-12-10' AND status='sent'")" 9 "the nine not begun: sent"
expect_eq "$(($(mails) - before))" 9 "nine messages, none twice"
expect_eq "$(sql "SELECT reply FROM notify_history WHERE notification=$id + 1 AND status='queued' ORDER BY id DESC LIMIT 1")" \
	"taken by a send that stopped before delivering it" "why it went back, in its history"

# the same after a restart of the machine (another boot id): commits may
# be lost, so every one the dead send had taken is unknown
nq_rows 3 2026-12-20 | sed 's/^S/R/' >s3.csv
notify-queue load s3.csv 2>/dev/null
export CLAIMKIT_NOW=2026-12-20T16:00:00Z
nq_send_killed
sql "UPDATE notifications SET boot='another-boot' WHERE status='sending'" >/dev/null
before=$(mails)
run notify-queue send
expect_rc 3 "after a restart"
expect_eq "$(sql "SELECT group_concat(status) FROM notifications WHERE cycle='2026-12-20'")" \
	"unknown,unknown,unknown" "after a restart: all three unknown"
expect_eq "$(mails)" "$before" "after a restart: nothing sent"

# two cycles of one guarantor due at once, cap 7 days: one goes, the
# other waits (never both in one batch)
notify-queue config notify.min_days 7 2>/dev/null
nq_rows 2 2027-01-05 | sed 's/^S/A/' >s4.csv
nq_rows 2 2027-01-06 | sed 's/^S/B/' | tail -n +2 >>s4.csv
notify-queue load s4.csv 2>/dev/null
export CLAIMKIT_NOW=2027-01-06T16:00:00Z
before=$(mails)
run notify-queue send
expect_rc 0 "two cycles at once"
expect_eq "$(($(mails) - before))" 2 "one message per guarantor"
expect_eq "$(sql "SELECT count(DISTINCT guarantor_id) FROM notifications WHERE cycle>='2027-01-05' AND status='sent'")" \
	2 "each guarantor's first one sent"
expect_eq "$(sql "SELECT count(DISTINCT guarantor_id) FROM notifications WHERE cycle>='2027-01-05' AND status='queued' AND next_try IS NOT NULL")" \
	2 "each guarantor's other one waits for the cap"

# a server we refuse (its certificate does not check) stops the send at
# the first: that one and the rest of the batch go back to the queue
for id in $(sql "SELECT id FROM notifications WHERE status IN ('queued','retry')"); do
	notify-queue cancel "$id" 2>/dev/null
done
stop_server smtp
start_smtp "$BAD_CERT" "$BAD_KEY"
notify-queue config notify.smtp_url "$SMTP_URL" 2>/dev/null
nq_rows 3 2027-02-01 | sed 's/^S/C/' >s5.csv
notify-queue load s5.csv 2>/dev/null
export CLAIMKIT_NOW=2027-02-01T16:00:00Z
before=$(mails)
run notify-queue send
expect_rc 1 "bad certificate"
expect_eq "$(sql "SELECT group_concat(status) FROM notifications WHERE cycle='2027-02-01'")" \
	"queued,queued,queued" "bad certificate: all three queued"
expect_eq "$(sql "SELECT count(*) FROM notifications WHERE status='sending'")" 0 "none left taken"
expect_eq "$(sql "SELECT count(*) FROM notify_history h JOIN notifications n ON n.id=h.notification WHERE n.cycle='2027-02-01' AND h.status='queued' AND h.reply='the send stopped before delivering it'")" \
	2 "the two not begun were put back"
expect_eq "$(mails)" "$before" "bad certificate: nothing delivered"

# each message's commit rewrites every page it changes: no index holds
# a notification's status, which each change of status (two per
# message) would move
expect_eq "$(sql "SELECT group_concat(name) FROM pragma_index_list('notifications') i WHERE EXISTS (SELECT 1 FROM pragma_index_info(i.name) WHERE name='status')")" \
	"" "no index of the status"
finish
