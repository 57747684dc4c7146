#!/bin/sh
# img-batch add streams: a 200 MB scan is stored whole, and the peak
# memory of adding it is that of adding a 1 MB one (within 16 MB).
. "$SRCDIR/tests/cli/lib.sh"

img-batch practice add RIV "Riverside" >/dev/null
img-batch create --type charge >/dev/null
python3 "$SRCDIR/tests/cli/img_big_tiff.py" "$T/small.tif" 1
python3 "$SRCDIR/tests/cli/img_big_tiff.py" "$T/big.tif" 200

peak() {
	/usr/bin/time -f %M -o "$T/rss" img-batch add 1 "$1" >/dev/null ||
		fail "add $1"
	cat "$T/rss"
}
small=$(peak "$T/small.tif")
big=$(peak "$T/big.tif")
[ "$big" -lt $((small + 16384)) ] ||
	fail "peak memory grew with the file: ${small} KB for 1 MB, ${big} KB for 200 MB"
sha=$(sha256sum "$T/big.tif" | cut -c1-64)
expect_eq "$(sql "SELECT kind || ':' || pages || ':' || bytes FROM img_files WHERE sha256 = '$sha'")" \
    "tiff:1:$(stat -c %s "$T/big.tif")" "200 MB scan recorded"
cmp -s "$T/big.tif" "$CLAIMKIT_DB.d/images/$(echo "$sha" | cut -c1-2)/$sha" ||
	fail "200 MB scan stored whole"
exit $((failures > 0))
