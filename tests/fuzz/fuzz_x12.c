/*
 * libFuzzer target: the X12 answer reader.  Each input is read as every
 * kind the reader knows (what a file is, TA1, 999, 277CA), whatever it
 * is, and every string a callback gets is read through, so that a
 * pointer past the buffer shows under AddressSanitizer; the 835 reader
 * of claim-remit too, also with every remittance read again from its ST
 * (as one too big to keep is).
 */
#include <string.h>

#include "claimkit/remit.h"
#include "claimkit/x12read.h"
#include "fuzz_common.h"

void ck_xr_835_set_cap(size_t bytes);   /* lib/x12read_int.h */

static size_t sink;

static void
touch(const char *s)
{
	sink += strlen(s);
}

static int
on_set(void *arg, const struct ck_999_set *s)
{
	(void)arg;
	touch(s->errors);
	touch(s->answers);
	return 0;
}

static int
on_group(void *arg, const struct ck_999_group *g)
{
	(void)arg;
	touch(g->errors);
	touch(g->answers);
	return 0;
}

static int
on_claim(void *arg, const struct ck_277_claim *c)
{
	(void)arg;
	touch(c->claim_id);
	touch(c->source);
	touch(c->category);
	touch(c->status_code);
	touch(c->entity);
	touch(c->action);
	touch(c->more_codes);
	touch(c->text);
	touch(c->payer_claim_id);
	touch(c->line_summary);
	touch(c->set_trace);
	touch(c->warnings);
	return 0;
}

static int
on_level(void *arg, const struct ck_277_level *l)
{
	(void)arg;
	touch(l->source);
	touch(l->trace);
	touch(l->provider_id);
	touch(l->provider_name);
	touch(l->category);
	touch(l->status_code);
	touch(l->entity);
	touch(l->action);
	touch(l->more_codes);
	touch(l->text);
	touch(l->warnings);
	return 0;
}

static int
on_ta1(void *arg, const struct ck_ta1 *t)
{
	(void)arg;
	touch(t->note_code);
	touch(t->note);
	return 0;
}

static int
on_remit(void *arg, const struct ck_835_remit *r)
{
	(void)arg;
	touch(r->trace);
	touch(r->payer_key);
	touch(r->payer_name);
	touch(r->payer_id);
	touch(r->paid_date);
	return 0;
}

static int
on_835(void *arg, const struct ck_835_claim *c)
{
	(void)arg;
	touch(c->claim_id);
	touch(c->payer_claim_id);
	touch(c->remarks);
	touch(c->crossover);
	for (int k = 0; k < c->nlines; k++) {
		touch(c->line[k].procedure);
		touch(c->line[k].original);
		touch(c->line[k].control);
		touch(c->line[k].remarks);
		touch(c->line[k].date);
	}
	return 0;
}

static int
on_plb(void *arg, const struct ck_835_plb *p)
{
	(void)arg;
	touch(p->reason);
	touch(p->reference);
	return 0;
}

static int
on_bad(void *arg, const struct ck_835_remit *r, const struct ck_err *why)
{
	(void)arg;
	(void)r;
	touch(why->msg);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size);
	enum ck_x12_kind kind;
	struct ck_err err;

	ck_x12_kind_of(path, &kind, &err);
	touch(ck_x12_kind_name(kind));
	ck_parse_999(path, on_set, on_group, NULL, &err);
	ck_parse_277ca(path, on_claim, on_level, NULL, &err);
	ck_parse_ta1(path, on_ta1, NULL, &err);
	{
		struct ck_835_cb cb = {NULL, on_remit, on_835, on_plb,
		    on_remit, on_bad};

		ck_parse_835(path, &cb, &err);
		/* again with every set too big to keep: read twice */
		ck_xr_835_set_cap(64);
		ck_parse_835(path, &cb, &err);
		ck_xr_835_set_cap(0);
	}
	return 0;
}
