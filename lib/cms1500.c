/*
 * The CMS-1500 (02/12) print layout.  Paper claims are printed onto the
 * red pre-printed form, so only the data is written, each box's data on
 * the form's grid: 10 characters an inch across, 6 lines an inch down,
 * 66 lines a page.  Line 1 is the top print line of the sheet, column 1
 * the first print position, 0.3 inch from its left edge.
 *
 * The lines and columns are those OpenEMR has long printed onto this
 * form (its Hcfa1500 class, the 02/12 successor of gen_hcfa_1500); an
 * independent layout of the form in inches puts boxes 1 to 11, 24 and
 * 25 to 29 in the same columns, the same number of lines apart.  Each
 * width is the room the form gives the box, so that nothing runs into
 * the next box.  What each box holds follows the NUCC 1500 Claim Form
 * Reference Instruction Manual for the 02/12 form.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "claimkit/claim.h"
#include "claimkit/cms1500.h"
#include "claimkit/date.h"

#define NLINE CK_CMS1500_LINES
#define NCOL CK_CMS1500_COLS
#define NSVC CK_CMS1500_SVC
#define BUFSZ 1024

/* A form being laid out: the claim, which of its service lines this
 * form holds, and the page. */
struct form {
	const struct ck_claim *cl;
	const char *date;       /* box 31's date, YYYY-MM-DD */
	int first, nsvc;        /* service lines first .. first + nsvc - 1 */
	int last;               /* the claim's last form: it has the totals */
	int k;                  /* the service line being placed */
	char pg[NLINE][NCOL];
};

/* Gives the text of a box (in buf, or a string that outlives the call),
 * or NULL or "" to leave the box empty. */
typedef const char *getter(const struct form *, int, char *);

/* how a value is placed */
#define UP 1       /* upper-case */
#define NUM 2      /* right-aligned; refused when wider than its box */
#define WHOLE 4    /* left-aligned; refused when wider than its box */
#define ID 8       /* an identifier: WHOLE, and the message does not
		    * show it (a member id is patient data) */

struct field {
	const char *box;        /* the form's item number */
	unsigned char line, col, width, how;
	getter *get;
	int arg;
};

/* ---- the claim's values ---- */

/* A claim-level value, or the column's default as the import would have
 * stored it, or "". */
static const char *
cv(const struct form *f, int c)
{
	const char *s = f->cl->v[c].s;

	if (s == NULL)
		s = ck_columns[c].dflt;
	return s != NULL ? s : "";
}

/* A value of the service line being placed. */
static const char *
lv(const struct form *f, int c)
{
	return ck_lv(f->cl, f->k, c);
}

/* The parties named on the form and their columns, plus one (0: the
 * party has no such column). */
enum who { W_PAT, W_INS, W_OTHER, W_FAC, W_BILL, W_PAYER, NWHO };
enum slot { S_LAST, S_FIRST, S_MIDDLE, S_DOB, S_SEX, S_ADDR1, S_ADDR2,
	S_CITY, S_STATE, S_ZIP, S_PHONE, NSLOT };

#define C(n) (CK_C_##n + 1)
static const short party[NWHO][NSLOT] = {
	[W_PAT] = { C(patient_last), C(patient_first), C(patient_middle),
	    C(patient_dob), C(patient_sex), C(patient_address1),
	    C(patient_address2), C(patient_city), C(patient_state),
	    C(patient_zip), C(patient_phone) },
	[W_INS] = { C(subscriber_last), C(subscriber_first),
	    C(subscriber_middle), C(subscriber_dob), C(subscriber_sex),
	    C(subscriber_address1), C(subscriber_address2),
	    C(subscriber_city), C(subscriber_state), C(subscriber_zip), 0 },
	[W_OTHER] = { C(prior_subscriber_last), C(prior_subscriber_first),
	    C(prior_subscriber_middle) },
	[W_FAC] = { [S_LAST] = C(facility_name),
	    [S_ADDR1] = C(facility_address1), [S_ADDR2] = C(facility_address2),
	    [S_CITY] = C(facility_city), [S_STATE] = C(facility_state),
	    [S_ZIP] = C(facility_zip) },
	[W_BILL] = { [S_LAST] = C(billing_name),
	    [S_ADDR1] = C(billing_address1), [S_ADDR2] = C(billing_address2),
	    [S_CITY] = C(billing_city), [S_STATE] = C(billing_state),
	    [S_ZIP] = C(billing_zip), [S_PHONE] = C(billing_phone) },
	[W_PAYER] = { [S_LAST] = C(payer_name),
	    [S_ADDR1] = C(payer_address1), [S_ADDR2] = C(payer_address2),
	    [S_CITY] = C(payer_city), [S_STATE] = C(payer_state),
	    [S_ZIP] = C(payer_zip) },
};
#undef C

_Static_assert(CK_C_dx12 - CK_C_dx1 == 11, "dx1 to dx12 are adjacent");

/* A party's value.  The patient who is the subscriber (relationship 18)
 * is also the insured, as the import fills the empty subscriber columns
 * from the patient's. */
