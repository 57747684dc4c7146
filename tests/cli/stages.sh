#!/bin/sh
# Sessions in (all or nothing, FILE:LINE:FIELD), Invoice Creation and
# Invoice Processing: the dwell counted in nights, each stage's switch
# and its own exclusion rules (self-pay among them), self-pay invoices
# becoming patient balances, two runs at once moving each item once, and
# the automation view.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/stages_lib.sh"
cd "$T"
gen 8 2 >c.csv
sessions c.csv s.csv
fee_all s.csv >fees.csv

# Sessions in: a bad value names file, line and field; nothing loaded.
cp s.csv bad.csv
python3 - bad.csv <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
rows[3][rows[0].index("service_date")] = "2025-02-30"
csv.writer(open(sys.argv[1], "w", newline=""), lineterminator="\n").writerows(rows)
PY
col=$(head -1 s.csv | tr , '\n' | grep -n '^service_date$' | cut -d: -f1)
run claim-batch import --sessions bad.csv
expect_rc 65 "bad session"
expect_err "bad.csv:4:$col: service_date:" "bad session names file, line, field"
expect_err "nothing imported" "bad session"
[ ! -f "$CLAIMKIT_DB" ] || expect_eq "$(sql "SELECT count(*) FROM claims")" 0 \
    "a bad sessions file loads nothing"
run claim-batch import --sessions c.csv
expect_rc 65 "charges in a sessions file"
expect_err "c.csv:1:" "charges in a sessions file"
expect_err "expected no charges" "charges in a sessions file"

# Sunday: sessions in, fees in.  CLM0000008 is self-pay.
setcol s.csv CLM0000008 payer_id SELF
export CLAIMKIT_NOW=2026-03-01T12:00:00Z
run claim-batch import --sessions s.csv
expect_rc 0 "import --sessions"
expect_err "imported 8 sessions (" "import --sessions summary"
claim-batch fees import fees.csv 2>/dev/null
expect_eq "$(sql "SELECT count(*) FROM claims WHERE status='session' AND
    total_charge=0")" 8 "sessions loaded, unpriced"
# A rule of Invoice Creation holds CLM0000002's payer; one of Invoice
# Processing holds the insured (so only the self-pay one moves).
p2=$(sql "SELECT payer_id FROM claims WHERE claim_id='CLM0000002'")
claim-batch rule add --stage invoice-create --payer "$p2" 2>/dev/null
held2=$(sql "SELECT group_concat(claim_id) FROM claims WHERE payer_id='$p2'")

# The same Sunday night: nothing has waited a night yet.
run claim-batch invoice create
expect_rc 0 "invoice create, Sunday"
expect_err "0 sessions invoiced" "dwell in nights: not the same day"

# Monday 00:30 UTC is still Sunday in America/Chicago: still held.
export TZ=America/Chicago CLAIMKIT_NOW=2026-03-02T04:30:00Z
run claim-batch invoice create
expect_err "0 sessions invoiced" "dwell counts local nights"

# Monday night: all but the rule's become invoices, priced.
export CLAIMKIT_NOW=2026-03-03T05:00:00Z
n=$(echo "$held2" | tr , '\n' | wc -l)
run claim-batch invoice create
expect_rc 0 "invoice create, Monday"
expect_err "$((8 - n)) sessions invoiced; held: $n by a rule" "Monday's invoices"
expect_eq "$(sql "SELECT count(*) FROM claims c WHERE status='invoice' AND
    total_charge = (SELECT sum((1000 * units + 500) / 1000) FROM claim_lines
    WHERE claim = c.id) AND insurance_balance = total_charge")" "$((8 - n))" \
    "invoices priced: 10.00 a unit"
for c in $(echo "$held2" | tr , ' '); do
	expect_eq "$(status_of "$c")" session "the rule's session $c stays"
done
run claim-batch invoice process
expect_err "0 invoices processed" "an invoice waits a night"
# The export holds the same sessions again the next night: priced since,
# they are the same sessions, left as they are; a changed one that is
# past Invoice Creation is refused, named (exit 3).
run claim-batch import --sessions s.csv
expect_rc 0 "the same sessions again, after invoicing"
expect_err "0 new, 0 replaced, 0 new versions, 8 unchanged, 0 refused" "priced sessions are unchanged"
inv=$(sql "SELECT claim_id FROM claims WHERE status='invoice' ORDER BY claim_id LIMIT 1")
setcol s.csv "$inv" place_of_service 22
run claim-batch import --sessions s.csv
expect_rc 3 "a changed invoiced session"
expect_err "claim '$inv' is invoice and changed, not imported" "the changed one named"

