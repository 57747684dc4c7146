/* Benchmark driver (not a test): parses a 277CA and prints the claims it
 * saw, so scripts/bench-upload can time ck_parse_277ca alone. */
#include <stdio.h>

#include "claimkit/x12read.h"

static int
count(void *arg, const struct ck_277_claim *c)
{
	(void)c;
	++*(long *)arg;
	return 0;
}

int
main(int argc, char **argv)
{
	struct ck_err err = {0};
	long n = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: bench_parse277 FILE\n");
		return 2;
	}
	if (ck_parse_277ca(argv[1], count, NULL, &n, &err)) {
		fprintf(stderr, "bench_parse277: %s\n", err.msg);
		return 1;
	}
	printf("%ld\n", n);
	return 0;
}
