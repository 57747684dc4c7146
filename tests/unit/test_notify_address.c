/* The address checks a load makes of every statement row. */
#include "claimkit/notify.h"
#include "t.h"

static const char *const good_email[] = {
	"a@b.org", "first.last+tag@example.co.uk", "x_y-z@mail.example.org",
	"O'Neil@example.org", "a{b}c@example.org",
};
static const char *const bad_email[] = {
	"", "a", "a@b", "@b.org", "a@@b.org", "a@b@c.org", "a@.org", "a@b.",
	"a@b..org", "a b@x.org", "a\tb@x.org", "a<b@x.org", "a>b@x.org",
	"(a)@x.org", "[a]@x.org", "a\\b@x.org", "a,b@x.org", "a;b@x.org",
	"a:b@x.org", "a\"b@x.org", "\xc3\xa4@x.org", "a\x7f@x.org",
	"a\x01@x.org",
};

int
main(void)
{
	for (size_t i = 0; i < sizeof(good_email) / sizeof(*good_email); i++)
		if (ck_notify_email_check(good_email[i]) != 0) {
			fprintf(stderr, "refused: '%s'\n", good_email[i]);
			CHECK(0);
		}
	for (size_t i = 0; i < sizeof(bad_email) / sizeof(*bad_email); i++)
		if (ck_notify_email_check(bad_email[i]) != -1) {
			fprintf(stderr, "taken: '%s'\n", bad_email[i]);
			CHECK(0);
		}
	CHECK(ck_notify_phone_check("+13125550100") == 0);
	CHECK(ck_notify_phone_check("13125550100") == -1);
	CHECK(ck_notify_phone_check("+1312555010a") == -1);
	CHECK(ck_notify_phone_check("+") == -1);
	return t_done();
}
