/*
 * x12read.h - reading what the clearinghouse and the payers answer to
 * our 837P batches: TA1 (interchange acknowledgment), 999 (005010X231A1
 * implementation acknowledgment), 277CA (005010X214 claim
 * acknowledgment), and telling those apart from an 835 or an 837.
 *
 * Streaming.  A file is read through one fixed 64 KiB buffer, segment by
 * segment: memory stays flat however large the file.  Every string a
 * callback gets lives only during that call; copy what you keep.
 *
 * Nothing is reported from a malformed file.  Each ck_parse_*() reads
 * the file twice: the first pass checks all of it (envelopes, counts and
 * control numbers, the loops of the transaction) and calls nothing; only
 * when that pass finds the file sound does the second pass call the
 * callbacks.  (Should the file change between the passes, the parse
 * fails with CK_DATA, possibly after some callbacks: run it inside a
 * transaction anyway.)  A callback that returns nonzero stops the parse,
 * which returns that value and leaves err alone.
 *
 * Errors: CK_DATA "PATH: segment N (ID): expected ...", N counting the
 * segments from the file's first ISA as 1; CK_FAIL when the file cannot
 * be read.  Delimiters come from each ISA; CR and LF after a segment
 * terminator are ignored; a file may hold several interchanges.
 */
#ifndef CLAIMKIT_X12READ_H
#define CLAIMKIT_X12READ_H

#include "claimkit/err.h"

/* --- what a file is --- */

enum ck_x12_kind {
	CK_X12_UNKNOWN, CK_X12_TA1, CK_X12_999, CK_X12_277CA, CK_X12_835,
	CK_X12_837
};

/* "TA1", "999", "277CA", "835", "837", "unknown" */
const char *ck_x12_kind_name(enum ck_x12_kind k);

/*
 * Reads the envelope of the file at path (ISA, then TA1 or the first
 * GS/ST) and says what it is: TA1 when the first segment after the ISA
 * is TA1; 999 for ST01 999; 277CA for ST01 277 whose ST03 (or GS08 when
 * ST03 is empty) is 005010X214; 835 and 837 by ST01; otherwise UNKNOWN,
 * which is not an error (a file that is not X12 at all is UNKNOWN).
 * Only the first interchange is looked at; nothing is validated beyond
 * the segments read.  A file whose ISA the reader refuses (its
 * delimiters, its layout) is told by its first segments' bytes, so that
 * a malformed 999 is still a 999, for its parser to refuse.  An interchange may carry a TA1 and groups: that is
 * kind TA1, and ck_parse_999() and ck_parse_277ca() skip the TA1.
 * Returns 0, or CK_FAIL when the file cannot be read.
 */
int ck_x12_kind_of(const char *path, enum ck_x12_kind *kind,
    struct ck_err *err);

/* --- 999 --- */

/* The implementation guide of the 837P we send (GS08, ST03): a 999
 * answers ours only when it names it. */
#define CK_X12_837P_GUIDE "005010X222A1"

/* One transaction set acknowledged by a 999 (AK2 ... IK5), with the
 * group it belongs to (AK1). */
struct ck_999_set {
	long gs_control;        /* AK102: the GS06 we sent */
	long st_control;        /* AK202: the ST02 we sent */
	char status;            /* IK501: 'A' accepted, 'E' accepted with
	                         * errors, 'R' rejected; 'M', 'W', 'X' kept */
	/* IK3/CTX/IK4/IK5 explained, in file order, "; " between, "" when
	 * none, cut with "..." past 2 KiB; e.g. "IK3 CLM at 23 (loop 2300):
	 * 8 segment has data element errors; CTX CLM01:CLM0000002; IK4 CLM02
	 * (782): 7 invalid code value; IK5: I5 implementation one or more
	 * segments in error".  IK404 (a copy of the bad value) is left out. */
	const char *errors;
	/* What the set acknowledged, AK201 and AK203 (or AK103), e.g.
	 * "837 005010X222A1" or "834 005010X220A1"; to name it. */
	const char *answers;
	/* 1 when it is one of our 837Ps: AK101 HC, AK103 005010X222A1,
	 * AK201 837, AK203 005010X222A1 or empty.  0: the answer to another
	 * transaction (an 834, an 837I), whose control numbers may well
	 * equal ours: apply nothing of it. */
	int ours;
};
typedef int (*ck_999_cb)(void *arg, const struct ck_999_set *s);

/* The verdict on a whole group (AK9).  It comes after the callbacks of
 * the group's sets, and may come alone: a group rejected whole often has
 * no AK2 at all, so a set of that group with no ck_999_set was rejected
 * with it. */
