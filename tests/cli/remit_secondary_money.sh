#!/bin/sh
# A secondary claim takes over its primary's patient responsibility, so
# nobody is owed twice: the primary hands its PR on, the secondary owes
# it on its insurance balance with the rest of the charge booked as the
# prior payer's impact (CARC 23), and the
# patient is billed only what the secondary payer leaves.  The secondary
# payer's CAS 23 is set against what was booked; money that does not fit
# stays unmatched.  Undo and reversal give the PR back and withdraw an
# untouched secondary; a reversal behind a batched secondary waits for a
# person, naming it and its batch.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
. "$SRCDIR/tests/cli/remit_lib.sh"
. "$SRCDIR/tests/cli/notify_lib.sh"
cd "$T"
D="$SRCDIR/tests/data"
configure
# CLM0000008 (paid with a 20.00 copay) names a next payer; it and
# CLM0000003 (40.00 to the patient, no next payer) are guarantor GA's
n=next_payer_id,next_payer_name,next_payer_filing,next_filing_indicator
n=$n,next_group_number,next_subscriber_id,guarantor_id,guarantor_name
n=$n,guarantor_email,guarantor_channel
g='GA|Pat Guarantor|pat@example.org|email'
next_payers c.csv "$n" "CLM0000008=secpay1|SECOND MUTUAL|electronic|CI|G77|XSEC123|$g" \
    "CLM0000003=||||||$g"
claim-batch import c.csv 2>/dev/null
mkdir -p drop/in drop/out
claim-upload endpoint add drop "file://$T/drop" --remote-in in --remote-out out 2>/dev/null
claim-batch run --upload >/dev/null 2>&1
nq_setup
# owed GUARANTOR DATE: what notify-queue load --from-claims bills them
owed() {
	notify-queue load --from-claims --profile standard --date "$2" >/dev/null 2>&1 ||
	    fail "notify-queue load --from-claims $2"
	sql "SELECT coalesce(sum(balance), 0) FROM notify_statements WHERE guarantor_id='$1' AND statement_date='$2'"
}

run claim-remit post "$D/era-paid.x12"
expect_rc 0 "post the primary"
expect_eq "$(balances CLM0000008)" "paid,12000,3500,2000,0,0" "the primary's PR is handed on"
expect_eq "$(handed CLM0000008)" "2000,0" "and recorded"
expect_eq "$(balances CLM0000008-2)" "ready,0,15500,0,2000,0" "the secondary owes the PR, the rest booked"
expect_eq "$(handed CLM0000008-2)" "0,15500" "as the prior payer's impact"
expect_balanced "after the primary"
expect_out ",CLM0000008,PCN8001,paid,175.00,120.00,20.00,35.00,0.00,0.00,0.00," "the post row shows it"
run claim-remit show 1
expect_out "patient responsibility 20.00 to CLM0000008-2" "show explains it"
expect_eq "$(sql "SELECT action||'|'||subject||'|'||after FROM audit WHERE action='remit secondary'")" \
    "remit secondary|CLM0000008-2|ready: 20.00 patient responsibility taken over from CLM0000008" "audited"
expect_eq "$(owed GA 2026-01-10)" 4000 "the patient is billed only CLM0000003's 40.00"

# undo gives the PR back and takes the untouched secondary away
run claim-remit undo --yes 1
expect_rc 0 "undo the primary"
expect_eq "$(balances CLM0000008)" "sent,0,0,0,17500,0" "back as sent"
expect_eq "$(handed CLM0000008)" "0,0" "nothing handed on"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE claim_id='CLM0000008-2'")" 0 "secondary gone"
run claim-remit post "$D/era-paid.x12"
expect_rc 0 "post the primary again"

# a reversal then a correction of the primary while the secondary waits
# unbatched: it is withdrawn, the PR given back and taken back, and the
# correction makes a new one from its own figures
run claim-remit post "$D/era-reversal.x12"
expect_rc 0 "reversal and correction"
expect_eq "$(balances CLM0000008)" "paid,13000,2500,2000,0,0" "the corrected primary"
expect_eq "$(handed CLM0000008)" "2000,0" "its PR handed on once"
expect_eq "$(sql "SELECT status||','||prior_paid||','||insurance_balance||','||adjusted FROM claims WHERE claim_id LIKE 'CLM0000008-%'")" \
    "ready,13000,2000,15500" "one secondary, from the corrected figures"
