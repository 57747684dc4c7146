/*
 * Internal to the X12 answer readers (x12read.c and one file per
 * transaction read: x12_ta1.c, x12_999.c, x12_277.c, an 835 reader
 * next): what a parser of a transaction needs beside the public segment
 * reader of x12read.h.  Nothing here allocates but ck_xr_two_passes(),
 * which frees what it opens.
 */
#ifndef CLAIMKIT_X12READ_INT_H
#define CLAIMKIT_X12READ_INT_H

#include <stddef.h>
#include <string.h>

#include "claimkit/x12read.h"

static inline int
is(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

/* A segment id as one number, so that each segment is dispatched with one
 * switch rather than a run of strcmp. */
#define SEG(a, b, c) ((unsigned)(a) << 16 | (unsigned)(b) << 8 | (unsigned)(c))

static inline unsigned
seg_id(const char *id)
{
	return SEG(id[0], id[1], id[1] ? id[2] : 0);
}

/* The envelope's segments, that the parsers of sets pass over. */
static inline int
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

/* ck_x12_el() inline, for the readers' inner loops. */
static inline const char *
ck_xr_el(const struct ck_x12_seg *s, int i)
{
	return i >= 0 && i <= s->n ? s->el[i] : "";
}

/* A non-negative integer of 1 to 18 digits into *v; -1 otherwise. */
int ck_xr_number(const char *s, long *v);
/* An X12 R amount ("65", "65.5", ".5", "-3.20") as cents; -1 when it is
 * not one or has a cent fraction. */
int ck_xr_amount(const char *s, long long *cents);
/* Copies s into dst; -1 when it does not fit. */
int ck_xr_keep(char *dst, size_t size, const char *s);
/* ST03 (or GS08) names the 277CA's guide, 005010X214. */
int ck_xr_is_x214(const char *version);

/* Whether code is in the claim status category code list (507), or in
 * the claim status code list (508), as data/x12 holds them. */
int ck_xr_known_category(const char *code);
int ck_xr_known_status(const char *code);

/* A bounded text that ends in "..." once full, so memory stays flat. */
struct ck_xr_text {
	char s[2048];
	size_t len;
	int full;
};

void ck_xr_text_clear(struct ck_xr_text *t);
/* Adds sep (when t is not empty and sep not NULL), then fmt. */
void ck_xr_text_add(struct ck_xr_text *t, const char *sep, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

/* Code lists: a code and what it means, ended by {NULL, NULL}. */
struct ck_xr_code {
	const char *code, *text;
};

/* What code means in list, or NULL. */
const char *ck_xr_code_text(const struct ck_xr_code *list, const char *code);
/* Adds "CODE text", or the code alone when the list does not know it. */
void ck_xr_add_code(struct ck_xr_text *t, const struct ck_xr_code *list,
    const char *code);

/* ck_x12_comps(), with an element of more than max parts refused: -1
 * and err set to CK_DATA "expected at most MAX components in IDnn". */
int ck_xr_comps(const struct ck_x12_reader *r, struct ck_x12_seg *s, int i,
    const char **part, int max, struct ck_err *err);

/* One pass of a parser over the file: dry, it checks and calls nothing. */
typedef int (*ck_xr_pass_fn)(struct ck_x12_reader *r, void *p, int dry,
    struct ck_err *err);
/* The first pass checks the whole file and calls nothing; the second,
 * only if the first found nothing wrong, calls the callbacks. */
int ck_xr_two_passes(const char *path, ck_xr_pass_fn pass, void *p,
    struct ck_err *err);
/* Lazy (on 1): inside a set, the segments other than SE are read and
 * checked as always but, mostly, not handed out (those the buffer holds
 * whole and that are sound), with no call per segment; for a first pass
 * that checks only the envelopes.  Errors read the same either way. */
void ck_xr_lazy(struct ck_x12_reader *r, int on);
/* Where the reader stands inside a transaction set, to read the rest of
 * the set again (the 835 reader, for a set too big to keep). */
struct ck_xr_mark {
	long long at;           /* the file's offset of the next byte */
	long number, segs;
};

void ck_xr_mark(const struct ck_x12_reader *r, struct ck_xr_mark *m);
/* Back to m, which must lie in the transaction set still open: the next
 * segment read is the one that followed m.  CK_DATA if the file changed
 * since it was opened. */
int ck_xr_seek(struct ck_x12_reader *r, const struct ck_xr_mark *m,
    struct ck_err *err);
/* Hands every segment of the file to seg; a file that held no
 * transaction set of the kind (*sets still 0 at the end) is an error. */
int ck_xr_each_segment(struct ck_x12_reader *r, void *p,
    int (*seg)(void *p, struct ck_x12_seg *s, struct ck_err *err),
    const long *sets, const char *kind, struct ck_err *err);

/* The most the 835 reader keeps of one set before it reads the set
 * again instead (0: the default, 8 MiB); for the unit test. */
void ck_xr_835_set_cap(size_t bytes);

#endif
