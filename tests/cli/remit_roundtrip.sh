#!/bin/sh
# The whole round trip through a real SFTP server: import, run, send; the
# payer (tests/cli/fake_835.py, reading what the server received) answers
# an 835 that pays, adjusts and denies; fetch; post.  Every claim ends as
# the payer said, to the cent, and balances.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
. "$SRCDIR/tests/cli/servers.sh"
. "$SRCDIR/tests/cli/remit_lib.sh"
cd "$T"
start_sftp
configure
gen 60 11 >c.csv
claim-batch import c.csv 2>/dev/null
claim-batch run --electronic-only 2>/dev/null >m.csv
claim-upload endpoint add sftp "$SFTP_URL/" --remote-in "$SFTP_ROOT/in" \
	--remote-out "$SFTP_ROOT/out" --key "$SSH_KEY" \
	--known-hosts "$KNOWN_HOSTS" --netrc "$SFTP_NETRC" 2>/dev/null
run sh -c 'claim-upload send --endpoint sftp <m.csv'
expect_rc 0 "send over SFTP"
sent=$(sql "SELECT count(*) FROM claims WHERE status='sent'")
[ "$sent" -gt 20 ] || fail "too few claims sent: $sent"

# the payer answers what it received, in sets of 7 claims, with interest
python3 "$SRCDIR/tests/cli/fake_835.py" --plb --per-set 7 "$SFTP_ROOT/out/era.835" \
	"$SFTP_ROOT"/in/* >want.csv || fail "fake_835.py"
run claim-upload fetch --endpoint sftp
expect_rc 0 "fetch over SFTP"
expect_eq "$(sql "SELECT group_concat(kind) FROM fetched")" 835 "fetched the 835"
run claim-remit post
expect_rc 0 "post"
cp "$T/out" posted.csv
expect_eq "$(($(wc -l <posted.csv) - 1))" "$sent" "a row per claim"
sets=$(( (sent + 6) / 7 ))
expect_eq "$(sql "SELECT count(*) FROM remits WHERE status='posted' AND unmatched=0")" "$sets" "every remittance posted whole"

# every claim as the payer said
sqlite3 -batch -csv -noheader "$CLAIMKIT_DB" "SELECT claim_id, status,
    insurance_paid, patient_resp, adjusted, insurance_balance FROM claims
    WHERE status<>'ready' ORDER BY claim_id" >got.csv
tail -n +2 want.csv | sort >want.sorted
cmp -s want.sorted got.csv || fail "claims differ from the payer's: $(diff want.sorted got.csv | head -5)"
for s in paid partial denied; do
	grep -q ",$s," got.csv || fail "no $s claim in the round trip"
done
expect_balanced "round trip"
expect_eq "$(sql "SELECT count(*) FROM remit_plb")" "$sets" "PLB of each remittance"

# fetched and posted: the next night posts nothing again
run claim-remit post
expect_rc 0 "post again"
expect_eq "$(wc -l <"$T/out" | tr -d ' ')" 1 "nothing posted twice"
echo "round trip: $sent claims in $sets remittances" >&2
finish
