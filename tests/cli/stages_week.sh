#!/bin/sh
# A simulated week of the nightly billing automation, the clock set by
# CLAIMKIT_NOW, in America/Chicago: sessions loaded Sunday; every stage
# run each night at its time (21:00 run --upload, 22:00 invoice process,
# 23:00 invoice create); invoices appear Monday night, claims Tuesday
# night, submission to a drop folder Wednesday night, and the payer's 835
# (tests/cli/fake_835.py) fetched that night and posted Thursday night by
# ERA Processing (its dwell: a night for a person to look at
# the remittance before it posts).  Exactly the
# items no rule excludes move, one stage a night; a session with no fee
# never moves.  A few sessions come late (Tuesday) and meet Invoice
# Creation switched off on Wednesday night: they wait, and only they.
# Then two runs of each stage at once, and a kill in each stage: nothing
# moved twice, nothing lost, nothing sent twice.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
. "$SRCDIR/tests/cli/stages_lib.sh"
cd "$T"
export TZ=America/Chicago
configure 2>/dev/null
claim-batch config dwell 1d 2>/dev/null
claim-batch automation dwell era 1d 2>/dev/null
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
# the last three claims with fees come late: their sessions Tuesday
late=$(python3 - "$nofee" <<'PY'
import csv, sys
nofee = set(sys.argv[1].split())
ids = sorted({r["claim_id"] for r in csv.DictReader(open("s.csv"))} - nofee)
print(" ".join(ids[-3:]))
PY
)
python3 - "$late" <<'PY'
import csv, sys
late = set(sys.argv[1].split())
rows = list(csv.reader(open("s.csv", newline="")))
for name, keep in (("early.csv", False), ("late.csv", True)):
    w = csv.writer(open(name, "w", newline=""), lineterminator="\n")
    w.writerow(rows[0])
    w.writerows(r for r in rows[1:] if (r[0] in late) == keep)
PY
notlate="claim_id NOT IN ('$(echo "$late" | sed "s/ /','/g")')"

