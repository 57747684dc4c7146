#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "claimkit/money.h"
#include "claimkit/settings.h"
#include "claimkit/settle.h"
#include "claim-settle.h"
#include "prompt.h"

#define SHOWN 20        /* claims listed before "... and N more" */

struct opts {
	int yes, dry, tsv, filters;
	long max;
	struct ck_filter f;
};

static int
parse(int argc, char **argv, struct opts *o)
{
	static const struct option opts[] = {
		{"yes", no_argument, NULL, 'y'},
		{"max", required_argument, NULL, 'm'},
		{"dry-run", no_argument, NULL, 'n'},
		{"tsv", no_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		CK_FILTER_LONGOPTS,
		{0},
	};
	struct ck_err err = {0};
	char *end;
	int c;

	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c) == 0 ? -1 : CK_USAGE;
		if (c == 'y')
			o->yes = 1;
		else if (c == 'n')
			o->dry = 1;
		else if (c == 't')
			o->tsv = 1;
		else if (c == 'm') {
			o->max = strtol(optarg, &end, 10);
			if (*end || end == optarg || o->max < 0)
				return ck_cli_usage("--max: expected a number of "
				    "claims, got '%s'", optarg);
		} else if (ck_filter_set(&o->f, c, optarg, &err))
			return ck_cli_usage("%s", err.msg);
		else
			o->filters = 1;
	}
	if (optind < argc)
		return ck_cli_usage("unexpected argument '%s'", argv[optind]);
	return 0;
}

static void
summary(FILE *out, const struct ck_settle_sum *s, const char *wo)
{
	char p[24], i[24];

	fprintf(out, "%ld claim%s to settle (%ld already settled, skipped); "
	    "balances: patient %s, insurance %s; writeoff: %s\n", s->claims,
	    s->claims == 1 ? "" : "s", s->skipped, ck_money_format(s->patient,
	    p), ck_money_format(s->insurance, i), wo);
}

struct shown {
	FILE *out;
	long n;
	int names;      /* patient names only on the terminal, never in logs */
};

static int
show_row(void *arg, int n, const char *const *names, const char *const *v)
{
	struct shown *s = arg;

	(void)n;
	if (v == NULL)
		fprintf(s->out, "  %-20s %-28s %-10s %12s %12s\n", names[0],
		    names[1], "service", "patient", "insurance");
	else
		fprintf(s->out, "  %-20s %-28.28s %-10s %12s %12s\n", v[0],
		    s->names && v[1] ? v[1] : "-", v[2], v[3], v[4]);
	s->n += v != NULL;
	return 0;
}

static int
show(struct ck_store *st, FILE *out, const struct ck_settle_sum *sum,
    const char *wo, struct ck_err *err)
{
	struct shown s = {out, 0, out != stderr};
	int rc;

	summary(out, sum, wo);
	if ((rc = ck_settle_preview(st, SHOWN, show_row, &s, err)))
		return rc;
	if (sum->claims > s.n)
		fprintf(out, "  ... and %ld more\n", sum->claims - s.n);
	fflush(out);
	return 0;
}

/* Asks for CONFIRM on the terminal, or takes --yes.  1 to go on. */
static int
confirmed(struct ck_store *st, const struct opts *o,
    const struct ck_settle_sum *sum, const char *wo, struct ck_err *err)
{
	const char *why = "no terminal";
	FILE *tty;
	int ok;

	if (o->yes || o->dry)
		return show(st, stderr, sum, wo, err) ? -1 : 1;
	if ((tty = ck_tty_open()) == NULL) {
		ck_cli_warn("no terminal to confirm on: give --yes to settle "
		    "without asking; nothing changed");
		ck_settle_cancelled(st, sum, why, err);
		return 0;
	}
	if (show(st, tty, sum, wo, err)) {
		ck_tty_close(tty);
		return -1;
	}
	ok = ck_tty_confirm(tty, "CONFIRM", &why, "Type CONFIRM to settle %ld "
	    "claim%s: ", sum->claims, sum->claims == 1 ? "" : "s");
	if (!ok) {
		fprintf(tty, "not confirmed (%s): nothing changed\n", why);
		ck_settle_cancelled(st, sum, why, err);
	}
	ck_tty_close(tty);
	return ok;
}