# Switched off: Invoice Processing does nothing, says so; audited.
claim-batch automation off invoice-process 2>/dev/null
expect_eq "$(sql "SELECT after FROM audit WHERE subject =
    'stage.invoice-process.on'")" off "switch audited"
export CLAIMKIT_NOW=2026-03-04T05:00:00Z
run claim-batch invoice process
expect_rc 0 "a stage off"
expect_err "Invoice Processing is switched off: nothing done" "a stage off"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE status='invoice'")" \
    "$((8 - n))" "a stage off moves nothing"
# ... and only its own items: Invoice Creation still runs.
claim-batch rule rm 1 2>/dev/null
run claim-batch invoice create
expect_err "Invoice Creation: $n session" "the other stage still runs"

# Back on, with a rule holding the insured: only self-pay moves.
claim-batch automation on invoice-process 2>/dev/null
claim-batch rule add --stage invoice-process --self-pay no 2>/dev/null
run claim-batch invoice process
expect_err "1 invoice processed (0 claims, 1 patient balance)" "self-pay rule"
expect_eq "$(sql "SELECT status, patient_balance, insurance_balance FROM
    claims WHERE claim_id='CLM0000008'")" \
    "balance|$(sql "SELECT total_charge FROM claims WHERE claim_id='CLM0000008'")|0" \
    "self-pay: a patient balance"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE total_charge <> insurance_paid
    + adjusted + patient_resp + insurance_balance OR patient_balance <> patient_resp")" 0 \
    "every claim balances: the self-pay one's charge is the patient's responsibility"
# The Submission rules are today's rules: a stage rule holds nothing there.
expect_eq "$(claim-batch rule list | cut -d, -f11,12 | tail -1)" \
    "invoice-process,no" "rule list shows stage and self-pay"

# Two runs at once: each invoice is processed once.
claim-batch rule rm "$(claim-batch rule list | tail -1 | cut -d, -f1)" 2>/dev/null
claim-batch invoice process 2>e1 &
p1=$!
claim-batch invoice process 2>e2 &
p2=$!
wait $p1 || fail "first of two runs failed: $(cat e1)"
wait $p2 || fail "second of two runs failed: $(cat e2)"
# (the invoice made tonight waits for tomorrow night)
expect_eq "$(sql "SELECT count(*) FROM audit WHERE action='invoice-process'")" \
    7 "each invoice processed once"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE status='ready'")" 6 \
    "insured invoices became ready claims"

# The view: one row per stage, what waits and why.
run claim-batch automation
expect_rc 0 automation
expect_out "stage,on,time,dwell,rules,waiting,held,held_why,last_run,last_result" "automation header"
expect_out "invoice-create,on,23:00,1d,0,0,0,," "automation invoice-create row"
expect_out "invoice-process,on,22:00,1d,0,1,1,dwell 1,2026-03-04T05:00:00Z,\"ok, moved" "automation invoice-process row"
expect_out "submission,on,21:00,1d,0,6,6,dwell 6,," "automation submission row: the default dwell holds what came tonight"
claim-batch automation time submission 20:30 2>/dev/null
claim-batch automation off era 2>/dev/null
run claim-batch automation schedule
expect_rc 0 "automation schedule"
expect_eq "$(grep -c ' --db ' "$T/out")" 3 "schedule: the stages that are on"
expect_out "0 23 * * * $BINDIR/claim-batch --db $CLAIMKIT_DB invoice create" "schedule: invoice create"
expect_out "30 20 * * * $BINDIR/claim-batch --db $CLAIMKIT_DB run --upload" "schedule: its time"
run claim-batch automation schedule --tz America/New_York
expect_out "0,15,30,45 * * * * $BINDIR/claim-batch due --daily --start 2026-03-04 --tz America/New_York --at 22:00 && $BINDIR/claim-batch --db $CLAIMKIT_DB invoice process" \
    "schedule in a zone: Debian cron's guard, no CRON_TZ"
claim-batch automation on era 2>/dev/null
run claim-batch automation schedule
expect_out "0 20 * * * $(dirname "$(command -v claim-remit)")/claim-remit --db $CLAIMKIT_DB post --fetch" \
    "schedule: ERA Processing fetches its 835s, then posts"
finish
