/*
 * The reader feeds libcsv one physical line at a time so that every row
 * and every syntax error can be given the line it is on: libcsv itself
 * knows nothing of lines.
 */
#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "claimkit/csv.h"
#include "csv_int.h"

/* Longest line read: far above any real claim row, low enough that a
 * runaway file cannot take the machine's memory. */
#define CK_MAX_LINE ((ssize_t)64 << 20)

struct rowbuf {
	char *buf;              /* fields back to back, each NUL-terminated */
	size_t len, cap;
	size_t *off, *flen;
	size_t nf, fcap;
	long line;
	struct ck_row row;
	char **ptrs;
	size_t pcap;
};

struct ck_reader {
	FILE *fp;
	int own_fp;
	char *name;
	int tsv;
	struct csv_parser csv;
	char *line;             /* getline buffer */
	size_t linecap;
	long lineno;
	int at_row_start;
	int csv_idle;           /* libcsv holds nothing of a row */
	int eof;
	ssize_t peeked;         /* length of a line read but not fed, or -1 */
	/* rows[0..nready) are complete; rows[nready] is being filled */
	struct rowbuf rows[2];
	size_t nready, next;
	int oom;
	int rows_this_line;
	int in_text;            /* libcsv reads a line's text, not its end */
	struct rowbuf header;
	struct ck_err *err;
};

static int
grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 16;
	void *q;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	if ((q = realloc(*p, n * size)) == NULL)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

static int
rb_add(struct rowbuf *rb, const char *s, size_t len)
{
	if (grow((void **)&rb->buf, &rb->cap, rb->len + len + 1, 1) < 0)
		return -1;
	if (rb->nf == rb->fcap) {
		size_t c = rb->fcap;
		if (grow((void **)&rb->off, &c, rb->nf + 1, sizeof(size_t)) < 0)
			return -1;
		c = rb->fcap;
		if (grow((void **)&rb->flen, &c, rb->nf + 1, sizeof(size_t)) < 0)
			return -1;
		rb->fcap = c;
	}
	if (len)
		memcpy(rb->buf + rb->len, s, len);
	rb->buf[rb->len + len] = '\0';
	rb->off[rb->nf] = rb->len;
	rb->flen[rb->nf++] = len;
	rb->len += len + 1;
	return 0;
}

static struct ck_row *
rb_row(struct rowbuf *rb)
{
	if (grow((void **)&rb->ptrs, &rb->pcap, rb->nf + 1, sizeof(char *)) < 0)
		return NULL;
	for (size_t i = 0; i < rb->nf; i++)
		rb->ptrs[i] = rb->buf + rb->off[i];
	rb->row.n = rb->nf;
	rb->row.f = rb->ptrs;
	rb->row.len = rb->flen;
	rb->row.line = rb->line;
	return &rb->row;
}

static void
rb_free(struct rowbuf *rb)
{
	free(rb->buf);
	free(rb->off);
	free(rb->flen);
	free(rb->ptrs);
}

static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static struct rowbuf *
filling(struct ck_reader *r)
{
	return &r->rows[r->nready];
}

/* Adds field f, NUL-terminated at f[len], taking off the quote the
 * writer guarded it with (ck_csv_guarded): claimkit reads what it wrote.
 * Both the libcsv path and the plain-line path come through here. */
static int
add_field(struct rowbuf *rb, char *f, size_t len)
{
	if (len > 1 && f[0] == '\'' && ck_csv_guarded(f)) {
		f++;
		len--;
	}
	return rb_add(rb, f, len);
}

static void
on_field(void *s, size_t len, void *data)
{
	struct ck_reader *r = data;
	char none[1] = "";

	if (add_field(filling(r), s ? s : none, s ? len : 0) < 0)
		r->oom = 1;
}

/* The filling row is complete: queue it and start the next one empty. */
static void
end_row(struct ck_reader *r)
{
	r->nready++;
	filling(r)->nf = 0;
	filling(r)->len = 0;
	r->at_row_start = 1;
}

