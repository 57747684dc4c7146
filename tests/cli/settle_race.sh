#!/bin/sh
# claim-settle settles exactly what the person confirmed.  Another program
# that changes a claim between the list on the terminal and the typed
# CONFIRM - an import that replaces it, into a new row or into the same
# one, a posting that changes a balance - makes it refuse, naming the
# claims, and change nothing.  Undo checks again, under the write lock,
# that what it puts back still holds: a claim settled out of a batch that
# was voided meanwhile is not put back into a batch that is gone, nor is
# a claim posted to meanwhile put back as before.
# The other program runs while the prompt waits (ptyrun.py --run).
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
. "$SRCDIR/tests/cli/settle_lib.sh"
cd "$T"
gen 12 43 >c.csv
claim-batch import c.csv 2>/dev/null
claim-settle config writeoff both
# billed and rejected: the claims a corrected export imports again
sqlite3 "$CLAIMKIT_DB" "UPDATE claims SET status = 'rejected'"
sqlite3 "$CLAIMKIT_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp claimkit.db base.db
fresh() {
	rm -f claimkit.db claimkit.db-wal claimkit.db-shm
	cp base.db claimkit.db
}
mid=$(sql "SELECT claim_id FROM claims ORDER BY id LIMIT 1 OFFSET 2")
last=$(sql "SELECT claim_id FROM claims ORDER BY id DESC LIMIT 1")
lastrow=$(sql "SELECT id FROM claims WHERE claim_id = '$last'")
# five claims: the first four and the last
{
	echo claim_id
	sql "SELECT claim_id FROM claims ORDER BY id LIMIT 4"
	echo "$last"
} >ids.csv
P="Type CONFIRM to settle 5 claims: "

# corrected ID: claim ID again, one line of 999.00, as an import replaces it
corrected() {
	python3 - "$1" >"$1.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open("c.csv", newline="")))
h = rows[0]
r = next(r for r in rows[1:] if r[0] == sys.argv[1])
r[h.index("charge")] = r[h.index("claim_total")] = "999.00"
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerows([h, r])
PY
}
corrected "$mid"
corrected "$last"

# nothing_settled WHAT: no run, no adjustment, no claim settled
nothing_settled() {
	expect_eq "$(sql "SELECT count(*) FROM settle_runs")" 0 "$1: no run"
	expect_eq "$(sql "SELECT count(*) FROM adjustments")" 0 "$1: no adjustment"
	expect_eq "$(sql "SELECT count(*) FROM claims WHERE status = 'settled'")" 0 "$1: no claim settled"
	expect_no_rows "$1"
}

# --- nothing changes meanwhile: the five are settled ---------------------
fresh
onpty --stdin ids.csv --expect "$P" --run "true" --send 'CONFIRM\n' -- claim-settle
pty_ok "no change"
expect_rc 0 "no change"
expect_screen "settled 5 claims" "no change"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE status = 'settled'")" 5 "no change: settled"

# --- replaced into a new row while the prompt waits ------------------------
fresh
before=$(sql "SELECT claim_id, status, insurance_balance FROM claims WHERE claim_id <> '$mid' ORDER BY id")
onpty --stdin ids.csv --expect "$P" --run "claim-batch import $mid.csv" \
    --send 'CONFIRM\n' -- claim-settle
pty_ok "replaced, new row"
expect_rc 65 "replaced, new row"
expect_screen "'$mid'" "replaced, new row: named"
expect_screen "nothing changed" "replaced, new row"
nothing_settled "replaced, new row"
expect_eq "$(sql "SELECT status || ' ' || insurance_balance FROM claims WHERE claim_id = '$mid'")" "ready 99900" "replaced, new row: the import stands"
expect_eq "$(sql "SELECT claim_id, status, insurance_balance FROM claims WHERE claim_id <> '$mid' ORDER BY id")" "$before" "replaced, new row: the others untouched"

# --- replaced into the same row (the last claim's) ------------------------
fresh
onpty --stdin ids.csv --expect "$P" --run "claim-batch import $last.csv" \
    --send 'CONFIRM\n' -- claim-settle
