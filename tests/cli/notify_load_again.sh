#!/bin/sh
# notify-queue load, the paths a plain load does not take: rows loaded
# before under a cycle that has no notification (it is queued from the
# new rows, nothing is left of the one queued from all of them, and the
# accounts loaded before it was due join it), a load stopped midway
# (nothing of it stays), its
# migration run again (nothing lost), and what a load writes: no foreign
# key checked per row, no history rows.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/notify_lib.sh"
cd "$T"
nq_setup
# level 1 from day 5: an account 2 days past due is loaded, not queued
notify-queue level add standard 1 --after-days 5 --subject s --email l1.txt \
	--sms sms.txt 2>/dev/null
cat >a.csv <<CSV
$NQ_HEADER
A1,2026-12-01,G1,Ann Ode,ann@example.org,,,P11,Ann Ode,3.00,2026-11-29,standard
A2,2026-12-01,G2,Bo Ode,bo@example.org,,,P21,Bo Ode,6.00,2026-11-29,standard
CSV
run notify-queue load a.csv
expect_rc 0 "first load"
expect_eq "$(sql "SELECT count(*) FROM notifications")" 0 "not due: nothing queued"
# now due from day 0; G1 gains an account, G2 has only its old one
notify-queue level add standard 1 --after-days 0 --subject s --email l1.txt \
	--sms sms.txt 2>/dev/null
cat >b.csv <<CSV
$NQ_HEADER
A1,2026-12-01,G1,Ann Ode,ann@example.org,,,P11,Ann Ode,3.00,2026-11-29,standard
A1,2026-12-01,G1,Ann Ode,ann@example.org,,,P12,Cy Ode,4.00,2026-11-29,standard
A2,2026-12-01,G2,Bo Ode,bo@example.org,,,P21,Bo Ode,6.00,2026-11-29,standard
A3,2026-12-01,G3,Di Ode,di@example.org,,,P31,Di Ode,5.00,2026-11-29,standard
CSV
run notify-queue load b.csv
expect_rc 0 "load with rows loaded before"
expect_err "queued 2 notification(s)" "G1 and G3 queued"
expect_err "2 loaded before" "the old rows skipped"
expect_eq "$(sql "SELECT id || ':' || guarantor_id || ':' || balance FROM notifications ORDER BY id" | tr '\n' ' ')" \
	"1:G1:700 2:G3:500 " "G1 queued from its new account, counting the one loaded before it was due; G2 not at all; ids in a row"
expect_eq "$(sql "SELECT group_concat(patient_id || '=' || coalesce(notification, '-'), ' ') FROM (SELECT * FROM notify_statements ORDER BY id)")" \
	"P11=1 P21=- P12=1 P31=2" "a queued cycle's accounts name it, G2's (not queued) none"
run notify-queue history 1 --tsv
expect_eq "$(awk -F'\t' 'NR > 1 { print $2 }' out | tr '\n' ' ')" "queued " \
	"its history begins with its queueing"
expect_eq "$(sql "SELECT count(*) FROM notify_history")" 0 "no history row written by a load"
expect_eq "$(sql "SELECT count(*) FROM pragma_foreign_key_list('notify_statements')") $(sql "SELECT count(*) FROM pragma_index_list('notify_statements')")" \
	"0 3" "statements: no foreign key to check per row, three indexes"

# stopped midway: the load waits for the rest of its input, and is killed
cp "$CLAIMKIT_DB" before.db
nq_rows 300 2027-01-01 | head -n 201 >half.csv
mkfifo in.fifo
notify-queue load in.fifo 2>/dev/null &
pid=$!
exec 3>in.fifo
cat half.csv >&3
# the load reads its input in one transaction: once it holds the write
# lock (a write waits), it has begun storing
i=0
while [ "$(sqlite3 -cmd '.timeout 0' "$CLAIMKIT_DB" "BEGIN IMMEDIATE; ROLLBACK;" 2>&1 | grep -c locked)" -eq 0 ] && [ $i -lt 500 ]; do
	i=$((i + 1))
	sleep 0.01
done
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
exec 3>&-
expect_eq "$(sql "SELECT count(*) FROM notify_statements WHERE statement_date='2027-01-01'") $(sql "SELECT count(*) FROM notifications WHERE cycle='2027-01-01'")" \
	"0 0" "killed midway: nothing of it stays"
run notify-queue load half.csv
expect_rc 0 "loaded again after the kill"
expect_err "queued 100 notification(s)" "all of it queued once"

# migration 19 (notify_statements rebuilt) and those after it run again
# keep every row
before=$(sql "SELECT count(*) || ':' || sum(balance) || ':' || count(notification) FROM notify_statements")
sql "PRAGMA user_version = 18" >/dev/null
run notify-queue history 1
expect_rc 0 "migration run again"
expect_eq "$(sql "SELECT count(*) || ':' || sum(balance) || ':' || count(notification) FROM notify_statements")" \
	"$before" "every statement row kept"
expect_eq "$(sql "PRAGMA user_version")" 21 "schema version"
finish
