#!/bin/sh
# help_synopsis [PROGRAM]: the SYNOPSIS of PROGRAM(1) is exactly the usage
# lines that PROGRAM prints: one entry per verb listed under "Verbs:" by
# PROGRAM --help, each the first line of PROGRAM VERB --help without
# "usage: ", and "PROGRAM --version".  Whitespace is normalised, so line
# wrapping does not count.  Also checks what --version prints.
. "$SRCDIR/tests/cli/lib.sh"

prog=${1:-claim-batch}
page="$SRCDIR/man/man1/$prog.1"

# squeeze: one space between words, none at either end.
squeeze() {
	sed 's/[[:space:]]\{1,\}/ /g; s/^ //; s/ $//'
}

[ -f "$page" ] || fail "no manual page $page"
command -v mandoc >/dev/null 2>&1 || fail "mandoc is not installed"

# The SYNOPSIS entries, one per line: an entry starts at the section's
# left margin and its continuation lines are indented further.
mandoc -Tascii "$page" 2>/dev/null | col -bx | awk '
	/^SYNOPSIS$/ { s = 1; next }
	s && /^[^ ]/ { exit }
	s && NF {
		match($0, /^ */)
		text = substr($0, RLENGTH + 1)
		if (margin == "")
			margin = RLENGTH
		if (RLENGTH == margin) {
			if (cur != "")
				print cur
			cur = text
		} else
			cur = cur " " text
	}
	END { if (cur != "") print cur }' | squeeze >"$T/synopsis"
[ -s "$T/synopsis" ] || fail "$prog.1: no SYNOPSIS entries found"
while IFS= read -r entry; do
	case $entry in
	"$prog "*) ;;
	*) fail "$prog.1: SYNOPSIS entry does not start with '$prog': $entry" ;;
	esac
done <"$T/synopsis"

# The verbs: the first word of each line of the "Verbs:" block.
run "$prog" --help </dev/null
expect_rc 0 "$prog --help"
cp "$T/out" "$T/help"
awk '/^Verbs:$/ { v = 1; next } v && !NF { exit } v { print $1 }' \
    "$T/help" >"$T/verbs"
[ -s "$T/verbs" ] || fail "$prog --help: no verbs found under 'Verbs:'"

# The usage lines expected in the SYNOPSIS.
: >"$T/usages"
while IFS= read -r verb; do
	run "$prog" "$verb" --help </dev/null
	expect_rc 0 "$prog $verb --help"
	first=$(head -n 1 "$T/out")
	case $first in
	"usage: $prog "*) ;;
	*) fail "$prog $verb --help: first line is not 'usage: $prog ...': $first"
	   continue ;;
	esac
	printf '%s\n' "${first#usage: }" | squeeze >>"$T/usages"
done <"$T/verbs"

# The program's own usage block: its first line is the generic form
# (VERB [OPTIONS] ...); the others, such as "PROG --version", are
# synopsis entries of their own.
awk 'NR == 1 { next } /^ / { print; next } { exit }' "$T/help" | squeeze \
    >>"$T/usages"
grep -qxF -- "$prog --version" "$T/usages" ||
    printf '%s --version\n' "$prog" >>"$T/usages"

while IFS= read -r usage; do
	grep -qxF -- "$usage" "$T/synopsis" ||
	    fail "$prog.1: SYNOPSIS lacks '$usage'"
done <"$T/usages"
while IFS= read -r entry; do
	grep -qxF -- "$entry" "$T/usages" ||
	    fail "$prog.1: SYNOPSIS entry '$entry' is no verb's usage"
done <"$T/synopsis"
n=$(sort "$T/synopsis" | uniq -d | wc -l)
[ "$n" -eq 0 ] || fail "$prog.1: SYNOPSIS repeats $(sort "$T/synopsis" | uniq -d)"

# --version: one line, "PROG (claimkit) X.Y.Z".
run "$prog" --version </dev/null
expect_rc 0 "$prog --version"
if [ "$(wc -l <"$T/out")" -ne 1 ] ||
    ! grep -Eqx "$prog \\(claimkit\\) [0-9]+\\.[0-9]+\\.[0-9]+" "$T/out"; then
	fail "$prog --version: expected '$prog (claimkit) X.Y.Z', got '$(cat "$T/out")'"
fi
[ ! -s "$T/err" ] || fail "$prog --version wrote to stderr: $(cat "$T/err")"

finish
