#!/bin/sh
# data/x12/rows.cmake, the one reader of the code lists that the build
# compiles in: quoted descriptions (commas, "" quotes, ';' and brackets
# kept), a retired code's stop date or, where its source gives none, the
# word retired, and a bad row stopping the build with FILE:LINE and what
# was expected.
. "$SRCDIR/tests/cli/lib.sh"
cd "$T"
X="$SRCDIR/data/x12"
cat >carc.csv <<'C'
# test list
code,description,stop
1,Deductible Amount
45,"Charge exceeds fee schedule, see ""45""; [a] or b?? c\d"
25,Payment denied.,2008-04-01
15,"Missing, invalid.",retired
C
printf '# test\ncode,description\nN130,Consult plan benefit documents.\n' >rarc.csv
run cmake -DCARC=carc.csv -DRARC=rarc.csv -DOUT=out.h -P "$X/remit-codes.cmake"
expect_rc 0 "good lists"
cat >want.h <<'W'
/* Generated from data/x12 by data/x12/remit-codes.cmake: do not edit. */
static const struct ck_xr_code carc_codes[] = {
	{"1", "Deductible Amount"},
	{"45", "Charge exceeds fee schedule, see \"45\"; [a] or b\?\? c\\d"},
	{"25", "Payment denied. (retired: stopped 2008-04-01)"},
	{"15", "Missing, invalid. (retired)"},
	{NULL, NULL}
};

static const struct ck_xr_code rarc_codes[] = {
	{"N130", "Consult plan benefit documents."},
	{NULL, NULL}
};
W
cmp -s out.h want.h || fail "generated header: $(diff want.h out.h)"

# bad rows: the build stops, naming the file and line
bad() {
	rm -f bad.h
	printf '# test\ncode,description,stop\n%s\n' "$2" >bad.csv
	run cmake -DCARC=bad.csv -DRARC=rarc.csv -DOUT=bad.h -P "$X/remit-codes.cmake"
	[ "$rc" -ne 0 ] || fail "$1: accepted"
	expect_err "bad.csv:3: $3" "$1"
	[ ! -e bad.h ] || fail "$1: a header written"
}
bad quote '45,"Charge exceeds' "expected CODE,DESCRIPTION[,STOP]"
bad code 'CO-45,A group and its reason' "expected a code"
bad stop '25,Payment denied.,1 April 2008' "expected the stop date as YYYY-MM-DD, found '1 April 2008'"
bad empty '25,' "expected CODE,DESCRIPTION[,STOP]"

# the claim status lists read by the same function: codes only
printf '# t\ncode,group\nA1,acknowledgement\nE0,"error, response"\n' >cat.csv
printf '# t\ncode\n20\n3\n20\n' >st.csv
run cmake -DCATEGORY=cat.csv -DSTATUS=st.csv -DOUT=cl.h -P "$X/codelist.cmake"
expect_rc 0 "status lists"
expect_eq "$(tr -d '\t\n' <cl.h | sed 's/.*category_codes\[\] = {//')" \
	'"A1","E0",NULL};/* ascending */static const int status_codes[] = {3,20,};' "codes, sorted statuses"
printf '# t\ncode\n2x\n' >st.csv
run cmake -DCATEGORY=cat.csv -DSTATUS=st.csv -DOUT=cl.h -P "$X/codelist.cmake"
[ "$rc" -ne 0 ] || fail "a status code with a letter accepted"
expect_err "st.csv:3: expected a code" "status code named"
finish
