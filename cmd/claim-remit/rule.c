#include <stdio.h>
#include <string.h>

#include "claimkit/remit.h"
#include "claim-remit.h"

static int
rule_do(struct ck_store *st, int argc, char **argv, struct ck_err *err)
{
	static const struct option opts[] = {
		{"payer", required_argument, NULL, 'p'},
		{"tsv", no_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *sub = argv[1], *payer = NULL;
	struct ck_writer w = {stdout, 0};
	long long id;
	int64_t nid;
	int c;

	optind = 2;
	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		if (c == 'p')
			payer = optarg;
		else
			w.tsv = 1;
	}
	if (strcmp(sub, "list") == 0 && optind == argc && payer == NULL)
		return ck_rs_rules(st, ck_cli_print_row, &w, err);
	if (strcmp(sub, "add") == 0 && optind == argc && payer && *payer) {
		if (ck_rs_rule_add(st, payer, &nid, err))
			return err->code;
		ck_cli_warn("rule %lld added: remittances of '%s' are held",
		    (long long)nid, payer);
		return 0;
	}
	if (strcmp(sub, "rm") == 0 && argc - optind == 1 && payer == NULL &&
	    ck_remit_arg_id(argv[optind], &id) == 0)
		return ck_rs_rule_rm(st, id, err);
	return ck_cli_usage("expected 'rule add --payer PAYER', 'rule list' "
	    "or 'rule rm RULE'");
}

static int
cmd_rule(int argc, char **argv)
{
	struct ck_err err = {0};
	struct ck_store *st;
	const char *sub = argc > 1 ? argv[1] : "";
	int rc;

	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
		printf("usage: %s [--db PATH] rule %s\n%s", ck_cli.prog,
		    ck_cli.verb->args, ck_cli.verb->help);
		return 0;
	}
	if (strcmp(sub, "add") && strcmp(sub, "list") && strcmp(sub, "rm"))
		return ck_cli_usage("expected add, list or rm");
	if ((rc = ck_cli_store(&st, CK_OPEN_EXISTING)) != 0)
		return rc;
	if ((rc = rule_do(st, argc, argv, &err)) != 0 && rc != CK_USAGE &&
	    err.msg[0])
		ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb ck_verb_rule = {
	"rule", cmd_rule, "add --payer PAYER | list | rm RULE",
	"hold a payer's remittances for review",
	"\nExclusion rules of ERA posting: 'rule add --payer PAYER' holds the\n"
	"remittances of that payer (its id, TRN03 or name, any case) for\n"
	"review instead of posting them; 'claim-remit post --held' posts\n"
	"them.  'rule list' prints rule_id, payer, created_at, user; 'rule\n"
	"rm RULE' removes one.  Changes are audited.\n"
};
