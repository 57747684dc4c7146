#!/bin/sh
# claim-batch run, pending, printed, void, show, batches, and the 837P
# it writes checked against the implementation guide's rules.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
cd "$T"
gen 200 31 >c.csv
claim-batch import c.csv 2>/dev/null

# no settings: the run names what is missing and changes nothing
run claim-batch run
expect_rc 1 "run without settings"
expect_err "settings missing: submitter_name, submitter_id" "missing settings"
[ ! -s "$T/out" ] || fail "a failed run printed a manifest"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE status='ready'")" 200 "nothing batched"
configure
run claim-batch config usage X
expect_rc 2 "bad setting"
expect_err "usage: expected one of T|P, got 'X'" "bad setting"

ready=$(sql "SELECT count(*) FROM claims WHERE status='ready'")
run claim-batch run
expect_rc 0 run
cp "$T/out" m1.csv
expect_eq "$(head -1 m1.csv)" "batch_id,kind,claims,total_charge,file,sha256" "manifest header"
expect_eq "$(manifest_col kind m1.csv | tr '\n' ' ')" "837P CMS1500 " "one batch of each kind"
e_file=$(manifest_col file m1.csv | sed -n 1p)
p_file=$(manifest_col file m1.csv | sed -n 2p)
expect_eq "$(sha256sum "$e_file" | cut -d' ' -f1)" "$(manifest_col sha256 m1.csv | sed -n 1p)" "sha256 of the 837P"
expect_eq "$(sha256sum "$p_file" | cut -d' ' -f1)" "$(manifest_col sha256 m1.csv | sed -n 2p)" "sha256 of the print file"
expect_eq "$(stat -c %a "$e_file")" 600 "837P file mode"
expect_eq "$(stat -c %a "$(dirname "$e_file")")" 700 "batch folder mode"
batched=$(sql "SELECT count(*) FROM claims WHERE status='batched'")
failed=$(sql "SELECT count(DISTINCT claim) FROM scrub_results")
expect_eq "$((batched + failed))" "$ready" "every ready claim batched or held by the scrub"
expect_eq "$(manifest_col claims m1.csv | awk "{s += \$1} END {print s}")" "$batched" "manifest counts"
expect_eq "$(clm_ids "$e_file" | wc -l | tr -d ' ')" "$(sql "SELECT count(*) FROM claims WHERE status='batched' AND filing='electronic'")" "CLM count"
expect_eq "$(clm_ids "$e_file" | sort | tr '\n' ' ')" "$(sql "SELECT claim_id FROM claims WHERE status='batched' AND filing='electronic' ORDER BY claim_id" | tr '\n' ' ')" "the electronic claims"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE status='batched' AND filing='paper' AND batch_id <> (SELECT id FROM batches WHERE kind='CMS1500')")" 0 "paper claims in the paper batch"
x12check "$e_file" || fail "837P breaks the implementation guide's rules"
[ "$(clm_ids "$e_file" | sort | uniq -d)" = "" ] || fail "a claim twice in the file"
# secondary and patient-not-subscriber claims are in the file
tr '~' '\n' <"$e_file" | grep -q '^HL\*[0-9]*\*[0-9]*\*23\*0$' || fail "no 2000C loop"
tr '~' '\n' <"$e_file" | grep -q '^AMT\*D\*' || fail "no 2320 loop"
expect_eq "$(tr '~' '\n' <"$e_file" | grep -c '^CLM\*')" "$(manifest_col claims m1.csv | sed -n 1p)" "manifest claims = CLM"

# nothing left: just the header, exit 0
run claim-batch run
expect_rc 0 "second run"
expect_eq "$(cat "$T/out")" "batch_id,kind,claims,total_charge,file,sha256" "nothing to batch"

# pending: both wait (exit 3); printed takes the paper one off the list
run claim-batch pending
expect_rc 3 pending
expect_eq "$(tail -n +2 "$T/out" | wc -l | tr -d ' ')" 2 "two pending"
e_id=$(manifest_col batch_id m1.csv | sed -n 1p)
p_id=$(manifest_col batch_id m1.csv | sed -n 2p)
run claim-batch printed "$e_id"
expect_rc 65 "printed on an 837P batch"
run claim-batch printed "$p_id"
expect_rc 0 printed
expect_eq "$(sql "SELECT count(*) FROM claims WHERE batch_id=$p_id AND status<>'sent'")" 0 "printed claims are sent"
run claim-batch printed "$p_id"
expect_rc 65 "printed twice"
run claim-batch pending
expect_rc 3 "pending after printed"
expect_eq "$(tail -n +2 "$T/out" | cut -d, -f1)" "$e_id" "837P still pending"
run claim-batch void "$p_id"
expect_rc 65 "void a printed batch"

# show lists the batch's claims
run claim-batch show "$e_id"
expect_rc 0 show
expect_eq "$(tail -n +2 "$T/out" | wc -l | tr -d ' ')" "$(manifest_col claims m1.csv | sed -n 1p)" "show count"
run claim-batch show 999
expect_rc 65 "show a batch that is not there"

# void: claims ready again, file gone, batch listed as void
isa1=$(head -c 106 "$e_file" | cut -d'*' -f14)
run claim-batch void "$e_id"
expect_rc 0 void
[ -e "$e_file" ] && fail "void left the file"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE batch_id=$e_id")" 0 "void released claims"
run claim-batch pending
expect_rc 0 "nothing pending"
expect_eq "$(claim-batch batches | grep -c ',void,')" 1 "void listed"
run claim-batch run --paper-only
expect_eq "$(tail -n +2 "$T/out" | wc -l | tr -d ' ')" 0 "--paper-only finds no paper claims left"
run claim-batch run --electronic-only
expect_rc 0 "rerun after void"
cp "$T/out" m2.csv
e2=$(manifest_col file m2.csv)
isa2=$(head -c 106 "$e2" | cut -d'*' -f14)
[ "$isa1" != "$isa2" ] || fail "ISA13 reused: $isa1"
st1=$(sql "SELECT group_concat(st_control) FROM batch_sets")
expect_eq "$(sql "SELECT count(DISTINCT st_control) = count(*) FROM batch_sets")" 1 "ST02 unique across runs ($st1)"
x12check "$e2" || fail "second 837P"

# usage
run claim-batch run --paper-only --electronic-only
expect_rc 2 "exclusive options"
run claim-batch void abc
expect_rc 2 "bad batch number"
finish
