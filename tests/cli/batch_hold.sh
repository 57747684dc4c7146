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
run claim-batch rule add --min-charge 500 --max-charge 100
expect_rc 2 "rule add with a range no charge falls in"
expect_err "--min-charge is above --max-charge" "an empty range named"
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

# dwell: a claim waits a night after import (local calendar dates)
claim-batch config dwell 1d
run claim-batch config dwell 1w
expect_rc 2 "bad dwell"
gen 5 9 | sed 's/^CLM/DWL/; 1s/^DWL/CLM/' >d.csv
CLAIMKIT_NOW=2027-01-10T12:00:00Z claim-batch import d.csv 2>/dev/null
sqlite3 "$CLAIMKIT_DB" "UPDATE claims SET ready_at='2027-01-10T12:00:00Z' WHERE claim_id LIKE 'DWL%'"
dwl=$(sql "SELECT count(*) FROM claims WHERE claim_id LIKE 'DWL%' AND status='ready'")
held=$(sql "SELECT count(*) FROM claims WHERE status='ready' AND ready_at LIKE '2027-01-10T%'")
CLAIMKIT_NOW=2027-01-10T23:59:59Z run claim-batch run
expect_eq "$(sql "SELECT count(*) FROM claims WHERE claim_id LIKE 'DWL%' AND status='batched'")" 0 "dwell holds"
expect_err "0 claims batched, 0 held by the scrub (see 'claim-batch scrub'), $held by the dwell, 0 in reference batches, 0 by exclusion rules, 0 in live batches" "the run counts what the dwell held"
CLAIMKIT_NOW=2027-01-10T23:59:59Z run claim-batch list --status ready
expect_eq "$(grep -c '^DWL.*,dwell until 2027-01-11$' "$T/out")" "$dwl" "list says until when the dwell holds"
CLAIMKIT_NOW=2027-01-11T00:00:01Z claim-batch run >/dev/null 2>&1
expect_eq "$(sql "SELECT count(*) FROM claims WHERE claim_id LIKE 'DWL%' AND status='ready' AND id NOT IN (SELECT claim FROM scrub_results)")" 0 "dwell over"
# imported at 23:00 local time, the claims go on the next night's run,
# at 21:00, not a day of hours later
gen 4 10 | sed 's/^CLM/NIT/; 1s/^NIT/CLM/' >t.csv
export TZ=America/Chicago
CLAIMKIT_NOW=2027-01-13T05:00:00Z claim-batch import t.csv 2>/dev/null   # 23:00 on the 12th
nit=$(sql "SELECT count(*) FROM claims WHERE claim_id LIKE 'NIT%' AND id NOT IN (SELECT claim FROM scrub_results)")
CLAIMKIT_NOW=2027-01-13T05:30:00Z run claim-batch run                   # 23:30 the same night
expect_eq "$(sql "SELECT count(*) FROM claims WHERE claim_id LIKE 'NIT%' AND status='batched'")" 0 "held the night of the import"
CLAIMKIT_NOW=2027-01-13T05:30:00Z run claim-batch list --claim NIT0000001
expect_out ",dwell until 2027-01-13" "list: the local date of the run that takes it"
CLAIMKIT_NOW=2027-01-14T03:00:00Z run claim-batch run                   # 21:00 on the 13th
expect_rc 0 "next night's run"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE claim_id LIKE 'NIT%' AND status='batched'")" "$nit" "batched on the next night's run"
unset TZ
claim-batch config dwell 0

# The default dwell is a night (a new database), and a database already
# in use before that default keeps the dwell of 0 it ran with.  The
# database is taken back to version 14: what later migrations added is
# dropped first (a newer migration adds its own undoing here).
export CLAIMKIT_DB="$T/fresh.db"
claim-batch import "$T/c.csv" 2>/dev/null || fail "import into a fresh database"
run claim-batch config dwell
expect_eq "$(cat "$T/out")" 1d "the default dwell: a night"
expect_eq "$(sql "SELECT count(*) FROM settings WHERE key LIKE '%dwell%'")" 0 "the default is not written"
m16=
for p in prior prior2; do
	m16="$m16 claims.${p}_claim_ref claims.${p}_remarks claims.${p}_relationship"
	m16="$m16 claim_lines.line_${p}_procedure claim_lines.line_${p}_units"
	for n in last first middle; do m16="$m16 claims.${p}_subscriber_$n"; done
done
m16="$m16 claims.next_insurance_type claims.next_relationship"
for n in last first middle dob sex address1 address2 city state zip; do
	m16="$m16 claims.next_subscriber_$n"
