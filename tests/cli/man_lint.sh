#!/bin/sh
# man_lint: every manual page under man/ renders without a warning from
# mandoc -Tlint -W warning and, when groff is installed, from groff -ww.
# Also checks that each page sits in the folder of its section and that
# its .Dt names it.
. "$SRCDIR/tests/cli/lib.sh"

command -v mandoc >/dev/null 2>&1 || fail "mandoc is not installed"

npages=0
for page in "$SRCDIR"/man/man*/*; do
	[ -f "$page" ] || continue
	npages=$((npages + 1))
	base=${page##*/}
	name=${base%.*}
	sect=${base##*.}
	dir=${page%/*}
	dir=${dir##*/}
	[ "$dir" = "man$sect" ] ||
	    fail "$base: section $sect page in folder $dir"
	dt=$(sed -n 's/^\.Dt[[:space:]]\{1,\}//p' "$page" | head -n 1)
	want=$(printf '%s %s' "$name" "$sect" | tr '[:lower:]' '[:upper:]')
	[ "$(printf '%s' "$dt" | tr '[:lower:]' '[:upper:]')" = "$want" ] ||
	    fail "$base: .Dt is '$dt', expected '$want'"

	command -v mandoc >/dev/null 2>&1 || continue
	run mandoc -Tlint -W warning "$page"
	if [ "$rc" -ne 0 ] || [ -s "$T/out" ] || [ -s "$T/err" ]; then
		fail "mandoc -Tlint -W warning $base: exit $rc: $(cat "$T/out" "$T/err")"
	fi

	if command -v groff >/dev/null 2>&1; then
		run groff -ww -mdoc -Tutf8 -z "$page"
		if [ "$rc" -ne 0 ] || [ -s "$T/out" ] || [ -s "$T/err" ]; then
			fail "groff -ww -mdoc $base: exit $rc: $(cat "$T/out" "$T/err")"
		fi
	fi
done
[ "$npages" -gt 0 ] || fail "no manual pages under $SRCDIR/man"

# claimkit(5) lists the import columns of include/claimkit/columns.def,
# in its order, one ".It Cm name" each under CLAIM COLUMNS.
page="$SRCDIR/man/man5/claimkit.5"
def="$SRCDIR/include/claimkit/columns.def"
if [ -f "$page" ] && [ -f "$def" ]; then
	sed -n 's/^CK_COL(\([a-z0-9_]*\),.*/\1/p' "$def" >"$T/columns.c.txt"
	awk '/^\.Sh / { s = ($0 == ".Sh CLAIM COLUMNS"); next }
	    s && /^\.It Cm / { print $3 }' "$page" >"$T/columns.5.txt"
	[ -s "$T/columns.c.txt" ] || fail "no columns found in columns.def"
	cmp -s "$T/columns.c.txt" "$T/columns.5.txt" ||
	    fail "claimkit.5 CLAIM COLUMNS differ from columns.def: $(diff "$T/columns.c.txt" "$T/columns.5.txt" | grep '^[<>]' | head -n 10 | tr '\n' ' ')"
fi

finish
