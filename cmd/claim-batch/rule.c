#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimkit/money.h"
#include "claimkit/stages.h"
#include "claim-batch.h"

/* Payer ids and procedure codes are stored upper-case by the import. */
static char *
upper(char *s)
{
	for (char *p = s; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p -= 32;
	return s;
}

static int
rule_add(struct ck_store *st, int argc, char **argv, struct ck_err *err)
{
	static const struct option opts[] = {
		{"payer", required_argument, NULL, 'p'},
		{"provider", required_argument, NULL, 'v'},
		{"office", required_argument, NULL, 'o'},
		{"pos", required_argument, NULL, 's'},
		{"procedure", required_argument, NULL, 'c'},
		{"min-charge", required_argument, NULL, 'm'},
		{"max-charge", required_argument, NULL, 'M'},
		{"stage", required_argument, NULL, 'S'},
		{"self-pay", required_argument, NULL, 'y'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct ck_rule r = {.min_charge = -1, .max_charge = -1,
	    .self_pay = -1};
	int64_t id;
	int c, any = 0;

	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		any++;
		switch (c) {
		case 'p': r.payer_id = upper(optarg); break;
		case 'v': r.provider = optarg; break;
		case 'o': r.office = optarg; break;
		case 's': r.place_of_service = optarg; break;
		case 'c': r.procedure = upper(optarg); break;
		case 'S':
			if (ck_stage_find(optarg) < 0)
				return ck_cli_usage("--stage: expected "
				    "invoice-create, invoice-process, submission "
				    "or era, got '%s'", optarg);
			r.stage = optarg;
			any -= 1;       /* a stage alone matches nothing */
			break;
		case 'y':
			if (strcmp(optarg, "yes") && strcmp(optarg, "no"))
				return ck_cli_usage("--self-pay: expected yes "
				    "or no, got '%s'", optarg);
			r.self_pay = strcmp(optarg, "yes") == 0;
			break;
		default:
			if (ck_money_parse(optarg, 0, c == 'm' ? &r.min_charge :
			    &r.max_charge) < 0)
				return ck_cli_usage("--%s: expected an amount "
				    "like 1000.00, got '%s'", c == 'm' ?
				    "min-charge" : "max-charge", optarg);
		}
	}
	if (any <= 0 || optind < argc)
		return ck_cli_usage("rule add: expected at least one of --payer, "
		    "--provider, --office, --pos, --procedure, --min-charge, "
		    "--max-charge, --self-pay");
	if (r.min_charge >= 0 && r.max_charge >= 0 &&
	    r.min_charge > r.max_charge)
		return ck_cli_usage("rule add: --min-charge is above "
		    "--max-charge: expected a range a charge can fall in");
	if (ck_store_rule_add(st, &r, &id, err))
		return err->code;
	ck_cli_warn("rule %lld added", (long long)id);
	return 0;
}

static int
cmd_rule(int argc, char **argv)
{
	struct ck_writer w = {stdout, 0};
	struct ck_err err = {0};
	struct ck_store *st;
	const char *sub = argc > 1 ? argv[1] : "";
	char *end;
	int rc;

	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
		printf("usage: %s [--db PATH] rule %s\n%s", ck_cli.prog,
		    ck_cli.verb->args, ck_cli.verb->help);
		return 0;
	}
	if (strcmp(sub, "add") && strcmp(sub, "list") && strcmp(sub, "rm"))
		return ck_cli_usage("expected add, list or rm");
	if (strcmp(sub, "rm") == 0 && (argc != 3 ||
	    strtoll(argv[2], &end, 10) <= 0 || *end))
		return ck_cli_usage("rule rm: expected one rule number");
	if (strcmp(sub, "list") == 0 && argc != 2)
		return ck_cli_usage("rule list takes no arguments");
	if ((rc = ck_cli_store(&st, strcmp(sub, "list") ?
	    CK_OPEN_EXISTING : CK_OPEN_READONLY)) != 0)
		return rc;
	if (strcmp(sub, "list") == 0)
		rc = ck_store_rules(st, ck_cli_print_row, &w, &err);
	else if ((rc = ck_store_begin(st, &err)) == 0) {
		rc = strcmp(sub, "rm") == 0 ? ck_store_rule_rm(st,
		    strtoll(argv[2], NULL, 10), &err) :
		    rule_add(st, argc - 1, argv + 1, &err);
		if (rc == 0)
			rc = ck_store_commit(st, &err);
		else
			ck_store_rollback(st);
	}
	if (rc && rc != CK_USAGE && !ferror(stdout))
		ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb ck_verb_rule = {
	"rule", cmd_rule, "add|list|rm [--payer ID] [--provider NPI] "
	"[--office CODE] [--pos CODE] [--procedure CODE] [--min-charge AMOUNT] "
	"[--max-charge AMOUNT] [--self-pay yes|no] [--stage STAGE] [RULE]",
	"hold claims back by exclusion rules",
	"\nAn exclusion rule holds back from its stage of the billing\n"
	"automation (by default Claims Submission: every run) the items it\n"
	"matches, for a person to review.  An item matches a rule when it\n"
	"matches every option the rule has.\n"
	"\n  rule add OPTIONS   add a rule\n"
	"  rule list          list rules\n"
	"  rule rm RULE       remove rule number RULE\n"
	"  --payer ID         payer id\n"
	"  --provider NPI     billing or rendering NPI\n"
	"  --office CODE      office\n"
	"  --pos CODE         place of service\n"
	"  --procedure CODE   any line with this CPT/HCPCS code\n"
	"  --min-charge AMT   total charge at least AMT\n"
	"  --max-charge AMT   total charge at most AMT\n"
	"  --self-pay yes|no  self-pay (payer_id SELF) items, or insured ones\n"
	"  --stage STAGE      the stage the rule holds items back from:\n"
	"                     invoice-create, invoice-process, submission\n"
	"                     (the default) or era\n"
};
