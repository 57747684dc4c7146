#!/bin/sh
# claim-settle at a terminal: the claim ids come on stdin (a pipe, a file),
# the CONFIRM is typed on /dev/tty - here a pseudo-terminal that ptyrun.py
# makes the program's controlling terminal and types on.  Exactly CONFIRM
# settles; anything else, Ctrl-D, Ctrl-C, no terminal, --max exceeded, bad
# ids change nothing.  Undo asks its own CONFIRM and is refused once a claim
# changed since.  A kill during a settlement leaves all of it or none.
# Needs no terminal of its own: every wait is bounded.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
. "$SRCDIR/tests/cli/settle_lib.sh"
cd "$T"
# money CENTS: as the tools print it
money() {
	printf '%d.%02d' $(($1 / 100)) $(($1 % 100))
}

# notty.py CMD...: runs CMD in a new session without a controlling terminal
# (so /dev/tty cannot open, even when the test runs at a terminal), at most
# 60 s.
cat >notty.py <<'EOF'
import os, signal, sys, time
pid = os.fork()
if pid == 0:
    os.setsid()
    try:
        os.execvp(sys.argv[1], sys.argv[1:])
    except OSError as e:
        sys.stderr.write("%s: %s\n" % (sys.argv[1], e.strerror))
        os._exit(127)
end = time.monotonic() + 60
while True:
    p, st = os.waitpid(pid, os.WNOHANG)
    if p:
        break
    if time.monotonic() > end:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        sys.stderr.write("notty.py: %s ran over 60 s\n" % sys.argv[1])
        sys.exit(124)
    time.sleep(0.02)
sys.exit(os.WEXITSTATUS(st) if os.WIFEXITED(st) else 128 + os.WTERMSIG(st))
EOF
notty() {
	python3 "$T/notty.py" "$@"
}

# --- the driver itself, with a stand-in for claim-settle -----------------
# A broken driver would make every test below meaningless: stop here.
cat >stand.py <<'EOF'
import os, signal, sys
data = sys.stdin.read()
tin, tout = open("/dev/tty"), open("/dev/tty", "w")
def on_int(sig, frame):
    os.write(tout.fileno(), b"[SIGINT]\n")
    os._exit(7)
signal.signal(signal.SIGINT, on_int)
sys.stderr.write("stderr is a tty: %s\n" % os.isatty(2))
tout.write("stdin is a tty: %s, %d bytes\n" % (os.isatty(0), len(data)))
tout.write("Answer: ")
tout.flush()
line = tin.readline()
if not line:
    tout.write("[EOF]\n"); tout.flush(); sys.exit(5)
sys.stdout.write("read %r\n" % line)
sys.exit(0 if line == "yes\n" else 6)
EOF
printf 'claim_id\nA1\n' >stand.in
broken=0
driver() {
	echo "FAIL: ptyrun.py: $*; report: $(head -c 600 "$T/report")" >&2
	broken=1
}
onpty --stdin stand.in --expect "Answer: " --send 'yes\n' -- python3 stand.py
[ "$drc" -eq 0 ] && [ "$rc" -eq 0 ] || driver "typing 'yes' Enter: ptyrun $drc, program $rc"
grep -qF "stdin is a tty: False, 12 bytes" "$T/screen" || driver "stdin is not the file"
grep -qF "stderr is a tty: True" "$T/screen" || driver "stderr is not the terminal"
grep -qF "Answer: yes" "$T/screen" || driver "no echo of the typing"
grep -qF "read 'yes\\n'" "$T/out" || driver "stdout: $(cat "$T/out")"
onpty --stdin stand.in --expect "Answer: " --send '\x04' -- python3 stand.py
[ "$drc" -eq 0 ] && [ "$rc" -eq 5 ] && grep -qF "[EOF]" "$T/screen" ||
	driver "Ctrl-D is not end of input: ptyrun $drc, program $rc"
