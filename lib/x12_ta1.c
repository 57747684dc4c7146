/*
 * The TA1 (interchange acknowledgment) parser, on the segment reader of
 * x12read.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "x12read_int.h"

/* TA105, element I18 */
static const struct ck_xr_code ta1_notes[] = {
	{"000", "no error"},
	{"001", "the interchange control number in the header and trailer "
	    "do not match"},
	{"002", "this standard as noted in the control standards identifier "
	    "is not supported"},
	{"003", "this version of the controls is not supported"},
	{"004", "the segment terminator is invalid"},
	{"005", "invalid interchange id qualifier for sender"},
	{"006", "invalid interchange sender id"},
	{"007", "invalid interchange id qualifier for receiver"},
	{"008", "invalid interchange receiver id"},
	{"009", "unknown interchange receiver id"},
	{"010", "invalid authorization information qualifier value"},
	{"011", "invalid authorization information value"},
	{"012", "invalid security information qualifier value"},
	{"013", "invalid security information value"},
	{"014", "invalid interchange date value"},
	{"015", "invalid interchange time value"},
	{"016", "invalid interchange standards identifier value"},
	{"017", "invalid interchange version id value"},
	{"018", "invalid interchange control number value"},
	{"019", "invalid acknowledgment requested value"},
	{"020", "invalid test indicator value"},
	{"021", "invalid number of included groups value"},
	{"022", "invalid control structure"},
	{"023", "improper (premature) end-of-file (transmission)"},
	{"024", "invalid interchange content (e.g., invalid GS segment)"},
	{"025", "duplicate interchange control number"},
	{"026", "invalid data element separator"},
	{"027", "invalid component element separator"},
	{"028", "invalid delivery date in deferred delivery request"},
	{"029", "invalid delivery time in deferred delivery request"},
	{"030", "invalid delivery time code in deferred delivery request"},
	{"031", "invalid grade of service code"},
	{NULL, NULL}
};

struct pta1 {
	ck_ta1_cb cb;
	void *arg;
	struct ck_x12_reader *r;
	int dry;
	int after_isa;          /* the segment before was an ISA */
};

static int
ta1(struct pta1 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	const char *ctl = ck_x12_el(s, 1), *st = ck_x12_el(s, 4);
	const char *note = ck_x12_el(s, 5), *what;
	struct ck_ta1 t;

	if (strlen(ctl) != 9 || ck_xr_number(ctl, &t.isa_control) != 0)
		return ck_x12_fail(p->r, s, err, "expected 9 digits in TA101, "
		    "found '%s'", ctl);
	if (strlen(st) != 1 || strchr("AER", *st) == NULL)
		return ck_x12_fail(p->r, s, err, "expected A, E or R in TA104, "
		    "found '%s'", st);
	if (strlen(note) != 3 || strspn(note, "0123456789") != 3)
		return ck_x12_fail(p->r, s, err, "expected a 3-digit note code "
		    "in TA105, found '%s'", note);
	if (p->dry)
		return 0;
	what = ck_xr_code_text(ta1_notes, note);
	t.status = *st;
	t.note_code = note;
	t.note = what ? what : "";
	return p->cb(p->arg, &t);
}

static int
passta1(struct ck_x12_reader *r, void *arg, int dry, struct ck_err *err)
{
	struct pta1 *p = arg;
	struct ck_x12_seg s;
	int rc;

	p->r = r;
	p->dry = dry;
	p->after_isa = 0;
	while ((rc = ck_x12_next(r, &s, err)) == 0 && s.el != NULL) {
		int was = p->after_isa;

		p->after_isa = is(s.el[0], "ISA");
		if (was && !is(s.el[0], "TA1"))
			return ck_x12_fail(r, &s, err, "expected TA1 after ISA");
		if (is(s.el[0], "TA1") && (rc = ta1(p, &s, err)) != 0)
			return rc;
	}
	return rc;
}

int
ck_parse_ta1(const char *path, ck_ta1_cb cb, void *arg, struct ck_err *err)
{
	struct pta1 p = {.cb = cb, .arg = arg};

	return ck_xr_two_passes(path, passta1, &p, err);
}