# Sunday 10:00: sessions and fees in; a rule of Claims Submission.
export CLAIMKIT_NOW=2026-03-01T16:00:00Z
claim-batch import --sessions early.csv 2>/dev/null
claim-batch fees import fees.csv 2>/dev/null
p=$(sql "SELECT payer_id FROM claims WHERE claim_id NOT IN
    ('$(echo "$nofee" | sed "s/ /','/g")') ORDER BY id LIMIT 1")
claim-batch rule add --payer "$p" 2>/dev/null
held=$(sql "SELECT count(*) FROM claims WHERE payer_id='$p' AND claim_id NOT IN
    ('$(echo "$nofee" | sed "s/ /','/g")')")
total=27
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
# counts: session,invoice,ready,sent of the claims loaded Sunday
counts() {
	sql "SELECT sum(status='session') || ',' || sum(status='invoice') || ','
	    || sum(status='ready') || ',' || sum(status='sent') FROM claims
	    WHERE $notlate"
}

night 2026-03-01
expect_eq "$(counts)" "$total,0,0,0" "Sunday night: nothing moves"
night 2026-03-02
expect_eq "$(counts)" "$nf,$moving,0,0" "Monday night: invoices"
night 2026-03-03
expect_eq "$(counts)" "$nf,0,$moving,0" "Tuesday night: claims"
expect_eq "$(ls drop/in | wc -l | tr -d ' ')" 0 "nothing sent before Wednesday"
# Tuesday 10:00: the late sessions; Wednesday night Invoice Creation is
# off: they stay sessions, and Submission still sends the others.
CLAIMKIT_NOW=2026-03-03T16:00:00Z claim-batch import --sessions late.csv 2>/dev/null
claim-batch automation off invoice-create 2>/dev/null
night 2026-03-04
for c in $late; do
	expect_eq "$(status_of "$c")" session "Invoice Creation off: $c waits"
done
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
c1=$(sql "SELECT claim_id FROM claims WHERE status='sent' ORDER BY claim_id LIMIT 1")
run claim-batch list --claim "$c1"
expect_out ",era,2026-03-05T03:00:00Z," "list: its stage and since when"
sent=$(sql "SELECT count(*) FROM claims WHERE status='sent'")

# The payer answers what it received, in sets of 4, at once; ERA
# Processing, run at 23:30 on Wednesday, fetches its 835 and leaves it for
# Thursday night (run here after the other stages).
python3 "$SRCDIR/tests/cli/fake_835.py" --per-set 4 drop/out/era.835 \
    drop/in/* >want.csv || fail "fake_835.py"
export CLAIMKIT_NOW=2026-03-05T05:30:00Z
run claim-remit post --fetch
expect_rc 0 "Wednesday night: ERA Processing"
expect_eq "$(sql "SELECT group_concat(kind) FROM fetched")" 835 "fetched the 835"
expect_err "1 fetched 835 file waits ERA Processing's dwell of 1d: the first posts on 2026-03-05" "the 835 waits a night"
expect_eq "$(sql "SELECT count(*) FROM remits")" 0 "Wednesday night: nothing posted"
unset CLAIMKIT_NOW
claim-batch automation on invoice-create 2>/dev/null
night 2026-03-05
expect_eq "$(counts)" "$nf,0,$held,$((moving - held))" "Thursday 23:00: nothing more"
for c in $late; do
	expect_eq "$(status_of "$c")" invoice "Invoice Creation on: $c moves"
done
export CLAIMKIT_NOW=2026-03-06T05:30:00Z
run claim-remit post
expect_rc 0 "Thursday night: post"
expect_eq "$(($(wc -l <"$T/out") - 1))" "$sent" "Thursday night: a row per sent claim"
sqlite3 -batch -csv -noheader "$CLAIMKIT_DB" "SELECT claim_id, status,
    insurance_paid, patient_resp, adjusted, insurance_balance FROM claims
    WHERE status NOT IN ('session', 'invoice', 'ready') ORDER BY claim_id" >got.csv
tail -n +2 want.csv | sort >want.sorted
cmp -s want.sorted got.csv ||
    fail "claims differ from the payer's: $(diff want.sorted got.csv | head -5)"
for s in paid partial denied; do
	grep -q ",$s," got.csv || fail "no $s claim in the week"
done
expect_eq "$(sql "SELECT group_concat(claim_id) FROM claims WHERE
    total_charge <> insurance_paid + adjusted + patient_resp +
    insurance_balance")" "" "Thursday night: claims that do not balance"
expect_eq "$(sql "SELECT sum(status='session') || ',' || sum(status='ready')
    FROM claims WHERE $notlate")" "$nf,$held" "Thursday night: the rest stay"
# each moved one stage a night: the audit of its moves, one a night
expect_eq "$(sql "SELECT count(*) FROM claims c WHERE status IN ('paid',
    'partial', 'denied') AND (SELECT group_concat(substr(at, 1, 10))
    FROM (SELECT a.at FROM audit a WHERE a.subject = c.claim_id AND
    a.action LIKE 'invoice-%' ORDER BY a.at)) <> '2026-03-03,2026-03-04'")" \
    0 "invoiced Monday night, claims Tuesday night"
expect_eq "$(sql "SELECT count(*) FROM claims c JOIN batch_claims bc ON
    bc.claim_id = c.claim_id JOIN batches b ON b.id = bc.batch WHERE
    c.status IN ('paid', 'partial', 'denied') AND b.done_at NOT LIKE
    '2026-03-05T03:%'")" 0 "sent Wednesday night"
run claim-remit post
expect_eq "$(wc -l <"$T/out" | tr -d ' ')" 1 "posted once"

# history: one claim's whole path, each step on its night
c1=$(sql "SELECT claim_id FROM claims WHERE status='paid' ORDER BY claim_id LIMIT 1")
c1s=paid
run claim-batch history "$c1"
expect_rc 0 history
expect_eq "$(cut -d, -f1 "$T/out" | tr '\n' ' ')" \
    "step imported invoice claim batched sent paid " "history: its whole path"
expect_out "imported,2026-03-01T16:00:00Z," "history: imported Sunday"
expect_out "invoice,2026-03-03T05:00:00Z,status=invoice" "history: invoiced Monday night"
expect_out "claim,2026-03-04T04:00:00Z,status=ready" "history: claim Tuesday night"
expect_out "sent,2026-03-05T03:00:00Z,batch " "history: sent Wednesday night"
expect_out "$c1s,2026-03-06T05:30:00Z,remit " "history: $c1s Thursday night"
paid=$(sql "SELECT printf('%d.%02d', insurance_paid / 100, insurance_paid % 100)
    FROM claims WHERE claim_id='$c1'")
expect_out " paid $paid" "history: what the payer paid"

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
# A kill in Claims Submission: run --upload killed at several moments,
# each from the same ready claims; the next night's run --upload alone
# (the stage's own line) finishes it, sending what the killed run left
# pending.  Every claim ends as after a run never killed, each sent
# exactly once.
mkdir -p kdrop/in kdrop/out
claim-upload endpoint add kdrop "file://$T/kdrop" --remote-in in \
    --remote-out out 2>/dev/null
sqlite3 "$CLAIMKIT_DB" ".backup '$T/ready.db'"
[ ! -d "$CLAIMKIT_DB.d" ] || cp -R "$CLAIMKIT_DB.d" "$T/ready.db.d"
shape() {
	sql "SELECT group_concat(s, ' ') FROM (SELECT status || ':' || filing
	    || ':' || count(*) AS s FROM claims GROUP BY status, filing
	    ORDER BY status, filing)"
}
t0=$(date +%s%N)
claim-batch run --upload >/dev/null 2>&1 || fail "run --upload, not killed"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
want=$(shape)
wantsent=$(clm_ids kdrop/in/* | sort)
# kills spread over the time one run takes here (whatever the moment,
# the same must hold: the spread only makes the middle likely hit)
for pc in 20 50 70 80 85 90 95 98; do
	d=$(printf '%d.%03d' $((ms * pc / 100000)) $((ms * pc / 100 % 1000)))
	rm -rf "$CLAIMKIT_DB.d" kdrop/in/*
	sqlite3 "$CLAIMKIT_DB" ".restore '$T/ready.db'"
	[ ! -d "$T/ready.db.d" ] || cp -R "$T/ready.db.d" "$CLAIMKIT_DB.d"
	claim-batch run --upload >/dev/null 2>&1 &
	k=$!
	sleep $d
	kill -9 $k 2>/dev/null || true
	wait $k 2>/dev/null || true
	expect_eq "$(sqlite3 "$CLAIMKIT_DB" 'PRAGMA integrity_check')" ok \
	    "kill in submission at ${d}s: integrity"
	claim-batch run --upload >/dev/null 2>&1 ||
	    fail "kill in submission at ${d}s: the next run failed"
	expect_eq "$(clm_ids kdrop/in/* | sort | uniq -d | head -3)" "" \
	    "kill in submission at ${d}s: claims sent twice"
	expect_eq "$(clm_ids kdrop/in/* | sort)" "$wantsent" \
	    "kill in submission at ${d}s: the claims sent"
	expect_eq "$(shape)" "$want" "kill in submission at ${d}s: every claim where it goes"
done

expect_eq "$(sql "SELECT count(*) FROM claims c WHERE total_charge <>
    (SELECT sum(charge) FROM claim_lines WHERE claim=c.id)")" 0 "charges whole"
finish
