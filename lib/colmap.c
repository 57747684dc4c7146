/*
 * Column maps: a practice-management export names the claim columns its
 * own way and carries columns of its own; the map says which of its
 * columns is which of ours and which to ignore (claimkit(5)).
 */
#include <stdlib.h>
#include <string.h>

#include "claimkit/claim.h"
#include "claimkit/import.h"

/* from[i] is read as the claim column to[i], or ignored when to[i] is
 * empty. */
struct ck_colmap {
	size_t n;
	char **from, **to;
};

/* Index of the entry for export column h, or -1. */
static int
find(const struct ck_colmap *m, const char *h)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->from[i], h) == 0)
			return (int)i;
	return -1;
}

static int
push(struct ck_colmap *m, const char *from, const char *to)
{
	char **f = realloc(m->from, (m->n + 1) * sizeof(char *));
	char **t = f ? realloc(m->to, (m->n + 1) * sizeof(char *)) : NULL;

	if (f)
		m->from = f;
	if (t)
		m->to = t;
	if (f == NULL || t == NULL || (m->from[m->n] = strdup(from)) == NULL)
		return -1;
	if ((m->to[m->n] = strdup(to)) == NULL) {
		free(m->from[m->n]);
		return -1;
	}
	m->n++;
	return 0;
}

static int
add_row(struct ck_colmap *m, struct ck_reader *r, struct ck_row *row,
    int fc, int tc, struct ck_err *err)
{
	const char *from = row->f[fc], *to = row->f[tc], *name = ck_reader_name(r);

	if (*from == '\0')
		return ck_err_set(err, CK_DATA, "%s:%ld:%d: expected the "
		    "export's column name, found none", name, row->line, fc + 1);
	if (*to && ck_column_find(to) < 0)
		return ck_err_set(err, CK_DATA, "%s:%ld:%d: unknown claim "
		    "column '%.60s': expected one named in claimkit(5), or "
		    "nothing to ignore the export's column", name, row->line,
		    tc + 1, to);
	if (find(m, from) >= 0)
		return ck_err_set(err, CK_DATA, "%s:%ld:%d: '%.60s' is "
		    "mapped twice: expected each export column once", name,
		    row->line, fc + 1, from);
	if (push(m, from, to) < 0)
		return ck_err_set(err, CK_FAIL, "out of memory");
	return 0;
}

int
ck_colmap_load(struct ck_colmap **mp, const char *path, struct ck_err *err)
{
	struct ck_colmap *m;
	struct ck_reader *r;
	struct ck_row *row;
	int fc, tc, rc;

	*mp = NULL;
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return ck_err_set(err, CK_FAIL, "out of memory");
	if ((rc = ck_reader_open(&r, path, CK_FMT_AUTO, err))) {
		free(m);
		return rc;
	}
	fc = ck_reader_col(r, "from");
	tc = ck_reader_col(r, "to");
	if (fc < 0 || tc < 0 || ck_reader_header(r)->n != 2)
		rc = ck_err_set(err, CK_DATA, "%s:1: expected the header "
		    "'from,to' of a column map", ck_reader_name(r));
	while (rc == 0 && (rc = ck_reader_next(r, &row, err)) == 1)
		rc = add_row(m, r, row, fc, tc, err);
	ck_reader_close(r);
	if (rc) {
		ck_colmap_free(m);
		return rc;
	}
	*mp = m;
	return 0;
}

const char *
ck_colmap_name(const struct ck_colmap *m, const char *h)
{
	int i = m ? find(m, h) : -1;

	if (i < 0)
		return h;
	return *m->to[i] ? m->to[i] : NULL;
}

void
ck_colmap_free(struct ck_colmap *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->n; i++) {
		free(m->from[i]);
		free(m->to[i]);
	}
	free(m->from);
	free(m->to);
	free(m);
}
