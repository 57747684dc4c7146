# Shared by the stages tests; sourced after lib.sh.

# sessions IN OUT: the claims table IN as a sessions export: without the
# charge and claim_total columns.
sessions() {
	python3 - "$1" "$2" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
drop = {i for i, h in enumerate(rows[0]) if h in ("charge", "claim_total")}
w = csv.writer(open(sys.argv[2], "w", newline=""), lineterminator="\n")
for r in rows:
    w.writerow([v for i, v in enumerate(r) if i not in drop])
PY
}

# setcol FILE CLAIM COLUMN VALUE: sets COLUMN on every row of CLAIM.
setcol() {
	python3 - "$@" <<'PY'
import csv, sys
path, cid, col, val = sys.argv[1:5]
rows = list(csv.reader(open(path, newline="")))
c = rows[0].index(col)
for r in rows[1:]:
    if r[0] == cid:
        r[c] = val
csv.writer(open(path, "w", newline=""), lineterminator="\n").writerows(rows)
PY
}

# fee_all FILE: a default fee schedule, 10.00 for every procedure of the
# sessions file FILE, from 2000-01-01.
fee_all() {
	python3 - "$1" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
print("payer_id,procedure,modifier,effective,charge")
for p in sorted({r["procedure"] for r in rows}):
    print(",%s,,2000-01-01,10.00" % p)
PY
}

status_of() {
	sql "SELECT status FROM claims WHERE claim_id='$1'"
}
