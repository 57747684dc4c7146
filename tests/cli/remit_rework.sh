#!/bin/sh
# Denials reworked: a denied (or partly denied) claim, corrected and
# imported again, becomes a new version ready to batch; the denied one is
# kept as ID.vN with its postings and balances, and claim-remit denials
# no longer lists it.  Imported again unchanged, it stays as it is.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
. "$SRCDIR/tests/cli/remit_lib.sh"
cd "$T"
D="$SRCDIR/tests/data"
remit_setup
claim-remit post "$D/era-paid.x12" >/dev/null 2>&1 || fail "post"
expect_eq "$(balances CLM0000004)" "denied,0,0,0,2800,0" "denied"
expect_eq "$(balances CLM0000003)" "partial,24000,8300,4000,4500,4000" "partly denied"
run claim-remit denials
expect_out "CLM0000004,PCN4001,denied" "denial listed"
expect_out "CLM0000003,PCN3001,partial" "partial listed"

# imported again unchanged: nothing happens
run claim-batch import "$D/golden-claims.csv"
expect_rc 0 "import again unchanged"
expect_eq "$(balances CLM0000004)" "denied,0,0,0,2800,0" "unchanged: still denied"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE claim_id LIKE '%.v%'")" 0 "unchanged: no version"

# corrected (the group number of both) and imported again
sed -e '/^CLM000000[34],/s/,GRP0/,GRQ0/' "$D/golden-claims.csv" >fixed.csv
[ "$(grep -c GRQ0 fixed.csv)" -ge 2 ] || fail "setup: correction not made"
run claim-batch import fixed.csv
expect_rc 0 "import the corrections"
expect_eq "$(sql "SELECT group_concat(claim_id||':'||status, ' ') FROM
    (SELECT * FROM claims WHERE claim_id GLOB 'CLM000000[34]*' ORDER BY
    claim_id)")" \
    "CLM0000003:ready CLM0000003.v1:replaced CLM0000004:ready CLM0000004.v1:replaced" \
    "new versions ready, the denied kept"
# the denied version keeps its postings and balances
expect_eq "$(sql "SELECT c.claim_id FROM remit_claims rc JOIN claims c ON
    c.id=rc.claim WHERE rc.claim_id='CLM0000004'")" CLM0000004.v1 "postings stay with the denied version"
expect_eq "$(sql "SELECT insurance_paid||','||adjusted||','||insurance_balance FROM
    claims WHERE claim_id='CLM0000003.v1'")" "24000,12800,0" \
    "its payments stay with it; what was still owed goes to the new version"
expect_eq "$(sql "SELECT kind||','||amount||','||reason FROM adjustments a JOIN
    claims c ON c.id=a.claim WHERE c.claim_id='CLM0000003.v1'")" \
    "insurance,4500,replaced: owed on version CLM0000003" "closed by a named adjustment"
expect_eq "$(sql "SELECT sum(insurance_balance) FROM claims WHERE claim_id GLOB 'CLM0000004*'")" \
    2800 "the denied charge is owed once, not on both versions"
expect_eq "$(balances CLM0000004)" "ready,0,0,0,2800,0" "the new version owes the whole charge"
run claim-remit denials
expect_rc 0 denials
expect_eq "$(grep -c 'CLM000000[34]' "$T/out")" 0 "reworked denials not listed"

# batched again
claim-batch run 2>/dev/null >m2.csv || fail "run"
expect_eq "$(clm_ids $(manifest_col file m2.csv) | sort | tr '\n' ' ')" \
    "CLM0000003 CLM0000004 " "the corrections batched"
grep -q 'GRQ0107' $(manifest_col file m2.csv) || fail "the 837P lacks the correction"
expect_eq "$(sql "SELECT status FROM claims WHERE claim_id='CLM0000004'")" batched "batched"
expect_balanced "after rework"
finish
