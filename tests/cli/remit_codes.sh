#!/bin/sh
# What CARC and RARC codes mean comes from data/x12/carc.csv and rarc.csv,
# the published lists, compiled in: claim-remit denials and show print
# each code with its description, an unknown code as its code alone.
# CARC 275 and RARC N211 were not in the old subset of the lists; CARC
# 306 and RARC N940 came after the old copy of them.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
. "$SRCDIR/tests/cli/remit_lib.sh"
cd "$T"
remit_setup
# CLM0000004 denied for CARC 275, 306 and an unknown CARC 999, with RARC
# N211, an unknown N9999 and N940
tr -d '\n' <"$SRCDIR/tests/data/era-paid.x12" |
    sed 's/CAS\*CO\*16\*28~MOA\*\*\*M51~/CAS*CO*275*12**306*8**999*8~MOA***N211*N9999*N940~/' >era.x12
grep -q 'CO\*275\*12\*\*306\*8\*\*999\*8~MOA\*\*\*N211\*N9999\*N940~' era.x12 || fail "era.x12 not made"
run claim-remit post era.x12
expect_rc 0 "post"

want='CO-275 Prior payer'"'"'s (or payers'"'"') patient responsibility (deductible, coinsurance, co-payment) not covered. (Use only with Group Code PR); CO-306 Type of bill is inconsistent with the patient status. Usage: Refer to the 835 Healthcare Policy Identification Segment (loop 2110 Service Payment Information REF), if present.; CO-999; N211 Alert: You may not appeal this decision.; N9999; N940 Missing/Incomplete/Invalid pre- and/or post-operative x-ray.'
run claim-remit denials
expect_rc 0 "denials"
expect_eq "$(python3 -c 'import csv,sys
for r in csv.DictReader(open(sys.argv[1])):
    if r["claim_id"] == "CLM0000004": print(r["codes"] + "|" + r["descriptions"])' "$T/out")" \
	"CO-275:12.00 CO-306:8.00 CO-999:8.00 N211 N9999 N940|$want" \
	"denials: described, the unknown codes alone"
run claim-remit show 99
expect_rc 65 "show of no remittance"
expect_err "no remittance 99 (see 'claim-remit list')" "show of no remittance said"
expect_eq "$(cat "$T/out")" "" "show of no remittance prints nothing"
run claim-remit show 1
expect_rc 0 "show"
expect_eq "$(python3 -c 'import csv,sys
for r in csv.DictReader(open(sys.argv[1])):
    if r["claim_id"] == "CLM0000004" and r["level"] == "claim": print(r["descriptions"])' "$T/out")" \
	"$want" "show: the same"
finish
