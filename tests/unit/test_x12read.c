/*
 * The X12 answer reader: what a file is, every field the 999, 277CA and
 * TA1 callbacks get (each sample read as written, without line breaks,
 * with CRLF, and with other delimiters), malformed files refused before
 * any callback, and reading linear in the file's size.
 *
 * Usage: test_x12read [DATADIR]; DATADIR defaults to tests/data beside
 * this source.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "claimkit/x12read.h"
#include "t.h"

static char datadir[4096], tmp[64];

static const char *
data(const char *name)
{
	static char path[8][4200];
	static int k;

	k = (k + 1) % 8;
	snprintf(path[k], sizeof(path[k]), "%s/%s", datadir, name);
	return path[k];
}

static void
find_datadir(const char *arg)
{
	const char *src = __FILE__, *p, *up = NULL;

	if (arg != NULL) {
		snprintf(datadir, sizeof(datadir), "%s", arg);
		return;
	}
	/* .../tests/unit/test_x12read.c -> .../tests/data */
	for (p = src; *p != '\0'; p++)
		if (*p == '/' && strncmp(p, "/unit/", 6) == 0)
			up = p;
	if (up == NULL)
		snprintf(datadir, sizeof(datadir), "tests/data");
	else
		snprintf(datadir, sizeof(datadir), "%.*s/data", (int)(up - src),
		    src);
}

/* --- files --- */

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *s;
	long n;

	if (fp == NULL || fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0) {
		fprintf(stderr, "cannot read %s\n", path);
		exit(2);
	}
	rewind(fp);
	s = malloc((size_t)n + 1);
	if (s == NULL || fread(s, 1, (size_t)n, fp) != (size_t)n)
		exit(2);
	s[n] = '\0';
	fclose(fp);
	*len = (size_t)n;
	return s;
}

static void
spill(const char *s, size_t n)
{
	FILE *fp = fopen(tmp, "wb");

	if (fp == NULL || fwrite(s, 1, n, fp) != n || fclose(fp) != 0)
		exit(2);
}

enum variant { AS_IS, NO_BREAKS, CRLF, PIPES, NVARIANTS };
static const char *const variant_name[] = {"as is", "no line breaks", "CRLF",
    "| > and newline as delimiters"};

/* Writes the sample to tmp in the given variant; returns tmp. */
static const char *
variant(const char *name, enum variant v)
{
	size_t n, k = 0;
	char *s = slurp(data(name), &n), *o = malloc(2 * n + 1);

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\n' && v != AS_IS) {
			if (v == CRLF) {
				o[k++] = '\r';
				o[k++] = '\n';
			}
			continue;
		}
		if (v == PIPES)
			c = c == '*' ? '|' : c == ':' ? '>' : c == '~' ?
			    '\n' : c;
		o[k++] = c;
	}
	spill(o, k);
	free(o);
	free(s);
	return tmp;
}

/* Writes the file at path to tmp with its first `from` replaced by
 * `to`; path may be tmp. */
static const char *
replace(const char *path, const char *from, const char *to)
{
	size_t n;
	char *s = slurp(path, &n), *at = strstr(s, from);
	FILE *fp;

	if (at == NULL || (fp = fopen(tmp, "wb")) == NULL) {
		fprintf(stderr, "%s: no '%s'\n", path, from);
		exit(2);
	}
	fwrite(s, 1, (size_t)(at - s), fp);
	fputs(to, fp);
	fputs(at + strlen(from), fp);
	fclose(fp);
	free(s);
	return tmp;
}

/* The sample with its first `from` replaced by `to`, in tmp. */
static const char *
mutate(const char *name, const char *from, const char *to)
{
	return replace(data(name), from, to);
}

/* Writes the first n bytes of the sample to tmp. */
static const char *
cut(const char *name, size_t n)
{
	size_t len;
	char *s = slurp(data(name), &len);

	spill(s, n < len ? n : len);
	free(s);
	return tmp;
}

/* --- what the callbacks got --- */

#define MAXGOT 64

struct got {
	int calls, stop_at;     /* stop_at: return 7 from that call */
	char line[MAXGOT][4096];
	size_t longest;
};

static struct got got;

