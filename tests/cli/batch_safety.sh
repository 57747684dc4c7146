#!/bin/sh
# Safe under cron: two runs at once never put a claim in two batches, and
# a run killed at any moment leaves a complete batch or none.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
cd "$T"
configure
gen 1500 12 >c.csv
claim-batch import c.csv 2>/dev/null

claim-batch run >m1.csv 2>e1 &
p1=$!
claim-batch run >m2.csv 2>e2 &
p2=$!
wait $p1 || fail "first run: $(cat e1)"
wait $p2 || fail "second run: $(cat e2)"
files=$(cat m1.csv m2.csv | python3 -c '
import csv, sys
for r in csv.reader(sys.stdin):
    if r[0] != "batch_id" and r[1] == "837P":
        print(r[4])')
[ "$(clm_ids $files | sort | uniq -d)" = "" ] || fail "a claim in two batches"
expect_eq "$(clm_ids $files | wc -l | tr -d ' ')" "$(sql "SELECT count(*) FROM claims WHERE status='batched' AND filing='electronic'")" "each batched claim in one file"
expect_eq "$(sql "SELECT count(*) FROM claims c JOIN batches b ON b.id=c.batch_id WHERE b.status<>'pending'")" 0 "claims point at live batches"

# kills: after each, the batch folder and the database agree
dir=$(dirname "$(echo "$files" | head -1)")
for i in 1 2 3 4 5 6; do
	sqlite3 "$CLAIMKIT_DB" "UPDATE claims SET status='ready', batch_id=NULL; UPDATE batches SET status='void'"
	rm -f "$dir"/0*
	claim-batch run >/dev/null 2>&1 &
	p=$!
	sleep "0.0$i"
	kill -9 $p 2>/dev/null || true
	wait $p 2>/dev/null || true
	live=$(sql "SELECT count(*) FROM batches WHERE status='pending'")
	batched=$(sql "SELECT count(*) FROM claims WHERE status='batched'")
	nfiles=$(ls "$dir" | grep -c '^0' || true)
	if [ "$live" -eq 0 ]; then
		expect_eq "$batched" 0 "kill $i: no batch, no claim batched"
	else
		expect_eq "$nfiles" "$live" "kill $i: a file for each batch"
		for f in $(sql "SELECT file FROM batches WHERE status='pending'"); do
			[ -s "$f" ] || fail "kill $i: batch file $f missing"
			expect_eq "$(sha256sum "$f" | cut -d' ' -f1)" "$(sql "SELECT sha256 FROM batches WHERE file='$f'")" "kill $i: file complete"
		done
	fi
	expect_eq "$(sqlite3 "$CLAIMKIT_DB" 'PRAGMA integrity_check')" ok "kill $i: integrity"
	# the next run cleans up what the killed one left, and batches the rest
	claim-batch run >/dev/null 2>&1 || fail "run after kill $i"
	expect_eq "$(ls -A "$dir" | grep -vc '^0' || true)" 0 "kill $i: temporary files removed"
	expect_eq "$(ls "$dir" | grep -c '^0' || true)" "$(sql "SELECT count(*) FROM batches WHERE status='pending'")" "kill $i: no orphan files"
done
finish
