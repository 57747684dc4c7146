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
