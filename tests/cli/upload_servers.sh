#!/bin/sh
# claim-upload against real servers on 127.0.0.1: OpenSSH's sshd (SFTP),
# an FTPS server (explicit TLS) and an HTTPS server with a test CA.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
. "$SRCDIR/tests/cli/upload_lib.sh"
. "$SRCDIR/tests/cli/servers.sh"
cd "$T"
make_ca
start_sftp
start_ftps
start_https
start_https_bad
configure
claim-batch config upload_retries 0


claim-upload endpoint add sftp "$SFTP_URL/" --remote-in "$SFTP_ROOT/in" \
	--remote-out "$SFTP_ROOT/out" --key "$SSH_KEY" \
	--known-hosts "$KNOWN_HOSTS" --netrc "$SFTP_NETRC"
claim-upload endpoint add sftp-wrong-key "$SFTP_URL/" --remote-in "$SFTP_ROOT/in" \
	--key "$SSH_KEY" --known-hosts "$BAD_KNOWN_HOSTS" --netrc "$SFTP_NETRC"
claim-upload endpoint add ftps "ftps://127.0.0.1:$FTPS_PORT/" --remote-in in \
	--remote-out out --netrc "$NETRC" --ca "$CA_FILE"
claim-upload endpoint add ftps-wrong-ca "ftps://127.0.0.1:$FTPS_PORT/" \
	--remote-in in --netrc "$NETRC" --ca "$BAD_CA_FILE"
claim-upload endpoint add https "$HTTPS_URL/upload" --ca "$CA_FILE" \
	--remote-out "$HTTPS_URL/out/"
claim-upload endpoint add https-bad-cert "$HTTPS_BAD_URL/upload" --ca "$CA_FILE"

# SFTP: a wrong host key is refused (exit 1, not 75), the batch waits
b=$(new_batch SFA 20)
run claim-upload send --endpoint sftp-wrong-key "$b"
expect_rc 1 "wrong host key"
expect_eq "$(sql "SELECT status FROM batches WHERE id=$b")" pending "pending after refusal"
expect_eq "$(ls "$SFTP_ROOT/in" | wc -l | tr -d ' ')" 0 "nothing sent to a wrong host key"
run claim-upload send --endpoint sftp "$b"
expect_rc 0 "sftp send"
cmp -s "$(file_of "$b")" "$SFTP_ROOT/in/$(remote_of "$b")" || fail "sftp file differs"
expect_eq "$(ls -A "$SFTP_ROOT/in" | wc -l | tr -d ' ')" 1 "sftp: no temporary left"
expect_eq "$(sql "SELECT status FROM batches WHERE id=$b")" sent "sftp sent"
run claim-upload send --endpoint sftp "$b"
expect_out ",skipped,sent before" "resend refused"

# server down: exit 75, batch pending with the error; sent on the next run
b=$(new_batch SFB 10)
server_down sftp
run claim-upload send --endpoint sftp "$b"
expect_rc 75 "server down"
expect_eq "$(sql "SELECT status FROM batches WHERE id=$b")" pending "pending while down"
claim-upload log | grep -q ",sftp,send,$b,.*,failed," || fail "failure not in the log"
server_up sftp
run claim-upload send --endpoint sftp --pending
expect_rc 0 "send after the server is back"
expect_eq "$(sql "SELECT status FROM batches WHERE id=$b")" sent "sent on the next run"

# cut off midway: no complete-looking remote file; the next send finishes
b=$(new_batch SFC 2500)
CLAIMKIT_MAX_SEND_SPEED=150000 claim-upload send --endpoint sftp "$b" >/dev/null 2>&1 &
p=$!
i=0
while [ "$i" -lt 100 ] && ! ls -A "$SFTP_ROOT/in" | grep -q '^\.tmp-'; do
	sleep 0.1; i=$((i + 1))
done
sleep 0.5
kill -9 "$p" 2>/dev/null || true
wait "$p" 2>/dev/null || true
name=$(remote_of "$b")
[ -e "$SFTP_ROOT/in/$name" ] && fail "a cut-off upload left a complete-looking file"
expect_eq "$(sql "SELECT status FROM batches WHERE id=$b")" sending "left sending"
run claim-upload send --endpoint sftp --pending
expect_rc 0 "send after the cut"
cmp -s "$(file_of "$b")" "$SFTP_ROOT/in/$name" || fail "resent file differs"

# fetch over SFTP, answers applied, remote removed
python3 "$SRCDIR/tests/cli/fake_acks.py" "$(file_of "$b")" "$SFTP_ROOT/out" \
	--reject-claim SFC0000002
mkdir "$SFTP_ROOT/out/archive"         # a folder in the answers: passed by
run claim-upload fetch --endpoint sftp --delete-remote
expect_rc 1 "sftp fetch past a folder"
rmdir "$SFTP_ROOT/out/archive"
expect_eq "$(tail -n +2 "$T/out" | cut -d, -f2 | sort | tr '\n' ' ')" "277CA 999 " "sftp fetched kinds"
expect_eq "$(ls "$SFTP_ROOT/out" | wc -l | tr -d ' ')" 0 "sftp remote removed"
expect_eq "$(sql "SELECT status FROM claims WHERE claim_id='SFC0000002'")" rejected "rejection applied"

# FTPS with explicit TLS; a certificate from another CA is refused
b=$(new_batch FTA 10)
run claim-upload send --endpoint ftps-wrong-ca "$b"
expect_rc 1 "ftps wrong CA"
run claim-upload send --endpoint ftps "$b"
expect_rc 0 "ftps send"
cmp -s "$(file_of "$b")" "$FTPS_ROOT/in/$(remote_of "$b")" || fail "ftps file differs"
expect_eq "$(ls -A "$FTPS_ROOT/in" | wc -l | tr -d ' ')" 1 "ftps: no temporary left"

# HTTPS: multipart POST; a bad certificate is refused; 503 is temporary
b=$(new_batch HTA 10)
run claim-upload send --endpoint https-bad-cert "$b"
expect_rc 1 "https bad certificate"
https_force_status 503
run claim-upload send --endpoint https "$b"
expect_rc 75 "https 503"
https_force_status 0
run claim-upload send --endpoint https "$b"
expect_rc 0 "https send"
cmp -s "$(file_of "$b")" "$HTTPS_ROOT/in/$(remote_of "$b")" || fail "https file differs"
python3 "$SRCDIR/tests/cli/fake_acks.py" "$(file_of "$b")" "$HTTPS_ROOT/out"
run claim-upload fetch --endpoint https
expect_rc 0 "https fetch"
[ "$(tail -n +2 "$T/out" | wc -l)" -ge 1 ] || fail "https fetched nothing"
finish
