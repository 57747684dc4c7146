#!/bin/sh
# A simulated week of the nightly billing automation, the clock set by
# CLAIMKIT_NOW, in America/Chicago: sessions loaded Sunday; every stage
# run each night at its time (21:00 run --upload, 22:00 invoice process,
# 23:00 invoice create); invoices appear Monday night, claims Tuesday
# night, submission to a drop folder Wednesday night.  Exactly the items
# no rule excludes move, one stage a night; a session with no fee never
# moves.  (ERA Processing is claim-remit's: not in this tree, so the week
# stops at the drop folder.)  Then two runs of each stage at once, and a
# kill in each stage: nothing moved twice, nothing lost.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
. "$SRCDIR/tests/cli/stages_lib.sh"
cd "$T"
export TZ=America/Chicago
configure 2>/dev/null
claim-batch config dwell 1d 2>/dev/null
mkdir -p drop/in drop/out
claim-upload endpoint add drop "file://$T/drop" --remote-in in \
    --remote-out out 2>/dev/null
gen 30 3 >c.csv
python3 - c.csv <<'PY'
import csv, sys     # electronic payers only: the week ends in the drop folder
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
for r in rows:
    r["payer_filing"] = "electronic"
    r["rank"] = "1"
    r["payer_electronic_secondary"] = "yes"
    for k in [k for k in r if k.startswith("prior")]:
        r[k] = ""
w = csv.DictWriter(open(sys.argv[1], "w", newline=""), rows[0].keys(),
                   lineterminator="\n")