static const char *
pv(const struct form *f, int who, int slot)
{
	const char *s = party[who][slot] ? cv(f, party[who][slot] - 1) : "";

	if (*s == '\0' && who == W_INS &&
	    strcmp(cv(f, CK_C_relationship), "18") == 0)
		return pv(f, W_PAT, slot);
	return s;
}

/* ---- text ---- */

static void
addc(char *dst, size_t *n, int c)
{
	if (*n < BUFSZ - 1)
		dst[(*n)++] = (char)c;
	dst[*n] = '\0';
}

/*
 * Appends sep and src to dst (BUFSZ bytes), nothing when src is empty.
 * Periods, commas and '#' are dropped and runs of spaces made one: the
 * NUCC wants names and addresses without punctuation, and the commas
 * between the parts of a name are the form's own.
 */
static char *
join(char *dst, const char *sep, const char *src)
{
	size_t n = strlen(dst), before = n, start;

	if (n > 0 && *src != '\0')
		for (; *sep != '\0'; sep++)
			addc(dst, &n, *sep);
	start = n;
	for (; *src != '\0'; src++) {
		if (*src == '.' || *src == ',' || *src == '#')
			continue;
		if (*src == ' ' && (n == start || dst[n - 1] == ' '))
			continue;
		addc(dst, &n, *src);
	}
	while (n > start && dst[n - 1] == ' ')
		n--;
	if (n == start)
		n = before;     /* nothing of src was left: no separator */
	dst[n] = '\0';
	return dst;
}

/*
 * The ASCII character that stands for the UTF-8 character at *s, which
 * it steps over.  Latin-1 letters lose their accents, other characters
 * beyond ASCII become '?', control characters a space: the page stays
 * plain ASCII, one column a character.
 */
static int
ascii(const char **s)
{
	static const char latin1[] = "AAAAAAACEEEEIIIIDNOOOOO?OUUUUYTS"
	    "aaaaaaaceeeeiiiidnooooo?ouuuuyty";
	const unsigned char *p = (const unsigned char *)*s;
	unsigned int cp;
	int more;

	if (*p < 0x80) {
		(*s)++;
		return *p < 0x20 || *p == 0x7F ? ' ' : *p;
	}
	more = *p >= 0xF0 ? 3 : *p >= 0xE0 ? 2 : *p >= 0xC0 ? 1 : 0;
	cp = *p & (0x3Fu >> more);
	for (p++; more > 0 && (*p & 0xC0) == 0x80; more--, p++)
		cp = cp << 6 | (*p & 0x3Fu);
	*s = (const char *)p;
	if (more == 0 && cp >= 0xC0 && cp <= 0xFF)
		return latin1[cp - 0xC0];
	return '?';
}

/* Places s in its box, cut to the box's width; returns -1 instead when
 * a NUM, WHOLE or ID value is wider than the box. */
static int
put(struct form *f, const struct field *fl, int down, const char *s)
{
	char out[NCOL];
	int n = 0, line = fl->line + down, c;

	if (line > NLINE || fl->col < 1 || fl->col + fl->width - 1 > NCOL)
		return -1;      /* off the page: a fault of the table */
	while (*s != '\0' && n < fl->width) {
		c = ascii(&s);
		out[n++] = (char)(fl->how & UP ? toupper(c) : c);
	}
	if (*s != '\0' && (fl->how & (NUM | WHOLE | ID)))
		return -1;
	memcpy(&f->pg[line - 1][fl->col - 1 + (fl->how & NUM ?
	    fl->width - n : 0)], out, (size_t)n);
	return 0;
}

/* ---- the boxes ---- */

static const char *
g_col(const struct form *f, int c, char *buf)
{
	(void)buf;
	return cv(f, c);
}

/* Box 26: the claim id; a next payer's claim that posting made
 * (CLAIM_ID-RANK) too long for the box gives its primary's id, the
 * account the practice knows, rather than be held for good. */
static const char *
g_account(const struct form *f, int c, char *buf)
{
	const char *id = cv(f, c);
	size_t n = strlen(id);
	long rank = f->cl->v[CK_C_rank].i;

	if (n > 14 && n < BUFSZ && rank >= 2 && id[n - 2] == '-' &&
	    id[n - 1] == '0' + rank) {
		memcpy(buf, id, n - 2);
		buf[n - 2] = '\0';
		return buf;
	}
	return id;
}

static const char *
g_lcol(const struct form *f, int c, char *buf)
{
	(void)buf;
	return lv(f, c);
}

#define PARTY(who, slot) ((who) * NSLOT + (slot))

static const char *
g_party(const struct form *f, int arg, char *buf)
{
	(void)buf;
	return pv(f, arg / NSLOT, arg % NSLOT);
}

/* Boxes 2 and 4: LAST, FIRST, MIDDLE INITIAL; boxes 32, 33 and the
 * payer block: the name. */
