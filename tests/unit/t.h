/* A minimal test harness: CHECK records a failure and goes on; main
 * returns t_done(). */
#ifndef CK_T_H
#define CK_T_H

#include <stdio.h>
#include <string.h>

static int t_failures, t_checks;

#define CHECK(cond) do { \
	t_checks++; \
	if (!(cond)) { \
		t_failures++; \
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
		    __LINE__, #cond); \
	} \
} while (0)

#define CHECK_STR(got, want) do { \
	const char *g_ = (got), *w_ = (want); \
	t_checks++; \
	if (g_ == NULL || strcmp(g_, w_) != 0) { \
		t_failures++; \
		fprintf(stderr, "%s:%d: got '%s', expected '%s'\n", __FILE__, \
		    __LINE__, g_ ? g_ : "(null)", w_); \
	} \
} while (0)

static inline int
t_done(void)
{
	printf("%d checks, %d failed\n", t_checks, t_failures);
	return t_failures != 0;
}

#endif
