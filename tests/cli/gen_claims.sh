#!/bin/sh
# scripts/gen-claims: deterministic, and what it writes imports cleanly.
. "$SRCDIR/tests/cli/lib.sh"
cd "$T"
gen 200 9 >a.csv
gen 200 9 >b.csv
cmp -s a.csv b.csv || fail "same seed, different output"
gen 200 10 >c.csv
cmp -s a.csv c.csv && fail "different seeds, same output"
expect_eq "$(cut -d, -f1 a.csv | sort -u | grep -c CLM)" 200 "claim count"
gen 50 9 --tsv >d.tsv
head -1 d.tsv | grep -q '	' || fail "--tsv wrote no tabs"
run claim-batch import a.csv
expect_rc 0 "import generated claims"
expect_eq "$(sql 'SELECT count(*) FROM claims')" 200 claims
for what in "filing='paper'" "rank=2" "rank=3" "relationship<>'18'" \
    "facility_name IS NOT NULL" "frequency='7'" "prior_paid IS NOT NULL"; do
	[ "$(sql "SELECT count(*) FROM claims WHERE $what")" -gt 0 ] ||
		fail "no generated claim with $what"
done
expect_eq "$(sql 'SELECT min(line_count) || "-" || max(line_count) FROM claims')" 1-6 "1 to 6 lines"
run python3 "$SRCDIR/scripts/gen-claims" x
expect_rc 2 "bad argument"
finish