w.writeheader()
w.writerows(rows)
PY
sessions c.csv s.csv
fee_all s.csv | grep -v '^,99213,' >fees.csv     # 99213 has no fee
nofee=$(python3 -c '
import csv, sys
print(" ".join(sorted({r["claim_id"] for r in csv.DictReader(open("s.csv"))
                       if r["procedure"] == "99213"})))')
[ -n "$nofee" ] || fail "the generated sessions have no 99213"

# Sunday 10:00: sessions and fees in; a rule of Claims Submission.
export CLAIMKIT_NOW=2026-03-01T16:00:00Z
claim-batch import --sessions s.csv 2>/dev/null
claim-batch fees import fees.csv 2>/dev/null
p=$(sql "SELECT payer_id FROM claims WHERE claim_id NOT IN
    ('$(echo "$nofee" | sed "s/ /','/g")') ORDER BY id LIMIT 1")
claim-batch rule add --payer "$p" 2>/dev/null
held=$(sql "SELECT count(*) FROM claims WHERE payer_id='$p' AND claim_id NOT IN
    ('$(echo "$nofee" | sed "s/ /','/g")')")
total=30
nf=$(echo "$nofee" | wc -w | tr -d ' ')
moving=$((total - nf))

# night DATE: the three stages at 21:00, 22:00, 23:00 Chicago (UTC-6)
# on the evening of DATE (their UTC times fall on the next day).
night() {
	next=$(date -u -d "$1 + 1 day" +%Y-%m-%d)
	CLAIMKIT_NOW=${next}T03:00:00Z claim-batch run --upload >/dev/null 2>>log || [ $? -eq 3 ]
	CLAIMKIT_NOW=${next}T04:00:00Z claim-batch invoice process 2>>log
	CLAIMKIT_NOW=${next}T05:00:00Z claim-batch invoice create 2>>log
}
# counts: session,invoice,ready,sent
counts() {
	sql "SELECT sum(status='session') || ',' || sum(status='invoice') || ','
	    || sum(status='ready') || ',' || sum(status='sent') FROM claims"
}

night 2026-03-01
expect_eq "$(counts)" "30,0,0,0" "Sunday night: nothing moves"
night 2026-03-02
expect_eq "$(counts)" "$nf,$moving,0,0" "Monday night: invoices"
night 2026-03-03
expect_eq "$(counts)" "$nf,0,$moving,0" "Tuesday night: claims"
expect_eq "$(ls drop/in | wc -l | tr -d ' ')" 0 "nothing sent before Wednesday"
night 2026-03-04
# (the scrub holds what it holds, as every night: those stay ready too)
scrubbed=$(sql "SELECT count(DISTINCT claim) FROM scrub_results WHERE
    rule <> 'fee' AND claim NOT IN (SELECT id FROM claims WHERE payer_id='$p')")
held=$((held + scrubbed))
expect_eq "$(counts)" "$nf,0,$held,$((moving - held))" "Wednesday night: submitted"
expect_eq "$(ls drop/in | wc -l | tr -d ' ')" 1 "one 837P in the drop folder"
clm_ids drop/in/* | sort >sent.txt
sql "SELECT claim_id FROM claims WHERE status='sent' ORDER BY claim_id" >want.txt
cmp -s sent.txt want.txt || fail "the drop folder's claims are not the sent ones"
for c in $nofee; do
	expect_eq "$(status_of "$c")" session "no fee: $c never moves"
done
expect_eq "$(sql "SELECT count(*) FROM claims WHERE status='ready' AND
    payer_id<>'$p'")" "$scrubbed" "only the rule's and the scrub's stay ready"
night 2026-03-05
expect_eq "$(counts)" "$nf,0,$held,$((moving - held))" "Thursday: nothing more"
c1=$(sql "SELECT claim_id FROM claims WHERE status='sent' LIMIT 1")
run claim-batch history "$c1"
expect_rc 0 history
expect_eq "$(cut -d, -f1 "$T/out" | tr '\n' ' ')" \
    "step imported invoice claim batched sent " "history: its whole path"
expect_out "invoice,2026-03-03T05:00:00Z,status=invoice" "history: invoiced Monday night"
expect_out "claim,2026-03-04T04:00:00Z,status=ready" "history: claim Tuesday night"
run claim-batch list --claim "$c1"
expect_out ",era,2026-03-05T03:00:00Z," "list: its stage and since when"

# Two runs of each stage at once, then a kill in each: a fresh database.
export CLAIMKIT_DB="$T/two.db"
configure 2>/dev/null
gen 3000 4 >big.csv
sessions big.csv bigs.csv
fee_all bigs.csv >bigfees.csv
export CLAIMKIT_NOW=2026-03-01T16:00:00Z
claim-batch import --sessions bigs.csv 2>/dev/null
claim-batch fees import bigfees.csv 2>/dev/null
claim-batch automation dwell invoice-create 0 2>/dev/null
claim-batch automation dwell invoice-process 0 2>/dev/null
for verb in create process; do
	claim-batch invoice $verb 2>e1 &
	a=$!
	claim-batch invoice $verb 2>e2 &
	b=$!
	wait $a || fail "invoice $verb: first of two failed: $(cat e1)"
	wait $b || fail "invoice $verb: second of two failed: $(cat e2)"
	expect_eq "$(sql "SELECT count(*), count(DISTINCT subject) FROM audit
	    WHERE action='invoice-$verb'")" "3000|3000" "two invoice $verb at once: each once"
done

# A kill at any moment: every item where it was or where it went.
export CLAIMKIT_DB="$T/kill.db"
configure 2>/dev/null
claim-batch import --sessions bigs.csv 2>/dev/null
claim-batch fees import bigfees.csv 2>/dev/null
claim-batch automation dwell invoice-create 0 2>/dev/null
claim-batch automation dwell invoice-process 0 2>/dev/null
for verb in create process; do
	claim-batch invoice $verb 2>/dev/null &
	k=$!
	sleep 0.3
	kill -9 $k 2>/dev/null || true
	wait $k 2>/dev/null || true
	from=$([ $verb = create ] && echo session || echo invoice)
	n=$(sql "SELECT count(*) FROM claims WHERE status='$from'")
	[ "$n" = 0 ] || [ "$n" = 3000 ] || fail "kill in invoice $verb: $n of 3000 left behind"
	expect_eq "$(sql "SELECT count(*) FROM claims c WHERE status<>'$from' AND
	    NOT EXISTS (SELECT 1 FROM audit a WHERE a.subject=c.claim_id AND
	    a.action='invoice-$verb')")" 0 "kill in invoice $verb: every move audited"
	claim-batch invoice $verb 2>/dev/null
	expect_eq "$(sql "SELECT count(*) FROM claims WHERE status='$from'")" 0 \
	    "after a kill in invoice $verb, the next run moves the rest"
	expect_eq "$(sql "SELECT count(*) FROM audit WHERE action='invoice-$verb'")" \
	    3000 "after a kill in invoice $verb: each moved once"
done
expect_eq "$(sql "SELECT count(*) FROM claims c WHERE total_charge <>
    (SELECT sum(charge) FROM claim_lines WHERE claim=c.id)")" 0 "charges whole"
finish