struct ck_999_group {
	long gs_control;        /* AK102: the GS06 we sent */
	char status;            /* AK901: 'A', 'E', 'P' partially accepted,
	                         * 'R' rejected; 'M', 'W', 'X' kept */
	long included;          /* AK902: sets in the group we sent */
	long received;          /* AK903 */
	long accepted;          /* AK904 */
	const char *errors;     /* AK905..AK909 explained ("AK9: 5 number of
	                         * included transaction sets does not match
	                         * actual count"), "" when none */
	const char *answers;    /* AK101 and AK103, e.g. "HC 005010X222A1" */
	int ours;               /* AK101 HC and AK103 005010X222A1, as for
	                         * a set */
};
typedef int (*ck_999_group_cb)(void *arg, const struct ck_999_group *g);

/* Calls cb for each AK2 loop and group_cb (may be NULL) for each AK9.
 * Every transaction set in the file must be a 999. */
int ck_parse_999(const char *path, ck_999_cb cb, ck_999_group_cb group_cb,
    void *arg, struct ck_err *err);

/* --- 277CA --- */

/*
 * 'accepted' of a 277CA status, from the STC category codes (STC01-1,
 * STC10-1, STC11-1; the TR3 allows only A and E categories here):
 *   'Y'  A0 forwarded, A1 received, A2 accepted into adjudication,
 *        A5 split upon acceptance: the claim went on.  From a
 *        clearinghouse ('C') this means it passed the clearinghouse's
 *        edits and went to the payer; only a payer's ('P') A2 means it
 *        is in adjudication.
 *   'N'  A3 returned as unprocessable, A4 not found, A6 missing
 *        information, A7 invalid information, A8 relational field in
 *        error, and any E (the system could not take it): fix or resend.
 *   '?'  any other category (P, F, R ... are not compliant in a 277CA),
 *        or a category or status code (STC01-2 ...) that the code lists
 *        of data/x12 do not hold (507, 508; see warnings): a person
 *        should look; do not resend on your own.
 * With several codes the worst wins: N, then ?, then Y.  STC03 (the
 * action code) is reported but does not change the verdict.
 */

/* One claim's status from a 277CA: loop 2200D, whose TRN02 is our CLM01,
 * under the information source of its 2000A. */
struct ck_277_claim {
	const char *claim_id;   /* 2200D TRN02 */
	const char *source;     /* 2100A NM103: the information source */
	char source_kind;       /* 'C' clearinghouse (NM101 AY), 'P' payer
	                         * (NM101 PR) */
	char accepted;          /* 'Y', 'N' or '?', see above */
	const char *category;   /* STC01-1 of the first STC, e.g. "A3" */
	const char *status_code; /* STC01-2, e.g. "21" */
	const char *entity;     /* STC01-3, may be "" */
	const char *action;     /* STC03: "WQ" accepted, "U" rejected, or "" */
	/* The other composites, "cat:code[:entity]" with ";" between: STC10
	 * and STC11 of the first STC, then STC01, STC10, STC11 of each further
	 * STC of the claim; "" when none. */
	const char *more_codes;
	const char *text;       /* STC12 of each STC, "; " between, or "" */
	const char *payer_claim_id; /* REF*1K, or "" */
	long long charge_cents; /* STC04 (total claim charge), -1 absent */
	/* 2220D: service lines the source reported (only lines that caused
	 * a rejection, says the TR3), each as "REF*FJ (or 6R) SVC01 codes"
	 * and " (STC12)" when there is one, " | " between, e.g.
	 * "CLM0000003-2 HC:99213 A7:453:82"; the line number ("#2") stands
	 * in for a missing REF. */
	int lines;
	int lines_rejected;     /* lines whose verdict is 'N' */
	const char *line_summary;
	/* TRN02 of the 2200B above the claim: the BHT03 of the 837 set that
	 * the 277CA answers, by which a caller knows the set is one of ours
	 * (a 277CA may answer another system's 837, whose claim ids may
	 * equal ours); "" when the 2200B has no TRN. */
	const char *set_trace;
	/* Codes not in the code lists of data/x12, "; " between, "" when
	 * none: "unknown status code 'XX' in STC01-2", "unknown category
	 * code 'Q9' in STC10-1", "line 2: ..." for a 2220D line.  Such a
	 * code makes the verdict '?' at best: a person should look. */
	const char *warnings;
};
typedef int (*ck_277_cb)(void *arg, const struct ck_277_claim *c);

/*
 * A status above the claims: 2200B (the information receiver: the whole
 * 837 transaction set we sent) or 2200C (one billing provider's claims in
 * it).  These matter: when a set or a provider is rejected whole, its
 * claims get no 2200D at all (the TR3's HL04 = 0), so no ck_277_claim.
 */
