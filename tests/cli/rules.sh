#!/bin/sh
# DESIGN.md's "rules that hold everywhere", one check (or a few) each, as
# far as the programs that exist reach them.
. "$SRCDIR/tests/cli/lib.sh"
cd "$T"
gen 120 4 >c.csv

# Data out, talk to the side: messages on stderr, only data on stdout.
run claim-batch import c.csv
expect_rc 0 import
[ ! -s "$T/out" ] || fail "import wrote to stdout"
[ -s "$T/err" ] || fail "import said nothing on stderr"
run claim-batch list
python3 - "$T/out" <<'PY' || fail "list stdout is not a clean CSV table"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert rows[0][0] == "claim_id" and len(rows) == 121
assert all(len(r) == len(rows[0]) for r in rows)
PY
[ ! -s "$T/err" ] || fail "list wrote to stderr: $(cat "$T/err")"

# Pipes compose: ids travel in the claim_id column.
n=$(claim-batch list --rank 1 | claim-batch list --stdin | wc -l)
expect_eq "$n" "$(claim-batch list --rank 1 | wc -l)" "pipe of ids"

# Output errors: a full disk is reported (a closed pipe: below, once the
# list is longer than a pipe holds).
if [ -w /dev/full ]; then
	run sh -c 'claim-batch list >/dev/full'
	expect_rc 1 "write error"
	expect_err "claim-batch: cannot write output: No space left on device" "write error"
fi

# Money is integer cents: stored as integers, printed with two decimals.
expect_eq "$(sql "SELECT count(*) FROM claim_lines WHERE typeof(charge)<>'integer'")" 0 "integer cents"
claim-batch list | python3 -c '
import csv, re, sys
assert all(re.fullmatch(r"[0-9]+\.[0-9]{2}", r["total_charge"])
           for r in csv.DictReader(sys.stdin))' || fail "amounts not printed as 0.00"

# Bad input: a clear error, exit 65, nothing changed.
before=$(sqlite3 "$CLAIMKIT_DB" .dump | md5sum)
sed '3s/,[0-9]*\.[0-9][0-9],\([0-9:]*\),/,1e3,\1,/' c.csv >bad.csv
run claim-batch import bad.csv
expect_rc 65 "bad money"
expect_err "bad.csv:3:" "bad money names the line"
expect_eq "$(sqlite3 "$CLAIMKIT_DB" .dump | md5sum)" "$before" "bad input changed nothing"

# Nothing lost, nothing twice: two imports at once both land whole, and
# an import killed at any moment leaves all of it or none of it.
gen 3000 5 >big.csv
sed 's/^CLM/ALT/' big.csv | sed '1s/^ALT/CLM/' >alt.csv
claim-batch import big.csv 2>/dev/null &
p1=$!
claim-batch import alt.csv 2>/dev/null &
p2=$!
wait $p1 || fail "first of two imports failed"
wait $p2 || fail "second of two imports failed"
# (big.csv's ids replace the 120 of c.csv)
expect_eq "$(sql "SELECT count(*) FROM claims")" 6000 "two imports at once"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE claim_id LIKE 'ALT%'")" 3000 "second import whole"

# A closed pipe is quiet, and the writer ends as one killed by SIGPIPE
# (141), as `seq 1000000 | head -1` does, whatever set -o pipefail wants.
{ claim-batch list 2>"$T/pipe-err" && echo 0 >"$T/pipe-rc" ||
    echo $? >"$T/pipe-rc"; } | head -1 >/dev/null
[ ! -s "$T/pipe-err" ] || fail "EPIPE was not quiet: $(cat "$T/pipe-err")"
expect_eq "$(cat "$T/pipe-rc")" 141 "status of a write into a closed pipe"
for ms in 0.05 0.2 0.4 0.8; do
	rm -f k.db k.db-wal k.db-shm
	claim-batch --db k.db import c.csv 2>/dev/null
	claim-batch --db k.db import big.csv 2>/dev/null &
	p=$!
	sleep "$ms"
	kill -9 "$p" 2>/dev/null || true
	wait "$p" 2>/dev/null || true
	n=$(sqlite3 k.db "SELECT count(*) FROM claims")
	[ "$n" = 120 ] || [ "$n" = 3000 ] ||
		fail "kill after ${ms}s left $n claims (expected 120 or 3000)"
	expect_eq "$(sqlite3 k.db 'PRAGMA integrity_check')" ok "integrity after kill"
	expect_eq "$(sqlite3 k.db "SELECT count(*) FROM claim_lines l LEFT JOIN claims c ON c.id=l.claim WHERE c.id IS NULL")" 0 "no orphan lines after kill"
done

# PHI stays private: the database is 0600 in a 0700 folder, and errors
# carry no patient data beyond ids.
rm -rf "$HOME/.local"
CLAIMKIT_DB= claim-batch import c.csv 2>/dev/null
db="$HOME/.local/share/claimkit/claimkit.db"
expect_eq "$(stat -c %a "$db")" 600 "database mode"
expect_eq "$(stat -c %a "$HOME/.local/share/claimkit")" 700 "folder mode"
for f in "$db"-*; do
	[ -e "$f" ] && expect_eq "$(stat -c %a "$f")" 600 "$f mode"
done
# ... and a mode its owner chose is left (tests/cli/db_open.sh: more)
chmod 640 "$db"
CLAIMKIT_DB= claim-batch list >/dev/null 2>&1
expect_eq "$(stat -c %a "$db")" 640 "a chosen mode left as it is"
chmod 600 "$db"
last=$(sed -n 2p c.csv | cut -d, -f2)
sed "2s/,$last,/,$last,X,/" c.csv >phi.csv
run claim-batch import phi.csv
grep -q "$last" "$T/err" && fail "an error message carried a patient's name"

# Prompts read the terminal: with claim ids on stdin and no terminal,
# claim-settle refuses and changes nothing (tests/cli/settle_tty.sh
# answers its prompt through a real pseudo-terminal).
claim-settle config writeoff both
before=$(sqlite3 "$CLAIMKIT_DB" "SELECT group_concat(status || insurance_balance) FROM claims")
claim-batch list --rank 1 >ids.csv
run setsid -w sh -c 'claim-settle --include-unsent <ids.csv'
expect_rc 1 "settle without a terminal"
expect_err "no terminal to confirm on: give --yes" "settle without a terminal"
expect_eq "$(sqlite3 "$CLAIMKIT_DB" "SELECT group_concat(status || insurance_balance) FROM claims")" "$before" "refusal changed nothing"

# Credentials never on the command line: a URL with a password is refused.
run claim-upload endpoint add x "sftp://billing:secret@127.0.0.1/"
expect_rc 2 "password in a URL"
expect_eq "$(sql "SELECT count(*) FROM endpoints")" 0 "no endpoint stored"

# Every change is audited: who, when, what, before and after.
claim-batch import c.csv 2>/dev/null
run claim-batch audit
expect_out "claim-batch,replace,CLM0000001,status=ready" "replace audited"
expect_out ",$(id -un),claim-batch,import,c.csv,,import=" "import audited"
expect_out " claims=120 lines=" "import audited"
finish
