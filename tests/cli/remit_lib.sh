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

# next_payers OUT COLUMNS [CLAIM_ID=V1|V2... ...]: tests/data/golden-claims.csv
# with the comma-separated COLUMNS (next payer columns) added, filled for
# the claims named ('|' between the values, in the order of COLUMNS) and
# empty for the others.
next_payers() {
	python3 - "$SRCDIR/tests/data/golden-claims.csv" "$@" <<'PY'
import csv, sys
src, dst, cols = sys.argv[1:4]
vals = dict(a.split('=', 1) for a in sys.argv[4:])
cols = cols.split(',')
rows = list(csv.reader(open(src, newline='')))
rows[0] += cols
for r in rows[1:]:
    v = vals[r[0]].split('|') if r[0] in vals else [''] * len(cols)
    assert len(v) == len(cols), r[0]
    r += v
csv.writer(open(dst, 'w', newline=''), lineterminator='\n').writerows(rows)
PY
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
