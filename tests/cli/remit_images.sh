#!/bin/sh
# claim-remit show names the img-batch payment batch and set whose paper
# (the EOB, the check) was linked to the remittance's trace number.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
. "$SRCDIR/tests/cli/remit_lib.sh"
. "$SRCDIR/tests/cli/img_lib.sh"
cd "$T"
D="$SRCDIR/tests/data"
remit_setup
mkdir -p f
python3 "$SRCDIR/tests/cli/img_files.py" png f/eob.png
img-batch practice add RIV "Riverside" >/dev/null 2>&1 || fail "practice add"
img-batch plan add 62308 "Acme PPO" >/dev/null 2>&1 || fail "plan add"
img-batch create --type payment --payer 62308 >/dev/null 2>&1 || fail "create"
img-batch add 1 f/eob.png >/dev/null 2>&1 || fail "add"
img-batch link 1 --payment EFT1001 2>/dev/null || fail "link"

claim-remit post "$D/era-paid.x12" >/dev/null 2>&1 || fail "post"
run claim-remit show 1
expect_rc 0 show
batch=$(sql "SELECT batch FROM img_sets WHERE payment='EFT1001'")
desc=$(sql "SELECT description FROM img_batches WHERE id=$batch")
expect_eq "$(tail -1 "$T/out")" \
    "images,,,,,,,,,,,\"img-batch batch $batch${desc:+ ($desc)}, set 1: 1 image\"," \
    "show names the batch and the set"
# a remittance whose trace no set is linked to: no images row
claim-remit post "$D/era-line.x12" >/dev/null 2>&1 || [ $? -eq 3 ] ||
    fail "post era-line"
run claim-remit show 2
expect_rc 0 "show unlinked"
grep -q '^images,' "$T/out" && fail "images row for an unlinked trace"
finish