static const char *
g_name(const struct form *f, int who, char *buf)
{
	const char *m = pv(f, who, S_MIDDLE);
	char mi[5] = "";
	size_t n = 0;

	if (*m != '\0')         /* the whole first UTF-8 character */
		for (mi[n++] = *m++; n < 4 && (*m & 0xC0) == 0x80; )
			mi[n++] = *m++;
	mi[n] = '\0';
	buf[0] = '\0';
	join(buf, "", pv(f, who, S_LAST));
	join(buf, ", ", pv(f, who, S_FIRST));
	return join(buf, ", ", mi);
}

/* The street: one line holds both address lines. */
static const char *
g_street(const struct form *f, int who, char *buf)
{
	buf[0] = '\0';
	join(buf, "", pv(f, who, S_ADDR1));
	return join(buf, " ", pv(f, who, S_ADDR2));
}

static const char *
g_city(const struct form *f, int who, char *buf)
{
	buf[0] = '\0';
	return join(buf, "", pv(f, who, S_CITY));
}

/* A ZIP+4 is printed with its hyphen, as the NUCC asks. */
static const char *
g_zip(const struct form *f, int who, char *buf)
{
	const char *z = pv(f, who, S_ZIP);

	if (strlen(z) == 9)
		snprintf(buf, BUFSZ, "%.5s-%s", z, z + 5);
	else
		snprintf(buf, BUFSZ, "%s", z);
	return buf;
}

/* CITY ST ZIP, a space between them and no comma (boxes 32, 33). */
static const char *
g_csz(const struct form *f, int who, char *buf)
{
	char zip[BUFSZ];

	buf[0] = '\0';
	join(buf, "", pv(f, who, S_CITY));
	join(buf, " ", pv(f, who, S_STATE));
	return join(buf, " ", g_zip(f, who, zip));
}

/* The payer block: name, address lines and city, blank lines left out. */
static const char *
g_payer(const struct form *f, int nth, char *buf)
{
	for (int part = 0; part < 4; part++) {
		buf[0] = '\0';
		if (part == 0)
			g_name(f, W_PAYER, buf);
		else if (part < 3)
			join(buf, "", pv(f, W_PAYER, part == 1 ? S_ADDR1 :
			    S_ADDR2));
		else
			g_csz(f, W_PAYER, buf);
		if (*buf != '\0' && nth-- == 0)
			return buf;
	}
	return NULL;
}

/* A telephone number: its area code (part 0), or the rest of it, digits
 * only (part 1); a leading 1 is the trunk prefix, not part of it. */
#define PHONE(who, part) ((who) * 2 + (part))

static const char *
g_phone(const struct form *f, int arg, char *buf)
{
	const char *p = pv(f, arg / 2, S_PHONE);
	size_t n = strlen(p);

	if (n == 11 && *p == '1')
		p++, n--;
	if (n != 10)
		return arg % 2 ? p : NULL;
	snprintf(buf, BUFSZ, "%.3s", p);
	return arg % 2 ? p + 3 : buf;
}

/* Dates: which, and which part of it. */
enum { D_PAT_DOB, D_INS_DOB, D_FROM, D_TO, D_SIGNED };
enum { P_MM, P_DD, P_YY, P_YYYY, P_MDY };
#define DATE(src, part) ((src) * 8 + (part))

static const char *
date_of(const struct form *f, int src)
{
	const char *s;

	switch (src) {
	case D_PAT_DOB:
		return pv(f, W_PAT, S_DOB);
	case D_INS_DOB:
		return pv(f, W_INS, S_DOB);
	case D_FROM:
		return lv(f, CK_C_service_date);
	case D_TO:      /* one day of service: the NUCC allows From again */
		s = lv(f, CK_C_service_date_to);
		return *s != '\0' ? s : lv(f, CK_C_service_date);
	default:        /* box 31 is dated only when it is signed */
		return strcmp(cv(f, CK_C_provider_signature), "Y") == 0 ?
		    f->date : "";
	}
}

static const char *
g_date(const struct form *f, int arg, char *buf)
{
	const char *d = date_of(f, arg / 8);

	if (strlen(d) != 10)
		return NULL;
	switch (arg % 8) {
	case P_MM:
		snprintf(buf, BUFSZ, "%.2s", d + 5);
		break;
	case P_DD:
		snprintf(buf, BUFSZ, "%.2s", d + 8);
		break;
	case P_YY:
		snprintf(buf, BUFSZ, "%.2s", d + 2);
		break;
	case P_YYYY:
		snprintf(buf, BUFSZ, "%.4s", d);
		break;
	default:        /* a date where the form has no dividers */
		snprintf(buf, BUFSZ, "%.2s %.2s %.2s", d + 5, d + 8, d + 2);
	}
	return buf;
}

/*
 * Box 1 from the claim filing indicator (SBR09).  Group health plan is
 * the box of employer and commercial plans: commercial (CI), Blue Cross
 * and Blue Shield (BL), HMO (HM), the managed-care codes 12 to 16 and
 * the Federal Employees Program (FI), the federal employees' group
 * health plan.  FECA BLK LUNG is for claims under the Federal Employees'
 * Compensation Act and the black lung program, which no SBR09 code names,
 * so nothing is marked there.  The rest (11, 17, AM, DS, LM, OF, TV, WC
 * and ZZ: workers' compensation, auto, liability and the like) is Other.
 */
