/*
 * The 999 (005010X231A1 implementation acknowledgment) parser, on the
 * segment reader of x12read.c: per transaction set (AK2 ... IK5) and per
 * group (AK9), with the codes explained.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "x12read_int.h"

/* IK304, element 620 */
static const struct ck_xr_code ik3_codes[] = {
	{"1", "unrecognized segment id"},
	{"2", "unexpected segment"},
	{"3", "required segment missing"},
	{"4", "loop occurs over maximum times"},
	{"5", "segment exceeds maximum use"},
	{"6", "segment not in defined transaction set"},
	{"7", "segment not in proper sequence"},
	{"8", "segment has data element errors"},
	{"I4", "implementation \"not used\" segment present"},
	{"I6", "implementation dependent segment missing"},
	{"I7", "implementation loop occurs under minimum times"},
	{"I8", "implementation segment below minimum use"},
	{"I9", "implementation dependent \"not used\" segment present"},
	{NULL, NULL}
};

/* IK403, element 621 */
static const struct ck_xr_code ik4_codes[] = {
	{"1", "required data element missing"},
	{"2", "conditional required data element missing"},
	{"3", "too many data elements"},
	{"4", "data element too short"},
	{"5", "data element too long"},
	{"6", "invalid character in data element"},
	{"7", "invalid code value"},
	{"8", "invalid date"},
	{"9", "invalid time"},
	{"10", "exclusion condition violated"},
	{"12", "too many repetitions"},
	{"13", "too many components"},
	{"I6", "code value not used in implementation"},
	{"I9", "implementation dependent data element missing"},
	{"I10", "implementation \"not used\" data element present"},
	{"I11", "implementation too few repetitions"},
	{"I12", "implementation pattern match failure"},
	{"I13", "implementation dependent \"not used\" data element present"},
	{NULL, NULL}
};

/* IK502..IK506, element 618 */
static const struct ck_xr_code ik5_codes[] = {
	{"1", "transaction set not supported"},
	{"2", "transaction set trailer missing"},
	{"3", "transaction set control number in header and trailer do not "
	    "match"},
	{"4", "number of included segments does not match actual count"},
	{"5", "one or more segments in error"},
	{"6", "missing or invalid transaction set identifier"},
	{"7", "missing or invalid transaction set control number"},
	{"8", "authentication key name unknown"},
	{"9", "encryption key name unknown"},
	{"10", "requested service (authentication or encrypted) not "
	    "available"},
	{"11", "unknown security recipient"},
	{"12", "incorrect message length (encryption only)"},
	{"13", "message authentication code failed"},
	{"15", "unknown security originator"},
	{"16", "syntax error in decrypted text"},
	{"17", "security not supported"},
	{"18", "transaction set not in functional group"},
	{"19", "invalid transaction set implementation convention reference"},
	{"23", "transaction set control number not unique within the "
	    "functional group"},
	{"24", "S3E security end segment missing for S3S security start "
	    "segment"},
	{"25", "S3S security start segment missing for S3E security end "
	    "segment"},
	{"26", "S4E security end segment missing for S4S security start "
	    "segment"},
	{"27", "S4S security start segment missing for S4E security end "
	    "segment"},
	{"I5", "implementation one or more segments in error"},
	{"I6", "implementation convention not supported"},
	{NULL, NULL}
};

/* AK905..AK909, element 716 */
static const struct ck_xr_code ak9_codes[] = {
	{"1", "functional group not supported"},
	{"2", "functional group version not supported"},
	{"3", "functional group trailer missing"},
	{"4", "group control number in the functional group header and "
	    "trailer do not agree"},
	{"5", "number of included transaction sets does not match actual "
	    "count"},
	{"6", "group control number violates syntax"},
	{"10", "authentication key name unknown"},
	{"11", "encryption key name unknown"},
	{"12", "requested service (authentication or encryption) not "
	    "available"},
	{"13", "unknown security recipient"},
	{"14", "unknown security originator"},
	{"15", "syntax error in decrypted text"},
	{"16", "security not supported"},
	{"17", "incorrect message length (encryption only)"},
	{"18", "message authentication code failed"},
	{"19", "functional group control number not unique within "
	    "interchange"},
	{"23", "S3E security end segment missing for S3S security start "
	    "segment"},
	{"24", "S3S security start segment missing for S3E security end "
	    "segment"},
	{"25", "S4E security end segment missing for S4S security start "
	    "segment"},
	{"26", "S4S security start segment missing for S4E security end "
	    "segment"},
	{NULL, NULL}
};

