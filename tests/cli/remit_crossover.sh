#!/bin/sh
# A crossover (CLP02 19 with NM1*TT): the primary payer sent the claim on
# itself, so posting makes the next claim forwarded, never batched, and
# hands it the patient responsibility; the secondary payer's 835, which
# names our ORIGINAL claim id with CLP02 2 (processed as secondary),
# posts to that next claim: the patient owes only the secondary's PR.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
. "$SRCDIR/tests/cli/remit_lib.sh"
cd "$T"
remit_setup

# CLM0000001 (360.00, no next payer imported): Medicare pays 300.00,
# 60.00 coinsurance, and crosses it over
era835 cross.x12 XO1 'CLP*CLM0000001*19*360*300*60*MB*PCN1001~CAS*PR*2*60~NM1*QC*1*RYAN*DOROTHY****MI*1MC1RM9KJ65~NM1*TT*2*SECOND PAYER MUTUAL*****PI*99999'
run claim-remit post cross.x12
expect_rc 0 "post the crossover"
expect_out ",CLM0000001,PCN1001,forwarded,360.00,300.00,60.00,0.00,0.00,0.00,0.00," "forwarded, its PR handed on"
expect_eq "$(balances CLM0000001-2)" "forwarded,0,30000,0,6000,0" "the next claim owes the coinsurance"
expect_eq "$(sql "SELECT rank||','||payer_name||','||prior_payer_id||','||prior_paid FROM claims WHERE claim_id='CLM0000001-2'")" \
    "2,SECOND PAYER MUTUAL,MCRB1,30000" "to the payer NM1*TT names, with the prior payer's data"
expect_balanced "after the crossover"

# the payer has it: no run batches it
run claim-batch run
expect_eq "$(sql "SELECT status||','||coalesce(batch_id,'none') FROM claims WHERE claim_id='CLM0000001-2'")" "forwarded,none" "never batched"
run claim-batch list --status forwarded
expect_out "CLM0000001-2,forwarded" "listed as forwarded"

# undo takes the untouched forwarded claim away and gives the PR back
run claim-remit undo --yes 1
expect_rc 0 "undo the crossover"
expect_eq "$(balances CLM0000001)" "sent,0,0,0,36000,0" "back as sent"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE claim_id='CLM0000001-2'")" 0 "the forwarded claim gone"
run claim-remit post cross.x12
expect_rc 0 "post the crossover again"

# the secondary payer's 835: CLP01 our original id, CLP02 2; it pays
# 50.00, its CAS 23 meets the prior payer's impact, 10.00 to the patient
ERA_PAYER='SECOND PAYER MUTUAL*99999*1888888888' era835 sec.x12 SX1 \
    'CLP*CLM0000001*2*360*50*10*12*SPCN1~CAS*OA*23*300~CAS*PR*2*10'
run claim-remit post sec.x12
expect_rc 0 "the secondary payer's 835"
expect_out ",CLM0000001-2,SPCN1,paid,360.00,50.00,10.00,0.00,0.00,0.00,10.00," "posted to the next claim"
expect_eq "$(balances CLM0000001-2)" "paid,5000,30000,1000,0,1000" "the next claim paid"
expect_eq "$(balances CLM0000001)" "forwarded,30000,0,6000,0,0" "the primary's patient balance stays 0"
expect_eq "$(sql "SELECT sum(patient_balance) FROM claims WHERE claim_id LIKE 'CLM0000001%'")" 1000 "the patient owes only the secondary's PR"
expect_eq "$(sql "SELECT count(*) FROM remit_claims WHERE status='unmatched'")" 0 "nothing left unmatched"
expect_balanced "after the secondary"
finish
