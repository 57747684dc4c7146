#include "claimkit/transport.h"
#include "cli.h"
#include "claim-upload.h"

static const struct ck_cli_verb *const verbs[] = {
	&ck_verb_endpoint, &ck_verb_send, &ck_verb_fetch, &ck_verb_acks,
	&ck_verb_log, NULL,
};

int
main(int argc, char **argv)
{
	struct ck_err err = {0};
	int rc;

	if (ck_transport_init(&err)) {
		fprintf(stderr, "claim-upload: %s\n", err.msg);
		return CK_FAIL;
	}
	rc = ck_cli_main("claim-upload", verbs, argc, argv);
	ck_transport_cleanup();
	return rc;
}