static void
on_row(int c, void *data)
{
	struct ck_reader *r = data;

	(void)c;
	/* A line is fed only when the queue is empty, and ends at most one
	 * row, at its line end: a row ended before it (in_text), or a second
	 * one, was ended by a bare carriage return. */
	if (r->in_text || ++r->rows_this_line > 1) {
		r->oom = 2;
		return;
	}
	end_row(r);
}

static int
tsv_unescape_add(struct rowbuf *rb, char *s, size_t len)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 1 < len) {
			char c = s[i + 1];
			char v = c == 't' ? '\t' : c == 'n' ? '\n' :
			    c == 'r' ? '\r' : c == '\\' ? '\\' : 0;
			if (v) {
				s[o++] = v;
				i++;
				continue;
			}
		}
		s[o++] = s[i];
	}
	return rb_add(rb, s, o);
}

/* Splits the line s[0..len) on delim into a row of its own, each field
 * NUL-terminated in place and handed to add. */
static int
split_row(struct ck_reader *r, char *s, size_t len, int delim,
    int (*add)(struct rowbuf *, char *, size_t))
{
	struct rowbuf *rb = filling(r);
	char *p = s, *end = s + len, *t;

	rb->nf = 0;
	rb->len = 0;
	for (;;) {
		t = memchr(p, delim, (size_t)(end - p));
		if (t == NULL)
			t = end;
		*t = '\0';
		if (add(rb, p, (size_t)(t - p)) < 0)
			return -1;
		if (t == end)
			break;
		p = t + 1;
	}
	end_row(r);
	return 0;
}

/* Tests only (csv_int.h): every CSV line through libcsv, or not; how
 * many went the plain way. */
static int csv_slow;
static unsigned long plain_lines;

void
ck_csv_set_slow(int slow)
{
	csv_slow = slow;
}

unsigned long
ck_csv_plain_lines(void)
{
	return plain_lines;
}

/*
 * Most lines hold no quote: libcsv would walk each byte through its state
 * machine and call back per field only to split them on commas, as here,
 * which does it with memchr.  That is exactly libcsv's reading of such a
 * line under the reader's options (strict, spaces kept): an empty field
 * between commas or at either end, no bytes dropped.  A CR inside a line
 * is a row end or an error to libcsv, so such a line goes there too, as
 * does any line while libcsv holds part of a row (csv_idle).
 */
static int
plain_line(const struct ck_reader *r, const char *s, size_t k)
{
	return !csv_slow && !r->tsv && r->csv_idle &&
	    memchr(s, '"', k) == NULL && memchr(s, '\r', k) == NULL;
}

/* Length of the line s[0..n) without the CRs and LFs it ends with. */
static size_t
content_len(const char *s, size_t n)
{
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return n;
}

/* After libcsv read a line: it holds nothing of a row when one row ended
 * on the line and the line has no CR before its line end, so the row
 * ended there.  A CR within may have ended a row early and begun
 * another: assume it did until a later line ends a row. */
static void
note_idle(struct ck_reader *r, size_t n)
{
	r->csv_idle = r->rows_this_line == 1 &&
	    memchr(r->line, '\r', content_len(r->line, n)) == NULL;
}

static int
fail_data(struct ck_reader *r, long line, size_t field, const char *what)
{
	return ck_err_set(r->err, CK_DATA, "%s:%ld:%zu: %s", r->name, line,
	    field, what);
}

/* A UTF-16 file (a spreadsheet's "Unicode text") read as bytes has a
 * NUL in every ASCII character: named here, it would otherwise come out
 * as a header of empty or doubled names. */
static int
not_utf16(struct ck_reader *r, const unsigned char *s, size_t n)
{
	const char *from;

	if (n >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) ||
	    (s[0] == 0xFE && s[1] == 0xFF)))
		from = "UTF-16";        /* the BOM tells iconv which end */
	else if (memchr(s, '\0', n) == NULL)
		return 0;
	else
		from = s[0] == '\0' ? "UTF-16BE" : "UTF-16LE";
	return ck_err_set(r->err, CK_DATA, "%s:1:1: the file is UTF-16 text "
	    "(as a spreadsheet saves \"Unicode text\"): expected UTF-8; "
	    "convert it first, as with iconv -f %s -t UTF-8", r->name, from);
}

