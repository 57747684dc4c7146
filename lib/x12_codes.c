/*
 * The X12 code lists the 277CA parser checks against: claim status
 * category codes (507) and claim status codes (508), compiled in from
 * data/x12 (see its header lines for their source and date).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "x12_codelists.h"
#include "x12read_int.h"

int
ck_xr_known_category(const char *code)
{
	for (const char *const *c = category_codes; *c != NULL; c++)
		if (is(*c, code))
			return 1;
	return 0;
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

int
ck_xr_known_status(const char *code)
{
	long n;
	int k;

	/* 508 codes are numbers; some senders pad them ("01") */
	if (strlen(code) > 6 || ck_xr_number(code, &n) != 0)
		return 0;
	k = (int)n;
	return bsearch(&k, status_codes, sizeof(status_codes) /
	    sizeof(status_codes[0]), sizeof(status_codes[0]), cmp_int) != NULL;
}
