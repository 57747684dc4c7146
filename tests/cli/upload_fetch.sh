#!/bin/sh
# claim-upload fetch from a drop folder, the hard cases: two fetches at
# once, links and special files, an answer still being written, an answer
# left unapplied by a death, answers about a batch not sent, what a 999's
# summary says, the worklist of rejected claims, endpoint names and modes.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
. "$SRCDIR/tests/cli/upload_lib.sh"
cd "$T"
configure
claim-batch config upload_backoff 0
INBOX="$CLAIMKIT_DB.d/inbox/drop"
mkdir -p drop/in drop/out
claim-upload endpoint add drop "file://$T/drop" --remote-in in --remote-out out

# every_stored WHAT: each fetched row's file exists with its SHA-256
every_stored() {
	sql "SELECT file || '|' || sha256 FROM fetched" >stored.txt
	while IFS='|' read -r f h; do
		if [ ! -f "$f" ]; then
			fail "$1: recorded file '$f' is missing"
		elif [ "$(sha256sum <"$f" | cut -d' ' -f1)" != "$h" ]; then
			fail "$1: recorded file '$f' differs from its SHA-256"
		fi
	done <stored.txt
}

# --- links and special files in the drop folder (9.10) --------------------
ln -s /etc/passwd drop/out/passwd.999
ln -s "$CLAIMKIT_DB" drop/out/db.999
ln -s /dev/zero drop/out/zero.999
mkfifo drop/out/fifo.999
printf 'ISA*00*x~IEA*1*1~\n' >drop/out/plain.txt
# bounded: an old build blocks on the FIFO or copies /dev/zero forever
run sh -c 'ulimit -f 20000; exec timeout 30 claim-upload fetch'
expect_rc 1 "links and special files"
expect_err "and 3 other files: see 'claim-upload log'" "the failures counted"
claim-upload log >log.csv
for n in passwd db zero; do
	grep -q ",$n.999,.*,failed,.*a symbolic link: refused" log.csv || fail "the link $n.999 is not named in the log"
