#!/bin/sh
# A post killed (SIGKILL) at any moment leaves its remittance all posted or
# not at all: no claim half-posted, no payment without its claims.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
. "$SRCDIR/tests/cli/remit_lib.sh"
cd "$T"
remit_gen 1500 5
n=$(sql "SELECT count(*) FROM claims WHERE status='sent'")
# one remittance of every claim
python3 "$SRCDIR/tests/cli/fake_835.py" --per-set 100000 era.835 drop/in/* >/dev/null
sqlite3 "$CLAIMKIT_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$CLAIMKIT_DB" fresh.db

whole=0 none=0
for i in 02 05 1 2 3 4 6 9; do
	rm -f "$CLAIMKIT_DB-wal" "$CLAIMKIT_DB-shm"
	cp fresh.db "$CLAIMKIT_DB"
	claim-remit post era.835 >/dev/null 2>&1 &
	p=$!
	sleep "0.$i"
	kill -9 $p 2>/dev/null || true
	wait $p 2>/dev/null || true
	remits=$(sql "SELECT count(*) FROM remits")
	rows=$(sql "SELECT count(*) FROM remit_claims")
	moved=$(sql "SELECT count(*) FROM claims WHERE status IN ('paid','partial','denied')")
	case "$remits,$rows,$moved" in
	0,0,0) none=$((none + 1)) ;;
	"1,$n,$n") whole=$((whole + 1)) ;;
	*) fail "kill $i: half posted: remits $remits, rows $rows, claims moved $moved of $n" ;;
	esac
	expect_eq "$(sqlite3 "$CLAIMKIT_DB" 'PRAGMA integrity_check')" ok "kill $i: integrity"
	# the next post finishes the work, once
	claim-remit post era.835 >/dev/null 2>&1 || fail "post after kill $i"
	expect_eq "$(sql "SELECT count(*) FROM claims WHERE status IN ('paid','partial','denied')")" "$n" "kill $i: all posted after"
	expect_eq "$(sql "SELECT count(*) FROM remit_claims")" "$n" "kill $i: posted once"
done
echo "kills: $none before the commit, $whole after" >&2

# two posts at once, as two cron jobs: the remittance posts once
rm -f "$CLAIMKIT_DB-wal" "$CLAIMKIT_DB-shm"
cp fresh.db "$CLAIMKIT_DB"
claim-remit post era.835 >one.csv 2>one.err &
p1=$!
claim-remit post era.835 >two.csv 2>two.err &
p2=$!
wait $p1 || fail "first post: $(cat one.err)"
wait $p2 || fail "second post: $(cat two.err)"
expect_eq "$(sql "SELECT count(*) FROM remits")" 1 "two posts at once: one remittance"
expect_eq "$(sql "SELECT count(*) FROM remit_claims")" "$n" "two posts at once: each claim once"
expect_eq "$(cat one.csv two.csv | grep -c '^1,')" "$n" "two posts at once: one set of rows"
grep -Eq "already posted as remittance 1: skipped|this file was read before \(remittance 1, see 'claim-remit list'\): skipped" one.err two.err ||
	fail "the second post names the first: $(cat one.err two.err)"
finish
