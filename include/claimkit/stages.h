/*
 * stages.h - billing automation: four nightly stages, each switched on
 * or off on its own, with its own local time, dwell (counted in nights:
 * ck_dwell_until) and exclusion rules.
 *
 *   invoice-create   sessions (status session) become invoices, priced
 *                    by the fee schedule in force on each line's date;
 *                    a session with a line that has no fee is held
 *   invoice-process  invoices become claims awaiting submission (ready)
 *                    or, self-pay (payer_id SELF), patient balances
 *   submission       'claim-batch run --upload' (its dwell: the dwell
 *                    setting)
 *   era              'claim-remit post'
 *
 * Switches, times and dwells live in settings (stage.NAME.on, .time,
 * .dwell), so every change is audited.  A stage moves all it takes in
 * one transaction: two runs at once move each item once, and a kill
 * leaves every item where it was or where it went.
 *
 * Ownership: nothing is kept past a call; names are static.
 */
#ifndef CLAIMKIT_STAGES_H
#define CLAIMKIT_STAGES_H

#include <stddef.h>

#include "claimkit/err.h"
#include "claimkit/store.h"

enum ck_stage {
	CK_STAGE_INVOICE, CK_STAGE_PROCESS, CK_STAGE_SUBMIT, CK_STAGE_ERA,
	CK_NSTAGES
};

struct ck_stage_def {
	const char *name;       /* as the command line and rules name it */
	const char *title;      /* "Invoice Creation" ... */
	const char *time;       /* default local time, HH:MM */
	const char *dwell;      /* default dwell */
	const char *command;    /* what cron runs, after the program name */
};
extern const struct ck_stage_def ck_stages[CK_NSTAGES];

/* The stage named name, or -1. */
int ck_stage_find(const char *name);

/* Whether stage is on (*on 1; the default) or switched off (0). */
int ck_stage_enabled(struct ck_store *st, enum ck_stage stage, int *on,
    struct ck_err *err);
/* Switches stage on or off, audited, in its own transaction. */
int ck_stage_switch(struct ck_store *st, enum ck_stage stage, int on,
    struct ck_err *err);
/* The stage's local time HH:MM into buf (9 bytes or more). */
int ck_stage_time(struct ck_store *st, enum ck_stage stage, char *buf,
    size_t size, struct ck_err *err);
/* Sets it (CK_USAGE unless HH:MM), audited. */
int ck_stage_set_time(struct ck_store *st, enum ck_stage stage,
    const char *hhmm, struct ck_err *err);
/* The stage's dwell ("1d", ...) into buf. */
int ck_stage_dwell(struct ck_store *st, enum ck_stage stage, char *buf,
    size_t size, struct ck_err *err);
/* Sets it (CK_USAGE unless a dwell as the dwell setting takes),
 * audited. */
int ck_stage_set_dwell(struct ck_store *st, enum ck_stage stage,
    const char *dwell, struct ck_err *err);

struct ck_stage_stats {
	long moved;             /* items that went on */
	long self_pay;          /* of them, patient balances (processing) */
	long by_rule, by_dwell, by_fee;   /* held, by reason */
};

/* Invoice Creation and Invoice Processing: run the stage once (whether
 * it is on is the caller's to check), record the run. */
int ck_invoice_create(struct ck_store *st, struct ck_stage_stats *s,
    struct ck_err *err);
int ck_invoice_process(struct ck_store *st, struct ck_stage_stats *s,
    struct ck_err *err);

/* Records a run of a stage that is not one of the above (submission,
 * era, or a stage found switched off): result is "ok", "off" or a
 * failure's first words. */
int ck_stage_record(struct ck_store *st, enum ck_stage stage,
    const char *result, long moved, long held, struct ck_err *err);

/*
 * Whether an exclusion rule of stage matches claim claim_id: *held 1
 * with "rule N" in why (size bytes), else 0.  For claim-remit's ERA
 * Processing: a claim held leaves its remittance unposted for a person.
 * CK_DATA when there is no such claim.
 */
int ck_stage_excluded(struct ck_store *st, enum ck_stage stage,
    const char *claim_id, int *held, char *why, size_t size,
    struct ck_err *err);

/* One row per stage: stage, on, time, dwell, rules, waiting, held,
 * held_why, last_run, last_result. */
int ck_automation_walk(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err);

/* --- the store's side (lib/store_stages.c) --- */

/* Runs stage (INVOICE or PROCESS) on the items waiting in it, with the
 * stage's dwell, inside the caller's transaction. */
int ck_store_stage_move(struct ck_store *st, enum ck_stage stage,
    const char *dwell, struct ck_stage_stats *s, struct ck_err *err);
int ck_store_stage_run_add(struct ck_store *st, const char *stage,
    const char *result, long moved, long held, struct ck_err *err);
/* The automation view, with each stage's settings given as
 * name,on,time,dwell in vals (4 per stage). */
int ck_store_automation(struct ck_store *st, const char *const *vals,
    ck_row_cb cb, void *arg, struct ck_err *err);
/* A claim's path through the stages, oldest first, as step,at,detail
 * rows.  CK_DATA when there is no such claim. */
/* ck_stage_excluded's query: why is "" when no rule holds it. */
int ck_store_stage_rule(struct ck_store *st, enum ck_stage stage,
    const char *claim_id, char *why, size_t size, int *found,
    struct ck_err *err);
int ck_store_history(struct ck_store *st, const char *claim_id,
    ck_row_cb cb, void *arg, struct ck_err *err);

#endif
