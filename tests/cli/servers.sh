# shellcheck shell=sh disable=SC2034,SC2174
# (SC2034: the variables set here are for the test that sources this file;
# SC2174: every "mkdir -p -m" here makes folders inside $T, which exists.)
#
# Real servers for the command-line tests of claim-upload; sourced, not run,
# after lib.sh:
#
#	. "$SRCDIR/tests/cli/lib.sh"
#	. "$SRCDIR/tests/cli/servers.sh"
#	start_sftp; start_ftps; start_https
#
# Every server listens on 127.0.0.1 only, on a free port, keeps its files,
# keys and log under $T, and is stopped when the test exits (this file
# chains servers_stop into lib.sh's EXIT trap).  A function prints nothing
# when it works; when it cannot, it fails the test with a message and the
# tail of the server's log, and exits.  Every wait is bounded (SERVERS_WAIT
# seconds, 10 by default), and every server also ends by itself after
# SERVERS_LIFETIME seconds (1200 by default), whatever happens to the test.
# Debian packages: openssh-server, python3-pyftpdlib, python3-openssl,
# openssl, curl (and python3).
#
#   free_port [N]          N distinct free ports on 127.0.0.1, one a line
#   make_ca                CA_FILE, SERVER_CERT, SERVER_KEY: a throwaway CA
#                          and a certificate for 127.0.0.1 and localhost;
#                          BAD_CA_FILE, BAD_CERT, BAD_KEY: the same from
#                          another, untrusted CA (a certificate to refuse)
#   start_sftp             OpenSSH's sshd with internal-sftp, public-key
#                          login for this user:
#                          SFTP_PORT, SFTP_URL (sftp://127.0.0.1:PORT, no
#                          path: the server sees the real filesystem, so a
#                          file's URL is "$SFTP_URL$SFTP_ROOT/in/NAME"),
#                          SFTP_ROOT (in/ and out/), SFTP_USER (the user
#                          name to log in as: curl sends none by itself),
#                          SSH_KEY (ed25519 private key, no passphrase),
#                          SSH_PUBKEY, KNOWN_HOSTS (the server's key as
#                          "[127.0.0.1]:PORT ssh-ed25519 ..."),
#                          BAD_KNOWN_HOSTS (another key for the same host),
#                          SFTP_HOSTKEY_SHA256 (as curl's --hostpubsha256
#                          and CURLOPT_SSH_HOST_PUBLIC_KEY_SHA256 take it),
#                          SFTP_NETRC (0600): "machine 127.0.0.1 login
#                          USER", the user name for a client that takes it
#                          from a netrc
#   start_ftps             FTP with explicit TLS (AUTH TLS), TLS required
#                          for login and data, passive mode:
#                          FTPS_PORT, FTPS_URL (ftp://127.0.0.1:PORT/, paths
#                          relative to FTPS_ROOT: "${FTPS_URL}in/NAME"),
#                          FTPS_ROOT (in/ and out/), FTPS_USER, FTPS_PASS,
#                          FTPS_PASV_PORTS, and NETRC (0600) with
#                          "machine 127.0.0.1 login USER password PASS"
#   start_https [auth | USER:PASSWORD]
#                          tests/servers/https_server.py: POST /upload
#                          (multipart, field "file") into HTTPS_ROOT/in/,
#                          GET /out/ (names), GET and DELETE /out/NAME:
#                          HTTPS_PORT, HTTPS_URL (https://127.0.0.1:PORT),
#                          HTTPS_ROOT; with "auth", basic auth with the
#                          user and password of $NETRC (HTTPS_USER,
#                          HTTPS_PASS), so one netrc line serves FTPS and
#                          HTTPS alike
#   start_https_bad        the same server with BAD_CERT: HTTPS_BAD_PORT,
#                          HTTPS_BAD_URL, HTTPS_BAD_ROOT
#   https_force_status N   every HTTPS request is answered N (e.g. 503)
#                          until https_force_status 0
#   server_down NAME       stop sftp, ftps, https or https_bad (for "server
#                          down" tests: its port then refuses connections)
#   server_up NAME         start it again, same port, keys and files
#   server_pid NAME        the process id of a running server
#   stop_server NAME       stop one if it runs; servers_stop: stop them all
#
# netrc matches the host only, never the port or the protocol: every
# server here is 127.0.0.1, so one netrc file names one user.  FTPS and
# HTTPS share $NETRC; SFTP logs in as $SFTP_USER (a real account: this
# user) with the key, and takes its user name from $SFTP_NETRC, the URL
# (sftp://USER@127.0.0.1:PORT/...) or CURLOPT_USERNAME -- never from
# $NETRC, whose login is the FTPS user.
#
# What a libcurl client (curl 7.88, libssh2 1.10, OpenSSL 3) needs here:
#   SFTP   CURLOPT_USERNAME (or a netrc login), CURLOPT_SSH_AUTH_TYPES
#          CURLSSH_AUTH_PUBLICKEY, CURLOPT_SSH_PRIVATE_KEYFILE (ed25519 or
#          ECDSA; an RSA key fails: libssh2 1.10 signs with ssh-rsa/SHA-1,
#          which OpenSSH 8.8+ refuses; the public key file is optional),
#          CURLOPT_SSH_KNOWNHOSTS always (without it, or a SHA-256 pin, any
#          host key is accepted; a missing file or entry is refused, 60)
#   FTPS   ftp:// URL + CURLOPT_USE_SSL CURLUSESSL_ALL (ftps:// is implicit
#          TLS, which this server does not speak), CURLOPT_CAINFO,
#          CURLOPT_NETRC + CURLOPT_NETRC_FILE
#   HTTPS  CURLOPT_MIMEPOST (part "file", with a filename), CURLOPT_CAINFO,
#          netrc for basic auth; an HTTP error is no libcurl error: read
#          CURLINFO_RESPONSE_CODE (or CURLOPT_FAILONERROR)
#   a server taken down: CURLE_COULDNT_CONNECT (7)
#
# lib.sh's EXIT trap is replaced by one that runs servers_stop first; a test
# that sets its own EXIT trap must call servers_stop in it.

