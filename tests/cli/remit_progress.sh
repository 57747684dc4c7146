#!/bin/sh
# claim-remit post counts the claims it posts on stderr when stderr is a
# terminal, and blanks the counter; into a file (cron) nothing is drawn.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
cd "$T"
configure >/dev/null 2>&1
gen 1200 5 >c.csv
claim-batch import c.csv 2>/dev/null
claim-batch config dwell 0 2>/dev/null
mkdir -p drop/in drop/out
claim-upload endpoint add drop "file://$T/drop" --remote-in in \
    --remote-out out 2>/dev/null
claim-batch run --electronic-only 2>/dev/null >m.csv
claim-upload send <m.csv >/dev/null 2>&1 || fail "send"
sent=$(sql "SELECT count(*) FROM claims WHERE status='sent'")
[ "$sent" -gt 600 ] || fail "too few claims sent: $sent"
python3 "$SRCDIR/tests/cli/fake_835.py" --per-set 400 era1.835 drop/in/* \
    >/dev/null || fail "fake_835.py"

python3 "$SRCDIR/tests/cli/ptyrun.py" --stdout "$T/stdout" -- \
    claim-remit post era1.835 >"$T/pty"
grep -q '^exit=0$' "$T/pty" || fail "post on a terminal: $(head -3 "$T/pty")"
grep -q 'claim-remit: posting claims: 512' "$T/pty" ||
    fail "no progress on a terminal: $(head -c 600 "$T/pty")"
# blanked at the end: the terminal ends with spaces between CRs
python3 - "$T/pty" <<'PY' || fail "progress not cleared: $(tail -c 300 "$T/pty")"
import re, sys
text = open(sys.argv[1], newline="").read().split("--- terminal ---\n", 1)[1]
assert re.search(r"\r +\r$", text.rstrip("\n")), repr(text[-200:])
PY
grep -q 'posting claims' "$T/stdout" && fail "progress went to stdout"
expect_eq "$(($(wc -l <"$T/stdout") - 1))" "$sent" "a row per claim"

# stderr a file: no counter (undone, the same file posts again)
for id in $(sql "SELECT id FROM remits ORDER BY id DESC"); do
	claim-remit undo --yes "$id" 2>/dev/null || fail "undo $id"
done
run claim-remit post era1.835
expect_rc 0 "post again into a file"
expect_eq "$(($(wc -l <"$T/out") - 1))" "$sent" "posted again"
grep -q 'posting claims' "$T/err" && fail "progress drawn into a file: $(head -c 300 "$T/err")"
finish