enum { INS_MEDICARE = 1, INS_MEDICAID, INS_TRICARE, INS_CHAMPVA, INS_GROUP,
	INS_FECA, INS_OTHER };

static const struct {
	const char *codes;
	int type;
} ins_types[] = {
	{ "MA MB", INS_MEDICARE },
	{ "MC", INS_MEDICAID },
	{ "CH", INS_TRICARE },
	{ "VA", INS_CHAMPVA },
	{ "CI BL HM 12 13 14 15 16 FI", INS_GROUP },
};

static int
ins_type(const struct form *f)
{
	const char *code = cv(f, CK_C_filing_indicator);

	if (strlen(code) != 2)
		return INS_OTHER;
	for (size_t i = 0; i < sizeof(ins_types) / sizeof(ins_types[0]); i++)
		for (const char *p = ins_types[i].codes; ; p += 3) {
			if (strncmp(p, code, 2) == 0)
				return ins_types[i].type;
			if (p[2] == '\0')
				break;
		}
	return INS_OTHER;
}

/* Box 6: self, spouse and child have boxes; every other X12 code is
 * Other. */
enum { R_SELF = 1, R_SPOUSE, R_CHILD, R_OTHER };

static int
relation(const struct form *f)
{
	const char *r = cv(f, CK_C_relationship);

	if (*r == '\0')
		return 0;
	return strcmp(r, "18") == 0 ? R_SELF : strcmp(r, "01") == 0 ?
	    R_SPOUSE : strcmp(r, "19") == 0 ? R_CHILD : R_OTHER;
}

/* Another plan pays too: this claim goes to the second or third payer,
 * or names the one before it. */
static int
other_plan(const struct form *f)
{
	return f->cl->v[CK_C_rank].i > 1 ||
	    *cv(f, CK_C_prior_payer_id) != '\0' ||
	    *cv(f, CK_C_prior_payer_name) != '\0';
}

/* Check boxes: an X where the claim's value is the box's. */
enum { M_ALWAYS, M_INS, M_PSEX, M_ISEX, M_REL, M_OTHER, M_ASSIGN };
#define MARK(kind, val) ((kind) << 8 | (val))

static int
mark_value(const struct form *f, int kind)
{
	switch (kind) {
	case M_INS:
		return ins_type(f);
	case M_PSEX:
		return (unsigned char)*pv(f, W_PAT, S_SEX);
	case M_ISEX:
		return (unsigned char)*pv(f, W_INS, S_SEX);
	case M_REL:
		return relation(f);
	case M_OTHER:
		return other_plan(f);
	case M_ASSIGN:  /* B (clinical lab only) and C are not "yes" */
		return strcmp(cv(f, CK_C_accept_assignment), "A") == 0;
	default:
		return 0;
	}
}

static const char *
g_mark(const struct form *f, int arg, char *buf)
{
	(void)buf;
	return mark_value(f, arg >> 8) == (arg & 0xFF) ? "X" : NULL;
}

/* Boxes 9, 9a and 9d, on claims another plan pays too.  Box 9 names
 * who holds the prior payer's plan (prior_subscriber_*), or the insured
 * of box 4 when that is the same person. */
enum { O_NAME, O_POLICY, O_PLAN };

static const char *
g_other(const struct form *f, int what, char *buf)
{
	const char *s;

	if (!other_plan(f))
		return NULL;
	if (what == O_NAME)
		return g_name(f, f->cl->v[CK_C_prior_subscriber_last].s ?
		    W_OTHER : W_INS, buf);
	if (what == O_PLAN)
		return cv(f, CK_C_prior_payer_name);
	s = cv(f, CK_C_prior_group_number);
	return *s != '\0' ? s : cv(f, CK_C_prior_subscriber_id);
}

/* Box 11c: the plan's name, or the payer's when the claim names none. */
static const char *
g_plan(const struct form *f, int arg, char *buf)
{
	const char *s = cv(f, CK_C_group_name);

	(void)arg;
	(void)buf;
	return *s != '\0' ? s : cv(f, CK_C_payer_name);
}

/* Boxes 12, 13 and 31. */
static const char *
g_sof(const struct form *f, int c, char *buf)
{
	(void)buf;
	return strcmp(cv(f, c), "Y") == 0 ? "SIGNATURE ON FILE" : NULL;
}

/* Box 21's ICD indicator: 0, ICD-10-CM, the only code set claimkit
 * takes. */
static const char *
g_icd(const struct form *f, int arg, char *buf)
{
	(void)f;
	(void)arg;
	(void)buf;
	return "0";
}

/* Box 21: a diagnosis with its dot back after the category (E11.9),
 * as printed forms show it. */
static const char *
g_dx(const struct form *f, int n, char *buf)
{
	const char *d = cv(f, CK_C_dx1 + n);

	if (strlen(d) <= 3 || strchr(d, '.') != NULL)
		return d;
	snprintf(buf, BUFSZ, "%.3s.%s", d, d + 3);
	return buf;
}

