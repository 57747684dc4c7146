/*
 * Reading X12 answers: a streaming segment reader that checks the
 * envelopes as it goes, what a file is, and the frame the parsers of
 * each transaction share (x12_ta1.c, x12_999.c, x12_277.c).
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
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "x12read_int.h"

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
	int lazy;               /* hand out only the envelopes (mostly) */
	size_t pos, end;        /* unread bytes: buf[pos .. end) */
	long long file_at;      /* the file's offset of buf[end] */
	long number;            /* segments started */
	long long work;
	enum env env;
	long interchanges, groups, sets, segs;
	char isa13[16], gs06[16], st02[16], gs08[40], st03[40];
	char *el[X12_MAXEL + 1];
	int off[X12_MAXEL + 1];
	char buf[X12_BUF + 16];  /* split() may load 15 bytes past */
};

/* --- small helpers --- */

/* A non-negative integer of 1 to 18 digits; -1 otherwise. */
int
ck_xr_number(const char *s, long *v)
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

	if (ck_xr_number(a, &x) == 0 && ck_xr_number(b, &y) == 0)
		return x == y;
	return is(a, b);
}

/* An X12 R amount ("65", "65.5", ".5", "-3.20") as cents; -1 when it is
 * not one or has a cent fraction. */
int
ck_xr_amount(const char *s, long long *cents)
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
int
ck_xr_keep(char *dst, size_t size, const char *s)
{
	size_t n = strlen(s);

	if (n >= size)
		return -1;
	memcpy(dst, s, n + 1);
	return 0;
}

void
ck_xr_text_clear(struct ck_xr_text *t)
{
	t->s[0] = '\0';
	t->len = 0;
	t->full = 0;
}

void
ck_xr_text_add(struct ck_xr_text *t, const char *sep, const char *fmt,
    ...)
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
	r->file_at += n;
	r->work += n;
	return 0;
}

/* Skips the CR and LF that may follow a terminator (or lead the file). */
static int
skip_newlines_slow(struct ck_x12_reader *r, struct ck_err *err)
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

