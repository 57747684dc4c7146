#include <stdio.h>

#include "claimkit/money.h"

int
ck_money_parse(const char *s, int allow_negative, int64_t *cents)
{
	int64_t whole = 0, frac = 0;
	int neg = 0, ndig = 0, nfrac = 0;

	if (*s == '-' && allow_negative) {
		neg = 1;
		s++;
	}
	for (; *s >= '0' && *s <= '9'; s++, ndig++) {
		whole = whole * 10 + (*s - '0');
		if (whole > CK_MONEY_MAX / 100)
			return -1;
	}
	if (ndig == 0)
		return -1;
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++, nfrac++) {
			if (nfrac == 2)
				return -1;
			frac = frac * 10 + (*s - '0');
		}
		if (nfrac == 0)
			return -1;
		if (nfrac == 1)
			frac *= 10;
	}
	if (*s != '\0')
		return -1;
	*cents = (whole * 100 + frac) * (neg ? -1 : 1);
	return 0;
}

char *
ck_money_format(int64_t cents, char *buf)
{
	uint64_t a = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;

	snprintf(buf, 24, "%s%llu.%02llu", cents < 0 ? "-" : "",
	    (unsigned long long)(a / 100), (unsigned long long)(a % 100));
	return buf;
}
