#!/bin/sh
# A 999 whose ISA16 (component separator) is NUL: claim-upload fetch
# stores it as a 999, applies nothing, names the file and the fault and
# exits 65 (it crashed: a heap overflow read in the reader).
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
. "$SRCDIR/tests/cli/ack_lib.sh"
cd "$T"
sent_batch 3
cp "$SRCDIR/tests/fuzz/regress/isa16-nul.999" drop/out/nul.999
run claim-upload fetch
expect_rc 65 "fetch of a 999 with ISA16 NUL"
expect_err "nul.999: segment 1 (ISA): expected a delimiter in ISA16 (the component separator), found NUL" "names the fault"
expect_row nul.999 ",999," "stored as a 999"
expect_row nul.999 "not applied: malformed" "not applied"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE batch_id=$b AND status='sent'")" "$n" "claims unchanged"
finish
