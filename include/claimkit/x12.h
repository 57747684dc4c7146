/*
 * x12.h - the 837P 005010X222A1 writer: one interchange (ISA/GS) per
 * file, transaction sets of at most CK_837_MAX_CLAIMS claims, loops
 * 1000A/1000B, 2000A/2010AA, 2000B/2010BA/2010BB, 2000C/2010CA,
 * 2300, 2310B, 2310C, 2320/2330A/2330B (one per earlier payer: two on
 * a tertiary claim), 2400, 2410 (a drug's NDC) and 2430.
 *
 * Ownership: ck_837_begin() returns a writer that ck_837_end() frees
 * (also on error).  The writer writes into the caller's sink.
 */
#ifndef CLAIMKIT_X12_H
#define CLAIMKIT_X12_H

#include "claimkit/claim.h"
#include "claimkit/err.h"
#include "claimkit/sink.h"

#define CK_837_MAX_CLAIMS 5000

/* What the envelope says; from the settings (see settings.h). */
struct ck_x12_env {
	char submitter_name[64], submitter_id[84], submitter_contact[64];
	char submitter_phone[16];
	char receiver_name[64], receiver_id[84];
	char isa_sender_qual[4], isa_sender_id[16];
	char isa_receiver_qual[4], isa_receiver_id[16];
	char gs_sender[16], gs_receiver[16];
	char usage;             /* 'T' or 'P' */
	char ack;               /* '0' or '1' */
	int newline;            /* a newline after each segment terminator */
	char date[9];           /* CCYYMMDD of the file */
	char time[5];           /* HHMM */
	long isa_control;       /* ISA13, also GS06 */
	/* Gives the next ST02 control number; told each finished set. */
	long (*next_st)(void *arg);
	int (*set_done)(void *arg, long st_control, long claims,
	    struct ck_err *err);
	void *arg;
};

struct ck_837;

int ck_837_begin(struct ck_837 **w, struct ck_sink *out,
    const struct ck_x12_env *env, long long batch_id, struct ck_err *err);
/* Writes one claim (its 2000A opens anew when the billing provider
 * changes).  A value holding a delimiter is refused (CK_DATA). */
int ck_837_claim(struct ck_837 *w, const struct ck_claim *cl,
    struct ck_err *err);
/* The ST02 of the transaction set the last claim went into. */
long ck_837_set(const struct ck_837 *w);

/* Closes the sets and the interchange and frees w. */
int ck_837_end(struct ck_837 *w, struct ck_err *err);

/* Writes cents as an X12 R value: 125, 125.5, 125.55, -5. */
char *ck_x12_amount(long long cents, char *buf);

#endif