pty_ok "replaced, same row"
expect_eq "$(sql "SELECT id FROM claims WHERE claim_id = '$last'")" "$lastrow" "replaced, same row: the row is reused"
expect_rc 65 "replaced, same row"
expect_screen "'$last'" "replaced, same row: named"
nothing_settled "replaced, same row"
expect_eq "$(sql "SELECT insurance_balance FROM claims WHERE claim_id = '$last'")" 99900 "replaced, same row: the new balance stands"

# --- a balance changed by another program -------------------------------
fresh
one=$(sed -n 2p ids.csv)
onpty --stdin ids.csv --expect "$P" \
    --run "sqlite3 '$CLAIMKIT_DB' \"UPDATE claims SET patient_balance = 1500, insurance_balance = insurance_balance - 1500 WHERE claim_id = '$one'\"" \
    --send 'CONFIRM\n' -- claim-settle
pty_ok "balance changed"
expect_rc 65 "balance changed"
expect_screen "'$one'" "balance changed: named"
nothing_settled "balance changed"
expect_eq "$(claim-batch audit | grep -c 'cancelled (changed since shown)')" 1 "balance changed: the refusal is audited"

# --- undo while the batch of a claim it restores is voided ---------------
fresh
sqlite3 "$CLAIMKIT_DB" "UPDATE claims SET status = 'ready'"
configure
b=$(claim-batch run --electronic-only 2>/dev/null | manifest_col batch_id /dev/stdin)
id=$(sql "SELECT claim_id FROM claims WHERE batch_id = $b ORDER BY id LIMIT 1")
[ -n "$id" ] || fail "sample: no claim in batch '$b'"
claim-settle --yes --max 1 --include-unsent --claim "$id" >/dev/null 2>&1
# undone with its batch still pending: back in it
run claim-settle undo --yes 1
expect_rc 0 "undo, batch pending"
expect_eq "$(sql "SELECT status || ' ' || batch_id FROM claims WHERE claim_id = '$id'")" "batched $b" "undo, batch pending: back in its batch"
claim-settle --yes --max 1 --include-unsent --claim "$id" >/dev/null 2>&1
expect_eq "$(sql "SELECT status FROM claims WHERE claim_id = '$id'")" settled "settled again"
snapshot s2
onpty --expect "Type CONFIRM to undo run 2 (1 claim): " \
    --run "claim-batch void $b" --send 'CONFIRM\n' -- claim-settle undo 2
pty_ok "undo, batch voided meanwhile"
expect_rc 65 "undo, batch voided meanwhile"
expect_screen "'$id'" "undo, batch voided meanwhile: named"
expect_eq "$(sql "SELECT status || ' ' || coalesce(batch_id, 'none') FROM claims WHERE claim_id = '$id'")" "settled none" "undo, batch voided meanwhile: still settled"
expect_eq "$(sql "SELECT status FROM settle_runs WHERE id = 2")" done "undo, batch voided meanwhile: run not undone"
expect_eq "$(sql "SELECT count(*) FROM adjustments WHERE reason = 'undo' AND run_id = 2")" 0 "undo, batch voided meanwhile: no reversal"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE status = 'batched' AND batch_id IS NULL")" 0 "no claim batched in no batch"

# --- undo while another program posts to a claim of the run --------------
# (a posting that nets to zero, as a reversal and its repost: the balances
# stay, but the claim's history moved on and the undo would erase it)
fresh
claim-settle --yes --max 5 <ids.csv >/dev/null 2>&1
one=$(sed -n 2p ids.csv)
snapshot s3
onpty --expect "Type CONFIRM to undo run 1 (5 claims): " \
    --run "sqlite3 '$CLAIMKIT_DB' \"INSERT INTO adjustments(claim, kind, amount, reason, user, at) SELECT id, 'insurance', v, 'posted', 'remit', '2026-01-01T00:00:00Z' FROM claims, (SELECT 500 AS v UNION ALL SELECT -500) WHERE claim_id = '$one'\"" \
    --send 'CONFIRM\n' -- claim-settle undo 1
pty_ok "undo, posted meanwhile"
expect_rc 65 "undo, posted meanwhile"
expect_screen "'$one'" "undo, posted meanwhile: named"
expect_eq "$(sql "SELECT status FROM settle_runs WHERE id = 1")" done "undo, posted meanwhile: run not undone"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE status = 'settled'")" 5 "undo, posted meanwhile: still settled"
finish
