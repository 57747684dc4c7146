#!/bin/sh
# img-batch: reference data, create's field rules, add (kind from
# content, pages, all or nothing, the content-addressed store), verify,
# link, sets --unlinked, close, audit.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/img_lib.sh"

img_files "$T/f"
S="$CLAIMKIT_DB.d/images"

# --- reference data and create ---
run img-batch create --type charge
expect_rc 1 "create before any database"
img-batch practice add RIV "Riverside Clinic" >/dev/null
img-batch facility add F1 "Main St" >/dev/null
img-batch plan add 60054 "Aetna PPO"
img-batch plan add 87726 "UHC Choice"
# plans from a CSV: all or nothing, the bad line named
printf 'payer_id,plan\n00431,Cigna OAP\n,Nameless\n' >"$T/plans.csv"
run img-batch plan add --file "$T/plans.csv"
expect_rc 65 "plans CSV with an empty payer"
expect_err "$T/plans.csv:3" "bad plan line named"
expect_eq "$(sql "SELECT count(*) FROM img_plans WHERE payer_id = '00431'")" 0 \
    "bad plans CSV loaded nothing"
printf 'payer_id,plan\n00431,Cigna OAP\n00431,Cigna HMO\n' >"$T/plans.csv"
run img-batch plan add --file "$T/plans.csv"
expect_rc 0 "plans CSV"
expect_eq "$(sql "SELECT group_concat(plan) FROM img_plans WHERE payer_id = '00431'")" \
    "Cigna HMO,Cigna OAP" "plans CSV loaded"
run img-batch create --type charge --facility F1 --dos 2025-01-02 \
    --received 2025-01-05 --description "clinic day"
expect_rc 0 "charge batch"
expect_out "1,charge,RIV,clinic day,0,0,0,open," "charge batch row, id first"
run img-batch create --type payment --payer 60054 --plan "Aetna PPO"
expect_rc 0 "payment batch"
expect_out "2,payment,RIV,,0,0,0,open," "payment batch row"
for bad in "--payer 60054" "--plan X --payer 60054"; do
	# shellcheck disable=SC2086
	run img-batch create --type charge $bad
	expect_rc 2 "charge batch with $bad"
	expect_err "is for payment batches, not charge batches" "$bad refused"
done
for bad in "--facility F1" "--dos 2025-01-02" "--received 2025-01-02"; do
	# shellcheck disable=SC2086
	run img-batch create --type payment $bad
	expect_rc 2 "payment batch with $bad"
	expect_err "${bad%% *} is for charge batches, not payment batches" \
	    "$bad refused"
done
# a charge batch with payment fields and the reverse, every combination
for bad in "--payer 60054 --facility F1" "--dos 2025-01-02 --plan X" \
    "--received 2025-01-02 --payer 60054 --plan X"; do
	for type in charge payment; do
		# shellcheck disable=SC2086
		run img-batch create --type $type $bad
		expect_rc 2 "$type batch with $bad"
		expect_err "batches, not $type batches" "$type with $bad refused"
	done
done
run img-batch create --type payment --payer 60054 --plan "UHC Choice"
expect_rc 65 "plan of another payer"
expect_err "plan 'UHC Choice' belongs to payer '87726', not to payer '60054'" \
    "plan of another payer named"
run img-batch create --type payment --payer 99999
expect_rc 65 "unknown payer"
expect_err "unknown payer '99999'" "unknown payer named"
run img-batch create --type payment --plan "Aetna PPO"
expect_rc 2 "plan without payer"
run img-batch create --type other
expect_rc 2 "unknown type"
run img-batch create --type charge --dos 2025-02-30
expect_rc 2 "bad date"
expect_eq "$(sql 'SELECT count(*) FROM img_batches')" 2 "refused creates made nothing"
img-batch practice add NOR "North" >/dev/null
run img-batch create --type charge
expect_rc 2 "two practices, none chosen"
expect_err "2 practices: give --practice CODE" "two practices named"

# --- add: kinds from content, pages ---
cp "$T/f/scan.tif" "$T/f/renamed.pdf"
run img-batch add 1 "$T/f/scan.tif" "$T/f/doc.pdf" "$T/f/pic.jpg" \
    "$T/f/pic.png" "$T/f/renamed.pdf"
expect_rc 0 "add every kind"
expect_eq "$(sql "SELECT group_concat(i.name || ':' || f.kind || ':' || f.pages, ' ')
    FROM img_images i JOIN img_files f USING (sha256) ORDER BY i.seq")" \
    "scan.tif:tiff:3 doc.pdf:pdf:4 pic.jpg:jpeg:1 pic.png:png:1 renamed.pdf:tiff:3" \
    "kinds and pages from content"
expect_eq "$(sql 'SELECT count(*) FROM img_files')" 4 "the same scan stored once"
expect_eq "$(find "$S" -type f | wc -l | tr -d ' ')" 4 "four files in the store"
sha=$(sha256sum "$T/f/doc.pdf" | cut -c1-64)
expect_eq "$(stat -c %a "$S/$(echo "$sha" | cut -c1-2)/$sha")" 600 "stored 0600"
expect_eq "$(stat -c %a "$S/$(echo "$sha" | cut -c1-2)")" 700 "folder 0700"
cmp -s "$T/f/doc.pdf" "$S/$(echo "$sha" | cut -c1-2)/$sha" ||
	fail "stored bytes differ"