done
for c in $m16; do
	sql "ALTER TABLE ${c%.*} DROP COLUMN ${c#*.}" >/dev/null ||
	    fail "take back migration 16: $c"
done
sql "DELETE FROM settings; PRAGMA user_version = 14" >/dev/null
run claim-batch config dwell
expect_eq "$(cat "$T/out")" 0 "an older database keeps its dwell of 0"
expect_eq "$(sql "SELECT group_concat(key || '=' || value) FROM (SELECT * FROM
    settings WHERE key LIKE '%dwell%' ORDER BY key)")" "dwell=0,stage.era.dwell=0" \
    "both the run's and ERA Processing's dwell kept"
export CLAIMKIT_DB="$T/claimkit.db"

# what holds a claim, in the run's summary and in list's held column
gen 6 11 | sed 's/^CLM/WHY/; 1s/^WHY/CLM/' >w.csv
claim-batch import w.csv 2>/dev/null
claim-batch scrub >/dev/null 2>&1 || true
go=$(sql "SELECT group_concat(claim_id) FROM (SELECT claim_id FROM claims WHERE claim_id LIKE 'WHY%' AND id NOT IN (SELECT claim FROM scrub_results) ORDER BY id LIMIT 2)")
why1=${go%,*}
why2=${go#*,}
claim-batch ref open hold-why
printf 'claim_id\n%s\n' "$why1" | claim-batch ref add hold-why 2>/dev/null
claim-batch rule add --payer "$(sql "SELECT payer_id FROM claims WHERE claim_id='$why2'")" 2>/dev/null
rule=$(claim-batch rule list | tail -1 | cut -d, -f1)
run claim-batch list --claim "$why1" --claim "$why2"
expect_out "$why1,ready," "ref-held claim listed"
expect_eq "$(tail -n +2 "$T/out" | awk -F, '{print $NF}' | tr '\n' ' ')" "reference batch hold-why rule $rule " "list says what holds them"
run claim-batch run
expect_err "in reference batches" "summary names reference batches"
grep -q " 1 in reference batches," "$T/err" || fail "summary counts the reference batch: $(cat "$T/err")"
nrule=$(sql "SELECT count(*) FROM claims c WHERE status='ready' AND payer_id=(SELECT payer_id FROM claims WHERE claim_id='$why2') AND claim_id<>'$why1'")
grep -q " $nrule by exclusion rules," "$T/err" || fail "summary counts the rule ($nrule): $(cat "$T/err")"
claim-batch rule rm "$rule"
claim-batch ref close hold-why

# a claim in a live batch is never batched again, whatever its status says
claim-batch run >live.csv 2>/dev/null
lb=$(sql "SELECT batch_id FROM claims WHERE status='batched' LIMIT 1")
lc=$(sql "SELECT claim_id FROM claims WHERE batch_id=$lb LIMIT 1")
sqlite3 "$CLAIMKIT_DB" "UPDATE claims SET status='rejected' WHERE claim_id='$lc'"
# an answer about a batch never sent rejected it; then it was imported again
correct_claim c.csv again.csv "$lc"
[ -s again.csv ] && claim-batch import again.csv 2>/dev/null || \
	sqlite3 "$CLAIMKIT_DB" "UPDATE claims SET status='ready', batch_id=NULL WHERE claim_id='$lc'"
expect_eq "$(sql "SELECT status FROM claims WHERE claim_id='$lc'")" ready "forced: ready again"
run claim-batch run
expect_rc 0 "run with a claim of a live batch"
expect_eq "$(sql "SELECT status FROM claims WHERE claim_id='$lc'")" ready "not batched again"
expect_err " 1 in live batches" "summary counts the live batch"
run claim-batch list --claim "$lc"
expect_out ",live batch $lb" "list names the live batch"
# forced with the batch pointer kept: still held
sqlite3 "$CLAIMKIT_DB" "UPDATE claims SET status='ready' WHERE claim_id=(SELECT claim_id FROM claims WHERE batch_id=$lb AND claim_id<>'$lc' LIMIT 1)"
run claim-batch run
expect_eq "$(sql "SELECT count(*) FROM claims WHERE batch_id=$lb AND status='ready'")" 1 "a ready claim pointing at a live batch stays"
expect_eq "$(cat "$T/out")" "batch_id,kind,claims,total_charge,file,sha256" "no batch for it"
# once the batch is void, they go
claim-batch void "$lb" 2>/dev/null
run claim-batch run
expect_eq "$(sql "SELECT status FROM claims WHERE claim_id='$lc'")" batched "batched once its batch is void"

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
