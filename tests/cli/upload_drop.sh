#!/bin/sh
# claim-upload against a local drop folder: send once and only once,
# fetch answers, apply 999 and 277CA, a malformed answer applies nothing.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
cd "$T"
configure
claim-batch config upload_backoff 0
gen 40 17 >c.csv
claim-batch import c.csv 2>/dev/null
mkdir -p drop/in drop/out
run claim-upload endpoint add drop "file://$T/drop" --remote-in in --remote-out out
expect_rc 0 "endpoint add"
run claim-upload endpoint add badpat "file://$T/drop" --name-pattern "{batch}-{colour}.837"
expect_rc 2 "unknown name pattern field"
expect_err "expected {batch}, {date}, {seq} or {submitter} at '{colour}.837'" "name pattern"
run claim-upload endpoint add bad "gopher://x/"
expect_rc 2 "bad scheme"
run claim-upload endpoint add bad2 "sftp://user:secret@host/"
expect_rc 2 "password in URL"
expect_err "no user or password in the URL" "password in URL"

# run | send: the 837P goes, the paper batch is skipped
claim-batch run >m.csv 2>/dev/null
run sh -c 'claim-upload send <m.csv'
expect_rc 0 send
cp "$T/out" s1.csv
b=$(manifest_col batch_id m.csv | sed -n 1p)
f=$(manifest_col file m.csv | sed -n 1p)
expect_eq "$(manifest_col status s1.csv | tr '\n' ' ')" "sent skipped " "sent and skipped"
remote=$(manifest_col remote_name s1.csv | sed -n 1p)
expect_eq "$remote" "S1234567-$(date +%Y%m%d)-$(printf %06d "$b").837" "remote name"
cmp -s "$f" "drop/in/$remote" || fail "remote file differs"
expect_eq "$(ls -A drop/in | wc -l | tr -d ' ')" 1 "no temporary left"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE batch_id=$b AND status<>'sent'")" 0 "claims sent"
claim-batch pending | grep -q "^$b," && fail "pending still lists the sent batch"

# once: again is skipped, --resend sends
run claim-upload send "$b"
expect_rc 0 "send again"
expect_out ",skipped,sent before" "skipped when sent"
run setsid -w claim-upload send --resend "$b"
expect_rc 1 "resend without a terminal or --yes"
expect_err "give --yes" "resend without a terminal"
expect_eq "$(sql "SELECT count(*) FROM transfers WHERE batch_id=$b AND result='sent'")" 1 "not sent again without --yes"
run claim-upload send --resend --yes "$b" "$b"
expect_out ",sent," "resend"
expect_err "same ISA13" "resend says what a duplicate ISA13 does"
expect_eq "$(grep -c ",sent," "$T/out")" 1 "a batch named twice is sent once"
expect_eq "$(sql "SELECT count(*) FROM transfers WHERE batch_id=$b AND result='sent'")" 2 "resent once"

# two sends at once send a batch once
gen 10 18 | sed 's/^CLM/TWO/; 1s/^TWO/CLM/' >two.csv
claim-batch import two.csv 2>/dev/null
b2=$(claim-batch run --electronic-only 2>/dev/null | manifest_col batch_id /dev/stdin)
claim-upload send "$b2" >a1.csv 2>/dev/null &
p1=$!
claim-upload send "$b2" >a2.csv 2>/dev/null &
p2=$!
wait $p1; wait $p2
expect_eq "$(cat a1.csv a2.csv | grep -c ",sent,")" 1 "sent once by two sends"
expect_eq "$(sql "SELECT count(*) FROM transfers WHERE batch_id=$b2 AND result='sent'")" 1 "one transfer"

# a batch file changed since it was written is refused
gen 5 19 | sed 's/^CLM/CHG/; 1s/^CHG/CLM/' >chg.csv
claim-batch import chg.csv 2>/dev/null
claim-batch run --electronic-only >m3.csv 2>/dev/null
b3=$(manifest_col batch_id m3.csv)
echo "x" >>"$(manifest_col file m3.csv)"
run claim-upload send "$b3"
expect_rc 1 "changed file"
expect_err "changed since it was written" "changed file"
expect_eq "$(sql "SELECT status FROM batches WHERE id=$b3")" pending "still pending"
expect_eq "$(sql "SELECT count(*) FROM transfers WHERE batch_id=$b3 AND result='failed'")" 1 "refusal logged"

