#!/bin/sh
# claim-remit after posting: fetched 835s posted with no file, match by
# hand, undo behind a typed CONFIRM (refused when a claim changed since),
# rules that hold a payer's remittances and post --held.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
. "$SRCDIR/tests/cli/remit_lib.sh"
cd "$T"
D="$SRCDIR/tests/data"
PTYRUN="$SRCDIR/tests/cli/ptyrun.py"
remit_setup

# a rule holds the payer's remittances: nothing posts
run claim-remit rule add --payer acme health plan
expect_rc 2 "rule add: one payer"
run claim-remit rule add --payer "acme health plan"
expect_rc 0 "rule add"
run claim-remit rule list
expect_out "1,acme health plan," "rule list"

# fetched by claim-upload, posted with no file named
cp "$D/era-line.x12" drop/out/era-line.835
claim-upload fetch >/dev/null 2>&1 || fail "fetch"
expect_eq "$(sql "SELECT kind FROM fetched")" 835 "fetched as an 835"
run claim-remit post
expect_rc 0 "post fetched: held"
expect_err "remittance 1 (trace CHK3001 of ACME HEALTH PLAN) held by a rule as remittance 1: post it with --held" "held named"
expect_eq "$(balances CLM0000001)" "sent,0,0,0,36000,0" "held: nothing posted"
run claim-remit post
expect_rc 0 "post fetched again"
expect_eq "$(sql "SELECT count(*) FROM remits")" 1 "a held file is not read again"
run claim-remit post --held
expect_rc 3 "post --held (its line 2 matches none of ours)"
expect_eq "$(sql "SELECT status FROM remits")" posted "held, then posted"
claim-remit rule rm 1 2>/dev/null || fail "rule rm"

# its claim's second line matches nothing: unmatched, posted by hand
run claim-remit unmatched
expect_out "1,1,ACME HEALTH PLAN,CHK3001,CLM0000001,PCN1002,1,360.00,200.00,line 2 (HC:99499 210.00) matches no line of claim 'CLM0000001'" "unmatched line"
run claim-remit match 1 CLM0000002
expect_rc 65 "match to an unknown claim"
expect_err "no claim 'CLM0000002'" "unknown claim named"
run claim-remit match 1 CLM0000001
expect_rc 0 "match by hand"
expect_out "1,CLM0000001,PCN1002,paid,360.00,200.00,0.00,160.00,0.00,0.00,0.00,CO-45:160.00" "matched row"
expect_eq "$(balances CLM0000001)" "paid,20000,16000,0,0,0" "posted by hand"
run claim-remit match 1 CLM0000001
expect_rc 65 "match twice"
expect_balanced "after match"

# undo: no terminal and no --yes refuses; typed CONFIRM undoes
claim-remit post "$D/era-paid.x12" >/dev/null 2>&1
run claim-remit undo 2
expect_rc 1 "undo without a terminal"
expect_err "no terminal to confirm on: give --yes; nothing changed" "undo refused"
expect_eq "$(balances CLM0000008)" "paid,12000,3500,2000,0,2000" "nothing undone"
python3 "$PTYRUN" --expect "Type CONFIRM" --send 'CONFIRM\n' -- \
    claim-remit undo 2 >"$T/report" || fail "ptyrun: $(cat "$T/report")"
grep -q '^exit=0' "$T/report" || fail "undo confirmed: $(cat "$T/report")"
expect_eq "$(balances CLM0000008)" "sent,0,0,0,17500,0" "undone: back as before"
expect_eq "$(balances CLM0000004)" "sent,0,0,0,2800,0" "undone: denied back"
expect_eq "$(sql "SELECT status FROM remits WHERE id=2")" undone "remittance undone"
# undone, the same file may post again
run claim-remit post "$D/era-paid.x12"
expect_rc 0 "post again after undo"
expect_eq "$(balances CLM0000008)" "paid,12000,3500,2000,0,2000" "posted again"
# a later posting changed a claim: undo names it and changes nothing
claim-remit post "$D/era-reversal.x12" >/dev/null 2>&1
run claim-remit undo --yes 3
expect_rc 65 "undo after a later posting"
expect_err "cannot undo remittance 3: 1 of its claims changed since it was posted: CLM0000008" "changed claim named"
expect_eq "$(balances CLM0000003)" "partial,24000,8300,4000,4500,4000" "undo refused: nothing changed"
run claim-remit undo --yes 4
expect_rc 0 "undo the later one first"
expect_eq "$(balances CLM0000008)" "paid,12000,3500,2000,0,2000" "reversal undone"
run claim-remit undo --yes 3
expect_rc 0 "then the earlier"
expect_eq "$(balances CLM0000008)" "sent,0,0,0,17500,0" "all undone"
expect_balanced "after undo"
expect_eq "$(sql "SELECT count(*) FROM audit WHERE action LIKE 'remit%'")" 10 "audited"
finish
