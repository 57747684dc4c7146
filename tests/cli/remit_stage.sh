#!/bin/sh
# claim-remit post and the billing automation's ERA Processing stage: the
# cron form obeys its switch and records each run; its exclusion rules
# hold a remittance whole, named, until post --held.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
. "$SRCDIR/tests/cli/remit_lib.sh"
cd "$T"
D="$SRCDIR/tests/data"
remit_setup
runs() {
	sql "SELECT group_concat(result||':'||moved||':'||held, ' ')
	    FROM (SELECT * FROM stage_runs WHERE stage='era' ORDER BY id)"
}

# switched off: the cron form posts nothing, says so, exits 0
claim-batch automation off era 2>/dev/null || fail "automation off era"
cp "$D/era-line.x12" drop/out/era-line.835
claim-upload fetch >/dev/null 2>&1 || fail "fetch"
run claim-remit post
expect_rc 0 "post while ERA Processing is off"
expect_err "claim-remit: ERA Processing is switched off (claim-batch automation on era): nothing posted" "off said"
expect_eq "$(sql "SELECT count(*) FROM remits")" 0 "off: nothing posted"
expect_eq "$(runs)" "off:0:0" "off: the run recorded"
# a file named is a person's request: it posts, switch or not
# (era-two's second remittance does not add up: exit 65, the others post)
run claim-remit post "$D/era-two.x12"
expect_rc 65 "a file named posts while off"
expect_eq "$(sql "SELECT count(*) FROM remits WHERE status='posted'")" 2 "file posted"
claim-batch automation on era 2>/dev/null || fail "automation on era"
run claim-remit post
expect_rc 3 "post when on (a line that matches none of ours)"
expect_eq "$(sql "SELECT count(*) FROM remits WHERE file LIKE '%era-line%'")" 1 "on: fetched posted"
expect_eq "$(runs)" "off:0:0 bad remittances not posted:2:0 ok:1:0" "each run recorded"

# an ERA rule excludes CLM0000004: era-paid is held whole, named
p4=$(sql "SELECT payer_id FROM claims WHERE claim_id='CLM0000004'")
claim-batch rule add --stage era --payer "$p4" --max-charge 28.00 2>/dev/null ||
    fail "rule add"
rule=$(sql "SELECT max(id) FROM rules")
before8=$(balances CLM0000008)
run claim-remit post "$D/era-paid.x12"
expect_rc 0 "post with a claim excluded"
expect_err "era-paid.x12: remittance 1 (trace EFT1001 of ACME HEALTH PLAN) held: ERA Processing rule $rule excludes claim 'CLM0000004', as remittance 5: post it with --held" "held by the stage rule, named"
expect_eq "$(balances CLM0000008)" "$before8" "held: no claim of it posted"
expect_eq "$(balances CLM0000004)" "sent,0,0,0,2800,0" "held: the excluded claim untouched"
expect_eq "$(sql "SELECT status||','||error FROM remits WHERE id=5")" \
    "held,ERA Processing rule $rule excludes claim 'CLM0000004'" "held with the rule"
expect_eq "$(sql "SELECT count(*) FROM remit_claims WHERE remit=5")" 0 "held: no claim rows"
run claim-remit post --held
expect_rc 0 "post --held after review"
expect_eq "$(sql "SELECT status || ',' || coalesce(error, '') FROM remits WHERE id=5")" "posted," "posted after review, the hold's reason gone"
expect_eq "$(balances CLM0000008)" "paid,12000,3500,2000,0,2000" "posted after review"
expect_balanced "after the stage"

# post --fetch (the stage's cron line): the endpoint's 835s come in and
# post in one run; a fetch that fails is said, the stored ones still post
claim-batch rule rm "$rule" 2>/dev/null || fail "rule rm"
expect_eq "$(sql "SELECT count(*) FROM fetched WHERE file LIKE '%era-svc06%'")" 0 "not fetched yet"
# (from every endpoint: a second one, as a practice with two
# clearinghouses has)
mkdir -p drop2/in drop2/out
claim-upload endpoint add drop2 "file://$T/drop2" --remote-in in \
    --remote-out out 2>/dev/null || fail "endpoint add drop2"
cp "$D/era-svc06.x12" drop2/out/era-svc06.835
run claim-remit post --fetch
expect_rc 0 "post --fetch"
expect_eq "$(sql "SELECT count(*) FROM remits r JOIN fetched f ON
    f.sha256 = r.sha256 WHERE f.file LIKE '%era-svc06%' AND
    r.status = 'posted'")" 1 "fetched and posted in one run"
run claim-remit post --fetch "$D/era-svc06.x12"
expect_rc 2 "--fetch with a file"
mv drop drop.away
cp "$D/era-line.x12" "$T/again.835"
run claim-remit post --fetch
expect_rc 1 "post --fetch, the drop folder gone"
expect_err "claim-remit: fetch from endpoint 'drop': " "the failed fetch said, naming its endpoint"
mv drop.away drop

# ERA Processing's dwell (default 1d; remit_setup set 0): an 835 fetched
# on Tuesday evening posts on Wednesday night, not the night it came
claim-batch automation dwell era 1d 2>/dev/null || fail "automation dwell era"
export TZ=America/Chicago CLAIMKIT_NOW=2026-03-04T03:00:00Z
cp "$D/era-reversal.x12" drop/out/era-reversal.835
claim-upload fetch --endpoint drop >/dev/null 2>&1 || fail "fetch the reversal"
export CLAIMKIT_NOW=2026-03-04T05:00:00Z
run claim-remit post
expect_rc 0 "post within the dwell"
expect_err "claim-remit: 1 fetched 835 file waits ERA Processing's dwell of 1d: the first posts on 2026-03-04" "the dwell said, with the night it ends"
expect_eq "$(sql "SELECT count(*) FROM remits WHERE file LIKE '%era-reversal%'")" 0 "the dwell holds the 835"
expect_eq "$(sql "SELECT result||':'||moved||':'||held FROM stage_runs
    WHERE stage='era' ORDER BY id DESC LIMIT 1")" "ok:0:1" "the run counts what the dwell held"
run claim-batch automation
expect_out "era,on,20:00,1d,0,4,1,dwell 1," "automation: the 835 the dwell holds"
export CLAIMKIT_NOW=2026-03-05T02:00:00Z
run claim-remit post
expect_rc 0 "post the night after"
expect_eq "$(sql "SELECT group_concat(status) FROM remits WHERE file LIKE
    '%era-reversal%'")" "posted" "the night after: posted"
expect_balanced "after the dwell"
finish
