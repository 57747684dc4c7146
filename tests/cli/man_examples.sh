#!/bin/sh
# man_examples [PROGRAM]: runs, in order, every command of the EXAMPLES
# section of PROGRAM(1) (default claim-batch): the lines of its literal
# displays that start with "$ ", a line ending in "\" continuing on the
# next.  Other lines are expected output and are not checked.  Each
# command runs with sh -c in a scratch folder holding claims.csv (20
# claims from scripts/gen-claims, seed 5), with CLAIMKIT_DB naming a
# scratch database and standard input from /dev/null; it must exit 0.
. "$SRCDIR/tests/cli/lib.sh"

prog=${1:-claim-batch}
page="$SRCDIR/man/man1/$prog.1"

[ -f "$page" ] || fail "no manual page $page"
command -v mandoc >/dev/null 2>&1 || fail "mandoc is not installed"

mkdir "$T/work"
gen 20 5 >"$T/work/claims.csv"

# The commands, one file each: $T/ex/1, $T/ex/2, ...
mkdir "$T/ex"
mandoc -Tascii "$page" 2>/dev/null | col -bx | awk -v dir="$T/ex" '
	/^EXAMPLES$/ { s = 1; next }
	s && /^[^ ]/ { exit }
	!s { next }
	more {
		sub(/^ +/, "")
		print >>file
		more = /\\$/
		if (!more)
			close(file)
		next
	}
	/^ *\$ / {
		sub(/^ *\$ /, "")
		file = dir "/" ++n
		print >file
		more = /\\$/
		if (!more)
			close(file)
		out = dir "/" n ".out"
		printf "" >out
		next
	}
	# a line of the display after a command: what it prints; the
	# prose between displays (indented less) ends it
	/^          / && out != "" { sub(/^ +/, ""); print >>out; next }
	/^ *[^ ]/ { out = "" }'

n=0
while [ -f "$T/ex/$((n + 1))" ]; do
	n=$((n + 1))
	cmd=$(cat "$T/ex/$n")
	set +e
	(
		cd "$T/work" &&
		if command -v timeout >/dev/null 2>&1; then
			exec timeout 120 sh -c "$cmd"
		else
			exec sh -c "$cmd"
		fi
	) </dev/null >"$T/out" 2>"$T/err"
	rc=$?
	set -e
	[ "$rc" -eq 0 ] ||
	    fail "$prog.1 example $n: '$cmd' exited $rc: $(head -c 600 "$T/err")"
	# what the page shows it print, it prints (a line the page wraps is
	# matched in pieces)
	python3 - "$T/ex/$n.out" "$T/out" "$T/err" <<'PY' ||
import re, sys
want = [l.strip() for l in open(sys.argv[1]) if l.strip()]
got = " ".join((open(sys.argv[2]).read() + "\n" + open(sys.argv[3]).read()).split())
# (a path, a digest, a time or a file named by its date is the
# reader's own)
mine = re.compile(r"/|[0-9a-f]{64}|T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z|"
                  r"-20[0-9]{6}-")
bad = [l for l in want if not mine.search(l)
       and " ".join(l.split()) not in got]
for l in bad:
    print("  shown, not printed: " + l)
sys.exit(1 if bad else 0)
PY
	    fail "$prog.1 example $n: '$cmd' does not print what the page shows; it printed: $(cat "$T/out" "$T/err" | head -c 1500)"
done
[ "$n" -gt 0 ] || fail "$prog.1: no '\$ ' command lines in EXAMPLES"
[ "$n" -eq 0 ] || cat "$T"/ex/* | grep -q -- "$prog" ||
    fail "$prog.1: no example runs $prog"
echo "$n example(s) of $prog.1 ran"

finish
