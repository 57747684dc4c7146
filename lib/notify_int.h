/* Internal to the notification module: its SQL (lib/store_notify.c) and
 * its transfers (lib/transport_mail.c). */
#ifndef CLAIMKIT_NOTIFY_INT_H
#define CLAIMKIT_NOTIFY_INT_H

#include <stddef.h>
#include <stdint.h>

#include "claimkit/notify.h"

#define NOTIFY_MAX_LEVELS 20

/* A profile's levels, ascending, with each one's channel and current
 * template (a load binds them rather than look them up per row). */
struct nq_levels {
	int found;
	char send_at[8];
	int n;
	int level[NOTIFY_MAX_LEVELS], after[NOTIFY_MAX_LEVELS];
	int64_t template[NOTIFY_MAX_LEVELS];
	char channel[NOTIFY_MAX_LEVELS][16];
};

/* One statement row as loaded. */
struct nq_row {
	const char *statement_id, *statement_date, *guarantor_id,
	    *guarantor_name, *email, *mobile, *channel, *patient_id,
	    *patient_name, *oldest_service, *profile, *time_zone;
	int64_t balance;
	int level;                  /* computed: 0 when none is due */
};

/* A guarantor's cycle to queue: its top row (the first of its highest
 * level). */
struct nq_group {
	const char *guarantor_id, *cycle;
	int64_t top;
	int level;
};

int nq_profile_add(struct ck_store *st, const char *name,
    const char *send_at, struct ck_err *err);
/* Stores a checked level with a new template version. */
int nq_level_add(struct ck_store *st, const struct ck_notify_level *l,
    int *version, struct ck_err *err);
int nq_levels_get(struct ck_store *st, const char *profile,
    struct nq_levels *l, struct ck_err *err);
/* A load under way: its id and its prepared statements. */
struct nq_load;
int nq_load_start(struct ck_store *st, const char *file, struct nq_load **l,
    struct ck_err *err);
/* Records the notifications the load queued (before its commit). */
int nq_load_done(struct nq_load *l, struct ck_err *err);
void nq_load_end(struct nq_load *l);
/* Rows written by one statement at most (nq_statements_add,
 * nq_queue_tops). */
#define NQ_BATCH 64
/* Adds a statement row naming notification (0: none): *id gets its row
 * id, 0 when that statement's account was loaded before (nothing then
 * changes). */
int nq_statement_add(struct nq_load *l, const struct nq_row *r,
    int64_t notification, int64_t *id, struct ck_err *err);
/* Adds statement rows r[0..n), each naming notification[i] (0: none), n
 * at most NQ_BATCH: *added of them, those loaded before left out; the
 * added ones have the row ids up to *last, in order and without a gap. */
int nq_statements_add(struct nq_load *l, const struct nq_row *r,
    const int64_t *notification, size_t n, size_t *added, int64_t *last,
    struct ck_err *err);
/* Takes back statement rows first..last, which this load just added. */
int nq_statements_drop(struct nq_load *l, int64_t first, int64_t last,
    struct ck_err *err);
/* Calls cb with each claim that has a patient balance and a guarantor,
 * as the values of the statement columns (in notify_load.c's order:
 * statement_id, statement_date, guarantor_id, guarantor_name, email,
 * mobile, channel, patient_id, patient_name, balance,
 * oldest_service_date, profile, level, time_zone). */
int nq_claim_rows(struct ck_store *st, const char *profile,
    const char *date, int (*cb)(void *arg, const char *const *v), void *arg,
    struct ck_err *err);
/* The notification of a guarantor's cycle, 0 if none. */
int nq_find(struct nq_load *l, const char *guarantor, const char *cycle,
    int64_t *id, struct ck_err *err);
/* A notification to queue from its top row's values, at send_after
 * (UTC text), with the channel and current template of its level in lv
 * and the balance of its rows (all borrowed). */
struct nq_top {
	struct nq_row row;
	const struct nq_levels *lv;
	int64_t balance;
	const char *send_after, *due_date;
};
/* Queues t[0..m), m at most NQ_BATCH, with consecutive ids from *first;
 * *first 0 and nothing queued when any of their cycles has one. */
int nq_queue_tops(struct nq_load *l, const struct nq_top *t, size_t m,
    int64_t *first, struct ck_err *err);
/* Takes back notification id, which this load just queued, its rows
 * first..last (none when first is 0) naming none. */
int nq_withdraw(struct nq_load *l, int64_t id, int64_t first, int64_t last,
    struct ck_err *err);
/* g's top row and level (0 when none is due) from all of this load's
 * rows of its cycle, profile the top row's. */
int nq_top(struct nq_load *l, struct nq_group *g, char *profile,
    size_t size, struct ck_err *err);
