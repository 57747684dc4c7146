#!/bin/sh
# CSV meant for a spreadsheet: a value that starts like a formula gets a
# quote in front (list, acks), money stays a number, TSV and
# CLAIMKIT_CSV_RAW=1 print values as they are, and claimkit reads back
# what it writes (a claim id starting with '-' through a pipe).
. "$SRCDIR/tests/cli/lib.sh"
cd "$T"
gen 3 4 >c.csv
python3 - <<'PY'
import csv
rows = list(csv.reader(open("c.csv", newline="")))
h = rows[0]
for r in rows[1:]:
    if r[0] == "CLM0000001":
        r[h.index("patient_last")] = "+SUM(1,2)"
        r[h.index("patient_first")] = "@cmd"
    if r[0] == "CLM0000002":
        r[0] = "-X2"
csv.writer(open("f.csv", "w", newline=""), lineterminator="\n").writerows(rows)
PY
claim-batch import f.csv 2>/dev/null || fail "import"

run claim-batch list --claim CLM0000001
expect_rc 0 list
expect_out "CLM0000001,ready,electronic,\"'+SUM(1,2)\",'@cmd," "list guards names"
total=$(sql "SELECT printf('%d.%02d', total_charge / 100, total_charge % 100) FROM claims WHERE claim_id='CLM0000001'")
expect_out ",$total," "money unguarded"
run claim-batch list --tsv --claim CLM0000001
expect_out "$(printf 'CLM0000001\tready\telectronic\t+SUM(1,2)\t@cmd\t')" "TSV is raw"
CLAIMKIT_CSV_RAW=1 run claim-batch list --claim CLM0000001
expect_out "CLM0000001,ready,electronic,\"+SUM(1,2)\",@cmd," "CLAIMKIT_CSV_RAW=1"

# a claim id with a leading '-': guarded in CSV, read back whole
run claim-batch list --claim=-X2
expect_out "'-X2,ready," "guarded id"
claim-batch ref open hold >/dev/null 2>&1
claim-batch list --claim=-X2 | claim-batch ref add hold 2>/dev/null ||
	fail "ref add from a guarded list"
expect_eq "$(sql "SELECT claim_id FROM ref_claims")" "-X2" "the id read back"
CLAIMKIT_CSV_RAW=1 claim-batch list --claim=-X2 --tsv | claim-batch ref add hold 2>/dev/null ||
	fail "ref add from TSV"

# a clearinghouse's text in acks
sqlite3 "$CLAIMKIT_DB" "INSERT INTO fetched(id, endpoint, remote_name, bytes, sha256, kind, file, fetched_at) VALUES(1, 'ch', 'a.277', 1, 'x', '277CA', '/dev/null', '2025-01-01T00:00:00Z'); INSERT INTO acks(fetched, kind, claim_id, status, codes, text, source, at) VALUES(1, '277CA', 'CLM0000003', 'rejected', 'A7:562', '=HYPERLINK(\"http://evil\",\"fix\")', 'PAYER', '2025-01-01T00:00:00Z')"
run claim-upload acks
expect_rc 0 acks
expect_out "\"'=HYPERLINK(\"\"http://evil\"\",\"\"fix\"\")\"" "acks guards the text"
grep -q '^[^'"'"']*,"=HYPERLINK' "$T/out" && fail "acks printed a formula"
finish
