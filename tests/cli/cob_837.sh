#!/bin/sh
# The secondary and tertiary claims that posting makes, as a clearinghouse
# and the 005010X222A1 guide check them: a first submission to the next
# payer (CLM05-3 1, no REF*F8 of the primary's claim in 2300), the prior
# payer's claim control number (2330B REF*F8) and remark codes (2320
# MOA), the procedure and units it adjudicated (2430 SVD03, SVD05), the
# remaining patient liability (AMT*EAF at the claim or at each line,
# never both, zero too), no zero adjustments (CAS); a tertiary carries
# both earlier payers; a paper tertiary's box 29 is what both paid.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
. "$SRCDIR/tests/cli/remit_lib.sh"
cd "$T"

# era OUT TRACE PAYER_ID PAYER_NAME CLAIMS: a one-remittance 835, balanced
era() {
	python3 - "$@" <<'PY'
import sys
out, trace, pid, pname, claims = sys.argv[1:6]
segs = claims.split('~')
paid = sum(float(s.split('*')[4]) for s in segs if s.startswith('CLP*'))
body = ['ST*835*0001',
    'BPR*I*%.2f*C*ACH*CCP*01*999999999*DA*123456*1620000000**01*999988880*DA*98765*20260105' % paid,
    'TRN*1*%s*1620000000' % trace, 'N1*PR*%s*XV*%s' % (pname, pid),
    'N1*PE*GREAT LAKES GENERAL PRACTICE PLLC*XX*1164079539', 'LX*1'] + segs
body.append('SE*%d*0001' % (len(body) + 1))
env = ['ISA*00*          *00*          *ZZ*ACMEHLTH       *ZZ*S1234567       '
    '*251231*1200*^*00501*000000301*0*T*:',
    'GS*HP*ACMEHLTH*S1234567*20251231*1200*301*X*005010X221A1']
open(out, 'w').write('~\n'.join(env + body + ['GE*1*301', 'IEA*1*000000301']) + '~\n')
PY
}
# segs CLAIM_ID: the segments of the claim's 837P, from its CLM to the
# next HL or SE
segs() {
	f=$(sql "SELECT file FROM batches WHERE id=(SELECT batch_id FROM claims WHERE claim_id='$1')")
	[ -s "$f" ] || { fail "no 837P batch for $1"; return; }
	tr -d '\n' <"$f" | tr '~' '\n' | awk -v c="CLM*$1*" '
	    index($0, c) == 1 { on = 1 } /^(HL|SE)\*/ { on = 0 } on'
}

configure
n=next_payer_id,next_payer_name,next_payer_filing,next_filing_indicator
n=$n,next_group_number,next_subscriber_id,next_insurance_type
n=$n,next_relationship,next_subscriber_last,next_subscriber_first
n=$n,next_subscriber_middle,next_subscriber_dob,next_subscriber_sex
n=$n,next_subscriber_address1,next_subscriber_address2,next_subscriber_city
n=$n,next_subscriber_state,next_subscriber_zip
# CLM0000003's patient (the spouse, 01, on the primary) holds the
# secondary plan herself (18); CLM0000004's patient (18) is on his
# wife's plan at the paper secondary
none='|||||||||||'
next_payers c0.csv "$n" \
    "CLM0000003=SECPAY1|SECOND MUTUAL|electronic|CI|G77|XSEC123||18||||||||||" \
    "CLM0000008=MCRB1|MEDICARE PART B|electronic|MB||1EG4TE5MK73|12$none" \
    "CLM0000005=MCDMI|MICHIGAN MEDICAID|electronic|MC||MIM0055|$none" \
    "CLM0000004=PAPR9|PAPER LIFE|paper|CI|G88|XP456||01|Ferguson|Linda|M|1961-03-09|F|4 Lake Rd||Ypsilanti|MI|48197"
# CLM0000003 bills 2 units of 36415 (its payer pays 1); CLM0000012, a
# tertiary, goes on paper; CLM0000004 takes an id of 13 characters, to
# which the rank's suffix adds two (box 26 has 14 columns)
python3 - <<'PY'
import csv
rows = list(csv.reader(open('c0.csv')))
h = rows[0]
for r in rows[1:]:
    if r[0] == 'CLM0000004':
        r[0] = 'CLM000000004X'
    if r[0] == 'CLM0000003' and r[h.index('procedure')] == '36415':
        r[h.index('units')] = '2'
    if r[0] == 'CLM0000012':
        r[h.index('payer_filing')] = 'paper'
csv.writer(open('c.csv', 'w', newline=''), lineterminator='\n').writerows(rows)
PY
# a next plan's holder given in part is refused, naming what is missing
python3 - <<'PY'
import csv
rows = list(csv.reader(open('c.csv')))
h = rows[0]
for r in rows[1:]:
    if r[0] == 'CLM000000004X':
        r[h.index('next_subscriber_dob')] = ''
