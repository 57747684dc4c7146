#!/bin/sh
# tests/cli/servers.sh itself: starts the SFTP, FTPS and HTTPS servers that
# claim-upload's tests use, and proves each works with the curl tool (the
# same libcurl): uploads land byte for byte, out/ lists, downloads and
# deletes, a wrong SSH host key and an untrusted certificate are refused,
# a server taken down refuses connections and comes back on its port, and
# everything is stopped at the end.
# shellcheck source=tests/cli/lib.sh
. "$SRCDIR/tests/cli/lib.sh"
# shellcheck source=tests/cli/servers.sh
. "$SRCDIR/tests/cli/servers.sh"
cd "$T"

# every curl is bounded in time, reads no terminal and no ~/.curlrc
c() {
	curl -q -sS --connect-timeout 5 --max-time 30 "$@" </dev/null
}

make_ca
start_sftp
start_ftps
start_https auth
start_https_bad

ports="$SFTP_PORT $FTPS_PORT $HTTPS_PORT $HTTPS_BAD_PORT"
expect_eq "$(echo "$ports" | tr ' ' '\n' | sort -u | wc -l | tr -d ' ')" 4 "four distinct ports ($ports)"
expect_eq "$(stat -c %a "$NETRC")" 600 "netrc mode"
expect_eq "$(cat "$NETRC")" "machine 127.0.0.1 login $FTPS_USER password $FTPS_PASS" "netrc line"
grep -q "^\[127.0.0.1\]:$SFTP_PORT ssh-ed25519 " "$KNOWN_HOSTS" || fail "known_hosts: $(cat "$KNOWN_HOSTS")"
grep -q "^\[127.0.0.1\]:$SFTP_PORT ssh-ed25519 " "$BAD_KNOWN_HOSTS" || fail "bad known_hosts"
cmp -s "$KNOWN_HOSTS" "$BAD_KNOWN_HOSTS" && fail "bad known_hosts is the good one"
openssl verify -CAfile "$CA_FILE" "$SERVER_CERT" >/dev/null 2>&1 || fail "server cert not signed by CA_FILE"
openssl verify -CAfile "$CA_FILE" "$BAD_CERT" >/dev/null 2>&1 && fail "BAD_CERT verifies against CA_FILE"

# test files: binary, with CR, LF and NUL bytes, and an X12-like text
head -c 70000 /dev/urandom >bin.dat
printf 'ISA*00*          *00*~\r\nGS*HC~\nSE*2*0001~\0end\r\n' >text.x12
cat bin.dat text.x12 >big.dat
head -c 3000000 /dev/urandom >>big.dat

# ---------------------------------------------------------------- SFTP
# curl 7.88's tool has no option for the known_hosts file: it reads
# $CURL_HOME/.ssh/known_hosts (else $HOME/...), and checks no host key at
# all when that file is missing (libcurl: CURLOPT_SSH_KNOWNHOSTS).
mkdir -p kh-good/.ssh kh-bad/.ssh kh-empty/.ssh
cp "$KNOWN_HOSTS" kh-good/.ssh/known_hosts
cp "$BAD_KNOWN_HOSTS" kh-bad/.ssh/known_hosts
: >kh-empty/.ssh/known_hosts
sftp() { # CURL_HOME-DIR CURL-ARGS...
	_h=$1
	shift
	env CURL_HOME="$T/$_h" curl -q -sS --connect-timeout 5 --max-time 30 \
		-u "$SFTP_USER:" --key "$SSH_KEY" "$@" </dev/null
}
in_url="$SFTP_URL$SFTP_ROOT/in"
out_url="$SFTP_URL$SFTP_ROOT/out"