/* The same, without a call when a segment follows at once (mostly). */
static inline int
skip_newlines(struct ck_x12_reader *r, struct ck_err *err)
{
	if (r->pos < r->end && r->buf[r->pos] != '\r' &&
	    r->buf[r->pos] != '\n')
		return 0;
	return skip_newlines_slow(r, err);
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

/* Why c cannot be a delimiter, or NULL when it can: a delimiter must not
 * be able to occur in data, and NUL would end the string a component
 * splitter looks in. */
static const char *
not_delimiter(char c)
{
	if (c == '\0')
		return "NUL";
	if (c == ' ')
		return "a space";
	if (isalpha((unsigned char)c))
		return "a letter";
	if (isdigit((unsigned char)c))
		return "a digit";
	return NULL;
}

/* The ISA's delimiters, where they stand: each a delimiter, no two the
 * same. */
static const struct {
	int at;                 /* offset in the ISA */
	const char *name;
} isa_delim[] = {
	{3, "the element separator (byte 4)"},
	{104, "ISA16 (the component separator)"},
	{105, "the segment terminator (byte 106)"},
	{82, "ISA11 (the repetition separator)"},  /* from version 00501 on */
};

static int
isa_delimiters(struct ck_x12_reader *r, const char *p, int n,
    struct ck_err *err)
{
	const char *why;

	for (int i = 0; i < n; i++) {
		char c = p[isa_delim[i].at];

		if ((why = not_delimiter(c)) != NULL)
			return fail_at(r, "ISA", err, "expected a delimiter in "
			    "%s, found %s", isa_delim[i].name, why);
		for (int j = 0; j < i; j++)
			if (p[isa_delim[j].at] == c)
				return fail_at(r, "ISA", err, "expected %s to "
				    "differ from %s, found '%c' in both",
				    isa_delim[i].name, isa_delim[j].name, c);
	}
	return 0;
}

/* Checks the ISA's delimiters and fixed layout, and takes the
 * delimiters. */
static int
isa_layout(struct ck_x12_reader *r, const char *p, struct ck_err *err)
{
	int at = 3, rc;

	if ((rc = isa_delimiters(r, p, 3, err)) != 0)
		return rc;
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
	/* before 00501, ISA11 is a standards id ("U"), not a delimiter */
	if (memcmp(p + 84, "00501", 5) >= 0)
		return isa_delimiters(r, p, 4, err);
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
 * until it is whole, since a refill moves the bytes.  The slow path, for
 * a segment the buffer does not hold whole or that is refused. */
static int
scan_slow(struct ck_x12_reader *r, struct ck_x12_seg *s, struct ck_err *err)
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

/* An id of 2 or 3 capitals and digits ("C" locale: no program sets
 * another), without a call per byte. */
static int
id_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int
valid_id(const char *id)
{
	return id_char(id[0]) && id_char(id[1]) &&
	    (id[2] == '\0' || (id_char(id[2]) && id[3] == '\0'));
}

/* Whether a lazy reader may pass over the segment from seg to t inside a
 * set unread: a valid id that no envelope check reads beyond, and too
 * short to hold more elements than allowed.  Anything else is read as
 * always, so that every error reads the same. */
static int
plain(const struct ck_x12_reader *r, const char *seg, const char *t)
{
	ptrdiff_t len = t - seg;
	unsigned id;

	if (len < 2 || len >= X12_MAXEL || !id_char(seg[0]) || !id_char(seg[1]))
		return 0;
	if (len == 2 || seg[2] == r->els)
		id = SEG(seg[0], seg[1], 0);
	else if (id_char(seg[2]) && (len == 3 || seg[3] == r->els))
		id = SEG(seg[0], seg[1], seg[2]);
	else
		return 0;
	return !(is_outer(id) || id == SEG('S', 'T', 0) ||
	    id == SEG('S', 'E', 0));
}

/* A lazy reader inside a set: passes over the plain segments whole in
 * the buffer, counting them as in_set() would, with no call per
 * segment; stops before anything else (an envelope, a segment the buffer
 * holds only part of, a segment to refuse). */
static int
pass_plain(struct ck_x12_reader *r, struct ck_err *err)
{
	char *seg, *t;
	int rc;

	for (;;) {
		if ((rc = skip_newlines(r, err)) != 0 || r->pos == r->end)
			return rc;
		seg = r->buf + r->pos;
		if ((t = memchr(seg, r->term, r->end - r->pos)) == NULL ||
		    !plain(r, seg, t))
			return 0;
		r->number++;
		r->segs++;
		r->work += (long long)(t - seg + 1);
		r->pos = (size_t)(t + 1 - r->buf);
	}
}

/* Cuts the segment from seg to its terminator t in place at its element
 * separators, into r->el[1..]: how many, or -1 past X12_MAXEL.  Sixteen
 * bytes a step where SSE2 is (every x86-64), a plain loop elsewhere. */
static int
split(struct ck_x12_reader *r, char *seg, const char *t)
{
	int n = 0;
#ifdef __SSE2__
	const __m128i els = _mm_set1_epi8(r->els);

	for (char *p = seg; p < t; p += 16) {
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
		    _mm_loadu_si128((const __m128i *)(void *)p), els));

		if (t - p < 16)
			m &= (1u << (t - p)) - 1;
		for (; m != 0; m &= m - 1) {
			int b = __builtin_ctz(m);

			if (n == X12_MAXEL)
				return -1;
			p[b] = '\0';
			r->el[++n] = p + b + 1;
		}
	}
#else
	for (char *p = seg; p < t; p++) {
		if (*p != r->els)
			continue;
		if (n == X12_MAXEL)
			return -1;
		*p = '\0';
		r->el[++n] = p + 1;
	}
#endif
	return n;
}

/* The segment, when the buffer holds it whole: memchr finds its
 * terminator, then split() its element separators, in place.  A
 * segment not
 * whole in the buffer goes the slow way (which refills, and says what is
 * wrong exactly as it always did). */
static int
scan(struct ck_x12_reader *r, struct ck_x12_seg *s, struct ck_err *err)
{
	char *seg = r->buf + r->pos, *t, *e, id[4];
	int n;

	if ((t = memchr(seg, r->term, r->end - r->pos)) == NULL)
		return scan_slow(r, s, err);
	r->el[0] = seg;
	if ((n = split(r, seg, t)) < 0)
		return fail_at(r, partial_id(r, id), err,
		    "more than %d elements", X12_MAXEL);
	/* a newline terminator may come as CR LF */
	e = t;
	if (r->term == '\n' && t > seg && t[-1] == '\r')
		e--;
	*e = '\0';
	r->work += (long long)(t - seg + 1);
	r->pos = (size_t)(t + 1 - r->buf);
	s->el = r->el;
	s->n = n;
	return 0;
}

/* --- the reader: envelopes --- */

