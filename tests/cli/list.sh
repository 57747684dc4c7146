#!/bin/sh
# claim-batch list: the shared filters, formats, and selection by stdin.
. "$SRCDIR/tests/cli/lib.sh"
cd "$T"
gen 300 21 >c.csv
claim-batch import c.csv 2>/dev/null

# count CONDITION: claims the database says match, to compare with list
count() { sql "SELECT count(*) FROM claims WHERE $1"; }
# listed ARGS...: rows list prints (without the header)
listed() { claim-batch list "$@" | tail -n +2 | wc -l | tr -d ' '; }

expect_eq "$(claim-batch list | head -1)" \
	"claim_id,status,filing,patient_last,patient_first,patient_dob,payer_id,payer_name,rank,billing_npi,rendering_npi,office,place_of_service,from_date,to_date,lines,total_charge,batch_id,stage,stage_at,problems,insurance_paid,adjusted,patient_resp,insurance_balance,patient_balance,held" header
expect_eq "$(listed)" 300 "all"
payer=$(sql "SELECT payer_id FROM claims GROUP BY payer_id ORDER BY count(*) DESC LIMIT 1")
payer2=$(sql "SELECT payer_id FROM claims GROUP BY payer_id ORDER BY count(*) ASC LIMIT 1")
npi=$(sql "SELECT rendering_npi FROM claims WHERE rendering_npi IS NOT NULL LIMIT 1")
office=$(sql "SELECT office FROM claims LIMIT 1")
expect_eq "$(listed --payer "$payer")" "$(count "payer_id='$payer'")" "--payer"
lower=$(echo "$payer" | tr A-Z a-z)
expect_eq "$(listed --payer "$lower")" "$(count "payer_id='$payer'")" "--payer in lower case"
expect_eq "$(listed --payer "$payer" --payer "$payer2")" \
	"$(count "payer_id IN ('$payer','$payer2')")" "--payer twice"
expect_eq "$(listed --provider "$npi")" \
	"$(count "billing_npi='$npi' OR rendering_npi='$npi'")" "--provider"
expect_eq "$(listed --office "$office")" "$(count "office='$office'")" "--office"
expect_eq "$(listed --from 2025-03-01 --to 2025-05-31)" \
	"$(count "first_date BETWEEN '2025-03-01' AND '2025-05-31'")" "--from --to"
expect_eq "$(listed --before 2025-03-01)" "$(count "first_date < '2025-03-01'")" "--before"
expect_eq "$(listed --filing paper)" "$(count "filing='paper'")" "--filing"
expect_eq "$(listed --rank 2)" "$(count "rank=2")" "--rank"
expect_eq "$(listed --claim CLM0000007 --claim CLM0000009)" 2 "--claim"
expect_eq "$(listed --claim CLM0000007 --payer NOSUCH)" 0 "filters all apply"
[ "$(listed --filing paper)" -gt 0 ] || fail "sample has no paper claims"
[ "$(listed --rank 2)" -gt 0 ] || fail "sample has no secondary claims"

# statuses, and open = any but settled
sqlite3 "$CLAIMKIT_DB" "UPDATE claims SET status='settled' WHERE id % 10 = 0"
expect_eq "$(listed --status settled)" 30 "--status settled"
expect_eq "$(listed --status open)" 270 "--status open"
expect_eq "$(listed --status ready --status settled)" 300 "--status twice"

# pipes compose: list | list --stdin selects the same claims, CSV or TSV
claim-batch list --payer "$payer" --rank 1 >a.csv
claim-batch list --stdin <a.csv >b.csv
cmp -s a.csv b.csv || fail "list | list --stdin differs"
claim-batch list --tsv --payer "$payer" --rank 1 >a.tsv
claim-batch list --tsv --stdin <a.tsv | cmp -s - a.tsv || fail "TSV round trip"
expect_eq "$(head -1 a.tsv | tr "\t" "\n" | wc -l | tr -d " ")" 27 "TSV columns"
claim-batch list --stdin --rank 2 <a.csv >c2.csv
expect_eq "$(tail -n +2 c2.csv | wc -l | tr -d ' ')" 0 "--stdin and filters"
printf 'claim_id\nCLM0000001\nCLM0000001\nNOPE\n' | claim-batch list --stdin >d.csv
expect_eq "$(tail -n +2 d.csv | cut -d, -f1)" CLM0000001 "--stdin ids"

# an empty result still prints the header, so the next program reads it
expect_eq "$(claim-batch list --payer NOSUCH)" "$(claim-batch list | head -1)" "empty"

# --help prints help only
run claim-batch list --help
expect_rc 0 "list --help"
expect_eq "$(head -1 "$T/out" | cut -c1-32)" "usage: claim-batch [--db PATH] l" "list --help"
grep -q CLM "$T/out" && fail "list --help listed claims"

# a reader never creates a database: a mistyped --db is an error
run claim-batch --db "$T/typo.db" list
expect_rc 1 "missing database"
expect_err "no database at '$T/typo.db'" "missing database"
[ -e "$T/typo.db" ] && fail "list created a database"
run claim-batch --db
expect_rc 2 "--db without a path"
expect_err "missing argument to '--db'" "--db without a path"

# usage errors: exit 2, nothing on stdout
run claim-batch list --from 2025-02-30
expect_rc 2 "bad --from"
expect_err "--from: expected a date as YYYY-MM-DD, got '2025-02-30'" "bad --from"
expect_err "usage: claim-batch [--db PATH] list" "usage shown"
run claim-batch list --rank 4
expect_rc 2 "bad --rank"
run claim-batch list --status lost
expect_rc 2 "bad --status"
run claim-batch list --colour red
expect_rc 2 "unknown option"
expect_err "unknown option '--colour'" "unknown option"
run claim-batch list extra
expect_rc 2 "extra argument"
printf 'id\nCLM0000001\n' >noid.csv
run claim-batch list --stdin <noid.csv
expect_rc 65 "--stdin without claim_id"
expect_err "<stdin>:1: expected a column named 'claim_id'" "--stdin without claim_id"
finish
