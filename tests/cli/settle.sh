#!/bin/sh
# claim-settle without a terminal (--yes): it takes --max, refuses claims
# never sent unless --include-unsent, writes ids and counts only to
# stderr (cron mail); and what a settled claim's history does when the
# claim is imported again or its batch is voided.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
cd "$T"
gen 12 43 >c.csv
claim-batch import c.csv 2>/dev/null
claim-settle config writeoff insurance
dump() {
	printf '.dump claims\n.dump adjustments\n.dump settle_runs\n' |
	    sqlite3 -batch "$CLAIMKIT_DB"
}
dump >s0.dump
# --yes alone: refused (usage), whatever the selection
run claim-settle --yes --status open
expect_rc 2 "--yes without --max"
expect_err "--max" "--yes without --max"
expect_eq "$(dump | cmp - s0.dump && echo same)" same "--yes without --max: nothing changed"
# claims never sent: refused, named, unless asked for
run claim-settle --yes --max 100 --status open
expect_rc 65 "open claims never sent"
expect_err "never sent" "open claims never sent"
expect_err "'CLM0000001'" "open claims never sent are named"
expect_err "--include-unsent" "open claims never sent: the way out"
expect_eq "$(wc -c <"$T/out" | tr -d ' ')" 0 "never sent: no rows"
expect_eq "$(dump | cmp - s0.dump && echo same)" same "never sent: nothing changed"
sqlite3 "$CLAIMKIT_DB" "UPDATE claims SET status='denied' WHERE claim_id IN ('CLM0000003','CLM0000004')"
run claim-settle --yes --max 100 --status open
expect_rc 65 "sent and never sent, mixed"
expect_err "'CLM0000002'" "mixed: the claim never sent is named"
grep -qF "'CLM0000003'" "$T/err" && fail "mixed: a denied claim named as never sent"
run claim-settle --yes --max 100 --status denied
expect_rc 0 "denied claims settle without --include-unsent"
expect_eq "$(sql "SELECT group_concat(claim_id) FROM claims WHERE status='settled'")" \
	CLM0000003,CLM0000004 "denied claims settled"
claim-settle undo --yes 1 2>/dev/null
expect_eq "$(sql "SELECT count(*) FROM claims WHERE status='denied'")" 2 "undone"
sqlite3 "$CLAIMKIT_DB" "UPDATE claims SET status='ready' WHERE status='denied'"

run claim-settle --yes --max 2 --include-unsent --claim CLM0000001 --claim CLM0000002
expect_rc 0 "settle with filters"
expect_eq "$(tail -n +2 "$T/out" | wc -l | tr -d ' ')" 2 "two rows"
# stderr goes to cron mail: claim ids and counts, no patient data
expect_err "CLM0000001" "--yes names the claims on stderr"
expect_err "2 claims to settle" "--yes counts on stderr"
for f in patient_last patient_first first_date last_date patient_dob; do
	for v in $(sql "SELECT $f FROM claims WHERE claim_id IN ('CLM0000001','CLM0000002')"); do
		grep -qF -- "$v" "$T/err" &&
			fail "the --yes summary on stderr shows $f '$v': $(head -5 "$T/err")"
	done
done
claim-settle undo --yes 2 2>/dev/null
expect_eq "$(sql "SELECT status FROM claims WHERE claim_id='CLM0000001'")" ready "undone"

# corrected and imported again, a claim keeps its settlement history
grep -e '^claim_id' -e '^CLM0000001,' c.csv >one.csv
run claim-batch import one.csv
expect_rc 0 "re-import after a settlement was undone"
expect_eq "$(sql "SELECT count(*) FROM settle_items i JOIN claims c ON c.id=i.claim WHERE c.claim_id='CLM0000001'")" 1 "history follows the claim"
expect_eq "$(sql "SELECT count(*) FROM adjustments a JOIN claims c ON c.id=a.claim WHERE c.claim_id='CLM0000001'")" 2 "adjustments follow the claim"
expect_eq "$(sqlite3 "$CLAIMKIT_DB" 'PRAGMA foreign_key_check' | wc -l | tr -d ' ')" 0 "foreign keys hold"

# a claim settled while in an unsent batch stays settled when it is voided
configure
b=$(claim-batch run --electronic-only 2>/dev/null | manifest_col batch_id /dev/stdin)
id=$(sql "SELECT claim_id FROM claims WHERE batch_id=$b LIMIT 1")
claim-settle --yes --max 1 --include-unsent --claim "$id" >/dev/null 2>&1
claim-batch void "$b" 2>/dev/null
expect_eq "$(sql "SELECT status FROM claims WHERE claim_id='$id'")" settled "void keeps settled"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE batch_id IS NULL AND status='ready'")" \
	"$(sql "SELECT count(*) FROM claims WHERE status='ready'")" "void released the rest"
finish
