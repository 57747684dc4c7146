#!/bin/sh
# Usage errors: a mistyped verb gets "did you mean", as git does, and the
# shape of a command line rather than every verb.
. "$SRCDIR/tests/cli/lib.sh"
cd "$T"

# typo PROG TYPED WANT: PROG TYPED exits 2 suggesting WANT (a line).
typo() {
	run "$1" "$2"
	expect_rc 2 "$1 $2"
	expect_eq "$(head -1 "$T/err")" "$1: '$2' is not a $1 verb; did you mean $3?" "$1 $2"
	expect_eq "$(sed -n 2p "$T/err")" "usage: $1 [--db PATH] VERB [OPTIONS] [ARGS]" "$1 $2: usage"
	expect_eq "$(sed -n 3p "$T/err")" "Run '$1 --help' for the verbs." "$1 $2: hint"
	expect_eq "$(wc -l <"$T/err")" 3 "$1 $2: three lines, not every verb"
	[ ! -s "$T/out" ] || fail "$1 $2 wrote to stdout"
}
typo claim-batch lsit "'list'"
typo claim-batch imprt "'import'"
typo claim-batch batchs "'batches'"
typo claim-batch cofnig "'config'"
typo claim-batch ls "'list'"
typo claim-batch ru "'run' or 'rule'"
typo claim-upload sned "'send'"
typo claim-upload fecth "'fetch'"
typo claim-upload endpoints "'endpoint'"
typo claim-settle rnus "'runs'"
typo claim-settle undp "'undo'"

# nothing near: no guess
run claim-batch xyzzy
expect_rc 2 "no near verb"
expect_eq "$(head -1 "$T/err")" "claim-batch: 'xyzzy' is not a claim-batch verb" "no near verb"
expect_eq "$(wc -l <"$T/err")" 3 "no near verb: three lines"

# an unknown global option: the usage line, not every verb
run claim-batch --colour list
expect_rc 2 "unknown option"
expect_eq "$(cat "$T/err")" "claim-batch: unknown option '--colour'
usage: claim-batch [--db PATH] VERB [OPTIONS] [ARGS]
Run 'claim-batch --help' for the verbs." "unknown option"

# no verb at all: the verbs are what the person needs
run claim-batch
expect_rc 2 "no verb"
expect_err "claim-batch: expected a verb" "no verb"
expect_err "Verbs:" "no verb lists the verbs"
finish