: "${T:?servers.sh: source tests/cli/lib.sh first}"
SERVERS_WAIT=${SERVERS_WAIT:-10}
SERVERS_LIFETIME=${SERVERS_LIFETIME:-1200}
# Debian's own Python: it has python3-pyftpdlib and python3-openssl, which a
# Python earlier on PATH (pyenv, a venv) may not.
SERVERS_PY=${SERVERS_PY:-/usr/bin/python3}
[ -x "$SERVERS_PY" ] || SERVERS_PY=python3
SERVERS_DIR="$T/servers"
mkdir -p -m 700 "$SERVERS_DIR"

servers_stop() {
	for _ss_f in "$SERVERS_DIR"/*.pid; do
		[ -f "$_ss_f" ] || continue
		_ss_n=${_ss_f##*/}
		stop_server "${_ss_n%.pid}" || :
	done
	return 0
}
trap 'servers_stop || :; rm -rf "$T"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# _srv_die MESSAGE [LOG]: fails the test and exits.
_srv_die() {
	fail "$1"
	if [ -n "${2:-}" ] && [ -s "$2" ]; then
		echo "  last lines of $2:" >&2
		tail -n 15 "$2" | sed 's/^/  | /' >&2
	fi
	exit 1
}

_srv_need() { # PROGRAM PACKAGE
	command -v "$1" >/dev/null 2>&1 ||
		_srv_die "$1 is not installed (Debian package $2; see scripts/setup-deps)"
}

free_port() {
	"$SERVERS_PY" -c '
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print("\n".join(str(s.getsockname()[1]) for s in socks))
' "${1:-1}" || _srv_die "free_port: found no free port on 127.0.0.1"
}

# _srv_alive PID: the process exists and is no zombie.
_srv_alive() {
	kill -0 "$1" 2>/dev/null || return 1
	[ -r "/proc/$1/stat" ] || return 0
	_sa_st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
	[ "$_sa_st" != Z ] && [ -n "$_sa_st" ]
}

# _srv_children PID: the ids of PID's child processes.
_srv_children() {
	cat /proc/[0-9]*/stat 2>/dev/null | awk -v parent="$1" '{
		pid = $1; sub(/.*\) /, ""); split($0, f, " ")
		if (f[2] == parent) print pid
	}'
}

# _srv_launch NAME CMD...: runs CMD in the background, bounded in time,
# output to $SERVERS_DIR/NAME.log, its id in $SERVERS_DIR/NAME.pid.
_srv_launch() {
	_sl_n=$1
	shift
	rm -f "$SERVERS_DIR/$_sl_n.ready"
	echo "--- $(date '+%H:%M:%S') start: $*" >>"$SERVERS_DIR/$_sl_n.log"
	timeout -k 3 "$SERVERS_LIFETIME" "$@" \
		>>"$SERVERS_DIR/$_sl_n.log" 2>&1 </dev/null &
	echo $! >"$SERVERS_DIR/$_sl_n.pid"
}

