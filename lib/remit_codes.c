/*
 * What CARC and RARC codes mean, from data/x12/carc.csv and rarc.csv
 * (compiled in; see their header lines for source and date).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimkit/remit.h"
#include "x12read_int.h"
#include "x12_remit_codes.h"

const char *
ck_carc_text(const char *code)
{
	return ck_xr_code_text(carc_codes, code);
}

const char *
ck_rarc_text(const char *code)
{
	return ck_xr_code_text(rarc_codes, code);
}

/* One word of a codes column: "CO-45:35.00" (a CARC) or "N130" (a
 * RARC), described when the lists know it. */
static void
describe_word(struct ck_xr_text *t, const char *w, size_t n)
{
	char word[64], *colon;
	const char *what;

	if (n >= sizeof(word))
		return;
	memcpy(word, w, n);
	word[n] = '\0';
	if (n > 3 && word[2] == '-' && isupper((unsigned char)word[0])) {
		if ((colon = strchr(word, ':')) != NULL)
			*colon = '\0';
		what = ck_carc_text(word + 3);
	} else
		what = ck_rarc_text(word);
	ck_xr_text_add(t, "; ", "%s%s%s", word, what ? " " : "",
	    what ? what : "");
}

void
ck_remit_describe(const char *codes, char *out, size_t size)
{
	struct ck_xr_text t;
	const char *p = codes;

	ck_xr_text_clear(&t);
	while (*p != '\0') {
		size_t n = strcspn(p, " ");

		if (n > 0)
			describe_word(&t, p, n);
		p += n;
		p += strspn(p, " ");
	}
	snprintf(out, size, "%s", t.s);
}