onpty --stdin stand.in --expect "Answer: " --send '\x03' -- python3 stand.py
[ "$drc" -eq 0 ] && [ "$rc" -eq 7 ] && grep -qF "[SIGINT]" "$T/screen" ||
	driver "Ctrl-C is not SIGINT: ptyrun $drc, program $rc"
onpty --timeout 1 --expect "never shown" -- sleep 30
[ "$drc" -eq 3 ] && [ "$rc" -eq 137 ] || driver "a timeout: ptyrun $drc, program $rc"
onpty --expect "never shown" -- true
[ "$drc" -eq 4 ] || driver "the program ended before the text: ptyrun $drc"
notty python3 -c 'open("/dev/tty")' 2>/dev/null &&
	driver "notty.py leaves a terminal"
[ "$broken" -eq 0 ] || exit 1

# --- data -----------------------------------------------------------------
gen 30 41 >c.csv
claim-batch import c.csv 2>/dev/null
# patients owe part of some claims, so both balances get written off
sqlite3 "$CLAIMKIT_DB" "UPDATE claims SET patient_balance = 500 + 7 * id, insurance_balance = insurance_balance - (500 + 7 * id) WHERE id % 3 = 0 AND insurance_balance > 2000"
# billed and answered in every way, as claims a practice settles are
sqlite3 "$CLAIMKIT_DB" "UPDATE claims SET status = CASE id % 5 WHEN 0 THEN 'sent' WHEN 1 THEN 'accepted' WHEN 2 THEN 'denied' WHEN 3 THEN 'rejected' ELSE 'paid' END"
claim-settle config writeoff both
run claim-settle config
expect_rc 0 "config"
expect_out both "config shows the writeoff"

claim-batch list --rank 1 >r1.csv
n=$(($(wc -l <r1.csv) - 1))
[ "$n" -gt 20 ] || fail "sample: $n claims of rank 1, want more than 20"
npat=$(sql "SELECT count(*) FROM claims WHERE rank = 1 AND patient_balance > 0")
[ "$npat" -gt 0 ] || fail "sample: no patient balance"
pc=$(sql "SELECT sum(patient_balance) FROM claims WHERE rank = 1")
ic=$(sql "SELECT sum(insurance_balance) FROM claims WHERE rank = 1")
P="Type CONFIRM to settle $n claims: "
id1=$(sed -n 2p r1.csv | cut -d, -f1)
id2=$(sed -n 3p r1.csv | cut -d, -f1)
id3=$(sed -n 4p r1.csv | cut -d, -f1)
snapshot s0

# --- claims never sent: named and refused before the prompt --------------
sqlite3 "$CLAIMKIT_DB" "UPDATE claims SET status = 'ready' WHERE claim_id = '$id2'; UPDATE claims SET status = 'batched' WHERE claim_id = '$id3'"
snapshot u0
onpty_refuse "never sent" --stdin r1.csv -- claim-settle
expect_rc 65 "never sent"
expect_screen "'$id2', '$id3'" "never sent: named"
expect_screen "--include-unsent" "never sent: the way out"
expect_no_rows "never sent"
unchanged u0 "never sent"
# asked for: the summary says so, the list shows them as they are
onpty --stdin r1.csv --expect "Type CONFIRM" --send '\x04' -- claim-settle --include-unsent
pty_ok "--include-unsent"
expect_rc 1 "--include-unsent, then Ctrl-D"
expect_screen "2 of them never sent" "--include-unsent: counted"
grep "$id2" "$T/screen" | grep -qw ready || fail "--include-unsent: $id2 not shown ready: $(grep "$id2" "$T/screen")"
grep "$id3" "$T/screen" | grep -qw batched || fail "--include-unsent: $id3 not shown batched: $(grep "$id3" "$T/screen")"
unchanged u0 "--include-unsent, then Ctrl-D"
sqlite3 "$CLAIMKIT_DB" "UPDATE claims SET status = CASE id % 5 WHEN 0 THEN 'sent' WHEN 1 THEN 'accepted' WHEN 2 THEN 'denied' WHEN 3 THEN 'rejected' ELSE 'paid' END"
unchanged s0 "statuses back"