/* Queues g from nq_top: a new notification (*made 1), this load's own
 * remade from its new top row, or one of an earlier load; links all of
 * this load's rows of the cycle and counts them in its balance while it
 * waits. */
int nq_queue(struct nq_load *l, const struct nq_group *g,
    const char *send_after, const char *due_date, int *made,
    struct ck_err *err);

/* What a send needs of one notification. */
struct nq_item {
	int64_t id;
	char status[16], channel[16], delivered[16];
	char guarantor_id[128], guarantor_name[256], email[256], mobile[32];
	char time_zone[128], statement_date[16], due_date[16];
	char subject[1024], profile[72];
	int level;
	char *email_text, *sms_text;    /* malloc'd */
	char *patients;                 /* malloc'd, NULL until read */
	int64_t balance, template_id;
	int tries, test;
};
void nq_item_free(struct nq_item *it);

/* Finalizes the statements a send keeps prepared (before the store is
 * closed). */
void nq_cache_end(void);
/*
 * Ends the "sending" rows whose send is gone (its process ended, or the
 * machine restarted: boot is this boot's id, "" when unknown): one whose
 * delivery began becomes "unknown" (*unknown), never sent again without
 * a person; one taken but not begun, on this same boot, goes back to
 * "queued" (*requeued).  After a restart every one is "unknown": the
 * commits that said which had begun may be lost.
 */
int nq_mark_unknown(struct ck_store *st, const char *boot, long *unknown,
    long *requeued, struct ck_err *err);
/* The next due notification id after `after`, or 0 (only: that one),
 * with its guarantor. */
int nq_next_due(struct ck_store *st, const char *now, int64_t after,
    int64_t only, int64_t *id, char *guarantor, size_t gsize,
    struct ck_err *err);
int nq_item_get(struct ck_store *st, int64_t id, struct nq_item *it,
    struct ck_err *err);
/* 1 when address is on the opt-out list. */
int nq_opted_out(struct ck_store *st, const char *address, int *out,
    struct ck_err *err);
/* When the guarantor was last sent something (UTC text, "" if never),
 * and whether another of its notifications is being delivered now (by
 * another send: a send takes one of a guarantor's per batch). */
int nq_last_sent(struct ck_store *st, const char *guarantor, int64_t not_id,
    char *buf, size_t size, int *busy, struct ck_err *err);
/* The patients' lines of a notification's email. */
int nq_patients(struct ck_store *st, int64_t id, char **text,
    struct ck_err *err);
/* Sets status (and what goes with it), with a history row. */
struct nq_change {
	const char *status, *channel, *address, *reply, *next_try,
	    *delivered;
	int tries, test;
	int64_t template_id;
};
int nq_set(struct ck_store *st, int64_t id, const struct nq_change *c,
    struct ck_err *err);
/* A history row only (a test send). */
int nq_history(struct ck_store *st, int64_t id, const struct nq_change *c,
    struct ck_err *err);
/*
 * Whether commits wait for the disk (FULL, the store's own) or not
 * (NORMAL, in WAL mode durable against a crash of the program, not of
 * the machine).  The end of a delivery need not wait: lost in a power
 * cut, the notification stays "sending", which the next send makes
 * "unknown"; its taking must, or a power cut could send it again.
 */
int nq_durable(struct ck_store *st, int full, struct ck_err *err);
/* A send's checkpoints, fewer and larger while sending (each one waits
 * for the disk twice; a message writes about five pages), and its page
 * cache, small and the same however long the queue: the store's own
 * again after. */
void nq_send_mode(struct ck_store *st, int sending);
/* Takes notification id for sending if still waiting (as this process,
 * on this boot): *taken. */
int nq_take(struct ck_store *st, int64_t id, const char *boot, int *taken,
    struct ck_err *err);
/* Notes that a taken notification's delivery begins. */
int nq_delivering(struct ck_store *st, int64_t id, struct ck_err *err);

/* --- transfers (lib/transport_mail.c) --- */

struct nq_server {
	char url[1024], from[256], ca[1024], netrc[1024];
};
/* Sends one message (CRLF lines) to rcpt over SMTP, reusing the
 * connection.  reply gets the server's last reply.  CK_TEMP for 4xx
 * and a server down, CK_DATA for a 5xx about this message, CK_FAIL for
 * a server we refuse or that refuses us (certificate, login). */
int nq_smtp_send(const struct nq_server *sv, const char *rcpt,
    const char *msg, size_t len, char *reply, size_t rsize,
    struct ck_err *err);
/* Posts a text message (form To, From, Body) to the SMS API; the same
 * codes: CK_TEMP for 429, 5xx or down, CK_DATA for another 4xx. */
int nq_sms_send(const struct nq_server *sv, const char *to,
    const char *body, char *reply, size_t rsize, struct ck_err *err);
void nq_transport_end(void);

#endif
