#!/bin/sh
# What holds claims back from a run: reference batches, exclusion rules,
# the dwell setting.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
cd "$T"
configure
gen 60 7 >c.csv
claim-batch import c.csv 2>/dev/null
export CLAIMKIT_NOW=2027-01-10T12:00:00Z   # well after the import
# claims that can go (no scrub problem), as the run will see them
claim-batch scrub >/dev/null 2>&1
ok() { sql "SELECT count(*) FROM claims WHERE status='ready' AND id NOT IN (SELECT claim FROM scrub_results) $1"; }

# reference batch: its claims wait while it is open
printf 'claim_id\nCLM0000001\nCLM0000002\nCLM0000003\n' >held.csv
claim-batch ref open review-jan
run claim-batch ref add review-jan <held.csv
expect_rc 0 "ref add"
expect_err "3 claims added to 'review-jan'" "ref add count"
run claim-batch ref open review-jan
expect_rc 65 "ref open twice"
printf 'claim_id\nNOPE\n' | claim-batch ref add review-jan 2>"$T/err" && fail "ref add of an unknown claim"
grep -q "no claim 'NOPE'" "$T/err" || fail "unknown claim not named"
run claim-batch ref list
expect_out "review-jan,open," "ref list"

# rule: hold a payer's claims
payer=$(sql "SELECT payer_id FROM claims WHERE claim_id NOT IN ('CLM0000001','CLM0000002','CLM0000003') AND filing='electronic' GROUP BY payer_id ORDER BY count(*) DESC LIMIT 1")
run claim-batch rule add --payer "$payer"
expect_rc 0 "rule add"
run claim-batch rule add --min-charge 1e3
expect_rc 2 "rule add with bad money"
run claim-batch rule add
expect_rc 2 "rule add with nothing"
held_payer=$(ok "AND payer_id='$payer' AND claim_id NOT IN ('CLM0000001','CLM0000002','CLM0000003')")
want=$(($(ok "") - held_payer - $(ok "AND claim_id IN ('CLM0000001','CLM0000002','CLM0000003')")))
run claim-batch run
expect_rc 0 "run with holds"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE status='batched'")" "$want" "held claims stayed"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE status='batched' AND (payer_id='$payer' OR claim_id IN ('CLM0000001','CLM0000002','CLM0000003'))")" 0 "no held claim batched"

# closing the reference batch and removing the rule lets them go
claim-batch ref close review-jan
rule=$(claim-batch rule list | tail -1 | cut -d, -f1)
claim-batch rule rm "$rule"
run claim-batch rule rm "$rule"
expect_rc 65 "rule rm twice"
run claim-batch run
expect_eq "$(sql "SELECT count(*) FROM claims WHERE status='ready' AND id NOT IN (SELECT claim FROM scrub_results)")" 0 "all gone after release"

# rules on charge: --max-charge holds small claims
gen 20 8 | sed 's/^CLM/NEW/; 1s/^NEW/CLM/' >n.csv
claim-batch import n.csv 2>/dev/null
claim-batch rule add --max-charge 200.00 2>/dev/null
claim-batch run >/dev/null 2>&1
expect_eq "$(sql "SELECT count(*) FROM claims WHERE claim_id LIKE 'NEW%' AND status='batched' AND total_charge <= 20000")" 0 "--max-charge held"
claim-batch rule rm "$(claim-batch rule list | tail -1 | cut -d, -f1)"

# dwell: a claim waits a day after import
claim-batch config dwell 1d
run claim-batch config dwell 1w
expect_rc 2 "bad dwell"
gen 5 9 | sed 's/^CLM/DWL/; 1s/^DWL/CLM/' >d.csv
CLAIMKIT_NOW=2027-01-10T12:00:00Z claim-batch import d.csv 2>/dev/null
sqlite3 "$CLAIMKIT_DB" "UPDATE claims SET ready_at='2027-01-10T12:00:00Z' WHERE claim_id LIKE 'DWL%'"
CLAIMKIT_NOW=2027-01-11T11:59:59Z claim-batch run >/dev/null 2>&1
expect_eq "$(sql "SELECT count(*) FROM claims WHERE claim_id LIKE 'DWL%' AND status='batched'")" 0 "dwell holds"
CLAIMKIT_NOW=2027-01-11T12:00:00Z claim-batch run >/dev/null 2>&1
expect_eq "$(sql "SELECT count(*) FROM claims WHERE claim_id LIKE 'DWL%' AND status='ready' AND id NOT IN (SELECT claim FROM scrub_results)")" 0 "dwell over"

# a paper claim whose amount would not fit its box on the form is held
python3 - <<'PY'
import csv
rows = list(csv.reader(open("c.csv", newline="")))
h = rows[0]
out = [h]
for r in rows[1:]:
    if r[h.index("payer_filing")] == "paper" and r[h.index("rank")] == "1":
        r[0] = "BIG0000001"
        r[h.index("charge")] = "250000.00"
        r[h.index("claim_total")] = ""
        out.append(r)
        break
csv.writer(open("big.csv", "w", newline=""), lineterminator="\n").writerows(out)
PY
claim-batch import big.csv 2>/dev/null
run claim-batch scrub --claim BIG0000001
expect_out "BIG0000001,cms1500,,0," "wide amount held by the print check"
claim-batch run >/dev/null 2>&1
expect_eq "$(sql "SELECT status FROM claims WHERE claim_id='BIG0000001'")" ready "wide paper claim not batched"
expect_eq "$(claim-batch list --claim BIG0000001 | tail -1 | grep -c 'cms1500:')" 1 "list shows the problem"

# every change is in the audit
for a in ref-open ref-add ref-close rule-add rule-rm config run; do
	claim-batch audit | grep -q ",$a," || fail "no audit row for $a"
done
finish