static int
count_is(struct ck_x12_reader *r, struct ck_x12_seg *s, struct ck_err *err,
    const char *what, long want)
{
	long n;
	const char *v = ck_x12_el(s, 1);

	if (ck_xr_number(v, &n) != 0 || n != want)
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

	if (strlen(s->el[13]) != 9 || ck_xr_number(s->el[13], &n) != 0)
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

	if (ck_xr_number(ck_x12_el(s, 6), &n) != 0 ||
	    ck_xr_keep(r->gs06, sizeof(r->gs06), s->el[6]) != 0)
		return ck_x12_fail(r, s, err, "expected a control number in "
		    "GS06, found '%s'", ck_x12_el(s, 6));
	if (ck_xr_keep(r->gs08, sizeof(r->gs08), ck_x12_el(s, 8)) != 0)
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

	if (strlen(st02) < 4 || ck_xr_keep(r->st02, 10, st02) != 0)
		return ck_x12_fail(r, s, err, "expected a control number of 4 "
		    "to 9 characters in ST02, found '%s'", st02);
	if (ck_xr_keep(r->st03, sizeof(r->st03), ck_x12_el(s, 3)) != 0)
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

	if (r->lazy && r->env == ENV_ST && (rc = pass_plain(r, err)) != 0)
		return rc;
	if ((rc = skip_newlines(r, err)) != 0)
		return rc;
	if (r->pos == r->end)
		return at_end(r, s, err);
	s->number = ++r->number;
	rc = r->env == ENV_OUT ? read_isa(r, s, err) : scan(r, s, err);
	if (rc != 0)
		return rc;
	/* an id mistyped is shown; longer text is most likely the data of
	 * a segment a stray terminator cut, a patient's name say: not */
	if (!valid_id(s->el[0]) && strlen(s->el[0]) <= 3)
		return fail_at(r, NULL, err, "expected a segment id, found "
		    "'%s'", s->el[0]);
	if (!valid_id(s->el[0]))
		return fail_at(r, NULL, err, "expected a segment id, found %zu "
		    "characters of data (not shown: a terminator inside a "
		    "segment's data?)", strlen(s->el[0]));
	return envelope(r, s, err);
}

/* --- the reader: life --- */

static void
reset(struct ck_x12_reader *r)
{
	r->eof = 0;
	r->pos = r->end = 0;
	r->file_at = 0;
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
	r->lazy = 0;
	*rp = r;
	return 0;
}

/* Whether the file is still the one opened. */
static int
unchanged(struct ck_x12_reader *r, struct ck_err *err)
{
	struct stat st;

	if (fstat(r->fd, &st) < 0)
		return ck_err_set(err, CK_FAIL, "%s: %s", r->path,
		    strerror(errno));
	if (st.st_size != r->st.st_size ||
	    st.st_mtim.tv_sec != r->st.st_mtim.tv_sec ||
	    st.st_mtim.tv_nsec != r->st.st_mtim.tv_nsec)
		return ck_err_set(err, CK_DATA, "%s: the file changed while "
		    "being read", r->path);
	return 0;
}

int
ck_x12_rewind(struct ck_x12_reader *r, struct ck_err *err)
{
	int rc;

	if ((rc = unchanged(r, err)) != 0)
		return rc;
	if (lseek(r->fd, 0, SEEK_SET) < 0)
		return ck_err_set(err, CK_FAIL, "%s: %s", r->path,
		    strerror(errno));
	reset(r);
	return 0;
}

void
ck_xr_mark(const struct ck_x12_reader *r, struct ck_xr_mark *m)
{
	m->at = r->file_at - (long long)(r->end - r->pos);
	m->number = r->number;
	m->segs = r->segs;
}

int
ck_xr_seek(struct ck_x12_reader *r, const struct ck_xr_mark *m,
    struct ck_err *err)
{
	int rc;