/* Line 1: refused when UTF-16, its UTF-8 byte order mark dropped. */
static int
first_line(struct ck_reader *r, ssize_t *n)
{
	if (not_utf16(r, (const unsigned char *)r->line, (size_t)*n))
		return r->err->code;
	if (*n >= 3 && memcmp(r->line, "\xEF\xBB\xBF", 3) == 0) {
		memmove(r->line, r->line + 3, (size_t)*n - 2);
		*n -= 3;
	}
	return 0;
}

/* A line read at a row's start: skipped when blank, split here when TSV
 * or plain; else (0) left to libcsv. */
static int
start_row(struct ck_reader *r, size_t n)
{
	size_t k = content_len(r->line, n);

	if (k == 0)
		return 1;               /* blank line between rows */
	filling(r)->line = r->lineno;
	/* libcsv skips a CR before a row begins: a bare CR all the same */
	if (!r->tsv && r->line[0] == '\r') {
		r->oom = 2;
		return 1;
	}
	r->at_row_start = 0;
	if (!r->tsv && !plain_line(r, r->line, k))
		return 0;
	plain_lines += !r->tsv;
	if (split_row(r, r->line, k, r->tsv ? '\t' : ',',
	    r->tsv ? tsv_unescape_add : add_field) < 0)
		r->oom = 1;
	return 1;
}

/* Feeds the line to libcsv: its text, then its line end apart, so that
 * a row ended within the text is known to be a bare CR's doing (a quoted
 * field's CR ends nothing; the last line may have no LF). */
static int
feed_csv(struct ck_reader *r, size_t n)
{
	size_t k = content_len(r->line, n), done;
	char what[160];

	r->in_text = 1;
	done = csv_parse(&r->csv, r->line, k, on_field, on_row, r);
	r->in_text = 0;
	if (done == k)
		done += csv_parse(&r->csv, r->line + k, n - k, on_field, on_row,
		    r);
	note_idle(r, n);
	if (done == n || r->oom)
		return 0;
	snprintf(what, sizeof(what), "bad quoting at character %zu of the "
	    "line: expected '\"' to open or close a field, or a delimiter "
	    "after a closing quote", done + 1);
	return fail_data(r, r->lineno, filling(r)->nf + 1, what);
}

/* Reads and feeds lines until a row is complete or input ends. */
static int
fill(struct ck_reader *r)
{
	ssize_t n;

	while (r->nready == 0 && !r->eof) {
		errno = 0;
		if (r->peeked >= 0) {
			n = r->peeked;
			r->peeked = -1;
		} else
			n = getline(&r->line, &r->linecap, r->fp);
		if (n < 0) {
			if (ferror(r->fp))
				return ck_err_set(r->err, CK_FAIL,
				    "cannot read '%s': %s", r->name,
				    strerror(errno));
			r->eof = 1;
			if (!r->tsv) {
				if (csv_fini(&r->csv, on_field, on_row, r) != 0)
					return fail_data(r, r->rows[0].line,
					    r->rows[0].nf + 1,
					    "unterminated quoted field: "
					    "expected a closing '\"' before the "
					    "end of the file");
			}
			break;
		}
		r->lineno++;
		r->rows_this_line = 0;
		if (n > CK_MAX_LINE)
			return fail_data(r, r->lineno, filling(r)->nf + 1,
			    "line longer than 64 MiB: expected a claim table");
		if (r->lineno == 1 && first_line(r, &n) != 0)
			return r->err->code;
		if ((!r->at_row_start || !start_row(r, (size_t)n)) &&
		    feed_csv(r, (size_t)n) != 0)
			return r->err->code;
		if (r->oom == 2)
			return fail_data(r, r->lineno, 1, "expected lines to end "
			    "with LF or CRLF, found a carriage return (CR) alone");
		if (r->oom)
			return ck_err_set(r->err, CK_FAIL,
			    "%s:%ld: out of memory", r->name, r->lineno);
	}
	return 0;
}