/* Box 22: the frequency code (left) and the original claim's reference
 * (right) of a replacement or a void. */
static const char *
g_resub(const struct form *f, int right, char *buf)
{
	const char *freq = cv(f, CK_C_frequency);

	(void)buf;
	if (strcmp(freq, "7") != 0 && strcmp(freq, "8") != 0)
		return NULL;
	return right ? cv(f, CK_C_original_ref) : freq;
}

/* Box 24E: the pointers 1:2 as the letters AB. */
static const char *
g_pointers(const struct form *f, int arg, char *buf)
{
	const char *p = lv(f, CK_C_dx_pointers);
	size_t n = 0;
	int v;

	(void)arg;
	while (*p != '\0' && n < 12) {
		for (v = 0; *p >= '0' && *p <= '9'; p++)
			if (v < 100)
				v = v * 10 + (*p - '0');
		if (v >= 1 && v <= 12)
			buf[n++] = (char)('A' + v - 1);
		while (*p != '\0' && (*p < '0' || *p > '9'))
			p++;
	}
	buf[n] = '\0';
	return buf;
}

/* Box 24G: whole units, or with the decimals there are (1.5). */
static const char *
g_units(const struct form *f, int arg, char *buf)
{
	const struct ck_val *u = &f->cl->line[f->k][CK_C_units];
	long long whole = u->i / 1000, frac = u->i % 1000;
	int digits = 3;

	(void)arg;
	if (u->s == NULL)
		return NULL;
	if (frac == 0) {
		snprintf(buf, BUFSZ, "%lld", whole);
		return buf;
	}
	for (; frac % 10 == 0; frac /= 10)
		digits--;
	snprintf(buf, BUFSZ, "%lld.%0*lld", whole, digits, frac);
	return buf;
}

/* Box 24A-G, shaded: a drug as the NUCC instructions give it, the
 * qualifier N4 and the 11-digit NDC, a space, then the unit qualifier
 * and the quantity, such as "N463323016501 ML4". */
static const char *
g_ndc(const struct form *f, int arg, char *buf)
{
	(void)arg;
	if (*lv(f, CK_C_ndc) == '\0')
		return NULL;
	snprintf(buf, BUFSZ, "N4%s %s%s", lv(f, CK_C_ndc), lv(f, CK_C_ndc_unit),
	    lv(f, CK_C_ndc_quantity));
	return buf;
}

/* Money, split at the form's vertical rule: dollars, and cents in the
 * two columns after it.  The totals go on the claim's last form only. */
enum { A_CHARGE, A_TOTAL, A_PAID };
#define MONEY(src, cents) ((src) * 2 + (cents))

static int64_t
total(const struct ck_claim *cl)
{
	int64_t t = 0;

	for (int k = 0; k < cl->nlines; k++)
		t += cl->line[k][CK_C_charge].i;
	return t;
}

static const char *
g_money(const struct form *f, int arg, char *buf)
{
	const struct ck_val *v;
	int64_t a;

	switch (arg / 2) {
	case A_CHARGE:
		v = &f->cl->line[f->k][CK_C_charge];
		if (v->s == NULL)
			return NULL;
		a = v->i;
		break;
	case A_TOTAL:
		if (!f->last)
			return NULL;
		a = total(f->cl);
		break;
	default:
		/* what the other payers paid: a tertiary's two (NUCC) */
		v = &f->cl->v[CK_C_prior_paid];
		if (!f->last || v->s == NULL)
			return NULL;
		a = v->i + (f->cl->v[CK_C_prior2_paid].s ?
		    f->cl->v[CK_C_prior2_paid].i : 0);
	}
	if (arg % 2)
		snprintf(buf, BUFSZ, "%02lld", (long long)(a % 100));
	else
		snprintf(buf, BUFSZ, "%lld", (long long)(a / 100));
	return buf;
}

static const char *
g_continued(const struct form *f, int arg, char *buf)
{
	(void)arg;
	(void)buf;
	return f->last ? NULL : "CONTINUED";
}

/* Box 33b: the billing provider's taxonomy, qualifier ZZ and no space
 * between.  Medicare asks for box 33b to be left empty. */
static const char *
g_taxonomy(const struct form *f, int arg, char *buf)
{
	const char *t = cv(f, CK_C_billing_taxonomy);

	(void)arg;
	if (*t == '\0' || ins_type(f) == INS_MEDICARE)
		return NULL;
	snprintf(buf, BUFSZ, "ZZ%s", t);
	return buf;
}

/*
 * The form, box by box: where each box's data goes, line and column
 * (1-based) and width in columns.  Boxes not listed stay empty: 8, 9b,
 * 9c, 10d, 11b, 14 to 20, 23, 24C, 24H, 24I, 30 and 32b, and the
 * shaded upper half of each line of box 24 but for a drug's NDC.
 */
