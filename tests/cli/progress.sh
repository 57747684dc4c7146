#!/bin/sh
# Progress on long work: a counter on stderr when it is a terminal,
# cleared before the summary; nothing when stderr is a file (cron).
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
cd "$T"
gen 3000 7 >big.csv
rows=$(($(wc -l <big.csv) - 1))

python3 "$SRCDIR/tests/cli/ptyrun.py" --stdout "$T/stdout" -- \
    claim-batch import big.csv >"$T/pty"
grep -q '^exit=0$' "$T/pty" || fail "import on a terminal: $(head -3 "$T/pty")"
grep -q 'claim-batch: importing rows: 512' "$T/pty" ||
    fail "no progress on a terminal: $(cat "$T/pty")"
# the counter is blanked (CR, spaces, CR) before the summary
python3 - "$T/pty" "$rows" <<'PY' || fail "progress not cleared: $(cat "$T/pty")"
import re, sys
text = open(sys.argv[1], newline="").read().split("--- terminal ---\n", 1)[1]
last = text.rstrip("\n").split("\n")[-1]
m = re.fullmatch(r"(\r[^\r]*)*\r +\r(claim-batch: imported 3000 claims .*)", last)
assert m, repr(last[-200:])
assert int(sys.argv[2]) > 512
PY
[ ! -s "$T/stdout" ] || fail "progress went to stdout"

# the batch run counts claims; send and fetch count files
configure 2>/dev/null
claim-batch config dwell 0 2>/dev/null
claim-batch config batch_max_claims 500 2>/dev/null
python3 "$SRCDIR/tests/cli/ptyrun.py" --stdout "$T/manifest" -- \
    claim-batch run >"$T/pty"
grep -q '^exit=0$' "$T/pty" || fail "run on a terminal: $(head -3 "$T/pty")"
grep -q 'claim-batch: batching claims: 512' "$T/pty" ||
    fail "no progress of the run: $(cat "$T/pty")"
mkdir -p drop/in drop/out
claim-upload endpoint add drop "file://$T/drop" --remote-in in \
    --remote-out out 2>/dev/null
python3 "$SRCDIR/tests/cli/ptyrun.py" --stdin "$T/manifest" -- \
    claim-upload send >"$T/pty"
grep -q '^exit=0$' "$T/pty" || fail "send on a terminal: $(head -3 "$T/pty")"
grep -q 'claim-upload: sending batches: [0-9][0-9]* of [0-9]' "$T/pty" ||
    fail "no progress of the send: $(cat "$T/pty")"
for f in drop/in/*; do cp "$f" "drop/out/$(basename "$f").copy"; done
python3 "$SRCDIR/tests/cli/ptyrun.py" -- claim-upload fetch >"$T/pty"
grep -q 'claim-upload: fetching files: [0-9][0-9]* of [0-9]' "$T/pty" ||
    fail "no progress of the fetch: $(cat "$T/pty")"

# stderr a file: the summary alone (into a new database, so every claim
# is new again)
CLAIMKIT_DB="$T/second.db"
run claim-batch import big.csv
expect_rc 0 "import to a file"
expect_eq "$(cat "$T/err")" "claim-batch: imported 3000 claims ($rows lines) from 'big.csv': 3000 new, 0 replaced, 0 new versions, 0 unchanged, 0 refused" "no progress in a file"
finish
