/* Sending batches once, fetching answers, applying acknowledgments. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "claimkit/date.h"
#include "claimkit/settings.h"
#include "claimkit/sink.h"
#include "claimkit/upload.h"
#include "claimkit/progress.h"
#include "claimkit/x12read.h"

#define DEFAULT_PATTERN "{submitter}-{date}-{batch}.837"

int
ck_upload_name(struct ck_store *st, const struct ck_endpoint *ep,
    int64_t batch_id, char *buf, size_t size, struct ck_err *err)
{
	const char *p = ep->pattern[0] ? ep->pattern : DEFAULT_PATTERN;
	char sub[96], date[16], val[128];
	time_t now = ck_now();
	struct tm tm;
	size_t n = 0;
	long seq = 0;

	if (ck_setting(st, "submitter_id", sub, sizeof(sub), err))
		return err->code;
	localtime_r(&now, &tm);
	strftime(date, sizeof(date), "%Y%m%d", &tm);
	while (*p && n + 1 < size) {
		const char *end = *p == '{' ? strchr(p, '}') : NULL;
		if (end == NULL) {
			buf[n++] = *p++;
			continue;
		}
		val[0] = '\0';
		if (strncmp(p, "{batch}", 7) == 0)
			snprintf(val, sizeof(val), "%06lld", (long long)batch_id);
		else if (strncmp(p, "{date}", 6) == 0)
			snprintf(val, sizeof(val), "%s", date);
		else if (strncmp(p, "{submitter}", 11) == 0)
			snprintf(val, sizeof(val), "%s", sub);
		else if (strncmp(p, "{seq}", 5) == 0) {
			if (ck_store_counter(st, "upload_seq", 1, &seq, err))
				return err->code;
			snprintf(val, sizeof(val), "%04ld", seq % 10000);
		} else
			return ck_err_set(err, CK_USAGE, "name pattern '%s': "
			    "unknown field '%.*s' (expected {batch}, {date}, "
			    "{seq} or {submitter})", ep->pattern,
			    (int)(end - p + 1), p);
		n += (size_t)snprintf(buf + n, size - n, "%s", val);
		p = end + 1;
	}
	buf[n < size ? n : size - 1] = '\0';
	if (buf[0] == '\0' || strchr(buf, '/') || buf[0] == '.')
		return ck_err_set(err, CK_USAGE, "name pattern '%s' gives a bad "
		    "file name '%s'", ep->pattern, buf);
	return 0;
}

/* --- sending --- */

struct sender {
	struct ck_store *st;
	const struct ck_endpoint *ep;
	struct ck_err *err;
	ck_sent_cb cb;
	void *arg;
	int retries, backoff;
	int temp_failures, failures;
	int resend_flag;
	struct ck_err last;
};

static int
report(struct sender *s, const struct ck_send_claim *c, const char *status,
    const char *note, int64_t bytes)
{
	struct ck_sent out = {c->id, s->ep->name, c->remote_name, c->sha256,
	    bytes, status, note ? note : ""};

	return s->cb ? s->cb(s->arg, &out) : 0;
}

struct take {
	const struct ck_send_claim *c;
	const char *from, *endpoint;
	char *remote;
	size_t rsize;
	int taken;
	const struct ck_endpoint *ep;
};

static int
take_tx(struct ck_store *st, void *arg, struct ck_err *err)
{
	struct take *t = arg;
	int rc;

	if (t->remote[0] == '\0' &&
	    (rc = ck_upload_name(st, t->ep, t->c->id, t->remote, t->rsize, err)))
		return rc;
	return ck_store_send_take(st, t->c->id, t->from, t->endpoint, t->remote,
	    &t->taken, err);
}

struct end {
	const struct ck_send_claim *c;
	const struct ck_endpoint *ep;
	int sent;
	int64_t bytes;
	const char *result, *error;
};

static int
end_tx(struct ck_store *st, void *arg, struct ck_err *err)
{
	struct end *e = arg;
	struct ck_transfer t = {e->ep->name, "send", e->c->file,
	    e->c->remote_name, e->c->sha256, e->result, e->error, e->c->id,
	    e->bytes};
	int rc;

	if ((rc = ck_store_send_end(st, e->c->id, e->sent, e->c->status, err)))
		return rc;
	return ck_store_transfer(st, &t, err);
}

