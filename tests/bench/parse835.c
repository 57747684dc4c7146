/* Benchmark driver (not a test): parses an 835 and prints the claim
 * payments and remittances it saw, so scripts/bench-remit can time
 * ck_parse_835 alone. */
#include <stdio.h>

#include "claimkit/remit.h"

struct count {
	long claims, remits, bad;
};

static int
on_claim(void *arg, const struct ck_835_claim *c)
{
	(void)c;
	((struct count *)arg)->claims++;
	return 0;
}

static int
on_end(void *arg, const struct ck_835_remit *r)
{
	(void)r;
	((struct count *)arg)->remits++;
	return 0;
}

static int
on_bad(void *arg, const struct ck_835_remit *r, const struct ck_err *why)
{
	(void)r;
	fprintf(stderr, "bench_parse835: %s\n", why->msg);
	((struct count *)arg)->bad++;
	return 0;
}

int
main(int argc, char **argv)
{
	struct count n = {0, 0, 0};
	struct ck_835_cb cb = {&n, NULL, on_claim, NULL, on_end, on_bad};
	struct ck_err err = {0};

	if (argc != 2) {
		fprintf(stderr, "usage: bench_parse835 FILE\n");
		return 2;
	}
	if (ck_parse_835(argv[1], &cb, &err)) {
		fprintf(stderr, "bench_parse835: %s\n", err.msg);
		return 1;
	}
	printf("%ld claims in %ld remittances, %ld bad\n", n.claims, n.remits,
	    n.bad);
	return n.bad != 0;
}
