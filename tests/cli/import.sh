#!/bin/sh
# Import: what lands in the database, replacement, formats.
. "$SRCDIR/tests/cli/lib.sh"
cd "$T"
gen 40 11 >c.csv
lines=$(($(wc -l <c.csv) - 1))
run claim-batch import c.csv
expect_rc 0 import
[ ! -s "$T/out" ] || fail "import printed to stdout"
expect_err "claim-batch: imported 40 claims ($lines lines) from 'c.csv': 40 new, 0 replaced, 0 new versions, 0 unchanged, 0 refused" summary
expect_eq "$(sql 'SELECT count(*) FROM claims')" 40 "claims rows"
expect_eq "$(sql 'SELECT count(*) FROM claim_lines')" "$lines" "line rows"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE status='ready'")" 40 "status ready"

# money is integer cents, equal to the file's sum of charges
want=$(python3 -c "
import csv
print(sum(round(float(r['charge'])*100) for r in csv.DictReader(open('c.csv'))))")
expect_eq "$(sql 'SELECT sum(charge) FROM claim_lines')" "$want" "charges in cents"
expect_eq "$(sql "SELECT typeof(charge) FROM claim_lines LIMIT 1")" integer "charge type"
expect_eq "$(sql 'SELECT sum(total_charge) FROM claims')" "$want" "claim totals"
# subscriber copied from the patient when self (relationship 18)
expect_eq "$(sql "SELECT count(*) FROM claims WHERE relationship='18' AND (subscriber_last IS NOT patient_last OR subscriber_dob IS NOT patient_dob)")" 0 "self subscriber"
# filing: paper payers and secondaries of payers without electronic secondaries
expect_eq "$(sql "SELECT count(*) FROM claims WHERE filing='paper' AND NOT (payer_filing='paper' OR (rank>1 AND payer_electronic_secondary='no'))")" 0 "paper filing rule"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE filing='electronic' AND (payer_filing='paper' OR (rank>1 AND payer_electronic_secondary='no'))")" 0 "electronic filing rule"
# ICD-10 stored without the dot
expect_eq "$(sql "SELECT count(*) FROM claims WHERE dx1 LIKE '%.%'")" 0 "dx without dot"

# re-import: unchanged claims are left alone (counted); a changed one
# that is not in a batch is replaced
ready_at=$(sql "SELECT ready_at FROM claims WHERE claim_id='CLM0000001'")
run claim-batch import c.csv
expect_rc 0 reimport
expect_err "imported 0 claims (0 lines) from 'c.csv': 0 new, 0 replaced, 0 new versions, 40 unchanged, 0 refused" reimport
expect_eq "$(sql "SELECT ready_at FROM claims WHERE claim_id='CLM0000001'")" "$ready_at" "unchanged claim untouched"
python3 "$SRCDIR/tests/cli/csvset.py" c.csv c2.csv 1 modifier1 25
run claim-batch import c2.csv
expect_rc 0 "changed reimport"
expect_err "imported 1 claim (" "changed reimport"
expect_err ": 0 new, 1 replaced, 0 new versions, 39 unchanged, 0 refused" "changed reimport"
expect_eq "$(sql 'SELECT count(*) FROM claim_lines')" "$lines" "no orphan lines"
expect_eq "$(sql "SELECT modifier1 FROM claim_lines l JOIN claims c ON c.id=l.claim WHERE c.claim_id='CLM0000001' AND line_no=1")" 25 "replaced with the change"
expect_eq "$(sql "SELECT count(*) FROM audit WHERE action='replace'")" 1 "replace audited"

# --strict: a claim in a batch that changed fails the whole import
sqlite3 "$CLAIMKIT_DB" "UPDATE claims SET status='batched', batch_id=7 WHERE claim_id='CLM0000003'"
python3 "$SRCDIR/tests/cli/csvset.py" c.csv c3.csv 1 modifier1 25 \
	"$(awk -F, '$1=="CLM0000003" {print NR-1; exit}' c.csv)" modifier1 59
run claim-batch import --strict c3.csv
expect_rc 65 "batched claim"
expect_err "claim 'CLM0000003' is batched and changed: it is in a batch not sent yet" "batched claim"
expect_err "nothing imported" "batched claim"
expect_eq "$(sql "SELECT count(*) FROM imports")" 3 "refused import left no record"

# TSV, CRLF, a BOM and delimiters inside quoted names all load the same
sqlite3 "$CLAIMKIT_DB" "UPDATE claims SET status='ready', batch_id=NULL"
python3 - <<'PY'
import csv
rows = list(csv.reader(open("c.csv", newline="")))
i = rows[0].index("patient_last")
for r in rows[1:]:
    if r[0] == "CLM0000002":
        r[i] = 'Smith, "Jr" \\ III'
with open("crlf.csv", "w", newline="", encoding="utf-8-sig") as f:
    csv.writer(f, lineterminator="\r\n").writerows(rows)
with open("c.tsv", "w", newline="") as f:
    for r in rows:
        f.write("\t".join(v.replace("\\", "\\\\").replace("\t", "\\t") for v in r) + "\n")
PY
run claim-batch import crlf.csv
expect_rc 0 "crlf+bom"
expect_eq "$(sql "SELECT patient_last FROM claims WHERE claim_id='CLM0000002'")" 'Smith, "Jr" \ III' "quoted delimiters"
run claim-batch import - <c.tsv
expect_rc 0 "tsv on stdin"
expect_err "from '<stdin>'" "stdin name"
expect_eq "$(sql "SELECT patient_last FROM claims WHERE claim_id='CLM0000002'")" 'Smith, "Jr" \ III' "tsv escapes"
expect_eq "$(sql 'SELECT count(*) FROM claim_lines')" "$lines" "tsv lines"
run claim-batch import --tsv c.csv
expect_rc 65 "--tsv on a CSV"
finish
