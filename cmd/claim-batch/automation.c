#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimkit/schedule.h"
#include "claimkit/stages.h"
#include "claim-batch.h"

/* The stage named by argv[i], reported when unknown: -1. */
static int
stage_arg(int argc, char **argv, int i)
{
	int k = i < argc ? ck_stage_find(argv[i]) : -1;

	if (k < 0)
		ck_cli_usage("expected a stage: invoice-create, invoice-process, "
		    "submission or era%s%s%s", i < argc ? ", got '" : "",
		    i < argc ? argv[i] : "", i < argc ? "'" : "");
	return k;
}

/* The crontab line of stage k at its time, in zone tz ("" local). */
static int
stage_line(struct ck_store *st, int k, const char *tz, const char *exe,
    const char *db, struct ck_err *err)
{
	char at[16], remit[PATH_MAX + 16], *words[3], *text, *cmd, *sp;
	struct ck_sched s;
	long now;
	int n = 0;

	ck_sched_init(&s);
	if (ck_stage_time(st, k, at, sizeof(at), err) ||
	    ck_sched_set(&s, CK_SCHED_OPT + 0, NULL, err) ||
	    ck_sched_set(&s, CK_SCHED_OPT + 8, at, err) ||
	    (*tz && ck_sched_set(&s, CK_SCHED_OPT + 7, tz, err)) ||
	    ck_sched_now(tz, &now, err) ||
	    ck_sched_finish(&s, ck_sched_day(now), err))
		return err->code;
	if ((cmd = strdup(ck_stages[k].command)) == NULL)
		return ck_err_set(err, CK_FAIL, "out of memory");
	for (char *w = strtok_r(cmd, " ", &sp); w && n < 3;
	    w = strtok_r(NULL, " ", &sp))
		words[n++] = w;
	/* ERA Processing is claim-remit's, beside this program */
	snprintf(remit, sizeof(remit), "%s", exe);
	if (k == CK_STAGE_ERA && strrchr(remit, '/'))
		snprintf(strrchr(remit, '/') + 1, sizeof(remit) -
		    (size_t)(strrchr(remit, '/') + 1 - remit), "claim-remit");
	if (ck_sched_crontab_cmd(&s, ck_sched_day(now), exe, remit, db, words,
	    n, &text, err) == 0) {
		printf("# %s\n%s", ck_stages[k].title, text);
		free(text);
	}
	free(cmd);
	return err->code;
}

static int
schedule(struct ck_store *st, int argc, char **argv, struct ck_err *err)
{
	static const struct option opts[] = {
		{"tz", required_argument, NULL, 'z'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	char exe[PATH_MAX], db[4096];
	const char *tz = "";
	int c, on = 1, rc;

	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		tz = optarg;
	}
	if (optind < argc)
		return ck_cli_usage("unexpected argument '%s'", argv[optind]);
	if ((rc = ck_cli_cron_paths(exe, sizeof(exe), db, sizeof(db))) != 0)
		return rc;
	for (int k = 0; k < CK_NSTAGES; k++) {
		if (ck_stage_enabled(st, k, &on, err))
			return err->code;
		if (on && (rc = stage_line(st, k, tz, exe, db, err)))
			return rc;
	}
	return 0;
}

static int
change(struct ck_store *st, const char *sub, int argc, char **argv,
    struct ck_err *err)
{
	const char *more = strcmp(sub, "time") == 0 ? " HH:MM" :
	    strcmp(sub, "dwell") == 0 ? " DWELL" : "";
	int k, on = strcmp(sub, "on") == 0;

	if (argc != (*more ? 3 : 2))
		return ck_cli_usage("automation %s: expected STAGE%s", sub, more);
	if ((k = stage_arg(argc, argv, 1)) < 0)
		return CK_USAGE;
	if (strcmp(sub, "time") == 0)
		return ck_stage_set_time(st, k, argv[2], err);
	if (strcmp(sub, "dwell") == 0)
		return ck_stage_set_dwell(st, k, argv[2], err);
	if (ck_stage_switch(st, k, on, err))
		return err->code;
	ck_cli_warn("%s switched %s", ck_stages[k].title, on ? "on" : "off");
	return 0;
}

static int
cmd_automation(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "";
	struct ck_err err = {0};
	struct ck_store *st;
	int rc;

	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
		printf("usage: %s [--db PATH] automation %s\n%s", ck_cli.prog,
		    ck_cli.verb->args, ck_cli.verb->help);
		return 0;
	}
	if (argc == 1 || strcmp(sub, "--tsv") == 0)
		return ck_cli_table(argc, argv, ck_automation_walk);
	if (strcmp(sub, "on") && strcmp(sub, "off") && strcmp(sub, "time") &&
	    strcmp(sub, "dwell") && strcmp(sub, "schedule"))
		return ck_cli_usage("expected on, off, time, dwell or schedule");
	if ((rc = ck_cli_store(&st, strcmp(sub, "schedule") ?
	    CK_OPEN_EXISTING : CK_OPEN_READONLY)) != 0)
		return rc;
	rc = strcmp(sub, "schedule") == 0 ? schedule(st, argc - 1, argv + 1,
	    &err) : change(st, sub, argc - 1, argv + 1, &err);
	if (rc && rc != CK_USAGE && !ferror(stdout))
		ck_cli_fail(&err);
	else if (rc == CK_USAGE && err.code == CK_USAGE)
		ck_cli_usage("%s", err.msg);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb ck_verb_automation = {
	"automation", cmd_automation, "[--tsv] [on|off|time|dwell|schedule] "
	"[--tz ZONE] [STAGE [VALUE]]",
	"view and switch the nightly billing stages",
	"\nThe billing automation runs nightly in four stages (claimkit(7)):\n"
	"invoice-create (invoice create, 23:00), invoice-process (invoice\n"
	"process, 22:00), submission (run --upload, 21:00) and era\n"
	"(claim-remit post, 20:00).  With no arguments, prints one row per\n"
	"stage: stage,on,time,dwell,rules,waiting,held,held_why,last_run,\n"
	"last_result.\n"
	"\n  on|off STAGE         switch a stage on or off (audited); a stage\n"
	"                       that is off does nothing when cron runs it\n"
	"  time STAGE HH:MM     the stage's local time\n"
	"  dwell STAGE DWELL    nights (1d) an item waits in the stage before\n"
	"                       it moves on (submission: the dwell setting)\n"
	"  schedule [--tz ZONE] print the crontab lines of the stages that\n"
	"                       are on, at their times in ZONE (default:\n"
	"                       the system's clock)\n"
	"  --tsv                print TSV instead of CSV\n"
};