static const struct field claim_fields[] = {
	/* box     line col wid how   get          arg */
	{ "payer",   2, 41, 36, UP,   g_payer,     0 },
	{ "payer",   3, 41, 36, UP,   g_payer,     1 },
	{ "payer",   4, 41, 36, UP,   g_payer,     2 },
	{ "payer",   5, 41, 36, UP,   g_payer,     3 },
	{ "1",       8,  1,  1, 0,    g_mark,      MARK(M_INS, INS_MEDICARE) },
	{ "1",       8,  8,  1, 0,    g_mark,      MARK(M_INS, INS_MEDICAID) },
	{ "1",       8, 15,  1, 0,    g_mark,      MARK(M_INS, INS_TRICARE) },
	{ "1",       8, 24,  1, 0,    g_mark,      MARK(M_INS, INS_CHAMPVA) },
	{ "1",       8, 31,  1, 0,    g_mark,      MARK(M_INS, INS_GROUP) },
	{ "1",       8, 39,  1, 0,    g_mark,      MARK(M_INS, INS_FECA) },
	{ "1",       8, 45,  1, 0,    g_mark,      MARK(M_INS, INS_OTHER) },
	{ "1a",      8, 50, 29, ID,   g_col,       CK_C_subscriber_id },
	{ "2",      10,  1, 28, UP,   g_name,      W_PAT },
	{ "3",      10, 31,  2, 0,    g_date,      DATE(D_PAT_DOB, P_MM) },
	{ "3",      10, 34,  2, 0,    g_date,      DATE(D_PAT_DOB, P_DD) },
	{ "3",      10, 37,  4, 0,    g_date,      DATE(D_PAT_DOB, P_YYYY) },
	{ "3",      10, 42,  1, 0,    g_mark,      MARK(M_PSEX, 'M') },
	{ "3",      10, 47,  1, 0,    g_mark,      MARK(M_PSEX, 'F') },
	{ "4",      10, 50, 29, UP,   g_name,      W_INS },
	{ "5",      12,  1, 28, UP,   g_street,    W_PAT },
	{ "6",      12, 33,  1, 0,    g_mark,      MARK(M_REL, R_SELF) },
	{ "6",      12, 38,  1, 0,    g_mark,      MARK(M_REL, R_SPOUSE) },
	{ "6",      12, 42,  1, 0,    g_mark,      MARK(M_REL, R_CHILD) },
	{ "6",      12, 47,  1, 0,    g_mark,      MARK(M_REL, R_OTHER) },
	{ "7",      12, 50, 29, UP,   g_street,    W_INS },
	{ "5",      14,  1, 24, UP,   g_city,      W_PAT },
	{ "5",      14, 26,  2, UP,   g_party,     PARTY(W_PAT, S_STATE) },
	{ "7",      14, 50, 23, UP,   g_city,      W_INS },
	{ "7",      14, 74,  2, UP,   g_party,     PARTY(W_INS, S_STATE) },
	{ "5",      16,  1, 10, 0,    g_zip,       W_PAT },
	{ "5",      16, 15,  3, 0,    g_phone,     PHONE(W_PAT, 0) },
	{ "5",      16, 19,  7, 0,    g_phone,     PHONE(W_PAT, 1) },
	{ "7",      16, 50, 10, 0,    g_zip,       W_INS },
	{ "9",      18,  1, 28, UP,   g_other,     O_NAME },
	{ "11",     18, 50, 29, ID,   g_col,       CK_C_group_number },
	{ "9a",     20,  1, 28, ID,   g_other,     O_POLICY },
	{ "10a",    20, 41,  1, 0,    g_mark,      MARK(M_ALWAYS, 0) },
	{ "11a",    20, 53,  2, 0,    g_date,      DATE(D_INS_DOB, P_MM) },
	{ "11a",    20, 56,  2, 0,    g_date,      DATE(D_INS_DOB, P_DD) },
	{ "11a",    20, 59,  4, 0,    g_date,      DATE(D_INS_DOB, P_YYYY) },
	{ "11a",    20, 68,  1, 0,    g_mark,      MARK(M_ISEX, 'M') },
	{ "11a",    20, 75,  1, 0,    g_mark,      MARK(M_ISEX, 'F') },
	{ "10b",    22, 41,  1, 0,    g_mark,      MARK(M_ALWAYS, 0) },
	{ "10c",    24, 41,  1, 0,    g_mark,      MARK(M_ALWAYS, 0) },
	{ "11c",    24, 50, 29, UP,   g_plan,      0 },
	{ "9d",     26,  1, 28, UP,   g_other,     O_PLAN },
	{ "11d",    26, 52,  1, 0,    g_mark,      MARK(M_OTHER, 1) },
	{ "11d",    26, 57,  1, 0,    g_mark,      MARK(M_OTHER, 0) },
	{ "12",     29,  7, 20, 0,    g_sof,       CK_C_release_of_info },
	{ "13",     29, 55, 24, 0,    g_sof,       CK_C_benefits_assigned },
	{ "21",     37, 42,  1, 0,    g_icd,       0 },
	{ "21A",    38,  3,  8, UP,   g_dx,        0 },
	{ "21B",    38, 16,  8, UP,   g_dx,        1 },
	{ "21C",    38, 29,  8, UP,   g_dx,        2 },
	{ "21D",    38, 42,  8, UP,   g_dx,        3 },
	{ "22",     38, 50, 10, 0,    g_resub,     0 },
	{ "22",     38, 62, 17, ID,   g_resub,     1 },
	{ "21E",    39,  3,  8, UP,   g_dx,        4 },
	{ "21F",    39, 16,  8, UP,   g_dx,        5 },
	{ "21G",    39, 29,  8, UP,   g_dx,        6 },
	{ "21H",    39, 42,  8, UP,   g_dx,        7 },
	{ "21I",    40,  3,  8, UP,   g_dx,        8 },
	{ "21J",    40, 16,  8, UP,   g_dx,        9 },
	{ "21K",    40, 29,  8, UP,   g_dx,        10 },
	{ "21L",    40, 42,  8, UP,   g_dx,        11 },
	{ "25",     56,  1, 15, 0,    g_col,       CK_C_billing_tin },
	{ "25",     56, 19,  1, 0,    g_mark,      MARK(M_ALWAYS, 0) },
	{ "26",     56, 23, 14, ID,   g_account,   CK_C_claim_id },
	{ "27",     56, 38,  1, 0,    g_mark,      MARK(M_ASSIGN, 1) },
	{ "27",     56, 43,  1, 0,    g_mark,      MARK(M_ASSIGN, 0) },
	{ "28",     56, 50,  9, 0,    g_continued, 0 },
	{ "28",     56, 50,  7, NUM,  g_money,     MONEY(A_TOTAL, 0) },
	{ "28",     56, 58,  2, NUM,  g_money,     MONEY(A_TOTAL, 1) },
	{ "29",     56, 62,  5, NUM,  g_money,     MONEY(A_PAID, 0) },
	{ "29",     56, 68,  2, NUM,  g_money,     MONEY(A_PAID, 1) },
	{ "33",     57, 66,  3, 0,    g_phone,     PHONE(W_BILL, 0) },
	{ "33",     57, 70,  7, 0,    g_phone,     PHONE(W_BILL, 1) },
	{ "32",     58, 23, 26, UP,   g_name,      W_FAC },
	{ "33",     58, 50, 29, UP,   g_name,      W_BILL },
	{ "32",     59, 23, 26, UP,   g_street,    W_FAC },
	{ "33",     59, 50, 29, UP,   g_street,    W_BILL },
	{ "31",     60,  1, 20, 0,    g_sof,       CK_C_provider_signature },
	{ "32",     60, 23, 26, UP,   g_csz,       W_FAC },
	{ "33",     60, 50, 29, UP,   g_csz,       W_BILL },
	{ "31",     61,  6,  8, 0,    g_date,      DATE(D_SIGNED, P_MDY) },
	{ "32a",    61, 23, 10, 0,    g_col,       CK_C_facility_npi },
	{ "33a",    61, 50, 10, 0,    g_col,       CK_C_billing_npi },
	{ "33b",    61, 63, 16, UP,   g_taxonomy,  0 },
};

