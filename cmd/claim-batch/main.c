#include "cli.h"
#include "claim-batch.h"

/* The verbs, in the order --help lists them; each is one file. */
static const struct ck_cli_verb *const verbs[] = {
	&ck_verb_import, &ck_verb_fees, &ck_verb_invoice, &ck_verb_list,
	&ck_verb_history, &ck_verb_scrub, &ck_verb_run,
	&ck_verb_pending, &ck_verb_batches, &ck_verb_show, &ck_verb_printed,
	&ck_verb_void, &ck_verb_ref, &ck_verb_rule, &ck_verb_config,
	&ck_verb_schedule, &ck_verb_automation, &ck_verb_due, &ck_verb_audit,
	NULL,
};

int
main(int argc, char **argv)
{
	return ck_cli_main("claim-batch", verbs, argc, argv);
}
