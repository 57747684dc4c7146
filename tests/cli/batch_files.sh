#!/bin/sh
# Batch files on disk: each database's files are its own, a batch file is
# never replaced, a run removes only the temporary names it recorded, and
# the batch folder is known by its identity, not its spelling.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
cd "$T"
gen 40 41 >c.csv
sha() { sha256sum "$1" | cut -d' ' -f1; }
# check_manifest FILE WHAT: every file of the manifest is there, intact
check_manifest() {
	python3 -c '
import csv, hashlib, sys
bad = 0
for r in csv.DictReader(open(sys.argv[1])):
    try:
        h = hashlib.sha256(open(r["file"], "rb").read()).hexdigest()
    except OSError as e:
        print(e); bad = 1; continue
    if h != r["sha256"]:
        print("%s changed" % r["file"]); bad = 1
sys.exit(bad)' "$1" || fail "$2: a batch file is missing or changed"
}

# two practices in one folder: both run, both sets of files intact
for db in riverside north; do
	CLAIMKIT_DB="$T/$db.db"
	configure
	claim-batch import c.csv 2>/dev/null
	claim-batch run >"$db.csv" 2>/dev/null || fail "$db run"
done
CLAIMKIT_DB="$T/riverside.db"
check_manifest riverside.csv "riverside after north's run"
check_manifest north.csv "north"
expect_eq "$(manifest_col file riverside.csv | xargs -n1 dirname | sort -u)" "$T/riverside.db.d/batches" "riverside's folder"
expect_eq "$(manifest_col file north.csv | xargs -n1 dirname | sort -u)" "$T/north.db.d/batches" "north's folder"
# a run that batches nothing leaves the other's files alone
CLAIMKIT_DB="$T/north.db" claim-batch run >/dev/null 2>&1 || fail "empty run"
check_manifest riverside.csv "riverside after an empty run of north"
run claim-batch printed "$(manifest_col batch_id riverside.csv | sed -n 2p)"
expect_rc 0 "riverside prints its paper batch"

# one batch folder named for both: the second run refuses, replaces nothing
mkdir shared
for db in riverside north; do
	CLAIMKIT_DB="$T/$db.db" claim-batch config batch_dir "$T/shared"
done
gen 10 42 | sed 's/^CLM/NEW/; 1s/^NEW/CLM/' >n.csv
CLAIMKIT_DB="$T/riverside.db" claim-batch import n.csv 2>/dev/null
CLAIMKIT_DB="$T/north.db" claim-batch import n.csv 2>/dev/null
CLAIMKIT_DB="$T/riverside.db" claim-batch run >shared1.csv 2>/dev/null || fail "riverside run into shared"
CLAIMKIT_DB="$T/north.db"
# north's next batch number is riverside's: the name exists
expect_eq "$(sql "SELECT max(id) FROM batches")" "$(sqlite3 "$T/riverside.db" "SELECT max(id) - 2 FROM batches")" "same numbering in both"
run claim-batch run
expect_rc 1 "north refuses to replace riverside's file"
expect_err "exists already, and a batch file is never replaced" "why north refused"
check_manifest shared1.csv "riverside's file after north's refused run"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE claim_id LIKE 'NEW%' AND status<>'ready'")" 0 "north's run changed nothing"
expect_eq "$(ls -A shared | grep -c '^\.tmp-' || true)" 0 "north's refused run left no temporary file"
CLAIMKIT_DB="$T/riverside.db"

