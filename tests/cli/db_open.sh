#!/bin/sh
# Opening the database: only the verbs that set one up create it; the
# others say there is none.  An existing file's mode is never changed,
# what is not a regular file is refused untouched, and the verbs that
# only read work on a database they may not write.
. "$SRCDIR/tests/cli/lib.sh"
cd "$T"
gen 20 3 >c.csv
printf 'claim_id,batch_id\nCLM0000001,1\n' >ids.csv
mkdir drop

# A mistyped path: every verb but the setting-up ones refuses, exit 1,
# and no file appears.
typo="$T/typo.db"
for cmd in "claim-batch run" "claim-batch list" "claim-batch scrub" \
    "claim-batch pending" "claim-batch batches" "claim-batch show 1" \
    "claim-batch printed 1" "claim-batch void 1" "claim-batch audit" \
    "claim-batch config" "claim-batch config batch_dir" \
    "claim-batch ref open x" "claim-batch ref list" \
    "claim-batch rule add --payer X" "claim-batch rule list" \
    "claim-upload send" "claim-upload fetch" "claim-upload acks" \
    "claim-upload log" "claim-upload endpoint list" \
    "claim-upload endpoint rm x" "claim-settle runs" "claim-settle undo 1" \
    "claim-settle config" "claim-settle --yes --max 5" \
    "claim-remit post" "claim-remit post c.csv" "claim-remit post --held" \
    "claim-remit rule add --payer X" "claim-remit list" \
    "notify-queue profile rm x" "notify-queue optout add a@example.com" \
    "notify-queue level add standard 1 --after-days 0 --subject x" \
    "notify-queue send" "notify-queue load c.csv" "claim-batch invoice create"; do
	run env CLAIMKIT_DB="$typo" $cmd <ids.csv
	expect_rc 1 "$cmd on a missing database"
	expect_err "no database at '$typo'" "$cmd on a missing database"
	# what makes one: not only an import (a notify-queue user has none)
	expect_err "(claim-batch import, notify-queue profile add)" \
		"$cmd names the commands that make a database"
	[ ! -e "$typo" ] || fail "$cmd created $typo"
	rm -rf "$typo" "$typo".d "$typo"-*
done

# The verbs that set a database up create it, 0600.
for cmd in "claim-batch import c.csv" "claim-batch config batch_dir $T/b" \
    "claim-settle config writeoff both" \
    "claim-upload endpoint add ch file://$T/drop/" \
    "notify-queue profile add standard"; do
	rm -rf new.db new.db.d new.db-*
	run claim-batch --db new.db list
	run env CLAIMKIT_DB=new.db $cmd
	expect_rc 0 "$cmd on a new database"
	expect_eq "$(stat -c %a new.db 2>&1)" 600 "$cmd creates it 0600"
done

# A loose mode is the owner's to choose: left as it is, with a warning
# once; a private one gets none.
claim-batch import c.csv 2>/dev/null
for mode in 644 660; do
	chmod "$mode" "$CLAIMKIT_DB"
	run claim-batch list
	expect_rc 0 "list of a $mode database"
	expect_eq "$(stat -c %a "$CLAIMKIT_DB")" "$mode" "list left mode $mode"
	expect_err "claim-batch: warning: database '$CLAIMKIT_DB' is mode 0$mode, open to others" "mode $mode"
	expect_eq "$(grep -c warning "$T/err")" 1 "one warning"
	expect_eq "$(tail -n +2 "$T/out" | wc -l)" 20 "list of a $mode database"
	run claim-batch config batch_dir "$T/b"
	expect_eq "$(stat -c %a "$CLAIMKIT_DB")" "$mode" "config left mode $mode"
done
chmod 600 "$CLAIMKIT_DB"
run claim-batch list
[ ! -s "$T/err" ] || fail "a 0600 database warned: $(cat "$T/err")"

# A character device (or a folder) is not a database: refused, its mode
# left as it was.
if mknod "$T/dev" c 1 3 2>/dev/null; then
	chmod 666 "$T/dev"
	for cmd in "list" "import c.csv"; do
		run claim-batch --db "$T/dev" $cmd
		expect_rc 1 "$cmd on a device"
		expect_err "cannot open database '$T/dev': not a regular file" "$cmd on a device"
		expect_eq "$(stat -c %a "$T/dev")" 666 "$cmd left the device's mode"
	done
fi
mkdir "$T/dir.db"
run claim-batch --db "$T/dir.db" import c.csv
expect_rc 1 "import into a folder"
expect_err "not a regular file" "import into a folder"

# The readers open read-only: a 0444 database in a 0555 folder, owned by
# someone else, lists for a user who may not write either.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null &&
    setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
	chmod 711 "$T"          # nobody may pass through, not list it
	ro="$T/ro"
	mkdir -m 755 "$ro" "$ro/f"
	cp "$CLAIMKIT_DB" "$ro/f/ro.db"
	chmod 444 "$ro/f/ro.db"
	chmod 555 "$ro/f"
	chmod 755 "$ro"
	as_nobody() {
		run setpriv --reuid=nobody --regid=nogroup --clear-groups \
		    env HOME="$ro" CLAIMKIT_DB="$ro/f/ro.db" "$@"
	}
	before=$(md5sum <"$ro/f/ro.db")
	as_nobody claim-batch list
	expect_rc 0 "list of a read-only database"
	expect_eq "$(tail -n +2 "$T/out" | wc -l)" 20 "list of a read-only database"
	for cmd in "claim-batch batches" "claim-batch audit" \
	    "claim-batch config" "claim-upload log" "claim-settle runs"; do
		as_nobody $cmd
		expect_rc 0 "$cmd of a read-only database"
	done
	as_nobody claim-batch scrub
	expect_rc 1 "scrub of a read-only database"
	expect_err "readonly database" "scrub of a read-only database"
	expect_eq "$(md5sum <"$ro/f/ro.db")" "$before" "read-only database unchanged"
	expect_eq "$(stat -c %a "$ro/f/ro.db")" 444 "read-only database mode"
	expect_eq "$(ls "$ro/f")" ro.db "no file made beside it"
fi
finish
