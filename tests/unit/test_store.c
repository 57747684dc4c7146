#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "claimkit/store.h"
#include "t.h"

static char dir[64], db[128];

static int
one_int(const char *path, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *s;
	int v = -1;

	sqlite3_open(path, &h);
	if (sqlite3_prepare_v2(h, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(h);
	return v;
}

static int seen[256], nseen;

static int
col_cb(void *arg, int n, const char *const *names, const char *const *vals)
{
	(void)arg, (void)n, (void)names;
	if (vals == NULL)
		return 0;
	int c = ck_column_find(vals[0]);
	if (c >= 0)
		seen[c] = 1;
	nseen++;
	return 0;
}

int
main(void)
{
	struct ck_store *st;
	struct ck_err err;
	struct stat sb;
	char buf[256];

	snprintf(dir, sizeof(dir), "/tmp/ck-store-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(db, sizeof(db), "%s/a/b/claimkit.db", dir);

	/* new file and folders are private, whatever the umask */
	umask(022);
	CHECK(ck_store_open(&st, db, "test", 0, &err) == 0);
	CHECK(stat(db, &sb) == 0 && (sb.st_mode & 0777) == 0600);
	snprintf(buf, sizeof(buf), "%s/a/b", dir);
	CHECK(stat(buf, &sb) == 0 && (sb.st_mode & 0777) == 0700);
	CHECK(ck_store_schema_version(st) == CK_SCHEMA_VERSION);
	snprintf(buf, sizeof(buf), "%s-wal", db);
	CHECK(stat(buf, &sb) == 0 && (sb.st_mode & 0777) == 0600);

	/* every import column has a column in the schema */
	CHECK(ck_store_claim_columns(st, col_cb, NULL, &err) == 0);
	for (size_t i = 0; i < ck_ncolumns; i++) {
		if (!seen[i])
			fprintf(stderr, "no column for %s\n",
			    ck_columns[i].name);
		CHECK(seen[i]);
	}
	CHECK(ck_audit(st, "test", "subject", "b", "a", &err) == 0);
	ck_store_close(st);

	CHECK(one_int(db, "SELECT count(*) FROM pragma_journal_mode WHERE "
	    "journal_mode='wal'") == 1);
	CHECK(one_int(db, "SELECT count(*) FROM audit") == 1);
	CHECK(one_int(db, "SELECT count(*) FROM audit WHERE action='test' AND "
	    "before='b' AND after='a' AND program='test'") == 1);

	/* reopening a current database changes nothing */
	CHECK(ck_store_open(&st, db, "test", 0, &err) == 0);
	ck_store_close(st);
	CHECK(one_int(db, "PRAGMA user_version") == CK_SCHEMA_VERSION);

	/* a database from a newer claimkit is refused, untouched */
	{
		sqlite3 *h;
		sqlite3_open(db, &h);
		sqlite3_exec(h, "PRAGMA user_version=99", NULL, NULL, NULL);
		sqlite3_close(h);
	}
	CHECK(ck_store_open(&st, db, "test", 0, &err) == CK_FAIL);
	CHECK(strstr(err.msg, "newer than this claimkit") != NULL);
	CHECK(one_int(db, "PRAGMA user_version") == 99);

	/* an empty file (version 0) is migrated forward */
	snprintf(db, sizeof(db), "%s/empty.db", dir);
	fclose(fopen(db, "w"));
	CHECK(ck_store_open(&st, db, "test", 0, &err) == 0);
	ck_store_close(st);
	CHECK(one_int(db, "PRAGMA user_version") == CK_SCHEMA_VERSION);
	CHECK(one_int(db, "SELECT count(*) FROM sqlite_master WHERE "
	    "name='claims'") == 1);

	/* readers do not create a database */
	snprintf(buf, sizeof(buf), "%s/none.db", dir);
	CHECK(ck_store_open(&st, buf, "test", CK_OPEN_EXISTING, &err) ==
	    CK_FAIL);
	CHECK(strstr(err.msg, "no database at") != NULL);
	CHECK(access(buf, F_OK) != 0);
	CHECK(ck_store_open(&st, buf, "test", CK_OPEN_READONLY, &err) ==
	    CK_FAIL);
	CHECK(strstr(err.msg, "no database at") != NULL);
	CHECK(access(buf, F_OK) != 0);

	/* a new database is 0600 whatever the umask, with no warning */
	snprintf(buf, sizeof(buf), "%s/new/sub/n.db", dir);
	umask(022);
	CHECK(ck_store_open(&st, buf, "test", 0, &err) == 0);
	CHECK(ck_store_warning(st) == NULL);
	ck_store_close(st);
	CHECK(stat(buf, &sb) == 0 && (sb.st_mode & 0777) == 0600);
	snprintf(buf, sizeof(buf), "%s/new/sub", dir);
	CHECK(stat(buf, &sb) == 0 && (sb.st_mode & 0777) == 0700);

	/* a loose mode is the owner's choice: left as it is, and noted */
	chmod(db, 0660);
	CHECK(ck_store_open(&st, db, "test", CK_OPEN_READONLY, &err) == 0);
	CHECK(ck_store_warning(st) != NULL &&
	    strstr(ck_store_warning(st), "mode 0660") != NULL);
	ck_store_close(st);
	CHECK(stat(db, &sb) == 0 && (sb.st_mode & 0777) == 0660);
	chmod(db, 0644);
	CHECK(ck_store_open(&st, db, "test", 0, &err) == 0);
	CHECK(ck_store_warning(st) != NULL);
	ck_store_close(st);
	CHECK(stat(db, &sb) == 0 && (sb.st_mode & 0777) == 0644);
	chmod(db, 0600);

	/* a reader cannot write */
	CHECK(ck_store_open(&st, db, "test", CK_OPEN_READONLY, &err) == 0);
	CHECK(ck_audit(st, "x", "y", NULL, NULL, &err) != 0);
	ck_store_close(st);

	/* a reader of an older database brings it up to date first */
	snprintf(buf, sizeof(buf), "%s/old.db", dir);
	fclose(fopen(buf, "w"));
	CHECK(ck_store_open(&st, buf, "test", CK_OPEN_READONLY, &err) == 0);
	CHECK(ck_store_schema_version(st) == CK_SCHEMA_VERSION);
	ck_store_close(st);
	CHECK(one_int(buf, "SELECT count(*) FROM sqlite_master WHERE "
	    "name='claims'") == 1);

	/* what is not a regular file is refused and left alone */
	CHECK(stat("/dev/null", &sb) == 0);
	mode_t devmode = sb.st_mode;
	CHECK(ck_store_open(&st, "/dev/null", "test", 0, &err) == CK_FAIL);
	CHECK(strstr(err.msg, "not a regular file") != NULL);
	CHECK(stat("/dev/null", &sb) == 0 && sb.st_mode == devmode);
	CHECK(ck_store_open(&st, dir, "test", CK_OPEN_READONLY, &err) ==
	    CK_FAIL);
	CHECK(strstr(err.msg, "not a regular file") != NULL);

	/* the default path */
	CHECK(ck_store_default_path("x.db", buf, sizeof(buf)) == 0);
	CHECK_STR(buf, "x.db");
	setenv("CLAIMKIT_DB", "/e/env.db", 1);
	CHECK(ck_store_default_path(NULL, buf, sizeof(buf)) == 0);
	CHECK_STR(buf, "/e/env.db");
	unsetenv("CLAIMKIT_DB");
	setenv("XDG_DATA_HOME", "/xdg", 1);
	CHECK(ck_store_default_path(NULL, buf, sizeof(buf)) == 0);
	CHECK_STR(buf, "/xdg/claimkit/claimkit.db");
	unsetenv("XDG_DATA_HOME");
	setenv("HOME", "/h", 1);
	CHECK(ck_store_default_path(NULL, buf, sizeof(buf)) == 0);
	CHECK_STR(buf, "/h/.local/share/claimkit/claimkit.db");

	snprintf(buf, sizeof(buf), "rm -rf '%s'", dir);
	CHECK(system(buf) == 0);
	return t_done();
}