# _srv_wait NAME READYFILE: waits until READYFILE is written.  Returns 0
# when ready, 1 when the server died (it is then stopped and reaped), 2 on
# a time-out (the server is stopped).
_srv_wait() {
	_sw_pid=$(cat "$SERVERS_DIR/$1.pid")
	_sw_i=0
	while [ "$_sw_i" -lt $((SERVERS_WAIT * 10)) ]; do
		if [ -s "$2" ] && _srv_alive "$_sw_pid"; then
			return 0
		fi
		if ! _srv_alive "$_sw_pid"; then
			stop_server "$1"
			return 1
		fi
		sleep 0.1
		_sw_i=$((_sw_i + 1))
	done
	stop_server "$1"
	return 2
}

# _srv_start NAME WHAT READYFILE LAUNCHFN: LAUNCHFN PORT starts the server
# on PORT; tries up to 5 free ports, in case another test takes the port
# between free_port and the server's bind.  Sets _srv_port.
_srv_start() {
	_st_log="$SERVERS_DIR/$1.log"
	[ ! -f "$SERVERS_DIR/$1.pid" ] || _srv_die "start_$1: already started"
	_st_try=1
	while :; do
		_srv_port=$(free_port)
		"$4" "$_srv_port"
		_st_rc=0
		_srv_wait "$1" "$3" || _st_rc=$?
		[ "$_st_rc" -eq 0 ] && return 0
		[ "$_st_rc" -eq 2 ] &&
			_srv_die "start_$1: $2 did not listen on 127.0.0.1:$_srv_port within ${SERVERS_WAIT}s" "$_st_log"
		if [ "$_st_try" -ge 5 ] ||
			! tail -n 5 "$_st_log" | grep -qiE 'in use|cannot bind'; then
			_srv_die "start_$1: $2 exited at start" "$_st_log"
		fi
		_st_try=$((_st_try + 1))
	done
}

stop_server() {
	_ss_pidf="$SERVERS_DIR/$1.pid"
	[ -f "$_ss_pidf" ] || return 0
	_ss_pid=$(cat "$_ss_pidf")
	rm -f "$_ss_pidf" "$SERVERS_DIR/$1.ready"
	[ -n "$_ss_pid" ] || return 0
	# the server itself (the child of timeout) and its children: sshd's
	# connection processes leave its process group
	_ss_all=""
	for _ss_c in $(_srv_children "$_ss_pid"); do
		_ss_all="$_ss_all $_ss_c $(_srv_children "$_ss_c")"
	done
	# shellcheck disable=SC2086
	kill -TERM "$_ss_pid" $_ss_all 2>/dev/null || :
	_ss_i=0
	while _srv_alive "$_ss_pid" && [ "$_ss_i" -lt $((SERVERS_WAIT * 10)) ]; do
		sleep 0.1
		_ss_i=$((_ss_i + 1))
	done
	for _ss_c in $_ss_all; do
		_ss_i=0
		while _srv_alive "$_ss_c" && [ "$_ss_i" -lt 20 ]; do
			sleep 0.1
			_ss_i=$((_ss_i + 1))
		done
		! _srv_alive "$_ss_c" || kill -KILL "$_ss_c" 2>/dev/null || :
	done
	! _srv_alive "$_ss_pid" || kill -KILL "$_ss_pid" 2>/dev/null || :
	wait "$_ss_pid" 2>/dev/null || :
	return 0
}

server_pid() {
	[ -f "$SERVERS_DIR/$1.pid" ] || _srv_die "server_pid: $1 is not running"
	_sp_pid=$(cat "$SERVERS_DIR/$1.pid")
	# the server under timeout
	_sp_c=$(_srv_children "$_sp_pid" | head -n 1)
	echo "${_sp_c:-$_sp_pid}"
}

server_down() {
	case $1 in
	sftp | ftps | https | https_bad) ;;
	*) _srv_die "server_down: no server named '$1'" ;;
	esac
	[ -f "$SERVERS_DIR/$1.pid" ] || _srv_die "server_down: $1 is not running"
	stop_server "$1"
}

