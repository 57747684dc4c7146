/*
 * The billing automation stages: their switches, times and dwells (in
 * settings, so each change is audited) and the two stages that live in
 * claim-batch alone.  The moves themselves are SQL (store_stages.c).
 */
#include <stdio.h>
#include <string.h>

#include "claimkit/settings.h"
#include "claimkit/stages.h"

const struct ck_stage_def ck_stages[CK_NSTAGES] = {
	{"invoice-create", "Invoice Creation", "23:00", CK_DWELL_DEFAULT,
	    "invoice create"},
	{"invoice-process", "Invoice Processing", "22:00", CK_DWELL_DEFAULT,
	    "invoice process"},
	{"submission", "Claims Submission", "21:00", NULL, "run --upload"},
	{"era", "ERA Processing", "20:00", CK_DWELL_DEFAULT, "post --fetch"},
};

int
ck_stage_find(const char *name)
{
	for (int k = 0; k < CK_NSTAGES; k++)
		if (strcmp(ck_stages[k].name, name) == 0)
			return k;
	return -1;
}

/* The setting that holds what of stage; Claims Submission's dwell is
 * the dwell setting 'run' has always read. */
static void
key(enum ck_stage stage, const char *what, char *buf, size_t size)
{
	if (stage == CK_STAGE_SUBMIT && strcmp(what, "dwell") == 0)
		snprintf(buf, size, "dwell");
	else
		snprintf(buf, size, "stage.%s.%s", ck_stages[stage].name, what);
}

static int
get(struct ck_store *st, enum ck_stage stage, const char *what,
    const char *dflt, char *buf, size_t size, struct ck_err *err)
{
	char k[64];
	int found;

	key(stage, what, k, sizeof(k));
	if (ck_setting_find(k))
		return ck_setting(st, k, buf, size, err);
	if (ck_store_setting_get(st, k, buf, size, &found, err))
		return err->code;
	if (!found)
		snprintf(buf, size, "%s", dflt ? dflt : "");
	return 0;
}

struct put {
	const char *key, *value;
};

static int
put_tx(struct ck_store *st, void *arg, struct ck_err *err)
{
	const struct put *p = arg;

	return ck_store_setting_set(st, p->key, p->value, err);
}

static int
put(struct ck_store *st, enum ck_stage stage, const char *what,
    const char *value, struct ck_err *err)
{
	char k[64];
	struct put p = {k, value};

	key(stage, what, k, sizeof(k));
	if (ck_setting_find(k))
		return ck_setting_save(st, k, value, err);
	return ck_store_tx(st, put_tx, &p, err);
}

int
ck_stage_enabled(struct ck_store *st, enum ck_stage stage, int *on,
    struct ck_err *err)
{
	char v[8];

	if (get(st, stage, "on", "on", v, sizeof(v), err))
		return err->code;
	*on = strcmp(v, "off") != 0;
	return 0;
}

int
ck_stage_switch(struct ck_store *st, enum ck_stage stage, int on,
    struct ck_err *err)
{
	return put(st, stage, "on", on ? "on" : "off", err);
}

int
ck_stage_time(struct ck_store *st, enum ck_stage stage, char *buf,
    size_t size, struct ck_err *err)
{
	return get(st, stage, "time", ck_stages[stage].time, buf, size, err);
}

int
ck_stage_set_time(struct ck_store *st, enum ck_stage stage,
    const char *hhmm, struct ck_err *err)
{
	int h, m, n = -1;

	if (strlen(hhmm) != 5 || sscanf(hhmm, "%2d:%2d%n", &h, &m, &n) != 2 ||
	    n != 5 || h < 0 || h > 23 || m < 0 || m > 59)
		return ck_err_set(err, CK_USAGE, "time '%s': expected HH:MM, "
		    "00:00 to 23:59", hhmm);
	return put(st, stage, "time", hhmm, err);
}

int
ck_stage_dwell(struct ck_store *st, enum ck_stage stage, char *buf,
    size_t size, struct ck_err *err)
{
	return get(st, stage, "dwell", ck_stages[stage].dwell, buf, size, err);
}

int
ck_stage_set_dwell(struct ck_store *st, enum ck_stage stage,
    const char *dwell, struct ck_err *err)
{
	if (ck_dwell_seconds(dwell) < 0)
		return ck_err_set(err, CK_USAGE, "dwell '%s': expected 0 or a "
		    "number with m, h or d (1d: the next night)", dwell);
	return put(st, stage, "dwell", dwell, err);
}

struct move {
	enum ck_stage stage;
	const char *dwell;
	struct ck_stage_stats *s;
};

static int
move_tx(struct ck_store *st, void *arg, struct ck_err *err)
{
	struct move *m = arg;
	struct ck_stage_stats *s = m->s;
	int rc;

	if ((rc = ck_store_stage_move(st, m->stage, m->dwell, s, err)))
		return rc;
	return ck_store_stage_run_add(st, ck_stages[m->stage].name, "ok",
	    s->moved, s->by_rule + s->by_dwell + s->by_fee, err);
}

static int
move(struct ck_store *st, enum ck_stage stage, struct ck_stage_stats *s,
    struct ck_err *err)
{
	char dwell[32];
	struct move m = {stage, dwell, s};

	if (ck_stage_dwell(st, stage, dwell, sizeof(dwell), err))
		return err->code;
	return ck_store_tx(st, move_tx, &m, err);
}

int
ck_invoice_create(struct ck_store *st, struct ck_stage_stats *s,
    struct ck_err *err)
{
	return move(st, CK_STAGE_INVOICE, s, err);
}

int
ck_invoice_process(struct ck_store *st, struct ck_stage_stats *s,
    struct ck_err *err)
{
	return move(st, CK_STAGE_PROCESS, s, err);
}

struct record {
	enum ck_stage stage;
	const char *result;
	long moved, held;
};

static int
record_tx(struct ck_store *st, void *arg, struct ck_err *err)
{
	const struct record *r = arg;

	return ck_store_stage_run_add(st, ck_stages[r->stage].name, r->result,
	    r->moved, r->held, err);
}

int
ck_stage_record(struct ck_store *st, enum ck_stage stage, const char *result,
    long moved, long held, struct ck_err *err)
{
	struct record r = {stage, result, moved, held};

	return ck_store_tx(st, record_tx, &r, err);
}

int
ck_automation_walk(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err)
{
	char buf[CK_NSTAGES][3][32];
	const char *vals[4 * CK_NSTAGES];
	int on = 1;

	for (int k = 0; k < CK_NSTAGES; k++) {
		if (ck_stage_enabled(st, k, &on, err) ||
		    ck_stage_time(st, k, buf[k][0], sizeof(buf[k][0]), err) ||
		    ck_stage_dwell(st, k, buf[k][1], sizeof(buf[k][1]), err))
			return err->code;
		vals[4 * k] = ck_stages[k].name;
		vals[4 * k + 1] = on ? "on" : "off";
		vals[4 * k + 2] = buf[k][0];
		vals[4 * k + 3] = buf[k][1];
	}
	return ck_store_automation(st, vals, cb, arg, err);
}

int
ck_stage_excluded(struct ck_store *st, enum ck_stage stage,
    const char *claim_id, int *held, char *why, size_t size,
    struct ck_err *err)
{
	int found;

	*held = 0;
	if (ck_store_stage_rule(st, stage, claim_id, why, size, &found, err))
		return err->code;
	if (!found)
		return ck_err_set(err, CK_DATA, "no claim '%s'", claim_id);
	*held = why[0] != '\0';
	return 0;
}