static int
log_tx(struct ck_store *st, void *arg, struct ck_err *err)
{
	struct end *e = arg;
	struct ck_transfer t = {e->ep->name, "send", e->c->file,
	    e->c->remote_name, e->c->sha256, e->result, e->error, e->c->id,
	    e->bytes};

	return ck_store_transfer(st, &t, err);
}

/* Tries the transfer, backing off between tries. */
static int
put(struct sender *s, const struct ck_send_claim *c, struct ck_err *err)
{
	char response[1024];
	int rc = 0, wait = s->backoff;

	for (int i = 0; i <= s->retries; i++) {
		if (i > 0) {
			sleep((unsigned)wait);
			wait *= 2;
		}
		rc = ck_transport_put(s->ep, c->file, c->remote_name, response,
		    sizeof(response), err);
		if (rc != CK_TEMP)
			break;
	}
	return rc;
}

static int
alive(long pid)
{
	return pid > 0 && pid != (long)getpid() &&
	    (kill((pid_t)pid, 0) == 0 || errno == EPERM);
}

static int
fail(struct sender *s, struct ck_send_claim *c, int64_t bytes, int rc,
    const struct ck_err *why)
{
	struct end e = {c, s->ep, 0, bytes, "failed", why->msg};
	struct ck_err err2 = {0};

	if (rc == CK_TEMP)
		s->temp_failures++;
	else
		s->failures++;
	s->last = *why;
	/* a batch taken goes back; one refused before is only logged */
	if (ck_store_tx(s->st, c->status[0] ? end_tx : log_tx, &e, &err2))
		s->last = err2;
	return report(s, c, "failed", why->msg, bytes);
}

/* A batch left "sending" by a dead process: is it on the server? */
static int
recover(struct sender *s, struct ck_send_claim *c, struct stat *sb, int *done)
{
	struct ck_err err = {0};
	int exists = 0, rc;
	int64_t size;

	*done = 0;
	if (c->remote_name[0] == '\0' || strcmp(c->endpoint, s->ep->name) != 0)
		return 0;
	if (ck_transport_exists(s->ep, c->remote_name, &exists, &size, &err))
		return 0;       /* cannot tell: send again */
	if (!exists || size != sb->st_size)
		return 0;
	{
		struct end e = {c, s->ep, 1, size, "recovered", NULL};
		if ((rc = ck_store_begin(s->st, &err)) == 0) {
			int taken = 0;
			if ((rc = ck_store_send_take(s->st, c->id, "sending",
			    s->ep->name, c->remote_name, &taken, &err)) == 0 &&
			    taken && (rc = end_tx(s->st, &e, &err)) == 0)
				rc = ck_store_commit(s->st, &err);
			else
				ck_store_rollback(s->st);
		}
		if (rc)
			return fail(s, c, size, rc, &err);
	}
	*done = 1;
	return report(s, c, "sent", "found whole on the server after an "
	    "interrupted send", size);
}