static int
run(struct ck_store *st, struct opts *o, struct ck_writer *w,
    struct ck_err *err)
{
	struct ck_reader *r = NULL;
	struct ck_settle_sum sum;
	char wo[16];
	int64_t id;
	int rc, ok;

	if ((rc = ck_setting(st, "writeoff", wo, sizeof(wo), err)))
		return rc;
	if (wo[0] == '\0')
		return ck_err_set(err, CK_FAIL, "writeoff is not set: choose "
		    "with 'claim-settle config writeoff "
		    "patient|insurance|both|none'; nothing changed");
	/* ids come on stdin unless filters choose */
	if (!o->filters &&
	    (rc = ck_reader_open(&r, "-", CK_FMT_AUTO, err)))
		return rc;
	rc = ck_settle_select(st, r, &o->f, &sum, err);
	ck_reader_close(r);
	if (rc)
		return rc;
	if (o->max >= 0 && sum.claims > o->max)
		return ck_err_set(err, CK_FAIL, "%ld claims selected, more than "
		    "--max %ld: nothing changed", sum.claims, o->max);
	if (sum.claims == 0) {
		ck_cli_warn("no claim to settle (%ld already settled)",
		    sum.skipped);
		return ck_write_row(w, (const char *[]){"claim_id",
		    "previous_status", "patient_writeoff", "insurance_writeoff",
		    "run_id"}, 5) ? CK_FAIL : 0;
	}
	if ((ok = confirmed(st, o, &sum, wo, err)) <= 0)
		return ok < 0 ? err->code : CK_FAIL;
	if ((rc = ck_settle_apply(st, wo, o->dry, ck_cli_print_row, w, &id,
	    err)))
		return rc;
	if (o->dry)
		ck_cli_warn("dry run: nothing changed");
	else
		ck_cli_warn("settled %ld claim%s as run %lld (undo with "
		    "'claim-settle undo %lld')", sum.claims, sum.claims == 1 ?
		    "" : "s", (long long)id, (long long)id);
	return 0;
}

static int
cmd_settle(int argc, char **argv)
{
	struct opts o;
	struct ck_writer w = {stdout, 0};
	struct ck_err err = {0};
	struct ck_store *st;
	int rc;

	memset(&o, 0, sizeof(o));
	o.max = -1;             /* no cap; --max 0 allows no claim at all */
	if ((rc = parse(argc, argv, &o))) {
		ck_filter_free(&o.f);
		return rc < 0 ? 0 : rc;
	}
	if (!o.filters && isatty(0)) {
		ck_filter_free(&o.f);
		return ck_cli_usage("expected claim ids on stdin (a claim_id "
		    "column) or filters");
	}
	w.tsv = o.tsv;
	if ((rc = ck_cli_store(&st, CK_OPEN_EXISTING)) == 0) {
		/* a refusal has said why on the terminal already */
		if ((rc = run(st, &o, &w, &err)) && err.msg[0] &&
		    !ferror(stdout))
			ck_cli_fail(&err);
		ck_store_close(st);
	}
	ck_filter_free(&o.f);
	return rc;
}

const struct ck_cli_verb ck_verb_settle = {
	"settle", cmd_settle, "[--yes] [--max N] [--dry-run] [--tsv] "
	CK_FILTER_SYNOPSIS,
	"settle claims in bulk behind a typed CONFIRM (the default verb)",
	"\nSettles the claims named in the claim_id column of the CSV or TSV\n"
	"on stdin ('claim-batch list ... | claim-settle'), or, when filter\n"
	"options are given, the claims they select.  The verb name may be\n"
	"left out.  Shows on the terminal how many claims, their balances and\n"
	"a list, and asks for CONFIRM there (never on stdin).  Confirmed, each\n"
	"claim becomes settled and the balances the writeoff setting names\n"
	"are adjusted to zero, one adjustment row each, in one transaction.\n"
	"Prints claim_id,previous_status,patient_writeoff,insurance_writeoff,\n"
	"run_id.  Anything but CONFIRM changes nothing.\n"
	"\n  --yes       settle without asking (for cron); the summary goes to\n"
	"              stderr.  Without a terminal and without --yes: refused\n"
	"  --max N     refuse a selection of more than N claims\n"
	"  --dry-run   print what would be settled, change nothing\n"
	"  --tsv       print TSV instead of CSV\n"
	"  (filters as for 'claim-batch list')\n"
};
