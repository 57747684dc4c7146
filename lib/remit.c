/*
 * Posting 835 remittances by the rules billers use (claimkit(5)):
 *
 *  - each remittance once (payer and trace; a file already posted is
 *    skipped), in one transaction, after its checks (x12_835.c);
 *  - a claim payment goes to our claim CLP01 when we sent it, its lines
 *    by REF*6R or else procedure, modifiers, date and charge; what
 *    matches nothing is kept as unmatched, not posted;
 *  - the payment reduces the insurance balance, CO by contractual
 *    adjustment, OA/PI/CR by other adjustment, PR moves to the patient;
 *  - a denial is never written off: a claim (CLP02 4) or line the payer
 *    paid nothing on with a reason other than PR stays open on the
 *    insurance balance, its adjustments recorded but not applied;
 *  - a reversal (CLP02 22) takes back exactly what the posting of the
 *    same payer claim number applied, and posts before a correction
 *    listed ahead of it in the remittance;
 *  - the secondary claim a posting makes takes over its patient's part
 *    (nobody is owed twice); its own payer's CAS 23 is set against the
 *    prior payer's impact booked on it.
 *
 * So for every claim, to the cent: charge = insurance paid + adjusted +
 * patient responsibility + insurance balance.  The SQL is in
 * store_remit.c.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <time.h>
#include <unistd.h>

#include "claimkit/date.h"
#include "claimkit/img.h"
#include "claimkit/money.h"
#include "claimkit/progress.h"
#include "claimkit/remit.h"
#include "claimkit/sink.h"

/* The post rows' columns, as ck_rs_rows() names them. */
static const char *const post_cols[] = {"remit_id", "claim_id",
    "payer_claim_id", "status", "charge", "paid", "patient_resp",
    "contractual", "other_adj", "insurance_balance", "patient_balance",
    "codes"};
#define POST_COLS ((int)(sizeof(post_cols) / sizeof(post_cols[0])))

struct post {
	struct ck_store *st;
	struct ck_rs *h;
	const struct ck_remit_opts *o;
	struct ck_remit_sum *sum;
	const char *path;       /* as named, for messages */
	char abs[PATH_MAX];     /* as recorded */
	char sha[72];
	int64_t fetched;
	int held_pass;          /* post --held: only the held remittances */
	int64_t remit;
	const struct ck_835_remit *rm;
	int in_tx;
	int header_done;
	/* an ERA Processing rule excludes one of its claims: the whole
	 * remittance is held, since it posts in one piece */
	char excluded[160];
	struct ck_remit_sum before;     /* sum when the remittance began */
	struct ck_err err;
	struct ck_remit_ourline ours[CK_835_MAX_LINES];
	int nours;
	int line_no[CK_835_MAX_LINES];  /* ours of each 835 line */
	char target_id[48];     /* the claim a claim payment goes to */
	char misrouted[320];    /* why it cannot go to CLP01: "" if it can */
	/* claim payments a reversal later in the remittance may take the
	 * earlier payment of back: posted after the others */
	FILE *later;
	long nlater;
	int replaying;
	/* the remittance's post rows, printed once it commits */
	FILE *spool;
	long spooled;
	char *field[POST_COLS];
	size_t fsize[POST_COLS];
};