static int
send_one(struct sender *s, int64_t id)
{
	struct ck_send_claim c;
	struct ck_err err = {0};
	char sha[72], remote[512];
	struct take t;
	struct stat sb;
	int rc, done;

	if ((rc = ck_store_send_peek(s->st, id, &c, &err)))
		return fail(s, &(struct ck_send_claim){.id = id}, -1, rc, &err);
	if (strcmp(c.kind, "837P") != 0)
		return report(s, &c, "skipped", "a paper batch is printed, "
		    "not sent", -1);
	if (strcmp(c.status, "void") == 0 || (strcmp(c.status, "sent") == 0 &&
	    !s->resend_flag))
		return report(s, &c, "skipped", strcmp(c.status, "void") ?
		    "sent before (--resend sends it again)" : "void", -1);
	if (strcmp(c.status, "sending") == 0 && alive(c.pid))
		return report(s, &c, "skipped", "another run is sending it",
		    -1);
	if (stat(c.file, &sb) < 0) {
		ck_err_set(&err, CK_FAIL, "batch %lld: cannot read '%s': %s",
		    (long long)id, c.file, strerror(errno));
		return fail(s, &(struct ck_send_claim){.id = id}, -1, CK_FAIL,
		    &err);
	}
	if (strcmp(c.status, "sending") == 0 &&
	    ((rc = recover(s, &c, &sb, &done)) || done))
		return rc;
	/* the file must still be the batch that was written */
	if ((rc = ck_sha256_file(c.file, sha, &err)) == 0 &&
	    strcmp(sha, c.sha256) != 0)
		rc = ck_err_set(&err, CK_FAIL, "batch %lld: '%s' changed since "
		    "it was written (SHA-256 differs): refused", (long long)id,
		    c.file);
	if (rc)
		return fail(s, &(struct ck_send_claim){.id = id, .remote_name =
		    ""}, sb.st_size, rc, &err);
	snprintf(remote, sizeof(remote), "%s", c.remote_name);
	t = (struct take){&c, c.status, s->ep->name, remote, sizeof(remote), 0,
	    s->ep};
	if ((rc = ck_store_tx(s->st, take_tx, &t, &err)))
		return fail(s, &(struct ck_send_claim){.id = id}, -1, rc, &err);
	if (!t.taken)
		return report(s, &c, "skipped", "another run took it", -1);
	snprintf(c.remote_name, sizeof(c.remote_name), "%s", remote);
	if ((rc = put(s, &c, &err)))
		return fail(s, &c, sb.st_size, rc, &err);
	{
		struct end e = {&c, s->ep, 1, sb.st_size, "sent", NULL};
		if ((rc = ck_store_tx(s->st, end_tx, &e, &err)))
			return fail(s, &c, sb.st_size, rc, &err);
	}
	return report(s, &c, "sent", "", sb.st_size);
}

int
ck_upload_send(struct ck_store *st, const struct ck_endpoint *ep,
    const int64_t *ids, long n, int resend, ck_sent_cb cb, void *arg,
    struct ck_err *err)
{
	struct sender s = {st, ep, err, cb, arg, 3, 2, 0, 0, 0, {0}};
	char v[16];
	int rc;

	s.resend_flag = resend;
	if ((rc = ck_setting(st, "upload_retries", v, sizeof(v), err)))
		return rc;
	s.retries = atoi(v);
	if ((rc = ck_setting(st, "upload_backoff", v, sizeof(v), err)))
		return rc;
	s.backoff = atoi(v);
	for (long i = 0; i < n; i++) {
		ck_progress_each(ck_store_progress(st), "sending batches", i,
		    n);
		if ((rc = send_one(&s, ids[i])) != 0)
			break;          /* output failed */
	}
	ck_progress_end(ck_store_progress(st));
	if (rc != 0)
		return rc;
	if (s.temp_failures + s.failures == 0)
		return 0;
	*err = s.last;
	err->code = s.failures ? CK_FAIL : CK_TEMP;
	return err->code;
}

/* --- fetching and applying answers --- */

struct apply {
	struct ck_store *st;
	int64_t fetched;
	long long batch;        /* the set the current 2200B names */
	long set;
	long sets, rejected_sets, claims, rejected, unknown;
	char others[160];       /* the groups and sets not ours, named */
	long other_gs;          /* the last group named there */
	struct ck_err *err;
	long odd;               /* 277CA statuses with codes not in the lists */
	char foreign[100];      /* what an answer is of that is not ours */
};

/* Names what is not ours, as far as the summary has room. */
static void
not_ours(struct apply *a, long gs, long stc)
{
	size_t len = strlen(a->others);
	char one[48];

	a->unknown++;
	if (stc < 0 && gs == a->other_gs)
		return;         /* its sets are named already */
	a->other_gs = gs;
	if (stc >= 0)
		snprintf(one, sizeof(one), "group %ld set %04ld", gs, stc);
	else
		snprintf(one, sizeof(one), "group %ld", gs);
	if (len + strlen(one) + 6 < sizeof(a->others))
		snprintf(a->others + len, sizeof(a->others) - len, "%s%s",
		    len ? ", " : "", one);
	else if (len && a->others[len - 1] != '.')
		snprintf(a->others + len, sizeof(a->others) - len, ", ...");
}

