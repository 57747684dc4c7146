#include "cli.h"
#include "claim-batch.h"

/* The verbs, in the order --help lists them; each is one file. */
static const struct ck_cli_verb *const verbs[] = {
	&ck_verb_import, &ck_verb_list, &ck_verb_audit, &ck_verb_schedule,
	&ck_verb_due, NULL,
};

int
main(int argc, char **argv)
{
	return ck_cli_main("claim-batch", verbs, argc, argv);
}
