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

# SQL: the patient responsibility a claim (claims.id) handed on to its
# secondary claim, net of what reversals gave back.
HANDED="(SELECT coalesce(sum(z.transfer), 0) FROM remit_secondary z JOIN
    remit_claims y ON y.id=z.remit_claim JOIN remits w ON w.id=y.remit
    WHERE y.claim=claims.id AND w.status='posted' AND y.status<>'unmatched')"

# Every claim balances: charge = paid + adjusted + patient responsibility
# + open insurance balance, to the cent; the patient owes their
# responsibility less what a secondary claim took over.
expect_balanced() {
	expect_eq "$(sql "SELECT group_concat(claim_id) FROM claims WHERE
	    total_charge <> insurance_paid + adjusted + patient_resp +
	    insurance_balance OR patient_balance <> patient_resp - $HANDED")" "" "$1: claims that do not balance"
}

# handed CLAIM: the patient responsibility it handed on, and (a
# secondary) the prior payers' impact booked on it and not yet met by its
# payer's CAS 23, as "HANDED,OPEN"
handed() {
	sql "SELECT $HANDED || ',' || CASE WHEN rank > 1 THEN total_charge -
	    coalesce((SELECT sum(z.transfer) FROM remit_secondary z JOIN
	    remit_claims m ON m.id=z.remit_claim WHERE m.secondary=claims.id),
	    total_charge) - coalesce((SELECT sum(z.prior) FROM remit_claims y
	    JOIN remits w ON w.id=y.remit JOIN remit_secondary z ON
	    z.remit_claim=y.id WHERE y.claim=claims.id AND w.status='posted' AND
	    y.status<>'unmatched'), 0) ELSE 0 END FROM claims WHERE claim_id='$1'"
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

# era835 OUT TRACE CLP-SEGMENT...: a one-remittance 835 of those claim
# segments ('~' between a claim's segments), balanced: BPR02 the sum of
# CLP04, SE01 counted; from ACME HEALTH PLAN (62308, TRN03 1620000000),
# or from the payer ERA_PAYER names as NAME*ID*TRN03.
era835() {
	python3 - "${ERA_PAYER:-ACME HEALTH PLAN*62308*1620000000}" "$@" <<'PY'
import sys
payer, out, trace, claims = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
name, pid, key = payer.split('*')
segs = [s for c in claims for s in c.split('~')]
paid = sum(float(s.split('*')[4]) for s in segs if s.startswith('CLP*'))
body = ['ST*835*0001',
        'BPR*I*%.2f*C*ACH*CCP*01*999999999*DA*123456*1620000000**01*999988880*DA*98765*20260105' % paid,
        'TRN*1*%s*%s' % (trace, key), 'N1*PR*%s*XV*%s' % (name, pid),
        'REF*2U*%s' % pid, 'N1*PE*GREAT LAKES GENERAL PRACTICE PLLC*XX*1164079539',
        'LX*1'] + segs
body.append('SE*%d*0001' % (len(body) + 1))
env = ['ISA*00*          *00*          *ZZ*ACMEHLTH       *ZZ*S1234567       '
       '*251231*1200*^*00501*000000301*0*T*:',
       'GS*HP*ACMEHLTH*S1234567*20251231*1200*301*X*005010X221A1']
open(out, 'w').write('~\n'.join(env + body + ['GE*1*301', 'IEA*1*000000301']) + '~\n')
PY
}
