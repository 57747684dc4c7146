# Sourced by the batch tests after lib.sh: settings a run needs.
configure() {
	claim-batch config submitter_name "RIVERSIDE BILLING SERVICE"
	claim-batch config submitter_id S1234567
	claim-batch config submitter_contact "JANE ROE"
	claim-batch config submitter_phone 3125550100
	claim-batch config receiver_name "CLEARINGHOUSE INC"
	claim-batch config receiver_id 133052274
	claim-batch config isa_sender_id S1234567
	claim-batch config isa_receiver_id 133052274
	claim-batch config gs_sender S1234567
	claim-batch config gs_receiver 133052274
	claim-batch config usage T
	# the tests send and post the night they import and fetch; the
	# default dwell of a night is batch_hold's, stages_week's and
	# remit_stage's to test
	claim-batch config dwell 0
	claim-batch automation dwell era 0
}

# manifest_col NAME FILE: one column of a manifest, without the header.
manifest_col() {
	python3 -c '
import csv, sys
for r in csv.DictReader(open(sys.argv[2])):
    print(r[sys.argv[1]])' "$1" "$2"
}

x12check() {
	python3 "$SRCDIR/tests/cli/x12check.py" "$@"
}

# clm_ids FILE...: the claim ids (CLM01) in 837P files, one a line.
clm_ids() {
	cat "$@" | tr '~' '\n' | sed -n 's/^\n*CLM\*\([^*]*\)\*.*/\1/p'
}
