#!/bin/sh
# notify-queue load stores guarantors new to it many at a time; what any
# of them meets (a cycle an earlier load queued, an account loaded
# before, the same account twice, a guarantor with many accounts, a
# guarantor met again later in the file) sends that batch the slow way.
# Whatever the path, every account names its own guarantor's
# notification, each due cycle has one, at the highest level of its
# accounts and with their balance, the ids in a row.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/notify_lib.sh"
cd "$T"
nq_setup
D=2026-11-30
nq_rows 100 "$D" >x.csv
run notify-queue load x.csv
expect_rc 0 "first load"
expect_err "queued 100 notification(s)" "one per guarantor"

# row G P BALANCE OLDEST
row() {
	echo "S$1,$D,G$1,Guarantor$1 Name,g$1@example.org,,email,$2,Patient $2,$3,$4,standard"
}
{
	echo "$NQ_HEADER"
	# G95..G100: queued by x.csv; one old account, one new
	for i in 95 96 97 98 99 100; do
		row "$i" "P$i-1" 1.00 2026-11-01
		row "$i" "P$i-3" 2.00 2026-11-20
	done
	# G101..G160: new, two accounts each
	i=101
	while [ $i -le 160 ]; do
		row "$i" "P$i-1" 10.00 2026-11-01
		row "$i" "P$i-2" 1.50 2026-11-10
		i=$((i + 1))
	done
	# G161: forty accounts, one 200 days past due (level 3)
	j=1
	while [ $j -le 40 ]; do
		if [ $j -eq 17 ]; then
			row 161 "P161-$j" 3.00 2026-05-14
		else
			row 161 "P161-$j" 1.00 2026-11-01
		fi
		j=$((j + 1))
	done
	# G162: the same account twice
	row 162 P162-1 4.00 2026-11-01
	row 162 P162-1 4.00 2026-11-01
	row 162 P162-2 5.00 2026-11-01
	# G163..G170, then G101 again
	i=163
	while [ $i -le 170 ]; do
		row "$i" "P$i-1" 7.00 2026-11-01
		i=$((i + 1))
	done
	row 101 P101-1 10.00 2026-11-01
	row 101 P101-9 6.00 2026-11-01
} >y.csv
run notify-queue load y.csv
expect_rc 0 "second load"
expect_err "loaded 177 statement row(s) (8 loaded before), queued 70 notification(s)" \
	"rows, skipped, queued"
expect_eq "$(sql "SELECT count(*) || ':' || max(id) FROM notifications")" \
	"170:170" "one notification per guarantor, ids in a row"
expect_eq "$(sql "SELECT sum(last - first + 1) FROM notify_queued")" 170 \
	"the loads' ranges hold them all"
expect_eq "$(sql "SELECT count(*) FROM notify_statements r JOIN notifications n ON n.id = r.notification WHERE n.guarantor_id <> r.guarantor_id OR n.cycle <> r.statement_date")" \
	0 "every account names its own guarantor's notification"
expect_eq "$(sql "SELECT count(*) FROM notifications n WHERE balance <> (SELECT sum(balance) FROM notify_statements WHERE notification = n.id) OR level <> (SELECT max(level) FROM notify_statements WHERE notification = n.id)")" \
	0 "each notification's balance and level are its accounts'"
expect_eq "$(sql "SELECT count(*) FROM notify_statements WHERE notification IS NULL")" \
	0 "every account linked"
expect_eq "$(sql "SELECT balance FROM notifications WHERE guarantor_id = 'G95'")" \
	"9990" "G95: a new account added to its waiting notification"
expect_eq "$(sql "SELECT level || ':' || statement_id || ':' || balance FROM notifications WHERE guarantor_id = 'G161'")" \
	"3:S161:4200" "G161: forty accounts at the highest level"
expect_eq "$(sql "SELECT balance FROM notifications WHERE guarantor_id = 'G162'")" \
	"900" "G162: the account twice counted once"
expect_eq "$(sql "SELECT balance FROM notifications WHERE guarantor_id = 'G101'")" \
	"1750" "G101: its account met again later in the file added"
expect_eq "$(sql "SELECT group_concat(id, ' ') FROM (SELECT id FROM notifications WHERE guarantor_id IN ('G101', 'G160', 'G161', 'G162', 'G163') ORDER BY id)")" \
	"101 160 161 162 163" "ids in the file's order"
finish