server_up() {
	case $1 in
	sftp) _su_port=$SFTP_PORT _su_ready="$T/ssh/sshd.pid" ;;
	ftps) _su_port=$FTPS_PORT _su_ready="$SERVERS_DIR/ftps.ready" ;;
	https) _su_port=$HTTPS_PORT _su_ready="$SERVERS_DIR/https.ready" ;;
	https_bad) _su_port=$HTTPS_BAD_PORT _su_ready="$SERVERS_DIR/https_bad.ready" ;;
	*) _srv_die "server_up: no server named '$1'" ;;
	esac
	[ ! -f "$SERVERS_DIR/$1.pid" ] || _srv_die "server_up: $1 is running"
	"_srv_launch_$1" "$_su_port"
	_su_rc=0
	_srv_wait "$1" "$_su_ready" || _su_rc=$?
	[ "$_su_rc" -eq 0 ] ||
		_srv_die "server_up: $1 did not come back on 127.0.0.1:$_su_port" "$SERVERS_DIR/$1.log"
}

# ---- certificates ----

# _srv_pki DIR LABEL: a CA and a server certificate for 127.0.0.1 and
# localhost, in DIR.
_srv_pki() {
	mkdir -p -m 700 "$1"
	_sk_log="$1/openssl.log"
	_sk_serial() { printf '0x%s' "$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"; }
	{
		openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
			-nodes -sha256 -days 3 -set_serial "$(_sk_serial)" \
			-subj "/O=claimkit tests/CN=$2 CA" \
			-addext "basicConstraints=critical,CA:TRUE" \
			-addext "keyUsage=critical,keyCertSign,cRLSign" \
			-keyout "$1/ca.key" -out "$1/ca.pem" &&
			openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
				-nodes -subj "/O=claimkit tests/CN=127.0.0.1" \
				-keyout "$1/server.key" -out "$1/server.csr" &&
			printf '%s\n' "basicConstraints=critical,CA:FALSE" \
				"keyUsage=critical,digitalSignature" \
				"extendedKeyUsage=serverAuth" \
				"subjectAltName=IP:127.0.0.1,DNS:localhost" \
				"subjectKeyIdentifier=hash" \
				"authorityKeyIdentifier=keyid" >"$1/ext.cnf" &&
			openssl x509 -req -in "$1/server.csr" -CA "$1/ca.pem" \
				-CAkey "$1/ca.key" -set_serial "$(_sk_serial)" -days 2 \
				-sha256 -extfile "$1/ext.cnf" -out "$1/server.pem"
	} >"$_sk_log" 2>&1 || _srv_die "make_ca: openssl failed" "$_sk_log"
	chmod 600 "$1/ca.key" "$1/server.key"
}

make_ca() {
	[ -n "${CA_FILE:-}" ] && [ -s "$CA_FILE" ] && return 0
	_srv_need openssl openssl
	_srv_pki "$T/pki/good" "claimkit test"
	_srv_pki "$T/pki/bad" "untrusted"
	CA_FILE="$T/pki/good/ca.pem"
	SERVER_CERT="$T/pki/good/server.pem"
	SERVER_KEY="$T/pki/good/server.key"
	BAD_CA_FILE="$T/pki/bad/ca.pem"
	BAD_CERT="$T/pki/bad/server.pem"
	BAD_KEY="$T/pki/bad/server.key"
}

# ---- SFTP: OpenSSH's sshd ----

_srv_launch_sftp() { # PORT
	_sl_cfg="$T/ssh/sshd_config"
	{
		echo "ListenAddress 127.0.0.1"
		echo "Port $1"
		echo "HostKey \"$T/ssh/host_ed25519\""
		echo "PidFile \"$T/ssh/sshd.pid\""
		echo "AuthorizedKeysFile \"$T/ssh/authorized_keys\""
		echo "StrictModes no"
		echo "UsePAM no"
		echo "PermitRootLogin prohibit-password"
		echo "PubkeyAuthentication yes"
		echo "PasswordAuthentication no"
		echo "KbdInteractiveAuthentication no"
		echo "AuthenticationMethods publickey"
		echo "AllowUsers $SFTP_USER"
		echo "UseDNS no"
		echo "PermitTTY no"
		echo "X11Forwarding no"
		echo "AllowTcpForwarding no"
		echo "AllowAgentForwarding no"
		echo "PrintMotd no"
		echo "MaxStartups 64:30:128"
		echo "Subsystem sftp internal-sftp"
		# OpenSSH 9.8 and later would shut out 127.0.0.1 after the failed
		# logins that tests make on purpose
		[ "$_srv_penalties" = no ] && echo "PerSourcePenalties no"
	} >"$_sl_cfg"
	rm -f "$T/ssh/sshd.pid"
	_srv_launch sftp /usr/sbin/sshd -D -e -f "$_sl_cfg"
}

