#!/bin/sh
# claim-upload send --resend at a terminal: a batch sent before goes again
# only once CONFIRM is typed on /dev/tty (a pseudo-terminal that ptyrun.py
# types on), after it was told what a duplicate ISA13 does; anything else,
# or no terminal and no --yes, sends nothing.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
. "$SRCDIR/tests/cli/upload_lib.sh"
cd "$T"
configure
mkdir -p drop/in
claim-upload endpoint add drop "file://$T/drop" --remote-in in

# tty [PTYRUN STEPS] -- CMD...: CMD with a pseudo-terminal as /dev/tty and
# stderr; $T/out its stdout, $T/screen the terminal, $rc its exit status,
# $drc ptyrun.py's
tty() {
	set +e
	python3 "$SRCDIR/tests/cli/ptyrun.py" --timeout 20 --stdout "$T/out" \
	    "$@" >"$T/report" 2>/dev/null
	drc=$?
	set -e
	sed '1,/^--- terminal ---$/d' "$T/report" >"$T/screen"
	rc=$(sed -n 's/^exit=\([0-9]*\)$/\1/p' "$T/report" | head -1)
	: "${rc:=255}"
}
on_screen() {
	grep -qF -- "$1" "$T/screen" || fail "$2: the terminal lacks '$1': $(tail -c 500 "$T/screen")"
}
sends() { sql "SELECT count(*) FROM transfers WHERE batch_id=$1 AND result='sent'"; }

b=$(new_batch TTY 6)
claim-upload send "$b" >/dev/null 2>&1 || fail "first send"
isa=$(sql "SELECT printf('%09d', isa_control) FROM batches WHERE id=$b")
Q="Type CONFIRM to send 1 batch again: "

for keys in 'no\n' '\n' 'confirm\n' '\x04'; do
	tty --expect "$Q" --send "$keys" -- claim-upload send --resend "$b"
	[ "$drc" -eq 0 ] || fail "'$keys': ptyrun.py exit $drc: $(head -1 "$T/report")"
	expect_eq "$rc" 1 "typing '$keys'"
	on_screen "nothing sent" "typing '$keys'"
	expect_eq "$(sends "$b")" 1 "typing '$keys': not sent again"
done
on_screen "interchange control number (ISA13) $isa" "the ISA13 shown"
on_screen "duplicate" "what a duplicate ISA13 does"

tty --expect "$Q" --send 'CONFIRM\n' -- claim-upload send --resend "$b" "$b"
[ "$drc" -eq 0 ] || fail "CONFIRM: ptyrun.py exit $drc: $(head -1 "$T/report")"
expect_eq "$rc" 0 "CONFIRM"
expect_eq "$(grep -c ",sent," "$T/out")" 1 "CONFIRM: sent once"
expect_eq "$(sends "$b")" 2 "CONFIRM: sent again"

# a batch never sent needs no question, even with --resend
b2=$(new_batch TTZ 4)
tty --timeout 10 --expect "Type CONFIRM" --send '\x04' -- claim-upload send --resend "$b2"
expect_eq "$drc" 4 "no question for a batch not sent before"
expect_eq "$rc" 0 "--resend of a batch not sent before"
expect_eq "$(sends "$b2")" 1 "sent"
finish
