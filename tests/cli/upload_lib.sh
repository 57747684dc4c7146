# Sourced by the claim-upload tests after lib.sh and batch_lib.sh.

# new_batch TAG N: imports N claims with ids TAGnnnnnnn and batches the
# electronic ones; prints the 837P batch id
new_batch() {
	gen "$2" 23 | sed "s/^CLM/$1/; 1s/^$1/CLM/" >"$1.csv"
	claim-batch import "$1.csv" 2>/dev/null
	claim-batch run --electronic-only 2>/dev/null >"$1.m"
	manifest_col batch_id "$1.m"
}
file_of() { sql "SELECT file FROM batches WHERE id=$1"; }
remote_of() { sql "SELECT remote_name FROM batches WHERE id=$1"; }