start_sftp() {
	[ -x /usr/sbin/sshd ] ||
		_srv_die "start_sftp: /usr/sbin/sshd is missing (Debian package openssh-server; see scripts/setup-deps)"
	_srv_need ssh-keygen openssh-client
	SFTP_USER=$(id -un)
	mkdir -p -m 700 "$T/ssh"
	# sshd run as root needs its privilege separation folder
	if [ "$(id -u)" -eq 0 ] && [ ! -d /run/sshd ]; then
		mkdir -p -m 755 /run/sshd ||
			_srv_die "start_sftp: cannot create /run/sshd"
	fi
	_ss_log="$T/ssh/keygen.log"
	{
		ssh-keygen -q -t ed25519 -N '' -C claimkit-test-host \
			-f "$T/ssh/host_ed25519" &&
			ssh-keygen -q -t ed25519 -N '' -C claimkit-test-other-host \
				-f "$T/ssh/other_host_ed25519" &&
			ssh-keygen -q -t ed25519 -N '' -C claimkit-test-client \
				-f "$T/ssh/id_ed25519"
	} </dev/null >"$_ss_log" 2>&1 || _srv_die "start_sftp: ssh-keygen failed" "$_ss_log"
	cp "$T/ssh/id_ed25519.pub" "$T/ssh/authorized_keys"
	chmod 600 "$T/ssh/authorized_keys"
	SSH_KEY="$T/ssh/id_ed25519"
	SSH_PUBKEY="$T/ssh/id_ed25519.pub"
	SFTP_ROOT="$T/sftp"
	mkdir -p -m 700 "$SFTP_ROOT" "$SFTP_ROOT/in" "$SFTP_ROOT/out"
	# does this sshd know PerSourcePenalties (OpenSSH 9.8+)?
	_srv_penalties=yes
	/usr/sbin/sshd -t -f /dev/null -h "$T/ssh/host_ed25519" \
		-o "PerSourcePenalties no" >/dev/null 2>&1 && _srv_penalties=no
	_srv_start sftp "sshd" "$T/ssh/sshd.pid" _srv_launch_sftp
	SFTP_PORT=$_srv_port
	SFTP_URL="sftp://127.0.0.1:$SFTP_PORT"
	KNOWN_HOSTS="$T/ssh/known_hosts"
	BAD_KNOWN_HOSTS="$T/ssh/bad_known_hosts"
	echo "[127.0.0.1]:$SFTP_PORT $(cut -d' ' -f1-2 "$T/ssh/host_ed25519.pub")" \
		>"$KNOWN_HOSTS"
	echo "[127.0.0.1]:$SFTP_PORT $(cut -d' ' -f1-2 "$T/ssh/other_host_ed25519.pub")" \
		>"$BAD_KNOWN_HOSTS"
	SFTP_HOSTKEY_SHA256=$(ssh-keygen -l -E sha256 -f "$T/ssh/host_ed25519.pub" |
		cut -d' ' -f2 | sed 's/^SHA256://')
	SFTP_NETRC="$T/ssh/netrc"
	(umask 077 && echo "machine 127.0.0.1 login $SFTP_USER" >"$SFTP_NETRC")
	# one login, so that a server that will refuse every login says so now
	# (e.g. sshd without PAM refuses an account whose password is locked,
	# "!" in /etc/shadow, or when run as a user who cannot read it)
	if command -v curl >/dev/null 2>&1; then
		mkdir -p "$T/ssh/curl-home"
		CURL_HOME="$T/ssh/curl-home" curl -q -sS --connect-timeout 5 \
			--max-time 20 -u "$SFTP_USER:" --key "$SSH_KEY" \
			--hostpubsha256 "$SFTP_HOSTKEY_SHA256" -l -o /dev/null \
			"$SFTP_URL$SFTP_ROOT/" </dev/null >"$T/ssh/check.log" 2>&1 ||
			_srv_die "start_sftp: sshd is up but refuses a key login as '$SFTP_USER' ($(cat "$T/ssh/check.log"))" \
				"$SERVERS_DIR/sftp.log"
	fi
}

# ---- FTPS: pyftpdlib's TLS_FTPHandler ----

