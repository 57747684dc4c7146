#!/bin/sh
# claim-settle without a terminal (--yes): what a settled claim's history
# does when the claim is imported again or its batch is voided.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
cd "$T"
gen 12 43 >c.csv
claim-batch import c.csv 2>/dev/null
claim-settle config writeoff insurance
run claim-settle --yes --claim CLM0000001 --claim CLM0000002
expect_rc 0 "settle with filters"
expect_eq "$(tail -n +2 "$T/out" | wc -l | tr -d ' ')" 2 "two rows"
grep -qF "$(sql "SELECT patient_last FROM claims WHERE claim_id='CLM0000001'")" "$T/err" &&
	fail "the --yes summary on stderr named a patient"
claim-settle undo --yes 1 2>/dev/null
expect_eq "$(sql "SELECT status FROM claims WHERE claim_id='CLM0000001'")" ready "undone"

# corrected and imported again, a claim keeps its settlement history
grep -e '^claim_id' -e '^CLM0000001,' c.csv >one.csv
run claim-batch import one.csv
expect_rc 0 "re-import after a settlement was undone"
expect_eq "$(sql "SELECT count(*) FROM settle_items i JOIN claims c ON c.id=i.claim WHERE c.claim_id='CLM0000001'")" 1 "history follows the claim"
expect_eq "$(sql "SELECT count(*) FROM adjustments a JOIN claims c ON c.id=a.claim WHERE c.claim_id='CLM0000001'")" 2 "adjustments follow the claim"
expect_eq "$(sqlite3 "$CLAIMKIT_DB" 'PRAGMA foreign_key_check' | wc -l | tr -d ' ')" 0 "foreign keys hold"

# a claim settled while in an unsent batch stays settled when it is voided
configure
b=$(claim-batch run --electronic-only 2>/dev/null | manifest_col batch_id /dev/stdin)
id=$(sql "SELECT claim_id FROM claims WHERE batch_id=$b LIMIT 1")
claim-settle --yes --claim "$id" >/dev/null 2>&1
claim-batch void "$b" 2>/dev/null
expect_eq "$(sql "SELECT status FROM claims WHERE claim_id='$id'")" settled "void keeps settled"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE batch_id IS NULL AND status='ready'")" \
	"$(sql "SELECT count(*) FROM claims WHERE status='ready'")" "void released the rest"
finish
