/*
 * libFuzzer target: importing claims into a database in a temporary
 * folder, through the public ck_import() as it stands.  The database is
 * made anew now and then, so that what earlier inputs imported does not
 * pile up.
 */
#include <stdio.h>
#include <stdlib.h>

#include "claimkit/import.h"
#include "claimkit/store.h"
#include "fuzz_common.h"

static char dir[64] = "/tmp/ck-fuzz-db-XXXXXX", db[128];
static struct ck_store *st;
static long imported;

static void
remove_db(void)
{
	static const char *const ext[] = {"", "-wal", "-shm", "-journal"};
	char p[160];

	if (st != NULL)
		ck_store_close(st);
	st = NULL;
	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", db, ext[i]);
		unlink(p);
	}
}

static void
cleanup(void)
{
	remove_db();
	rmdir(dir);
}

static void
open_db(void)
{
	struct ck_err err;

	if (db[0] == '\0') {
		if (mkdtemp(dir) == NULL)
			abort();
		snprintf(db, sizeof(db), "%s/fuzz.db", dir);
		atexit(cleanup);
	}
	if (ck_store_open(&st, db, "fuzz_import", 0, &err) != 0) {
		fprintf(stderr, "fuzz_import: %s\n", err.msg);
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size);
	struct ck_import_stats stats = {0};
	/* not strict: the refusals of changed claims are fuzzed too */
	struct ck_import_opts o = {.fmt = CK_FMT_AUTO};
	struct ck_err err;

	if (st == NULL)
		open_db();
	if (ck_import(st, path, &o, &stats, &err) == 0 &&
	    stats.claims > 0 && (imported += stats.claims) > 1000) {
		remove_db();
		imported = 0;
	}
	return 0;
}