expect_eq "$(sql "SELECT count(*) FROM audit WHERE action='remit withdraw' AND subject='CLM0000008-2'")" 1 "the withdrawal audited"
expect_balanced "after the reversal"

# undo of that remittance makes the withdrawn secondary again, from the
# posting the reversal no longer takes back
run claim-remit undo --yes 3
expect_rc 0 "undo the reversal"
expect_eq "$(balances CLM0000008)" "paid,12000,3500,2000,0,0" "the first posting stands again"
expect_eq "$(handed CLM0000008)" "2000,0" "its PR handed on again"
expect_eq "$(sql "SELECT status||','||prior_paid||','||insurance_balance||','||adjusted FROM claims WHERE claim_id LIKE 'CLM0000008-%'")" \
    "ready,12000,2000,15500" "the secondary made again"
expect_balanced "after undoing the reversal"
run claim-remit post "$D/era-reversal.x12"
expect_rc 0 "reversal and correction again"
expect_eq "$(sql "SELECT status||','||prior_paid FROM claims WHERE claim_id LIKE 'CLM0000008-%'")" "ready,13000" "withdrawn and made again"

# the secondary sent; its payer's 835 that pays more than is owed waits
claim-batch run --upload >/dev/null 2>&1 || fail "send the secondary"
expect_eq "$(sql "SELECT status FROM claims WHERE claim_id='CLM0000008-2'")" sent "secondary sent"
ERA_PAYER='SECOND MUTUAL*SECPAY1*1999999999' era835 over.x12 SEC0 \
    'CLP*CLM0000008-2*2*175*25*0*12*SPCN0~CAS*OA*23*150'
run claim-remit post over.x12
expect_rc 3 "more than is owed"
run claim-remit unmatched
expect_out "posting it would leave the insurance balance at -5.00 (it is 20.00): more than is owed, not posted" "why"
expect_eq "$(balances CLM0000008-2)" "sent,0,15500,0,2000,0" "untouched"

# the secondary payer pays 15.00, its CAS 23 meets what was booked, and
# leaves 5.00 to the patient: the patient owes that, not the 20.00
ERA_PAYER='SECOND MUTUAL*SECPAY1*1999999999' era835 sec.x12 SEC1 \
    'CLP*CLM0000008-2*2*175*15*5*12*SPCN1~CAS*OA*23*155~CAS*PR*2*5'
run claim-remit post sec.x12
expect_rc 0 "the secondary payer's 835"
expect_eq "$(balances CLM0000008-2)" "paid,1500,15500,500,0,500" "the secondary paid, its PR to the patient"
expect_eq "$(handed CLM0000008-2)" "0,0" "the prior payer's impact met"
expect_eq "$(balances CLM0000008)" "paid,13000,2500,2000,0,0" "the primary owes nothing more"
expect_balanced "after the secondary"
expect_eq "$(owed GA 2026-02-10)" 4500 "the patient is billed 40.00 + 5.00"

# a reversal of the primary now that the secondary went on: held for a
# person, naming the secondary and its batch; nothing moves
b=$(sql "SELECT batch_id FROM claims WHERE claim_id='CLM0000008-2'")
era835 rev.x12 REV2 'CLP*CLM0000008*22*-175*-130*-20*12*PCN8002~CAS*CO*45*-25~CAS*PR*3*-20'
run claim-remit post rev.x12
expect_rc 3 "a reversal behind a secondary that went on"
run claim-remit unmatched
expect_out "reversal of payer claim 'PCN8002' takes back the posting that made secondary claim 'CLM0000008-2', paid in batch $b since: void it with the secondary payer first, then match this; not posted" "why"
expect_eq "$(balances CLM0000008)" "paid,13000,2500,2000,0,0" "primary unchanged"
expect_eq "$(balances CLM0000008-2)" "paid,1500,15500,500,0,500" "secondary unchanged"
expect_balanced "at the end"
finish
