#!/bin/sh
# Where a claim payment goes when CLP01 is the claim id the payer knows
# (ours, the primary's) and CLP02 says at which rank it processed it: a
# payment processed as secondary for a claim with no secondary claim yet
# is held, naming why, not posted onto the primary; a reversal goes where
# what it reverses was posted (the secondary claim); a secondary payer
# that crosses the claim over again makes CLAIM-3, not CLAIM-2-3, and the
# tertiary payer's answer (CLP02 3) posts there; a secondary that pays
# nothing more than the primary did closes its claim, not denies it; what
# does not fit, or waits for a person, says why.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
. "$SRCDIR/tests/cli/remit_lib.sh"
cd "$T"
remit_setup
X='SECOND PAYER MUTUAL*99999*1888888888'
Y='THIRD PAYER CO*77777*1777777777'

# the secondary payer's 835 before the primary's crossover: held
ERA_PAYER=$X era835 sec0.x12 SX0 'CLP*CLM0000001*2*360*50*10*12*SPCN0~CAS*OA*23*300~CAS*PR*2*10'
run claim-remit post sec0.x12
expect_rc 3 "a payment processed as secondary with no secondary claim"
expect_eq "$(balances CLM0000001)" "sent,0,0,0,36000,0" "the primary untouched"
run claim-remit unmatched
expect_out "processed as payer of rank 2 (CLP02 2), but claim 'CLM0000001' is of rank 1 and has no claim 'CLM0000001-2'" "why it is held"

era835 cross.x12 XO1 'CLP*CLM0000001*19*360*300*60*MB*PCN1001~CAS*PR*2*60~NM1*QC*1*RYAN*DOROTHY****MI*1MC1RM9KJ65~NM1*TT*2*SECOND PAYER MUTUAL*****PI*99999'
run claim-remit post cross.x12
expect_rc 0 "the crossover"
ERA_PAYER=$X era835 sec1.x12 SX1 'CLP*CLM0000001*2*360*50*10*12*SPCN1~CAS*OA*23*300~CAS*PR*2*10'
run claim-remit post sec1.x12
expect_rc 0 "the secondary's payment"
expect_eq "$(balances CLM0000001-2)" "paid,5000,30000,1000,0,1000" "posted to the secondary claim"
run claim-remit show 3
expect_out "claim,CLM0000001-2,SPCN1,paid," "show names the claim it went to"

# its reversal and correction, CLP01 the original id: to CLM0000001-2
ERA_PAYER=$X era835 sec2.x12 SX2 'CLP*CLM0000001*22*-360*-50*-10*12*SPCN1~CAS*OA*23*-300~CAS*PR*2*-10' 'CLP*CLM0000001*2*360*40*20*12*SPCN2~CAS*OA*23*300~CAS*PR*2*20'
run claim-remit post sec2.x12
expect_rc 0 "reversal and correction of the secondary's payment"
expect_out ",CLM0000001-2,SPCN1,reversed," "the reversal went to the secondary claim, reversed whole"
expect_eq "$(balances CLM0000001-2)" "paid,4000,30000,2000,0,2000" "the corrected payment stands"
expect_eq "$(balances CLM0000001)" "forwarded,30000,0,6000,0,0" "the primary as its payer left it"
expect_balanced "after the secondary's reversal"

# crossed over twice: CLM0000004 (28.00) to the secondary, then on to a
# tertiary payer, whose answer names CLM0000004 with CLP02 3
era835 c4.x12 XO4 'CLP*CLM0000004*19*28*18*10*MB*PCN4001~CAS*PR*2*10~NM1*TT*2*SECOND PAYER MUTUAL*****PI*99999'
ERA_PAYER=$X era835 s4.x12 SX4 'CLP*CLM0000004*20*28*6*4*12*SPCN4~CAS*OA*23*18~CAS*PR*2*4~NM1*TT*2*THIRD PAYER CO*****PI*77777'
run claim-remit post c4.x12 s4.x12
expect_rc 0 "two crossovers"
expect_eq "$(sql "SELECT group_concat(claim_id || ':' || rank || ':' || status, ' ') FROM (SELECT * FROM claims WHERE claim_id LIKE 'CLM0000004%' ORDER BY claim_id)")" \
    "CLM0000004:1:forwarded CLM0000004-2:2:forwarded CLM0000004-3:3:forwarded" "the tertiary is CLAIM-3"
