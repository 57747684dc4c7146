#!/bin/sh
# claim-remit post prints its rows from what it posts (remit.c), the
# denials table from SQL (store_remit.c): the two agree to the byte on
# every claim payment both show (denied, partly denied: CAS summed by
# group and reason, claim and line remarks).
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
. "$SRCDIR/tests/cli/remit_lib.sh"
cd "$T"
remit_gen 200 3
python3 "$SRCDIR/tests/cli/fake_835.py" --per-set 60 era.835 drop/in/* >/dev/null
run claim-remit post era.835
expect_rc 0 "post"
tail -n +2 "$T/out" | sort >posted.csv
head -n 1 "$T/out" >posted-header.csv
run claim-remit denials
expect_rc 0 "denials"
tail -n +2 "$T/out" | cut -d, -f1-12 | sort >sql.csv
expect_eq "$(head -n 1 "$T/out" | cut -d, -f1-12)" "$(cat posted-header.csv)" "the same columns"
n=$(wc -l <sql.csv)
[ "$n" -ge 40 ] || fail "denials: only $n rows"
expect_eq "$(grep -c 'N130' sql.csv)" "$(grep -c ',denied,.*N130' posted.csv)" "remarks"
expect_eq "$(comm -23 sql.csv posted.csv)" "" "rows of the denials table that the post printed otherwise"
finish
