#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimkit/notify.h"
#include "notify-queue.h"

#define TPL_MAX (64 * 1024)

/* Reads a template file (UTF-8 text, at most 64 KiB) into a new string. */
static char *
slurp(const char *what, const char *path)
{
	FILE *fp = fopen(path, "r");
	char *buf;
	size_t n;

	if (fp == NULL) {
		ck_cli_warn("%s: cannot open '%s': %s", what, path,
		    strerror(errno));
		return NULL;
	}
	if ((buf = malloc(TPL_MAX + 1)) == NULL) {
		fclose(fp);
		return NULL;
	}
	n = fread(buf, 1, TPL_MAX + 1, fp);
	fclose(fp);
	if (n > TPL_MAX || memchr(buf, '\0', n)) {
		ck_cli_warn("%s: '%s' is not a text of at most 64 KiB", what,
		    path);
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

static int
add(int argc, char **argv, struct ck_notify_level *l, const char *efile,
    const char *sfile)
{
	struct ck_err err = {0};
	struct ck_store *st;
	char *e = NULL, *s = NULL;
	int rc = CK_FAIL, version;

	(void)argc;
	l->profile = argv[0];
	l->level = (int)nq_id_arg(argv[1]);
	if ((efile && (e = slurp("--email", efile)) == NULL) ||
	    (sfile && (s = slurp("--sms", sfile)) == NULL))
		goto out;
	l->email = e;
	l->sms = s;
	if ((rc = ck_cli_store(&st, CK_OPEN_EXISTING)) != 0)
		goto out;
	if ((rc = ck_notify_level_add(st, l, &version, &err)) == 0)
		fprintf(stderr, "notify-queue: profile '%s' level %d: template "
		    "version %d\n", l->profile, l->level, version);
	else
		rc = err.code == CK_USAGE ? ck_cli_usage("%s", err.msg) :
		    ck_cli_fail(&err);
	ck_store_close(st);
out:
	free(e);
	free(s);
	return rc;
}

static int
cmd_level(int argc, char **argv)
{
	static const struct option opts[] = {
		{"after-days", required_argument, NULL, 'a'},
		{"channel", required_argument, NULL, 'c'},
		{"subject", required_argument, NULL, 's'},
		{"email", required_argument, NULL, 'e'},
		{"sms", required_argument, NULL, 'm'},
		{"tsv", no_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct ck_notify_level l = {.channel = "preferred", .after_days = -1};
	const char *efile = NULL, *sfile = NULL;
	int c, n, tsv = 0;

	while ((c = ck_cli_getopt(argc, argv, "h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		if (c == 'a' && (l.after_days = (int)nq_id_arg(optarg)) < 0)
			return ck_cli_usage("--after-days: expected a number of "
			    "days, got '%s'", optarg);
		if (c == 'c')
			l.channel = optarg;
		if (c == 's')
			l.subject = optarg;
		if (c == 'e')
			efile = optarg;
		if (c == 'm')
			sfile = optarg;
		tsv |= c == 't';
	}
	n = argc - optind;
	if (n == 1 && strcmp(argv[optind], "list") == 0)
		return nq_table(tsv, ck_notify_levels);
	if (n != 3 || strcmp(argv[optind], "add") != 0)
		return ck_cli_usage("expected 'add PROFILE N ...' or 'list'");
	if (nq_id_arg(argv[optind + 2]) < 1)
		return ck_cli_usage("level: expected a number from 1, got '%s'",
		    argv[optind + 2]);
	if (l.after_days < 0)
		return ck_cli_usage("--after-days: expected the days past due "
		    "from which the level applies");
	return add(n - 1, argv + optind + 1, &l, efile, sfile);
}

const struct ck_cli_verb nq_verb_level = {
	"level", cmd_level, "add PROFILE N --after-days D "
	"[--channel email|sms|both|preferred] [--subject TEXT] [--email FILE] "
	"[--sms FILE] | list [--tsv]",
	"add or change a dunning level and its message texts",
	"\nAdds dunning level N (1 = friendly reminder, higher = firmer) to\n"
	"a profile, or changes it.  An account is at the highest level whose\n"
	"--after-days it has reached (days from its oldest unpaid service to\n"
	"the statement date), unless its row names a level.  Each change\n"
	"stores a new version of the texts; nothing is edited in place.\n"
	"Texts hold placeholders: {guarantor_name} {balance}\n"
	"{statement_date} {due_date} {pay_link} {practice_name}\n"
	"{practice_phone}, and in email only {patients} (one line per\n"
	"account); '{{' is a brace.  An unknown placeholder is refused.\n"
	"\n  --after-days D    days past due from which the level applies\n"
	"  --channel CH      email, sms, both, or preferred (the guarantor's\n"
	"                    preferred channel; the default)\n"
	"  --subject TEXT    the email's subject\n"
	"  --email FILE      the email's text (UTF-8)\n"
	"  --sms FILE        the text message (no patient or clinical\n"
	"                    detail: {patients} is refused)\n"
};