# fetch: a 999 accepting, a 277CA rejecting one claim
rej=$(sql "SELECT claim_id FROM claims WHERE batch_id=$b ORDER BY id LIMIT 1")
python3 "$SRCDIR/tests/cli/fake_acks.py" "$f" drop/out --reject-claim "$rej"
run claim-upload fetch
expect_rc 0 fetch
expect_eq "$(tail -n +2 "$T/out" | cut -d, -f2 | sort | tr '\n' ' ')" "277CA 999 " "kinds"
expect_eq "$(stat -c %a "$(tail -1 "$T/out" | cut -d, -f1)")" 600 "stored 0600"
expect_eq "$(sql "SELECT status FROM claims WHERE claim_id='$rej'")" rejected "277CA rejection applied"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE batch_id=$b AND status='accepted'")" "$(($(sql "SELECT count(*) FROM claims WHERE batch_id=$b") - 1))" "277CA acceptances applied"
expect_eq "$(sql "SELECT ack_status FROM batch_sets WHERE batch=$b")" A "999 applied"
run claim-upload acks --rejected
expect_out "$rej,rejected,277CA,CLEARINGHOUSE INC,A7:562:85" "acks --rejected"
expect_out "ENTITY NPI INVALID" "rejection text"
claim-batch list --claim "$rej" | grep -q ",rejected," || fail "list shows the rejection"
run claim-upload fetch --delete-remote
expect_eq "$(tail -n +2 "$T/out" | wc -l | tr -d ' ')" 0 "nothing new"
expect_eq "$(ls drop/out | wc -l | tr -d ' ')" 0 "deleted remote"

# a rejected claim, corrected and imported again, is batched again
correct_claim c.csv fix1.csv "$rej"
claim-batch import fix1.csv 2>/dev/null || fail "re-import of a rejected claim"
claim-batch run --electronic-only >m4.csv 2>/dev/null
expect_eq "$(sql "SELECT status FROM claims WHERE claim_id='$rej'")" batched "rejected claim batched again"

# 999 rejecting a set rejects its claims; a malformed answer applies nothing
f4=$(manifest_col file m4.csv)
st4=$(sql "SELECT st_control FROM batch_sets WHERE batch=$(manifest_col batch_id m4.csv)")
claim-upload send "$(manifest_col batch_id m4.csv)" >/dev/null 2>&1
# a late 277CA about the first batch does not touch the claim sent again
python3 "$SRCDIR/tests/cli/fake_acks.py" "$f" drop/out
rm drop/out/*.999
claim-upload fetch >/dev/null 2>&1 || fail "late 277CA"
expect_eq "$(sql "SELECT status FROM claims WHERE claim_id='$rej'")" sent "late answer ignored for a resent claim"
rm -f drop/out/*
python3 "$SRCDIR/tests/cli/fake_acks.py" "$f4" drop/out --malformed
rm drop/out/*.277
before=$(sqlite3 "$CLAIMKIT_DB" "SELECT group_concat(status) FROM claims")
run claim-upload fetch
expect_rc 65 "malformed 999"
expect_err ".999: segment" "names file and segment"
expect_eq "$(sqlite3 "$CLAIMKIT_DB" "SELECT group_concat(status) FROM claims")" "$before" "nothing applied"
rm drop/out/*
python3 "$SRCDIR/tests/cli/fake_acks.py" "$f4" drop/out --reject-set "$(printf %04d "$st4")"
rm drop/out/*.277
run claim-upload fetch
expect_rc 0 "999 rejecting"
expect_eq "$(sql "SELECT status FROM claims WHERE claim_id='$rej'")" rejected "999 rejection"
claim-upload acks --rejected | grep -q ",999," || fail "999 rejection in acks"

# a 277CA that rejects one billing provider's claims whole (2200C)
gen 30 20 | sed 's/^CLM/PRV/; 1s/^PRV/CLM/' >prv.csv
claim-batch import prv.csv 2>/dev/null
claim-batch run --electronic-only >m5.csv 2>/dev/null
b5=$(manifest_col batch_id m5.csv)
claim-upload send "$b5" >/dev/null 2>&1
npi=$(sql "SELECT billing_npi FROM claims WHERE batch_id=$b5 GROUP BY billing_npi ORDER BY count(*) DESC LIMIT 1")
[ "$(sql "SELECT count(DISTINCT billing_npi) FROM claims WHERE batch_id=$b5")" -gt 1 ] ||
	fail "the provider test needs claims of two providers"
rm -f drop/out/*
python3 "$SRCDIR/tests/cli/fake_acks.py" "$(manifest_col file m5.csv)" drop/out --reject-provider "$npi"
rm drop/out/*.999
run claim-upload fetch
expect_rc 0 "provider rejection"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE batch_id=$b5 AND billing_npi='$npi' AND status<>'rejected'")" 0 "the provider's claims rejected"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE batch_id=$b5 AND billing_npi<>'$npi' AND status<>'accepted'")" 0 "the others accepted"
claim-upload acks --rejected | grep -q "PROVIDER NOT ENROLLED" || fail "provider rejection text"

run claim-upload log
expect_out ",drop,send,$b," "log has the send"
expect_out ",fetch," "log has fetches"
finish