/* A 999 of another transaction (an 834, an 837I), or a 277CA of another
 * system's 837, applies nothing, even when its control numbers or claim
 * ids equal ours; the first is named. */
static int
foreign(struct apply *a, const char *what)
{
	if (a->foreign[0] == '\0')
		snprintf(a->foreign, sizeof(a->foreign), "%s", what);
	return 0;
}

static int
on_999(void *arg, const struct ck_999_set *s)
{
	struct apply *a = arg;
	long claims;
	int found, rc;

	if (!s->ours)
		return foreign(a, s->answers);
	if ((rc = ck_store_ack_set(a->st, a->fetched, s->gs_control,
	    s->st_control, s->status, s->errors, &found, &claims, a->err)))
		return rc;
	if (!found) {
		not_ours(a, s->gs_control, s->st_control);
		return 0;
	}
	a->sets++;
	a->rejected_sets += s->status != 'A' && s->status != 'E';
	a->rejected += claims;
	return 0;
}

static int
on_277(void *arg, const struct ck_277_claim *c)
{
	struct apply *a = arg;
	char codes[160], what[100], text[4200], end;
	long long batch;
	long set;
	int found, rc;

	/* our 837 sets carry "BATCH-SET" in BHT03, which the 2200B echoes */
	if (sscanf(c->set_trace, "%lld-%ld%c", &batch, &set, &end) != 2) {
		snprintf(what, sizeof(what), "837 set '%.80s'", c->set_trace);
		return foreign(a, what);
	}
	snprintf(codes, sizeof(codes), "%s:%s%s%s%s%s", c->category,
	    c->status_code, c->entity[0] ? ":" : "", c->entity,
	    c->more_codes[0] ? " " : "", c->more_codes);
	/* codes the code lists lack come first: why it is for review */
	snprintf(text, sizeof(text), "%s%s%s", c->warnings,
	    c->warnings[0] && c->text[0] ? "; " : "", c->text);
	if ((rc = ck_store_ack_claim(a->st, a->fetched, c->claim_id, a->batch,
	    c->accepted, codes, text, c->source, &found, a->err)))
		return rc;
	a->odd += c->warnings[0] != '\0';
	a->claims++;
	a->rejected += c->accepted == 'N';
	a->unknown += !found;
	return 0;
}

/* A group rejected whole (AK9 R) may have no AK2 for its sets: those
 * not answered by an AK2 are rejected with it, and counted once. */
static int
on_999_group(void *arg, const struct ck_999_group *g)
{
	struct apply *a = arg;
	long sets, claims;
	int found, rc;

	/* AK901: A, E, P accept the group or part of it; R, M, W, X reject
	 * it whole */
	if (!g->ours)
		return foreign(a, g->answers);
	if (g->status == 'A' || g->status == 'E' || g->status == 'P')
		return 0;
	if ((rc = ck_store_ack_group(a->st, a->fetched, g->gs_control,
	    g->errors, &found, &sets, &claims, a->err)))
		return rc;
	a->sets += sets;
	a->rejected_sets += sets;
	a->rejected += claims;
	if (!found)
		not_ours(a, g->gs_control, -1);
	return 0;
}

/* A 277CA that rejects our whole transaction set (2200B) names it by the
 * BHT03 we wrote, "BATCH-SET". */
static int
on_277_level(void *arg, const struct ck_277_level *l)
{
	struct apply *a = arg;
	char codes[160];
	long long batch;
	long set;
	int found = 0, rc;

	a->odd += l->warnings[0] != '\0';
	if (l->level == 'B') {
		/* the 2200C loops after it are of this set */
		if (sscanf(l->trace, "%lld-%ld", &batch, &set) != 2)
			batch = set = 0;
		a->batch = batch;
		a->set = set;
		if (batch && (rc = ck_store_ack_batch_check(a->st, batch,
		    a->err)))
			return rc;
	}
	if (l->accepted != 'N' || a->batch == 0)
		return 0;
	snprintf(codes, sizeof(codes), "%s:%s%s%s", l->category,
	    l->status_code, l->entity[0] ? ":" : "", l->entity);
	rc = l->level == 'B' ? ck_store_ack_whole_set(a->st, a->fetched,
	    a->batch, a->set, codes, l->text, l->source, &found, a->err) :
	    ck_store_ack_provider(a->st, a->fetched, a->batch, a->set,
	    l->provider_id, codes, l->text, l->source, &found, a->err);
	if (rc)
		return rc;
	a->rejected_sets++;
	a->unknown += !found;
	return 0;
}

