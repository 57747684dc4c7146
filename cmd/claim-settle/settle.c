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
	int yes, dry, tsv, filters, unsent;
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
		{"include-unsent", no_argument, NULL, 'u'},
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
		else if (c == 'u')
			o->unsent = 1;
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
	/* no one reads the list before an unattended settlement */
	if (o->yes && !o->dry && o->max < 0)
		return ck_cli_usage("--yes needs --max N: the most claims it may "
		    "settle without anyone reading the list");
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
	if (s->unsent)
		fprintf(out, "%ld of them never sent (ready or batched), "
		    "settled too as --include-unsent asks\n", s->unsent);
}

struct shown {
	FILE *out;
	long n;
	int tty;        /* the person at the terminal sees the claims whole */
};

/*
 * A row of the list: claim_id, patient, date_of_service, status, payer,
 * patient_balance, insurance_balance.  Stderr goes to logs and cron
 * mail: there, ids only, never a name or a date of service.
 */
static int
show_row(void *arg, int n, const char *const *names, const char *const *v)
{
	struct shown *s = arg;
	const char *const *r = v ? v : (const char *const[]){"claim_id",
	    "patient", "service", "status", "payer", "patient", "insurance"};

	(void)n;
	(void)names;
	if (s->tty)
		fprintf(s->out, "  %-12s %-20.20s %-10s %-8s %-8s %10s %10s\n",
		    r[0], r[1] ? r[1] : "", r[2], r[3], r[4] ? r[4] : "", r[5],
		    r[6]);
	else
		fprintf(s->out, "  %-12s %-8s %s\n", r[0], r[3], r[4] ? r[4] :
		    "");
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

/* The output rows, counted: the claims the run did settle. */
struct counted {
	struct ck_writer *w;
	long n;
};

static int
count_row(void *arg, int n, const char *const *names, const char *const *v)
{
	struct counted *c = arg;

	c->n += v != NULL;
	return ck_cli_print_row(c->w, n, names, v);
}

static int
run(struct ck_store *st, struct opts *o, struct ck_writer *w,
    struct ck_err *err)
{
	struct ck_reader *r = NULL;
	struct ck_settle_sum sum;
	struct counted out = {w, 0};
	struct ck_err e2;
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
	rc = ck_settle_select(st, r, &o->f, o->unsent ? CK_SETTLE_UNSENT : 0,
	    &sum, err);
	ck_reader_close(r);
	if (rc == CK_DATA && sum.unsent && !o->unsent)
		snprintf(err->msg + strlen(err->msg), sizeof(err->msg) -
		    strlen(err->msg), "; to settle them too, give "
		    "--include-unsent");
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
	if ((rc = ck_settle_apply(st, wo, o->dry, count_row, &out, &id,
	    err))) {
		/* confirmed, then refused: recorded as a cancel is */
		if (rc == CK_DATA)
			ck_settle_cancelled(st, &sum, "changed since shown", &e2);
		return rc;
	}
	if (o->dry)
		ck_cli_warn("dry run: nothing changed");
	else
		ck_cli_warn("settled %ld claim%s as run %lld (undo with "
		    "'claim-settle undo %lld')", out.n, out.n == 1 ? "" : "s",
		    (long long)id, (long long)id);
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
	"settle", cmd_settle, "[--yes] [--max N] [--include-unsent] "
	"[--dry-run] [--tsv] "
	CK_FILTER_SYNOPSIS,
	"settle claims in bulk behind a typed CONFIRM (the default verb)",
	"\nSettles the claims named in the claim_id column of the CSV or TSV\n"
	"on stdin ('claim-batch list ... | claim-settle'), or, when filter\n"
	"options are given, the claims they select.  The verb name may be\n"
	"left out.  Claims never sent (ready or batched) are refused, named,\n"
	"unless --include-unsent.  Shows on the terminal how many claims,\n"
	"their balances and a list (status and payer of each), and asks for\n"
	"CONFIRM there (never on stdin).  Confirmed, each claim becomes\n"
	"settled and the balances the writeoff setting names are adjusted to\n"
	"zero, one adjustment row each, in one transaction, provided every\n"
	"claim is still as shown.  Prints claim_id,previous_status,\n"
	"patient_writeoff,insurance_writeoff,run_id.  Anything but CONFIRM\n"
	"changes nothing.\n"
	"\n  --yes             settle without asking (for cron), with --max;\n"
	"                    the summary goes to stderr, claim ids only.\n"
	"                    Without a terminal and without --yes: refused\n"
	"  --max N           refuse a selection of more than N claims\n"
	"  --include-unsent  settle claims never sent (never billed) too\n"
	"  --dry-run         print what would be settled, change nothing\n"
	"  --tsv             print TSV instead of CSV\n"
	"  (filters as for 'claim-batch list')\n"
};