struct p999 {
	ck_999_cb set_cb;
	ck_999_group_cb group_cb;
	void *arg;
	struct ck_x12_reader *r;
	int dry;
	long sets;              /* 999 sets in the file */
	int ak1, ak2, ik3, ak9; /* seen in the open set */
	long gs_control, st_control;
	char fid[8], version[40];       /* AK101, AK103 */
	char set_id[8], set_guide[40];  /* AK201, AK203 */
	char ik3_id[4];
	struct ck_xr_text errors;
};

/* The group acknowledged is of 837P claims as we send them. */
static int
our_group(const struct p999 *p)
{
	return is(p->fid, "HC") && is(p->version, CK_X12_837P_GUIDE);
}

/* The set acknowledged is one of our 837Ps; AK203 may be left out. */
static int
our_set(const struct p999 *p)
{
	return our_group(p) && is(p->set_id, "837") &&
	    (p->set_guide[0] == '\0' || is(p->set_guide, CK_X12_837P_GUIDE));
}

/* What the set or group acknowledged, to name it: "834 005010X220A1",
 * or for a group "BE 005010X220A1". */
static void
answers(const struct p999 *p, int set, char *buf, size_t size)
{
	const char *v = set && p->set_guide[0] ? p->set_guide : p->version;

	snprintf(buf, size, "%s%s%s", set ? p->set_id : p->fid, *v ? " " : "",
	    v);
}

static int
control(struct p999 *p, struct ck_x12_seg *s, int i, long *v,
    struct ck_err *err)
{
	if (ck_xr_number(ck_x12_el(s, i), v) != 0)
		return ck_x12_fail(p->r, s, err, "expected a control number in "
		    "%s%02d, found '%s'", s->el[0], i, ck_x12_el(s, i));
	return 0;
}

static int
st999(struct p999 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	if (!is(ck_x12_el(s, 1), "999"))
		return ck_x12_fail(p->r, s, err, "expected a 999 transaction "
		    "set, found %s", ck_x12_el(s, 1));
	p->sets++;
	p->ak1 = p->ak2 = p->ik3 = p->ak9 = 0;
	return 0;
}

static int
ak1(struct p999 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	if (p->ak1)
		return ck_x12_fail(p->r, s, err, "expected one AK1 per set");
	p->ak1 = 1;
	if (ck_xr_keep(p->fid, sizeof(p->fid), ck_x12_el(s, 1)) != 0 ||
	    ck_xr_keep(p->version, sizeof(p->version), ck_x12_el(s, 3)) != 0)
		return ck_x12_fail(p->r, s, err, "expected AK101 of at most 7 "
		    "characters and AK103 of at most 39");
	return control(p, s, 2, &p->gs_control, err);
}

static int
ak2(struct p999 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	if (!p->ak1)
		return ck_x12_fail(p->r, s, err, "expected AK1 before AK2");
	if (p->ak2)
		return ck_x12_fail(p->r, s, err, "expected IK5 before AK2");
	if (p->ak9)
		return ck_x12_fail(p->r, s, err, "expected SE after AK9");
	p->ak2 = 1;
	p->ik3 = 0;
	ck_xr_text_clear(&p->errors);
	if (ck_xr_keep(p->set_id, sizeof(p->set_id), ck_x12_el(s, 1)) != 0 ||
	    ck_xr_keep(p->set_guide, sizeof(p->set_guide),
	    ck_x12_el(s, 3)) != 0)
		return ck_x12_fail(p->r, s, err, "expected AK201 of at most 7 "
		    "characters and AK203 of at most 39");
	return control(p, s, 2, &p->st_control, err);
}

