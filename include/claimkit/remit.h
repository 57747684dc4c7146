/*
 * remit.h - 835 remittances (005010X221A1, ERA): reading them, and
 * posting them to claims once, balanced, with denials never written off.
 *
 * Reading (lib/x12_835.c) streams like the other X12 readers (see
 * x12read.h), in bounded memory whatever the file's size (one claim,
 * plus what one remittance hands out, packed, up to 8 MiB; a bigger
 * remittance is read twice instead: under 16 MB in all).  A first, light
 * read checks the envelopes of the whole file: an envelope error (counts,
 * control numbers, order) refuses the whole file, and nothing is handed
 * out.  Then each remittance (one ST/SE) is parsed once and checked
 * whole before anything of it goes: one that does not balance or holds a
 * bad value goes only as `bad`, with the error, and the others still go;
 * a sound one goes as begin, its claims one at a time, its PLB
 * adjustments, end, in file order.  (Should the file change between the
 * reads, the parse fails with CK_DATA, possibly after some callbacks:
 * post inside a transaction anyway.)
 *
 * Ownership: every string and array a callback gets lives during that
 * call only; copy what you keep.
 */
#ifndef CLAIMKIT_REMIT_H
#define CLAIMKIT_REMIT_H

#include <stddef.h>
#include <stdint.h>

#include "claimkit/err.h"
#include "claimkit/store.h"

#define CK_835_GUIDE "005010X221A1"

/* Caps that keep memory flat; a file past them is refused (CK_DATA). */
#define CK_835_MAX_LINES 999    /* SVC loops in one claim */
#define CK_835_MAX_ADJ 99       /* CAS adjustments of a claim, or a line */
#define CK_835_MAX_CODES 64     /* remark codes (MIA, MOA, LQ) of one */

/* One CAS adjustment: a triplet with its group. */
struct ck_835_adj {
	char group[3];          /* CO, PR, OA, PI, CR */
	char reason[6];         /* CARC */
	long long amount;       /* cents, may be negative */
};

/* One service line (SVC loop). */
struct ck_835_line {
	char procedure[64];     /* SVC01: "HC:99213:25" as sent, composite */
	char code[16];          /* SVC01-2, the procedure code */
	char modifiers[4][3];   /* SVC01-3..6 */
	char original[64];      /* SVC06 when the payer changed the code:
	                         * what we sent */
	char orig_code[16];     /* SVC06-2 */
	char orig_modifiers[4][3]; /* SVC06-3..6 */
	long long charge, paid; /* SVC02, SVC03 */
	long long allowed;      /* AMT*B6, -1 when absent */
	long units;             /* SVC05 (default 1) */
	char date[11];          /* DTM*472 or DTM*150, YYYY-MM-DD, or "" */
	char control[51];       /* REF*6R: our line control number, or "" */
	char remarks[256];      /* LQ*HE / LQ*RX codes, space between */
	int nadj;
	struct ck_835_adj adj[CK_835_MAX_ADJ];
};

/* One claim payment (CLP loop), with its service lines. */
struct ck_835_claim {
	long number;            /* its CLP's segment number in the file */
	char claim_id[39];      /* CLP01: our CLM01 */
	char status[3];         /* CLP02 */
	long long charge, paid, patient_resp;   /* CLP03, CLP04, CLP05 */
	char payer_claim_id[51]; /* CLP07 */
	char crossover[61];     /* NM1*TT name: crossed over to, or "" */
	char patient_id[81];    /* NM1*QC NM109, for the biller only */
	char remarks[256];      /* MIA / MOA remark codes, space between */
	char service_date[11];  /* DTM*232 (claim start), or "" */
	int nadj;
	struct ck_835_adj adj[CK_835_MAX_ADJ];  /* claim-level CAS */
	int nlines;
	struct ck_835_line *line;       /* nlines of them */
};

