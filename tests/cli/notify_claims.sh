#!/bin/sh
# notify-queue load --from-claims: statements built from claimkit's own
# patient balances, grouped by the guarantor columns of the claim
# import; a wrong guarantor column names the claim and loads nothing.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/notify_lib.sh"
cd "$T"
nq_setup
gen 6 5 >c0.csv
# claims 1-3: guarantor GA; 4-5: GB by text; 6: none
python3 - c0.csv >c.csv <<'PY'
import csv, sys
r = csv.reader(open(sys.argv[1], newline=""))
w = csv.writer(sys.stdout, lineterminator="\n")
head = next(r)
w.writerow(head + ["guarantor_id", "guarantor_name", "guarantor_email", "guarantor_mobile", "guarantor_channel"])
for row in r:
    n = int(row[0][3:])
    g = ["GA", "Pat Guarantor", "pat@example.org", "", "email"] if n <= 3 else \
        ["GB", "Lou Payer", "", "+13125550177", "sms"] if n <= 5 else ["", "", "", "", ""]
    w.writerow(row + g)
PY
claim-batch import c.csv 2>/dev/null
expect_eq "$(sql "SELECT count(*) FROM claims WHERE guarantor_id='GA'")" 3 "guarantor columns imported"
# patient balances, as claim-remit posts them; claim 2 owes nothing
sql_w() { sqlite3 -batch "$CLAIMKIT_DB" "$1"; }
sql_w "UPDATE claims SET patient_balance = 1000 + id WHERE claim_id <> 'CLM0000002'"
run notify-queue load --from-claims --profile standard --date 2026-11-30
expect_rc 0 "--from-claims"
expect_err "loaded 4 statement row(s)" "the claims with a balance and a guarantor"
expect_eq "$(sql "SELECT guarantor_id || ':' || balance || ':' || channel || ':' || statement_id FROM notifications ORDER BY guarantor_id" | tr '\n' ' ')" \
	"GA:2004:email:C-2026-11-30-GA GB:2009:email:C-2026-11-30-GB " "one per guarantor, the sum of its claims, at level 3 (email)"
expect_eq "$(sql "SELECT group_concat(patient_id) FROM notify_statements WHERE guarantor_id='GA' ORDER BY patient_id")" \
	"CLM0000001,CLM0000003" "an account per claim owing"
run notify-queue load --from-claims --profile standard --date 2026-11-30
expect_err "4 loaded before" "again: nothing new"
# a wrong address: the claim is named, nothing loaded
sql_w "UPDATE claims SET guarantor_email='pat@' WHERE claim_id='CLM0000003'"
cp "$CLAIMKIT_DB" before.db
run notify-queue load --from-claims --profile standard --date 2026-12-30
expect_rc 65 "wrong guarantor email"
expect_err "claim 'CLM0000003': guarantor_email: expected an email address" "the claim and column named"
expect_eq "$(sql "SELECT count(*) FROM notify_statements WHERE statement_date='2026-12-30'")" 0 "nothing loaded"
run notify-queue load --from-claims
expect_rc 2 "--from-claims needs --profile"
finish
