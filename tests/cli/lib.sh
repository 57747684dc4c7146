# Shared by the command-line tests; sourced, not run.
# The environment (set by tests/CMakeLists.txt): SRCDIR (the source tree),
# BINDIR (where the programs are).  Each test gets a fresh private $T.
set -eu
: "${SRCDIR:?}" "${BINDIR:?}"
PATH="$BINDIR:$PATH"
T=$(mktemp -d "${TMPDIR:-/tmp}/ck-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
export CLAIMKIT_DB="$T/claimkit.db"
export HOME="$T/home" XDG_DATA_HOME=
mkdir -p "$HOME"
failures=0

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

# run CMD...: runs it, keeping stdout in $T/out, stderr in $T/err, the
# exit status in $rc.  Never stops the script.
run() {
	set +e
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	set -e
}

# expect_rc N WHAT: the last run exited N.
expect_rc() {
	[ "$rc" -eq "$1" ] || fail "$2: exit $rc, expected $1; stderr: $(head -c 600 "$T/err")"
}

# expect_err TEXT WHAT: stderr of the last run contains TEXT.
expect_err() {
	grep -qF -- "$1" "$T/err" || fail "$2: stderr lacks '$1'; got: $(head -c 600 "$T/err")"
}

# expect_out TEXT WHAT: stdout of the last run contains TEXT.
expect_out() {
	grep -qF -- "$1" "$T/out" || fail "$2: stdout lacks '$1'; got: $(head -c 600 "$T/out")"
}

# expect_eq GOT WANT WHAT
expect_eq() {
	[ "$1" = "$2" ] || fail "$3: got '$1', expected '$2'"
}

# sql QUERY: runs a read query on the test database.
sql() {
	sqlite3 -batch -noheader "$CLAIMKIT_DB" "$1"
}

# correct_claim IN OUT ID: the rows of claim ID from IN, with its group name
# changed, as a biller corrects a rejected claim (an unchanged claim
# imported again is left as it is).
correct_claim() {
	python3 - "$@" <<'PY'
import csv, sys
src, dst, cid = sys.argv[1:4]
rows = [r for r in csv.reader(open(src, newline=""))
        if r[0] in ("claim_id", cid)]
g = rows[0].index("group_name")
for r in rows[1:]:
    r[g] = "CORRECTED GROUP"
csv.writer(open(dst, "w", newline=""), lineterminator="\n").writerows(rows)
PY
}

gen() {
	python3 "$SRCDIR/scripts/gen-claims" "$@"
}

finish() {
	if [ "$failures" -ne 0 ]; then
		echo "$failures check(s) failed" >&2
		exit 1
	fi
	echo "ok"
}