# --- no terminal, no --yes: refused ---------------------------------------
run notty claim-settle <r1.csv
expect_rc 1 "no terminal"
expect_err "nothing changed" "no terminal"
expect_no_rows "no terminal"
unchanged s0 "no terminal"

# --- --max: refused before the prompt when exceeded -----------------------
onpty_refuse "--max 5" --stdin r1.csv -- claim-settle --max 5
expect_rc 1 "--max 5"
expect_no_rows "--max 5"
unchanged s0 "--max 5"
onpty_refuse "--max 0" --stdin r1.csv -- claim-settle --max 0
expect_rc 1 "--max 0 (more than 0 claims)"
unchanged s0 "--max 0"
onpty --stdin r1.csv --expect "$P" --send '\x04' -- claim-settle --max "$n"
pty_ok "--max N with N claims prompts"
expect_rc 1 "--max N, then Ctrl-D"
unchanged s0 "--max N, then Ctrl-D"

# --- unknown or repeated ids: 65, named, before any prompt ----------------
printf 'claim_id\n%s\nNOSUCH1\n%s\nNOSUCH2\n' "$id1" "$id2" >bad.csv
onpty_refuse "unknown ids" --stdin bad.csv -- claim-settle
expect_rc 65 "unknown ids"
expect_screen NOSUCH1 "unknown ids"
expect_screen NOSUCH2 "unknown ids"
expect_no_rows "unknown ids"
unchanged s0 "unknown ids"
printf 'claim_id\n%s\n%s\n%s\n' "$id1" "$id2" "$id1" >dup.csv
onpty_refuse "repeated id" --stdin dup.csv -- claim-settle
expect_rc 65 "repeated id"
expect_screen "$id1" "repeated id"
unchanged s0 "repeated id"

# --- anything but CONFIRM: nothing changed --------------------------------
# (Ctrl-C after a person's pause: the prompt is up and waiting)
for keys in 'confirm\n' '\n' 'CONFIRM \n' 'yes\n' '\x04' '\x03'; do
	pause=0
	[ "$keys" = '\x03' ] && pause=0.3
	onpty --stdin r1.csv --expect "$P" --sleep "$pause" --send "$keys" -- claim-settle
	pty_ok "typing '$keys'"
	expect_rc 1 "typing '$keys'"
	expect_screen "nothing changed" "typing '$keys'"
	expect_no_rows "typing '$keys'"
	unchanged s0 "typing '$keys'"
done
# Ctrl-C the instant the prompt shows, as a quick hand does: the program
# must already be waiting for the answer (tried 20 times: a program that
# arms its handler after writing the prompt loses some of them)
i=0
while [ $i -lt 20 ]; do
	i=$((i + 1))
	onpty --stdin r1.csv --expect "$P" --send '\x03' -- claim-settle
	pty_ok "instant Ctrl-C $i"
	if [ "$rc" -ne 1 ]; then
		fail "instant Ctrl-C (try $i): exit $rc (128+N: killed by signal N), expected 1; terminal: $(tail -c 200 "$T/screen")"
		break
	fi
	expect_screen "nothing changed" "instant Ctrl-C $i"
done
unchanged s0 "instant Ctrl-C"
# filters choose instead of stdin
onpty --expect "Type CONFIRM to settle 2 claims: " --send '\n' -- claim-settle --claim "$id1" --claim "$id2"
pty_ok "filters"
expect_rc 1 "filters, empty line"
unchanged s0 "filters, empty line"
# --dry-run: says what it would do, changes nothing (no terminal needed)
run notty claim-settle --dry-run <r1.csv
unchanged s0 "--dry-run"
# TSV on stdin: the same claims, the same question
claim-batch list --tsv --rank 1 >r1.tsv
onpty --stdin r1.tsv --expect "$P" --send '\n' -- claim-settle --tsv
pty_ok "TSV ids"
expect_rc 1 "TSV ids, empty line"
unchanged s0 "TSV ids, empty line"

