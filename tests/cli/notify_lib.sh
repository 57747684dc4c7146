# shellcheck shell=sh disable=SC2034
# Shared by the notify-queue tests; sourced after lib.sh.  nq_setup makes
# a profile "standard" with three levels and their texts; nq_rows N
# writes a statements header and N guarantors' rows (two accounts each).
nq_setup() {
	printf 'Dear {guarantor_name},\nYou owe {balance} on your statement of {statement_date}, due {due_date}.\n{patients}\nPay at {pay_link} or call {practice_phone}.\n' >"$T/l1.txt"
	printf 'FINAL NOTICE {guarantor_name}: {balance} past due.\n{patients}\n' >"$T/l3.txt"
	printf '{practice_name}: your balance is {balance}, due {due_date}. {pay_link}\n' >"$T/sms.txt"
	notify-queue profile add standard --send-at 09:00 2>/dev/null
	notify-queue level add standard 1 --after-days 0 \
		--subject 'Your statement from {practice_name}' \
		--email "$T/l1.txt" --sms "$T/sms.txt" 2>/dev/null
	notify-queue level add standard 2 --after-days 60 --channel email \
		--subject 'Reminder: {balance} due' --email "$T/l1.txt" 2>/dev/null
	notify-queue level add standard 3 --after-days 120 --channel email \
		--subject 'Final notice' --email "$T/l3.txt" 2>/dev/null
	notify-queue config notify.practice_name 'Riverside Clinic' 2>/dev/null
	notify-queue config notify.practice_phone '+13125550199' 2>/dev/null
	notify-queue config notify.pay_link 'https://pay.example.org/' 2>/dev/null
}

NQ_HEADER=statement_id,statement_date,guarantor_id,guarantor_name,email,mobile,channel,patient_id,patient_name,balance,oldest_service_date,profile

# nq_rows N [DATE]: guarantor Gi (i=1..N) with accounts Pi-1, Pi-2.
nq_rows() {
	echo "$NQ_HEADER"
	awk -v n="$1" -v d="${2:-2026-11-30}" 'BEGIN {
		for (i = 1; i <= n; i++) {
			printf "S%d,%s,G%d,Guarantor%d Name,g%d@example.org,+1312555%04d,email,P%d-1,Patient%dA,%d.%02d,2026-11-01,standard\n", i, d, i, i, i, i, i, i, i, i % 100
			printf "S%d,%s,G%d,Guarantor%d Name,g%d@example.org,+1312555%04d,email,P%d-2,Patient%dB,1.%02d,2026-11-10,standard\n", i, d, i, i, i, i, i, i, i % 100
		}
	}'
}

# ---- servers (after servers.sh) ----
#   start_smtp      tests/servers/smtp_server.py, STARTTLS on the tests'
#                   CA and AUTH with $NETRC's login: SMTP_PORT, SMTP_URL
#                   (smtp://127.0.0.1:PORT), SMTP_ROOT (mail/, .rcpt,
#                   .delay); start_smtp_bad: the same with BAD_CERT
#   start_sms       the same file's HTTPS SMS API: SMS_URL (.../Messages),
#                   SMS_ROOT (sms/, .status, .refuse)
#   nq_servers_config  points notify-queue at them
_nq_launch_smtp() {
	_srv_launch smtp "$SERVERS_PY" "$SRCDIR/tests/servers/smtp_server.py" \
		"$1" "$SMTP_ROOT" "$_nq_cert" "$_nq_key" "$SERVER_USER:$SERVER_PASS" \
		--ready "$SERVERS_DIR/smtp.ready"
}
start_smtp() {
	make_ca
	_srv_creds
	_nq_cert=${1:-$SERVER_CERT} _nq_key=${2:-$SERVER_KEY}
	SMTP_ROOT="$T/smtp"
	mkdir -p -m 700 "$SMTP_ROOT" "$SMTP_ROOT/mail"
	_srv_start smtp "the SMTP server" "$SERVERS_DIR/smtp.ready" _nq_launch_smtp
	SMTP_PORT=$_srv_port
	SMTP_URL="smtp://127.0.0.1:$SMTP_PORT"
}
smtp_up() {
	_nq_launch_smtp "$SMTP_PORT"
	_srv_wait smtp "$SERVERS_DIR/smtp.ready" ||
		_srv_die "smtp_up: the SMTP server did not come back" "$SERVERS_DIR/smtp.log"
}
_nq_launch_sms() {
	_srv_launch sms "$SERVERS_PY" "$SRCDIR/tests/servers/smtp_server.py" \
		--sms "$1" "$SMS_ROOT" "$SERVER_CERT" "$SERVER_KEY" \
		"$SERVER_USER:$SERVER_PASS" --ready "$SERVERS_DIR/sms.ready"
}
start_sms() {
	make_ca
	_srv_creds
	SMS_ROOT="$T/smsapi"
	mkdir -p -m 700 "$SMS_ROOT" "$SMS_ROOT/sms"
	_srv_start sms "the SMS server" "$SERVERS_DIR/sms.ready" _nq_launch_sms
	SMS_URL="https://127.0.0.1:$_srv_port/2010-04-01/Accounts/AC1/Messages"
}
nq_servers_config() {
	notify-queue config notify.smtp_url "$SMTP_URL" 2>/dev/null
	notify-queue config notify.from billing@riverside.example 2>/dev/null
	notify-queue config notify.ca "$CA_FILE" 2>/dev/null
	notify-queue config notify.netrc "$NETRC" 2>/dev/null
	if [ -n "${SMS_URL:-}" ]; then
		notify-queue config notify.sms_url "$SMS_URL" 2>/dev/null
		notify-queue config notify.sms_from +13125550000 2>/dev/null
	fi
}
# mails: how many messages the SMTP server kept
mails() { find "$SMTP_ROOT/mail" -name '*.eml' | wc -l | tr -d ' '; }

# nq_delivering: waits (10 s at most) until a send has begun delivering
# one notification, and (30 s at most) until the server's .delay holds
# it there
nq_delivering() {
	_nd_i=0
	while [ "$(sql "SELECT count(*) FROM notifications WHERE status='sending' AND delivering=1")" != 1 ] &&
		[ $_nd_i -lt 100 ]; do
		sleep 0.1
		_nd_i=$((_nd_i + 1))
	done
	# and, when the server is to hold it, until it does: a test that
	# takes .delay away before the message reaches DATA sends it at once
	_nd_i=0
	while [ -f "$SMTP_ROOT/.delay" ] && [ ! -f "$SMTP_ROOT/.delaying" ] &&
		[ $_nd_i -lt 300 ]; do
		sleep 0.1
		_nd_i=$((_nd_i + 1))
	done
}
# nq_send_killed: a send killed while it delivers its first message
nq_send_killed() {
	echo 10 >"$SMTP_ROOT/.delay"
	notify-queue send >/dev/null 2>&1 &
	_nk_pid=$!
	nq_delivering
	kill -9 $_nk_pid
	wait $_nk_pid 2>/dev/null || :
	rm "$SMTP_ROOT/.delay"
}
