#!/bin/sh
# A nightly cumulative export imported again after some of its claims
# were batched: unchanged claims are counted and left alone, changed ones
# the payer has are refused (listed, exit 3) while the rest loads, and a
# replacement (frequency 7) or void (8) becomes a new version that the
# next run batches with CLM05-3 and REF*F8.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
cd "$T"
gen 15 7 >all.csv
awk -F, 'NR == 1 || $1 <= "CLM0000012"' all.csv >night1.csv
claim-batch import night1.csv 2>/dev/null || fail "first night"
configure
claim-batch run --electronic-only >m1.csv 2>/dev/null || fail "first run"
e=$(sql "SELECT claim_id FROM claims WHERE status='batched' ORDER BY id LIMIT 1")
[ -n "$e" ] || fail "no claim batched"
b=$(sql "SELECT batch_id FROM claims WHERE claim_id='$e'")
# the clearinghouse took the batch and the payer accepted the claim
sqlite3 "$CLAIMKIT_DB" "UPDATE batches SET status='sent'; UPDATE claims SET status='sent' WHERE status='batched'; UPDATE claims SET status='accepted' WHERE claim_id='$e'"
first=$(awk -F, -v id="$e" '$1 == id {print NR; exit}' all.csv)

# set FILE ID COLUMN VALUE...: a copy of all.csv with COLUMN set to VALUE
# on every row of claim ID
set_claim() {
	python3 - "$@" <<'PY'
import csv, sys
out, cid, edits = sys.argv[1], sys.argv[2], sys.argv[3:]
rows = list(csv.reader(open("all.csv", newline="")))
for r in rows[1:]:
    if r[0] == cid:
        for i in range(0, len(edits), 2):
            r[rows[0].index(edits[i])] = edits[i + 1]
csv.writer(open(out, "w", newline=""), lineterminator="\n").writerows(rows)
PY
}

# night 2: three new claims, the others as they were but the accepted
# claim changed at its source
set_claim night2.csv "$e" group_name "CHANGED GROUP"
snap=$(sqlite3 "$CLAIMKIT_DB" "SELECT group_concat(id || status || coalesce(group_name, ''), ';') FROM claims")
run claim-batch import --strict night2.csv
expect_rc 65 "strict"
expect_err "night2.csv:$first:1: claim_id: claim '$e' is accepted and changed: the payer has it" "strict"
expect_eq "$(sqlite3 "$CLAIMKIT_DB" "SELECT group_concat(id || status || coalesce(group_name, ''), ';') FROM claims")" "$snap" "strict changed nothing"
run claim-batch import night2.csv
expect_rc 3 "refused claim, rest loaded"
expect_err "claim-batch: night2.csv:$first: claim '$e' is accepted and changed, not imported: the payer has it: send a replacement (frequency 7) or a void (8) with original_ref" "refusal listed"
expect_err "from 'night2.csv': 3 new, 0 replaced, 0 new versions, 11 unchanged, 1 refused" "night 2 summary"
expect_eq "$(sql "SELECT count(*) FROM claims")" 15 "new claims loaded"
expect_eq "$(sql "SELECT status FROM claims WHERE claim_id='$e'")" accepted "refused claim untouched"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE group_name='CHANGED GROUP'")" 0 "change not loaded"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE batch_id IS NOT NULL AND status IN ('sent','accepted')")" "$(sql "SELECT count(*) FROM claims WHERE batch_id=$b")" "batched claims untouched"
claim-batch run --electronic-only >m2.csv 2>/dev/null || fail "second run"
expect_eq "$(sql "SELECT count(*) FROM claims c WHERE claim_id > 'CLM0000012' AND filing='electronic' AND status='ready' AND NOT EXISTS (SELECT 1 FROM scrub_results r WHERE r.claim=c.id)")" 0 "new claims billed"
[ "$(sql "SELECT count(*) FROM claims WHERE claim_id > 'CLM0000012' AND status='batched'")" -gt 0 ] || fail "no new claim batched"

# night 3: the practice sends a replacement of the accepted claim
set_claim night3.csv "$e" group_name "CHANGED GROUP" frequency 7 original_ref PAYERCLM123
old_id=$(sql "SELECT id FROM claims WHERE claim_id='$e'")
run claim-batch import night3.csv
expect_rc 0 "replacement"
expect_err "from 'night3.csv': 0 new, 0 replaced, 1 new version, 14 unchanged, 0 refused" "replacement summary"
expect_eq "$(sql "SELECT status || ',' || frequency || ',' || original_ref FROM claims WHERE claim_id='$e'")" "ready,7,PAYERCLM123" "new version ready"
expect_eq "$(sql "SELECT claim_id || ',' || status || ',' || batch_id FROM claims WHERE id=$old_id")" "$e.v1,replaced,$b" "original kept as history"
expect_eq "$(sql "SELECT count(*) FROM audit WHERE action='version' AND subject='$e' AND before='status=accepted' AND after LIKE '%kept=$e.v1'")" 1 "version audited"
run claim-batch list --status open
grep -q "^$e\.v1," "$T/out" && fail "a superseded version is open"
expect_out "$e,ready," "list shows the new version"
run claim-batch list --status replaced
expect_out "$e.v1,replaced," "list --status replaced"
# the same file again: the new version is unchanged
run claim-batch import night3.csv
expect_rc 0 "replacement again"
expect_err "0 new, 0 replaced, 0 new versions, 15 unchanged, 0 refused" "replacement again"

# the run batches it as a replacement of the payer's claim
run claim-batch run --electronic-only
expect_rc 0 "run the replacement"
cp "$T/out" m3.csv
f=$(manifest_col file m3.csv | sed -n 1p)
expect_eq "$(sql "SELECT status FROM claims WHERE claim_id='$e'")" batched "replacement batched"
clm=$(tr '~' '\n' <"$f" | grep "^CLM\*$e\*")
expect_eq "$(echo "$clm" | cut -d'*' -f6 | cut -d: -f3)" 7 "CLM05-3 is 7"
tr '~' '\n' <"$f" | sed -n "/^CLM\*$e\*/,/^LX\*/p" | grep -qx 'REF\*F8\*PAYERCLM123' ||
	fail "REF*F8 with the original reference"
x12check "$f" || fail "837P of the replacement breaks the guide's rules"

# a void of the replacement once the payer has it: a second version
sqlite3 "$CLAIMKIT_DB" "UPDATE claims SET status='accepted' WHERE claim_id='$e'"
set_claim night4.csv "$e" group_name "CHANGED GROUP" frequency 8 original_ref PAYERCLM123
run claim-batch import night4.csv
expect_rc 0 "void"
expect_eq "$(sql "SELECT group_concat(claim_id || ':' || status || ':' || frequency, ' ') FROM claims WHERE claim_id LIKE '$e%' ORDER BY id")" "$e.v1:replaced:1 $e.v2:replaced:7 $e:ready:8" "versions"
# a replacement of a claim still in a batch not sent is refused
n=$(sql "SELECT claim_id FROM claims WHERE status='batched' AND claim_id <> '$e' LIMIT 1")
if [ -n "$n" ]; then
	set_claim night5.csv "$n" frequency 7 original_ref X1
	run claim-batch import night5.csv
	expect_rc 3 "replacement of a batched claim"
	expect_err "claim '$n' is batched and changed, not imported: it is in a batch not sent yet" "batched refusal"
fi
finish