static int
take(struct ck_reader *r, struct ck_row **row)
{
	int rc;

	if (r->next == r->nready) {
		/* All handed out: move the row being filled to the front. */
		struct rowbuf tmp = r->rows[0];
		r->rows[0] = r->rows[r->nready];
		r->rows[r->nready] = tmp;
		r->nready = r->next = 0;
		if ((rc = fill(r)) != 0)
			return rc;
		if (r->nready == 0)
			return 0;
	}
	if ((*row = rb_row(&r->rows[r->next++])) == NULL)
		return ck_err_set(r->err, CK_FAIL, "out of memory");
	return 1;
}

static int
check_header(struct ck_reader *r, const struct ck_row *h)
{
	char what[200];

	for (size_t i = 0; i < h->n; i++) {
		if (h->len[i] == 0)
			return fail_data(r, h->line, i + 1,
			    "expected a column name, found an empty one");
		for (size_t j = 0; j < i; j++) {
			if (strcmp(h->f[i], h->f[j]) == 0) {
				snprintf(what, sizeof(what), "column '%.60s' "
				    "appears twice (also field %zu): expected "
				    "each column once", h->f[i], j + 1);
				return fail_data(r, h->line, i + 1, what);
			}
		}
	}
	return 0;
}

int
ck_reader_open(struct ck_reader **rp, const char *path, enum ck_format fmt,
    struct ck_err *err)
{
	struct ck_reader *r;
	struct ck_row *h;
	int rc;

	*rp = NULL;
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return ck_err_set(err, CK_FAIL, "out of memory");
	r->err = err;
	r->at_row_start = 1;
	r->csv_idle = 1;
	if (path == NULL || strcmp(path, "-") == 0) {
		r->fp = stdin;
		r->name = strdup("<stdin>");
	} else {
		r->fp = fopen(path, "r");
		r->own_fp = 1;
		r->name = strdup(path);
		if (r->fp == NULL) {
			rc = ck_err_set(err, CK_FAIL, "cannot open '%s': %s",
			    path, strerror(errno));
			ck_reader_close(r);
			return rc;
		}
	}
	if (csv_init(&r->csv, CSV_STRICT | CSV_STRICT_FINI |
	    CSV_APPEND_NULL) != 0 || r->name == NULL) {
		ck_reader_close(r);
		return ck_err_set(err, CK_FAIL, "out of memory");
	}
	/* Keep spaces: the importer trims where trimming is right. */
	csv_set_space_func(&r->csv, no_space);
	/* libcsv grows a field by this much at a time: a small step makes a
	 * 10 MB field cost thousands of copies. */
	csv_set_blk_size(&r->csv, 256 * 1024);
	r->tsv = fmt == CK_FMT_TSV;
	r->peeked = -1;
	if (fmt == CK_FMT_AUTO) {
		/* The header line chooses: a tab in it means TSV. */
		r->peeked = getline(&r->line, &r->linecap, r->fp);
		if (r->peeked > 0 && memchr(r->line, '\t', (size_t)r->peeked))
			r->tsv = 1;
		if (r->peeked < 0 && ferror(r->fp)) {
			rc = ck_err_set(err, CK_FAIL, "cannot read '%s': %s",
			    r->name, strerror(errno));
			ck_reader_close(r);
			return rc;
		}
	}
	rc = take(r, &h);
	if (rc == 0)
		rc = ck_err_set(err, CK_DATA, "%s:1:1: expected a header row, "
		    "found an empty file", r->name);
	if (rc < 0 || rc > 1) {
		ck_reader_close(r);
		return rc;
	}
	if ((rc = check_header(r, h)) != 0) {
		ck_reader_close(r);
		return rc;
	}
	/* Keep the header where later rows cannot overwrite it. */
	r->header = r->rows[r->next - 1];
	memset(&r->rows[r->next - 1], 0, sizeof(struct rowbuf));
	rb_row(&r->header);
	*rp = r;
	return 0;
}