static void
summarize(const struct apply *a, const char *kind, char *summary,
    size_t size)
{
	if (kind[0] == '9')
		snprintf(summary, size, "%ld set%s, %ld rejected (%ld claim%s)"
		    "%s%s%s%s", a->sets, a->sets == 1 ? "" : "s",
		    a->rejected_sets, a->rejected, a->rejected == 1 ? "" : "s", a->unknown ?
		    "; not ours: " : "", a->others, a->foreign[0] ?
		    "; not for our 837P: " : "", a->foreign);
	else
		snprintf(summary, size, "%ld claim%s, %ld rejected%s%s%s%s%s",
		    a->claims, a->claims == 1 ? "" : "s", a->rejected,
		    a->rejected_sets ? ", a whole set rejected" : "",
		    a->odd ? ", unknown codes to review" : "",
		    a->unknown ? ", some not ours" : "",
		    a->foreign[0] ? ", not for our 837P: " : "", a->foreign);
}

int
ck_upload_apply(struct ck_store *st, int64_t fetched_id, const char *path,
    const char *kind, char *summary, size_t size, struct ck_err *err)
{
	struct apply a = {st, fetched_id, 0, 0, 0, 0, 0, 0, 0, "", -1, err, 0,
	    ""};
	int rc, unapplied;

	summary[0] = '\0';
	if (strcmp(kind, "999") && strcmp(kind, "277CA"))
		return 0;
	if ((rc = ck_store_begin(st, err)))
		return rc;
	/* under the write lock: another fetch may have applied it since */
	if ((rc = ck_store_fetched_state(st, fetched_id, &unapplied, err)) ||
	    !unapplied) {
		ck_store_rollback(st);
		return rc;
	}
	/* A parse error may come after some answers were applied: the
	 * rollback takes them back, so a malformed file applies nothing. */
	rc = strcmp(kind, "999") == 0 ? ck_parse_999(path, on_999,
	    on_999_group, &a, err) : ck_parse_277ca(path, on_277, on_277_level,
	    &a, err);
	if (rc == 0) {
		summarize(&a, kind, summary, size);
		if ((rc = ck_store_fetched_applied(st, fetched_id, summary,
		    err)) == 0)
			rc = ck_audit(st, "ack", path, NULL, summary, err);
	}
	if (rc == 0)
		return ck_store_commit(st, err);
	ck_store_rollback(st);
	return rc;
}

/*
 * An X12 file is whole when its last segment is the IEA (a file still
 * being written on the server is not): 0 whole, 1 not.  The segment
 * terminator is the ISA's 106th byte.
 */
static int
incomplete(const char *path)
{
	char head[106], tail[64];
	FILE *fp = fopen(path, "rb");
	long size, n;
	int cut;

	if (fp == NULL)
		return 1;
	if (fread(head, 1, sizeof(head), fp) != sizeof(head) ||
	    strncmp(head, "ISA", 3) != 0 || fseek(fp, 0, SEEK_END) < 0 ||
	    (size = ftell(fp)) < 0) {
		fclose(fp);
		return strncmp(head, "ISA", 3) == 0;
	}
	n = size < (long)sizeof(tail) - 1 ? size : (long)sizeof(tail) - 1;
	fseek(fp, size - n, SEEK_SET);
	n = (long)fread(tail, 1, (size_t)n, fp);
	fclose(fp);
	/* line breaks after the segments, unless they are the terminator */
	while (n > 0 && tail[n - 1] != head[105] &&
	    strchr(" \t\r\n", tail[n - 1]))
		n--;
	if (n == 0 || tail[n - 1] != head[105])
		return 1;
	tail[--n] = '\0';
	cut = n;
	while (cut > 0 && tail[cut - 1] != head[105])
		cut--;
	while (tail[cut] != head[105] && strchr(" \t\r\n", tail[cut]))
		cut++;
	return strncmp(tail + cut, "IEA", 3) != 0;
}

