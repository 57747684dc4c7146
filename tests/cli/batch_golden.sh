#!/bin/sh
# The 837P of a fixed set of claims (self and patient-not-subscriber,
# a secondary with line-level prior payments, a replacement claim,
# rendering and facility loops) against a file checked by hand,
# segment by segment, against the implementation guide.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
cd "$T"
export TZ=UTC CLAIMKIT_NOW=2025-12-01T15:04:05Z
configure
claim-batch config segment_newline yes
claim-batch import "$SRCDIR/tests/data/golden-claims.csv" 2>/dev/null
run claim-batch run
expect_rc 0 run
f=$(manifest_col file "$T/out")
cmp "$f" "$SRCDIR/tests/data/golden-837.x12" ||
	fail "837P differs from the golden file: $(diff "$f" "$SRCDIR/tests/data/golden-837.x12" | head -20)"
x12check "$SRCDIR/tests/data/golden-837.x12" || fail "golden file breaks the guide's rules"
# without the newline setting the same segments come on one line
claim-batch config segment_newline no
claim-batch void "$(manifest_col batch_id "$T/out")" 2>/dev/null
claim-batch run >m2.csv 2>/dev/null
f2=$(manifest_col file m2.csv)
expect_eq "$(grep -c '' "$f2")" 1 "one line without segment_newline"
# the envelope's control numbers differ; every other segment is the same
body() { tr -d '\n' <"$1" | tr '~' '\n' | grep -vE '^(ISA|GS|ST|BHT|SE|GE|IEA)\*'; }
body "$f2" >b2
body "$SRCDIR/tests/data/golden-837.x12" >b1
cmp -s b1 b2 || fail "segments differ without segment_newline"
finish
