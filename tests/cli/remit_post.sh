#!/bin/sh
# claim-remit post: hand-written 835s (tests/data/era-*.x12) paid, partly
# paid with a denied line, PR split, denied, forwarded, PLB, reversal then
# correction, unmatched claim and line, two remittances of a file with
# one that does not add up, the same remittance or file again.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
. "$SRCDIR/tests/cli/remit_lib.sh"
cd "$T"
D="$SRCDIR/tests/data"
remit_setup

# paid (CO and a PR copay), partial (a line denied stays open), denied
run claim-remit post "$D/era-paid.x12"
expect_rc 0 "post era-paid"
cat >want.csv <<'W'
remit_id,claim_id,payer_claim_id,status,charge,paid,patient_resp,contractual,other_adj,insurance_balance,patient_balance,codes
1,CLM0000008,PCN8001,paid,175.00,120.00,20.00,35.00,0.00,0.00,20.00,CO-45:35.00 PR-3:20.00
1,CLM0000003,PCN3001,partial,408.00,240.00,40.00,83.00,0.00,45.00,40.00,CO-45:83.00 PR-1:20.00 PR-2:20.00 CO-50:45.00 MA01 N130
1,CLM0000004,PCN4001,denied,28.00,0.00,0.00,0.00,0.00,28.00,0.00,CO-16:28.00 M51
W
cmp -s want.csv "$T/out" || fail "post rows: $(diff want.csv "$T/out")"
expect_eq "$(balances CLM0000008)" "paid,12000,3500,2000,0,2000" "paid claim"
expect_eq "$(balances CLM0000003)" "partial,24000,8300,4000,4500,4000" "partial: the denied line stays open"
expect_eq "$(balances CLM0000004)" "denied,0,0,0,2800,0" "denied is never written off"
expect_eq "$(balances CLM0000001)" "sent,0,0,0,36000,0" "a claim not in the 835"
expect_eq "$(sql "SELECT trace||','||amount||','||paid_date||','||method||','||status FROM remits")" "EFT1001,35250,2025-12-31,ACH,posted" "the payment row"
expect_eq "$(sql "SELECT group_concat(reason||':'||reference||':'||amount, ' ') FROM remit_plb")" "L6:INT01:-250 WO:RECOUP9:1000" "PLB recorded"
expect_eq "$(sql "SELECT group_concat(line_no) FROM remit_lines WHERE remit_claim=1")" "1,2,3" "lines matched by REF*6R and by procedure, date, charge"
expect_balanced "after era-paid"

# denials lists the denied and the partly denied for rework
run claim-remit denials
expect_eq "$(cut -d, -f2,4 "$T/out" | tr '\n' ' ')" "claim_id,status CLM0000003,partial CLM0000004,denied " "denials"
expect_out "CO-16:28.00 M51,\"CO-16 Claim/service lacks information or has submission/billing error(s). Usage: Do not use this code for claims attachment(s)/other documentation. At least one Remark Code must be provided (may be comprised of either the NCPDP Reject Reason Code, or Remittance Advice Remark Code that is not an ALERT.) Refer to the 835 Healthcare Policy Identification Segment (loop 2110 Service Payment Information REF), if present.; M51 Missing/incomplete/invalid procedure code(s).\",ACME HEALTH PLAN,EFT1001" "denial codes described"

# the same file again, under another name: skipped, nothing changes
cp "$D/era-paid.x12" again.x12
before=$(sql "SELECT group_concat(insurance_balance) FROM claims")
run claim-remit post again.x12
expect_rc 0 "the same file again"
expect_err "again.x12: this file was read before (remittance 1, see 'claim-remit list'): skipped" "same file named"
# the same payer and trace in another file: skipped too
sed 's/^DTM\*405\*20251230~$/DTM*405*20251229~/' "$D/era-paid.x12" >other.x12
cmp -s other.x12 "$D/era-paid.x12" && fail "other.x12 should differ"
run claim-remit post other.x12
expect_rc 0 "same trace again"
expect_err "remittance 1 (trace EFT1001 of ACME HEALTH PLAN) is already posted as remittance 1: skipped" "same trace named"
expect_eq "$(sql "SELECT group_concat(insurance_balance) FROM claims")" "$before" "nothing posted twice"
expect_eq "$(sql "SELECT count(*) FROM remits")" 1 "no second remittance row"

# two interchanges, three remittances: the second does not add up and
# posts nothing, the others post; forwarded; an unknown claim
run claim-remit post "$D/era-two.x12"
expect_rc 65 "a remittance that does not add up"
expect_err "era-two.x12: segment 24 (SE): BPR02 299.00 is not the sum of CLP04, 300.00, less the sum of PLB, 0.00: remittance 2 not posted" "what does not add up"
expect_eq "$(balances CLM0000005)" "sent,0,0,0,35105,0" "the bad remittance posted nothing"
expect_eq "$(balances CLM0000001)" "forwarded,30000,0,6000,0,0" "crossed over: forwarded, its PR the next payer's"
expect_eq "$(balances CLM0000001-2)" "forwarded,0,30000,0,6000,0" "the crossover's claim, never batched"
expect_eq "$(sql "SELECT group_concat(trace||':'||status, ' ') FROM remits WHERE id>1")" "CHK2001:posted CHK2002:refused CHK2003:posted" "remittances of era-two"
run claim-remit unmatched
expect_out "CLM9999999,PCNX,1,100.00,80.00,no claim 'CLM9999999' here" "unmatched claim"