csv.writer(open('part.csv', 'w', newline=''), lineterminator='\n').writerows(rows)
PY
CLAIMKIT_DB="$T/part.db" run claim-batch import part.csv
expect_rc 65 "import of a next subscriber without a birth date"
expect_err "next_subscriber_dob" "the column named"
claim-batch import c.csv 2>/dev/null || fail "import"
mkdir -p drop/in drop/out
claim-upload endpoint add drop "file://$T/drop" --remote-in in --remote-out out 2>/dev/null
claim-batch run --upload >/dev/null 2>&1

# CLM0000003: line-level, MOA, a recoded line, 1 of 2 units paid, zero
# adjustments; CLM0000008: claim level only
era cigna.x12 EFT2001 62308 CIGNA 'CLP*CLM0000003*1*408*240*40*12*PCN3001~MOA***MA01*N130~SVC*HC:99203*150*100**1~DTM*472*20250630~CAS*CO*45*30~CAS*PR*1*10**2*10~SVC*HC:71046*95*60**1~DTM*472*20250630~CAS*CO*45*15~CAS*PR*2*20~SVC*HC:80053*45*0**1~DTM*472*20250630~CAS*CO*50*45~SVC*HC:36415*15*10**1~DTM*472*20250630~CAS*CO*45*5*1~CAS*OA*23*0~SVC*HC:84439*48*30**1*HC:84443~DTM*472*20250630~CAS*CO*45*18~SVC*HC:93000*55*40**1~DTM*472*20250630~CAS*CO*45*15~CLP*CLM0000008*1*175*120*20*12*PCN8001~CAS*CO*45*35~CAS*PR*3*20'
# CLM0000005 (imported as a secondary) paid by Medicare: its tertiary
era mcr.x12 MCR3001 MCRB1 'MEDICARE PART B' 'CLP*CLM0000005*2*351.05*168*57*MB*PCN5001~SVC*HC:99213:25*125*60**1~DTM*472*20250514~CAS*CO*45*40~CAS*PR*2*25~SVC*HC:G2211*16.05*8**1~DTM*472*20250514~CAS*CO*45*6.05~CAS*PR*2*2~SVC*HC:80061*55*20**1~DTM*472*20250514~CAS*CO*45*25~CAS*PR*1*10~SVC*HC:36415*15*10**1~DTM*472*20250514~CAS*CO*45*5~SVC*HC:20610:LT*140*70**1~DTM*472*20250514~CAS*CO*45*50~CAS*PR*2*20'
era uhc.x12 UHC4001 87726 'UNITED HEALTHCARE' 'CLP*CLM000000004X*1*28*18*5*12*PCN4001~SVC*HC:85025*28*18**1~DTM*472*20250711~CAS*CO*45*5~CAS*PR*2*5'
run claim-remit post cigna.x12 mcr.x12 uhc.x12
expect_rc 0 "post the primary's and the secondary's 835"
run claim-batch run
expect_rc 0 "run the next payers' claims"
expect_eq "$(sql "SELECT group_concat(claim_id || ':' || status, ' ') FROM (SELECT claim_id, status FROM claims WHERE claim_id LIKE '%-_' ORDER BY claim_id)")" \
    "CLM000000004X-2:batched CLM0000003-2:batched CLM0000005-3:batched CLM0000008-2:batched" "the next payers' claims all batched, none held"

# line level: CLM0000003-2
segs CLM0000003-2 >s3.txt
f=$(sql "SELECT file FROM batches WHERE id=(SELECT batch_id FROM claims WHERE claim_id='CLM0000003-2')")
tr -d '\n' <"$f" | tr '~' '\n' | grep -A1 '^SBR\*S\*18\*G77' | grep -q '^NM1\*IL\*1\*Griffin\*Patricia\*' ||
    fail "2000B/2010BA: the patient holds the secondary plan: $(grep '^SBR\*S' "$f")"
