/* ck_stage_excluded, the call claim-remit's ERA Processing makes: only
 * the era stage's rules hold a claim there, self-pay among them. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "claimkit/stages.h"
#include "t.h"

static void
exec(const char *db, const char *sql)
{
	sqlite3 *h;

	sqlite3_open(db, &h);
	CHECK(sqlite3_exec(h, sql, NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(h);
}

int
main(void)
{
	char dir[64] = "/tmp/ck-stages-XXXXXX", db[128], why[32], cmd[160];
	struct ck_store *st;
	struct ck_err err;
	int held = -1, on = -1;

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(db, sizeof(db), "%s/claimkit.db", dir);
	CHECK(ck_store_open(&st, db, "test", 0, &err) == 0);
	exec(db, "INSERT INTO imports(id, at, user, file) VALUES(1, 'x', 'u',"
	    " 'f');"
	    "INSERT INTO claims(claim_id, status, filing, total_charge,"
	    " line_count, first_date, last_date, import_id, source_line,"
	    " payer_id) VALUES('A', 'sent', 'electronic', 100, 1, '2026-01-01',"
	    " '2026-01-01', 1, 2, 'P1'), ('B', 'sent', 'electronic', 100, 1,"
	    " '2026-01-01', '2026-01-01', 1, 3, 'SELF');"
	    "INSERT INTO rules(id, payer_id, stage, created_at, user)"
	    " VALUES(1, 'P1', 'submission', 'x', 'u');"
	    "INSERT INTO rules(id, self_pay, stage, created_at, user)"
	    " VALUES(2, 1, 'era', 'x', 'u');");
	CHECK(ck_stage_excluded(st, CK_STAGE_ERA, "A", &held, why, sizeof(why),
	    &err) == 0 && held == 0);
	CHECK(ck_stage_excluded(st, CK_STAGE_ERA, "B", &held, why, sizeof(why),
	    &err) == 0 && held == 1 && strcmp(why, "rule 2") == 0);
	CHECK(ck_stage_excluded(st, CK_STAGE_SUBMIT, "A", &held, why,
	    sizeof(why), &err) == 0 && held == 1 && strcmp(why, "rule 1") == 0);
	CHECK(ck_stage_excluded(st, CK_STAGE_ERA, "C", &held, why, sizeof(why),
	    &err) == CK_DATA);
	CHECK(ck_stage_enabled(st, CK_STAGE_ERA, &on, &err) == 0 && on == 1);
	CHECK(ck_stage_switch(st, CK_STAGE_ERA, 0, &err) == 0);
	CHECK(ck_stage_enabled(st, CK_STAGE_ERA, &on, &err) == 0 && on == 0);
	ck_store_close(st);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	CHECK(system(cmd) == 0);
	return t_done();
}