	if ((rc = unchanged(r, err)) != 0)
		return rc;
	if (lseek(r->fd, (off_t)m->at, SEEK_SET) < 0)
		return ck_err_set(err, CK_FAIL, "%s: %s", r->path,
		    strerror(errno));
	r->eof = 0;
	r->pos = r->end = 0;
	r->file_at = m->at;
	r->number = m->number;
	r->segs = m->segs;
	r->env = ENV_ST;
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

void
ck_xr_lazy(struct ck_x12_reader *r, int on)
{
	r->lazy = on;
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
	char *p = i >= 1 && i <= s->n ? s->el[i] : NULL;
	int n = 0;

	for (int k = 0; k < max; k++)
		part[k] = "";
	if (p == NULL || *p == '\0' || max < 1)
		return 0;
	/* the ISA check makes comp a non-NUL delimiter; the loop stops at
	 * the element's end all the same */
	for (;;) {
		part[n++] = p;
		while (*p != '\0' && *p != r->comp)
			p++;
		if (*p == '\0')
			return n;
		if (n == max)
			return -1;      /* the last part keeps the rest */
		*p++ = '\0';
	}
}

int
ck_xr_comps(const struct ck_x12_reader *r, struct ck_x12_seg *s, int i,
    const char **part, int max, struct ck_err *err)
{
	int n = ck_x12_comps(r, s, i, part, max);

	if (n < 0)
		ck_x12_fail(r, s, err, "expected at most %d components in "
		    "%s%02d, found more", max, s->el[0], i);
	return n;
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

int
ck_xr_is_x214(const char *version)
{
	return strncmp(version, "005010X214", 10) == 0;
}

static enum ck_x12_kind
kind_of_set(const struct ck_x12_reader *r, const char *st01)
{
	if (is(st01, "999"))
		return CK_X12_999;
	if (is(st01, "277"))
		return ck_xr_is_x214(ck_x12_version(r)) ? CK_X12_277CA :
		    CK_X12_UNKNOWN;
	if (is(st01, "835"))
		return CK_X12_835;
	if (is(st01, "837"))
		return CK_X12_837;
	return CK_X12_UNKNOWN;
}

/* Element k of the segment at p (n bytes to its terminator) into out. */
static void
raw_el(const char *p, size_t n, char els, int k, char *out, size_t size)
{
	size_t i = 0, o = 0;

	for (; k > 0 && i < n; i++)
		if (p[i] == els)
			k--;
	for (; k == 0 && i < n && p[i] != els && o + 1 < size; i++)
		out[o++] = p[i];
	out[o] = '\0';
}

/* What a file is whose envelope the reader refused (bad delimiters, a
 * bad ISA): read by its bytes alone, so that a malformed answer is
 * still known as one and then refused by its parser, loudly, rather
 * than kept as "unknown" and never applied. */
static enum ck_x12_kind
kind_by_bytes(const struct ck_x12_reader *r)
{
	const char *p = r->buf + r->pos, *end = r->buf + r->end, *t;
	char els, id[4], st01[8], gs08[40] = "", st03[40];

	if (end - p < ISA_LEN || memcmp(p, "ISA", 3) != 0)
		return CK_X12_UNKNOWN;
	els = p[3];
	p += ISA_LEN;
	for (int i = 0; i < 3 && p < end; i++, p = t + 1) {
		while (p < end && (*p == '\r' || *p == '\n'))
			p++;
		if ((t = memchr(p, r->buf[r->pos + ISA_LEN - 1], end - p)) ==
		    NULL)
			break;
		raw_el(p, t - p, els, 0, id, sizeof(id));
		if (is(id, "TA1"))
			return CK_X12_TA1;
		if (is(id, "GS"))
			raw_el(p, t - p, els, 8, gs08, sizeof(gs08));
		else if (is(id, "ST")) {
			raw_el(p, t - p, els, 1, st01, sizeof(st01));
			raw_el(p, t - p, els, 3, st03, sizeof(st03));
			if (is(st01, "277"))
				return ck_xr_is_x214(*st03 ? st03 : gs08) ?
				    CK_X12_277CA : CK_X12_UNKNOWN;
			return is(st01, "999") ? CK_X12_999 : is(st01, "835") ?
			    CK_X12_835 : is(st01, "837") ? CK_X12_837 :
			    CK_X12_UNKNOWN;
		}
	}
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
	if (rc == CK_DATA && *kind == CK_X12_UNKNOWN && r->number == 1)
		*kind = kind_by_bytes(r);
	ck_x12_close(r);
	if (rc == CK_FAIL) {
		*err = e;
		return rc;
	}
	return 0;
}

/* --- the parsers' common frame --- */

/* The first pass checks the whole file and calls nothing; the second,
 * only if the first found nothing wrong, calls the callbacks. */
int
ck_xr_two_passes(const char *path, ck_xr_pass_fn pass, void *p,
    struct ck_err *err)
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
int
ck_xr_each_segment(struct ck_x12_reader *r, void *p,
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

const char *
ck_xr_code_text(const struct ck_xr_code *list, const char *code)
{
	for (; list->code != NULL; list++)
		if (is(list->code, code))
			return list->text;
	return NULL;
}

/* "CODE text", or the code alone when the list does not know it. */
void
ck_xr_add_code(struct ck_xr_text *t, const struct ck_xr_code *list,
    const char *code)
{
	const char *what = ck_xr_code_text(list, code);

	ck_xr_text_add(t, NULL, "%s%s%s", code, what ? " " : "",
	    what ? what : "");
}