ERA_PAYER=$Y era835 t4.x12 TX4 'CLP*CLM0000004*3*28*4*0*MC*TPCN4~CAS*OA*23*24'
run claim-remit post t4.x12
expect_rc 0 "the tertiary's payment"
expect_eq "$(balances CLM0000004-3)" "paid,400,2400,0,0,0" "posted to the tertiary claim"
expect_eq "$(sql "SELECT sum(patient_balance) FROM claims WHERE claim_id LIKE 'CLM0000004%'")" 0 "the patient owes nothing"
expect_balanced "after the tertiary"

# "no additional payment": the secondary pays nothing, the prior payer
# having paid more than it allows (OA-23 and CO-45): closed, not denied
era835 c3.x12 XO3 'CLP*CLM0000003*19*408*240*40*MB*PCN3001~CAS*CO*45*128~CAS*PR*2*40~NM1*TT*2*SECOND PAYER MUTUAL*****PI*99999'
ERA_PAYER=$X era835 s3.x12 SX3 'CLP*CLM0000003*2*408*0*0*12*SPCN3~CAS*OA*23*368~CAS*CO*45*40'
run claim-remit post c3.x12 s3.x12
expect_rc 0 "a secondary's zero payment"
expect_eq "$(balances CLM0000003-2)" "paid,0,40800,0,0,0" "closed: nothing owed, not denied"
run claim-remit denials
expect_eq "$(grep -c 'CLM0000003' "$T/out")" 0 "not listed for rework"
expect_balanced "after the zero payment"

# a secondary that states the earlier payment as CO-45, not CAS 23: held,
# its reason saying what does not fit
era835 c8.x12 XO8 'CLP*CLM0000008*19*175*120*20*MB*PCN8001~CAS*CO*45*35~CAS*PR*2*20~NM1*TT*2*SECOND PAYER MUTUAL*****PI*99999'
ERA_PAYER=$X era835 s8.x12 SX8 'CLP*CLM0000008*2*175*15*5*12*SPCN8~CAS*CO*45*155~CAS*PR*2*5'
run claim-remit post c8.x12 s8.x12
expect_rc 3 "the prior payment stated as CO-45"
run claim-remit unmatched
expect_out "the prior payers' impact booked on this claim is 155.00, and its CAS 23 meets 0.00 of it" "the reason names the booked impact"

# a reversal behind a secondary changed since but never sent (settled
# here) asks to undo that change, not to void it with the payer
era835 c11.x12 XO11 'CLP*CLM0000011*19*1182*1100*82*MB*PCN11~CAS*PR*2*82~NM1*TT*2*SECOND PAYER MUTUAL*****PI*99999'
claim-remit post c11.x12 >/dev/null 2>&1 || fail "the crossover of CLM0000011"
claim-settle config writeoff both >/dev/null 2>&1
claim-settle settle --yes --max 100 --include-unsent --claim CLM0000011-2 >/dev/null 2>&1 ||
    fail "settle the forwarded secondary"
era835 r11.x12 RV11 'CLP*CLM0000011*22*-1182*-1100*-82*MB*PCN11~CAS*PR*2*-82'
run claim-remit post r11.x12
expect_rc 3 "the reversal behind a settled secondary"
run claim-remit unmatched
expect_out "made secondary claim 'CLM0000011-2', settled since: undo what changed it first, then match this" "what to do first"
finish