grep -qx 'SBR\*P\*01\*GRP0107\*\*\*\*\*\*CI' s3.txt || fail "2320 SBR02: the patient is the primary subscriber's spouse: $(grep '^SBR' s3.txt)"
grep -q '^NM1\*IL\*1\*Griffin\*Raymond\*' s3.txt || fail "2330A: the primary plan's subscriber"
grep -q '^PAT\*' s3.txt && fail "no 2000C when the patient is the subscriber"
grep -q '^CLM\*CLM0000003-2\*408\*\*\*22:B:1\*' s3.txt || fail "CLM05-3 of a first submission: $(grep '^CLM' s3.txt)"
grep -q '^REF\*F8\*74787193865928' s3.txt && fail "the primary's replacement REF*F8 sent to the secondary"
grep -qx 'MOA\*\*\*MA01\*N130' s3.txt || fail "2320 MOA: $(grep MOA s3.txt)"
grep -qx 'REF\*F8\*PCN3001' s3.txt || fail "2330B REF*F8: the primary's claim control number"
grep -qx 'SVD\*62308\*30\*HC:84439\*\*1' s3.txt || fail "2430 SVD03 the code adjudicated: $(grep SVD s3.txt)"
grep -qx 'SVD\*62308\*10\*HC:36415\*\*1' s3.txt || fail "2430 SVD05 the units paid"
grep -q '\*0$' s3.txt && grep '^CAS' s3.txt | grep -q '\*0$' && fail "a zero adjustment sent: $(grep '^CAS' s3.txt)"
grep -qx 'CAS\*CO\*45\*5' s3.txt || fail "the non-zero adjustment of a line kept"
expect_eq "$(grep '^AMT\*EAF' s3.txt | tr '\n' ' ')" "AMT*EAF*20 AMT*EAF*20 AMT*EAF*0 AMT*EAF*0 AMT*EAF*0 AMT*EAF*0 " \
    "2430 AMT*EAF per line, zero too, none at the claim"
# claim level only: CLM0000008-2, to Medicare as secondary payer
segs CLM0000008-2 >s8.txt
expect_eq "$(grep -c '^AMT\*EAF' s8.txt)" 1 "one AMT*EAF"
grep -qx 'AMT\*EAF\*20' s8.txt || fail "2320 AMT*EAF: the PR the primary left"
grep -q '^SVD' s8.txt && fail "2430 without line-level information"
f=$(sql "SELECT file FROM batches WHERE id=(SELECT batch_id FROM claims WHERE claim_id='CLM0000008-2')")
tr -d '\n' <"$f" | tr '~' '\n' | grep -q '^SBR\*S\*[0-9]*\*\*\*12\*\*\*\*MB$' ||
    fail "2000B SBR05 from next_insurance_type: $(grep '^SBR' "$f" | head -1)"
# a tertiary from an imported secondary: both earlier payers
segs CLM0000005-3 >s5.txt
expect_eq "$(grep '^SBR' s5.txt | cut -d'*' -f2 | tr '\n' ' ')" "P S " "2320 for the primary, then the secondary"
grep -qx 'NM1\*PR\*2\*BLUE CROSS BLUE SHIELD OF MICHIGAN\*\*\*\*\*PI\*BCBSM' s5.txt || fail "2330B of the first payer kept"
grep -qx 'REF\*F8\*PCN5001' s5.txt || fail "2330B REF*F8 of the secondary"
grep -qx 'SVD\*BCBSM\*83.75\*HC:99213:25\*\*1' s5.txt || fail "2430 of the first payer: $(grep SVD s5.txt | head -2)"
grep -qx 'SVD\*MCRB1\*60\*HC:99213:25\*\*1' s5.txt || fail "2430 of the secondary"

# the independent checker passes every 837P of the next payers
for f in $(sql "SELECT DISTINCT b.file FROM batches b JOIN claims c ON c.batch_id=b.id WHERE c.claim_id LIKE '%-_' AND b.kind='837P'"); do
	x12check "$f" >faults.txt || fail "x12check: $(head -3 faults.txt)"
done

# a paper tertiary: box 29 is what both earlier payers paid (52.00 + 96.00)
f=$(sql "SELECT file FROM batches WHERE kind='CMS1500' AND id=(SELECT batch_id FROM claims WHERE claim_id='CLM0000012')")
[ -s "$f" ] || fail "no CMS-1500 for CLM0000012"
awk 'NR == 56' "$f" | grep -q '148 00' || fail "box 29 of the tertiary: $(awk 'NR == 56' "$f")"
# a paper secondary whose id is too long for box 26 with its suffix
# prints the primary's, the account the practice knows
f=$(sql "SELECT file FROM batches WHERE id=(SELECT batch_id FROM claims WHERE claim_id='CLM000000004X-2')")
[ -s "$f" ] || fail "no CMS-1500 for CLM000000004X-2"
awk 'NR == 56' "$f" | grep -q ' CLM000000004X ' || fail "box 26 of the paper secondary: $(awk 'NR == 56' "$f")"
awk 'NR == 10' "$f" | grep -q 'FERGUSON, LINDA, M' || fail "box 4: who holds the secondary plan: $(awk 'NR == 10' "$f")"
awk 'NR == 16' "$f" | grep -q '48197' || fail "box 7: her address"
awk 'NR == 18' "$f" | grep -q '^ *FERGUSON, GARY' || fail "box 9: who holds the primary plan: $(awk 'NR == 18' "$f")"
finish