# --- CONFIRM settles: ids through a pipe, the answer on the terminal -------
sql "SELECT claim_id, patient_last, first_date, status, payer_id, printf('%d.%02d', patient_balance / 100, patient_balance % 100), printf('%d.%02d', insurance_balance / 100, insurance_balance % 100) FROM claims WHERE rank = 1 ORDER BY claim_id" >rows.before
sql "SELECT claim_id || ',' || status || ',' || printf('%d.%02d', patient_balance / 100, patient_balance % 100) || ',' || printf('%d.%02d', insurance_balance / 100, insurance_balance % 100) FROM claims WHERE rank = 1 ORDER BY claim_id" >csv.want
sql "SELECT claim_id || '|' || (patient_balance + insurance_balance) FROM claims WHERE rank = 1 ORDER BY claim_id" >adj.want
sql "SELECT claim_id, status, patient_balance, insurance_balance FROM claims WHERE rank = 1 ORDER BY claim_id" >r1.before
sql "SELECT * FROM claims WHERE rank <> 1 ORDER BY id" >others.before
mkfifo ids.pipe
claim-batch list --rank 1 >ids.pipe &
lister=$!
onpty --stdin ids.pipe --expect "$P" --send 'CONFIRM\n' -- claim-settle
kill "$lister" 2>/dev/null || true
wait "$lister" 2>/dev/null || true
pty_ok "CONFIRM"
expect_rc 0 "CONFIRM"
# what the terminal showed before the prompt: count, totals, a list
sed -n '1,/Type CONFIRM/p' "$T/screen" >shown
grep -v "Type CONFIRM" shown | grep -Eq "(^|[^0-9])$n claims" ||
	fail "CONFIRM: the terminal did not show '$n claims' before the prompt: $(head -3 shown)"
grep -qF "$(money "$pc")" shown || fail "CONFIRM: patient total $(money "$pc") not shown: $(head -3 shown)"
grep -qF "$(money "$ic")" shown || fail "CONFIRM: insurance total $(money "$ic") not shown: $(head -3 shown)"
grep -o 'CLM[0-9]*' shown | sort -u >shown.ids
expect_eq "$(wc -l <shown.ids | tr -d ' ')" 20 "CONFIRM: claims listed"
expect_eq "$(tail -n +2 r1.csv | cut -d, -f1 | sort | comm -13 - shown.ids)" "" "CONFIRM: listed claims are the selected ones"
expect_screen "... and $((n - 20)) more" "CONFIRM"
expect_screen "$P" "CONFIRM: the prompt"
while IFS='|' read -r id last dos status payer pb ib; do
	grep -qx "$id" shown.ids || continue
	line=$(grep "$id" shown | head -1)
	for f in "$last" "$dos" " $status " " $payer " "$pb" "$ib"; do
		case $line in
		*"$f"*) ;;
		*) fail "CONFIRM: row of $id lacks '$f': $line" ;;
		esac
	done
