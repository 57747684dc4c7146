# Sourced by the claim-remit tests after lib.sh and batch_lib.sh: the
# claims of tests/data/golden-claims.csv imported, batched and sent
# through a local drop folder, so that an 835 can pay them.
remit_setup() {
	configure >/dev/null 2>&1
	claim-batch import "$SRCDIR/tests/data/golden-claims.csv" 2>/dev/null
	mkdir -p "$T/drop/in" "$T/drop/out"
	claim-upload endpoint add drop "file://$T/drop" --remote-in in \
	    --remote-out out 2>/dev/null
	claim-batch run 2>/dev/null >"$T/m.csv"
	claim-upload send <"$T/m.csv" >/dev/null 2>&1
	[ "$(sql "SELECT count(*) FROM claims WHERE status<>'sent'")" = 0 ] ||
	    fail "setup: claims not sent"
}

# Every claim balances: charge = paid + adjusted + patient responsibility
# + open insurance balance, to the cent.
expect_balanced() {
	expect_eq "$(sql "SELECT group_concat(claim_id) FROM claims WHERE
	    total_charge <> insurance_paid + adjusted + patient_resp +
	    insurance_balance OR patient_balance <> patient_resp")" "" "$1: claims that do not balance"
}

# balances CLAIM: status,paid,adjusted,patient_resp,ins_balance,pat_balance
balances() {
	sql "SELECT status||','||insurance_paid||','||adjusted||','||
	    patient_resp||','||insurance_balance||','||patient_balance
	    FROM claims WHERE claim_id='$1'"
}

# remit_gen N SEED: N generated claims (gen), batched and sent through a
# local drop folder, whose drop/in fake_835.py then answers.
remit_gen() {
	configure >/dev/null 2>&1
	gen "$1" "$2" >"$T/c.csv"
	claim-batch import "$T/c.csv" 2>/dev/null
	claim-batch run --electronic-only 2>/dev/null >"$T/m.csv"
	mkdir -p "$T/drop/in" "$T/drop/out"
	claim-upload endpoint add drop "file://$T/drop" --remote-in in \
	    --remote-out out 2>/dev/null
	claim-upload send <"$T/m.csv" >/dev/null 2>&1 || fail "send"
}
