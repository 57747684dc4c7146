/*
 * notify.h - the queue of balance notifications: statement profiles,
 * their dunning levels and message templates (lib/notify.c), statements
 * loaded from the practice management system, one notification per
 * guarantor and statement cycle at the highest dunning level of that
 * guarantor's accounts, sent by email (SMTP) or text message (an HTTPS
 * SMS API) through lib/transport_mail.c, with every status change kept
 * in a history.
 *
 * A template is never edited in place: adding a level again makes a new
 * version, and a notification names the version it was made with.
 *
 * Ownership: strings passed in are used only during the call; rows
 * handed to callbacks are valid only during the callback.  struct
 * ck_notify_send is the caller's; nothing here keeps pointers to it.
 */
#ifndef CLAIMKIT_NOTIFY_H
#define CLAIMKIT_NOTIFY_H

#include <stddef.h>
#include <stdint.h>

#include "claimkit/csv.h"
#include "claimkit/err.h"
#include "claimkit/store.h"

/* --- templates (lib/notify.c) --- */

/*
 * Checks a template: every {name} is a known placeholder (guarantor_name,
 * balance, statement_date, due_date, pay_link, practice_name,
 * practice_phone, and for email only patients), "{{" is a literal "{".
 * what names the template in the message.  CK_USAGE when wrong.
 */
int ck_notify_tpl_check(const char *text, int sms, const char *what,
    struct ck_err *err);

/* The values a template is filled with. */
struct ck_notify_vals {
	const char *guarantor_name, *balance, *statement_date, *due_date,
	    *pay_link, *practice_name, *practice_phone, *patients;
};

/* Fills template text into *out (malloc'd, the caller frees). */
int ck_notify_render(const char *text, const struct ck_notify_vals *v,
    char **out, struct ck_err *err);

/* --- settings of the notifications (lib/notify.c) --- */

/* The value of notification setting key (set, else its default). */
int ck_notify_setting(struct ck_store *st, const char *key, char *buf,
    size_t size, struct ck_err *err);
/* Checks and sets key (NULL value: back to its default), audited. */
int ck_notify_setting_save(struct ck_store *st, const char *key,
    const char *value, struct ck_err *err);
/* Walks the settings as key,value,doc rows. */
int ck_notify_settings(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err);

/* Checks an email address (one local@domain, no spaces or brackets) or
 * an E.164 number (+ and 8 to 15 digits, no leading 0).  0 or -1. */
int ck_notify_email_check(const char *s);
int ck_notify_phone_check(const char *s);

/* --- profiles and levels --- */

int ck_notify_profile_add(struct ck_store *st, const char *name,
    const char *send_at, struct ck_err *err);
int ck_notify_profile_rm(struct ck_store *st, const char *name,
    struct ck_err *err);
int ck_notify_profiles(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err);

struct ck_notify_level {
	const char *profile;
	int level;                  /* 1.. */
	int after_days;             /* days past due from which it applies */
	const char *channel;        /* email, sms, both, preferred */
	const char *subject, *email, *sms;   /* texts; NULL: none */
};

/* Adds a level, or changes one: a new template version each time.
 * *version gets the template's version. */
int ck_notify_level_add(struct ck_store *st, const struct ck_notify_level *l,
    int *version, struct ck_err *err);
int ck_notify_levels(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err);

/* --- loading statements --- */

struct ck_notify_load_stats {
	long rows, queued, skipped;
};

/* Loads a statements table (CSV or TSV, "-" for stdin) in one
 * transaction: CK_DATA naming FILE:LINE:FIELD when a row is wrong, and
 * then nothing is loaded. */
int ck_notify_load(struct ck_store *st, const char *path,
    struct ck_notify_load_stats *out, struct ck_err *err);

/* Builds the same statements from claimkit's own claims: one account
 * per claim with a patient balance and a guarantor_id, as of statement
 * date `date`, under profile `profile`.  The claim's guarantor columns
 * are checked as the file's are; an error names the claim. */
struct ck_notify_from {
	const char *profile, *date;
};
int ck_notify_load_claims(struct ck_store *st, const struct ck_notify_from *f,
    struct ck_notify_load_stats *out, struct ck_err *err);

/* --- sending --- */

struct ck_notify_send {
	const char *test_to;        /* --test-to: email every due one here */
	const char *test_sms;       /* --test-sms: text them here */
	int64_t only;               /* now: this notification only, now */
	/* called after each notification, for the program's progress */
	void (*progress)(void *arg, int64_t id, const char *status);
	void *arg;
};

struct ck_notify_send_stats {
	long sent, failed, waiting, opted_out, unknown, tests;
};

/*
 * Sends what is due.  Returns 0 when everything due went out, CK_TEMP
 * when some wait for a retry, CK_WAITS when some failed for good or
 * were found unknown (for a person), CK_FAIL when the server itself
 * refused us (certificate, login): what was taken goes back to the
 * queue.
 */
int ck_notify_send_due(struct ck_store *st, const struct ck_notify_send *o,
    struct ck_notify_send_stats *out, struct ck_err *err);

/* Queues one notification now for guarantor g (to patient p's own
 * addresses when p is not NULL), on channel (NULL: the level's).
 * *id gets it. */
int ck_notify_now(struct ck_store *st, const char *g, const char *p,
    const char *channel, int64_t *id, struct ck_err *err);

/* --- seeing and managing --- */

struct ck_notify_filter {
	const char *status, *guarantor, *statement;
	int level;                  /* 0: any */
};
int ck_notify_list(struct ck_store *st, const struct ck_notify_filter *f,
    ck_row_cb cb, void *arg, struct ck_err *err);
int ck_notify_history(struct ck_store *st, int64_t id, ck_row_cb cb,
    void *arg, struct ck_err *err);
int ck_notify_errors(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err);
/* Queues a failed, unknown or cancelled notification again, with the
 * guarantor's addresses given (NULL: unchanged). */
int ck_notify_retry(struct ck_store *st, int64_t id, const char *email,
    const char *mobile, struct ck_err *err);
/* Cancels notification id, or (id 0) every waiting one of statement s.
 * *n gets how many. */
int ck_notify_cancel(struct ck_store *st, int64_t id, const char *s,
    long *n, struct ck_err *err);

int ck_notify_optout(struct ck_store *st, const char *address, int add,
    struct ck_err *err);
int ck_notify_optouts(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err);

#endif
