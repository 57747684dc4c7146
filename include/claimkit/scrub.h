/*
 * scrub.h - the checks a claim must pass before it is batched: faults a
 * clearinghouse or payer would reject it for, found here where they can
 * be named and fixed.  The import checked each value's form; the scrub
 * checks code sets, sums, the links between fields, and the characters
 * an 837P cannot carry.  lib/scrub.c lists the rules, and why each.
 */
#ifndef CLAIMKIT_SCRUB_H
#define CLAIMKIT_SCRUB_H

#include "claimkit/claim.h"

/*
 * The delimiters the 837P writer declares in ISA: element, component,
 * repetition, segment.  A text value holding one is refused by the
 * scrub (rule "x12_chars"); keep the two in step.
 */
#define CK_X12_DELIMITERS "*:^~"

/*
 * One failed check.  rule is a short, stable name ("npi", "zip",
 * "balance" ...; the table in lib/scrub.c lists them); col the column
 * at fault (enum ck_col), or -1 for the claim as a whole; line the
 * 1-based service line, or 0 for a claim-level column.  message starts
 * with "expected", names neither the claim nor the column (the caller
 * prefixes them, as for import errors) and never repeats patient data
 * or dates: codes, counts and amounts only.
 */
struct ck_scrub_issue {
	const char *rule;
	int col;
	int line;
	char message[256];
};

/*
 * Called once per issue.  Returns 0 to go on, or non-zero to stop the
 * scrub (the batch runner stops at the first issue, the scrub verb
 * lists them all).  is and its message live only during the call.
 */
typedef int (*ck_scrub_cb)(void *arg, const struct ck_claim *cl,
    const struct ck_scrub_issue *is);

/*
 * Checks cl and calls cb (if not NULL) for each failed check, in a
 * stable order: rule by rule as lib/scrub.c lists them, the claim
 * before its lines, lines in order.  today is YYYY-MM-DD, or NULL for
 * the local date.  Returns the number of failed checks, 0 for a clean
 * claim; or, when cb returned non-zero, that value made negative (-r
 * for r > 0, r itself for r < 0), so a negative result always means
 * "stopped by the callback" and keeps the callback's own code.
 */
int ck_scrub_claim(const struct ck_claim *cl, const char *today,
    ck_scrub_cb cb, void *arg);

/*
 * Returns 1 when npi is an NPI: 10 digits whose last is the Luhn check
 * digit of "80840" followed by the first 9 (CMS, "Requirements for NPI
 * check digit"); 0 otherwise.
 */
int ck_npi_valid(const char *npi);

/*
 * Returns 1 when state is a code N402 takes for the United States
 * (states, DC, territories, armed forces), 2 for a Canadian province
 * or territory (N404 is then CA), 0 for neither.
 */
int ck_state_country(const char *state);

#endif
