#include "cli.h"
#include "claim-settle.h"

static const struct ck_cli_verb *const verbs[] = {
	&ck_verb_settle, &ck_verb_undo, &ck_verb_runs, &ck_verb_config, NULL,
};

int
main(int argc, char **argv)
{
	/* "claim-batch list ... | claim-settle --yes" settles */
	ck_cli.default_verb = "settle";
	return ck_cli_main("claim-settle", verbs, argc, argv);
}