struct ck_277_level {
	char level;             /* 'B' receiver (2200B), 'C' provider (2200C) */
	const char *source;     /* as in ck_277_claim */
	char source_kind;
	const char *trace;      /* TRN02: at 'B' the BHT03 of our 837 set */
	const char *provider_id; /* at 'C' 2100C NM109 (the billing NPI) */
	const char *provider_name; /* at 'C' 2100C NM103 */
	char accepted;          /* 'Y', 'N' or '?', as for a claim */
	const char *category, *status_code, *entity, *action, *more_codes,
	    *text;              /* as in ck_277_claim */
	long accepted_claims;   /* QTY 90 or QA, -1 when absent */
	long rejected_claims;   /* QTY AA or QC, -1 when absent */
	long long accepted_cents; /* AMT YU, -1 when absent */
	long long rejected_cents; /* AMT YY, -1 when absent */
	const char *warnings;   /* as in ck_277_claim */
};
typedef int (*ck_277_level_cb)(void *arg, const struct ck_277_level *l);

/* Calls cb for each 2200D claim and level_cb (may be NULL) for each
 * 2200B/2200C loop that has an STC, in file order: a level when its loop
 * ends at the next HL, so before the claims beneath it.  Every
 * transaction set in the file must be a 277 005010X214. */
int ck_parse_277ca(const char *path, ck_277_cb cb, ck_277_level_cb level_cb,
    void *arg, struct ck_err *err);

/* --- TA1 --- */

/* TA1: the interchange acknowledgment. */
struct ck_ta1 {
	long isa_control;       /* TA101: the ISA13 it answers */
	char status;            /* TA104: 'A' accepted, 'E' accepted with
	                         * errors, 'R' rejected */
	const char *note_code;  /* TA105, e.g. "000", "024" */
	const char *note;       /* TA105 explained, e.g. "invalid interchange
	                         * content (e.g., invalid GS segment)" */
};
typedef int (*ck_ta1_cb)(void *arg, const struct ck_ta1 *t);

/* Calls cb for each TA1.  Every interchange in the file must begin with
 * a TA1; groups after it are checked and skipped. */
int ck_parse_ta1(const char *path, ck_ta1_cb cb, void *arg,
    struct ck_err *err);

/* --- the segment reader, for parsers of other transactions (835) ---
 *
 * Each transaction read has its file in lib/ (x12_ta1.c, x12_999.c,
 * x12_277.c): a pass function over ck_x12_next() that checks the loops
 * of its sets, run twice by the frame of lib/x12read_int.h
 * (ck_xr_two_passes, ck_xr_each_segment), with its helpers for amounts,
 * bounded texts, code lists and composites.  The 835 reader (x12_835.c)
 * reads the envelopes first, then each set once (see remit.h). */

struct ck_x12_reader;

/* One segment: el[0] its id, el[1..n] its elements, NUL-terminated,
 * inside the reader's buffer until the next ck_x12_next(). */
struct ck_x12_seg {
	long number;            /* 1-based, counting from the first ISA */
	int n;                  /* elements after the id */
	char **el;
};

int ck_x12_open(struct ck_x12_reader **r, const char *path,
    struct ck_err *err);
/* The next segment, envelopes included (ISA, TA1, GS, ST, SE, GE, IEA),
 * and those already checked: order, SE/GE/IEA counts, control numbers.
 * Returns 0 with s->el set, 0 with s->el NULL at the end of the file, or
 * an error code. */
int ck_x12_next(struct ck_x12_reader *r, struct ck_x12_seg *s,
    struct ck_err *err);
/* Back to the start (CK_DATA if the file changed since it was opened). */
int ck_x12_rewind(struct ck_x12_reader *r, struct ck_err *err);
void ck_x12_close(struct ck_x12_reader *r);

/* Element i of s, "" when s has fewer. */
const char *ck_x12_el(const struct ck_x12_seg *s, int i);
/* Splits element i of s in place at the component separator into at
 * most max parts (the rest ""), and returns how many it stored: 0 for
 * an empty element, at most max; or -1 when the element has more than
 * max parts (part[max - 1] then holds the rest, separators and all).
 * The element then reads as its first component: split it once. */
int ck_x12_comps(const struct ck_x12_reader *r, struct ck_x12_seg *s, int i,
    const char **part, int max);
/* ST03 of the open transaction set, or GS08 when ST03 is empty. */
const char *ck_x12_version(const struct ck_x12_reader *r);
/* Sets err to CK_DATA "PATH: segment N (ID): " and the message, and
 * returns CK_DATA. */
int ck_x12_fail(const struct ck_x12_reader *r, const struct ck_x12_seg *s,
    struct ck_err *err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Bytes read, scanned and moved since the last open or rewind: the unit
 * test checks with it that reading is linear in the file's size. */
long long ck_x12_work(const struct ck_x12_reader *r);

#endif