/* The remittance's header: what comes before its first LX/CLP. */
struct ck_835_remit {
	long number;            /* ordinal of the set in the file, from 1 */
	long segment;           /* its ST's segment number */
	char st_control[10];
	long long amount;       /* BPR02 */
	char method[4];         /* BPR04: ACH, CHK, FWT, BOP, NON */
	char paid_date[11];     /* BPR16 as YYYY-MM-DD */
	char trace[51];         /* TRN02: check or EFT trace number */
	char payer_key[51];     /* TRN03: the payer's identifier */
	char payer_name[61];    /* N1*PR */
	char payer_id[81];      /* N1*PR N104, else REF*2U, else TRN03 */
	char payee_name[61];    /* N1*PE */
	char payee_id[81];      /* N1*PE N104 */
	long claims;            /* CLP loops */
};

/* One provider-level adjustment (PLB: one reason of one segment). */
struct ck_835_plb {
	char provider[51];      /* PLB01 */
	char fiscal_date[11];   /* PLB02 as YYYY-MM-DD */
	char reason[3];         /* e.g. L6 interest, WO, FB, 72 */
	char reference[51];     /* the rest of the composite */
	long long amount;       /* positive reduces the payment */
};

/* Return from begin to pass over a remittance's claims and PLB. */
#define CK_835_SKIP (-1)

struct ck_835_cb {
	void *arg;
	/* A sound remittance starts: 0 goes on, CK_835_SKIP passes it by,
	 * anything else stops the parse. */
	int (*begin)(void *arg, const struct ck_835_remit *r);
	int (*claim)(void *arg, const struct ck_835_claim *c);
	int (*plb)(void *arg, const struct ck_835_plb *p);
	int (*end)(void *arg, const struct ck_835_remit *r);
	/* A remittance that fails its checks (not posted): err says where
	 * and what does not add up. */
	int (*bad)(void *arg, const struct ck_835_remit *r,
	    const struct ck_err *why);
};

/* Reads the 835 at path.  Returns 0, CK_DATA when the file is not a
 * sound 835 at all (envelopes), CK_FAIL when it cannot be read, or what
 * a callback returned. */
int ck_parse_835(const char *path, const struct ck_835_cb *cb,
    struct ck_err *err);

/* --- code lists (data/x12/carc.csv, rarc.csv) --- */

/* What a CARC or RARC means, or NULL when the list does not know it. */
const char *ck_carc_text(const char *code);
const char *ck_rarc_text(const char *code);
/* A codes column ("CO-45:35.00 PR-3:20.00 N130") with what each code
 * means: "CO-45 Charge exceeds ...; PR-3 Co-payment amount; N130 ...";
 * an unknown code stands alone. */
void ck_remit_describe(const char *codes, char *out, size_t size);

/* --- posting (lib/remit.c) --- */

/* The adjustments part of a codes column: a claim payment's CAS (its
 * own, then each line's) summed by group and reason, in the order first
 * seen: "CO-45:35.00 PR-3:20.00".  The post rows and the SQL (the
 * ck_adj_codes() aggregate of store_remit.c) both build it here.  The
 * caller owns k: zero it first, ck_remit_codes_free() it after. */
struct ck_remit_codes {
	struct ck_remit_code {
		char group[3], reason[6];
		long long amount;
	} *e;
	int n, cap;
};
/* Adds one adjustment: -1 when out of memory. */
int ck_remit_codes_add(struct ck_remit_codes *k, const char *group,
    const char *reason, long long amount);
/* The text (the caller frees it), "" when none; NULL when out of
 * memory. */
char *ck_remit_codes_text(const struct ck_remit_codes *k);
void ck_remit_codes_free(struct ck_remit_codes *k);

/* A line (or a claim without lines) is denied when the payer paid
 * nothing, left the patient nothing, and adjusted it for a reason other
 * than the prior payers' impact (CARC 23, which a secondary payer gives
 * for what the primary settled): it stays open. */
int ck_remit_line_denied(const struct ck_835_line *l);

/* What a post did with one remittance. */
enum ck_remit_outcome {
	CK_REMIT_POSTED, CK_REMIT_HELD, CK_REMIT_DUPLICATE, CK_REMIT_BAD
};

