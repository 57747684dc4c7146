/*
 * A load on an SQLite that takes 999 parameters a statement (before
 * 3.32, the default): its statements of many rows stay under that, and
 * the load is the same.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "claimkit/notify.h"
#include "claimkit/store.h"
#include "../../lib/store_int.h"
#include "t.h"

static char dir[64], db[128], csv[128];

static long
one(const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *s;
	long v = -1;

	sqlite3_open(db, &h);
	if (sqlite3_prepare_v2(h, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(h);
	return v;
}

/* 31 guarantors of one account, then one of 32, then 31 of one again:
 * batches of 63 rows and of 32 notifications. */
static void
write_rows(void)
{
	FILE *f = fopen(csv, "w");

	fprintf(f, "statement_id,statement_date,guarantor_id,guarantor_name,"
	    "email,mobile,channel,patient_id,patient_name,balance,"
	    "oldest_service_date,profile\n");
	for (int g = 1; g <= 63; g++)
		for (int a = 1; a <= (g == 32 ? 32 : 1); a++)
			fprintf(f, "S%d,2026-11-30,G%d,Guar %d,g%d@example.org,,"
			    "email,P%d-%d,Pat %d,1.00,2026-11-01,standard\n", g,
			    g, g, g, g, a, g);
	fclose(f);
}

int
main(void)
{
	struct ck_notify_level lv = {.profile = "standard", .level = 1,
	    .channel = "email", .subject = "s", .email = "{balance}",
	    .sms = "{balance}"};
	struct ck_notify_load_stats out;
	struct ck_store *st;
	struct ck_err err;
	int ver;

	snprintf(dir, sizeof(dir), "/tmp/ck-limit.XXXXXX");
	CHECK(mkdtemp(dir) != NULL);
	snprintf(db, sizeof(db), "%s/db", dir);
	snprintf(csv, sizeof(csv), "%s/s.csv", dir);
	write_rows();
	CHECK(ck_store_open(&st, db, "test", 0, &err) == 0);
	CHECK(ck_notify_profile_add(st, "standard", "09:00", &err) == 0);
	CHECK(ck_notify_level_add(st, &lv, &ver, &err) == 0);
	sqlite3_limit(st->db, SQLITE_LIMIT_VARIABLE_NUMBER, 999);
	if (ck_notify_load(st, csv, &out, &err) != 0)
		fprintf(stderr, "load: %s\n", err.msg);
	CHECK(out.rows == 94 && out.queued == 63 && out.skipped == 0);
	ck_store_close(st);
	CHECK(one("SELECT count(*) FROM notify_statements") == 94);
	CHECK(one("SELECT count(*) || max(id) FROM notifications") == 6363);
	CHECK(one("SELECT balance FROM notifications WHERE guarantor_id ="
	    " 'G32'") == 3200);
	CHECK(one("SELECT count(*) FROM notify_statements r JOIN"
	    " notifications n ON n.id = r.notification WHERE"
	    " n.guarantor_id <> r.guarantor_id") == 0);
	unlink(csv);
	unlink(db);
	rmdir(dir);
	return t_done();
}