static int
ik3(struct p999 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	const char *loop = ck_x12_el(s, 3), *code = ck_x12_el(s, 4);

	if (!p->ak2)
		return ck_x12_fail(p->r, s, err, "expected AK2 before IK3");
	if (ck_xr_keep(p->ik3_id, sizeof(p->ik3_id), ck_x12_el(s, 1)) != 0)
		return ck_x12_fail(p->r, s, err, "expected a segment id in "
		    "IK301, found '%s'", ck_x12_el(s, 1));
	p->ik3 = 1;
	ck_xr_text_add(&p->errors, "; ", "IK3 %s at %s", p->ik3_id,
	    ck_x12_el(s, 2));
	if (*loop)
		ck_xr_text_add(&p->errors, NULL, " (loop %s)", loop);
	if (*code) {
		ck_xr_text_add(&p->errors, NULL, ": ");
		ck_xr_add_code(&p->errors, ik3_codes, code);
	}
	return 0;
}

static int
ik4(struct p999 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	const char *pos[3], *ref = ck_x12_el(s, 2);
	long el;

	if (!p->ik3)
		return ck_x12_fail(p->r, s, err, "expected IK3 before IK4");
	if (ck_xr_comps(p->r, s, 1, pos, 3, err) < 0)
		return CK_DATA;
	if (ck_xr_number(pos[0], &el) != 0)
		return ck_x12_fail(p->r, s, err, "expected an element position "
		    "in IK401, found '%s'", pos[0]);
	ck_xr_text_add(&p->errors, "; ", "IK4 %s%02ld", p->ik3_id, el);
	if (*pos[1])
		ck_xr_text_add(&p->errors, NULL, "-%s", pos[1]);
	if (*pos[2])
		ck_xr_text_add(&p->errors, NULL, " repeat %s", pos[2]);
	if (*ref)
		ck_xr_text_add(&p->errors, NULL, " (%s)", ref);
	ck_xr_text_add(&p->errors, NULL, ": ");
	ck_xr_add_code(&p->errors, ik4_codes, ck_x12_el(s, 3));
	return 0;
}

/* CTX: the claim (CLM01:id) or the segment that triggered a rule. */
static int
ctx(struct p999 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	const char *id[2], *seg = ck_x12_el(s, 2), *loop = ck_x12_el(s, 4);
	const char *pos[3];

	if (!p->ik3)
		return ck_x12_fail(p->r, s, err, "expected IK3 before CTX");
	if (ck_xr_comps(p->r, s, 1, id, 2, err) < 0 ||
	    ck_xr_comps(p->r, s, 5, pos, 3, err) < 0)
		return CK_DATA;
	ck_xr_text_add(&p->errors, "; ", "CTX %s%s%s", id[0],
	    *id[1] ? ":" : "", id[1]);
	if (*seg)
		ck_xr_text_add(&p->errors, NULL, " %s at %s", seg,
		    ck_x12_el(s, 3));
	if (*loop)
		ck_xr_text_add(&p->errors, NULL, " (loop %s)", loop);
	if (*pos[0])
		ck_xr_text_add(&p->errors, NULL, " element %s%s%s", pos[0],
		    *pos[1] ? "-" : "", pos[1]);
	return 0;
}

static int
status_is(struct p999 *p, struct ck_x12_seg *s, const char *allowed,
    struct ck_err *err)
{
	const char *v = ck_x12_el(s, 1);

	if (strlen(v) != 1 || strchr(allowed, *v) == NULL)
		return ck_x12_fail(p->r, s, err, "expected one of %s in %s01, "
		    "found '%s'", allowed, s->el[0], v);
	return 0;
}

/* IK502..IK506 or AK905..AK909: codes from element `from` on. */
static void
add_codes(struct ck_xr_text *t, struct ck_x12_seg *s, int from, int to,
    const struct ck_xr_code *list)
{
	for (int i = from; i <= to; i++) {
		const char *c = ck_x12_el(s, i);

		if (*c == '\0')
			continue;
		ck_xr_text_add(t, "; ", "%s: ", s->el[0]);
		ck_xr_add_code(t, list, c);
	}
}