run img-batch list
expect_out "1,charge,RIV,clinic day,1,5,12,open," "list counts sets, images, pages"

# the same image in a second set: stored once, in both sets
run img-batch add 1 --new-set "$T/f/doc.pdf"
expect_rc 0 "same image, new set"
expect_eq "$(sql "SELECT count(DISTINCT set_id) FROM img_images WHERE sha256 = '$sha'")" 2 \
    "in two sets"
expect_eq "$(find "$S" -type f | wc -l | tr -d ' ')" 4 "still four files"
run img-batch add 1 --set 2 "$T/f/pic.png"
expect_rc 0 "add to set 2"
expect_eq "$(sql 'SELECT group_concat(seq) FROM img_images WHERE set_id = 2')" "1,2" \
    "in order"

# bad files: refused, named, nothing of the call added
: >"$T/f/empty.pdf"
head -c 200 "$T/f/scan.tif" >"$T/f/trunc.tif"
head -c 300 "$T/f/doc.pdf" >"$T/f/trunc.pdf"
head -c 100 "$T/f/pic.jpg" >"$T/f/trunc.jpg"
head -c 40 "$T/f/pic.png" >"$T/f/trunc.png"
printf 'claim_id,amount\nC1,12.00\n' >"$T/f/notes.tif"
sed 's/xref/xrf/' "$T/f/doc.pdf" >"$T/f/corrupt.pdf"
before=$(sql 'SELECT count(*) FROM img_images')
for f in empty.pdf trunc.tif trunc.pdf trunc.jpg trunc.png notes.tif corrupt.pdf; do
	run img-batch add 1 --set 1 "$T/f/pic.png" "$T/f/$f"
	expect_rc 65 "bad file $f"
	expect_err "cannot add '$T/f/$f'" "bad file $f named"
done
expect_eq "$(sql 'SELECT count(*) FROM img_images')" "$before" "bad calls added nothing"
run img-batch add 1 --set 1 "$T/f/missing.png"
expect_rc 65 "missing file"
run img-batch add 1 --set 3 "$T/f/pic.png"
expect_rc 65 "set not in batch"
expect_err "set 3 is not in batch 1" "set not in batch named"
grep -q "WARNING" "$T/err" && fail "qpdf printed on its own"

# verify: unchanged, then a stored file changed
run img-batch verify
expect_rc 0 "verify ok"
expect_out "$sha,ok" "verify lists ok"
chmod 600 "$S/$(echo "$sha" | cut -c1-2)/$sha"
printf x >>"$S/$(echo "$sha" | cut -c1-2)/$sha"
run img-batch verify 1
expect_rc 65 "verify finds a changed file"
expect_out "$sha,changed" "changed image named"

# --- link, sets --unlinked, close ---
gen 3 7 >"$T/claims.csv"
claim-batch import "$T/claims.csv" >/dev/null 2>&1
claim=$(sql 'SELECT claim_id FROM claims ORDER BY id LIMIT 1')
run img-batch add 2 "$T/f/doc.pdf"
expect_rc 0 "add to payment batch"
run img-batch sets --unlinked
expect_rc 0 "unlinked sets"
expect_eq "$(tail -n +2 "$T/out" | cut -d, -f1 | tr '\n' ' ')" "1 2 3 " "three waiting"
run img-batch link 1 --payment 1234567
expect_rc 2 "payment link on a charge set"
expect_err "give --claim, not --payment" "wrong link kind named"
run img-batch link 3 --claim "$claim"
expect_rc 2 "claim link on a payment set"
run img-batch link 1 --claim NO-SUCH
expect_rc 65 "unknown claim"
run img-batch link 1 --claim "$claim" --line 99
expect_rc 65 "unknown line"
run img-batch link 1 --claim "$claim" --line 1
expect_rc 0 "link charge set"
run img-batch link 3 --payment EFT0000
expect_rc 0 "link payment set"
run img-batch link 3 --payment EFT0001
expect_rc 0 "link payment set again"
expect_eq "$(sql "SELECT before || ' > ' || after FROM audit WHERE action = 'img-link'
    ORDER BY id DESC LIMIT 1")" "payment EFT0000 > payment EFT0001" "relink audited before and after"
run img-batch sets --unlinked
expect_eq "$(tail -n +2 "$T/out" | cut -d, -f1 | tr '\n' ' ')" "2 " "one waiting"
expect_eq "$(sql "SELECT claim_id || ':' || line FROM img_sets WHERE id = 1")" "$claim:1" \
    "claim link stored"
run img-batch show 1
expect_out "1,1,$claim,1,,1," "show names the link"
run img-batch close 1
expect_rc 0 "close"
run img-batch add 1 --set 1 "$T/f/pic.png"
expect_rc 65 "add to a closed batch"
expect_err "batch 1 is closed" "closed named"
run img-batch link 2 --claim "$claim"
expect_rc 65 "link in a closed batch"
expect_eq "$(sql "SELECT status FROM img_batches WHERE id = 1")" closed "closed stored"
run img-batch audit
for a in img-practice-add img-facility-add img-plan-add img-create img-add \
    img-link img-close; do
	expect_out ",$a," "audit has $a"
done

exit $((failures > 0))
