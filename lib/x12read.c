/*
 * Reading X12 answers: a streaming segment reader that checks the
 * envelopes as it goes, and on it the TA1, 999 and 277CA parsers.
 *
 * The reader keeps one fixed buffer.  One loop over the bytes finds a
 * segment's terminator and cuts its elements in place; the bytes of a
 * segment that straddles the end of the buffer are moved to its start
 * before the next read.  So every byte is read once, looked at once and
 * moved at most once: linear, whatever the file's size.  The parsers read
 * a file twice (see x12read.h), and keep only fixed-size state.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "claimkit/x12read.h"

#define X12_BUF (64 * 1024)
#define X12_MAXEL 128           /* X12 segments have fewer than 100 */
#define ISA_LEN 106             /* fixed width, with its terminator */

enum env { ENV_OUT, ENV_ISA, ENV_GS, ENV_ST };

struct ck_x12_reader {
	int fd;
	char *path;
	struct stat st;         /* at open: a rewind checks nothing changed */
	char els, comp, term;   /* separators of the open interchange */
	int eof;
	size_t pos, end;        /* unread bytes: buf[pos .. end) */
	long number;            /* segments started */
	long long work;
	enum env env;
	long interchanges, groups, sets, segs;
	char isa13[16], gs06[16], st02[16], gs08[40], st03[40];
	char *el[X12_MAXEL + 1];
	int off[X12_MAXEL + 1];
	char buf[X12_BUF + 1];
};

/* --- small helpers --- */

static int
is(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

/* A segment id as one number, so that each segment is dispatched with one
 * switch rather than a run of strcmp. */
#define SEG(a, b, c) ((unsigned)(a) << 16 | (unsigned)(b) << 8 | (unsigned)(c))

static unsigned
seg_id(const char *id)
{
	return SEG(id[0], id[1], id[1] ? id[2] : 0);
}

/* The envelope's segments, that the parsers of sets pass over. */
static int
is_outer(unsigned id)
{
	switch (id) {
	case SEG('I', 'S', 'A'):
	case SEG('I', 'E', 'A'):
	case SEG('G', 'S', 0):
	case SEG('G', 'E', 0):
	case SEG('T', 'A', '1'):
		return 1;
	}
	return 0;
}

/* A non-negative integer of 1 to 18 digits; -1 otherwise. */
static int
number(const char *s, long *v)
{
	long n = 0;
	int d = 0;

	for (; *s >= '0' && *s <= '9'; s++, d++) {
		if (d == 18)
			return -1;
		n = n * 10 + (*s - '0');
	}
	if (d == 0 || *s != '\0')
		return -1;
	*v = n;
	return 0;
}

/* Control numbers: N0 ones (ISA13, GS06) compare as numbers, so that
 * "000000001" and "1" agree; others as strings. */
static int
same_control(const char *a, const char *b)
{
	long x, y;

	if (number(a, &x) == 0 && number(b, &y) == 0)
		return x == y;
	return is(a, b);
}

/* An X12 R amount ("65", "65.5", ".5", "-3.20") as cents; -1 when it is
 * not one or has a cent fraction. */
static int
amount(const char *s, long long *cents)
{
	long long whole = 0, frac = 0;
	int neg = 0, d = 0, f = 0;

	if (*s == '-') {
		neg = 1;
		s++;
	}
	for (; *s >= '0' && *s <= '9'; s++, d++) {
		if (d == 15)
			return -1;
		whole = whole * 10 + (*s - '0');
	}
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++, f++) {
			if (f >= 2 && *s != '0')
				return -1;
			if (f < 2)
				frac = frac * 10 + (*s - '0');
		}
	if (d + f == 0 || *s != '\0')
		return -1;
	if (f == 1)
		frac *= 10;
	*cents = (whole * 100 + frac) * (neg ? -1 : 1);
	return 0;
}

/* Copies s into dst; -1 when it does not fit. */
static int
keep(char *dst, size_t size, const char *s)
{
	size_t n = strlen(s);

	if (n >= size)
		return -1;
	memcpy(dst, s, n + 1);
	return 0;
}

/* A bounded text that ends in "..." once full, so memory stays flat. */
struct text {
	char s[2048];
	size_t len;
	int full;
};

static void
text_clear(struct text *t)
{
	t->s[0] = '\0';
	t->len = 0;
	t->full = 0;
}