# reversal then correction
run claim-remit post "$D/era-reversal.x12"
expect_rc 0 "reversal"
expect_out "5,CLM0000008,PCN8001,reversed,-175.00,-120.00,-20.00,-35.00,0.00,175.00,0.00" "reversal row"
expect_out "5,CLM0000008,PCN8002,paid,175.00,130.00,20.00,25.00,0.00,0.00,20.00" "correction row"
expect_eq "$(balances CLM0000008)" "paid,13000,2500,2000,0,2000" "reversed then corrected"
expect_balanced "after the reversal"

# a reversal of a posting we never made is not posted
sed 's/PCN8001/PCN8999/' "$D/era-reversal.x12" | sed 's/EFT1002/EFT1003/' >rev2.x12
# (on standard input: kept in the database's folder, private, and read)
run sh -c 'cat rev2.x12 | claim-remit post -'
expect_rc 3 "reversal of nothing: posted but for what a person must see"
expect_err "claim-remit: 2 claim payments not posted: see 'claim-remit unmatched'" "unmatched counted"
kept=$(sql "SELECT file FROM remits WHERE trace='EFT1003'")
case $kept in "$CLAIMKIT_DB.d/remit/stdin-"*.835) ;; *) fail "835 from a pipe kept as '$kept'" ;; esac
cmp -s "$kept" rev2.x12 || fail "the kept 835 differs"
expect_eq "$(stat -c %a "$kept")" 600 "the kept 835 is private"
expect_out "unmatched" "reversal of nothing unmatched"
run claim-remit unmatched
expect_out "reversal of payer claim 'PCN8999' that was never posted" "reversal reason"

# show: the EOB view with lines and PLB
run claim-remit show 1
expect_out "line,CLM0000003,PCN3001,denied,3,HC:80053,2025-06-30,45.00,0.00,,CO-50:45.00 N130,CLM0000003-3" "show a denied line"
expect_out "plb,,RECOUP9,WO,,,2025-12-31,,-10.00,,WO,1164079539" "show PLB"

# claim-batch list shows the new statuses and the balances
run claim-batch list --status partial
expect_eq "$(python3 -c '
import csv, sys
want = ["claim_id", "status", "insurance_paid", "adjusted", "patient_resp",
        "insurance_balance", "patient_balance"]
for r in csv.DictReader(open(sys.argv[1])):
    print(",".join(want))
    print(",".join(r[k] for k in want))
    break' "$T/out" | tr '\n' ' ')" "claim_id,status,insurance_paid,adjusted,patient_resp,insurance_balance,patient_balance CLM0000003,partial,240.00,83.00,40.00,45.00,40.00 " "claim-batch list --status partial"
run claim-batch list --status forwarded
expect_out "CLM0000001,forwarded" "claim-batch list --status forwarded"

# a denied claim paid after rework, its line recoded by the payer: matched
# by SVC06, the procedure we sent
run claim-remit post "$D/era-svc06.x12"
expect_rc 0 "post era-svc06"
expect_out "CLM0000004,PCN4002,paid,28.00,20.00,0.00,8.00,0.00,0.00,0.00,CO-45:8.00" "paid after the denial"
expect_eq "$(sql "SELECT line_no||','||procedure||','||original FROM remit_lines l JOIN remit_claims rc ON rc.id=l.remit_claim WHERE rc.payer_claim_id='PCN4002'")" "1,HC:85027,HC:85025" "matched by SVC06"
expect_balanced "after era-svc06"

# a settled claim is not posted
claim-settle config writeoff none >/dev/null 2>&1
printf 'claim_id\nCLM0000005\n' | claim-settle --yes --max 1 >/dev/null 2>&1 || fail "settle CLM0000005"
sed 's/CHK2002/CHK2008/; s/BPR\*I\*299\*/BPR*I*300*/' "$D/era-two.x12" >settled.x12
run claim-remit post settled.x12
expect_rc 3 "post to a settled claim"
run claim-remit unmatched
expect_out "claim 'CLM0000005' is settled: undo the settlement, then match it" "settled claim not posted"
expect_eq "$(balances CLM0000005)" "settled,0,0,0,35105,0" "settled claim untouched"

# list
run claim-remit list
expect_out "1,62308,ACME HEALTH PLAN,EFT1001,2025-12-31,ACH,352.50,3,3,0,7.50,posted" "list"
# a file named by a relative path is listed by its whole path
expect_out ",$T/settled.x12," "the file's whole path"
finish
