#!/bin/sh
# Secondary claims: a claim imported with a next payer, posted by its
# primary's 835 with a patient responsibility, makes its secondary claim
# ready, with the prior payer's payment, date and CAS from the 835, which
# the next run sends with the 2320/2430 loops; a crossover's is forwarded
# and never batched.  No secondary for a claim without a next payer or a
# denial; undo takes it back.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
. "$SRCDIR/tests/cli/remit_lib.sh"
cd "$T"
D="$SRCDIR/tests/data"
configure
# CLM0000008 (paid with a copay), CLM0000004 (denied) and CLM0000001
# (crossed over) name a next payer
n=next_payer_id,next_payer_name,next_payer_filing,next_filing_indicator
n=$n,next_group_number,next_subscriber_id
sec='secpay1|SECOND MUTUAL|electronic|CI|G77|XSEC123'
next_payers c.csv "$n" "CLM0000008=$sec" "CLM0000004=$sec" "CLM0000001=$sec"
claim-batch import c.csv 2>/dev/null
mkdir -p drop/in drop/out
claim-upload endpoint add drop "file://$T/drop" --remote-in in --remote-out out 2>/dev/null
claim-batch run --upload >/dev/null 2>&1

run claim-remit post "$D/era-paid.x12" "$D/era-two.x12"
expect_rc 65 "post (era-two holds a bad remittance)"
expect_eq "$(sql "SELECT group_concat(claim_id||':'||status) FROM claims WHERE rank=2 AND claim_id LIKE '%-2'")" "CLM0000008-2:ready,CLM0000001-2:forwarded" "a secondary ready, the crossover's forwarded: not for the denial, nor a claim without a next payer"
expect_eq "$(sql "SELECT status||','||payer_id||','||payer_name||','||subscriber_id||','||group_number||','||prior_payer_id||','||prior_paid||','||prior_paid_date||','||insurance_balance||','||adjusted||','||filing FROM claims WHERE claim_id='CLM0000008-2'")" \
	"ready,SECPAY1,SECOND MUTUAL,XSEC123,G77,62308,12000,2025-12-31,2000,15500,electronic" "the secondary claim: it owes the patient's part"
expect_eq "$(sql "SELECT group_concat(line_no||':'||line_prior_paid||':'||line_prior_adjustments, ' ') FROM claim_lines l JOIN claims c ON c.id=l.claim WHERE c.claim_id='CLM0000008-2'")" \
	"1:9000:CO-45:15.00;PR-3:20.00 2:2500:CO-45:10.00 3:500:CO-45:10.00" "prior payer's lines from the 835"
expect_balanced "with the secondary"

# undo takes the secondary back while it is untouched
run claim-remit undo --yes 1
expect_rc 0 "undo with its secondary"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE claim_id='CLM0000008-2'")" 0 "secondary gone with the undo"
run claim-remit post "$D/era-paid.x12"
expect_rc 0 "post again"

# the next run sends it with the other payer loops
run claim-batch run
expect_rc 0 "run the secondary"
expect_eq "$(sql "SELECT status||','||coalesce(batch_id,'none') FROM claims WHERE claim_id='CLM0000001-2'")" "forwarded,none" "the crossover's claim is never batched: its payer has it"
f=$(sql "SELECT file FROM batches WHERE id=(SELECT batch_id FROM claims WHERE claim_id='CLM0000008-2')")
[ -s "$f" ] || fail "no batch file for the secondary"
tr -d '\n' <"$f" | tr '~' '\n' >segs.txt
grep -qx 'CLM\*CLM0000008-2\*175\*.*' segs.txt || fail "CLM of the secondary"
grep -qx 'SBR\*S\*\*G77\*\*\*\*\*\*CI' segs.txt || fail "2000B SBR S: $(grep SBR segs.txt)"
grep -qx 'AMT\*D\*120' segs.txt || fail "2320 AMT*D: the prior payer paid"
grep -qx 'SVD\*62308\*90\*HC:99213\*\*1' segs.txt || fail "2430 SVD: $(grep SVD segs.txt | head -3)"
grep -qx 'CAS\*PR\*3\*20' segs.txt || fail "2430 CAS PR"

# batched since: undo is refused, naming it
run claim-remit undo --yes 5
expect_rc 65 "undo after the secondary was batched"
expect_err "CLM0000008-2" "the secondary named"
finish