done
grep -q ",fifo.999,.*,failed,.*not a regular file" log.csv || fail "the FIFO is not named in the log"
expect_eq "$(sql "SELECT group_concat(remote_name) FROM fetched")" plain.txt "only the regular file stored"
expect_eq "$(ls "$INBOX")" plain.txt "nothing else in the inbox"
grep -q root "$INBOX"/* && fail "/etc/passwd copied"
rm -f drop/out/*
# an answer larger than fetch_max_kb: refused, left on the server
claim-batch config fetch_max_kb 1 || fail "setting fetch_max_kb"
head -c 3000 /dev/urandom | od -An -tx1 >drop/out/big.835
run claim-upload fetch --delete-remote
expect_rc 1 "larger than fetch_max_kb"
expect_err "fetch_max_kb" "the cap named"
[ -f drop/out/big.835 ] || fail "a refused file was removed from the server"
expect_eq "$(sql "SELECT count(*) FROM fetched WHERE remote_name='big.835'")" 0 "a refused file is not recorded"
claim-batch config fetch_max_kb 102400 || fail "setting fetch_max_kb"
rm -f drop/out/*

# --- two fetches at once (9.5) ------------------------------------------
# each round: a fresh database and drop folder of 60 answers; two fetches
# race; every file is recorded once and every recorded file is there
round=0
while [ $round -lt 6 ]; do
	round=$((round + 1))
	export CLAIMKIT_DB="$T/race$round.db"
	configure
	mkdir -p "race$round/out"
	claim-upload endpoint add drop "file://$T/race$round" --remote-out out
	i=0
	while [ $i -lt 60 ]; do
		i=$((i + 1))
		printf 'answer %d of round %d\n' $i $round >"race$round/out/a$i.835"
	done
	del=
	[ $((round % 2)) -eq 0 ] && del=--delete-remote
	claim-upload fetch $del >r1.out 2>r1.err &
	p1=$!
	claim-upload fetch $del >r2.out 2>r2.err &
	p2=$!
	rc1=0 rc2=0
	wait $p1 || rc1=$?
	wait $p2 || rc2=$?
	expect_eq "$rc1 $rc2" "0 0" "round $round${del:+ $del}: both fetches exit 0 ($(head -c 300 r1.err r2.err))"
	expect_eq "$(sql "SELECT count(*) FROM fetched")" 60 "round $round: each file recorded once"
	expect_eq "$(sql "SELECT count(DISTINCT file) FROM fetched")" 60 "round $round: each in a file of its own"
	every_stored "round $round${del:+ $del}"
	expect_eq "$(ls "$CLAIMKIT_DB.d/inbox/drop" | wc -l | tr -d ' ')" 60 "round $round: no stray copy"
	[ -n "$del" ] && expect_eq "$(ls "race$round/out" | wc -l | tr -d ' ')" 0 "round $round: the server's copies removed"
done
export CLAIMKIT_DB="$T/claimkit.db"

# --- an answer still being written (9.7) ---------------------------------
b=$(new_batch INC 12)
claim-upload send "$b" >/dev/null 2>&1 || fail "send $b: exit $?"
mkdir -p acks
python3 "$SRCDIR/tests/cli/fake_acks.py" "$(file_of "$b")" acks --reject-claim INC0000003
full=acks/$(basename "$(file_of "$b")").277
head -c $(($(wc -c <"$full") / 2)) "$full" >drop/out/late.277
run claim-upload fetch --delete-remote
expect_rc 65 "a half-written 277CA"
expect_err "incomplete" "half-written: said"
[ -f drop/out/late.277 ] || fail "a half-written answer was removed from the server"
expect_eq "$(sql "SELECT applied LIKE 'not applied: %incomplete%' FROM fetched WHERE remote_name='late.277'")" 1 "half-written: kept, not applied"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE batch_id=$b AND status<>'sent'")" 0 "half-written: nothing applied"
run claim-upload fetch --delete-remote
[ -f drop/out/late.277 ] || fail "a half-written answer fetched again was removed from the server"
cp "$full" drop/out/late.277
run claim-upload fetch --delete-remote
expect_rc 0 "the whole 277CA"
[ -f drop/out/late.277 ] && fail "the whole answer was left on the server"
expect_eq "$(sql "SELECT status FROM claims WHERE claim_id='INC0000003'")" rejected "the whole answer applied"

# --- an answer stored but not applied when the fetch died (9.3) ------------
b=$(new_batch DIE 8)
claim-upload send "$b" >/dev/null 2>&1 || fail "send $b: exit $?"
st=$(sql "SELECT st_control FROM batch_sets WHERE batch=$b")
python3 "$SRCDIR/tests/cli/fake_acks.py" "$(file_of "$b")" acks --reject-set "$(printf %04d "$st")"
kept="$INBOX/died.999"
cp "acks/$(basename "$(file_of "$b")").999" "$kept"
# what a fetch killed between storing and applying leaves behind
sqlite3 "$CLAIMKIT_DB" "INSERT INTO fetched(endpoint, remote_name, bytes, sha256, kind, file, fetched_at) VALUES('drop', 'died.999', $(wc -c <"$kept"), '$(sha256sum <"$kept" | cut -d' ' -f1)', '999', '$kept', '2026-01-01T00:00:00Z')"
run claim-upload fetch
expect_rc 0 "the next fetch"
expect_out "died.999,999,," "the left answer listed"
expect_eq "$(sql "SELECT ack_status FROM batch_sets WHERE batch=$b")" R "the left answer applied"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE batch_id=$b AND status<>'rejected'")" 0 "its rejection applied"
run claim-upload fetch
expect_eq "$(tail -n +2 "$T/out" | wc -l | tr -d ' ')" 0 "applied once"

# --- 999 summary: sets, claims, and what is not ours (8.12) ---------------
b=$(new_batch SUM 9)
claim-upload send "$b" >/dev/null 2>&1 || fail "send $b: exit $?"
st=$(sql "SELECT st_control FROM batch_sets WHERE batch=$b")
gs=$(sql "SELECT gs_control FROM batches WHERE id=$b")
rm -f acks/*
python3 "$SRCDIR/tests/cli/fake_acks.py" "$(file_of "$b")" acks --reject-set "$(printf %04d "$st")"
cp acks/*.999 drop/out/sum.999
run claim-upload fetch --delete-remote
expect_rc 0 "a 999 rejecting one set"
expect_out "1 set, 1 rejected ($(sql "SELECT count(*) FROM claims WHERE batch_id=$b") claims)" "a 999 rejecting one set: its summary"
sed "s/AK1\*HC\*$gs\*/AK1*HC*987654*/" acks/*.999 >drop/out/other.999
run claim-upload fetch --delete-remote
expect_rc 0 "a 999 about another group"
expect_out "0 sets, 0 rejected (0 claims); not ours: group 987654 set $(printf %04d "$st")\"" "the group not ours named"

