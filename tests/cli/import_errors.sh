#!/bin/sh
# Bad input gets a clear error naming file, line and field, exit 65, and
# changes nothing in the database.
. "$SRCDIR/tests/cli/lib.sh"
cd "$T"
gen 6 3 >good.csv
run claim-batch import good.csv
expect_rc 0 "good import"
snap() { sqlite3 "$CLAIMKIT_DB" .dump | md5sum; }
before=$(snap)

# bad NAME EXPECTED-TEXT [csvset edits...]: imports a mutated copy.
bad() {
	name=$1 want=$2
	shift 2
	python3 "$SRCDIR/tests/cli/csvset.py" good.csv "$name.csv" "$@"
	run claim-batch import "$name.csv"
	expect_rc 65 "$name"
	expect_err "$want" "$name"
	expect_err "nothing imported" "$name"
	[ ! -s "$T/out" ] || fail "$name: printed to stdout"
	[ "$(snap)" = "$before" ] || fail "$name: database changed"
}

col() { head -1 good.csv | tr ',' '\n' | grep -nx "$1" | cut -d: -f1; }

bad date "date.csv:3:$(col service_date): service_date: expected a real date as YYYY-MM-DD" \
	2 service_date 2025-02-30
bad exp "exp.csv:2:$(col charge): charge: expected an amount like 123.45" 1 charge 1e3
bad cents "cents.csv:4:$(col charge): charge: expected an amount" 3 charge 12.345
bad negative "negative.csv:2:$(col charge): charge: expected an amount like 123.45 (not negative" 1 charge -5.00
bad missing_col "missing_col.csv:1: missing column 'charge'" 0 -charge x
bad unknown_col "unknown_col.csv:1:$(($(col line_prior_adjustments) + 1)): unknown column 'colour'" 0 +colour x
bad empty_req "empty_req.csv:2:$(col procedure): procedure: expected a value, found none" 1 procedure ""
bad enum "enum.csv:2:$(col rank): rank: expected one of 1|2|3, got '4'" 1 rank 4
bad dob "dob.csv:2:$(col patient_dob): patient_dob: expected a real date as YYYY-MM-DD" 1 patient_dob 1970-13-01
grep -q 1970-13-01 "$T/err" && fail "a patient's date of birth was echoed in an error"
# a patient column's value is never quoted, even where it is only a code
# (a row whose values slid a column over would show a name there)
bad state "state.csv:2:$(col patient_state): patient_state: expected a two-letter state code (the value is private and not shown)" \
	1 patient_state J0
grep -q "'J0'" "$T/err" && fail "a patient column's value was echoed"
bad sex "sex.csv:2:$(col subscriber_sex): subscriber_sex: expected one of M|F|U (the value is private and not shown)" \
	1 subscriber_sex Q
grep -q "'Q'" "$T/err" && fail "a subscriber column's value was echoed"
# a date of service is patient data too: the message says where, not what
sd=$(python3 -c 'import csv,sys; print(list(csv.DictReader(open("good.csv")))[0]["service_date"])')
bad date_order "date_order.csv:2:$(col service_date_to): service_date_to: claim 'CLM0000001': expected a date on or after service_date" \
	1 service_date_to 2001-01-01
grep -qe "$sd" -e 2001-01-01 "$T/err" && fail "a date of service was echoed in an error"
# a claim whose lines disagree on a claim-level field (rows 1 and 2 are
# both lines of the first claim when it has two; find such a pair)
pair=$(awk -F, 'NR>2 && $1==prev {print NR-1; exit} {prev=$1}' good.csv)
bad disagree "disagree.csv:$((pair + 1)):$(col payer_id): payer_id: claim 'CLM0000001' has another value on line $pair" \
	"$pair" payer_id OTHER
bad control "control.csv:2:$(col office): office: expected text without control characters" 1 office "$(printf 'A\001B')"
bad long "long.csv:2:$(col claim_id): claim_id: expected at most 20 characters" 1 claim_id CLM00000000000000000001

# not adjacent: the first claim's rows again at the end
{ cat good.csv; sed -n 2p good.csv; } >apart.csv
run claim-batch import apart.csv
expect_rc 65 "apart"
expect_err "apart.csv:$(($(wc -l <good.csv) + 1)):1: claim_id: claim 'CLM0000001' already appeared at line 2" "apart"
[ "$(snap)" = "$before" ] || fail "apart: database changed"

# syntax: bad quoting, a truncated file, a short row, a 10 MB field
{ head -2 good.csv; sed -n 3p good.csv | sed 's/^CLM/CL"M/'; } >quote.csv
run claim-batch import quote.csv
expect_rc 65 quote
expect_err "quote.csv:3:1: bad quoting at character 3" quote
{ head -3 good.csv; printf 'CLM9,"Smith\n'; } >trunc.csv
run claim-batch import trunc.csv
expect_rc 65 trunc
expect_err "trunc.csv:4:2: unterminated quoted field" trunc
{ head -2 good.csv; echo "CLM9,Smith"; } >short.csv
run claim-batch import short.csv
expect_rc 65 short
expect_err "short.csv:3:3: expected $(col line_prior_adjustments) fields as in the header, found 2" short
python3 - <<'PY'
import csv
rows = list(csv.reader(open("good.csv", newline="")))
rows[1][rows[0].index("patient_address2")] = "x" * (10 << 20)
csv.writer(open("huge.csv", "w", newline=""), lineterminator="\n").writerows(rows)
PY
run claim-batch import huge.csv
expect_rc 65 huge
expect_err "huge.csv:2:$(col patient_address2): patient_address2: expected at most 55 characters, got 10485760" huge
[ "$(snap)" = "$before" ] || fail "syntax errors: database changed"

# a missing file
run claim-batch import nothere.csv
expect_rc 1 "missing file"
expect_err "claim-batch: cannot open 'nothere.csv': No such file or directory" "missing file"
finish