struct ck_remit_opts {
	int held;               /* post remittances held by a rule */
	/* ERA Processing's dwell: a fetched 835 posts once it has waited
	 * it since it was fetched (NULL: at once); a file named or a held
	 * remittance is a person's request and never waits */
	const char *dwell;
	/* one row per claim payment: remit_id, claim_id, payer_claim_id,
	 * status, charge, paid, patient_resp, contractual, other_adj,
	 * insurance_balance, patient_balance, codes; the header first */
	ck_row_cb row;
	void *row_arg;
	/* a remittance that was not posted, and why (may be NULL) */
	void (*note)(void *arg, enum ck_remit_outcome o, const char *file,
	    const char *what);
	void *note_arg;
};

struct ck_remit_sum {
	long files, posted, held, duplicates, bad, claims, unmatched;
	long waiting;           /* fetched 835s the dwell holds */
	char until[32];         /* the date the first of them posts */
};

/*
 * Posts the 835 at path (fetched: its fetched row, or 0).  Each
 * remittance posts in its own transaction: once (payer and trace, or a
 * file already posted: skipped, named through note), after its checks
 * (a bad one posts nothing), claims matched to ours (others recorded as
 * unmatched), money by the rules of claimkit(5).  Adds to sum.  Returns
 * 0 (bad remittances counted in sum->bad), or an error.
 */
int ck_remit_post_file(struct ck_store *st, const char *path,
    int64_t fetched, const struct ck_remit_opts *o, struct ck_remit_sum *sum,
    struct ck_err *err);
/* Keeps the 835 read from fd (a pipe) in the database's folder,
 * DB.d/remit/stdin-TIME-PID.835 (0600), and puts its path in path. */
int ck_remit_save(struct ck_store *st, int fd, char *path, size_t size,
    struct ck_err *err);
/* Posts every fetched 835 not yet posted (and with o->held the held
 * remittances). */
int ck_remit_post_fetched(struct ck_store *st, const struct ck_remit_opts *o,
    struct ck_remit_sum *sum, struct ck_err *err);
/* Posts the held remittances. */
int ck_remit_post_held(struct ck_store *st, const struct ck_remit_opts *o,
    struct ck_remit_sum *sum, struct ck_err *err);

/* Remittance remit as an EOB (ck_rs_show's rows), then a row of level
 * "images" per img-batch payment set linked to its trace number, naming
 * the batch and the set in its note. */
int ck_remit_show(struct ck_store *st, int64_t remit, ck_row_cb cb,
    void *arg, struct ck_err *err);

/* Posts unmatched remittance claim rc (its remit_claim id) to claim_id,
 * by hand.  CK_DATA when rc is not unmatched or the claim unknown. */
int ck_remit_match(struct ck_store *st, int64_t rc, const char *claim_id,
    const struct ck_remit_opts *o, struct ck_err *err);

/* Checks remittance id can be undone: posted, and none of its claims
 * changed since (CK_DATA naming them).  *claims gets their number. */
int ck_remit_undo_check(struct ck_store *st, int64_t id, long *claims,
    struct ck_err *err);
/* Undoes remittance id: every claim back as before, in one transaction. */
int ck_remit_undo(struct ck_store *st, int64_t id, struct ck_err *err);

/* --- the store of remittances (lib/store_remit.c: all their SQL) --- */

/* A posting's statements, prepared once: ck_rs_open() returns one the
 * caller frees with ck_rs_close() (before closing the store). */
struct ck_rs;
int ck_rs_open(struct ck_store *st, struct ck_rs **h, struct ck_err *err);
void ck_rs_close(struct ck_rs *h);

/* What a claim payment would post, by the rules (see remit.c): only the
 * parts not denied; units are its lines (1 when it has none). */
struct ck_remit_money {
	long long contractual, other, patient;
	/* the CAS 23 (impact of prior payers) within contractual, other
	 * and patient: a secondary claim sets it against what was booked */
	long long prior[3];
	int units, denied_units;
};

/* One of our claims as posting sees it. */
struct ck_remit_target {
	int64_t id;             /* 0: no such claim */
	char status[16];
	char rule[32];          /* the ERA Processing exclusion rule that
	                         * holds it ("rule N"), or "" */
	long long charge, ins_balance, pat_balance;
	long long prior_open;   /* a secondary's prior payers' impact still
	                         * to be met by its payer's CAS 23 */
	int next_payer;         /* it names a next payer (a secondary) */
	int rank;               /* 1 primary, 2 secondary, 3 tertiary */
};