run sftp kh-good -T bin.dat "$in_url/bin.dat"
expect_rc 0 "sftp upload"
cmp -s bin.dat "$SFTP_ROOT/in/bin.dat" || fail "sftp upload: bytes differ"
run sftp kh-good -T big.dat "$in_url/big.dat"
expect_rc 0 "sftp upload of 3 MB"
cmp -s big.dat "$SFTP_ROOT/in/big.dat" || fail "sftp 3 MB upload: bytes differ"
run sftp kh-good --pubkey "$SSH_PUBKEY" -T text.x12 "sftp://$SFTP_USER@127.0.0.1:$SFTP_PORT$SFTP_ROOT/in/text.x12"
expect_rc 0 "sftp upload, user in URL, --pubkey"
cmp -s text.x12 "$SFTP_ROOT/in/text.x12" || fail "sftp upload (user in URL): bytes differ"

run env CURL_HOME="$T/kh-good" curl -q -sS --connect-timeout 5 --max-time 30 \
	--netrc-file "$SFTP_NETRC" --key "$SSH_KEY" -T text.x12 "$in_url/netrc.x12"
expect_rc 0 "sftp upload, user from SFTP_NETRC"
cmp -s text.x12 "$SFTP_ROOT/in/netrc.x12" || fail "sftp upload (netrc): bytes differ"
expect_eq "$(stat -c %a "$SFTP_NETRC")" 600 "sftp netrc mode"

cp text.x12 "$SFTP_ROOT/out/999-1.x12"
cp bin.dat "$SFTP_ROOT/out/835-2.dat"
run sftp kh-good -l "$out_url/"
expect_rc 0 "sftp list"
expect_eq "$(grep -v '^\.\.*$' "$T/out" | sort | tr '\n' ' ')" "835-2.dat 999-1.x12 " "sftp list of out/ (. and .. left out)"
run sftp kh-good -o got.dat "$out_url/835-2.dat"
expect_rc 0 "sftp download"
cmp -s bin.dat got.dat || fail "sftp download: bytes differ"
run sftp kh-good -Q "rm $SFTP_ROOT/out/835-2.dat" -l "$out_url/"
expect_rc 0 "sftp delete"
[ ! -e "$SFTP_ROOT/out/835-2.dat" ] || fail "sftp delete: file still there"
run sftp kh-good -o none.dat "$out_url/nosuch"
expect_rc 78 "sftp download of a missing file"

# the host key by its SHA-256 instead of known_hosts
run sftp kh-empty --hostpubsha256 "$SFTP_HOSTKEY_SHA256" -o got2.dat "$out_url/999-1.x12"
expect_rc 0 "sftp with --hostpubsha256"
# refused: another host key, an unknown host, a wrong fingerprint, a key
# the server does not know
run sftp kh-bad -T bin.dat "$in_url/refused-1"
expect_rc 60 "sftp with a wrong host key in known_hosts"
run sftp kh-empty -T bin.dat "$in_url/refused-2"
expect_rc 60 "sftp with the host missing from known_hosts"
run sftp kh-empty --hostpubsha256 "${SFTP_HOSTKEY_SHA256#?}A" -T bin.dat "$in_url/refused-3"
expect_rc 60 "sftp with a wrong --hostpubsha256"
ssh-keygen -q -t ed25519 -N '' -f "$T/stranger" </dev/null >/dev/null
run env CURL_HOME="$T/kh-good" curl -q -sS --connect-timeout 5 --max-time 30 \
	-u "$SFTP_USER:" --key "$T/stranger" -T bin.dat "$in_url/refused-4"
expect_rc 67 "sftp with a key not in authorized_keys"
no_files() { # WHAT GLOB...: fails when a glob names a file
	_what=$1
	shift
	for _f in "$@"; do
		[ ! -e "$_f" ] || fail "$_what: $_f"
	done
}
no_files "a refused sftp upload left a file" "$SFTP_ROOT"/in/refused*

