#!/bin/sh
# Fee schedules: import all or nothing with FILE:LINE:FIELD errors, list
# what was imported (re-importable), a later import of the same key takes
# the new charge; and the fee Invoice Creation picks: the one in force on
# the date of service, the modifier's over the plain one, the payer's
# over the default, times the units.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/stages_lib.sh"
cd "$T"

cat >f.csv <<'CSV'
payer_id,procedure,modifier,effective,charge
,99213,,2020-01-01,100.00
,99213,,2025-01-01,110.00
,99213,25,2020-01-01,130.00
bcbsm,99213,,2020-01-01,90
CSV
run claim-batch fees import f.csv
expect_rc 0 "fees import"
expect_err "imported 4 fees from 'f.csv'" "fees import"
run claim-batch fees list
expect_rc 0 "fees list"
cat >want <<'CSV'
payer_id,procedure,modifier,effective,charge
,99213,,2020-01-01,100.00
,99213,,2025-01-01,110.00
BCBSM,99213,,2020-01-01,90.00
,99213,25,2020-01-01,130.00
CSV
cmp -s "$T/out" want || fail "fees list: $(cat "$T/out")"

# Bad rows: the file, line, field and what was expected; nothing changes.
before=$(sqlite3 "$CLAIMKIT_DB" "SELECT * FROM fees" | md5sum)
for bad in ",99213,,2025-02-30,1.00|f:3:4: effective: expected a real date" \
    ",99213,,2025-01-01,1e3|f:3:5: charge:" \
    ",,,2025-01-01,1.00|f:3:2: procedure:" \
    ",99213,ABC,2025-01-01,1.00|f:3:3: modifier:" \
    ",99214,,2020-01-01,2.00|f:3: a second fee for procedure '99214', modifier '', payer '', effective 2020-01-01: line 2 has one; expected each once"; do
	printf 'payer_id,procedure,modifier,effective,charge\n,99214,,2020-01-01,1.00\n%s\n' \
	    "${bad%%|*}" >f
	run claim-batch fees import f
	expect_rc 65 "bad fee ${bad%%|*}"
	expect_err "${bad#*|}" "bad fee ${bad%%|*}"
	expect_err "no fee imported" "bad fee ${bad%%|*}"
done
printf 'payer,procedure,effective,charge\n' >f
run claim-batch fees import f
expect_rc 65 "unknown column"
expect_err "f:1:1: unknown column 'payer'" "unknown column"
expect_eq "$(sqlite3 "$CLAIMKIT_DB" "SELECT * FROM fees" | md5sum)" "$before" \
    "bad fee files changed nothing"

# The same payer, procedure, modifier and date again: the new charge.
printf 'payer_id,procedure,modifier,effective,charge\n,99213,,2025-01-01,115.00\n' |
    claim-batch fees import - 2>/dev/null
expect_eq "$(sql "SELECT count(*), sum(charge) FROM fees")" "4|43500" "re-import"
claim-batch fees list >again.csv
claim-batch fees import again.csv 2>/dev/null
expect_eq "$(sql "SELECT count(*), sum(charge) FROM fees")" "4|43500" \
    "list output imports back"

# Pricing: one session per case, all of procedure 99213.
gen 6 1 >c.csv
sessions c.csv s.csv
python3 - s.csv <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
cases = {   # date, modifier, payer, units: the fee expected
    "CLM0000001": ("2024-06-01", "", "62308", "1"),     # 100.00
    "CLM0000002": ("2025-06-01", "", "62308", "1"),     # 115.00
    "CLM0000003": ("2025-06-01", "25", "62308", "1"),   # 130.00
    "CLM0000004": ("2025-06-01", "", "BCBSM", "1"),     # 90.00
    "CLM0000005": ("2025-06-01", "", "62308", "2.5"),   # 287.50
    "CLM0000006": ("2019-06-01", "", "62308", "1"),     # no fee yet
}
out, seen = [], set()
for r in rows:
    if r["claim_id"] in seen:
        continue
    seen.add(r["claim_id"])
    d, m, p, u = cases[r["claim_id"]]
    r.update(service_date=d, service_date_to="", modifier1=m, modifier2="",
             modifier3="", modifier4="", payer_id=p, units=u,
             procedure="99213")
    out.append(r)
w = csv.DictWriter(open(sys.argv[1], "w", newline=""), rows[0].keys(),
                   lineterminator="\n")
w.writeheader()
w.writerows(out)
PY
export CLAIMKIT_NOW=2026-03-01T12:00:00Z
claim-batch import --sessions s.csv 2>/dev/null
claim-batch automation dwell invoice-create 0 2>/dev/null
run claim-batch invoice create
expect_rc 0 "invoice create"
expect_err "5 sessions invoiced" "invoice create"
expect_err "1 with no fee" "invoice create"
expect_eq "$(sql "SELECT group_concat(claim_id || '=' || ck, ' ') FROM
    (SELECT claim_id, total_charge ck FROM claims ORDER BY claim_id)")" \
    "CLM0000001=10000 CLM0000002=11500 CLM0000003=13000 CLM0000004=9000 CLM0000005=28750 CLM0000006=0" \
    "charges from the fee in force"
expect_eq "$(status_of CLM0000006)" session "a session with no fee stays"
run claim-batch list --claim CLM0000006
expect_out "fee:procedure@1" "list shows the missing fee"
expect_out ",invoice-create,2026-03-01T12:00:00Z,fee:procedure@1," "list shows its stage"
expect_eq "$(tail -1 "$T/out" | sed 's/.*,//')" "no fee" "list shows it held"
run claim-batch scrub --claim CLM0000006
expect_rc 0 "scrub of a held session"
expect_out "CLM0000006,fee,procedure,1,no fee for 99213 on its date of service" "scrub shows the missing fee"
# A fee for its date: the next run invoices it, and the problem goes.
printf 'payer_id,procedure,modifier,effective,charge\n,99213,,2019-01-01,80.00\n' |
    claim-batch fees import - 2>/dev/null
run claim-batch invoice create
expect_err "1 session invoiced" "priced once its fee is in"
expect_eq "$(sql "SELECT status, total_charge FROM claims WHERE
    claim_id='CLM0000006'")" "invoice|8000" "the held session, priced"
expect_eq "$(sql "SELECT count(*) FROM scrub_results WHERE rule='fee'")" 0 \
    "its problem gone"
finish