# a person's files in the batch folder survive runs, killed runs' names go
claim-batch config batch_dir "$T/bdir/"
mkdir -p bdir
echo report >bdir/202501-report.pdf
echo keep >bdir/.tmp-notes
echo keep >bdir/000123-837P.x12
# a killed run's leftovers, recorded: its temporary name and the batch
# file linked to it that no batch row took
sqlite3 "$CLAIMKIT_DB" "INSERT INTO batch_temps(dir, dev, ino, prefix, started_at) VALUES('$T/bdir', $(stat -c '%d, %i' bdir), '.tmp-dead-', 'x')"
echo partial >bdir/.tmp-dead-000777-837P.x12
ln bdir/.tmp-dead-000777-837P.x12 bdir/000777-837P.x12
echo other >bdir/.tmp-dead-000778-837P.x12
echo mine >bdir/000778-837P.x12
gen 10 43 | sed 's/^CLM/OUT/; 1s/^OUT/CLM/' >o.csv
claim-batch import o.csv 2>/dev/null
run claim-batch run
expect_rc 0 "run into bdir/"
cp "$T/out" out1.csv
expect_eq "$(cat bdir/202501-report.pdf bdir/.tmp-notes bdir/000123-837P.x12 bdir/000778-837P.x12 | tr '\n' ' ')" "report keep keep mine " "other files kept"
[ -e bdir/000777-837P.x12 ] && fail "a killed run's batch file stayed"
[ -e bdir/.tmp-dead-000777-837P.x12 ] && fail "a killed run's temporary name stayed"
expect_eq "$(sql "SELECT count(*) FROM batch_temps")" 0 "temporary names forgotten"
# the folder spelled another way, then through a symlink: pending batches stay
claim-batch config batch_dir "$T/bdir"
run claim-batch run
expect_rc 0 "run with bdir"
check_manifest out1.csv "after bdir/ became bdir"
ln -s bdir link
claim-batch config batch_dir "$T/link"
run claim-batch run
expect_rc 0 "run through a symlink"
check_manifest out1.csv "after bdir became a symlink"
expect_eq "$(cat bdir/202501-report.pdf)" report "report kept"
# a recorded folder replaced by another of the same name: nothing removed
sqlite3 "$CLAIMKIT_DB" "INSERT INTO batch_temps(dir, dev, ino, prefix, started_at) VALUES('$T/swap', $(mkdir swap && stat -c '%d, %i' swap), '.tmp-gone-', 'x')"
mv swap swap.old && mkdir swap
echo keep >swap/.tmp-gone-000900-837P.x12
run claim-batch run
expect_rc 0 "run after the swap"
[ -e swap/.tmp-gone-000900-837P.x12 ] || fail "a file in another folder of the recorded name was removed"

# every reader of a batch file checks its sha256 first
CLAIMKIT_DB="$T/check.db"
configure
claim-batch import c.csv 2>/dev/null
claim-batch run >check.csv 2>/dev/null
e_id=$(manifest_col batch_id check.csv | sed -n 1p)
p_id=$(manifest_col batch_id check.csv | sed -n 2p)
e_file=$(manifest_col file check.csv | sed -n 1p)
p_file=$(manifest_col file check.csv | sed -n 2p)
echo tampered >>"$p_file"
run claim-batch printed "$p_id"
expect_rc 65 "printed a changed file"
expect_err "batch $p_id: its file '$p_file' has changed since the run wrote it" "printed names the change"
expect_eq "$(sql "SELECT status FROM batches WHERE id=$p_id")" pending "a changed paper batch stays pending"
run claim-batch show "$p_id"
expect_rc 65 "show of a changed file"
[ ! -s "$T/out" ] || fail "show printed claims of a changed file"
cp "$e_file" e.keep
printf 'X' | dd of="$e_file" bs=1 seek=3 conv=notrunc 2>/dev/null
run claim-batch void "$e_id"
expect_rc 65 "void of a changed file"
expect_err "has changed since the run wrote it" "void names the change"
[ -e "$e_file" ] || fail "void removed a file that is not the batch's"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE batch_id=$e_id AND status='batched'")" "$(manifest_col claims check.csv | sed -n 1p)" "a refused void changed nothing"
cp e.keep "$e_file"
run claim-batch show "$e_id"
expect_rc 0 "show of an intact file"
rm "$e_file"
run claim-batch show "$e_id"
expect_rc 1 "show of a missing file"
expect_err "batch $e_id: cannot open '$e_file'" "show names the missing file"
run claim-batch void "$e_id"
expect_rc 0 "void of a batch whose file is gone"

# batch numbers out of range are refused, not taken as another number
for v in 99999999999999999999 9223372036854775808 +1 0; do
	for verb in printed show void; do
		run claim-batch $verb "$v"
		expect_rc 2 "$verb $v"
		expect_err "expected a batch number, got '$v'" "$verb $v named"
	done
done

# batch_dir: not the root, no control characters
for bad in / // /. "$(printf '/tmp/a\tb')" "$(printf '/tmp/a\033b')"; do
	run claim-batch config batch_dir "$bad"
	expect_rc 2 "batch_dir '$bad'"
done
expect_err "batch_dir: expected a path without control characters" "control characters named"
run claim-batch config batch_dir /
expect_err "batch_dir: expected a folder of its own, not the root" "root named"
finish