/* What posting a claim payment does to our claim: the amounts applied
 * (paid, contractual, other, patient; a reversal's are those of the
 * posting it reverses, negated), its new status, and its status and
 * balances before and after, kept for undo. */
struct ck_remit_posting {
	int64_t claim;
	const char *status;
	long long amt[4];
	long long prior;        /* CAS 23 set against the booked prior
	                         * payers' impact, not applied again */
	/* patient responsibility handed to the secondary claim made (or,
	 * negative, given back by a reversal that withdraws it) */
	long long transfer;
	int64_t secondary;      /* that claim (made, or to withdraw) */
	int64_t reverses;       /* the remit claim a reversal takes back */
	const char *status_before;
	long long ins_before, pat_before, ins_after, pat_after;
};

/* What a reversal takes back (ck_rs_reversible). */
struct ck_remit_reversible {
	int64_t prev;           /* the last posting it reverses, 0: none */
	long long amt[4], prior, transfer;      /* their sums */
	/* the secondary claim one of them made and that still exists (id
	 * 0: none); untouched: still unbatched and unposted, so the
	 * reversal may withdraw it */
	int64_t sec_id;
	char sec_claim[48], sec_status[16];
	int64_t sec_batch;
	int sec_untouched;
};

/* Our claim's service line, to match an 835 line to. */
struct ck_remit_ourline {
	int line_no;
	char date[11], code[16], mods[4][3];
	long long charge;
	int taken;
};

/* The remittance of this payer and trace that holds the once-only key
 * (posted or held): *id 0 when none. */
int ck_rs_find(struct ck_rs *h, const char *payer_key, const char *trace,
    int64_t *id, char *status, size_t size, struct ck_err *err);
/* A remittance of the file with this digest was recorded (not undone). */
int ck_rs_file_seen(struct ck_rs *h, const char *sha256, int64_t *remit,
    struct ck_err *err);
/* A hold rule names the payer (id, key or name, any case). */
int ck_rs_held(struct ck_rs *h, const struct ck_835_remit *r, int *held,
    struct ck_err *err);
/* Records remittance r with status (posted, held, refused). */
int ck_rs_remit_add(struct ck_rs *h, const struct ck_835_remit *r,
    const char *file, const char *sha256, int64_t fetched,
    const char *status, const char *error, int64_t *id, struct ck_err *err);
int ck_rs_remit_status(struct ck_rs *h, int64_t id, const char *status,
    struct ck_err *err);
/* Records claim payment c of remit with its money and, in one row,
 * what it posted (po) or why not (reason, when po is NULL); line_no
 * (NULL when none matched) gives our line of each of c's lines.  *id
 * its row. */
int ck_rs_claim_add(struct ck_rs *h, int64_t remit,
    const struct ck_835_claim *c, const struct ck_remit_money *m,
    const struct ck_remit_posting *po, const char *reason,
    const int *line_no, int64_t *id, struct ck_err *err);
/* Our claim claim_id as the postings of remit (0: none) not yet moved
 * onto it leave it, and (lines not NULL) its lines, at most max, *n of
 * them. */
int ck_rs_target(struct ck_rs *h, const char *claim_id, int64_t remit,
    struct ck_remit_target *t, struct ck_remit_ourline *lines, int max,
    int *n, struct ck_err *err);
/* What a reversal takes back: every posting of this claim with this
 * payer claim number not reversed yet (an appeal paid under the first
 * number among them), the last, the sums of what they applied and
 * handed on, and the secondary claim they made, into rv. */
int ck_rs_reversible(struct ck_rs *h, int64_t claim, const char *payer_key,
    const char *payer_claim_id, struct ck_remit_reversible *rv,
    struct ck_err *err);
/* A payment of this payer to this claim already posted, not reversed,
 * that paid one of the lines in lines (our line numbers, ",1,3," form;
 * "" when the payment has no line detail: then any payment of it):
 * *prev its remittance (0 when none), its payer claim number into pcn
 * (51 bytes). */
int ck_rs_paid_before(struct ck_rs *h, int64_t claim, const char *payer_key,
    const char *lines, int64_t *prev, char *pcn, struct ck_err *err);