static void
note(struct post *p, enum ck_remit_outcome o, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
note(struct post *p, enum ck_remit_outcome o, const char *fmt, ...)
{
	char what[1024];
	va_list ap;

	if (p->o->note == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	p->o->note(p->o->note_arg, o, p->path, what);
}

/* The header of the post rows once, however many remittances. */
static int
row(void *arg, int n, const char *const *names, const char *const *vals)
{
	struct post *p = arg;

	if (vals == NULL && p->header_done)
		return 0;
	p->header_done = 1;
	return p->o->row ? p->o->row(p->o->row_arg, n, names, vals) : 0;
}

/* --- codes --- */

int
ck_remit_codes_add(struct ck_remit_codes *k, const char *group,
    const char *reason, long long amount)
{
	struct ck_remit_code *e;
	int i;

	for (i = 0; i < k->n; i++)
		if (strcmp(k->e[i].group, group) == 0 &&
		    strcmp(k->e[i].reason, reason) == 0)
			break;
	if (i == k->n) {
		if (k->n == k->cap) {
			int cap = k->cap ? 2 * k->cap : 8;

			if ((e = realloc(k->e, (size_t)cap * sizeof(*e))) ==
			    NULL)
				return -1;
			k->e = e;
			k->cap = cap;
		}
		e = &k->e[k->n++];
		snprintf(e->group, sizeof(e->group), "%s", group);
		snprintf(e->reason, sizeof(e->reason), "%s", reason);
		e->amount = 0;
	}
	k->e[i].amount += amount;
	return 0;
}

char *
ck_remit_codes_text(const struct ck_remit_codes *k)
{
	/* "GR-REASON:" and the widest amount, a space between */
	size_t size = (size_t)k->n * (3 + 6 + 1 + 24 + 1) + 1, len = 0;
	char *out = malloc(size), money[24];

	if (out == NULL)
		return NULL;
	out[0] = '\0';
	for (int i = 0; i < k->n; i++)
		len += (size_t)snprintf(out + len, size - len, "%s%s-%s:%s",
		    i ? " " : "", k->e[i].group, k->e[i].reason,
		    ck_money_format(k->e[i].amount, money));
	return out;
}

void
ck_remit_codes_free(struct ck_remit_codes *k)
{
	free(k->e);
	memset(k, 0, sizeof(*k));
}

/* --- the post rows --- */

/* A claim payment's codes column, as RS_CODES (store_remit.c) makes it
 * from the rows written: adjustments, claim remarks, line remarks. */
static char *
codes_of(const struct ck_835_claim *c)
{
	struct ck_remit_codes k = {0};
	char *adj = NULL, *out = NULL;
	size_t size = 1, len;
	int bad = 0;

	for (int i = 0; i < c->nadj; i++)
		bad |= ck_remit_codes_add(&k, c->adj[i].group,
		    c->adj[i].reason, c->adj[i].amount);
	for (int l = 0; l < c->nlines; l++)
		for (int i = 0; i < c->line[l].nadj; i++)
			bad |= ck_remit_codes_add(&k, c->line[l].adj[i].group,
			    c->line[l].adj[i].reason, c->line[l].adj[i].amount);
	if (!bad && (adj = ck_remit_codes_text(&k)) != NULL) {
		size += strlen(adj) + strlen(c->remarks) + 1;
		for (int l = 0; l < c->nlines; l++)
			size += strlen(c->line[l].remarks) + 1;
		out = malloc(size);
	}
	ck_remit_codes_free(&k);
	if (out != NULL) {
		len = (size_t)snprintf(out, size, "%s%s%s", adj,
		    c->remarks[0] ? " " : "", c->remarks);
		for (int l = 0; l < c->nlines; l++)
			if (c->line[l].remarks[0])
				len += (size_t)snprintf(out + len, size - len,
				    " %s", c->line[l].remarks);
		/* trim(), as the SQL does */
		for (; len > 0 && out[len - 1] == ' '; len--)
			out[len - 1] = '\0';
		len = strspn(out, " ");
		memmove(out, out + len, strlen(out + len) + 1);
	}
	free(adj);
	return out;
}

/* Keeps the post row of claim payment c (what it posted: po, NULL when
 * it stays unmatched) until its remittance commits: each field a flag
 * (N null, V a value) and the value's bytes, NUL-ended. */
static int
spool_row(struct post *p, const struct ck_835_claim *c,
    const struct ck_remit_posting *po)
{
	static const long long none[4];
	const long long *a = po ? po->amt : none;
	char m[7][24], remit[24], *codes;
	const char *v[POST_COLS];
	int rc = 0;

	if (p->spool == NULL && (p->spool = tmpfile()) == NULL)
		return ck_err_set(&p->err, CK_FAIL, "cannot make a temporary "
		    "file: %s", strerror(errno));
	if ((codes = codes_of(c)) == NULL)
		return ck_err_set(&p->err, CK_FAIL, "out of memory");
	snprintf(remit, sizeof(remit), "%lld", (long long)p->remit);
	v[0] = remit;
	v[1] = p->target_id;
	v[2] = c->payer_claim_id;
	v[3] = po ? po->status : "unmatched";
	v[4] = ck_money_format(c->charge, m[0]);
	v[5] = ck_money_format(a[0], m[1]);
	v[6] = ck_money_format(a[3], m[2]);
	v[7] = ck_money_format(a[1], m[3]);
	v[8] = ck_money_format(a[2], m[4]);
	v[9] = po ? ck_money_format(po->ins_after, m[5]) : NULL;
	v[10] = po ? ck_money_format(po->pat_after, m[6]) : NULL;
	v[11] = codes;
	for (int i = 0; i < POST_COLS; i++)
		if (putc(v[i] ? 'V' : 'N', p->spool) == EOF ||
		    fputs(v[i] ? v[i] : "", p->spool) == EOF ||
		    putc('\0', p->spool) == EOF)
			rc = ck_err_set(&p->err, CK_FAIL, "cannot write a "
			    "temporary file: %s", strerror(errno));
	free(codes);
	p->spooled += rc == 0;
	return rc;
}

/* Prints the rows spooled: the remittance committed. */
static int
spool_print(struct post *p)
{
	const char *v[POST_COLS];
	int rc = 0, f;

	if (p->spooled == 0)
		return 0;
	if (fflush(p->spool) != 0 || fseek(p->spool, 0, SEEK_SET) != 0)
		return ck_err_set(&p->err, CK_FAIL, "cannot read a temporary "
		    "file: %s", strerror(errno));
	for (long r = 0; r < p->spooled && rc == 0; r++) {
		for (int i = 0; i < POST_COLS; i++) {
			if ((f = getc(p->spool)) == EOF ||
			    getdelim(&p->field[i], &p->fsize[i], '\0',
			    p->spool) < 0)
				return ck_err_set(&p->err, CK_FAIL, "cannot "
				    "read a temporary file");
			v[i] = f == 'V' ? p->field[i] : NULL;
		}
		rc = row(p, POST_COLS, post_cols, v);
	}
	return rc;
}

/* A remittance begins: its rows go where the last one's were. */
static void
spool_reset(struct post *p)
{
	p->spooled = 0;
	if (p->spool != NULL)
		rewind(p->spool);
}

/* --- the rules --- */

/* Paid nothing, owed by the patient nothing, and adjusted by the payer:
 * denied (a line applied to the deductible is PR, not a denial; nor is
 * one the prior payer settled, CARC 23, that a secondary pays nothing
 * on, even when it reduces the rest to its allowance, CARC 45: "no
 * additional payment", the prior payer paid more than it allows). */
int
ck_remit_line_denied(const struct ck_835_line *l)
{
	long long other = 0, patient = 0, prior = 0, reduced = 0;

	for (int i = 0; i < l->nadj; i++)
		if (strcmp(l->adj[i].group, "PR") == 0)
			patient += l->adj[i].amount;
		else if (strcmp(l->adj[i].reason, "23") == 0)
			prior += l->adj[i].amount;
		else {
			other += l->adj[i].amount;
			if (strcmp(l->adj[i].reason, "45") == 0)
				reduced += l->adj[i].amount;
		}
	if (prior > 0 && reduced == other)
		return 0;
	return l->paid == 0 && patient == 0 && other > 0;
}

static void
add_adjs(struct ck_remit_money *m, const struct ck_835_adj *a, int n)
{
	for (int i = 0; i < n; i++) {
		int k = strcmp(a[i].group, "PR") == 0 ? 2 :
		    strcmp(a[i].group, "CO") == 0 ? 0 : 1;
		long long *to[3] = {&m->contractual, &m->other, &m->patient};

		*to[k] += a[i].amount;
		if (strcmp(a[i].reason, "23") == 0)
			m->prior[k] += a[i].amount;
	}
}

/* What claim payment c would post, denied parts left out. */
static void
money_of(const struct ck_835_claim *c, struct ck_remit_money *m)
{
	struct ck_835_line noline = {.paid = c->paid};

	memset(m, 0, sizeof(*m));
	m->units = c->nlines ? c->nlines : 1;
	if (strcmp(c->status, "4") == 0) {
		m->denied_units = m->units;
		return;
	}
	if (c->nlines == 0) {
		noline.nadj = c->nadj;
		memcpy(noline.adj, c->adj, sizeof(c->adj[0]) * (size_t)c->nadj);
		if (ck_remit_line_denied(&noline)) {
			m->denied_units = 1;
			return;
		}
	}
	for (int k = 0; k < c->nlines; k++) {
		if (ck_remit_line_denied(&c->line[k]))
			m->denied_units++;
		else
			add_adjs(m, c->line[k].adj, c->line[k].nadj);
	}
	if (m->denied_units == m->units) {
		m->contractual = m->other = m->patient = 0;
		memset(m->prior, 0, sizeof(m->prior));
		return;
	}
	add_adjs(m, c->adj, c->nadj);
}

/* Crossed over by the payer to the next: CLP02 19 or 20 with NM1*TT. */
static int
crossed_over(const char *clp, int crossover)
{
	return crossover && (strcmp(clp, "19") == 0 || strcmp(clp, "20") ==
	    0);
}

static const char *
status_of(const char *clp, const struct ck_remit_money *m, int crossover)
{
	if (strcmp(clp, "4") == 0 || m->denied_units == m->units)
		return "denied";
	if (m->denied_units > 0)
		return "partial";
	if (crossed_over(clp, crossover))
		return "forwarded";
	return "paid";
}

/* A claim a payer can pay: one we sent (or that was paid before). */
static int
was_sent(const char *status)
{
	static const char *const sent[] = {"sent", "accepted", "rejected",
	    "paid", "partial", "denied", "reversed", "forwarded", NULL};

	for (int i = 0; sent[i]; i++)
		if (strcmp(sent[i], status) == 0)
			return 1;
	return 0;
}

/*
 * A payment that would leave the payer owing less than nothing, or the
 * patient, is not ours as we billed it (a charge not ours, a second
 * payment, a claim the payer split or took back): a person looks before
 * it posts.  What is still owed afterwards makes a payment partial.
 */
static void
money_sane(struct ck_remit_posting *po, char *reason, size_t size)
{
	char a[24], b[24];

	if (po->ins_after < 0 || po->pat_after < 0) {
		ck_money_format(po->ins_after < 0 ? po->ins_after :
		    po->pat_after, a);
		ck_money_format(po->ins_after < 0 ? po->ins_before :
		    po->pat_before, b);
		snprintf(reason, size, "posting it would leave the %s balance "
		    "at %s (it is %s): more than is owed, not posted",
		    po->ins_after < 0 ? "insurance" : "patient", a, b);
		return;
	}
	if (po->ins_after > 0 && strcmp(po->status, "paid") == 0)
		po->status = "partial";
}

/* A secondary claim's CAS 23 (the prior payers' impact, any group) is
 * first set against what was booked when the claim was made, CO first,
 * instead of being taken off the insurance balance again. */
static void
prior_met(struct ck_remit_posting *po, const struct ck_remit_target *t,
    const struct ck_remit_money *m)
{
	long long open = t->prior_open, take;

	for (int k = 0; k < 3 && open > 0; k++) {
		take = m->prior[k] < open ? m->prior[k] : open;
		if (take <= 0)
			continue;
		po->amt[1 + k] -= take;
		po->prior += take;
		open -= take;
	}
}

/* Why a payment to a next payer's claim does not fit, when its CAS 23
 * falls short of the prior payers' impact booked on it: the payer
 * stated the earlier payment another way (CO-45, say). */
static void
short_of_prior(const struct ck_remit_posting *po,
    const struct ck_remit_target *t, char *reason, size_t size)
{
	char booked[24], met[24];
	size_t n = strlen(reason);

	ck_money_format(t->prior_open, booked);
	ck_money_format(po->prior, met);
	snprintf(reason + n, size - n, "; the prior payers' impact booked "
	    "on this claim is %s, and its CAS 23 meets %s of it: the payer "
	    "may have stated the earlier payment with another reason (match "
	    "it by hand after review)", booked, met);
}

/* A reversal takes back exactly what the postings it reverses put, and
 * withdraws the secondary claim they made while it is untouched, giving
 * the patient responsibility back; one that went on is for a person. */
static int
reversal_of(struct post *p, const struct ck_remit_target *t,
    const char *payer_claim_id, struct ck_remit_posting *po, char *reason,
    size_t size)
{
	struct ck_remit_reversible rv;
	int r;

	if ((r = ck_rs_reversible(p->h, t->id, p->rm ? p->rm->payer_key :
	    "", payer_claim_id, &rv, &p->err)) != 0)
		return r;
	if (rv.prev == 0) {
		snprintf(reason, size, "reversal of payer claim '%s' that was "
		    "never posted to claim", payer_claim_id);
		return 0;
	}
	if (rv.sec_id != 0 && !rv.sec_untouched) {
		char batch[40] = "";

		if (rv.sec_batch != 0)
			snprintf(batch, sizeof(batch), " in batch %lld",
			    (long long)rv.sec_batch);
		/* one never sent is ours to undo; one sent, the payer's */
		snprintf(reason, size, "reversal of payer claim '%s' takes "
		    "back the posting that made secondary claim '%s', %s%s "
		    "since: %s first, then match this; not posted",
		    payer_claim_id, rv.sec_claim, rv.sec_status, batch,
		    rv.sec_batch != 0 ? "void it with the secondary payer" :
		    "undo what changed it");
		return 0;
	}
	for (int i = 0; i < 4; i++)
		po->amt[i] = -rv.amt[i];
	po->prior = -rv.prior;
	po->transfer = -rv.transfer;
	po->secondary = rv.sec_id;
	po->reverses = rv.prev;
	po->status = "reversed";
	return 0;
}

/* What posting a claim payment (CLP02 clp, CLP07 payer_claim_id, paid,
 * money m) does to our claim t, into po; or why it cannot, in reason. */
static int
posting_of(struct post *p, const struct ck_remit_target *t, const char *clp,
    const char *payer_claim_id, long long paid,
    const struct ck_remit_money *m, int crossover,
    struct ck_remit_posting *po, char *reason, size_t size)
{
	long long sum = 0;
	int r;

	*po = (struct ck_remit_posting){.claim = t->id, .status = status_of(clp,
	    m, crossover), .amt = {paid, m->contractual, m->other, m->patient},
	    .status_before = t->status};
	if (strcmp(clp, "22") == 0) {
		if ((r = reversal_of(p, t, payer_claim_id, po, reason,
		    size)) != 0 || reason[0] != '\0')
			return r;
	} else
		prior_met(po, t, m);
	for (int i = 0; i < 4; i++)
		sum += po->amt[i];
	po->ins_before = t->ins_balance;
	po->pat_before = t->pat_balance;
	po->ins_after = t->ins_balance - sum;
	po->pat_after = t->pat_balance + po->amt[3] - po->transfer;
	if (po->reverses == 0)
		money_sane(po, reason, size);
	if (po->reverses == 0 && reason[0] != '\0' && po->prior <
	    t->prior_open)
		short_of_prior(po, t, reason, size);
	else if (po->reverses != 0 && po->ins_after + t->prior_open -
	    po->prior < t->charge)
		po->status = "partial";         /* other payments stand (the
						 * prior payers' impact booked
						 * on a secondary is no payment) */
	return 0;
}

/* What follows posting po of remit claim rc (money m) to our claim t:
 * the posting it reverses marked (and the secondary claim it made
 * withdrawn), or the secondary claim made, taking over the patient's
 * part (po then says so).  crossed: the payer crossed it over. */
static int
posted(struct post *p, int64_t rc, struct ck_remit_posting *po,
    const struct ck_remit_target *t, const struct ck_remit_money *m,
    int crossed)
{
	int r;

	if (po->reverses != 0) {
		if ((r = ck_rs_reversed(p->h, rc, po->reverses, &p->err)) ==
		    0 && po->secondary != 0)
			r = ck_rs_withdraw(p->h, rc, po->secondary,
			    &p->err);
		return r;
	}
	/* the patient's part may be the next payer's: its claim is made,
	 * ready, or forwarded when this payer crossed it over itself */
	if (!(t->next_payer || crossed) || m->patient <= 0 ||
	    po->amt[3] <= 0 || (strcmp(po->status, "paid") != 0 &&
	    strcmp(po->status, "partial") != 0 && strcmp(po->status,
	    "forwarded") != 0))
		return 0;
	if ((r = ck_rs_secondary(p->h, rc, &po->secondary, &p->err)) != 0 ||
	    po->secondary == 0)
		return r;
	po->transfer = po->amt[3];
	po->pat_after -= po->transfer;
	return 0;
}


/* --- matching --- */

/* By what we sent: SVC06 when the payer changed the code, else SVC01. */
static int
same_line(const struct ck_835_line *l, const struct ck_remit_ourline *o)
{
	int sent = l->original[0] != '\0';
	const char *code = sent ? l->orig_code : l->code;
	const char (*mods)[3] = sent ? l->orig_modifiers : l->modifiers;

	if (o->taken || strcmp(code, o->code) != 0 || l->charge !=
	    o->charge || (l->date[0] && strcmp(l->date, o->date) != 0))
		return 0;
	for (int m = 0; m < 4; m++)
		if (strcmp(mods[m], o->mods[m]) != 0)
			return 0;
	return 1;
}

/* Our line for 835 line l: by REF*6R ("CLAIMID-N", of the claim posted
 * to or, crossed over, of CLP01), else by its procedure, modifiers, date
 * and charge.  -1 when none. */
static int
find_line(struct post *p, const struct ck_835_claim *c,
    const struct ck_835_line *l, int n)
{
	const char *id = p->target_id;
	size_t len = strlen(id);
	char *end;
	long no;

	if (l->control[0] != '\0') {
		if (strncmp(l->control, id, len) != 0 || l->control[len] !=
		    '-') {
			id = c->claim_id;
			len = strlen(id);
		}
		if (strncmp(l->control, id, len) != 0 || l->control[len] !=
		    '-')
			return -1;
		no = strtol(l->control + len + 1, &end, 10);
		for (int i = 0; i < n && *end == '\0'; i++)
			if (p->ours[i].line_no == no && !p->ours[i].taken)
				return i;
		return -1;
	}
	for (int i = 0; i < n; i++)
		if (same_line(l, &p->ours[i]))
			return i;
	return -1;
}

/* Matches c's lines to our claim's (p->ours), our line of each into
 * p->line_no; the reason in reason when one does not match. */
static void
match_lines(struct post *p, const struct ck_835_claim *c, char *reason,
    size_t size)
{
	char money[24];
	int at;

	for (int k = 0; k < c->nlines; k++) {
		const struct ck_835_line *l = &c->line[k];

		if ((at = find_line(p, c, l, p->nours)) < 0) {
			/* no date of service: the reason is printed */
			snprintf(reason, size, "line %d (%s %s%s%s) matches "
			    "no line of claim '%s'", k + 1, l->procedure,
			    ck_money_format(l->charge, money),
			    l->control[0] ? " REF*6R " : "", l->control,
			    p->target_id);
			return;
		}
		p->ours[at].taken = 1;
		p->line_no[k] = p->ours[at].line_no;
	}
}

/* Whether an ERA Processing rule excludes our claim t (not with --held:
 * a person reviewed it); the first one found is kept. */
static void
excluded(struct post *p, const struct ck_remit_target *t,
    const char *claim_id)
{
	if (p->o->held || t->rule[0] == '\0')
		return;
	snprintf(p->excluded, sizeof(p->excluded), "ERA Processing %s "
	    "excludes claim '%s'", t->rule, claim_id);
}

/* Why claim payment c cannot post to our claim t ("" when it can),
 * its lines matched into p->line_no. */
static void
unmatched(struct post *p, const struct ck_835_claim *c,
    const struct ck_remit_target *t, char *reason, size_t size)
{
	if (p->misrouted[0] != '\0')
		snprintf(reason, size, "%s", p->misrouted);
	else if (t->id == 0)
		snprintf(reason, size, "no claim '%s' here", p->target_id);
	else if (strcmp(t->status, "settled") == 0)
		snprintf(reason, size, "claim '%s' is settled: undo the "
		    "settlement, then match it", p->target_id);
	else if (!was_sent(t->status))
		snprintf(reason, size, "claim '%s' was never sent (it is %s)",
		    p->target_id, t->status);
	else if (strcmp(c->status, "22") != 0)
		match_lines(p, c, reason, size);
}

/* Why payment c of our claim t is a second payment of what this payer
 * paid before, in reason; nothing when it is not. */
static int
paid_twice(struct post *p, const struct ck_835_claim *c,
    const struct ck_remit_target *t, char *reason, size_t size)
{
	char lines[CK_835_MAX_LINES * 4 + 2] = "", pcn[51];
	size_t n = 0;
	int64_t prev;
	int r;

	for (int k = 0; k < c->nlines && n + 12 < sizeof(lines); k++)
		if (c->line[k].paid > 0)
			n += (size_t)snprintf(lines + n, sizeof(lines) - n,
			    "%s%d,", n ? "" : ",", p->line_no[k]);
	if (c->nlines > 0 && n == 0)
		return 0;       /* it pays no line: nothing paid twice */
	if ((r = ck_rs_paid_before(p->h, t->id, p->rm ? p->rm->payer_key : "",
	    lines, &prev, pcn, &p->err)) != 0 || prev == 0)
		return r;
	snprintf(reason, size, "claim '%s' was paid by this payer in "
	    "remittance %lld (payer claim '%s'), not reversed: a second "
	    "payment is not posted (if the payer meant it, 'claim-remit match' "
	    "it after review)", p->target_id, (long long)prev, pcn);
	return 0;
}

/* The rank a claim payment says its payer processed the claim at
 * (CLP02 2 or 20 secondary, 3 or 21 tertiary), or 0. */
static int
rank_of(const char *clp02)
{
	if (strcmp(clp02, "2") == 0 || strcmp(clp02, "20") == 0)
		return 2;
	if (strcmp(clp02, "3") == 0 || strcmp(clp02, "21") == 0)
		return 3;
	return 0;
}

/* Our claim id, with the rank suffix ("-2") when rank is not 0. */
static void
rank_id(struct post *p, const char *claim_id, int rank)
{
	if (rank)
		snprintf(p->target_id, sizeof(p->target_id), "%s-%d",
		    claim_id, rank);
	else
		snprintf(p->target_id, sizeof(p->target_id), "%s", claim_id);
}

static int
target(struct post *p, struct ck_remit_target *t)
{
	return ck_rs_target(p->h, p->target_id, p->remit, t, p->ours,
	    CK_835_MAX_LINES, &p->nours, &p->err);
}

/* A reversal goes where what it reverses was posted: CLP01, or its
 * secondary or tertiary claim (which the payer knows by CLP01 too). */
static int
reversal_target(struct post *p, const struct ck_835_claim *c,
    struct ck_remit_target *t)
{
	struct ck_remit_reversible rv;
	int r;

	for (int rank = 2; rank <= 3; rank++) {
		rank_id(p, c->claim_id, rank);
		if ((r = target(p, t)) != 0)
			return r;
		if (t->id == 0)
			continue;
		if ((r = ck_rs_reversible(p->h, t->id, p->rm ?
		    p->rm->payer_key : "", c->payer_claim_id, &rv,
		    &p->err)) != 0 || rv.prev != 0)
			return r;
	}
	rank_id(p, c->claim_id, 0);
	return target(p, t);
}

/* Our claim that claim payment c goes to, into t and p->target_id: CLP01,
 * or, processed as secondary or tertiary (CLP02 2 or 3, 20 or 21), its
 * claim of that rank, made by us or crossed over by the payer, or CLP01
 * when it is of that rank itself; a reversal, where what it reverses
 * was posted.  A payment processed as secondary for a claim with no
 * secondary claim yet is not the primary's: p->misrouted says why. */
static int
target_of(struct post *p, const struct ck_835_claim *c,
    struct ck_remit_target *t)
{
	int r, rank = rank_of(c->status);

	p->misrouted[0] = '\0';
	if (strcmp(c->status, "22") == 0)
		return reversal_target(p, c, t);
	if (rank) {
		rank_id(p, c->claim_id, rank);
		if ((r = target(p, t)) != 0 || t->id != 0)
			return r;
	}
	rank_id(p, c->claim_id, 0);
	if ((r = target(p, t)) != 0)
		return r;
	if (rank && t->id != 0 && t->rank != rank)
		snprintf(p->misrouted, sizeof(p->misrouted), "processed as "
		    "payer of rank %d (CLP02 %s), but claim '%s' is of rank "
		    "%d and has no claim '%s-%d' (post its earlier payer's "
		    "835 first, then match this one)", rank, c->status,
		    c->claim_id, t->rank, c->claim_id, rank);
	return 0;
}

/* Keeps claim payment c (without the patient's id, which posting does
 * not need) to post again once the remittance's other claims have. */
static int
defer(struct post *p, const struct ck_835_claim *c)
{
	struct ck_835_claim k = *c;

	memset(k.patient_id, 0, sizeof(k.patient_id));
	k.line = NULL;
	if (p->later == NULL && (p->later = tmpfile()) == NULL)
		return ck_err_set(&p->err, CK_FAIL, "cannot make a temporary "
		    "file: %s", strerror(errno));
	if (fwrite(&k, sizeof(k), 1, p->later) != 1 || (c->nlines > 0 &&
	    fwrite(c->line, sizeof(*c->line), (size_t)c->nlines, p->later) !=
	    (size_t)c->nlines))
		return ck_err_set(&p->err, CK_FAIL, "cannot write a temporary "
		    "file: %s", strerror(errno));
	p->nlater++;
	return 0;
}

static int post_claim(struct post *, const struct ck_835_claim *,
    const struct ck_remit_money *);

/* Posts the claim payments deferred as second payments, now that the
 * remittance's reversals have posted: those whose payment it reversed
 * post, the others stay unmatched, as before. */
static int
replay(struct post *p)
{
	struct ck_835_claim k;
	struct ck_remit_money m;
	int r = 0;

	if (p->nlater == 0)
		return 0;
	if (fflush(p->later) != 0 || fseek(p->later, 0, SEEK_SET) != 0)
		return ck_err_set(&p->err, CK_FAIL, "cannot read a temporary "
		    "file: %s", strerror(errno));
	p->replaying = 1;
	for (long i = 0; i < p->nlater && r == 0; i++) {
		if (fread(&k, sizeof(k), 1, p->later) != 1 || k.nlines < 0 ||
		    k.nlines > CK_835_MAX_LINES || (k.line = calloc(
		    (size_t)k.nlines + 1, sizeof(*k.line))) == NULL ||
		    fread(k.line, sizeof(*k.line), (size_t)k.nlines, p->later)
		    != (size_t)k.nlines) {
			free(k.line);
			r = ck_err_set(&p->err, CK_FAIL, "cannot read a "
			    "temporary file");
			break;
		}
		money_of(&k, &m);
		r = post_claim(p, &k, &m);
		free(k.line);
	}
	p->replaying = 0;
	p->nlater = 0;
	rewind(p->later);
	return r;
}

/* Records claim payment c, posted to our claim or kept unmatched, in
 * one row: what it posts is worked out before it is written.  Our claim
 * itself moves when the remittance ends (ck_rs_move), all claims in one
 * statement. */
static int
post_claim(struct post *p, const struct ck_835_claim *c,
    const struct ck_remit_money *m)
{
	struct ck_remit_target t;
	struct ck_remit_posting po;
	char reason[512] = "";
	int64_t rc;
	int r, ok;

	if ((r = target_of(p, c, &t)) != 0)
		return r;
	excluded(p, &t, p->target_id);
	if (p->excluded[0] != '\0')
		return 0;
	unmatched(p, c, &t, reason, sizeof(reason));
	if (reason[0] == '\0' && c->paid > 0 && strcmp(c->status, "22") != 0) {
		if ((r = paid_twice(p, c, &t, reason, sizeof(reason))) != 0)
			return r;
		/* its reversal may come later in the remittance: it posts
		 * first, as the payer meant */
		if (reason[0] != '\0' && !p->replaying)
			return defer(p, c);
	}
	if (reason[0] == '\0' && (r = posting_of(p, &t, c->status,
	    c->payer_claim_id, c->paid, m, c->crossover[0] != '\0', &po,
	    reason, sizeof(reason))) != 0)
		return r;
	ok = reason[0] == '\0';
	/* a reversal's lines are not matched: it takes back the claim */
	if ((r = ck_rs_claim_add(p->h, p->remit, c, m, ok ? &po : NULL,
	    reason, ok && strcmp(c->status, "22") != 0 ? p->line_no :
	    NULL, &rc, &p->err)) != 0)
		return r;
	if (ok && (r = posted(p, rc, &po, &t, m, crossed_over(c->status,
	    c->crossover[0] != '\0'))) != 0)
		return r;
	if ((r = spool_row(p, c, ok ? &po : NULL)) != 0)
		return r;
	p->sum->claims++;
	p->sum->unmatched += !ok;
	ck_progress_tick(ck_store_progress(p->st), "posting claims",
	    p->sum->claims, -1);
	return 0;
}

/* --- the parser's callbacks --- */

static int
on_begin(void *arg, const struct ck_835_remit *r)
{
	struct post *p = arg;
	const char *key = r->payer_key[0] ? r->payer_key : r->payer_name;
	char status[16];
	int64_t id;
	int rc, held;

	p->rm = r;
	p->excluded[0] = '\0';
	p->before = *p->sum;
	spool_reset(p);
	p->nlater = 0;
	if (p->later != NULL)
		rewind(p->later);
	if ((rc = ck_store_begin(p->st, &p->err)) != 0)
		return rc;
	p->in_tx = 1;
	if ((rc = ck_rs_find(p->h, key, r->trace, &id, status, sizeof(status),
	    &p->err)) != 0)
		return rc;
	if (id != 0 && strcmp(status, "held") == 0 && p->o->held) {
		p->remit = id;
		return ck_rs_remit_status(p->h, id, "posted", &p->err);
	}
	if (id != 0 || p->held_pass) {
		if (!p->held_pass) {
			note(p, CK_REMIT_DUPLICATE, "remittance %ld (trace %s "
			    "of %s) is already %s as remittance %lld: skipped",
			    r->number, r->trace, r->payer_name, status,
			    (long long)id);
			p->sum->duplicates++;
		}
		ck_store_rollback(p->st);
		p->in_tx = 0;
		return CK_835_SKIP;
	}
	if ((rc = ck_rs_held(p->h, r, &held, &p->err)) != 0)
		return rc;
	held = held && !p->o->held;
	if ((rc = ck_rs_remit_add(p->h, r, p->abs, p->sha, p->fetched,
	    held ? "held" : "posted", NULL, &p->remit, &p->err)) != 0)
		return rc;
	if (!held)
		return 0;
	if ((rc = ck_store_commit(p->st, &p->err)) != 0)
		return rc;
	p->in_tx = 0;
	p->sum->held++;
	note(p, CK_REMIT_HELD, "remittance %ld (trace %s of %s) held by a "
	    "rule as remittance %lld: post it with --held", r->number,
	    r->trace, r->payer_name, (long long)p->remit);
	return CK_835_SKIP;
}

static int
on_claim(void *arg, const struct ck_835_claim *c)
{
	struct post *p = arg;
	struct ck_remit_money m;

	if (p->excluded[0] != '\0')
		return 0;
	money_of(c, &m);
	return post_claim(p, c, &m);
}

static int
on_plb(void *arg, const struct ck_835_plb *b)
{
	struct post *p = arg;

	if (p->excluded[0] != '\0')
		return 0;
	return ck_rs_plb_add(p->h, p->remit, b, &p->err);
}

/* What an excluded claim's remittance had done is taken back; the
 * remittance is recorded held, with the rule, for post --held. */
static int
hold_excluded(struct post *p, const struct ck_835_remit *r)
{
	int rc;

	ck_store_rollback(p->st);
	p->in_tx = 0;
	p->sum->claims = p->before.claims;
	p->sum->unmatched = p->before.unmatched;
	if ((rc = ck_store_begin(p->st, &p->err)) != 0)
		return rc;
	p->in_tx = 1;
	if ((rc = ck_rs_remit_add(p->h, r, p->abs, p->sha, p->fetched,
	    "held", p->excluded, &p->remit, &p->err)) != 0 ||
	    (rc = ck_store_commit(p->st, &p->err)) != 0)
		return rc;
	p->in_tx = 0;
	p->sum->held++;
	note(p, CK_REMIT_HELD, "remittance %ld (trace %s of %s) held: %s, "
	    "as remittance %lld: post it with --held", r->number, r->trace,
	    r->payer_name, p->excluded, (long long)p->remit);
	return 0;
}

static int
on_end(void *arg, const struct ck_835_remit *r)
{
	struct post *p = arg;
	int rc;

	if (p->excluded[0] == '\0' && (rc = replay(p)) != 0)
		return rc;
	if (p->excluded[0] != '\0')
		return hold_excluded(p, r);
	if ((rc = ck_rs_move(p->h, p->remit, 0, &p->err)) != 0 ||
	    (rc = ck_rs_remit_done(p->h, p->remit, &p->err)) != 0 ||
	    (rc = ck_store_commit(p->st, &p->err)) != 0)
		return rc;
	p->in_tx = 0;
	p->sum->posted++;
	return spool_print(p);
}

static int
on_bad(void *arg, const struct ck_835_remit *r, const struct ck_err *why)
{
	struct post *p = arg;
	int64_t id;
	int rc;

	p->sum->bad++;
	note(p, CK_REMIT_BAD, "%s: remittance %ld not posted", why->msg,
	    r->number);
	if (p->held_pass)
		return 0;
	if ((rc = ck_store_begin(p->st, &p->err)) != 0)
		return rc;
	if ((rc = ck_rs_remit_add(p->h, r, p->abs, p->sha, p->fetched,
	    "refused", why->msg, &id, &p->err)) != 0) {
		ck_store_rollback(p->st);
		return rc;
	}
	return ck_store_commit(p->st, &p->err);
}

/* --- the entry points --- */

static int
post_one(struct post *p, const char *path, int64_t fetched, int held_pass,
    struct ck_err *err)
{
	static const struct ck_835_cb cbs = {NULL, on_begin, on_claim, on_plb,
	    on_end, on_bad};
	struct ck_835_cb cb = cbs;
	int64_t seen;
	int rc;

	p->path = path;
	/* list names the file wherever it is run from */
	if (realpath(path, p->abs) == NULL)
		snprintf(p->abs, sizeof(p->abs), "%s", path);
	p->fetched = fetched;
	p->held_pass = held_pass;
	p->in_tx = 0;
	memset(&p->err, 0, sizeof(p->err));
	cb.arg = p;
	p->sum->files++;
	if ((rc = ck_sha256_file(path, p->sha, err)) != 0)
		return rc;
	if (!held_pass) {
		if ((rc = ck_rs_file_seen(p->h, p->sha, &seen, err)) != 0)
			return rc;
		if (seen) {
			/* posted, held or refused: 'list' says which */
			note(p, CK_REMIT_DUPLICATE, "this file was read "
			    "before (remittance %lld, see 'claim-remit list'): "
			    "skipped", (long long)seen);
			p->sum->duplicates++;
			return 0;
		}
	}
	rc = ck_parse_835(path, &cb, err);
	if (p->in_tx)
		ck_store_rollback(p->st);
	if (rc != 0 && p->err.code != 0)
		*err = p->err;
	return rc;
}

static int
post_start(struct post **pp, struct ck_store *st,
    const struct ck_remit_opts *o, struct ck_remit_sum *sum,
    struct ck_err *err)
{
	struct post *p = calloc(1, sizeof(*p));
	int rc;

	if ((*pp = p) == NULL)
		return ck_err_set(err, CK_FAIL, "out of memory");
	p->st = st;
	p->o = o;
	p->sum = sum;
	if ((rc = ck_rs_open(st, &p->h, err)) != 0)
		return rc;
	/* the header, even when nothing posts */
	return ck_rs_rows(st, -1, -1, row, p, err);
}

static void
post_end(struct post *p)
{
	if (p == NULL)
		return;
	ck_progress_end(ck_store_progress(p->st));
	ck_rs_close(p->h);
	if (p->spool != NULL)
		fclose(p->spool);
	if (p->later != NULL)
		fclose(p->later);
	for (int i = 0; i < POST_COLS; i++)
		free(p->field[i]);
	free(p);
}

int
ck_remit_post_file(struct ck_store *st, const char *path, int64_t fetched,
    const struct ck_remit_opts *o, struct ck_remit_sum *sum,
    struct ck_err *err)
{
	struct post *p;
	int rc;

	if ((rc = post_start(&p, st, o, sum, err)) == 0)
		rc = post_one(p, path, fetched, 0, err);
	post_end(p);
	return rc;
}

/* Posts each file of the list, going on past a file that fails: the
 * first error is returned. */
static int
post_list(struct ck_store *st, int held, const struct ck_remit_opts *o,
    struct ck_remit_sum *sum, struct ck_err *err)
{
	struct post *p = NULL;
	struct ck_err e;
	char **paths = NULL;
	int64_t *ids = NULL;
	long n = 0;
	int rc, first = 0;

	if ((rc = ck_rs_to_post(st, held, held ? NULL : o->dwell, &paths, &ids,
	    &n, &sum->waiting, sum->until, err)) == 0 &&
	    (rc = post_start(&p, st, o, sum, err)) == 0)
		for (long i = 0; i < n; i++) {
			memset(&e, 0, sizeof(e));
			if ((rc = post_one(p, paths[i], ids[i], held, &e)) &&
			    !first) {
				first = rc;
				*err = e;
			}
			if (rc && o->note)
				o->note(o->note_arg, CK_REMIT_BAD, paths[i],
				    e.msg);
		}
	for (long i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	free(ids);
	post_end(p);
	return first ? first : rc;
}

int
ck_remit_post_fetched(struct ck_store *st, const struct ck_remit_opts *o,
    struct ck_remit_sum *sum, struct ck_err *err)
{
	int rc = post_list(st, 0, o, sum, err);

	if (rc == 0 && o->held)
		rc = post_list(st, 1, o, sum, err);
	return rc;
}

int
ck_remit_post_held(struct ck_store *st, const struct ck_remit_opts *o,
    struct ck_remit_sum *sum, struct ck_err *err)
{
	return post_list(st, 1, o, sum, err);
}

/* --- showing --- */

struct show_img {
	ck_row_cb cb;
	void *arg;
};

/* A payment set (set_id, batch_id, batch_description, images) as a show
 * row: where the paper of this payment was scanned. */
static int
img_row(void *arg, int n, const char *const *names, const char *const *vals)
{
	static const char *const cols[] = {"level", "claim_id",
	    "payer_claim_id", "status", "line", "procedure", "service_date",
	    "charge", "paid", "allowed", "codes", "note", "descriptions"};
	struct show_img *s = arg;
	const char *out[13] = {"images"};
	char note[256];

	(void)names;
	if (vals == NULL || n < 4)
		return 0;
	snprintf(note, sizeof(note), "img-batch batch %s%s%s%s, set %s: %s "
	    "image%s", vals[1], vals[2] && *vals[2] ? " (" : "",
	    vals[2] ? vals[2] : "", vals[2] && *vals[2] ? ")" : "", vals[0],
	    vals[3], strcmp(vals[3], "1") == 0 ? "" : "s");
	out[11] = note;
	return s->cb(s->arg, 13, cols, out);
}

int
ck_remit_show(struct ck_store *st, int64_t remit, ck_row_cb cb, void *arg,
    struct ck_err *err)
{
	struct show_img s = {cb, arg};
	char trace[64];
	int rc;

	if ((rc = ck_rs_trace(st, remit, trace, sizeof(trace), err)) != 0 ||
	    (rc = ck_rs_show(st, remit, cb, arg, err)) != 0)
		return rc;
	if (trace[0] == '\0')
		return 0;
	return ck_img_sets_for_payment(st, trace, img_row, &s, err);
}

/* --- by hand --- */

static int
match_tx(struct post *p, int64_t rc, const char *claim_id)
{
	struct ck_remit_target t;
	struct ck_remit_posting po;
	struct ck_remit_money m;
	char clp[3], pcn[51], reason[512] = "";
	long long paid;
	int64_t remit;
	int crossover, n, r;

	if ((r = ck_rs_unmatched_get(p->h, rc, clp, pcn, &paid, &m,
	    &crossover, &remit, &p->err)) != 0 ||
	    (r = ck_rs_target(p->h, claim_id, 0, &t, NULL, 0, &n, &p->err)) !=
	    0)
		return r;
	if (t.id == 0)
		return ck_err_set(&p->err, CK_DATA, "no claim '%s'", claim_id);
	if ((r = posting_of(p, &t, clp, pcn, paid, &m, crossover, &po, reason,
	    sizeof(reason))) != 0)
		return r;
	if (reason[0] != '\0')
		return ck_err_set(&p->err, CK_DATA, "%s", reason);
	/* what posted() hands on is moved with the rest */
	if ((r = ck_rs_record(p->h, rc, &po, &p->err)) != 0 ||
	    (r = posted(p, rc, &po, &t, &m, crossed_over(clp, crossover))) !=
	    0 || (r = ck_rs_move(p->h, remit, rc, &p->err)) != 0)
		return r;
	p->remit = remit;
	return ck_rs_remit_done(p->h, remit, &p->err);
}

int
ck_remit_match(struct ck_store *st, int64_t rc, const char *claim_id,
    const struct ck_remit_opts *o, struct ck_err *err)
{
	struct ck_remit_sum sum = {0};
	struct post *p;
	int r;

	if ((r = post_start(&p, st, o, &sum, err)) == 0 &&
	    (r = ck_store_begin(st, err)) == 0) {
		if ((r = match_tx(p, rc, claim_id)) == 0)
			r = ck_store_commit(st, &p->err);
		else
			ck_store_rollback(st);
		if (r)
			*err = p->err;
		else
			r = ck_rs_rows(st, p->remit, rc, row, p, err);
	}
	post_end(p);
	return r;
}

int
ck_remit_undo_check(struct ck_store *st, int64_t id, long *claims,
    struct ck_err *err)
{
	return ck_rs_undo_check(st, id, claims, err);
}

static int
undo_tx(struct ck_store *st, void *arg, struct ck_err *err)
{
	int64_t id = *(int64_t *)arg;
	long n;
	int rc;

	/* checked again inside: another run may have posted since */
	if ((rc = ck_rs_undo_check(st, id, &n, err)) != 0)
		return rc;
	return ck_rs_undo(st, id, err);
}

int
ck_remit_undo(struct ck_store *st, int64_t id, struct ck_err *err)
{
	return ck_store_tx(st, undo_tx, &id, err);
}

/* --- an 835 on a pipe --- */

/* A pipe cannot be read twice: its bytes are kept first, in the
 * database's own folder, where a held remittance finds them again. */
int
ck_remit_save(struct ck_store *st, int fd, char *path, size_t size,
    struct ck_err *err)
{
	struct ck_sink *s = malloc(sizeof(*s));
	char dir[4096], sha[72], buf[1 << 14];
	ssize_t n;
	int rc;

	if (s == NULL)
		return ck_err_set(err, CK_FAIL, "out of memory");
	if ((rc = ck_store_files(st, "remit", dir, sizeof(dir), err)) != 0 ||
	    (rc = ck_sink_open(s, dir, err)) != 0) {
		free(s);
		return rc;
	}
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ck_sink_abort(s);
			free(s);
			return ck_err_set(err, CK_FAIL, "cannot read standard "
			    "input: %s", strerror(errno));
		}
		ck_sink_write(s, buf, (size_t)n);
	}
	if (snprintf(path, size, "%s/stdin-%lld-%ld.835", dir,
	    (long long)ck_now(), (long)getpid()) >= (int)size) {
		ck_sink_abort(s);
		free(s);
		return ck_err_set(err, CK_FAIL, "path too long in '%s'", dir);
	}
	rc = ck_sink_commit(s, path, sha, err);
	free(s);
	return rc;
}
