/*
 * Fee schedule import: each field checked as the claim import checks
 * the claim column of the same kind, so a procedure or a modifier means
 * the same thing in both tables.
 */
#include <string.h>

#include "claimkit/claim.h"
#include "claimkit/fees.h"

static const struct ck_column fee_cols[] = {
	{"payer_id", 0, 0, 0, CK_T_UPPER, 80, NULL, NULL},
	{"procedure", 0, 1, 0, CK_T_UPPER, 48, NULL, NULL},
	{"modifier", 0, 0, 0, CK_T_UPPER, 2, NULL, NULL},
	{"effective", 0, 1, 0, CK_T_DATE, 10, NULL, NULL},
	{"charge", 0, 1, 0, CK_T_MONEY, 20, NULL, NULL},
};
#define NFEE (sizeof(fee_cols) / sizeof(fee_cols[0]))

static int
fee_header(struct ck_reader *r, int *hdr, struct ck_err *err)
{
	const struct ck_row *h = ck_reader_header(r);

	for (size_t c = 0; c < NFEE; c++)
		if ((hdr[c] = ck_reader_col(r, fee_cols[c].name)) < 0 &&
		    fee_cols[c].required)
			return ck_err_set(err, CK_DATA, "%s:%ld: missing column "
			    "'%s': expected payer_id, procedure, modifier, "
			    "effective, charge", ck_reader_name(r), h->line,
			    fee_cols[c].name);
	for (size_t i = 0; i < h->n; i++) {
		size_t c = 0;
		while (c < NFEE && strcmp(h->f[i], fee_cols[c].name))
			c++;
		if (c == NFEE)
			return ck_err_set(err, CK_DATA, "%s:%ld:%zu: unknown "
			    "column '%.60s': expected payer_id, procedure, "
			    "modifier, effective, charge", ck_reader_name(r),
			    h->line, i + 1, h->f[i]);
	}
	return 0;
}

static int
fee_row(struct ck_store *st, struct ck_reader *r, const int *hdr,
    struct ck_row *row, struct ck_err *err)
{
	char out[NFEE][128], why[256], empty[1] = "";
	int64_t iv[NFEE];
	struct ck_fee f;
	long first;
	int rc;

	for (size_t c = 0; c < NFEE; c++) {
		char *raw = hdr[c] >= 0 ? row->f[hdr[c]] : empty;

		rc = ck_column_check(&fee_cols[c], raw, out[c], &iv[c], why);
		if (rc < 0)
			return ck_err_set(err, CK_DATA, "%s:%ld:%d: %s: %s",
			    ck_reader_name(r), row->line, hdr[c] + 1,
			    fee_cols[c].name, why);
		if (rc == 1)
			out[c][0] = '\0';
	}
	f = (struct ck_fee){out[0], out[1], out[2], out[3], iv[4]};
	if ((rc = ck_store_fee_put(st, &f, row->line, &first, err)) || !first)
		return rc;
	return ck_err_set(err, CK_DATA, "%s:%ld: a second fee for procedure "
	    "'%s', modifier '%s', payer '%s', effective %s: line %ld has "
	    "one; expected each once", ck_reader_name(r), row->line,
	    f.procedure, f.modifier, f.payer_id, f.effective, first);
}

int
ck_fees_import(struct ck_store *st, const char *path, enum ck_format fmt,
    long *n, struct ck_err *err)
{
	struct ck_reader *r = NULL;
	struct ck_row *row;
	int hdr[NFEE], rc;
	char after[64];

	*n = 0;
	if ((rc = ck_reader_open(&r, path, fmt, err)))
		return rc;
	if ((rc = fee_header(r, hdr, err)) == 0 &&
	    (rc = ck_store_begin(st, err)) == 0) {
		if ((rc = ck_store_fee_begin(st, err)) == 0)
			while ((rc = ck_reader_next(r, &row, err)) == 1 &&
			    (rc = fee_row(st, r, hdr, row, err)) == 0)
				++*n;
		snprintf(after, sizeof(after), "fees=%ld", *n);
		if (rc == 0 && (rc = ck_audit(st, "fees import",
		    ck_reader_name(r), NULL, after, err)) == 0)
			rc = ck_store_commit(st, err);
		if (rc)
			ck_store_rollback(st);
	}
	ck_reader_close(r);
	if (rc)
		*n = 0;
	return rc;
}
