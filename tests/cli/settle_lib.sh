# Sourced by the claim-settle tests after lib.sh: running a program on a
# pseudo-terminal (ptyrun.py) and checking what it showed and changed.
PTYRUN="$SRCDIR/tests/cli/ptyrun.py"
TO=20           # seconds a wait on the terminal may take

# onpty [PTYRUN OPTIONS] -- CMD...: runs CMD with a pseudo-terminal as its
# /dev/tty and stderr; stdout in $T/out, what the terminal showed in
# $T/screen (and $T/err, for expect_err), the program's exit in $rc (128+N
# when signal N ended it), ptyrun.py's own status in $drc, its report in
# $T/report.  Never stops the script.
onpty() {
	set +e
	python3 "$PTYRUN" --timeout "$TO" --stdout "$T/out" "$@" \
	    >"$T/report" 2>"$T/pty.err"
	drc=$?
	set -e
	sed '1,/^--- terminal ---$/d' "$T/report" >"$T/screen"
	cp "$T/screen" "$T/err"
	head_=$(sed '/^--- terminal ---$/q' "$T/report")
	rc=$(echo "$head_" | sed -n 's/^exit=\([0-9][0-9]*\)$/\1/p')
	if [ -z "$rc" ]; then
		rc=$(echo "$head_" | sed -n 's/^signal=\([0-9][0-9]*\)$/\1/p')
		rc=$((${rc:-127} + 128))
	fi
}

# pty_ok WHAT: the driver completed (every --expect met, in time).
pty_ok() {
	[ "$drc" -eq 0 ] || fail "$1: ptyrun.py exit $drc: $(head -1 "$T/report"); terminal: $(tail -c 700 "$T/screen")"
}

# onpty_refuse WHAT [PTYRUN OPTIONS] -- CMD...: runs CMD that should stop
# before any prompt.  Should it prompt after all, Ctrl-D answers (so
# nothing is settled) and the check fails.
onpty_refuse() {
	w=$1
	shift
	onpty --timeout 10 --expect "Type CONFIRM" --send '\x04' "$@"
	case $drc in
	4) drc=0 ;;
	0) fail "$w: it prompted instead of refusing: $(grep 'Type CONFIRM' "$T/screen" | head -1)" ;;
	*) fail "$w: ptyrun.py exit $drc: $(head -1 "$T/report")" ;;
	esac
}

expect_screen() {
	grep -qF -- "$1" "$T/screen" || fail "$2: the terminal lacks '$1'; it showed: $(tail -c 700 "$T/screen")"
}

expect_no_rows() {
	grep -q CLM "$T/out" && fail "$1: claims on stdout: $(head -3 "$T/out")"
	return 0
}

# snapshot NAME: the claims, adjustments and settlement tables, as text.
snapshot() {
	printf '.dump claims\n.dump adjustments\n.dump settle_runs\n%s\n' \
	    '.dump settle_items' | sqlite3 -batch "$CLAIMKIT_DB" >"$T/$1.dump"
}

# unchanged NAME WHAT: both tables are as in snapshot NAME.
unchanged() {
	snapshot now
	cmp -s "$T/$1.dump" "$T/now.dump" || fail "$2: the database changed: $(diff "$T/$1.dump" "$T/now.dump" | head -5)"
}
