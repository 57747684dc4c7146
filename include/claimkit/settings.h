/*
 * settings.h - what a practice sets once: the clearinghouse envelope
 * (1000A submitter, 1000B receiver, ISA/GS ids), the usage indicator,
 * the batch folder and the dwell before claims go out.  Values live in
 * the store's settings table; this module knows their names, defaults
 * and forms.
 */
#ifndef CLAIMKIT_SETTINGS_H
#define CLAIMKIT_SETTINGS_H

#include <stddef.h>
#include <time.h>

#include "claimkit/err.h"
#include "claimkit/store.h"

struct ck_setting_def {
	const char *key;
	int required;           /* a run stops while it is unset */
	const char *dflt;       /* NULL: none */
	int (*check)(const struct ck_setting_def *d, const char *v, char *why);
	int min, max;           /* length limits for text settings */
	const char *doc;        /* one line for --help and claimkit(5) */
};

/* The settings, ending with a NULL key. */
extern const struct ck_setting_def ck_settings[];

const struct ck_setting_def *ck_setting_find(const char *key);

/* Checks value for d; CK_USAGE with "KEY: expected ..." when wrong. */
int ck_setting_check(const struct ck_setting_def *d, const char *value,
    struct ck_err *err);

/* The value of key (set, else default, else "") into buf. */
int ck_setting(struct ck_store *st, const char *key, char *buf, size_t size,
    struct ck_err *err);

/* Checks and sets key to value (NULL: back to its default) in its own
 * transaction, audited. */
int ck_setting_save(struct ck_store *st, const char *key, const char *value,
    struct ck_err *err);

/* Fails naming every required setting that is unset. */
int ck_settings_require(struct ck_store *st, struct ck_err *err);

/* The dwell of every stage when none is set: one night, so that a
 * person can look at each step before the next. */
#define CK_DWELL_DEFAULT "1d"

/* The dwell setting in seconds ("0", "30m", "12h", "1d"). */
long ck_dwell_seconds(const char *v);

/* Whether a claim ready since ready_at (UTC "YYYY-MM-DDTHH:MM:SSZ") is
 * still held by dwell at now: 1, with buf the local date of the first
 * run that takes it (a dwell in days counts nights) or the UTC time the
 * dwell ends (minutes, hours); 0 when it can go. */
int ck_dwell_until(const char *ready_at, const char *dwell, time_t now,
    char *buf, size_t size);

#endif