int
ck_reader_next(struct ck_reader *r, struct ck_row **row, struct ck_err *err)
{
	char what[120];
	int rc;

	r->err = err;
	if ((rc = take(r, row)) != 1)
		return rc;
	if ((*row)->n != r->header.row.n) {
		snprintf(what, sizeof(what), "expected %zu fields as in the "
		    "header, found %zu", r->header.row.n, (*row)->n);
		return fail_data(r, (*row)->line, (*row)->n < r->header.row.n ?
		    (*row)->n + 1 : r->header.row.n + 1, what);
	}
	return 1;
}

const struct ck_row *
ck_reader_header(const struct ck_reader *r)
{
	return &r->header.row;
}

int
ck_reader_col(const struct ck_reader *r, const char *name)
{
	for (size_t i = 0; i < r->header.row.n; i++)
		if (strcmp(r->header.row.f[i], name) == 0)
			return (int)i;
	return -1;
}

const char *
ck_reader_name(const struct ck_reader *r)
{
	return r->name;
}

void
ck_reader_close(struct ck_reader *r)
{
	if (r == NULL)
		return;
	if (r->own_fp && r->fp)
		fclose(r->fp);
	csv_free(&r->csv);
	for (size_t i = 0; i < sizeof(r->rows) / sizeof(r->rows[0]); i++)
		rb_free(&r->rows[i]);
	rb_free(&r->header);
	free(r->line);
	free(r->name);
	free(r);
}

static int csv_raw;

void
ck_csv_set_raw(int raw)
{
	csv_raw = raw;
}

/* A plain number, such as money: -12.00, 3, +1.5. */
static int
number(const char *s)
{
	size_t n;

	s += *s == '-' || *s == '+';
	if ((n = strspn(s, "0123456789")) == 0)
		return 0;
	s += n;
	if (*s == '.' && (n = strspn(s + 1, "0123456789")) > 0)
		s += n + 1;
	return *s == '\0';
}

int
ck_csv_guarded(const char *s)
{
	while (*s == '\'')
		s++;
	return *s != '\0' && strchr("=+-@\t\r", *s) != NULL && !number(s);
}

static int
put_csv(FILE *fp, const char *s)
{
	/* the guard's quote goes inside the field's double quotes */
	const char *p, *lead = !csv_raw && ck_csv_guarded(s) ? "'" : "";

	if (s[strcspn(s, ",\"\r\n")] == '\0' && s[0] != ' ' &&
	    (s[0] == '\0' || s[strlen(s) - 1] != ' '))
		return fputs(lead, fp) == EOF ? EOF : fputs(s, fp);
	if (putc('"', fp) == EOF || fputs(lead, fp) == EOF)
		return EOF;
	for (p = s; *p; p++) {
		if (*p == '"' && putc('"', fp) == EOF)
			return EOF;
		if (putc(*p, fp) == EOF)
			return EOF;
	}
	return putc('"', fp);
}

static int
put_tsv(FILE *fp, const char *s)
{
	for (; *s; s++) {
		const char *e = *s == '\t' ? "\\t" : *s == '\n' ? "\\n" :
		    *s == '\r' ? "\\r" : *s == '\\' ? "\\\\" : NULL;
		if (e ? fputs(e, fp) == EOF : putc(*s, fp) == EOF)
			return EOF;
	}
	return 0;
}

int
ck_write_row(struct ck_writer *w, const char *const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *s = fields[i] ? fields[i] : "";
		if (i && putc(w->tsv ? '\t' : ',', w->fp) == EOF)
			return -1;
		if ((w->tsv ? put_tsv(w->fp, s) : put_csv(w->fp, s)) == EOF)
			return -1;
	}
	return putc('\n', w->fp) == EOF ? -1 : 0;
}