# the one user and password of the FTPS server, $NETRC, and HTTPS auth
_srv_creds() {
	[ -n "${SERVER_USER:-}" ] && return 0
	SERVER_USER=ckupload
	SERVER_PASS=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
	NETRC="$T/netrc"
	(umask 077 && echo "machine 127.0.0.1 login $SERVER_USER password $SERVER_PASS" >"$NETRC")
}

_srv_launch_ftps() { # PORT
	_srv_launch ftps "$SERVERS_PY" "$SRCDIR/tests/servers/ftps_server.py" \
		"$1" "$FTPS_ROOT" "$FTPS_USER" "$FTPS_PASS" \
		"$SERVER_CERT" "$SERVER_KEY" --pasv-ports "$FTPS_PASV_PORTS" \
		--ready "$SERVERS_DIR/ftps.ready"
}

start_ftps() {
	"$SERVERS_PY" -c 'import pyftpdlib, OpenSSL' 2>/dev/null ||
		_srv_die "start_ftps: $SERVERS_PY lacks pyftpdlib or OpenSSL (Debian packages python3-pyftpdlib python3-openssl; see scripts/setup-deps)"
	make_ca
	_srv_creds
	FTPS_USER=$SERVER_USER
	FTPS_PASS=$SERVER_PASS
	FTPS_ROOT="$T/ftp"
	mkdir -p -m 700 "$FTPS_ROOT" "$FTPS_ROOT/in" "$FTPS_ROOT/out"
	FTPS_PASV_PORTS=$(free_port 8 | paste -sd, -)
	_srv_start ftps "the FTPS server" "$SERVERS_DIR/ftps.ready" _srv_launch_ftps
	FTPS_PORT=$_srv_port
	FTPS_URL="ftp://127.0.0.1:$FTPS_PORT/"
}

# ---- HTTPS: tests/servers/https_server.py ----

_srv_launch_https() { # PORT
	# shellcheck disable=SC2086
	_srv_launch https "$SERVERS_PY" "$SRCDIR/tests/servers/https_server.py" \
		"$1" "$HTTPS_ROOT" "$SERVER_CERT" "$SERVER_KEY" $_srv_https_auth \
		--ready "$SERVERS_DIR/https.ready"
}

_srv_launch_https_bad() { # PORT
	_srv_launch https_bad "$SERVERS_PY" "$SRCDIR/tests/servers/https_server.py" \
		"$1" "$HTTPS_BAD_ROOT" "$BAD_CERT" "$BAD_KEY" \
		--ready "$SERVERS_DIR/https_bad.ready"
}

start_https() {
	make_ca
	_srv_https_auth=""
	case ${1:-} in
	"") ;;
	auth)
		_srv_creds
		HTTPS_USER=$SERVER_USER HTTPS_PASS=$SERVER_PASS
		_srv_https_auth="$HTTPS_USER:$HTTPS_PASS"
		;;
	*:*)
		HTTPS_USER=${1%%:*} HTTPS_PASS=${1#*:}
		_srv_https_auth=$1
		;;
	*) _srv_die "start_https: expected 'auth' or USER:PASSWORD, got '$1'" ;;
	esac
	HTTPS_ROOT="$T/https"
	mkdir -p -m 700 "$HTTPS_ROOT" "$HTTPS_ROOT/in" "$HTTPS_ROOT/out"
	_srv_start https "the HTTPS server" "$SERVERS_DIR/https.ready" _srv_launch_https
	HTTPS_PORT=$_srv_port
	HTTPS_URL="https://127.0.0.1:$HTTPS_PORT"
}

start_https_bad() {
	make_ca
	HTTPS_BAD_ROOT="$T/https_bad"
	mkdir -p -m 700 "$HTTPS_BAD_ROOT" "$HTTPS_BAD_ROOT/in" "$HTTPS_BAD_ROOT/out"
	_srv_start https_bad "the HTTPS server (untrusted certificate)" \
		"$SERVERS_DIR/https_bad.ready" _srv_launch_https_bad
	HTTPS_BAD_PORT=$_srv_port
	HTTPS_BAD_URL="https://127.0.0.1:$HTTPS_BAD_PORT"
}

https_force_status() {
	[ -n "${HTTPS_ROOT:-}" ] || _srv_die "https_force_status: start_https first"
	if [ "${1:-0}" = 0 ]; then
		rm -f "$HTTPS_ROOT/.status"
	else
		echo "$1" >"$HTTPS_ROOT/.status.tmp"
		mv -f "$HTTPS_ROOT/.status.tmp" "$HTTPS_ROOT/.status"
	fi
}