static int
record(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static int
record(const char *fmt, ...)
{
	va_list ap;
	int k = got.calls++;

	if (k < MAXGOT) {
		va_start(ap, fmt);
		vsnprintf(got.line[k], sizeof(got.line[k]), fmt, ap);
		va_end(ap);
	}
	return got.stop_at == got.calls ? 7 : 0;
}

static int
on_set(void *arg, const struct ck_999_set *s)
{
	(void)arg;
	return record("set %ld %ld %c [%s]", s->gs_control, s->st_control,
	    s->status, s->errors);
}

static int
on_group(void *arg, const struct ck_999_group *g)
{
	(void)arg;
	return record("group %ld %c %ld %ld %ld [%s]", g->gs_control, g->status,
	    g->included, g->received, g->accepted, g->errors);
}

static int
on_claim(void *arg, const struct ck_277_claim *c)
{
	size_t n = strlen(c->more_codes) + strlen(c->text) +
	    strlen(c->line_summary);

	(void)arg;
	if (n > got.longest)
		got.longest = n;
	return record("claim %s %c[%s] %c %s:%s:%s %s [%s] [%s] [%s] %lld "
	    "%d/%d [%s]", c->claim_id, c->source_kind, c->source, c->accepted,
	    c->category, c->status_code, c->entity, c->action, c->more_codes,
	    c->text, c->payer_claim_id, c->charge_cents, c->lines_rejected,
	    c->lines, c->line_summary);
}

static int
on_level(void *arg, const struct ck_277_level *l)
{
	(void)arg;
	return record("level %c %c[%s] [%s] [%s] [%s] %c %s:%s:%s %s [%s] "
	    "[%s] %ld/%ld %lld/%lld", l->level, l->source_kind, l->source,
	    l->trace, l->provider_id, l->provider_name, l->accepted,
	    l->category, l->status_code, l->entity, l->action, l->more_codes,
	    l->text, l->accepted_claims, l->rejected_claims, l->accepted_cents,
	    l->rejected_cents);
}

static int
on_ta1(void *arg, const struct ck_ta1 *t)
{
	(void)arg;
	return record("ta1 %ld %c %s [%s]", t->isa_control, t->status,
	    t->note_code, t->note);
}

enum parser { P999, P277, PTA1 };

static int
parse(enum parser which, const char *path, struct ck_err *err)
{
	memset(&got, 0, sizeof(got));
	err->code = 0;
	err->msg[0] = '\0';
	switch (which) {
	case P999:
		return ck_parse_999(path, on_set, on_group, NULL, err);
	case P277:
		return ck_parse_277ca(path, on_claim, on_level, NULL, err);
	case PTA1:
		break;
	}
	return ck_parse_ta1(path, on_ta1, NULL, err);
}

/* Checks the callbacks' lines against want[] (NULL-terminated). */
static void
check_got(const char *what, const char *const *want)
{
	int n = 0;

	for (; want[n] != NULL; n++) {
		t_checks++;
		if (n >= got.calls || strcmp(got.line[n], want[n]) != 0) {
			t_failures++;
			fprintf(stderr, "%s: call %d: got\n  %s\nexpected\n  %s\n",
			    what, n + 1, n < got.calls ? got.line[n] : "(none)",
			    want[n]);
		}
	}
	t_checks++;
	if (got.calls != n) {
		t_failures++;
		fprintf(stderr, "%s: %d calls, expected %d\n", what, got.calls,
		    n);
	}
}

/* --- what a file is --- */

static const char *regress_file(const char *name);

static enum ck_x12_kind
kind(const char *path, int *rc)
{
	enum ck_x12_kind k = CK_X12_837;
	struct ck_err err;

	*rc = ck_x12_kind_of(path, &k, &err);
	return k;
}

static void
kinds(void)
{
	int rc;

	CHECK(kind(data("ack-999.x12"), &rc) == CK_X12_999 && rc == 0);
	CHECK(kind(data("ack-277ca.x12"), &rc) == CK_X12_277CA && rc == 0);
	CHECK(kind(data("ack-835.x12"), &rc) == CK_X12_835 && rc == 0);
	CHECK(kind(data("ack-ta1.x12"), &rc) == CK_X12_TA1 && rc == 0);
	CHECK(kind(data("golden-837.x12"), &rc) == CK_X12_837 && rc == 0);
	for (enum variant v = AS_IS; v < NVARIANTS; v++) {
		CHECK(kind(variant("ack-277ca.x12", v), &rc) == CK_X12_277CA);
		CHECK(kind(variant("ack-ta1.x12", v), &rc) == CK_X12_TA1);
	}
	/* not X12, or not X12 we read: unknown, and no error */
	CHECK(kind(data("golden-claims.csv"), &rc) == CK_X12_UNKNOWN &&
	    rc == 0);
	CHECK(kind(cut("ack-999.x12", 0), &rc) == CK_X12_UNKNOWN && rc == 0);
	CHECK(kind(cut("ack-999.x12", 60), &rc) == CK_X12_UNKNOWN && rc == 0);
	CHECK(kind(mutate("ack-277ca.x12", "ST*277*0001*005010X214",
	    "ST*277*0001*005010X212"), &rc) == CK_X12_UNKNOWN);
	/* no ST03: GS08 decides */
	CHECK(kind(mutate("ack-277ca.x12", "ST*277*0001*005010X214",
	    "ST*277*0001"), &rc) == CK_X12_277CA);
	CHECK(kind(mutate("ack-999.x12", "ST*999", "ST*997"), &rc) ==
	    CK_X12_UNKNOWN);
	CHECK(kind(data("no-such-file.x12"), &rc) == CK_X12_UNKNOWN &&
	    rc == CK_FAIL);
	/* bad delimiters: still known by its bytes, to be refused loudly by
	 * its parser rather than kept as unknown */
	CHECK(kind(regress_file("isa16-nul.999"), &rc) == CK_X12_999 &&
	    rc == 0);
	CHECK(kind(regress_file("isa16-nul.277"), &rc) == CK_X12_277CA &&
	    rc == 0);
	CHECK(kind(regress_file("element-letter.999"), &rc) == CK_X12_999 &&
	    rc == 0);
	CHECK(kind(regress_file("isa16-space.999"), &rc) == CK_X12_999 &&
	    rc == 0);
	CHECK_STR(ck_x12_kind_name(CK_X12_TA1), "TA1");
	CHECK_STR(ck_x12_kind_name(CK_X12_999), "999");
	CHECK_STR(ck_x12_kind_name(CK_X12_277CA), "277CA");
	CHECK_STR(ck_x12_kind_name(CK_X12_835), "835");
	CHECK_STR(ck_x12_kind_name(CK_X12_837), "837");
	CHECK_STR(ck_x12_kind_name(CK_X12_UNKNOWN), "unknown");
}

/* --- the good samples --- */

static const char *const want_999[] = {
	"set 1 1 A []",
	"set 1 2 R [IK3 CLM at 23 (loop 2300): 8 segment has data element "
	    "errors; CTX CLM01:CLM0000002; IK4 CLM02 (782): 7 invalid code "
	    "value; IK5: I5 implementation one or more segments in error]",
	"group 1 P 2 2 1 []",
	"group 2 R 1 1 0 [AK9: 5 number of included transaction sets does "
	    "not match actual count]",
	NULL
};

static const char *const want_277[] = {
	"level B C[CLEARINGHOUSE INC] [1-1] [] [] Y A1:19:PR WQ [] [] 2/1 "
	    "68250/36000",
	"claim CLM0000001 C[CLEARINGHOUSE INC] Y A1:19:PR WQ [] [] [] 36000 "
	    "0/0 []",
	"claim CLM0000002 C[CLEARINGHOUSE INC] N A7:562:85 U "
	    "[A7:128:85;A8:496:85] [NPI CHECK DIGIT INVALID FOR BILLING "
	    "PROVIDER] [] 36000 1/1 [CLM0000002-2 HC:99213 A7:453]",
	"claim CLM0000003 C[CLEARINGHOUSE INC] Y A1:19:PR WQ [] [] [] 32250 "
	    "0/0 []",
	"level C C[CLEARINGHOUSE INC] [CHPRV0002] [1234567893] [LAKESHORE "
	    "PEDIATRICS] N A3:24:85 U [] [] -1/1 -1/20000",
	"level B P[MEDICARE PART B] [1-1] [] [] Y A2:20: WQ [] [] 2/-1 "
	    "68250/-1",
	"claim CLM0000001 P[MEDICARE PART B] Y A2:20:PR WQ [] [] "
	    "[25337000123456] 36000 0/0 []",
	"claim CLM0000003 P[MEDICARE PART B] Y A2:20:PR WQ [] [] "
	    "[25337000123457] 32250 0/0 []",
	NULL
};

static const char *const want_ta1[] = {
	"ta1 1 A 000 [no error]",
	NULL
};

static const char *const want_ta1r[] = {
	"ta1 2 R 024 [invalid interchange content (e.g., invalid GS "
	    "segment)]",
	NULL
};

static void
good(enum parser p, const char *name, const char *const *want)
{
	struct ck_err err;
	char what[128];

	for (enum variant v = AS_IS; v < NVARIANTS; v++) {
		int rc = parse(p, variant(name, v), &err);

		snprintf(what, sizeof(what), "%s, %s", name, variant_name[v]);
		t_checks++;
		if (rc != 0) {
			t_failures++;
			fprintf(stderr, "%s: %d %s\n", what, rc, err.msg);
		}
		check_got(what, want);
	}
}

static void
goods(void)
{
	struct ck_err err;

	good(P999, "ack-999.x12", want_999);
	good(P277, "ack-277ca.x12", want_277);
	good(PTA1, "ack-ta1.x12", want_ta1);
	good(PTA1, "ack-ta1-rejected.x12", want_ta1r);

	/* the level callback is optional */
	memset(&got, 0, sizeof(got));
	CHECK(ck_parse_277ca(data("ack-277ca.x12"), on_claim, NULL, NULL,
	    &err) == 0 && got.calls == 5);
	memset(&got, 0, sizeof(got));
	CHECK(ck_parse_999(data("ack-999.x12"), on_set, NULL, NULL, &err) ==
	    0 && got.calls == 2);

	/* a callback's nonzero return stops the parse and is returned */
	memset(&got, 0, sizeof(got));
	got.stop_at = 2;
	CHECK(ck_parse_277ca(data("ack-277ca.x12"), on_claim, on_level, NULL,
	    &err) == 7 && got.calls == 2);
}

/* A TA1 ahead of the groups, and two interchanges in one file. */
static void
combined(void)
{
	struct ck_err err;
	size_t n;
	char *s;
	int rc;

	mutate("ack-999.x12", "~\nGS*", "~\nTA1*000000001*251201*1504*A*000~\n"
	    "GS*");
	CHECK(kind(tmp, &rc) == CK_X12_TA1);
	CHECK(parse(P999, tmp, &err) == 0 && got.calls == 4);
	CHECK(parse(PTA1, tmp, &err) == 0);
	check_got("TA1 and 999", want_ta1);

	s = slurp(data("ack-999.x12"), &n);
	s = realloc(s, 2 * n + 1);
	memcpy(s + n, s, n);
	spill(s, 2 * n);
	CHECK(parse(P999, tmp, &err) == 0 && got.calls == 8);
	/* segments count on across interchanges: the second's SE is 32 */
	memcpy(s + n + (strstr(s, "SE*11") - s), "SE*12", 5);
	spill(s, 2 * n);
	CHECK(parse(P999, tmp, &err) == CK_DATA && got.calls == 0);
	CHECK(strstr(err.msg, ": segment 32 (SE): expected SE01 = 11") != NULL);
	free(s);
}

/* A long list of errors is cut at 2 KiB, and says so. */
static void
long_errors(void)
{
	static char many[120 * 32];
	struct ck_err err;
	size_t len;

	many[0] = '\0';
	for (int i = 0; i < 120; i++)
		strcat(many, "IK3*CLM*23*2300*8~\n");
	mutate("ack-999.x12", "IK3*CLM*23*2300*8~\n", many);
	replace(tmp, "SE*11*0001", "SE*130*0001");
	CHECK(parse(P999, tmp, &err) == 0 && got.calls == 4);
	len = strlen(got.line[1]);
	CHECK(len > 2000 && len < 2100);
	CHECK(strcmp(got.line[1] + len - 4, "...]") == 0);
}

/* --- whose transaction a 999 answers --- */

static int
on_set_whose(void *arg, const struct ck_999_set *s)
{
	(void)arg;
	return record("set %ld %d [%s]", s->st_control, s->ours, s->answers);
}

static int
on_group_whose(void *arg, const struct ck_999_group *g)
{
	(void)arg;
	return record("group %ld %d [%s]", g->gs_control, g->ours, g->answers);
}

static void
whose(const char *path, const char *const *want, const char *what)
{
	struct ck_err err;

	memset(&got, 0, sizeof(got));
	CHECK(ck_parse_999(path, on_set_whose, on_group_whose, NULL, &err) ==
	    0);
	check_got(what, want);
}

static void
whose_999(void)
{
	static const char *const ours[] = {"set 1 1 [837 005010X222A1]",
	    "set 2 1 [837 005010X222A1]", "group 1 1 [HC 005010X222A1]",
	    "group 2 1 [HC 005010X222A1]", NULL};
	static const char *const b834[] = {"set 1 0 [834 005010X220A1]",
	    "set 2 0 [834 005010X220A1]", "group 1 0 [BE 005010X220A1]",
	    "group 2 1 [HC 005010X222A1]", NULL};
	static const char *const i837[] = {"set 1 0 [837 005010X223A2]",
	    "set 2 1 [837 005010X222A1]", "group 1 1 [HC 005010X222A1]",
	    "group 2 1 [HC 005010X222A1]", NULL};
	static const char *const no203[] = {"set 1 1 [837 005010X222A1]",
	    "set 2 1 [837 005010X222A1]", "group 1 1 [HC 005010X222A1]",
	    "group 2 1 [HC 005010X222A1]", NULL};
	size_t n;
	char *s;

	whose(data("ack-999.x12"), ours, "our 999");
	/* an 834's acknowledgment, with our group and set numbers */
	s = slurp(data("ack-999.x12"), &n);
	spill(s, n);
	replace(tmp, "AK1*HC*1*005010X222A1", "AK1*BE*1*005010X220A1");
	replace(tmp, "AK2*837*0001*005010X222A1", "AK2*834*0001");
	replace(tmp, "AK2*837*0002*005010X222A1", "AK2*834*0002");
	whose(tmp, b834, "834");
	/* a set of an 837I: AK203 decides */
	whose(mutate("ack-999.x12", "AK2*837*0001*005010X222A1",
	    "AK2*837*0001*005010X223A2"), i837, "837I");
	/* AK203 is optional */
	whose(mutate("ack-999.x12", "AK2*837*0001*005010X222A1",
	    "AK2*837*0001"), no203, "no AK203");
	free(s);
}

/* --- 277CA codes against the code lists of data/x12 --- */

static int
on_claim_codes(void *arg, const struct ck_277_claim *c)
{
	(void)arg;
	return record("claim %s %c [%s]", c->claim_id, c->accepted,
	    c->warnings);
}

static int
on_level_codes(void *arg, const struct ck_277_level *l)
{
	(void)arg;
	return record("level %c %c [%s]", l->level, l->accepted, l->warnings);
}

static void
codes(const char *path, const char *const *want, const char *what)
{
	struct ck_err err;

	memset(&got, 0, sizeof(got));
	CHECK(ck_parse_277ca(path, on_claim_codes, on_level_codes, NULL,
	    &err) == 0);
	check_got(what, want);
}

static void
code_lists(void)
{
	static const char *const known[] = {"level B Y []",
	    "claim CLM0000001 Y []", "claim CLM0000002 N []", "claim CLM0000003 Y []", "level C N []",
	    "level B Y []", "claim CLM0000001 Y []", "claim CLM0000003 Y []",
	    NULL};
	static const char *const xx[] = {"level B Y []", "claim CLM0000001 ? "
	    "[unknown status code 'XX' in STC01-2]", "claim CLM0000002 N []",
	    "claim CLM0000003 Y []", "level C N []", "level B Y []",
	    "claim CLM0000001 Y []", "claim CLM0000003 Y []", NULL};
	static const char *const cat[] = {"level B ? [unknown category code "
	    "'A9' in STC01-1]", "claim CLM0000001 Y []", "claim CLM0000002 N "
	    "[unknown category code 'E9' in STC10-1; no status code in "
	    "STC10-2]", "claim CLM0000003 Y []", "level C N []", "level B Y "
	    "[]", "claim CLM0000001 Y []", "claim CLM0000003 Y []", NULL};
	static const char *const line[] = {"level B Y []", "claim CLM0000001 Y "
	    "[]", "claim CLM0000002 N [line 1: unknown status code '9999' in "
	    "STC01-2]", "claim CLM0000003 Y []", "level C N []", "level B Y "
	    "[]", "claim CLM0000001 Y []", "claim CLM0000003 Y []", NULL};
	size_t n;
	char *s;

	codes(data("ack-277ca.x12"), known, "known codes");
	/* an accepting category with a status code no list holds: review */
	codes(mutate("ack-277ca.x12", "STC*A1:19:PR*20251202*WQ*360~",
	    "STC*A1:XX:PR*20251202*WQ*360~"), xx, "status XX");
	/* an unknown category: review, even an E one; a rejection stays */
	s = slurp(data("ack-277ca.x12"), &n);
	spill(s, n);
	replace(tmp, "STC*A1:19:PR*20251202*WQ*1042.5", "STC*A9:19:PR*20251202"
	    "*WQ*1042.5");
	replace(tmp, "*A7:128:85**", "*E9**");
	codes(tmp, cat, "category A9, E9");
	codes(mutate("ack-277ca.x12", "STC*A7:453*", "STC*A7:9999*"), line,
	    "line");
	free(s);
}

/* --- malformed files: an error, and no callback --- */

static void
bad(enum parser p, const char *path, const char *want)
{
	struct ck_err err;
	const char *msg;
	int rc = parse(p, path, &err);

	/* the message names the file first: skip it */
	msg = strncmp(err.msg, path, strlen(path)) == 0 ?
	    err.msg + strlen(path) : err.msg;
	t_checks++;
	if (rc != CK_DATA || strcmp(msg, want) != 0 || got.calls != 0) {
		t_failures++;
		fprintf(stderr, "bad %s: rc %d, %d calls, got\n  %s\n"
		    "expected\n  %s\n", path, rc, got.calls, msg, want);
	}
}

static void
bad_envelopes(void)
{
	bad(P999, cut("ack-999.x12", 0), ": segment 1: expected ISA, found "
	    "the end of the file (the file is empty)");
	bad(P999, data("golden-claims.csv"), ": segment 1: expected ISA (is "
	    "this X12?)");
	bad(P999, cut("ack-999.x12", 60), ": segment 1 (ISA): expected an ISA "
	    "of 106 bytes, found 60");
	bad(P999, mutate("ack-999.x12", "*00501*", "*005010"), ": segment 1 "
	    "(ISA): expected the element separator '*' before ISA13 at byte "
	    "90");
	bad(P999, mutate("ack-999.x12", "*00501*", "*0501**"), ": segment 1 "
	    "(ISA): expected ISA12 of 5 characters");
	/* ends inside the IEA, or after the SE */
	bad(P999, cut("ack-999.x12", 460), ": segment 19 (IEA): the file ends "
	    "inside the segment (no terminator)");
	bad(P999, mutate("ack-999.x12", "GE*2*101~\nIEA*1*000000101~\n", ""),
	    ": segment 18: expected GE, found the end of the file");
	bad(P999, data("ack-999-bad-count.x12"), ": segment 13 (SE): expected "
	    "SE01 = 11 (segments from ST to SE), found '10'");
	bad(P999, mutate("ack-999.x12", "SE*11*0001", "SE*11*0003"),
	    ": segment 13 (SE): expected SE02 = ST02 '0001', found '0003'");
	bad(P999, mutate("ack-999.x12", "GE*2*101", "GE*3*101"), ": segment "
	    "18 (GE): expected GE01 = 2 (transaction sets in the group), "
	    "found '3'");
	bad(P999, mutate("ack-999.x12", "GE*2*101", "GE*2*102"), ": segment "
	    "18 (GE): expected GE02 = GS06 '101', found '102'");
	bad(P999, mutate("ack-999.x12", "IEA*1*", "IEA*2*"), ": segment 19 "
	    "(IEA): expected IEA01 = 1 (groups in the interchange), found '2'");
	bad(P999, mutate("ack-999.x12", "IEA*1*000000101", "IEA*1*000000109"),
	    ": segment 19 (IEA): expected IEA02 = ISA13 '000000101', found "
	    "'000000109'");
	bad(P999, mutate("ack-999.x12", "SE*4*0002~\n", ""), ": segment 17 "
	    "(GE): expected SE before GE");
	bad(P999, mutate("ack-999.x12", "ST*999*0002", "XX*999*0002"),
	    ": segment 14 (XX): expected ST or GE");
	bad(P999, mutate("ack-999.x12", "IK5*A~", "ik5*A~"), ": segment 6: "
	    "expected a segment id, found 'ik5'");
	bad(P999, mutate("ack-999.x12", "IEA*1*000000101~\n",
	    "IEA*1*000000101~\nGS*FA~\n"), ": segment 20: expected ISA after "
	    "IEA");
}

static void
bad_999(void)
{
	bad(P999, data("ack-999-bad-ik5.x12"), ": segment 5 (IK5): expected "
	    "AK2 before IK5");
	bad(P999, mutate("ack-999.x12", "AK1*HC*1*005010X222A1~\n", ""),
	    ": segment 4 (AK2): expected AK1 before AK2");
	bad(P999, mutate("ack-999.x12", "IK5*A~\n", "IK4*1*66*1~\n"),
	    ": segment 6 (IK4): expected IK3 before IK4");
	bad(P999, mutate("ack-999.x12", "IK5*A~\n", "CTX*CLM01:X~\n"),
	    ": segment 6 (CTX): expected IK3 before CTX");
	bad(P999, mutate("ack-999.x12", "IK5*A~\n", "IK5*Q~\n"), ": segment 6 "
	    "(IK5): expected one of AERMWX in IK501, found 'Q'");
	bad(P999, mutate("ack-999.x12", "IK5*R*I5~\n", "IK5*R*I5~\nDTM*1~\n"),
	    ": segment 12 (DTM): expected AK1, AK2, IK3, CTX, IK4, IK5 or AK9 "
	    "in a 999");
	bad(P999, mutate("ack-999.x12", "AK9*P*2*2*1~\n", "DTM*1~\n"),
	    ": segment 12 (DTM): expected AK1, AK2, IK3, CTX, IK4, IK5 or AK9 "
	    "in a 999");
	bad(P999, mutate("ack-999.x12", "AK9*P*2*2*1", "AK9*P*2*two*1"),
	    ": segment 12 (AK9): expected a count in AK903, found 'two'");
	bad(P999, mutate("ack-999.x12", "AK2*837*0001", "AK2*837*A1"),
	    ": segment 5 (AK2): expected a control number in AK202, found "
	    "'A1'");
	/* the wrong parser for the file */
	bad(P999, data("ack-277ca.x12"), ": segment 3 (ST): expected a 999 "
	    "transaction set, found 277");
	bad(P999, data("ack-ta1.x12"), ": segment 3 (IEA): expected a 999 "
	    "transaction set in the file, found none");
}

static void
bad_277(void)
{
	bad(P277, data("ack-277ca-bad-stc.x12"), ": segment 27 (STC): "
	    "expected TRN (the claim) before STC");
	bad(P277, mutate("ack-277ca.x12", "STC*A1:19:PR*20251202*WQ*360~\n",
	    ""), ": segment 30 (HL): expected STC in the claim loop of TRN02 "
	    "'CLM0000001' before HL");
	bad(P277, mutate("ack-277ca.x12", "TRN*2*1-1~", "DTP*050*D8*1~"),
	    ": segment 13 (STC): expected TRN before STC");
	bad(P277, mutate("ack-277ca.x12", "NM1*AY*", "NM1*41*"), ": segment 6 "
	    "(NM1): expected AY (clearinghouse) or PR (payer) in NM101 of the "
	    "information source, found '41'");
	bad(P277, mutate("ack-277ca.x12", "HL*3*2*19*1", "HL*3*2*22*1"),
	    ": segment 18 (HL): expected 20, 21, 19 or PT in HL03, found "
	    "'22'");
	bad(P277, mutate("ack-277ca.x12", "HL*2*1*21*1", "HL*2*1*19*1"),
	    ": segment 10 (HL): expected HL 21 before HL 19");
	bad(P277, mutate("ack-277ca.x12", "*WQ*360~", "*WQ*3.6.0~"),
	    ": segment 28 (STC): expected an amount in STC04, found '3.6.0'");
	bad(P277, mutate("ack-277ca.x12", "STC*A1:19:PR*20251202*WQ*360~",
	    "STC*:19:PR*20251202*WQ*360~"), ": segment 28 (STC): expected a "
	    "category code in STC01-1");
	bad(P277, mutate("ack-277ca.x12", "BHT*", "DTP*"), ": segment 4 (DTP): "
	    "expected BHT after ST");
	bad(P277, mutate("ack-277ca.x12", "TRN*2*CLM0000001", "TRN*2*"),
	    ": segment 27 (TRN): expected the claim id (our CLM01) of 1 to 80 "
	    "characters in TRN02");
	bad(P277, mutate("ack-277ca.x12", "005010X214~\nBHT",
	    "005010X212~\nBHT"), ": segment 3 (ST): expected a 277CA (277 "
	    "005010X214) transaction set, found 277 005010X212");
	bad(P277, data("ack-999.x12"), ": segment 3 (ST): expected a 277CA "
	    "(277 005010X214) transaction set, found 999 005010X231A1");
	bad(P277, data("ack-835.x12"), ": segment 3 (ST): expected a 277CA "
	    "(277 005010X214) transaction set, found 835 005010X221A1");
}

static void
bad_ta1(void)
{
	bad(PTA1, data("ack-999.x12"), ": segment 2 (GS): expected TA1 after "
	    "ISA");
	bad(PTA1, mutate("ack-ta1.x12", "*A*000~", "*Q*000~"), ": segment 2 "
	    "(TA1): expected A, E or R in TA104, found 'Q'");
	bad(PTA1, mutate("ack-ta1.x12", "*A*000~", "*A*0~"), ": segment 2 "
	    "(TA1): expected a 3-digit note code in TA105, found '0'");
	bad(PTA1, mutate("ack-ta1.x12", "TA1*000000001", "TA1*1"), ": segment "
	    "2 (TA1): expected 9 digits in TA101, found '1'");
	bad(PTA1, mutate("ack-ta1.x12", "IEA*0*", "IEA*1*"), ": segment 3 "
	    "(IEA): expected IEA01 = 0 (groups in the interchange), found '1'");
}

/* A segment that does not fit the buffer is refused, not cut. */
static void
too_long(void)
{
	size_t n;
	char *s = slurp(data("ack-999.x12"), &n), *big;
	const char *at = strstr(s, "IK5*A~");
	size_t pre = (size_t)(at - s), fill = 70000;

	big = malloc(n + fill + 1);
	memcpy(big, s, pre + 5);
	memset(big + pre + 5, 'A', fill);
	memcpy(big + pre + 5 + fill, at + 5, n - pre - 5);
	spill(big, n + fill);
	bad(P999, tmp, ": segment 6 (IK5): segment longer than 65536 bytes");
	free(big);
	free(s);
}

/* --- the crash inputs of the fuzzers and the issues (tests/fuzz/regress):
 * each refused with its reason, and nothing called --- */

static const struct {
	const char *file;
	enum parser p;
	const char *want;
} regress[] = {
	{"isa16-nul.999", P999, ": segment 1 (ISA): expected a delimiter in "
	    "ISA16 (the component separator), found NUL"},
	{"isa16-nul.277", P277, ": segment 1 (ISA): expected a delimiter in "
	    "ISA16 (the component separator), found NUL"},
	{"isa16-letter.999", P999, ": segment 1 (ISA): expected a delimiter "
	    "in ISA16 (the component separator), found a letter"},
	{"isa16-digit.999", P999, ": segment 1 (ISA): expected a delimiter in "
	    "ISA16 (the component separator), found a digit"},
	{"isa16-space.999", P999, ": segment 1 (ISA): expected a delimiter in "
	    "ISA16 (the component separator), found a space"},
	{"element-letter.999", P999, ": segment 1 (ISA): expected a delimiter "
	    "in the element separator (byte 4), found a letter"},
	{"isa16-same-as-element.999", P999, ": segment 1 (ISA): expected "
	    "ISA16 (the component separator) to differ from the element "
	    "separator (byte 4), found '*' in both"},
	{"terminator-same-as-isa16.999", P999, ": segment 1 (ISA): expected "
	    "the segment terminator (byte 106) to differ from ISA16 (the "
	    "component separator), found ':' in both"},
	{"isa11-same-as-isa16.999", P999, ": segment 1 (ISA): expected ISA11 "
	    "(the repetition separator) to differ from ISA16 (the component "
	    "separator), found ':' in both"},
	{"stc-6-parts.277", P277, ": segment 34 (STC): expected at most 4 "
	    "components in STC10, found more"},
	{"svc01-10-parts.277", P277, ": segment 38 (SVC): expected at most 8 "
	    "components in SVC01, found more"},
};

static const char *
regress_file(const char *name)
{
	static char path[4600];

	/* tests/data -> tests/fuzz/regress */
	snprintf(path, sizeof(path), "%.4000s/../fuzz/regress/%.500s", datadir,
	    name);
	return path;
}

/* Every file kept there, read by every parser: refused or read, never a
 * crash (the sanitizers watch). */
static void
every_regression(void)
{
	char dir[4200];
	struct dirent *e;
	struct ck_err err;
	DIR *d;
	int files = 0;

	snprintf(dir, sizeof(dir), "%s/../fuzz/regress", datadir);
	if ((d = opendir(dir)) == NULL) {
		CHECK(!"tests/fuzz/regress is missing");
		return;
	}
	while ((e = readdir(d)) != NULL) {
		const char *path = regress_file(e->d_name);

		if (e->d_name[0] == '.')
			continue;
		files++;
		for (enum parser p = P999; p <= PTA1; p++) {
			int rc = parse(p, path, &err);

			CHECK(rc == 0 || rc == CK_DATA);
		}
	}
	closedir(d);
	CHECK(files >= 11);
}

static void
regressions(void)
{
	for (size_t i = 0; i < sizeof(regress) / sizeof(regress[0]); i++)
		bad(regress[i].p, regress_file(regress[i].file),
		    regress[i].want);
	/* one part more than the composite holds, in each place */
	bad(P277, mutate("ack-277ca.x12", "STC*A3:24:85*", "STC*A3:24:85:1:2*"),
	    ": segment 51 (STC): expected at most 4 components in STC01, "
	    "found more");
	bad(P277, mutate("ack-277ca.x12", "STC*A7:562:85*", "STC*A7:562:85:1:"
	    "2*"), ": segment 34 (STC): expected at most 4 components in "
	    "STC01, found more");
	bad(P277, mutate("ack-277ca.x12", "STC*A8:496:85*", "STC*A8:496:85:1:"
	    "2*"), ": segment 35 (STC): expected at most 4 components in "
	    "STC01, found more");
	bad(P999, mutate("ack-999.x12", "IK4*2*782*7~", "IK4*2:1:1:1*782*7~"),
	    ": segment 10 (IK4): expected at most 3 components in IK401, "
	    "found more");
	bad(P999, mutate("ack-999.x12", "CTX*CLM01:CLM0000002~",
	    "CTX*CLM01:CLM0000002:X~"), ": segment 9 (CTX): expected at most "
	    "2 components in CTX01, found more");
	/* as many parts as the composite holds is fine */
	CHECK(parse(P277, mutate("ack-277ca.x12", "SVC*HC:99213*",
	    "SVC*HC:99213:25:59:GT:XU:DESC:X*"), &(struct ck_err){0}) == 0);
	CHECK(strstr(got.line[2], "HC:99213:25:59:GT:XU:DESC:X A7:453") !=
	    NULL);
}

/* --- linear --- */

/* Writes a 277CA of n claims to tmp, every tenth rejected with a line. */
static size_t
write_277(int n)
{
	FILE *fp = fopen(tmp, "wb");
	long segs = 0, size;

	fprintf(fp, "ISA*00*          *00*          *ZZ*133052274      *ZZ*"
	    "S1234567       *251202*1015*^*00501*000000102*0*T*:~\n"
	    "GS*HN*133052274*S1234567*20251202*1015*102*X*005010X214~\n"
	    "ST*277*0001*005010X214~\nBHT*0085*08*X*20251202*1015*TH~\n"
	    "HL*1**20*1~\nNM1*AY*2*CLEARINGHOUSE INC*****46*133052274~\n"
	    "HL*2*1*21*1~\nTRN*2*1-1~\nSTC*A1:19:PR*20251202*WQ*1~\n"
	    "HL*3*2*19*1~\n");
	segs = 8;
	for (int i = 0; i < n; i++) {
		fprintf(fp, "HL*%d*3*PT~\nNM1*QC*1*DOE*JANE****MI*X%d~\n"
		    "TRN*2*CLM%07d~\n", i + 4, i, i + 1);
		if (i % 10 == 9)
			fprintf(fp, "STC*A7:562:85*20251202*U*100******A7:128:85"
			    "**BAD NPI~\nSVC*HC:99213*100****1~\nSTC*A7:453*"
			    "20251202*U~\nREF*FJ*CLM%07d-1~\n", i + 1);
		else
			fprintf(fp, "STC*A1:19:PR*20251202*WQ*100~\n");
		fprintf(fp, "REF*D9*CH%012d~\nDTP*472*D8*20250502~\n", i);
		segs += i % 10 == 9 ? 9 : 6;
	}
	fprintf(fp, "SE*%ld*0001~\nGE*1*102~\nIEA*1*000000102~\n", segs + 1);
	size = ftell(fp);
	fclose(fp);
	return (size_t)size;
}

/* The reader's work per byte of file, reading tmp through. */
static double
work_per_byte(size_t size)
{
	struct ck_x12_reader *r;
	struct ck_x12_seg s;
	struct ck_err err;
	double w;

	if (ck_x12_open(&r, tmp, &err) != 0)
		return -1;
	while (ck_x12_next(r, &s, &err) == 0 && s.el != NULL)
		;
	w = (double)ck_x12_work(r) / (double)size;
	ck_x12_close(r);
	return w;
}

/* No timing: the reader's work per byte must not grow with the file,
 * and what a callback gets must not grow with the claims before it. */
static void
linear(void)
{
	struct ck_err err;
	size_t small = write_277(1000), longest;
	double w1 = work_per_byte(small), w2;
	size_t large;

	CHECK(parse(P277, tmp, &err) == 0 && got.calls == 1001);
	longest = got.longest;
	large = write_277(16000);
	w2 = work_per_byte(large);
	CHECK(large > 1000000);
	CHECK(parse(P277, tmp, &err) == 0 && got.calls == 16001);
	CHECK(got.longest == longest);
	CHECK(w1 > 1.5 && w1 < 3.0);     /* read once, looked at once */
	CHECK(w2 > w1 * 0.98 && w2 < w1 * 1.02);
}

int
main(int argc, char **argv)
{
	int fd;

	find_datadir(argc > 1 ? argv[1] : NULL);
	snprintf(tmp, sizeof(tmp), "/tmp/ck-x12read-XXXXXX");
	if ((fd = mkstemp(tmp)) < 0)
		return 2;
	close(fd);
	kinds();
	goods();
	combined();
	long_errors();
	whose_999();
	code_lists();
	bad_envelopes();
	bad_999();
	bad_277();
	bad_ta1();
	too_long();
	regressions();
	every_regression();
	linear();
	unlink(tmp);
	return t_done();
}