done <rows.before
# stdout: one CSV row per claim, one run
expect_eq "$(head -1 "$T/out")" "claim_id,previous_status,patient_writeoff,insurance_writeoff,run_id" "CONFIRM: CSV header"
expect_eq "$(tail -n +2 "$T/out" | cut -d, -f1-4 | sort)" "$(cat csv.want)" "CONFIRM: CSV rows"
run1=$(tail -n +2 "$T/out" | cut -d, -f5 | sort -u)
case $run1 in
'' | *[!0-9]*) fail "CONFIRM: not one run id: '$run1'"; run1=0 ;;
esac
# the database: settled, balances 0, one adjustment per balance
expect_eq "$(sql "SELECT count(*) FROM claims WHERE rank = 1 AND status = 'settled' AND patient_balance = 0 AND insurance_balance = 0")" "$n" "CONFIRM: claims settled, balances 0"
expect_eq "$(sql "SELECT * FROM claims WHERE rank <> 1 ORDER BY id")" "$(cat others.before)" "CONFIRM: other claims untouched"
expect_eq "$(sql "SELECT count(*) FROM adjustments WHERE run_id = $run1")" "$((n + npat))" "CONFIRM: adjustment rows"
expect_eq "$(sql "SELECT count(DISTINCT kind) FROM adjustments WHERE run_id = $run1")" 2 "CONFIRM: patient and insurance adjustments"
expect_eq "$(sql "SELECT c.claim_id || '|' || sum(abs(a.amount)) FROM adjustments a JOIN claims c ON c.id = a.claim WHERE a.run_id = $run1 GROUP BY c.claim_id ORDER BY c.claim_id")" "$(cat adj.want)" "CONFIRM: adjustments per claim"
run claim-settle runs
expect_rc 0 "runs"
grep -q "^$run1," "$T/out" || fail "runs: no run $run1: $(cat "$T/out")"

# --- already settled: skipped and counted --------------------------------
claim-batch list >all.csv
m=$(($(wc -l <all.csv) - 1 - n))
snapshot s1
onpty --stdin all.csv --expect "Type CONFIRM to settle $m claims: " --send '\n' -- claim-settle
pty_ok "already settled skipped"
expect_rc 1 "already settled skipped"
grep -E "(^|[^0-9])$n([^0-9]|$)" "$T/screen" | grep -qi "settled" ||
	fail "the $n settled claims are not counted on the terminal: $(head -3 "$T/screen")"
unchanged s1 "already settled skipped"

# --- undo, through the terminal ------------------------------------------
U="Type CONFIRM to undo run $run1 ($n claims): "
onpty --expect "$U" --send 'no\n' -- claim-settle undo "$run1"
pty_ok "undo, no"
expect_rc 1 "undo, no"
expect_screen "nothing changed" "undo, no"
unchanged s1 "undo, no"
onpty --expect "$U" --send 'CONFIRM\n' -- claim-settle undo "$run1"
pty_ok "undo"
expect_rc 0 "undo"
expect_eq "$(sql "SELECT claim_id, status, patient_balance, insurance_balance FROM claims WHERE rank = 1 ORDER BY claim_id")" "$(cat r1.before)" "undo: claims as before"
expect_eq "$(sql "SELECT * FROM claims WHERE rank <> 1 ORDER BY id")" "$(cat others.before)" "undo: other claims untouched"
snapshot s2
onpty_refuse "undo twice" -- claim-settle undo "$run1"
[ "$rc" -ne 0 ] || fail "undo twice: exit 0"
unchanged s2 "undo twice"

# --- undo refused once a claim changed since -------------------------------
run notty claim-settle --yes --max "$n" <r1.csv
expect_rc 0 "settle again with --yes"
run2=$(tail -n +2 "$T/out" | cut -d, -f5 | sort -u)
case $run2 in
'' | *[!0-9]*) fail "--yes: not one run id: '$run2'"; run2=0 ;;
esac
expect_eq "$(tail -n +2 "$T/out" | wc -l | tr -d ' ')" "$n" "--yes: rows"
# a status change since
sqlite3 "$CLAIMKIT_DB" "UPDATE claims SET status = 'ready' WHERE claim_id = '$id1'"
snapshot s3
onpty_refuse "undo after a status change" -- claim-settle undo "$run2"
expect_rc 65 "undo after a status change"
expect_screen "$id1" "undo after a status change"
unchanged s3 "undo after a status change"
# settled again by a later run (nothing left to write off): still touched
printf 'claim_id\n%s\n' "$id1" >one.csv
run notty claim-settle --yes --max 1 --include-unsent <one.csv
expect_rc 0 "re-settle one claim"
expect_eq "$(sql "SELECT status FROM claims WHERE claim_id = '$id1'")" settled "re-settle one claim"
snapshot s4
onpty_refuse "undo after a re-settle" -- claim-settle undo "$run2"
expect_rc 65 "undo after a re-settle"
expect_screen "$id1" "undo after a re-settle"
unchanged s4 "undo after a re-settle"

