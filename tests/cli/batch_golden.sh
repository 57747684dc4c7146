#!/bin/sh
# The 837P of a fixed set of claims (self and patient-not-subscriber,
# whose 2010BA then has no N3/N4/DMG; a Medicare secondary with SBR05
# and line-level prior payments; a replacement claim; rendering and
# facility loops; anesthesia minutes (SV103 MJ), an NDC drug line
# (2410 LIN/CTP) and a no-charge line; a tertiary claim with both
# earlier payers' 2320/2330 loops) against a file checked by hand,
# segment by segment, against the implementation guide.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
cd "$T"
export TZ=UTC CLAIMKIT_NOW=2025-12-01T15:04:05Z
configure
claim-batch config segment_newline yes
claim-batch import "$SRCDIR/tests/data/golden-claims.csv" 2>/dev/null
run claim-batch run
expect_rc 0 run
f=$(manifest_col file "$T/out")
cmp "$f" "$SRCDIR/tests/data/golden-837.x12" ||
	fail "837P differs from the golden file: $(diff "$f" "$SRCDIR/tests/data/golden-837.x12" | head -20)"
x12check "$SRCDIR/tests/data/golden-837.x12" || fail "golden file breaks the guide's rules"
# the checker knows the situational rules the writer once broke: each
# mutation of the golden file is a fault it names
g="$SRCDIR/tests/data/golden-837.x12"
bad() {   # SED-SCRIPT EXPECTED-FAULT
	sed "$1" "$g" >bad.x12
	x12check bad.x12 >faults.txt && fail "x12check passed: $2"
	grep -q "$2" faults.txt || fail "x12check missed '$2': $(head -3 faults.txt)"
}
bad '0,/^SBR\*S\*18\*\*\*12\*\*\*\*MB~/s//SBR*S*18*******MB~/' "HL 6: SBR05 '': Medicare not primary"
bad '/^DTP\*573\*D8\*20250820~/{n;s/\*\*\*12\*/****/}' "2320 SBR05 '': Medicare not primary"
bad 's/^SBR\*P\*\*GRP7004\*\*\*\*\*\*CI~/&\nN3*1 A ST~\nN4*EVANSTON*IL*60201~/' "2010BA N3/N4/DMG sent though a 2000C"
bad 's/^N4\*Evanston\*IL\*/N4*Evanston*XX*/' "N402 'XX' is not a state"
bad 's/^N4\*INDIANAPOLIS\*IN\*462066475~/N4~/' "N4 with an empty city"
bad 's/^N4\*INDIANAPOLIS\*IN\*/N4*TORONTO*ON*/' "N404 '' for Canadian province ON"
bad '/^DTP\*573\*D8\*20250820~/d' "2330B DTP\*573 missing for 62308"
bad '0,/^DTP\*573\*D8\*20250903~/{/^DTP\*573\*D8\*20250903~/d}' "2430 DTP\*573 missing"
bad 's/^LIN\*\*N4\*63323016501~/LIN**N4*6332301650~/' "2410 LIN"
bad 's/\*MJ\*45\*/*MN*45*/' "SV1"
bad '/^AMT\*EAF\*30~/d' "2320 AMT\*EAF missing for 62308"
bad '0,/^AMT\*EAF\*11.5~/{/^AMT\*EAF\*11.5~/d}' "2430 AMT\*EAF missing"
bad 's/^AMT\*D\*52~/&\nAMT*EAF*0~/' "2320 AMT\*EAF of MCRB1 sent though"
bad 's/^CAS\*CO\*45\*41.25~/CAS*CO*45*41.25**23*0~/' "2430 CAS with a zero adjustment"
# without the newline setting the same segments come on one line
claim-batch config segment_newline no
claim-batch void "$(manifest_col batch_id "$T/out")" 2>/dev/null
claim-batch run >m2.csv 2>/dev/null
f2=$(manifest_col file m2.csv)
expect_eq "$(grep -c '' "$f2")" 1 "one line without segment_newline"
# the envelope's control numbers differ; every other segment is the same
body() { tr -d '\n' <"$1" | tr '~' '\n' | grep -vE '^(ISA|GS|ST|BHT|SE|GE|IEA)\*'; }
body "$f2" >b2
body "$SRCDIR/tests/data/golden-837.x12" >b1
cmp -s b1 b2 || fail "segments differ without segment_newline"
finish
