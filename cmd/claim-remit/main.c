#include <stdlib.h>

#include "cli.h"
#include "claim-remit.h"

static const struct ck_cli_verb *const verbs[] = {
	&ck_verb_post, &ck_verb_list, &ck_verb_show, &ck_verb_denials,
	&ck_verb_unmatched, &ck_verb_match, &ck_verb_undo, &ck_verb_rule,
	NULL,
};

int
ck_remit_arg_id(const char *s, long long *id)
{
	char *end;

	*id = strtoll(s, &end, 10);
	return *s >= '0' && *s <= '9' && *end == '\0' && *id > 0 ? 0 : -1;
}

int
main(int argc, char **argv)
{
	return ck_cli_main("claim-remit", verbs, argc, argv);
}