static void
text_add(struct text *t, const char *sep, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
text_add(struct text *t, const char *sep, const char *fmt, ...)
{
	size_t room = sizeof(t->s) - 4;  /* "..." and NUL always fit */
	va_list ap;
	int n;

	if (t->full)
		return;
	if (t->len > 0 && sep != NULL) {
		n = snprintf(t->s + t->len, room - t->len, "%s", sep);
		t->len = (size_t)n < room - t->len ? t->len + n : room;
	}
	if (t->len < room) {
		va_start(ap, fmt);
		n = vsnprintf(t->s + t->len, room - t->len, fmt, ap);
		va_end(ap);
		t->len = n >= 0 && (size_t)n < room - t->len ? t->len + n : room;
	}
	if (t->len >= room) {
		memcpy(t->s + room - 1, "...", 4);
		t->len = room + 2;
		t->full = 1;
	}
}

/* --- the reader: errors --- */

static int
vfail(const struct ck_x12_reader *r, long n, const char *id,
    struct ck_err *err, const char *fmt, va_list ap)
{
	char msg[768];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (id != NULL && *id != '\0')
		return ck_err_set(err, CK_DATA, "%s: segment %ld (%.3s): %s",
		    r->path, n, id, msg);
	return ck_err_set(err, CK_DATA, "%s: segment %ld: %s", r->path, n,
	    msg);
}

static int
fail_at(const struct ck_x12_reader *r, const char *id, struct ck_err *err,
    const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
fail_at(const struct ck_x12_reader *r, const char *id, struct ck_err *err,
    const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vfail(r, r->number, id, err, fmt, ap);
	va_end(ap);
	return rc;
}

int
ck_x12_fail(const struct ck_x12_reader *r, const struct ck_x12_seg *s,
    struct ck_err *err, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vfail(r, s->number, s->el ? s->el[0] : NULL, err, fmt, ap);
	va_end(ap);
	return rc;
}

/* --- the reader: bytes --- */

/* Moves the unread bytes to the start and reads more after them. */
static int
fill(struct ck_x12_reader *r, struct ck_err *err)
{
	ssize_t n;

	if (r->pos > 0) {
		memmove(r->buf, r->buf + r->pos, r->end - r->pos);
		r->work += (long long)(r->end - r->pos);
		r->end -= r->pos;
		r->pos = 0;
	}
	do
		n = read(r->fd, r->buf + r->end, X12_BUF - r->end);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return ck_err_set(err, CK_FAIL, "%s: %s", r->path,
		    strerror(errno));
	if (n == 0)
		r->eof = 1;
	r->end += (size_t)n;
	r->work += n;
	return 0;
}

/* Skips the CR and LF that may follow a terminator (or lead the file). */
static int
skip_newlines(struct ck_x12_reader *r, struct ck_err *err)
{
	int rc;

	for (;;) {
		while (r->pos < r->end &&
		    (r->buf[r->pos] == '\r' || r->buf[r->pos] == '\n')) {
			r->pos++;
			r->work++;
		}
		if (r->pos < r->end || r->eof)
			return 0;
		if ((rc = fill(r, err)) != 0)
			return rc;
	}
}

/* Ends the segment whose terminator is at t, with n elements. */
static int
cut(struct ck_x12_reader *r, size_t t, int n, struct ck_x12_seg *s)
{
	char *seg = r->buf + r->pos;

	/* a newline terminator may come as CR LF */
	if (r->term == '\n' && t > r->pos && r->buf[t - 1] == '\r')
		t--;
	r->buf[t] = '\0';
	for (int i = 0; i <= n; i++)
		r->el[i] = seg + r->off[i];
	r->work += (long long)(t - r->pos + 1);
	r->pos = t + 1;
	s->el = r->el;
	s->n = n;
	return 0;
}

/* The id at the start of a segment cut short, for an error message. */
static const char *
partial_id(const struct ck_x12_reader *r, char *id)
{
	size_t n = 0;

	while (n < 3 && r->pos + n < r->end &&
	    isalnum((unsigned char)r->buf[r->pos + n]))
		n++;
	memcpy(id, r->buf + r->pos, n);
	id[n] = '\0';
	return id;
}

/* --- the reader: segments --- */

static const int isa_width[16] = {2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9,
    1, 1, 1};

/* Checks the ISA's fixed layout and takes its delimiters. */
static int
isa_layout(struct ck_x12_reader *r, const char *p, struct ck_err *err)
{
	int at = 3;

	r->els = p[3];
	r->comp = p[104];
	r->term = p[105];
	for (int i = 0; i < 16; i++) {
		if (p[at] != r->els)
			return fail_at(r, "ISA", err, "expected the element "
			    "separator '%c' before ISA%02d at byte %d", r->els,
			    i + 1, at + 1);
		for (int k = 1; k <= isa_width[i] && i < 15; k++)
			if (p[at + k] == r->els)
				return fail_at(r, "ISA", err, "expected ISA%02d "
				    "of %d characters", i + 1, isa_width[i]);
		at += 1 + isa_width[i];
	}
	if (isalnum((unsigned char)r->els) || isalnum((unsigned char)r->comp) ||
	    isalnum((unsigned char)r->term) || r->els == r->comp ||
	    r->els == r->term || r->comp == r->term)
		return fail_at(r, "ISA", err, "expected three distinct, "
		    "non-alphanumeric delimiters in ISA (element, ISA16, "
		    "terminator)");
	return 0;
}

/* The ISA: fixed-width, 106 bytes with its terminator. */
static int
read_isa(struct ck_x12_reader *r, struct ck_x12_seg *s, struct ck_err *err)
{
	char *p;
	int rc, at = 3;

	while (r->end - r->pos < ISA_LEN && !r->eof)
		if ((rc = fill(r, err)) != 0)
			return rc;
	p = r->buf + r->pos;
	if (r->end - r->pos < 3 || memcmp(p, "ISA", 3) != 0)
		return fail_at(r, NULL, err, "expected ISA%s",
		    r->interchanges ? " after IEA" : " (is this X12?)");
	if (r->end - r->pos < ISA_LEN)
		return fail_at(r, "ISA", err, "expected an ISA of %d bytes, "
		    "found %zu", ISA_LEN, r->end - r->pos);
	if ((rc = isa_layout(r, p, err)) != 0)
		return rc;
	r->el[0] = p;
	for (int i = 0; i < 16; i++) {
		p[at] = '\0';
		r->el[i + 1] = p + at + 1;
		at += 1 + isa_width[i];
	}
	p[ISA_LEN - 1] = '\0';
	r->pos += ISA_LEN;
	r->work += ISA_LEN;
	s->el = r->el;
	s->n = 16;
	return 0;
}

/* Finds the segment's end and cuts it into elements on the way: one look
 * at each byte.  Elements are kept as offsets from the segment's start
 * until it is whole, since a refill moves the bytes. */
static int
scan(struct ck_x12_reader *r, struct ck_x12_seg *s, struct ck_err *err)
{
	/* locals: stores through buf could alias r's fields */
	char *buf = r->buf, term = r->term, els = r->els, id[4];
	size_t at = r->pos;
	int n = 0, rc;

	r->off[0] = 0;
	for (;;) {
		for (size_t end = r->end; at < end; at++) {
			if (buf[at] == term)
				return cut(r, at, n, s);
			if (buf[at] != els)
				continue;
			if (n == X12_MAXEL)
				return fail_at(r, partial_id(r, id), err,
				    "more than %d elements", X12_MAXEL);
			buf[at] = '\0';
			r->off[++n] = (int)(at + 1 - r->pos);
		}
		if (r->eof)
			return fail_at(r, partial_id(r, id), err,
			    "the file ends inside the segment (no terminator)");
		if (r->pos == 0 && r->end == X12_BUF)
			return fail_at(r, partial_id(r, id), err,
			    "segment longer than %d bytes", X12_BUF);
		at -= r->pos;
		if ((rc = fill(r, err)) != 0)
			return rc;
		at += r->pos;
	}
}

static int
valid_id(const char *id)
{
	size_t n = strlen(id);

	if (n < 2 || n > 3)
		return 0;
	for (; *id; id++)
		if (!isupper((unsigned char)*id) && !isdigit((unsigned char)*id))
			return 0;
	return 1;
}

/* --- the reader: envelopes --- */

static int
count_is(struct ck_x12_reader *r, struct ck_x12_seg *s, struct ck_err *err,
    const char *what, long want)
{
	long n;
	const char *v = ck_x12_el(s, 1);

	if (number(v, &n) != 0 || n != want)
		return ck_x12_fail(r, s, err, "expected %s01 = %ld (%s), "
		    "found '%s'", s->el[0], want, what, v);
	return 0;
}

static int
control_is(struct ck_x12_reader *r, struct ck_x12_seg *s, struct ck_err *err,
    const char *what, const char *want)
{
	const char *v = ck_x12_el(s, 2);

	if (!same_control(v, want))
		return ck_x12_fail(r, s, err, "expected %s02 = %s '%s', "
		    "found '%s'", s->el[0], what, want, v);
	return 0;
}

static int
open_interchange(struct ck_x12_reader *r, struct ck_x12_seg *s,
    struct ck_err *err)
{
	long n;

	if (strlen(s->el[13]) != 9 || number(s->el[13], &n) != 0)
		return ck_x12_fail(r, s, err, "expected 9 digits in ISA13, "
		    "found '%s'", s->el[13]);
	memcpy(r->isa13, s->el[13], 10);
	r->interchanges++;
	r->groups = 0;
	r->env = ENV_ISA;
	return 0;
}

static int
open_group(struct ck_x12_reader *r, struct ck_x12_seg *s, struct ck_err *err)
{
	long n;

	if (number(ck_x12_el(s, 6), &n) != 0 ||
	    keep(r->gs06, sizeof(r->gs06), s->el[6]) != 0)
		return ck_x12_fail(r, s, err, "expected a control number in "
		    "GS06, found '%s'", ck_x12_el(s, 6));
	if (keep(r->gs08, sizeof(r->gs08), ck_x12_el(s, 8)) != 0)
		return ck_x12_fail(r, s, err, "GS08 too long");
	r->groups++;
	r->sets = 0;
	r->env = ENV_GS;
	return 0;
}

static int
open_set(struct ck_x12_reader *r, struct ck_x12_seg *s, struct ck_err *err)
{
	const char *st02 = ck_x12_el(s, 2);

	if (strlen(st02) < 4 || keep(r->st02, 10, st02) != 0)
		return ck_x12_fail(r, s, err, "expected a control number of 4 "
		    "to 9 characters in ST02, found '%s'", st02);
	if (keep(r->st03, sizeof(r->st03), ck_x12_el(s, 3)) != 0)
		return ck_x12_fail(r, s, err, "ST03 too long");
	r->sets++;
	r->segs = 1;
	r->env = ENV_ST;
	return 0;
}

static int
close_set(struct ck_x12_reader *r, struct ck_x12_seg *s, struct ck_err *err)
{
	const char *se02 = ck_x12_el(s, 2);
	int rc;

	if ((rc = count_is(r, s, err, "segments from ST to SE", r->segs)) != 0)
		return rc;
	if (!is(se02, r->st02))
		return ck_x12_fail(r, s, err, "expected SE02 = ST02 '%s', "
		    "found '%s'", r->st02, se02);
	r->env = ENV_GS;
	return 0;
}

static int
in_set(struct ck_x12_reader *r, struct ck_x12_seg *s, struct ck_err *err)
{
	unsigned id = seg_id(s->el[0]);

	r->segs++;
	if (id == SEG('S', 'E', 0))
		return close_set(r, s, err);
	if (is_outer(id) || id == SEG('S', 'T', 0))
		return ck_x12_fail(r, s, err, "expected SE before %s",
		    s->el[0]);
	return 0;
}

/* Checks a segment against the envelope around it. */
static int
envelope(struct ck_x12_reader *r, struct ck_x12_seg *s, struct ck_err *err)
{
	const char *id = s->el[0];
	int rc;

	switch (r->env) {
	case ENV_ISA:
		if (is(id, "TA1") && r->groups == 0)
			return 0;
		if (is(id, "GS"))
			return open_group(r, s, err);
		if (!is(id, "IEA"))
			return ck_x12_fail(r, s, err, "expected %s",
			    r->groups ? "GS or IEA" : "TA1, GS or IEA");
		if ((rc = count_is(r, s, err, "groups in the interchange",
		    r->groups)) != 0 ||
		    (rc = control_is(r, s, err, "ISA13", r->isa13)) != 0)
			return rc;
		r->env = ENV_OUT;
		return 0;
	case ENV_GS:
		if (is(id, "ST"))
			return open_set(r, s, err);
		if (!is(id, "GE"))
			return ck_x12_fail(r, s, err, "expected ST or GE");
		if ((rc = count_is(r, s, err, "transaction sets in the group",
		    r->sets)) != 0 ||
		    (rc = control_is(r, s, err, "GS06", r->gs06)) != 0)
			return rc;
		r->env = ENV_ISA;
		return 0;
	case ENV_ST:
		return in_set(r, s, err);
	case ENV_OUT:
		break;
	}
	return open_interchange(r, s, err);
}

static int
at_end(struct ck_x12_reader *r, struct ck_x12_seg *s, struct ck_err *err)
{
	static const char *const want[] = {"ISA", "IEA", "GE", "SE"};

	if (r->env == ENV_OUT && r->interchanges > 0) {
		s->el = NULL;
		s->n = 0;
		return 0;
	}
	r->number++;
	return fail_at(r, NULL, err, "expected %s, found the end of the file%s",
	    want[r->env], r->interchanges ? "" : " (the file is empty)");
}

int
ck_x12_next(struct ck_x12_reader *r, struct ck_x12_seg *s,
    struct ck_err *err)
{
	int rc;

	if ((rc = skip_newlines(r, err)) != 0)
		return rc;
	if (r->pos == r->end)
		return at_end(r, s, err);
	s->number = ++r->number;
	rc = r->env == ENV_OUT ? read_isa(r, s, err) : scan(r, s, err);
	if (rc != 0)
		return rc;
	if (!valid_id(s->el[0]))
		return fail_at(r, NULL, err, "expected a segment id, found "
		    "'%.10s'", s->el[0]);
	return envelope(r, s, err);
}

/* --- the reader: life --- */

static void
reset(struct ck_x12_reader *r)
{
	r->eof = 0;
	r->pos = r->end = 0;
	r->number = 0;
	r->work = 0;
	r->env = ENV_OUT;
	r->interchanges = r->groups = r->sets = r->segs = 0;
	r->isa13[0] = r->gs06[0] = r->st02[0] = r->gs08[0] = r->st03[0] = '\0';
}

int
ck_x12_open(struct ck_x12_reader **rp, const char *path, struct ck_err *err)
{
	struct ck_x12_reader *r;

	*rp = NULL;
	if ((r = malloc(sizeof(*r))) == NULL ||
	    (r->path = strdup(path)) == NULL) {
		free(r);
		return ck_err_set(err, CK_FAIL, "out of memory");
	}
	if ((r->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 ||
	    fstat(r->fd, &r->st) < 0) {
		ck_err_set(err, CK_FAIL, "%s: %s", path, strerror(errno));
		if (r->fd >= 0)
			close(r->fd);
		free(r->path);
		free(r);
		return CK_FAIL;
	}
	reset(r);
	*rp = r;
	return 0;
}

int
ck_x12_rewind(struct ck_x12_reader *r, struct ck_err *err)
{
	struct stat st;

	if (fstat(r->fd, &st) < 0 || lseek(r->fd, 0, SEEK_SET) < 0)
		return ck_err_set(err, CK_FAIL, "%s: %s", r->path,
		    strerror(errno));
	if (st.st_size != r->st.st_size ||
	    st.st_mtim.tv_sec != r->st.st_mtim.tv_sec ||
	    st.st_mtim.tv_nsec != r->st.st_mtim.tv_nsec)
		return ck_err_set(err, CK_DATA, "%s: the file changed while "
		    "being read", r->path);
	reset(r);
	return 0;
}

void
ck_x12_close(struct ck_x12_reader *r)
{
	if (r == NULL)
		return;
	close(r->fd);
	free(r->path);
	free(r);
}

const char *
ck_x12_el(const struct ck_x12_seg *s, int i)
{
	return i >= 0 && i <= s->n ? s->el[i] : "";
}

int
ck_x12_comps(const struct ck_x12_reader *r, struct ck_x12_seg *s, int i,
    const char **part, int max)
{
	char *p = i >= 1 && i <= s->n ? s->el[i] : NULL, *q;
	int n = 0;

	for (int k = 0; k < max; k++)
		part[k] = "";
	if (p == NULL || *p == '\0')
		return 0;
	for (;;) {
		q = strchr(p, r->comp);
		if (n < max)
			part[n] = p;
		n++;
		if (q == NULL)
			return n;
		*q = '\0';
		p = q + 1;
	}
}

const char *
ck_x12_version(const struct ck_x12_reader *r)
{
	return r->st03[0] != '\0' ? r->st03 : r->gs08;
}

long long
ck_x12_work(const struct ck_x12_reader *r)
{
	return r->work;
}

/* --- what a file is --- */

const char *
ck_x12_kind_name(enum ck_x12_kind k)
{
	switch (k) {
	case CK_X12_TA1:
		return "TA1";
	case CK_X12_999:
		return "999";
	case CK_X12_277CA:
		return "277CA";
	case CK_X12_835:
		return "835";
	case CK_X12_837:
		return "837";
	case CK_X12_UNKNOWN:
		break;
	}
	return "unknown";
}

static int
is_x214(const char *version)
{
	return strncmp(version, "005010X214", 10) == 0;
}

static enum ck_x12_kind
kind_of_set(const struct ck_x12_reader *r, const char *st01)
{
	if (is(st01, "999"))
		return CK_X12_999;
	if (is(st01, "277"))
		return is_x214(ck_x12_version(r)) ? CK_X12_277CA :
		    CK_X12_UNKNOWN;
	if (is(st01, "835"))
		return CK_X12_835;
	if (is(st01, "837"))
		return CK_X12_837;
	return CK_X12_UNKNOWN;
}

int
ck_x12_kind_of(const char *path, enum ck_x12_kind *kind, struct ck_err *err)
{
	struct ck_x12_reader *r;
	struct ck_x12_seg s;
	struct ck_err e;
	int rc;

	*kind = CK_X12_UNKNOWN;
	if ((rc = ck_x12_open(&r, path, err)) != 0)
		return rc;
	/* ISA, then TA1 or GS, then ST: a malformed start is not X12 we
	 * know, but a read error is an error. */
	for (int i = 0; i < 3; i++) {
		if ((rc = ck_x12_next(r, &s, &e)) != 0 || s.el == NULL)
			break;
		if (is(s.el[0], "TA1"))
			*kind = CK_X12_TA1;
		else if (is(s.el[0], "ST"))
			*kind = kind_of_set(r, ck_x12_el(&s, 1));
		else if (i > 0 && !is(s.el[0], "GS"))
			break;
		if (*kind != CK_X12_UNKNOWN)
			break;
	}
	ck_x12_close(r);
	if (rc == CK_FAIL) {
		*err = e;
		return rc;
	}
	return 0;
}

/* --- the parsers' common frame --- */

typedef int (*pass_fn)(struct ck_x12_reader *r, void *p, int dry,
    struct ck_err *err);

/* The first pass checks the whole file and calls nothing; the second,
 * only if the first found nothing wrong, calls the callbacks. */
static int
two_passes(const char *path, pass_fn pass, void *p, struct ck_err *err)
{
	struct ck_x12_reader *r;
	int rc;

	if ((rc = ck_x12_open(&r, path, err)) != 0)
		return rc;
	if ((rc = pass(r, p, 1, err)) == 0 &&
	    (rc = ck_x12_rewind(r, err)) == 0)
		rc = pass(r, p, 0, err);
	ck_x12_close(r);
	return rc;
}

/* The last segment read, for an error found at the end of the file. */
struct last {
	struct ck_x12_seg seg;
	char id[4];
	char *el[1];
};

static void
remember(struct last *l, const struct ck_x12_seg *s)
{
	memcpy(l->id, s->el[0], sizeof(l->id));   /* ids are 2 or 3 long */
	l->el[0] = l->id;
	l->seg.el = l->el;
	l->seg.n = 0;
	l->seg.number = s->number;
}

/* Hands every segment of the file to seg; a file that held no
 * transaction set of the kind (*sets still 0) is an error too. */
static int
each_segment(struct ck_x12_reader *r, void *p,
    int (*seg)(void *p, struct ck_x12_seg *s, struct ck_err *err),
    const long *sets, const char *kind, struct ck_err *err)
{
	struct ck_x12_seg s;
	struct last last;
	int rc;

	while ((rc = ck_x12_next(r, &s, err)) == 0 && s.el != NULL) {
		remember(&last, &s);
		if ((rc = seg(p, &s, err)) != 0)
			return rc;
	}
	if (rc == 0 && *sets == 0)
		return ck_x12_fail(r, &last.seg, err, "expected a %s "
		    "transaction set in the file, found none", kind);
	return rc;
}

/* Code lists: a code and what it means. */
struct code {
	const char *code, *text;
};

static const char *
code_text(const struct code *list, const char *code)
{
	for (; list->code != NULL; list++)
		if (is(list->code, code))
			return list->text;
	return NULL;
}

/* "CODE text", or the code alone when the list does not know it. */
static void
add_code(struct text *t, const struct code *list, const char *code)
{
	const char *what = code_text(list, code);

	text_add(t, NULL, "%s%s%s", code, what ? " " : "", what ? what : "");
}

/* --- 999 --- */

/* IK304, element 620 */
static const struct code ik3_codes[] = {
	{"1", "unrecognized segment id"},
	{"2", "unexpected segment"},
	{"3", "required segment missing"},
	{"4", "loop occurs over maximum times"},
	{"5", "segment exceeds maximum use"},
	{"6", "segment not in defined transaction set"},
	{"7", "segment not in proper sequence"},
	{"8", "segment has data element errors"},
	{"I4", "implementation \"not used\" segment present"},
	{"I6", "implementation dependent segment missing"},
	{"I7", "implementation loop occurs under minimum times"},
	{"I8", "implementation segment below minimum use"},
	{"I9", "implementation dependent \"not used\" segment present"},
	{NULL, NULL}
};

/* IK403, element 621 */
static const struct code ik4_codes[] = {
	{"1", "required data element missing"},
	{"2", "conditional required data element missing"},
	{"3", "too many data elements"},
	{"4", "data element too short"},
	{"5", "data element too long"},
	{"6", "invalid character in data element"},
	{"7", "invalid code value"},
	{"8", "invalid date"},
	{"9", "invalid time"},
	{"10", "exclusion condition violated"},
	{"12", "too many repetitions"},
	{"13", "too many components"},
	{"I6", "code value not used in implementation"},
	{"I9", "implementation dependent data element missing"},
	{"I10", "implementation \"not used\" data element present"},
	{"I11", "implementation too few repetitions"},
	{"I12", "implementation pattern match failure"},
	{"I13", "implementation dependent \"not used\" data element present"},
	{NULL, NULL}
};

/* IK502..IK506, element 618 */
static const struct code ik5_codes[] = {
	{"1", "transaction set not supported"},
	{"2", "transaction set trailer missing"},
	{"3", "transaction set control number in header and trailer do not "
	    "match"},
	{"4", "number of included segments does not match actual count"},
	{"5", "one or more segments in error"},
	{"6", "missing or invalid transaction set identifier"},
	{"7", "missing or invalid transaction set control number"},
	{"8", "authentication key name unknown"},
	{"9", "encryption key name unknown"},
	{"10", "requested service (authentication or encrypted) not "
	    "available"},
	{"11", "unknown security recipient"},
	{"12", "incorrect message length (encryption only)"},
	{"13", "message authentication code failed"},
	{"15", "unknown security originator"},
	{"16", "syntax error in decrypted text"},
	{"17", "security not supported"},
	{"18", "transaction set not in functional group"},
	{"19", "invalid transaction set implementation convention reference"},
	{"23", "transaction set control number not unique within the "
	    "functional group"},
	{"24", "S3E security end segment missing for S3S security start "
	    "segment"},
	{"25", "S3S security start segment missing for S3E security end "
	    "segment"},
	{"26", "S4E security end segment missing for S4S security start "
	    "segment"},
	{"27", "S4S security start segment missing for S4E security end "
	    "segment"},
	{"I5", "implementation one or more segments in error"},
	{"I6", "implementation convention not supported"},
	{NULL, NULL}
};

/* AK905..AK909, element 716 */
static const struct code ak9_codes[] = {
	{"1", "functional group not supported"},
	{"2", "functional group version not supported"},
	{"3", "functional group trailer missing"},
	{"4", "group control number in the functional group header and "
	    "trailer do not agree"},
	{"5", "number of included transaction sets does not match actual "
	    "count"},
	{"6", "group control number violates syntax"},
	{"10", "authentication key name unknown"},
	{"11", "encryption key name unknown"},
	{"12", "requested service (authentication or encryption) not "
	    "available"},
	{"13", "unknown security recipient"},
	{"14", "unknown security originator"},
	{"15", "syntax error in decrypted text"},
	{"16", "security not supported"},
	{"17", "incorrect message length (encryption only)"},
	{"18", "message authentication code failed"},
	{"19", "functional group control number not unique within "
	    "interchange"},
	{"23", "S3E security end segment missing for S3S security start "
	    "segment"},
	{"24", "S3S security start segment missing for S3E security end "
	    "segment"},
	{"25", "S4E security end segment missing for S4S security start "
	    "segment"},
	{"26", "S4S security start segment missing for S4E security end "
	    "segment"},
	{NULL, NULL}
};

struct p999 {
	ck_999_cb set_cb;
	ck_999_group_cb group_cb;
	void *arg;
	struct ck_x12_reader *r;
	int dry;
	long sets;              /* 999 sets in the file */
	int ak1, ak2, ik3, ak9; /* seen in the open set */
	long gs_control, st_control;
	char ik3_id[4];
	struct text errors;
};

static int
control(struct p999 *p, struct ck_x12_seg *s, int i, long *v,
    struct ck_err *err)
{
	if (number(ck_x12_el(s, i), v) != 0)
		return ck_x12_fail(p->r, s, err, "expected a control number in "
		    "%s%02d, found '%s'", s->el[0], i, ck_x12_el(s, i));
	return 0;
}

static int
st999(struct p999 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	if (!is(ck_x12_el(s, 1), "999"))
		return ck_x12_fail(p->r, s, err, "expected a 999 transaction "
		    "set, found %s", ck_x12_el(s, 1));
	p->sets++;
	p->ak1 = p->ak2 = p->ik3 = p->ak9 = 0;
	return 0;
}

static int
ak1(struct p999 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	if (p->ak1)
		return ck_x12_fail(p->r, s, err, "expected one AK1 per set");
	p->ak1 = 1;
	return control(p, s, 2, &p->gs_control, err);
}

static int
ak2(struct p999 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	if (!p->ak1)
		return ck_x12_fail(p->r, s, err, "expected AK1 before AK2");
	if (p->ak2)
		return ck_x12_fail(p->r, s, err, "expected IK5 before AK2");
	if (p->ak9)
		return ck_x12_fail(p->r, s, err, "expected SE after AK9");
	p->ak2 = 1;
	p->ik3 = 0;
	text_clear(&p->errors);
	return control(p, s, 2, &p->st_control, err);
}

static int
ik3(struct p999 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	const char *loop = ck_x12_el(s, 3), *code = ck_x12_el(s, 4);

	if (!p->ak2)
		return ck_x12_fail(p->r, s, err, "expected AK2 before IK3");
	if (keep(p->ik3_id, sizeof(p->ik3_id), ck_x12_el(s, 1)) != 0)
		return ck_x12_fail(p->r, s, err, "expected a segment id in "
		    "IK301, found '%s'", ck_x12_el(s, 1));
	p->ik3 = 1;
	text_add(&p->errors, "; ", "IK3 %s at %s", p->ik3_id, ck_x12_el(s, 2));
	if (*loop)
		text_add(&p->errors, NULL, " (loop %s)", loop);
	if (*code) {
		text_add(&p->errors, NULL, ": ");
		add_code(&p->errors, ik3_codes, code);
	}
	return 0;
}

static int
ik4(struct p999 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	const char *pos[3], *ref = ck_x12_el(s, 2);
	long el;

	if (!p->ik3)
		return ck_x12_fail(p->r, s, err, "expected IK3 before IK4");
	ck_x12_comps(p->r, s, 1, pos, 3);
	if (number(pos[0], &el) != 0)
		return ck_x12_fail(p->r, s, err, "expected an element position "
		    "in IK401, found '%s'", pos[0]);
	text_add(&p->errors, "; ", "IK4 %s%02ld", p->ik3_id, el);
	if (*pos[1])
		text_add(&p->errors, NULL, "-%s", pos[1]);
	if (*pos[2])
		text_add(&p->errors, NULL, " repeat %s", pos[2]);
	if (*ref)
		text_add(&p->errors, NULL, " (%s)", ref);
	text_add(&p->errors, NULL, ": ");
	add_code(&p->errors, ik4_codes, ck_x12_el(s, 3));
	return 0;
}

/* CTX: the claim (CLM01:id) or the segment that triggered a rule. */
static int
ctx(struct p999 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	const char *id[2], *seg = ck_x12_el(s, 2), *loop = ck_x12_el(s, 4);
	const char *pos[2];

	if (!p->ik3)
		return ck_x12_fail(p->r, s, err, "expected IK3 before CTX");
	ck_x12_comps(p->r, s, 1, id, 2);
	ck_x12_comps(p->r, s, 5, pos, 2);
	text_add(&p->errors, "; ", "CTX %s%s%s", id[0], *id[1] ? ":" : "",
	    id[1]);
	if (*seg)
		text_add(&p->errors, NULL, " %s at %s", seg, ck_x12_el(s, 3));
	if (*loop)
		text_add(&p->errors, NULL, " (loop %s)", loop);
	if (*pos[0])
		text_add(&p->errors, NULL, " element %s%s%s", pos[0],
		    *pos[1] ? "-" : "", pos[1]);
	return 0;
}

static int
status_is(struct p999 *p, struct ck_x12_seg *s, const char *allowed,
    struct ck_err *err)
{
	const char *v = ck_x12_el(s, 1);

	if (strlen(v) != 1 || strchr(allowed, *v) == NULL)
		return ck_x12_fail(p->r, s, err, "expected one of %s in %s01, "
		    "found '%s'", allowed, s->el[0], v);
	return 0;
}

/* IK502..IK506 or AK905..AK909: codes from element `from` on. */
static void
add_codes(struct text *t, struct ck_x12_seg *s, int from, int to,
    const struct code *list)
{
	for (int i = from; i <= to; i++) {
		const char *c = ck_x12_el(s, i);

		if (*c == '\0')
			continue;
		text_add(t, "; ", "%s: ", s->el[0]);
		add_code(t, list, c);
	}
}

static int
ik5(struct p999 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	struct ck_999_set set;
	int rc;

	if (!p->ak2)
		return ck_x12_fail(p->r, s, err, "expected AK2 before IK5");
	if ((rc = status_is(p, s, "AERMWX", err)) != 0)
		return rc;
	add_codes(&p->errors, s, 2, 6, ik5_codes);
	p->ak2 = p->ik3 = 0;
	if (p->dry)
		return 0;
	set.gs_control = p->gs_control;
	set.st_control = p->st_control;
	set.status = s->el[1][0];
	set.errors = p->errors.s;
	return p->set_cb(p->arg, &set);
}

static int
ak9(struct p999 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	struct ck_999_group g;
	int rc;

	if (!p->ak1)
		return ck_x12_fail(p->r, s, err, "expected AK1 before AK9");
	if (p->ak2)
		return ck_x12_fail(p->r, s, err, "expected IK5 before AK9");
	if (p->ak9)
		return ck_x12_fail(p->r, s, err, "expected one AK9 per set");
	if ((rc = status_is(p, s, "AEPRMWX", err)) != 0)
		return rc;
	for (int i = 2; i <= 4; i++)
		if (number(ck_x12_el(s, i), i == 2 ? &g.included :
		    i == 3 ? &g.received : &g.accepted) != 0)
			return ck_x12_fail(p->r, s, err, "expected a count in "
			    "AK9%02d, found '%s'", i, ck_x12_el(s, i));
	p->ak9 = 1;
	text_clear(&p->errors);
	add_codes(&p->errors, s, 5, 9, ak9_codes);
	if (p->dry || p->group_cb == NULL)
		return 0;
	g.gs_control = p->gs_control;
	g.status = s->el[1][0];
	g.errors = p->errors.s;
	return p->group_cb(p->arg, &g);
}

static int
seg999(struct p999 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	unsigned id = seg_id(s->el[0]);

	if (is_outer(id))
		return 0;
	switch (id) {
	case SEG('S', 'T', 0):
		return st999(p, s, err);
	case SEG('S', 'E', 0):
		return p->ak9 ? 0 : ck_x12_fail(p->r, s, err,
		    "expected AK9 before SE");
	case SEG('A', 'K', '1'):
		return ak1(p, s, err);
	case SEG('A', 'K', '2'):
		return ak2(p, s, err);
	case SEG('I', 'K', '3'):
		return ik3(p, s, err);
	case SEG('C', 'T', 'X'):
		return ctx(p, s, err);
	case SEG('I', 'K', '4'):
		return ik4(p, s, err);
	case SEG('I', 'K', '5'):
		return ik5(p, s, err);
	case SEG('A', 'K', '9'):
		return ak9(p, s, err);
	}
	return ck_x12_fail(p->r, s, err, "expected AK1, AK2, IK3, CTX, IK4, "
	    "IK5 or AK9 in a 999");
}

static int
seg999_any(void *p, struct ck_x12_seg *s, struct ck_err *err)
{
	return seg999(p, s, err);
}

static int
pass999(struct ck_x12_reader *r, void *arg, int dry, struct ck_err *err)
{
	struct p999 *p = arg;

	p->r = r;
	p->dry = dry;
	p->sets = 0;
	return each_segment(r, p, seg999_any, &p->sets, "999", err);
}

int
ck_parse_999(const char *path, ck_999_cb cb, ck_999_group_cb group_cb,
    void *arg, struct ck_err *err)
{
	struct p999 *p = calloc(1, sizeof(*p));
	int rc;

	if (p == NULL)
		return ck_err_set(err, CK_FAIL, "out of memory");
	p->set_cb = cb;
	p->group_cb = group_cb;
	p->arg = arg;
	rc = two_passes(path, pass999, p, err);
	free(p);
	return rc;
}

/* --- TA1 --- */

/* TA105, element I18 */
static const struct code ta1_notes[] = {
	{"000", "no error"},
	{"001", "the interchange control number in the header and trailer "
	    "do not match"},
	{"002", "this standard as noted in the control standards identifier "
	    "is not supported"},
	{"003", "this version of the controls is not supported"},
	{"004", "the segment terminator is invalid"},
	{"005", "invalid interchange id qualifier for sender"},
	{"006", "invalid interchange sender id"},
	{"007", "invalid interchange id qualifier for receiver"},
	{"008", "invalid interchange receiver id"},
	{"009", "unknown interchange receiver id"},
	{"010", "invalid authorization information qualifier value"},
	{"011", "invalid authorization information value"},
	{"012", "invalid security information qualifier value"},
	{"013", "invalid security information value"},
	{"014", "invalid interchange date value"},
	{"015", "invalid interchange time value"},
	{"016", "invalid interchange standards identifier value"},
	{"017", "invalid interchange version id value"},
	{"018", "invalid interchange control number value"},
	{"019", "invalid acknowledgment requested value"},
	{"020", "invalid test indicator value"},
	{"021", "invalid number of included groups value"},
	{"022", "invalid control structure"},
	{"023", "improper (premature) end-of-file (transmission)"},
	{"024", "invalid interchange content (e.g., invalid GS segment)"},
	{"025", "duplicate interchange control number"},
	{"026", "invalid data element separator"},
	{"027", "invalid component element separator"},
	{"028", "invalid delivery date in deferred delivery request"},
	{"029", "invalid delivery time in deferred delivery request"},
	{"030", "invalid delivery time code in deferred delivery request"},
	{"031", "invalid grade of service code"},
	{NULL, NULL}
};

struct pta1 {
	ck_ta1_cb cb;
	void *arg;
	struct ck_x12_reader *r;
	int dry;
	int after_isa;          /* the segment before was an ISA */
};

static int
ta1(struct pta1 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	const char *ctl = ck_x12_el(s, 1), *st = ck_x12_el(s, 4);
	const char *note = ck_x12_el(s, 5), *what;
	struct ck_ta1 t;

	if (strlen(ctl) != 9 || number(ctl, &t.isa_control) != 0)
		return ck_x12_fail(p->r, s, err, "expected 9 digits in TA101, "
		    "found '%s'", ctl);
	if (strlen(st) != 1 || strchr("AER", *st) == NULL)
		return ck_x12_fail(p->r, s, err, "expected A, E or R in TA104, "
		    "found '%s'", st);
	if (strlen(note) != 3 || strspn(note, "0123456789") != 3)
		return ck_x12_fail(p->r, s, err, "expected a 3-digit note code "
		    "in TA105, found '%s'", note);
	if (p->dry)
		return 0;
	what = code_text(ta1_notes, note);
	t.status = *st;
	t.note_code = note;
	t.note = what ? what : "";
	return p->cb(p->arg, &t);
}

static int
passta1(struct ck_x12_reader *r, void *arg, int dry, struct ck_err *err)
{
	struct pta1 *p = arg;
	struct ck_x12_seg s;
	int rc;

	p->r = r;
	p->dry = dry;
	p->after_isa = 0;
	while ((rc = ck_x12_next(r, &s, err)) == 0 && s.el != NULL) {
		int was = p->after_isa;

		p->after_isa = is(s.el[0], "ISA");
		if (was && !is(s.el[0], "TA1"))
			return ck_x12_fail(r, &s, err, "expected TA1 after ISA");
		if (is(s.el[0], "TA1") && (rc = ta1(p, &s, err)) != 0)
			return rc;
	}
	return rc;
}

int
ck_parse_ta1(const char *path, ck_ta1_cb cb, void *arg, struct ck_err *err)
{
	struct pta1 p = {.cb = cb, .arg = arg};

	return two_passes(path, passta1, &p, err);
}

/* --- 277CA --- */

/* The claim's fate by its category code: see x12read.h. */
static char
verdict(const char *category)
{
	static const char *const yes[] = {"A0", "A1", "A2", "A5"};
	static const char *const no[] = {"A3", "A4", "A6", "A7", "A8"};

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (is(category, yes[i]))
			return 'Y';
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (is(category, no[i]))
			return 'N';
	return category[0] == 'E' ? 'N' : '?';
}

/* Of two verdicts the worse: N, then ?, then Y. */
static char
worse(char a, char b)
{
	if (a == 'N' || b == 'N')
		return 'N';
	if (a == '?' || b == '?')
		return '?';
	return 'Y';
}

/* The STC segments of one loop. */
struct stc {
	int n;
	char category[32], code[32], entity[8], action[8];
	char verdict;
	long long charge;
	struct text more, msg;
};

/* A 2000B or 2000C loop: its trace, provider, status and totals. */
struct level {
	char level;             /* 'B', 'C', or 0 when none is open */
	int trn;
	char trace[81], provider_id[81], provider_name[81];
	long accepted_claims, rejected_claims;
	long long accepted_cents, rejected_cents;
	struct stc stc;
};

/* One 2220D service line. */
struct line {
	int open;
	char ref[81];
	char svc[81];
	struct stc stc;
};

/* A 2200D claim with its lines. */
struct claim {
	int open;
	char id[81], payer_id[81];
	struct stc stc;
	int lines, lines_rejected;
	struct line line;
	struct text summary;
};

struct p277 {
	ck_277_cb cb;
	ck_277_level_cb level_cb;
	void *arg;
	struct ck_x12_reader *r;
	int dry;
	long sets;
	int bht;                /* BHT seen in the open set */
	char hl;                /* level of the open HL: A B C D, or 0 */
	int have_a, have_b, have_c;
	char source[81], source_kind;
	struct level lv;
	struct claim cl;
};

static void
stc_clear(struct stc *t)
{
	t->n = 0;
	t->category[0] = t->code[0] = t->entity[0] = t->action[0] = '\0';
	t->verdict = 'Y';
	t->charge = -1;
	text_clear(&t->more);
	text_clear(&t->msg);
}

/* Adds composite i of s ("A7:562:85") to t; its verdict to *v. */
static int
composite(struct p277 *p, struct ck_x12_seg *s, int i, struct text *t,
    char *v, struct ck_err *err)
{
	const char *c[4];
	int n = ck_x12_comps(p->r, s, i, c, 4);

	if (n == 0)
		return 0;
	if (*c[0] == '\0')
		return ck_x12_fail(p->r, s, err, "expected a category code in "
		    "STC%02d-1", i);
	*v = worse(*v, verdict(c[0]));
	while (n > 1 && *c[n - 1] == '\0')
		n--;
	text_add(t, ";", "%s", c[0]);
	for (int k = 1; k < n && k < 4; k++)
		text_add(t, NULL, ":%s", c[k]);
	return 0;
}

/* The first STC01 of a loop: its parts are kept apart. */
static int
first_stc01(struct p277 *p, struct ck_x12_seg *s, struct stc *t,
    struct ck_err *err)
{
	const char *c[3];

	ck_x12_comps(p->r, s, 1, c, 3);
	if (*c[0] == '\0')
		return ck_x12_fail(p->r, s, err, "expected a category code in "
		    "STC01-1");
	if (keep(t->category, sizeof(t->category), c[0]) != 0 ||
	    keep(t->code, sizeof(t->code), c[1]) != 0 ||
	    keep(t->entity, sizeof(t->entity), c[2]) != 0 ||
	    keep(t->action, sizeof(t->action), ck_x12_el(s, 3)) != 0)
		return ck_x12_fail(p->r, s, err, "expected STC01-1, STC01-2 "
		    "of at most 31 characters, STC01-3, STC03 of at most 7");
	t->verdict = worse(t->verdict, verdict(c[0]));
	return 0;
}

static int
stc_add(struct p277 *p, struct ck_x12_seg *s, struct stc *t,
    struct ck_err *err)
{
	const char *charge = ck_x12_el(s, 4), *msg = ck_x12_el(s, 12);
	int rc;

	if (t->n == 0)
		rc = first_stc01(p, s, t, err);
	else
		rc = composite(p, s, 1, &t->more, &t->verdict, err);
	if (rc != 0 ||
	    (rc = composite(p, s, 10, &t->more, &t->verdict, err)) != 0 ||
	    (rc = composite(p, s, 11, &t->more, &t->verdict, err)) != 0)
		return rc;
	if (*charge && t->charge < 0 && amount(charge, &t->charge) != 0)
		return ck_x12_fail(p->r, s, err, "expected an amount in STC04, "
		    "found '%s'", charge);
	if (*msg)
		text_add(&t->msg, "; ", "%s", msg);
	t->n++;
	return 0;
}

/* The line's summary goes into its claim's. */
static void
line_done(struct claim *c)
{
	struct line *l = &c->line;

	if (!l->open)
		return;
	l->open = 0;
	if (l->stc.verdict == 'N' && l->stc.n > 0)
		c->lines_rejected++;
	if (*l->ref)
		text_add(&c->summary, " | ", "%s", l->ref);
	else
		text_add(&c->summary, " | ", "#%d", c->lines);
	text_add(&c->summary, NULL, " %s", l->svc);
	if (l->stc.n > 0) {
		text_add(&c->summary, NULL, " %s", l->stc.category);
		if (*l->stc.code || *l->stc.entity)
			text_add(&c->summary, NULL, ":%s", l->stc.code);
		if (*l->stc.entity)
			text_add(&c->summary, NULL, ":%s", l->stc.entity);
		if (l->stc.more.len)
			text_add(&c->summary, ";", "%s", l->stc.more.s);
	}
	if (l->stc.msg.len)
		text_add(&c->summary, NULL, " (%s)", l->stc.msg.s);
}

static int
claim_done(struct p277 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	struct claim *c = &p->cl;
	struct ck_277_claim out;

	if (!c->open)
		return 0;
	line_done(c);
	c->open = 0;
	if (c->stc.n == 0)
		return ck_x12_fail(p->r, s, err, "expected STC in the claim "
		    "loop of TRN02 '%s' before %s", c->id, s->el[0]);
	if (p->dry)
		return 0;
	out.claim_id = c->id;
	out.source = p->source;
	out.source_kind = p->source_kind;
	out.accepted = c->stc.verdict;
	out.category = c->stc.category;
	out.status_code = c->stc.code;
	out.entity = c->stc.entity;
	out.action = c->stc.action;
	out.more_codes = c->stc.more.s;
	out.text = c->stc.msg.s;
	out.payer_claim_id = c->payer_id;
	out.charge_cents = c->stc.charge;
	out.lines = c->lines;
	out.lines_rejected = c->lines_rejected;
	out.line_summary = c->summary.s;
	return p->cb(p->arg, &out);
}

static int
level_done(struct p277 *p)
{
	struct level *l = &p->lv;
	struct ck_277_level out;

	if (l->level == 0)
		return 0;
	out.level = l->level;
	l->level = 0;
	if (p->dry || p->level_cb == NULL || l->stc.n == 0)
		return 0;
	out.source = p->source;
	out.source_kind = p->source_kind;
	out.trace = l->trace;
	out.provider_id = l->provider_id;
	out.provider_name = l->provider_name;
	out.accepted = l->stc.verdict;
	out.category = l->stc.category;
	out.status_code = l->stc.code;
	out.entity = l->stc.entity;
	out.action = l->stc.action;
	out.more_codes = l->stc.more.s;
	out.text = l->stc.msg.s;
	out.accepted_claims = l->accepted_claims;
	out.rejected_claims = l->rejected_claims;
	out.accepted_cents = l->accepted_cents;
	out.rejected_cents = l->rejected_cents;
	return p->level_cb(p->arg, &out);
}

/* Ends the open claim and level loops. */
static int
loops_done(struct p277 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	int rc;

	if ((rc = claim_done(p, s, err)) != 0)
		return rc;
	return level_done(p);
}

static void
level_open(struct p277 *p, char level)
{
	struct level *l = &p->lv;

	l->level = level;
	l->trn = 0;
	l->trace[0] = l->provider_id[0] = l->provider_name[0] = '\0';
	l->accepted_claims = l->rejected_claims = -1;
	l->accepted_cents = l->rejected_cents = -1;
	stc_clear(&l->stc);
}

/* HL: 20 information source, 21 receiver, 19 provider, PT patient. */
static int
hl(struct p277 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	const char *code = ck_x12_el(s, 3);
	int rc;

	if ((rc = loops_done(p, s, err)) != 0)
		return rc;
	if (is(code, "20")) {
		p->hl = 'A';
		p->have_a = 1;
		p->have_b = p->have_c = 0;
		p->source[0] = '\0';
		p->source_kind = 0;
		return 0;
	}
	if (is(code, "21")) {
		if (!p->have_a || !p->source_kind)
			return ck_x12_fail(p->r, s, err, "expected HL 20 and "
			    "its NM1*AY or NM1*PR (the information source) "
			    "before HL 21");
		p->have_b = 1;
		p->have_c = 0;
	} else if (is(code, "19")) {
		if (!p->have_b)
			return ck_x12_fail(p->r, s, err, "expected HL 21 "
			    "before HL 19");
		p->have_c = 1;
	} else if (is(code, "PT")) {
		if (!p->have_c)
			return ck_x12_fail(p->r, s, err, "expected HL 19 "
			    "before HL PT");
	} else
		return ck_x12_fail(p->r, s, err, "expected 20, 21, 19 or PT "
		    "in HL03, found '%s'", code);
	p->hl = is(code, "21") ? 'B' : is(code, "19") ? 'C' : 'D';
	if (p->hl != 'D')
		level_open(p, p->hl);
	return 0;
}

static int
nm1(struct p277 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	const char *who = ck_x12_el(s, 1);

	if (p->hl == 'A') {
		if (!is(who, "AY") && !is(who, "PR"))
			return ck_x12_fail(p->r, s, err, "expected AY "
			    "(clearinghouse) or PR (payer) in NM101 of the "
			    "information source, found '%s'", who);
		p->source_kind = is(who, "AY") ? 'C' : 'P';
		if (keep(p->source, sizeof(p->source), ck_x12_el(s, 3)) != 0)
			return ck_x12_fail(p->r, s, err, "NM103 too long");
	} else if (p->hl == 'C') {
		if (keep(p->lv.provider_name, 81, ck_x12_el(s, 3)) != 0 ||
		    keep(p->lv.provider_id, 81, ck_x12_el(s, 9)) != 0)
			return ck_x12_fail(p->r, s, err, "NM103 or NM109 too "
			    "long");
	}
	return 0;
}

static int
claim_open(struct p277 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	struct claim *c = &p->cl;
	int rc;

	if ((rc = claim_done(p, s, err)) != 0)
		return rc;
	if (*ck_x12_el(s, 2) == '\0' || keep(c->id, sizeof(c->id),
	    s->el[2]) != 0)
		return ck_x12_fail(p->r, s, err, "expected the claim id (our "
		    "CLM01) of 1 to 80 characters in TRN02");
	c->open = 1;
	c->payer_id[0] = '\0';
	c->lines = c->lines_rejected = 0;
	c->line.open = 0;
	stc_clear(&c->stc);
	text_clear(&c->summary);
	return 0;
}

static int
trn(struct p277 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	if (p->hl == 'D')
		return claim_open(p, s, err);
	if (p->hl == 'B' || p->hl == 'C') {
		p->lv.trn = 1;
		if (keep(p->lv.trace, sizeof(p->lv.trace), ck_x12_el(s, 2)))
			return ck_x12_fail(p->r, s, err, "TRN02 too long");
	}
	return 0;
}

static int
stc(struct p277 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	if (p->hl == 'D') {
		if (!p->cl.open)
			return ck_x12_fail(p->r, s, err, "expected TRN (the "
			    "claim) before STC");
		return stc_add(p, s, p->cl.line.open ? &p->cl.line.stc :
		    &p->cl.stc, err);
	}
	if (p->hl == 'B' || p->hl == 'C') {
		if (!p->lv.trn)
			return ck_x12_fail(p->r, s, err, "expected TRN before "
			    "STC");
		return stc_add(p, s, &p->lv.stc, err);
	}
	return ck_x12_fail(p->r, s, err, "expected STC in a receiver, "
	    "provider or claim loop, not %s", p->hl ? "in the information "
	    "source's" : "before HL");
}

/* SVC opens a 2220D service line; SVC01 is kept with ':' inside. */
static int
svc(struct p277 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	struct line *l = &p->cl.line;
	const char *c[8];
	int n;

	if (p->hl != 'D' || !p->cl.open)
		return ck_x12_fail(p->r, s, err, "expected TRN (the claim) "
		    "before SVC");
	line_done(&p->cl);
	p->cl.lines++;
	l->open = 1;
	l->ref[0] = l->svc[0] = '\0';
	stc_clear(&l->stc);
	n = ck_x12_comps(p->r, s, 1, c, 8);
	while (n > 1 && *c[n - 1] == '\0')
		n--;
	for (int k = 0; k < n && k < 8; k++) {
		size_t len = strlen(l->svc);

		snprintf(l->svc + len, sizeof(l->svc) - len, "%s%s",
		    k ? ":" : "", c[k]);
	}
	return 0;
}

static int
ref277(struct p277 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	const char *q = ck_x12_el(s, 1), *v = ck_x12_el(s, 2);
	char *dst = NULL;

	if (p->hl != 'D' || !p->cl.open)
		return 0;
	/* 2220D names the line with FJ; some echo our 837's 6R */
	if (p->cl.line.open && (is(q, "FJ") || is(q, "6R")))
		dst = p->cl.line.ref;
	else if (!p->cl.line.open && is(q, "1K"))
		dst = p->cl.payer_id;
	if (dst != NULL && keep(dst, 81, v) != 0)
		return ck_x12_fail(p->r, s, err, "REF02 too long");
	return 0;
}

/* QTY and AMT: the totals of a receiver or provider loop. */
static int
total(struct p277 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	const char *q = ck_x12_el(s, 1), *v = ck_x12_el(s, 2);
	struct level *l = &p->lv;
	long long c;
	long n;

	if (p->hl != 'B' && p->hl != 'C')
		return 0;
	if (is(s->el[0], "QTY")) {
		/* an R value: "2" or "2.0" */
		if (amount(v, &c) != 0 || c < 0 || c % 100 != 0)
			return ck_x12_fail(p->r, s, err, "expected a count in "
			    "QTY02, found '%s'", v);
		n = (long)(c / 100);
		if (is(q, "90") || is(q, "QA"))
			l->accepted_claims = n;
		else if (is(q, "AA") || is(q, "QC"))
			l->rejected_claims = n;
		return 0;
	}
	if (amount(v, &c) != 0)
		return ck_x12_fail(p->r, s, err, "expected an amount in AMT02, "
		    "found '%s'", v);
	if (is(q, "YU"))
		l->accepted_cents = c;
	else if (is(q, "YY"))
		l->rejected_cents = c;
	return 0;
}

static int
st277(struct p277 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	const char *st01 = ck_x12_el(s, 1), *v = ck_x12_version(p->r);

	if (!is(st01, "277") || !is_x214(v))
		return ck_x12_fail(p->r, s, err, "expected a 277CA (277 "
		    "005010X214) transaction set, found %s %s", st01, v);
	p->sets++;
	p->bht = 0;
	p->hl = 0;
	p->have_a = p->have_b = p->have_c = 0;
	p->source[0] = '\0';
	p->source_kind = 0;
	p->lv.level = 0;
	p->cl.open = 0;
	return 0;
}

static int
seg277(struct p277 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	unsigned id = seg_id(s->el[0]);

	if (is_outer(id))
		return 0;
	if (id == SEG('S', 'T', 0))
		return st277(p, s, err);
	if (id == SEG('S', 'E', 0))
		return loops_done(p, s, err);
	if (!p->bht) {
		p->bht = id == SEG('B', 'H', 'T');
		return p->bht ? 0 : ck_x12_fail(p->r, s, err,
		    "expected BHT after ST");
	}
	switch (id) {
	case SEG('H', 'L', 0):
		return hl(p, s, err);
	case SEG('N', 'M', '1'):
		return nm1(p, s, err);
	case SEG('T', 'R', 'N'):
		return trn(p, s, err);
	case SEG('S', 'T', 'C'):
		return stc(p, s, err);
	case SEG('S', 'V', 'C'):
		return svc(p, s, err);
	case SEG('R', 'E', 'F'):
		return ref277(p, s, err);
	case SEG('Q', 'T', 'Y'):
	case SEG('A', 'M', 'T'):
		return total(p, s, err);
	}
	return 0;       /* DTP and the like tell us nothing we keep */
}

static int
seg277_any(void *p, struct ck_x12_seg *s, struct ck_err *err)
{
	return seg277(p, s, err);
}

static int
pass277(struct ck_x12_reader *r, void *arg, int dry, struct ck_err *err)
{
	struct p277 *p = arg;

	p->r = r;
	p->dry = dry;
	p->sets = 0;
	return each_segment(r, p, seg277_any, &p->sets, "277CA", err);
}

int
ck_parse_277ca(const char *path, ck_277_cb cb, ck_277_level_cb level_cb,
    void *arg, struct ck_err *err)
{
	struct p277 *p = calloc(1, sizeof(*p));
	int rc;

	if (p == NULL)
		return ck_err_set(err, CK_FAIL, "out of memory");
	p->cb = cb;
	p->level_cb = level_cb;
	p->arg = arg;
	rc = two_passes(path, pass277, p, err);
	free(p);
	return rc;
}
