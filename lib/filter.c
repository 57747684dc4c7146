#include <stdlib.h>
#include <string.h>

#include "claimkit/date.h"
#include "claimkit/filter.h"

const char *const ck_statuses[] = {
	"ready", "batched", "sent", "accepted", "rejected", "paid", "denied",
	"settled", "replaced", "partial", "reversed", "forwarded", "session",
	"invoice", "balance", NULL
};

static int
push(struct ck_strlist *l, const char *val, struct ck_err *err)
{
	char **v = realloc(l->v, (size_t)(l->n + 1) * sizeof(*v));

	if (v == NULL || (v[l->n] = strdup(val)) == NULL) {
		if (v)
			l->v = v;
		return ck_err_set(err, CK_FAIL, "out of memory");
	}
	l->v = v;
	l->n++;
	return 0;
}

static int
set_date(char *dst, const char *name, const char *val, struct ck_err *err)
{
	if (ck_date_check(val) < 0)
		return ck_err_set(err, CK_USAGE, "--%s: expected a date as "
		    "YYYY-MM-DD, got '%s'", name, val);
	strcpy(dst, val);
	return 0;
}

static int
set_status(struct ck_filter *f, const char *val, struct ck_err *err)
{
	if (strcmp(val, "open") == 0)
		return push(&f->status, val, err);
	for (int i = 0; ck_statuses[i]; i++)
		if (strcmp(val, ck_statuses[i]) == 0)
			return push(&f->status, val, err);
	return ck_err_set(err, CK_USAGE, "--status: expected open, ready, "
	    "batched, sent, accepted, rejected, paid, denied, settled, "
	    "replaced, partial, reversed, forwarded, session, invoice or "
	    "balance, got '%s'", val);
}

int
ck_filter_set(struct ck_filter *f, int opt, const char *val,
    struct ck_err *err)
{
	switch (opt - CK_FILTER_OPT) {
	case 0:
		/* the import stores payer ids upper-case */
		if (push(&f->payer, val, err))
			return err->code;
		for (char *p = f->payer.v[f->payer.n - 1]; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p -= 32;
		return 0;
	case 1:
		return push(&f->provider, val, err);
	case 2:
		return push(&f->office, val, err);
	case 3:
		return set_date(f->from, "from", val, err);
	case 4:
		return set_date(f->to, "to", val, err);
	case 5:
		return set_date(f->before, "before", val, err);
	case 6:
		return set_status(f, val, err);
	case 7:
		if (strcmp(val, "electronic") && strcmp(val, "paper"))
			return ck_err_set(err, CK_USAGE, "--filing: expected "
			    "electronic or paper, got '%s'", val);
		strcpy(f->filing, val);
		return 0;
	case 8:
		if (strcmp(val, "1") && strcmp(val, "2") && strcmp(val, "3"))
			return ck_err_set(err, CK_USAGE, "--rank: expected 1, "
			    "2 or 3, got '%s'", val);
		f->rank = val[0] - '0';
		return 0;
	case 9:
		return push(&f->claim, val, err);
	case 10:
		if (val[0] == '\0' || val[strspn(val, "0123456789")] != '\0')
			return ck_err_set(err, CK_USAGE, "--batch: expected a "
			    "batch number, got '%s'", val);
		return push(&f->batch, val, err);
	}
	return ck_err_set(err, CK_USAGE, "unknown filter option");
}

static void
free_list(struct ck_strlist *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void
ck_filter_free(struct ck_filter *f)
{
	free_list(&f->payer);
	free_list(&f->provider);
	free_list(&f->office);
	free_list(&f->status);
	free_list(&f->claim);
	free_list(&f->batch);
}
