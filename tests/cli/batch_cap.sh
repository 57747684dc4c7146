#!/bin/sh
# batch_max_claims: a run writes as many files as the cap asks, each its
# own batch, interchange and ISA13, all in the manifest.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
cd "$T"
configure
gen 60 51 >c.csv
claim-batch import c.csv 2>/dev/null
claim-batch scrub >/dev/null 2>&1 || true
run claim-batch config batch_max_claims -1
expect_rc 2 "a negative cap"
run claim-batch config batch_max_claims 3
expect_rc 0 "cap of 3"
ok="status='ready' AND id NOT IN (SELECT claim FROM scrub_results)"
args=$(sql "SELECT '--claim ' || claim_id FROM claims WHERE $ok AND filing='electronic' ORDER BY id LIMIT 8" | tr '\n' ' ')
run claim-batch run $args
expect_rc 0 "capped run"
cp "$T/out" m.csv
expect_eq "$(manifest_col kind m.csv | tr '\n' ' ')" "837P 837P 837P " "three 837P batches"
expect_eq "$(manifest_col claims m.csv | tr '\n' ' ')" "3 3 2 " "3, 3 and 2 claims"
for f in $(manifest_col file m.csv); do
	x12check "$f" || fail "$f breaks the implementation guide's rules"
	expect_eq "$(clm_ids "$f" | wc -l | tr -d ' ')" "$(sql "SELECT claims FROM batches WHERE file='$f'")" "$f: CLM count"
	expect_eq "$(sha256sum "$f" | cut -d' ' -f1)" "$(sql "SELECT sha256 FROM batches WHERE file='$f'")" "$f: sha256"
done
expect_eq "$(clm_ids $(manifest_col file m.csv) | sort -u | wc -l | tr -d ' ')" 8 "eight claims, each once"
isas=$(for f in $(manifest_col file m.csv); do head -c 106 "$f" | cut -d'*' -f14; done | sort -u | wc -l | tr -d ' ')
expect_eq "$isas" 3 "each file its own ISA13"
expect_eq "$(sql "SELECT count(DISTINCT isa_control) FROM batches WHERE kind='837P'")" 3 "each batch row its own interchange"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE status='batched' AND batch_id NOT IN (SELECT id FROM batches WHERE status='pending')")" 0 "claims point at their batch"
# paper files are capped too
run claim-batch run --paper-only
expect_rc 0 "capped paper run"
np=$(sql "SELECT count(*) FROM claims WHERE status='batched' AND filing='paper'")
expect_eq "$(tail -n +2 "$T/out" | wc -l | tr -d ' ')" "$(((np + 2) / 3))" "paper files of 3"
expect_eq "$(sql "SELECT max(claims) FROM batches WHERE kind='CMS1500'")" 3 "no paper file over the cap"
# 0: no cap
claim-batch config batch_max_claims 0
run claim-batch run
expect_eq "$(manifest_col kind "$T/out" | tr '\n' ' ')" "837P " "one file without a cap"
finish
