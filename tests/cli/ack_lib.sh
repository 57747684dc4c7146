# Sourced by the acknowledgment tests after lib.sh and batch_lib.sh.

# sent_batch N: imports N generated claims, batches the electronic ones
# and sends them to a drop folder at $T/drop (answers go in drop/out);
# sets b (the batch), f (its file) and n (its claims).
sent_batch() {
	configure
	gen "$1" 17 >c.csv
	claim-batch import c.csv 2>/dev/null
	mkdir -p drop/in drop/out
	claim-upload endpoint add drop "file://$T/drop" --remote-in in \
		--remote-out out >/dev/null 2>&1
	claim-batch run --electronic-only >m.csv 2>/dev/null
	b=$(manifest_col batch_id m.csv)
	f=$(manifest_col file m.csv)
	claim-upload send "$b" >/dev/null 2>&1
	n=$(sql "SELECT count(*) FROM claims WHERE batch_id=$b")
}

# expect_row NAME TEXT WHAT: the fetch's row of the answer named NAME
# holds TEXT (in its applied column).
expect_row() {
	grep -F -- "/$1," "$T/out" | grep -qF -- "$2" ||
		fail "$3: the row of $1 lacks '$2'; got: $(head -c 600 "$T/out")"
}