struct fetcher {
	struct ck_store *st;
	const struct ck_endpoint *ep;
	int delete_remote;
	ck_got_cb cb;
	void *arg;
	char inbox[4096];
	int64_t max;
	char **names;
	long n;
	int bad;
	struct ck_err last;
};

static int
collect(void *arg, const char *name)
{
	struct fetcher *f = arg;
	char **p = realloc(f->names, (size_t)(f->n + 1) * sizeof(*p));

	if (p == NULL || (p[f->n] = strdup(name)) == NULL) {
		if (p)
			f->names = p;
		return CK_FAIL;
	}
	f->names = p;
	f->n++;
	return 0;
}

/* Records that a stored file was kept back, and why. */
static void
kept_back(struct fetcher *f, int64_t id, const struct ck_err *why)
{
	struct ck_err e2 = {0};
	char what[300];

	snprintf(what, sizeof(what), "not applied: %.280s", why->msg);
	if (ck_store_begin(f->st, &e2) == 0) {
		if (ck_store_fetched_applied(f->st, id, what, &e2) == 0)
			ck_store_commit(f->st, &e2);
		else
			ck_store_rollback(f->st);
	}
	f->bad = 1;
	f->last = *why;
}

static int
got(struct fetcher *f, const char *local, const char *kind, int64_t bytes,
    const char *summary)
{
	struct ck_got g = {local, kind, bytes, summary};

	return f->cb ? f->cb(f->arg, &g) : 0;
}

/* Stores the file fetched into local, once: *id 0 when it was stored
 * before (by an earlier fetch, or another one now), *found as
 * ck_store_fetched_find's. */
static int
record(struct fetcher *f, const char *name, const char *local, int64_t bytes,
    const char *sha, const char *kind, int64_t *id, int *found,
    struct ck_err *err)
{
	struct ck_transfer t = {f->ep->name, "fetch", local, name, sha,
	    "fetched", NULL, 0, bytes};
	int rc;

	*id = 0;
	/* looked up under the write lock: two fetches at once store a file
	 * once */
	if ((rc = ck_store_begin(f->st, err)))
		return rc;
	if ((rc = ck_store_fetched_find(f->st, f->ep->name, name, bytes, sha,
	    found, err)) || *found) {
		ck_store_rollback(f->st);
		return rc;
	}
	if ((rc = ck_store_fetched_add(f->st, f->ep->name, name, bytes, sha,
	    kind, local, id, err)) || (rc = ck_store_transfer(f->st, &t, err)) ||
	    (rc = ck_store_commit(f->st, err)))
		ck_store_rollback(f->st);
	return rc;
}

static int
fetch_one(struct fetcher *f, const char *name, struct ck_err *err)
{
	char local[4200], sha[72], summary[256] = "";
	enum ck_x12_kind kind = CK_X12_UNKNOWN;
	const char *kn;
	int64_t bytes, id;
	int found, rc;

	if ((rc = ck_transport_get(f->ep, name, f->inbox, f->max, local,
	    sizeof(local), sha, &bytes, err)) || local[0] == '\0')
		return rc;      /* failed, or gone: another fetch took it */
	if ((rc = ck_x12_kind_of(local, &kind, err)) ||
	    (rc = record(f, name, local, bytes, sha, ck_x12_kind_name(kind), &id,
	    &found, err))) {
		unlink(local);  /* ours: claimed by ck_transport_get */
		return rc;
	}
	if (found) {
		/* the same file as before: stored already; the server's copy
		 * goes only if that one was whole */
		unlink(local);
		return f->delete_remote && found == 2 ?
		    ck_transport_delete(f->ep, name, err) : 0;
	}
	kn = ck_x12_kind_name(kind);
	if (kind != CK_X12_UNKNOWN && incomplete(local)) {
		/* cut short (still being written?): kept for a person, and
		 * the server's copy stays for the next fetch */
		ck_err_set(err, CK_DATA, "'%s': incomplete, no IEA at its "
		    "end (still being written?): kept, not applied, left on "
		    "the server", local);
		kept_back(f, id, err);
		return got(f, local, kn, bytes, "not applied: incomplete");
	}
	if ((rc = ck_upload_apply(f->st, id, local, kn, summary,
	    sizeof(summary), err)) == CK_DATA) {
		/* stored, not applied: say why, keep the server's copy, and
		 * go on with the others */
		kept_back(f, id, err);
		return got(f, local, kn, bytes, "not applied: malformed");
	} else if (rc)
		return rc;
	if (f->delete_remote && (rc = ck_transport_delete(f->ep, name, err)))
		return rc;
	return got(f, local, kn, bytes, summary);
}

