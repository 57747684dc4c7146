/*
 * Field checks of the import: the form of each value, not the code sets
 * (NPI check digits, ICD-10 and CPT forms are the scrub's, so that a
 * claim with such a fault is loaded, listed and shown its reasons).
 */
#include <stdio.h>
#include <string.h>

#include "claimkit/claim.h"
#include "claimkit/date.h"
#include "claimkit/money.h"

#define WHY(...) (snprintf(why, 256, __VA_ARGS__), -1)

/* Length of the valid UTF-8 sequence at s, or 0. */
static size_t
utf8_len(const unsigned char *s)
{
	size_t n;
	unsigned int cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2, cp = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		n = 3, cp = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return n;
}

static size_t
chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static int
check_text(const char *s, char *why)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	for (size_t k = 0; *p; k++) {
		if (k > 4096)
			return 0;   /* the length check refuses it */
		if (*p < 0x20 || *p == 0x7F)
			return WHY("expected text without control characters, "
			    "found byte 0x%02X at character %zu", *p,
			    (size_t)(p - (const unsigned char *)s) + 1);
		if ((n = utf8_len(p)) == 0)
			return WHY("expected UTF-8 text, found byte 0x%02X at "
			    "character %zu", *p,
			    (size_t)(p - (const unsigned char *)s) + 1);
		p += n;
	}
	return 0;
}

/* Finds s in "a|b|c" ignoring case; copies the listed spelling to out. */
static int
choose(const char *choices, const char *s, char *out)
{
	size_t n = strlen(s);
	const char *p = choices, *e;

	for (;;) {
		e = strchr(p, '|');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && strncasecmp(p, s, n) == 0) {
			memcpy(out, p, n);
			out[n] = '\0';
			return 0;
		}
		if (e == NULL)
			return -1;
		p = e + 1;
	}
}

static int
check_units(const char *s, char *out, int64_t *milli, char *why)
{
	int64_t v = 0, f = 0;
	int nd = 0, nf = 0;
	const char *p = s;

	for (; *p >= '0' && *p <= '9' && nd < 9; p++, nd++)
		v = v * 10 + (*p - '0');
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9' && nf < 3; p++, nf++)
			f = f * 10 + (*p - '0');
	if (nd == 0 || *p != '\0' || (p[-1] == '.'))
		return WHY("expected a number of units like 1 or 1.5 (at most "
		    "3 decimals), got '%.40s'", s);
	while (nf++ < 3)
		f *= 10;
	*milli = v * 1000 + f;
	if (*milli % 1000)
		snprintf(out, 32, "%lld.%03lld", (long long)v, (long long)f);
	else
		snprintf(out, 32, "%lld", (long long)v);
	return 0;
}

static int
check_pointers(const char *s, char *out, char *why)
{
	int seen[13] = {0}, n = 0;
	const char *p = s;

	out[0] = '\0';
	for (;;) {
		int v = 0, nd = 0;
		for (; *p >= '0' && *p <= '9' && nd < 3; p++, nd++)
			v = v * 10 + (*p - '0');
		if (nd == 0 || v < 1 || v > 12 || seen[v] || ++n > 4)
			break;
		seen[v] = 1;
		sprintf(out + strlen(out), "%s%d", n > 1 ? ":" : "", v);
		if (*p == '\0')
			return 0;
		if (*p++ != ':')
			break;
	}
	return WHY("expected 1 to 4 different diagnosis numbers from 1 to "
	    "12 joined with ':', like 1:3, got '%.40s'", s);
}

static int
check_adj(const char *s, char *out, char *why)
{
	const char *p = s;
	char money[24];
	int64_t cents;

	out[0] = '\0';
	while (*p) {
		char grp[3], reason[8], amt[24];
		size_t rl = 0, al = 0;
		if (strncmp(p, "CO-", 3) && strncmp(p, "PR-", 3) &&
		    strncmp(p, "OA-", 3) && strncmp(p, "PI-", 3))
			goto bad;
		memcpy(grp, p, 2);
		grp[2] = '\0';
		for (p += 3; ((*p >= '0' && *p <= '9') ||
		    (*p >= 'A' && *p <= 'Z')) && rl < 5; p++)
			reason[rl++] = *p;
		reason[rl] = '\0';
		if (rl == 0 || *p++ != ':')
			goto bad;
		for (; *p && *p != ';' && al < sizeof(amt) - 1; p++)
			amt[al++] = *p;
		amt[al] = '\0';
		if (ck_money_parse(amt, 1, &cents) < 0 || (*p && *p != ';'))
			goto bad;
		sprintf(out + strlen(out), "%s%s-%s:%s", out[0] ? ";" : "",
		    grp, reason, ck_money_format(cents, money));
		if (*p == ';' && *++p == '\0')
			goto bad;
	}
	return 0;
bad:
	return WHY("expected adjustments like CO-45:12.00;PR-2:5.00 (group "
	    "CO, PR, OA or PI, a reason code, an amount), got '%.60s'", s);
}

