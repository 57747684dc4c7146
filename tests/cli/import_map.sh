#!/bin/sh
# An export as a practice-management system writes it: its own column
# names and extra columns, read through a column map (--map); and a
# UTF-16 file, named as such rather than read as garbage.
. "$SRCDIR/tests/cli/lib.sh"
cd "$T"
gen 5 9 >c.csv
lines=$(($(wc -l <c.csv) - 1))
# the export: claim_id and patient_last renamed, two columns of its own
python3 - <<'PY'
import csv
rows = list(csv.reader(open("c.csv", newline="")))
h = rows[0]
h[h.index("claim_id")] = "Account No"
h[h.index("patient_last")] = "Patient Last Name"
h += ["Chart", "Balance Due"]
for r in rows[1:]:
    r += ["CH-1", "-12.00"]
csv.writer(open("export.csv", "w", newline=""), lineterminator="\r\n").writerows(rows)
PY
printf 'from,to\nAccount No,claim_id\n"Patient Last Name",patient_last\nChart,\nBalance Due,\n' >map.csv

run claim-batch import export.csv
expect_rc 65 "no map"
expect_err "export.csv:1:1: unknown column 'Account No': expected a claim column named in claimkit(5) (or a column map, --map)" "no map"
expect_eq "$(sql 'SELECT count(*) FROM claims' 2>/dev/null || echo 0)" 0 "no map: nothing loaded"

run claim-batch import --map map.csv export.csv
expect_rc 0 "mapped"
expect_err "imported 5 claims ($lines lines) from 'export.csv': 5 new" "mapped"
want=$(python3 -c 'import csv; r = list(csv.DictReader(open("c.csv"))); print(r[0]["claim_id"] + "," + r[0]["patient_last"])')
expect_eq "$(sql "SELECT claim_id || ',' || patient_last FROM claims ORDER BY id LIMIT 1")" "$want" "mapped values"
# the same claims in our own names are the same claims
run claim-batch import c.csv
expect_rc 0 "ours"
expect_err "0 new, 0 replaced, 0 new versions, 5 unchanged, 0 refused" "same claims"

# a column the map leaves out is still refused
printf 'from,to\nAccount No,claim_id\nPatient Last Name,patient_last\nChart,\n' >short.csv
run claim-batch import --map short.csv export.csv
expect_rc 65 "unmapped column"
expect_err "export.csv:1:$(head -1 export.csv | tr ',' '\n' | grep -n 'Balance Due' | cut -d: -f1): unknown column 'Balance Due': expected a claim column named in claimkit(5), or one the column map names" "unmapped column"
expect_err "nothing imported" "unmapped column"

# bad maps: named by file, line and field
bad_map() {
	printf "$2" >bad.csv
	run claim-batch import --map bad.csv export.csv
	expect_rc 65 "$1"
	expect_err "$3" "$1"
	expect_err "nothing imported" "$1"
}
bad_map "unknown target" 'from,to\nAccount No,claim_no\n' "bad.csv:2:2: unknown claim column 'claim_no': expected one named in claimkit(5), or nothing to ignore the export's column"
bad_map "mapped twice" 'from,to\nChart,\nChart,office\n' "bad.csv:3:1: 'Chart' is mapped twice: expected each export column once"
bad_map "no header" 'Account No,claim_id\n' "bad.csv:1: expected the header 'from,to' of a column map"
printf 'from,to\nAccount No,claim_id\nPatient Last Name,patient_last\nChart,claim_id\nBalance Due,\n' >bad.csv
run claim-batch import --map bad.csv export.csv
expect_rc 65 "two columns as one"
expect_err "export.csv:1:$(head -1 export.csv | tr ',' '\n' | grep -n Chart | cut -d: -f1): column 'Chart' is read as 'claim_id', as field 1 already is: expected each claim column once" "two columns as one"
run claim-batch import --map nothere.csv export.csv
expect_rc 1 "missing map"
expect_err "cannot open 'nothere.csv'" "missing map"
expect_eq "$(sql 'SELECT count(*) FROM imports')" 2 "bad maps imported nothing"

# UTF-16, as spreadsheets save "Unicode text": with and without a BOM
python3 - <<'PY'
data = open("c.csv", encoding="utf-8").read()
open("le.csv", "wb").write(data.encode("utf-16"))           # BOM, LE
open("be.csv", "wb").write(b"\xfe\xff" + data.encode("utf-16-be"))
open("nobom.csv", "wb").write(data.encode("utf-16-le"))
open("nobom-be.csv", "wb").write(data.encode("utf-16-be"))
PY
for f in le:UTF-16 be:UTF-16 nobom:UTF-16LE nobom-be:UTF-16BE; do
	run claim-batch import "${f%%:*}.csv"
	expect_rc 65 "$f"
	expect_err "${f%%:*}.csv:1:1: the file is UTF-16 text (as a spreadsheet saves \"Unicode text\"): expected UTF-8; convert it first, as with iconv -f ${f#*:} -t UTF-8" "$f"
	grep -q "appears twice" "$T/err" && fail "$f: reported as a doubled column"
done
# and converted as the message says, it loads
iconv -f UTF-16 -t UTF-8 le.csv >fixed.csv
run claim-batch import fixed.csv
expect_rc 0 "converted"
expect_err "5 unchanged" "converted"
finish