# ---------------------------------------------------------------- FTPS
ftps() {
	c --ssl-reqd --cacert "$CA_FILE" --netrc-file "$NETRC" "$@"
}
run ftps -T bin.dat "${FTPS_URL}in/bin.dat"
expect_rc 0 "ftps upload"
cmp -s bin.dat "$FTPS_ROOT/in/bin.dat" || fail "ftps upload: bytes differ"
run ftps -T big.dat "${FTPS_URL}in/big.dat"
expect_rc 0 "ftps upload of 3 MB"
cmp -s big.dat "$FTPS_ROOT/in/big.dat" || fail "ftps 3 MB upload: bytes differ"
cp text.x12 "$FTPS_ROOT/out/277-1.x12"
cp big.dat "$FTPS_ROOT/out/835-2.dat"
run ftps -l "${FTPS_URL}out/"
expect_rc 0 "ftps list"
expect_eq "$(sort "$T/out" | tr '\n' ' ')" "277-1.x12 835-2.dat " "ftps list of out/"
run ftps -o got.dat "${FTPS_URL}out/835-2.dat"
expect_rc 0 "ftps download"
cmp -s big.dat got.dat || fail "ftps download: bytes differ"
run ftps -Q "DELE out/835-2.dat" -l "${FTPS_URL}out/"
expect_rc 0 "ftps delete"
[ ! -e "$FTPS_ROOT/out/835-2.dat" ] || fail "ftps delete: file still there"
expect_eq "$(cat "$T/out")" "277-1.x12" "ftps list after delete"
# refused: no TLS, active mode, the wrong CA, a wrong password
run c --netrc-file "$NETRC" -T bin.dat "${FTPS_URL}in/refused-1"
expect_rc 67 "ftp without TLS"
expect_err "Access denied: 550" "ftp without TLS: the server's answer"
run ftps -P 127.0.0.1 -T bin.dat "${FTPS_URL}in/refused-4"
expect_rc 30 "ftps in active mode"
run c --ssl-reqd --cacert "$BAD_CA_FILE" --netrc-file "$NETRC" -T bin.dat "${FTPS_URL}in/refused-2"
expect_rc 60 "ftps with an untrusted certificate"
echo "machine 127.0.0.1 login $FTPS_USER password wrong" >"$T/bad-netrc"
chmod 600 "$T/bad-netrc"
run c --ssl-reqd --cacert "$CA_FILE" --netrc-file "$T/bad-netrc" -T bin.dat "${FTPS_URL}in/refused-3"
expect_rc 67 "ftps with a wrong password"
no_files "a refused ftps upload left a file" "$FTPS_ROOT"/in/refused*

# ---------------------------------------------------------------- HTTPS
https() {
	c --cacert "$CA_FILE" --netrc-file "$NETRC" "$@"
}
run https -F "file=@bin.dat;filename=837P-0001.x12" "$HTTPS_URL/upload"
expect_rc 0 "https upload"
expect_eq "$(cat "$T/out")" '{"received": "837P-0001.x12", "bytes": 70000}' "https upload answer"
cmp -s bin.dat "$HTTPS_ROOT/in/837P-0001.x12" || fail "https upload: bytes differ"
run https -F "file=@big.dat" "$HTTPS_URL/upload"
expect_rc 0 "https upload of 3 MB"
cmp -s big.dat "$HTTPS_ROOT/in/big.dat" || fail "https 3 MB upload: bytes differ"
run https -H "Transfer-Encoding: chunked" -F "file=@text.x12" "$HTTPS_URL/upload"
expect_rc 0 "https chunked upload"
cmp -s text.x12 "$HTTPS_ROOT/in/text.x12" || fail "https chunked upload: bytes differ"
no_files "https upload left a temporary file" "$HTTPS_ROOT"/in/.[!.]*
expect_eq "$(stat -c %a "$HTTPS_ROOT/in/big.dat")" 600 "https upload file mode"
run https -f -F "other=@bin.dat" "$HTTPS_URL/upload"
expect_rc 22 "https upload without a 'file' field"
run https -f -F "file=@bin.dat;filename=../escape" "$HTTPS_URL/upload"
expect_rc 22 "https upload with a path as its name"

