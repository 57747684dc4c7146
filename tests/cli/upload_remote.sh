#!/bin/sh
# claim-upload against real servers, what needs a person: a host name
# that does not resolve (exit 1, not 75), endpoint test, a netrc file
# readable by others (refused at every use, the endpoint's own and
# ~/.netrc), SFTP names with quotes and backslashes, names with control
# characters.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
. "$SRCDIR/tests/cli/upload_lib.sh"
. "$SRCDIR/tests/cli/servers.sh"
cd "$T"
make_ca
start_sftp
start_https auth
configure
claim-batch config upload_retries 0

claim-upload endpoint add sftp "$SFTP_URL/" --remote-in "$SFTP_ROOT/in" \
	--remote-out "$SFTP_ROOT/out" --key "$SSH_KEY" \
	--known-hosts "$KNOWN_HOSTS" --netrc "$SFTP_NETRC"
claim-upload endpoint add nohost "sftp://no-such-host.invalid/" \
	--remote-in /in --key "$SSH_KEY" --known-hosts "$KNOWN_HOSTS" \
	--netrc "$SFTP_NETRC"
claim-upload endpoint add nofolder "$SFTP_URL/" --remote-in "$SFTP_ROOT/in" \
	--remote-out "$SFTP_ROOT/no-such-folder" --key "$SSH_KEY" \
	--known-hosts "$KNOWN_HOSTS" --netrc "$SFTP_NETRC"
cp "$NETRC" netrc.https
claim-upload endpoint add https "$HTTPS_URL/upload" --ca "$CA_FILE" \
	--remote-out "$HTTPS_URL/out/" --netrc "$T/netrc.https"
claim-upload endpoint add https-home "$HTTPS_URL/upload" --ca "$CA_FILE" \
	--remote-out "$HTTPS_URL/out/"

# --- a host that does not resolve is a configuration error (8.7) ----------
b=$(new_batch NOH 5)
run claim-upload send --endpoint nohost "$b"
expect_rc 1 "a host that does not resolve"
expect_err "check the host name" "a host that does not resolve: said"
expect_eq "$(sql "SELECT status FROM batches WHERE id=$b")" pending "still pending"

# --- endpoint test NAME ---------------------------------------------------
touch "$SFTP_ROOT/out/one.999"
run claim-upload endpoint test sftp
expect_rc 0 "endpoint test of a working endpoint"
expect_eq "$(cat "$T/out")" "folder,result,note
remote-in,ok,'$SFTP_ROOT/in': 0 files
remote-out,ok,'$SFTP_ROOT/out': 1 file" "endpoint test: both folders listed"
rm "$SFTP_ROOT/out/one.999"
run claim-upload endpoint test nohost
expect_rc 1 "endpoint test of an unresolvable host"
grep -q "^remote-in,failed,.*check the host name" "$T/out" || fail "endpoint test: the host named as wrong: $(cat "$T/out")"
expect_err "endpoint 'nohost' does not work" "endpoint test: said"
run claim-upload endpoint test nofolder
expect_rc 1 "endpoint test of a missing folder"
grep -q "^remote-in,ok," "$T/out" || fail "endpoint test: remote-in works: $(cat "$T/out")"
grep -q "^remote-out,failed,.*no-such-folder" "$T/out" || fail "endpoint test: the missing folder named: $(cat "$T/out")"
run claim-upload endpoint test none
expect_rc 1 "endpoint test of no endpoint"

# --- netrc readable by others: refused at every use (9.12) ----------------
b=$(new_batch NRC 5)
run claim-upload send --endpoint https "$b"
expect_rc 0 "https with basic auth from a 0600 netrc"
chmod 644 netrc.https
b=$(new_batch NRD 5)
before=$(ls "$HTTPS_ROOT/in" | wc -l)
run claim-upload send --endpoint https "$b"
expect_rc 1 "a netrc made 0644 since"
expect_err "readable by others" "a netrc made 0644: said"
expect_eq "$(ls "$HTTPS_ROOT/in" | wc -l)" "$before" "nothing sent with a 0644 netrc"
expect_eq "$(sql "SELECT status FROM batches WHERE id=$b")" pending "pending after the refusal"
run claim-upload fetch --endpoint https
expect_rc 1 "fetch with a 0644 netrc"
chmod 600 netrc.https
(umask 022 && cp "$NETRC" "$HOME/.netrc" && chmod 644 "$HOME/.netrc")
run claim-upload send --endpoint https-home "$b"
expect_rc 1 "a 0644 ~/.netrc"
expect_err "$HOME/.netrc' is readable by others" "a 0644 ~/.netrc: said"
expect_eq "$(ls "$HTTPS_ROOT/in" | wc -l)" "$before" "nothing sent with a 0644 ~/.netrc"
chmod 600 "$HOME/.netrc"
run claim-upload send --endpoint https-home "$b"
expect_rc 0 "a 0600 ~/.netrc"

# --- SFTP names with quotes and backslashes; names with control characters
# (9.13) --------------------------------------------------------------------
printf 'one\n' >"$SFTP_ROOT/out/a\"quoted\".835"
printf 'two\n' >"$SFTP_ROOT/out/back\\slash.835"
printf 'three\n' >"$SFTP_ROOT/out/plain.835"
run claim-upload fetch --endpoint sftp --delete-remote
expect_rc 0 "sftp names with \" and \\"
expect_eq "$(ls -A "$SFTP_ROOT/out" | wc -l | tr -d ' ')" 0 "sftp: every file removed"
expect_eq "$(sql "SELECT count(*) FROM fetched WHERE endpoint='sftp'")" 3 "sftp: every file stored"
run claim-upload fetch --endpoint sftp --delete-remote
expect_rc 0 "the fetch after"
printf 'tab\n' >"$SFTP_ROOT/out/tab$(printf '\t')name.835"
printf 'four\n' >"$SFTP_ROOT/out/four.835"
run claim-upload fetch --endpoint sftp --delete-remote
expect_rc 1 "a name with a control character"
expect_err "tab\\x09name.835': it holds a control character" "the name refused, shown escaped"
expect_eq "$(ls -A "$SFTP_ROOT/out")" "$(printf 'tab\tname.835')" "the refused name left, the other fetched"
finish
