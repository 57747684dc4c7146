#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimkit/transport.h"
#include "notify-queue.h"

static const struct ck_cli_verb *const verbs[] = {
	&nq_verb_profile, &nq_verb_level, &nq_verb_load, &nq_verb_send,
	&nq_verb_list, &nq_verb_history, &nq_verb_errors, &nq_verb_retry,
	&nq_verb_cancel, &nq_verb_now, &nq_verb_optout, &nq_verb_config,
	&nq_verb_schedule, &nq_verb_due, &nq_verb_run, NULL,
};

int64_t
nq_id_arg(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 15 || strspn(s, "0123456789") != n)
		return -1;
	return strtoll(s, NULL, 10);
}

int
nq_table(int tsv, ck_cli_walk walk)
{
	struct ck_writer w = {stdout, tsv};
	struct ck_err err = {0};
	struct ck_store *st;
	int rc;

	if ((rc = ck_cli_store(&st, CK_OPEN_EXISTING)) != 0)
		return rc;
	if ((rc = walk(st, ck_cli_print_row, &w, &err)) && !ferror(stdout))
		ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

int
main(int argc, char **argv)
{
	struct ck_err err = {0};
	int rc;

	if (ck_transport_init(&err)) {
		fprintf(stderr, "notify-queue: %s\n", err.msg);
		return CK_FAIL;
	}
	rc = ck_cli_main("notify-queue", verbs, argc, argv);
	ck_transport_cleanup();
	return rc;
}