/* A file that could not be had goes into the transfer log, named. */
static void
log_failed(struct fetcher *f, const char *name, const struct ck_err *why)
{
	struct ck_transfer t = {f->ep->name, "fetch", NULL, name, NULL,
	    "failed", why->msg, 0, -1};
	struct ck_err e2 = {0};

	if (ck_store_begin(f->st, &e2) == 0) {
		if (ck_store_transfer(f->st, &t, &e2) == 0)
			ck_store_commit(f->st, &e2);
		else
			ck_store_rollback(f->st);
	}
}

/* Applies answers stored by a fetch that died before applying them. */
static int
apply_left(struct fetcher *f, struct ck_err *err)
{
	char file[4200], kind[16], summary[256];
	int64_t id = 0;
	int found, rc;

	for (;;) {
		if ((rc = ck_store_fetched_unapplied(f->st, f->ep->name, id, &id,
		    file, sizeof(file), kind, sizeof(kind), &found, err)) ||
		    !found)
			return rc;
		rc = ck_upload_apply(f->st, id, file, kind, summary,
		    sizeof(summary), err);
		if (rc == CK_DATA || rc == CK_FAIL) {
			/* malformed, or its copy gone: kept back, named, and
			 * no longer in the way of every later fetch */
			kept_back(f, id, err);
			snprintf(summary, sizeof(summary), "not applied: %s",
			    rc == CK_DATA ? "malformed" : "cannot be read");
		} else if (rc)
			return rc;
		if (summary[0] && (rc = got(f, file, kind, -1, summary)))
			return rc;
	}
}

int
ck_upload_fetch(struct ck_store *st, const struct ck_endpoint *ep,
    int delete_remote, ck_got_cb cb, void *arg, struct ck_err *err)
{
	struct fetcher f = {st, ep, delete_remote, cb, arg, "", 0, NULL, 0, 0,
	    {0}};
	struct ck_err failed = {0};
	long nfailed = 0;
	char sub[128], v[16];
	int rc;

	snprintf(sub, sizeof(sub), "inbox/%s", ep->name);
	if ((rc = ck_setting(st, "fetch_max_kb", v, sizeof(v), err)))
		return rc;
	f.max = (int64_t)atol(v) * 1024;
	if ((rc = ck_store_files(st, sub, f.inbox, sizeof(f.inbox), err)) == 0 &&
	    (rc = apply_left(&f, err)) == 0 &&
	    (rc = ck_transport_list(ep, collect, &f, err)) == 0)
		for (long i = 0; (rc == 0 || rc == CK_FAIL) && i < f.n; i++) {
			/* one file that cannot be had (a folder, a file the
			 * server will not give) does not hold up the others;
			 * a network failure stops the fetch for a later try */
			ck_progress_each(ck_store_progress(st),
			    "fetching files", i, f.n);
			if ((rc = fetch_one(&f, f.names[i], err)) == CK_FAIL) {
				failed = *err;
				nfailed++;
				log_failed(&f, f.names[i], err);
			}
		}
	ck_progress_end(ck_store_progress(st));
	for (long i = 0; i < f.n; i++)
		free(f.names[i]);
	free(f.names);
	if (rc == 0 && nfailed) {
		*err = failed;
		if (nfailed > 1)
			snprintf(err->msg + strlen(err->msg), sizeof(err->msg) -
			    strlen(err->msg), " (and %ld other files: see "
			    "'claim-upload log')", nfailed - 1);
		return CK_FAIL;
	}
	if (rc == 0 && f.bad) {
		*err = f.last;
		return CK_DATA;
	}
	return rc;
}
