#!/bin/sh
# claim-remit post never posts more than is owed: a second payment of
# what this payer paid before, or one that would leave the insurance
# balance below zero (a charge not ours), stays unmatched with its
# reason, the rest of the remittance posts, and the run exits 3 for a
# person; a payment that leaves money open is partial, not paid, and so
# is a claim a reversal leaves partly paid.  A remittance's reversals
# post before a correction that comes ahead of them.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
. "$SRCDIR/tests/cli/remit_lib.sh"
cd "$T"
D="$SRCDIR/tests/data"
remit_setup

claim-remit post "$D/era-paid.x12" >/dev/null 2>&1 || fail "post era-paid"
before8=$(balances CLM0000008)
before3=$(balances CLM0000003)
expect_eq "$before8" "paid,12000,3500,2000,0,2000" "CLM0000008 paid"

# The same payments again under another trace number: not posted twice.
sed 's/EFT1001/EFT1099/' "$D/era-paid.x12" >again.x12
run claim-remit post again.x12
expect_rc 3 "a second payment: for a person"
expect_err "not posted: see 'claim-remit unmatched'" "said on stderr"
expect_eq "$(balances CLM0000008)" "$before8" "CLM0000008 not paid twice"
expect_eq "$(balances CLM0000003)" "$before3" "CLM0000003 not paid twice"
run claim-remit unmatched
expect_out "claim 'CLM0000008' was paid by this payer in remittance 1 (payer claim 'PCN8001'), not reversed: a second payment is not posted" "why CLM0000008 waits"
expect_out "claim 'CLM0000003' was paid by this payer in remittance 1" "why CLM0000003 waits"

# A charge that is not ours: the payer's 500.00 against our 360.00
era835 big.x12 CHK9001 'CLP*CLM0000001*1*500*100*0*12*PCN9001~CAS*CO*45*400'
run claim-remit post big.x12
expect_rc 3 "more than is owed: for a person"
expect_eq "$(balances CLM0000001)" "sent,0,0,0,36000,0" "CLM0000001 untouched"
run claim-remit unmatched
expect_out "posting it would leave the insurance balance at -140.00 (it is 360.00): more than is owed, not posted" "why CLM0000001 waits"

# Part of the claim answered, the rest left open: partial, not paid
era835 part.x12 CHK9002 'CLP*CLM0000001*1*200*150*0*12*PCN9002~CAS*CO*45*50'
run claim-remit post part.x12
expect_rc 0 "a payment of part of the claim"
expect_eq "$(balances CLM0000001)" "partial,15000,5000,0,16000,0" "what is still open makes it partial"
run claim-remit denials
expect_out "CLM0000001,PCN9002,partial" "listed for rework"

# By hand: the same checks; the row names the claim it was posted to
big=$(sql "SELECT id FROM remit_claims WHERE payer_claim_id='PCN9001'")
run claim-remit match "$big" CLM0000001
expect_rc 65 "a hand match of more than is owed"
expect_err "more than is owed, not posted" "the hand match refused, why"
era835 stray.x12 CHK9003 'CLP*CLM9999999*1*100*80*0*12*PCN9003~CAS*CO*45*20'
claim-remit post stray.x12 >/dev/null 2>&1 || [ $? -eq 3 ] || fail "post stray"
stray=$(sql "SELECT id FROM remit_claims WHERE payer_claim_id='PCN9003'")
run claim-remit match "$stray" CLM0000005
expect_rc 0 "a stray payment matched by hand"
expect_out ",CLM0000005,PCN9003,partial,100.00,80.00," "the row names our claim, partial"

# An appeal paid under the claim's first payer claim number, then a
# reversal of that number: both postings are taken back, and the
# corrected claim that follows posts
era835 appeal.x12 APL1 'CLP*CLM0000003*1*45*40*0*12*PCN3001~SVC*HC:80053*45*40**1~DTM*472*20250630~CAS*CO*45*5~REF*6R*CLM0000003-3'
run claim-remit post appeal.x12
expect_rc 0 "the appeal of the denied line"
expect_eq "$(balances CLM0000003)" "paid,28000,8800,4000,0,4000" "the appeal paid what was open"
era835 redo.x12 R8B 'CLP*CLM0000003*22*-408*-280*-40*12*PCN3001~CAS*CO*45*-88~CAS*PR*1*-20~CAS*PR*2*-20' \
    'CLP*CLM0000003*1*408*300*40*12*PCN3005~CAS*CO*45*68~CAS*PR*1*20~CAS*PR*2*20'
run claim-remit post redo.x12
expect_rc 0 "reversal of both, then the corrected claim"
expect_eq "$(sql "SELECT count(*) FROM remit_claims WHERE claim_id='CLM0000003' AND payer_claim_id='PCN3001' AND clp_status<>'22' AND status<>'unmatched' AND reversed_by IS NULL")" \
    0 "every posting under PCN3001 taken back"
expect_eq "$(balances CLM0000003)" "paid,30000,6800,4000,0,4000" "the corrected claim posted"

# A corrected claim listed before its reversal in the same remittance:
# the reversal posts first, then the correction, not held as a second
# payment
era835 swap.x12 R8S 'CLP*CLM0000008*1*175*130*20*12*PCN8002~CAS*CO*45*25~CAS*PR*3*20' \
    'CLP*CLM0000008*22*-175*-120*-20*12*PCN8001~CAS*CO*45*-35~CAS*PR*3*-20'
run claim-remit post swap.x12
expect_rc 0 "correction before its reversal"
expect_eq "$(balances CLM0000008)" "paid,13000,2500,2000,0,2000" "reversed, then the correction posted"
expect_eq "$(tail -n +2 "$T/out" | cut -d, -f2-4 | tr '\n' ' ')" "CLM0000008,PCN8001,reversed CLM0000008,PCN8002,paid " "the reversal's row first"

# A reversal of one of two payments: the other stands, so the claim is
# partial, not reversed (the second payment matched by hand, as a
# second payment of this payer waits for a person)
era835 more.x12 CHK9004 'CLP*CLM0000001*1*160*100*0*12*PCN9004~CAS*CO*45*60'
claim-remit post more.x12 >/dev/null 2>&1 || [ $? -eq 3 ] || fail "post more"
run claim-remit match "$(sql "SELECT id FROM remit_claims WHERE payer_claim_id='PCN9004'")" CLM0000001
expect_rc 0 "the rest of CLM0000001 matched by hand"
expect_eq "$(balances CLM0000001)" "paid,25000,11000,0,0,0" "paid whole"
era835 back.x12 CHK9005 'CLP*CLM0000001*22*-160*-100*0*12*PCN9004~CAS*CO*45*-60'
run claim-remit post back.x12
expect_rc 0 "reversal of the second payment"
expect_out ",CLM0000001,PCN9004,partial,-160.00,-100.00," "the row says partial"
expect_eq "$(balances CLM0000001)" "partial,15000,5000,0,16000,0" "the first payment stands: partial, not reversed"
expect_balanced "after the money checks"
finish