cp text.x12 "$HTTPS_ROOT/out/999-1.x12"
cp bin.dat "$HTTPS_ROOT/out/835-2.dat"
run https -f "$HTTPS_URL/out/"
expect_rc 0 "https list"
expect_eq "$(tr '\n' ' ' <"$T/out")" "835-2.dat 999-1.x12 " "https list of out/"
run https -f -o got.dat "$HTTPS_URL/out/835-2.dat"
expect_rc 0 "https download"
cmp -s bin.dat got.dat || fail "https download: bytes differ"
run https -f -X DELETE -w '%{http_code}' "$HTTPS_URL/out/835-2.dat"
expect_rc 0 "https delete"
expect_eq "$(cat "$T/out")" 204 "https delete status"
[ ! -e "$HTTPS_ROOT/out/835-2.dat" ] || fail "https delete: file still there"
run https -f "$HTTPS_URL/out/835-2.dat"
expect_rc 22 "https download of a deleted file"
# basic auth: without the netrc, 401
run c --cacert "$CA_FILE" -f -w '%{http_code}' "$HTTPS_URL/out/"
expect_rc 22 "https without credentials"
expect_eq "$(cat "$T/out")" 401 "https without credentials: status"
# failure injection
https_force_status 503
run https -f -w '%{http_code}' -F "file=@bin.dat;filename=forced" "$HTTPS_URL/upload"
expect_eq "$(cat "$T/out")" 503 "https forced status"
[ ! -e "$HTTPS_ROOT/in/forced" ] || fail "https stored an upload it answered 503"
https_force_status 0
run https -f "$HTTPS_URL/out/"
expect_rc 0 "https after the forced status is cleared"
# refused: an untrusted certificate, or the trusted one with the wrong CA
run c --cacert "$CA_FILE" -F "file=@bin.dat;filename=refused" "$HTTPS_BAD_URL/upload"
expect_rc 60 "https with an untrusted certificate"
[ ! -e "$HTTPS_BAD_ROOT/in/refused" ] || fail "a refused https upload was stored"
run https --cacert "$BAD_CA_FILE" "$HTTPS_URL/out/"
expect_rc 60 "https with the wrong CA file"
run c -k "$HTTPS_BAD_URL/out/"
expect_rc 0 "the untrusted server serves when not verified"

# ------------------------------------------- down and up on the same port
for s in sftp ftps https; do
	server_down "$s"
	case $s in
	sftp) run sftp kh-good -l "$out_url/" ;;
	ftps) run ftps -l "${FTPS_URL}out/" ;;
	https) run https -f "$HTTPS_URL/out/" ;;
	esac
	expect_rc 7 "$s down: connection refused"
	server_up "$s"
	case $s in
	sftp) run sftp kh-good -l "$out_url/" ;;
	ftps) run ftps -l "${FTPS_URL}out/" ;;
	https) run https -f "$HTTPS_URL/out/" ;;
	esac
	expect_rc 0 "$s up again on its port"
done
expect_out "999-1.x12" "https up again: its files"

# ------------------------------------------------------------------ stop
pids=""
for s in sftp ftps https https_bad; do
	pids="$pids $(server_pid "$s") $(cat "$SERVERS_DIR/$s.pid")"
done
servers_stop
for p in $pids; do
	! kill -0 "$p" 2>/dev/null || fail "process $p still runs after servers_stop"
done
for u in "$HTTPS_URL/out/" "$HTTPS_BAD_URL/out/"; do
	run c -k "$u"
	expect_rc 7 "after servers_stop: $u"
done
run sftp kh-good -l "$out_url/"
expect_rc 7 "after servers_stop: sftp"
run ftps -l "${FTPS_URL}out/"
expect_rc 7 "after servers_stop: ftps"
finish
