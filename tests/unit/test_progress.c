/* The progress hook: called once every CK_PROGRESS_EVERY items, cleared
 * at the end, carried by a store, and absent unless a caller set one.
 * (An import reporting to it: tests/cli/progress.sh.) */
#include <stdlib.h>
#include <unistd.h>

#include "claimkit/progress.h"
#include "claimkit/store.h"
#include "t.h"

static long calls, ends, last_done, last_total;

static void
count(void *arg, const char *what, long done, long total)
{
	CHECK(arg == &calls);
	if (what == NULL) {
		ends++;
		return;
	}
	calls++;
	last_done = done;
	last_total = total;
}

int
main(void)
{
	struct ck_progress p = {count, &calls};
	struct ck_err err = {0};
	struct ck_store *st;
	char dir[] = "/tmp/ck-progress.XXXXXX", db[64], cmd[64];

	/* a tick per item calls fn once in CK_PROGRESS_EVERY, and at total */
	for (long i = 1; i <= 5 * CK_PROGRESS_EVERY + 7; i++)
		ck_progress_tick(&p, "items", i, 5 * CK_PROGRESS_EVERY + 7);
	CHECK(calls == 6);
	CHECK(last_done == 5 * CK_PROGRESS_EVERY + 7);
	CHECK(last_total == 5 * CK_PROGRESS_EVERY + 7);
	ck_progress_end(&p);
	CHECK(ends == 1);
	ck_progress_tick(NULL, "items", CK_PROGRESS_EVERY, -1);
	ck_progress_end(NULL);

	/* a store has none until set, and gives back a copy */
	CHECK(mkdtemp(dir) != NULL);
	snprintf(db, sizeof(db), "%s/p.db", dir);
	CHECK(ck_store_open(&st, db, "test", 0, &err) == 0);
	CHECK(ck_store_progress(st) == NULL);
	ck_store_set_progress(st, &p);
	p.arg = NULL;            /* a copy: the caller's struct may go */
	CHECK(ck_store_progress(st) != NULL &&
	    ck_store_progress(st)->arg == &calls);
	p.arg = &calls;
	ck_store_set_progress(st, NULL);
	CHECK(ck_store_progress(st) == NULL);
	ck_store_close(st);

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
	return t_done();
}