# --- a kill during a --yes settlement: all of it or none -----------------
CLAIMKIT_DB="$T/k.db"
gen 3000 7 >k.csv
claim-batch import k.csv 2>/dev/null
sqlite3 "$CLAIMKIT_DB" "UPDATE claims SET status = 'sent'"
claim-settle config writeoff both
claim-batch list >kids.csv
kn=$(($(wc -l <kids.csv) - 1))
kmoney=$(sql "SELECT sum(patient_balance + insurance_balance) FROM claims")
sqlite3 "$CLAIMKIT_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp k.db k0.db
# killer.py DELAY: claim-settle --yes on kids.csv, SIGKILL after DELAY s
# (a negative DELAY: let it finish and print how long it took)
cat >killer.py <<'EOF'
import signal, subprocess, sys, time
d = float(sys.argv[1])
with open("kids.csv") as i, open("kill.out", "w") as o, \
        open("kill.err", "w") as e:
    t = time.monotonic()
    p = subprocess.Popen(["claim-settle", "--yes", "--max", "100000"],
                         stdin=i, stdout=o,
                         stderr=e)
    if d >= 0:
        time.sleep(d)
        p.send_signal(signal.SIGKILL)
    try:
        p.wait(timeout=60)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
    print("%.4f %d" % (time.monotonic() - t, p.returncode))
EOF
fresh() {
	rm -f k.db k.db-wal k.db-shm
	cp k0.db k.db
}
fresh
set -- $(python3 killer.py -1)
took=$1
expect_eq "$2" 0 "--yes on $kn claims: $(head -c 300 kill.err)"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE status = 'settled'")" "$kn" "--yes on $kn claims"
none=0 all=0 late=0
for f in 0 5 10 20 30 40 50 60 70 80 90 95 100; do
	fresh
	d=$(python3 -c "print($took * $f / 100)")
	python3 killer.py "$d" >/dev/null
	settled=$(sql "SELECT count(*) FROM claims WHERE status = 'settled'")
	adjusted=$(sql "SELECT count(DISTINCT a.claim) FROM adjustments a JOIN settle_runs r ON r.id = a.run_id")
	runs=$(claim-settle runs | tail -n +2 | wc -l | tr -d ' ')
	w="kill after ${d}s"
	expect_eq "$(sql "PRAGMA integrity_check")" ok "$w: integrity"
	expect_eq "$settled" "$adjusted" "$w: settled claims, claims adjusted by the run"
	left=$(sql "SELECT sum(patient_balance + insurance_balance) FROM claims")
	off=$(sql "SELECT coalesce(sum(abs(amount)), 0) FROM adjustments")
	expect_eq "$((left + off))" "$kmoney" "$w: balances left plus written off"
	if [ "$settled" -eq 0 ]; then
		none=$((none + 1))
		# killed after it said what it would settle: likely mid-write
		[ -s kill.err ] && late=$((late + 1))
		expect_eq "$runs" 0 "$w: nothing settled, no run listed"
		expect_eq "$(sql "SELECT count(*) FROM adjustments")" 0 "$w: no adjustment"
	elif [ "$settled" -eq "$kn" ]; then
		all=$((all + 1))
		expect_eq "$runs" 1 "$w: all settled, one run listed"
		expect_eq "$(sql "SELECT count(*) FROM claims WHERE patient_balance = 0 AND insurance_balance = 0")" "$kn" "$w: all written off"
	else
		fail "$w: $settled of $kn claims settled"
	fi
done
echo "kill test: $took s uncut; killed runs left none settled $none times ($late of them after the summary), all $all times" >&2

finish