# --- an answer about a batch not sent yet (9.8) ---------------------------
b=$(new_batch PEN 7)
rm -f acks/*
python3 "$SRCDIR/tests/cli/fake_acks.py" "$(file_of "$b")" acks --reject-set 0001
cp acks/*.999 drop/out/pending.999
run claim-upload fetch
expect_rc 65 "a 999 about a pending batch"
expect_err "pending, not sent yet" "a 999 about a pending batch: said"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE batch_id=$b AND status<>'batched'")" 0 "pending: claims untouched"
expect_eq "$(sql "SELECT count(*) FROM batch_sets WHERE batch=$b AND ack_status IS NOT NULL")" 0 "pending: set untouched"
rm -f drop/out/*
cp acks/*.277 drop/out/pending.277
run claim-upload fetch
expect_rc 65 "a 277CA about a pending batch"
expect_err "pending, not sent yet" "a 277CA about a pending batch: said"
rm -f drop/out/*
run claim-upload send --pending
expect_eq "$(grep -c ",sent," "$T/out")" 1 "the pending batch sent once"
expect_eq "$(sql "SELECT count(*) FROM batches WHERE status='pending' AND kind='837P'")" 0 "no second batch of its claims"

# --- the worklist of rejected claims (8.6) --------------------------------
b=$(new_batch WRK 6)
claim-upload send "$b" >/dev/null 2>&1 || fail "send $b: exit $?"
rm -f acks/*
python3 "$SRCDIR/tests/cli/fake_acks.py" "$(file_of "$b")" acks --reject-claim WRK0000001 --reject-claim WRK0000002
cp acks/*.277 drop/out/wrk.277
claim-upload fetch --delete-remote >/dev/null 2>&1
# WRK0000001 corrected, batched and sent again; WRK0000002 still waits
correct_claim WRK.csv fix1.csv WRK0000001
claim-batch import fix1.csv 2>/dev/null
b2=$(claim-batch run --electronic-only 2>/dev/null | manifest_col batch_id /dev/stdin)
claim-upload send "$b2" >/dev/null 2>&1
run claim-upload acks --rejected
expect_rc 0 "worklist"
expect_eq "$(tail -n +2 "$T/out" | cut -d, -f1 | grep WRK | tr '\n' ' ')" "WRK0000002 " "worklist: only the claim still rejected"
expect_out "WRK0000002,rejected,277CA,CLEARINGHOUSE INC,A7:562:85,ENTITY NPI INVALID,$b," "worklist: with its reason"
run claim-upload acks --claim WRK0000001
expect_eq "$(tail -n +2 "$T/out" | cut -d, -f1,2 | tr '\n' ' ')" "WRK0000001,rejected " "history of one claim"
run claim-upload acks --batch "$b"
expect_eq "$(tail -n +2 "$T/out" | wc -l | tr -d ' ')" "$(sql "SELECT count(*) FROM acks WHERE batch_id=$b")" "answers about one batch"
expect_eq "$(tail -n +2 "$T/out" | cut -d, -f7 | sort -u)" "$b" "only that batch"
run claim-upload acks --since 2199-01-01
expect_eq "$(tail -n +2 "$T/out" | wc -l | tr -d ' ')" 0 "--since a later date"
run claim-upload acks --since 2025-02-30
expect_rc 2 "--since a bad date"

# --- endpoint names and the mode of files sent (9.16, 8.19) ---------------
long=$(printf 'e%.0s' $(seq 64))
run claim-upload endpoint add "$long" "file://$T/drop"
expect_rc 2 "a 64-character endpoint name"
expect_err "at most 63" "a long name refused"
expect_eq "$(sql "SELECT count(*) FROM endpoints WHERE length(name) >= 63")" 0 "no cut name stored"
mkdir -p grp/in
run claim-upload endpoint add grp "file://$T/grp" --remote-in in --group-read
expect_rc 0 "--group-read"
claim-upload endpoint list | grep -q "^grp,.*,0640$" || fail "endpoint list shows the mode"
b=$(new_batch GRP 4)
run claim-upload send --endpoint grp "$b"
expect_rc 0 "send to a group-readable drop folder"
expect_eq "$(stat -c %a grp/in/*)" 640 "a group-readable file"
b=$(new_batch PRV 4)
claim-upload send --endpoint drop "$b" >/dev/null 2>&1
expect_eq "$(stat -c %a "drop/in/$(sql "SELECT remote_name FROM batches WHERE id=$b")")" 600 "0600 by default"

# --- credentials in a URL are refused and never echoed (9.12) -------------
run claim-upload endpoint add pw "sftp://user:s3cretPW@host.example/"
expect_rc 2 "a password in the URL"
grep -q s3cretPW "$T/err" && fail "the password was echoed: $(cat "$T/err")"
run claim-upload endpoint add tok "https://host.example/upload?token=T0KEN123"
expect_rc 2 "a token in the URL"
grep -q T0KEN123 "$T/err" && fail "the token was echoed: $(cat "$T/err")"
run claim-upload endpoint add tok2 "https://host.example/upload" --remote-out "https://host.example/out/?access_token=T0KEN123"
expect_rc 2 "a token in --remote-out"
expect_eq "$(sql "SELECT count(*) FROM endpoints WHERE name LIKE 'tok%'")" 0 "no token stored"
grep -q T0KEN123 "$CLAIMKIT_DB" && fail "the token is in the database"
# an endpoint stored with a token by an older version: refused at use
sqlite3 "$CLAIMKIT_DB" "INSERT INTO endpoints(name, url, name_pattern, created_at) VALUES('old', 'https://host.example/upload?token=T0KEN123', '', '2025-01-01T00:00:00Z')"
run claim-upload fetch --endpoint old
expect_rc 1 "an old endpoint with a token"
expect_err "no query in the URL" "an old endpoint with a token: said"
grep -q T0KEN123 "$T/err" && fail "the old token was echoed: $(cat "$T/err")"
claim-upload endpoint rm old

# --- send checks the batch file's SHA-256, also when sending again (8.1) ---
b=$(new_batch SHA 4)
claim-upload send --endpoint drop "$b" >/dev/null 2>&1 || fail "send $b: exit $?"
echo "x" >>"$(file_of "$b")"
run claim-upload send --endpoint drop --resend --yes "$b"
expect_rc 1 "resend of a changed file"
expect_err "changed since it was written" "resend of a changed file"
expect_eq "$(sql "SELECT count(*) FROM transfers WHERE batch_id=$b AND result='sent'")" 1 "a changed file not sent again"
finish