static int
ik5(struct p999 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	struct ck_999_set set;
	char what[48];
	int rc;

	if (!p->ak2)
		return ck_x12_fail(p->r, s, err, "expected AK2 before IK5");
	if ((rc = status_is(p, s, "AERMWX", err)) != 0)
		return rc;
	add_codes(&p->errors, s, 2, 6, ik5_codes);
	p->ak2 = p->ik3 = 0;
	if (p->dry)
		return 0;
	set.gs_control = p->gs_control;
	set.st_control = p->st_control;
	set.status = s->el[1][0];
	set.errors = p->errors.s;
	set.ours = our_set(p);
	answers(p, 1, what, sizeof(what));
	set.answers = what;
	return p->set_cb(p->arg, &set);
}

static int
ak9(struct p999 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	struct ck_999_group g;
	char what[48];
	int rc;

	if (!p->ak1)
		return ck_x12_fail(p->r, s, err, "expected AK1 before AK9");
	if (p->ak2)
		return ck_x12_fail(p->r, s, err, "expected IK5 before AK9");
	if (p->ak9)
		return ck_x12_fail(p->r, s, err, "expected one AK9 per set");
	if ((rc = status_is(p, s, "AEPRMWX", err)) != 0)
		return rc;
	for (int i = 2; i <= 4; i++)
		if (ck_xr_number(ck_x12_el(s, i), i == 2 ? &g.included :
		    i == 3 ? &g.received : &g.accepted) != 0)
			return ck_x12_fail(p->r, s, err, "expected a count in "
			    "AK9%02d, found '%s'", i, ck_x12_el(s, i));
	p->ak9 = 1;
	ck_xr_text_clear(&p->errors);
	add_codes(&p->errors, s, 5, 9, ak9_codes);
	if (p->dry || p->group_cb == NULL)
		return 0;
	g.gs_control = p->gs_control;
	g.status = s->el[1][0];
	g.errors = p->errors.s;
	g.ours = our_group(p);
	answers(p, 0, what, sizeof(what));
	g.answers = what;
	return p->group_cb(p->arg, &g);
}

static int
seg999(struct p999 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	unsigned id = seg_id(s->el[0]);

	if (is_outer(id))
		return 0;
	switch (id) {
	case SEG('S', 'T', 0):
		return st999(p, s, err);
	case SEG('S', 'E', 0):
		return p->ak9 ? 0 : ck_x12_fail(p->r, s, err,
		    "expected AK9 before SE");
	case SEG('A', 'K', '1'):
		return ak1(p, s, err);
	case SEG('A', 'K', '2'):
		return ak2(p, s, err);
	case SEG('I', 'K', '3'):
		return ik3(p, s, err);
	case SEG('C', 'T', 'X'):
		return ctx(p, s, err);
	case SEG('I', 'K', '4'):
		return ik4(p, s, err);
	case SEG('I', 'K', '5'):
		return ik5(p, s, err);
	case SEG('A', 'K', '9'):
		return ak9(p, s, err);
	}
	return ck_x12_fail(p->r, s, err, "expected AK1, AK2, IK3, CTX, IK4, "
	    "IK5 or AK9 in a 999");
}

static int
seg999_any(void *p, struct ck_x12_seg *s, struct ck_err *err)
{
	return seg999(p, s, err);
}

static int
pass999(struct ck_x12_reader *r, void *arg, int dry, struct ck_err *err)
{
	struct p999 *p = arg;

	p->r = r;
	p->dry = dry;
	p->sets = 0;
	return ck_xr_each_segment(r, p, seg999_any, &p->sets, "999", err);
}

int
ck_parse_999(const char *path, ck_999_cb cb, ck_999_group_cb group_cb,
    void *arg, struct ck_err *err)
{
	struct p999 *p = calloc(1, sizeof(*p));
	int rc;

	if (p == NULL)
		return ck_err_set(err, CK_FAIL, "out of memory");
	p->set_cb = cb;
	p->group_cb = group_cb;
	p->arg = arg;
	rc = ck_xr_two_passes(path, pass999, p, err);
	free(p);
	return rc;
}