static void
upper(char *s)
{
	for (; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			*s -= 32;
}

static int
check_typed(const struct ck_column *c, const char *s, char *out,
    int64_t *ival, char *why)
{
	char *o = out;

	switch (c->type) {
	case CK_T_DATE:
		/* Not echoed: dates of service are PHI as much as a birth
		 * date is; line and field find the cell. */
		if (ck_date_check(s) < 0)
			return WHY("expected a real date as YYYY-MM-DD");
		strcpy(out, s);
		return 0;
	case CK_T_MONEY:
		if (ck_money_parse(s, 0, ival) < 0)
			return WHY("expected an amount like 123.45 (not "
			    "negative, at most 2 decimals), got '%.40s'", s);
		ck_money_format(*ival, out);
		return 0;
	case CK_T_ENUM:
	case CK_T_INT:
		if (choose(c->choices, s, out) < 0)
			return WHY("expected one of %s, got '%.40s'",
			    c->choices, s);
		*ival = c->type == CK_T_INT ? out[0] - '0' : 0;
		return 0;
	case CK_T_UNITS:
		return check_units(s, out, ival, why);
	case CK_T_POINTERS:
		return check_pointers(s, out, why);
	case CK_T_ADJ:
		return check_adj(s, out, why);
	case CK_T_STATE:
		if (strlen(s) != 2 || !((s[0] | 32) >= 'a' && (s[0] | 32) <= 'z')
		    || !((s[1] | 32) >= 'a' && (s[1] | 32) <= 'z'))
			return WHY("expected a two-letter state code, got "
			    "'%.40s'", s);
		strcpy(out, s);
		upper(out);
		return 0;
	case CK_T_DIGITS:
		for (; *s; s++) {
			if (*s >= '0' && *s <= '9')
				*o++ = *s;
			else if (!strchr("-() ", *s))
				return c->phi ? WHY("expected digits") :
				    WHY("expected digits, found '%c'", *s);
		}
		*o = '\0';
		if (o - out > c->max)
			return WHY("expected at most %d digits", c->max);
		return 0;
	case CK_T_DX:
		for (; *s; s++)
			if (*s != '.')
				*o++ = *s;
		*o = '\0';
		upper(out);
		return 0;
	case CK_T_UPPER:
		strcpy(out, s);
		upper(out);
		return 0;
	default:
		strcpy(out, s);
		return 0;
	}
}

/* A private column's message keeps what was expected and drops the
 * value it quotes: ", got 'Smith'" would name the patient. */
static int
hide_value(char *why)
{
	char *p = strstr(why, ", got '");

	if (p == NULL)
		p = strstr(why, ", found '");
	if (p)
		snprintf(p, 256 - (size_t)(p - why), " (the value is private "
		    "and not shown)");
	return -1;
}

int
ck_column_check(const struct ck_column *c, char *raw, char *out,
    int64_t *ival, char *why)
{
	int rc;

	char *s = raw, *e;
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	*ival = 0;
	if (*s == '\0') {
		if (c->required)
			return WHY("expected a value, found none");
		if (c->dflt == NULL) {
			out[0] = '\0';
			return 1;
		}
		s = (char *)c->dflt;
	}
	if (check_text(s, why) < 0)
		return -1;
	/* X12 lengths count characters; separators of digits don't count. */
	n = chars(s);
	if (n > c->max && !(c->type == CK_T_DIGITS && n <= 2 * (size_t)c->max))
		return WHY("expected at most %d characters, got %zu", c->max,
		    n);
	if ((rc = check_typed(c, s, out, ival, why)) < 0 && c->phi)
		return hide_value(why);
	return rc;
}