/* A service line of box 24, as the first of the six is placed; each
 * next one is two lines lower (its shaded half between). */
static const struct field svc_fields[] = {
	/* box     line col wid how   get          arg */
	{ "24A",    43,  1, 24, ID,   g_ndc,       0 },
	{ "24A",    44,  1,  2, 0,    g_date,      DATE(D_FROM, P_MM) },
	{ "24A",    44,  4,  2, 0,    g_date,      DATE(D_FROM, P_DD) },
	{ "24A",    44,  7,  2, 0,    g_date,      DATE(D_FROM, P_YY) },
	{ "24A",    44, 10,  2, 0,    g_date,      DATE(D_TO, P_MM) },
	{ "24A",    44, 13,  2, 0,    g_date,      DATE(D_TO, P_DD) },
	{ "24A",    44, 16,  2, 0,    g_date,      DATE(D_TO, P_YY) },
	{ "24B",    44, 19,  2, 0,    g_col,       CK_C_place_of_service },
	{ "24D",    44, 25,  6, WHOLE | UP, g_lcol, CK_C_procedure },
	{ "24D",    44, 33,  2, UP,   g_lcol,      CK_C_modifier1 },
	{ "24D",    44, 36,  2, UP,   g_lcol,      CK_C_modifier2 },
	{ "24D",    44, 39,  2, UP,   g_lcol,      CK_C_modifier3 },
	{ "24D",    44, 42,  2, UP,   g_lcol,      CK_C_modifier4 },
	{ "24E",    44, 45,  4, 0,    g_pointers,  0 },
	{ "24F",    44, 50,  5, NUM,  g_money,     MONEY(A_CHARGE, 0) },
	{ "24F",    44, 56,  2, NUM,  g_money,     MONEY(A_CHARGE, 1) },
	{ "24G",    44, 59,  3, NUM,  g_units,     0 },
	{ "24J",    44, 68, 10, 0,    g_col,       CK_C_rendering_npi },
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- laying out and writing ---- */

/* Places a box's data; a service line's box (svc) goes down lines
 * lower than the table says. */
static int
place(struct form *f, const struct field *fl, int svc, int down,
    struct ck_err *err)
{
	char buf[BUFSZ];
	const char *s = fl->get(f, fl->arg, buf);

	if (s == NULL || *s == '\0' || put(f, fl, down, s) == 0)
		return 0;
	/* an identifier may be patient data: its length only */
	if (fl->how & ID)
		return ck_err_set(err, CK_FAIL, "claim %s: box %s: the "
		    "value is longer than the box's %d columns (a cut "
		    "identifier would be a wrong one)",
		    ck_cv(f->cl, CK_C_claim_id), fl->box, fl->width);
	/* only amounts and codes are refused otherwise */
	if (!svc)
		return ck_err_set(err, CK_FAIL, "claim %s: box %s: '%.40s' "
		    "does not fit the box's %d columns",
		    ck_cv(f->cl, CK_C_claim_id), fl->box, s, fl->width);
	return ck_err_set(err, CK_FAIL, "claim %s: box %s of service line "
	    "%d: '%.40s' does not fit the box's %d columns",
	    ck_cv(f->cl, CK_C_claim_id), fl->box, f->k + 1, s, fl->width);
}

/* Lays out form n of the claim (0-based). */
static int
render(struct form *f, int n, struct ck_err *err)
{
	f->first = n * NSVC;
	f->nsvc = f->cl->nlines - f->first < NSVC ?
	    f->cl->nlines - f->first : NSVC;
	f->last = f->first + f->nsvc >= f->cl->nlines;
	f->k = f->first;
	memset(f->pg, ' ', sizeof(f->pg));
	for (size_t i = 0; i < NELEM(claim_fields); i++)
		if (place(f, &claim_fields[i], 0, 0, err) != 0)
			return CK_FAIL;
	for (int s = 0; s < f->nsvc; s++) {
		f->k = f->first + s;
		for (size_t i = 0; i < NELEM(svc_fields); i++)
			if (place(f, &svc_fields[i], 1, 2 * s, err) != 0)
				return CK_FAIL;
	}
	return 0;
}

/* Writes the page, each line without its trailing spaces. */
static int
emit(FILE *fp, const struct form *f, int feed)
{
	size_t n;

	if (feed && putc('\f', fp) == EOF)
		return -1;
	for (int i = 0; i < NLINE; i++) {
		for (n = NCOL; n > 0 && f->pg[i][n - 1] == ' '; n--)
			continue;
		if (fwrite(f->pg[i], 1, n, fp) != n || putc('\n', fp) == EOF)
			return -1;
	}
	return 0;
}

static int
nforms_of(const struct ck_claim *cl)
{
	return (cl->nlines + NSVC - 1) / NSVC;
}

int
ck_cms1500_check(const struct ck_claim *cl, struct ck_err *err)
{
	struct form f = { .cl = cl, .date = "2000-01-01" };
	const char *id = ck_cv(cl, CK_C_claim_id);

	if (cl->nlines < 1 || cl->nlines > CK_MAX_LINES)
		return ck_err_set(err, CK_FAIL, "claim %s: %d service lines: "
		    "expected 1 to %d", id, cl->nlines, CK_MAX_LINES);
	for (int k = 0; k < cl->nlines; k++)
		if (cl->line[k][CK_C_charge].i < 0)
			return ck_err_set(err, CK_FAIL, "claim %s: box 24F of "
			    "service line %d: a negative charge", id, k + 1);
	if (cl->v[CK_C_prior_paid].i < 0 || cl->v[CK_C_prior2_paid].i < 0)
		return ck_err_set(err, CK_FAIL, "claim %s: box 29: a "
		    "negative amount paid", id);
	for (int n = 0; n < nforms_of(cl); n++)
		if (render(&f, n, err) != 0)
			return CK_FAIL;
	return 0;
}

int
ck_cms1500_write_dated(FILE *fp, const struct ck_claim *cl, const char *date,
    int *nforms, struct ck_err *err)
{
	struct form f = { .cl = cl, .date = date };
	int written = 0, *count = nforms != NULL ? nforms : &written;

	if (date == NULL || ck_date_check(date) != 0)
		return ck_err_set(err, CK_FAIL, "claim %s: box 31: expected "
		    "the date as YYYY-MM-DD", ck_cv(cl, CK_C_claim_id));
	/* all of the claim's forms, or none */
	if (ck_cms1500_check(cl, err) != 0)
		return CK_FAIL;
	for (int n = 0; n < nforms_of(cl); n++) {
		render(&f, n, err);
		if (emit(fp, &f, *count > 0) != 0 || ferror(fp))
			return ck_err_set(err, CK_FAIL, "claim %s: writing "
			    "form %d: %s", ck_cv(cl, CK_C_claim_id), n + 1,
			    strerror(errno));
		(*count)++;
	}
	return 0;
}

int
ck_cms1500_write(FILE *fp, const struct ck_claim *cl, int *nforms,
    struct ck_err *err)
{
	char today[11];

	return ck_cms1500_write_dated(fp, cl, ck_date_today(today), nforms,
	    err);
}
