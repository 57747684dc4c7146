#!/bin/sh
# A 277CA status is checked against the code lists (data/x12): a status
# code no list holds (STC01-2 XX) is not taken as an acceptance; the
# claim keeps its status, its row says why, the fetch reports it.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
. "$SRCDIR/tests/cli/ack_lib.sh"
cd "$T"
sent_batch 4
odd=$(sql "SELECT claim_id FROM claims WHERE batch_id=$b ORDER BY id LIMIT 1")

# every claim accepted into adjudication, the first with status code XX
python3 "$SRCDIR/tests/cli/fake_acks.py" "$f" drop/out
rm "drop/out/$(basename "$f").999"
python3 - "drop/out/$(basename "$f").277" "$odd" <<'PY'
import sys
path, claim = sys.argv[1:]
s = open(path).read()
at = s.index("TRN*2*" + claim + "~")
s = s[:at] + s[at:].replace("STC*A2:20:PR*", "STC*A2:XX:PR*", 1)
open(path, "w").write(s)
PY
grep -q "A2:XX:PR" drop/out/*.277 || fail "test file not changed"
run claim-upload fetch
expect_rc 0 fetch
expect_row "$(basename "$f").277" "unknown codes to review" "reported in the summary"
expect_eq "$(sql "SELECT status FROM claims WHERE claim_id='$odd'")" sent "XX not taken as accepted"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE batch_id=$b AND status='accepted'")" "$((n - 1))" "the others accepted"
expect_eq "$(sql "SELECT status FROM acks WHERE claim_id='$odd'")" review "row for review"
expect_eq "$(sql "SELECT text FROM acks WHERE claim_id='$odd'")" "unknown status code 'XX' in STC01-2" "row says why"
finish
