#!/bin/sh
# The next payer's address (next_payer_address1 ... next_payer_zip) is
# checked at import like the payer's, and the secondary claim that posting
# the primary's 835 makes carries it as its payer's: 2010BB N3/N4 of its
# 837P and the payer block of its CMS-1500.  The primary payer becomes the
# other payer (2330B) as before.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
. "$SRCDIR/tests/cli/remit_lib.sh"
cd "$T"
D="$SRCDIR/tests/data"
configure
# CLM0000008's next payer takes 837P files, CLM0000003's only paper
n=next_payer_id,next_payer_name,next_payer_filing,next_filing_indicator
n=$n,next_group_number,next_subscriber_id,next_payer_address1
n=$n,next_payer_address2,next_payer_city,next_payer_state,next_payer_zip
next_payers c.csv "$n" \
    'CLM0000008=secpay1|SECOND MUTUAL|electronic|CI|G77|XSEC123|400 CLAIMS WAY|SUITE 12|Des Moines|ia|50309-1234' \
    'CLM0000003=PAPR9|PAPER LIFE|paper|CI|G88|XP456|PO BOX 5500||TOPEKA|KS|66601'
col() { head -1 c.csv | tr ',' '\n' | grep -nx "$1" | cut -d: -f1; }

# checked like the payer's own columns: nothing imported
python3 "$SRCDIR/tests/cli/csvset.py" c.csv bad.csv 1 next_payer_state 4X
run claim-batch import bad.csv
expect_rc 65 "a next payer state that is no state code"
expect_err "bad.csv:2:$(col next_payer_state): next_payer_state: expected a two-letter state code, got '4X'" "file, line, column, what was expected"
python3 "$SRCDIR/tests/cli/csvset.py" c.csv bad.csv 1 next_payer_zip 5030A
run claim-batch import bad.csv
expect_rc 65 "a next payer ZIP with a letter"
expect_err "bad.csv:2:$(col next_payer_zip): next_payer_zip: expected digits, found 'A'" "ZIP named"
[ ! -e "$CLAIMKIT_DB" ] || [ "$(sql "SELECT count(*) FROM claims")" = 0 ] || fail "bad imports changed the database"

run claim-batch import c.csv
expect_rc 0 "import"
expect_eq "$(sql "SELECT next_payer_address1||'|'||next_payer_address2||'|'||next_payer_city||'|'||next_payer_state||'|'||next_payer_zip FROM claims WHERE claim_id='CLM0000008'")" \
	"400 CLAIMS WAY|SUITE 12|Des Moines|IA|503091234" "stored as the payer's are"
mkdir -p drop/in drop/out
claim-upload endpoint add drop "file://$T/drop" --remote-in in --remote-out out 2>/dev/null
claim-batch run --upload >/dev/null 2>&1 || :

run claim-remit post "$D/era-paid.x12"
expect_rc 0 "post the primary 835"
expect_eq "$(sql "SELECT group_concat(claim_id||':'||filing||':'||payer_address1||'|'||coalesce(payer_address2,'')||'|'||payer_city||'|'||payer_state||'|'||payer_zip||':'||prior_payer_id, ' ') FROM (SELECT * FROM claims WHERE claim_id LIKE '%-2' ORDER BY claim_id)")" \
	"CLM0000003-2:paper:PO BOX 5500||TOPEKA|KS|66601:62308 CLM0000008-2:electronic:400 CLAIMS WAY|SUITE 12|Des Moines|IA|503091234:62308" \
	"the secondaries take the next payer's address; the primary is their prior payer"

run claim-batch run
expect_rc 0 "run the secondaries"
f=$(sql "SELECT file FROM batches WHERE id=(SELECT batch_id FROM claims WHERE claim_id='CLM0000008-2')")
[ -s "$f" ] || fail "no 837P batch for the secondary"
tr -d '\n' <"$f" | tr '~' '\n' >segs.txt
grep -A2 '^NM1\*PR\*2\*SECOND MUTUAL\*' segs.txt >payer.txt || :
printf 'NM1*PR*2*SECOND MUTUAL*****PI*SECPAY1\nN3*400 CLAIMS WAY*SUITE 12\nN4*Des Moines*IA*503091234\n' >want.txt
cmp -s payer.txt want.txt || fail "2010BB of the secondary: $(cat payer.txt)"
grep -qx 'NM1\*PR\*2\*CIGNA\*\*\*\*\*PI\*62308' segs.txt ||
	fail "2330B: the primary as the other payer: $(grep '^NM1\*PR' segs.txt)"

p=$(sql "SELECT file FROM batches WHERE id=(SELECT batch_id FROM claims WHERE claim_id='CLM0000003-2')")
[ -s "$p" ] || fail "no paper batch for the paper secondary"
expect_eq "$(sql "SELECT kind FROM batches WHERE id=(SELECT batch_id FROM claims WHERE claim_id='CLM0000003-2')")" CMS1500 "a paper batch"
# the payer block: lines 2 to 4 of the form, from column 41
sed -n 2,4p "$p" >block.txt
printf '%40s%s\n' '' 'PAPER LIFE' '' 'PO BOX 5500' '' 'TOPEKA KS 66601' >want.txt
cmp -s block.txt want.txt || fail "payer block of the paper secondary: $(cat block.txt)"
# an address is whole or absent: a next payer's street without its city
# holds the claim at the scrub, naming the column, before posting could
# make a secondary the clearinghouse refuses
python3 - c.csv part.csv <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
h = rows[0]
keep = [rows[0]] + [r for r in rows[1:] if r[0] == 'CLM0000011']
for r in keep[1:]:
    r[h.index('claim_id')] = 'CLM0000099'
    r[h.index('next_payer_id')] = 'SECPAY1'
    r[h.index('next_payer_address1')] = '400 CLAIMS WAY'
csv.writer(open(sys.argv[2], 'w', newline=''), lineterminator='\n').writerows(keep)
PY
run claim-batch import part.csv
expect_rc 0 "import a claim with part of a next payer address"
claim-batch run >/dev/null 2>&1 || :
expect_eq "$(sql "SELECT group_concat(rule||':'||field, ' ') FROM (SELECT * FROM scrub_results WHERE claim=(SELECT id FROM claims WHERE claim_id='CLM0000099') ORDER BY field)")" \
	"address:next_payer_city address:next_payer_state address:next_payer_zip" "held, the missing columns named"
finish