/* Records what unmatched remit claim rc posted, matched by hand. */
int ck_rs_record(struct ck_rs *h, int64_t rc,
    const struct ck_remit_posting *po, struct ck_err *err);
/* Marks the postings remit claim rc reverses (those ck_rs_reversible
 * summed; reverses the last of them). */
int ck_rs_reversed(struct ck_rs *h, int64_t rc, int64_t reverses,
    struct ck_err *err);
/* Moves our claims' money and status by what remit's claim payments
 * posted (only remit claim rc's when rc is not 0), in one statement. */
int ck_rs_move(struct ck_rs *h, int64_t remit, int64_t rc,
    struct ck_err *err);
/* Makes the secondary claim of remit claim rc's claim when the claim
 * names a next payer, or the payer crossed it over (CLP02 19/20 with
 * NM1*TT): a copy of it, "CLAIMID-2" (rank + 1), to the next payer,
 * ready (forwarded, never batched, when crossed over), with this posting
 * as its prior payer's (claim and line paid, date, CAS).  It takes over
 * the posting's patient responsibility X: its insurance balance is X,
 * the rest of the charge booked as adjusted (the prior payers' impact,
 * CARC 23, in prior_open), and rc hands X on (transfer, pat_after).
 * *made its row, 0 when none was made. */
int ck_rs_secondary(struct ck_rs *h, int64_t rc, int64_t *made,
    struct ck_err *err);
/* Withdraws secondary claim id, untouched, as reversal rc took back the
 * posting that made it: the claim and its lines go. */
int ck_rs_withdraw(struct ck_rs *h, int64_t rc, int64_t id,
    struct ck_err *err);
int ck_rs_plb_add(struct ck_rs *h, int64_t remit, const struct ck_835_plb *p,
    struct ck_err *err);
/* Counts the remittance's claims and audits it. */
int ck_rs_remit_done(struct ck_rs *h, int64_t remit, struct ck_err *err);
/* An unmatched remit claim for a hand match: its CLP02 (3 bytes), CLP07
 * (51 bytes), money, crossover and remit (CK_DATA when rc is not
 * unmatched). */
int ck_rs_unmatched_get(struct ck_rs *h, int64_t rc, char *clp_status,
    char *pcn, long long *paid, struct ck_remit_money *m, int *crossover,
    int64_t *remit, struct ck_err *err);

/* The post rows of remit (or of one remit claim when rc is not 0). */
int ck_rs_rows(struct ck_store *st, int64_t remit, int64_t rc, ck_row_cb cb,
    void *arg, struct ck_err *err);
/* Fetched 835s whose digest no remittance was recorded from and that
 * have waited dwell since they were fetched (NULL: no dwell), or held
 * remittances' files: *paths, *ids (fetched ids), *n; caller frees.
 * Those the dwell holds are counted in *waiting (not reset), the date
 * the first is taken in until (32 bytes) when it was 0. */
int ck_rs_to_post(struct ck_store *st, int held, const char *dwell,
    char ***paths, int64_t **ids, long *n, long *waiting, char *until,
    struct ck_err *err);

/* Tables: remittances, one remittance's claims and lines, denials,
 * unmatched claims, PLB, rules. */
int ck_rs_list(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err);
int ck_rs_show(struct ck_store *st, int64_t remit, ck_row_cb cb, void *arg,
    struct ck_err *err);
/* Remittance remit's trace number (TRN02) into trace ("" when none);
 * CK_DATA when there is no remittance remit. */
int ck_rs_trace(struct ck_store *st, int64_t remit, char *trace, size_t size,
    struct ck_err *err);
int ck_rs_denials(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err);
int ck_rs_unmatched_list(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err);
int ck_rs_rule_add(struct ck_store *st, const char *payer, int64_t *id,
    struct ck_err *err);
int ck_rs_rule_rm(struct ck_store *st, int64_t id, struct ck_err *err);
int ck_rs_rules(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err);
/* Undo: the check (claims changed since, named) and the act. */
int ck_rs_undo_check(struct ck_store *st, int64_t remit, long *claims,
    struct ck_err *err);
int ck_rs_undo(struct ck_store *st, int64_t remit, struct ck_err *err);

#endif
