#!/bin/sh
# img-batch export: the images under readable names, byte for byte,
# index.csv naming each, index.html showing them; a changed stored image
# is refused; the folder must be new or empty.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/img_lib.sh"

img_files "$T/f"
img-batch practice add RIV "Riverside" >/dev/null
img-batch plan add 60054 "Aetna PPO"
img-batch create --type payment --payer 60054 >/dev/null
cp "$T/f/pic.png" "$T/f/eob <1>.png"
img-batch add 1 "$T/f/doc.pdf" "$T/f/eob <1>.png" >/dev/null
img-batch add 1 "$T/f/pic.jpg" "$T/f/scan.tif" >/dev/null
img-batch link 1 --payment 'EFT<9>' 

run img-batch export 1 "$T/out1"
expect_rc 0 "export"
expect_err "exported 4 images of batch 1" "export says how many"
cmp -s "$T/f/doc.pdf" "$T/out1/set-1/01-doc.pdf" || fail "pdf copied"
cmp -s "$T/f/pic.png" "$T/out1/set-1/02-eob__1_.png" || fail "png under a safe name"
cmp -s "$T/f/pic.jpg" "$T/out1/set-2/01-pic.jpg" || fail "jpeg copied"
cmp -s "$T/f/scan.tif" "$T/out1/set-2/02-scan.tif" || fail "tiff copied"
expect_eq "$(stat -c %a "$T/out1")" 700 "export folder 0700"
expect_eq "$(stat -c %a "$T/out1/set-1/01-doc.pdf")" 600 "exported file 0600"
expect_eq "$(sed -n 1p "$T/out1/index.csv")" \
    "set_id,claim_id,line,payment,seq,file,name,kind,pages,bytes,sha256" "index header"
expect_eq "$(sed -n 3p "$T/out1/index.csv" | cut -d, -f1-10)" \
    "1,,,EFT<9>,2,set-1/02-eob__1_.png,eob <1>.png,png,1,93" "index row"
grep -q '<img src="set-1/02-eob__1_.png" alt="eob &lt;1&gt;.png">' "$T/out1/index.html" ||
	fail "png shown inline, name escaped"
grep -q '<embed src="set-1/01-doc.pdf" type="application/pdf"' "$T/out1/index.html" ||
	fail "pdf embedded"
grep -q '<h2>Set 1: payment EFT&lt;9&gt;</h2>' "$T/out1/index.html" ||
	fail "set heading names the payment, escaped"
python3 - "$T/out1/index.html" <<'PY' || fail "index.html is not well-formed"
import html.parser, sys
class P(html.parser.HTMLParser):
    pass
P().feed(open(sys.argv[1]).read())
PY
[ -e "$T/out1/.tmp-index.csv" ] && fail "temporary index left"

run img-batch export 1 "$T/out1"
expect_rc 65 "export into a used folder"
expect_err "not empty" "used folder named"

sha=$(sha256sum "$T/f/scan.tif" | cut -c1-64)
printf x >>"$CLAIMKIT_DB.d/images/$(echo "$sha" | cut -c1-2)/$sha"
run img-batch export 1 "$T/out2"
expect_rc 65 "export of a changed image"
expect_err "stored image $sha changed" "changed image named"
[ -e "$T/out2/index.csv" ] && fail "index written for a failed export"
run img-batch export 9 "$T/out3"
expect_rc 65 "no such batch"

exit $((failures > 0))
