#include <stdlib.h>
#include <unistd.h>

#include "claimkit/csv.h"
#include "t.h"

void ck_csv_set_slow(int slow);                 /* lib/csv_int.h */
unsigned long ck_csv_plain_lines(void);         /* lib/csv_int.h */

static char path[64];

static void
put(const char *data, size_t n)
{
	FILE *fp = fopen(path, "wb");

	fwrite(data, 1, n, fp);
	fclose(fp);
}

/* Opens data and reads every row; returns the status of the last call
 * and the error in err. */
static int
read_all(const char *data, enum ck_format fmt, struct ck_err *err,
    long *rows, char last[3][64])
{
	struct ck_reader *r;
	struct ck_row *row;
	int rc;

	put(data, strlen(data));
	*rows = 0;
	if ((rc = ck_reader_open(&r, path, fmt, err)) != 0)
		return rc;
	while ((rc = ck_reader_next(r, &row, err)) == 1) {
		(*rows)++;
		for (size_t i = 0; i < 3 && i < row->n; i++)
			snprintf(last[i], 64, "%s", row->f[i]);
		snprintf(last[2], 64, "%ld", row->line);
	}
	ck_reader_close(r);
	return rc;
}

static void
csv_cases(void)
{
	struct ck_err err;
	char last[3][64];
	long rows;

	CHECK(read_all("a,b,line\n1,2,x\n", CK_FMT_AUTO, &err, &rows,
	    last) == 0 && rows == 1);
	CHECK_STR(last[0], "1");
	/* BOM, CRLF, a quoted comma and a quoted newline */
	CHECK(read_all("\xEF\xBB\xBF" "a,b,c\r\n\"Smith, Jr\",\"x\r\ny\",z\r\n"
	    "q,\"say \"\"hi\"\"\",w\r\n", CK_FMT_AUTO, &err, &rows, last) == 0);
	CHECK(rows == 2);
	CHECK_STR(last[1], "say \"hi\"");
	CHECK_STR(last[2], "4");      /* the row after a 2-line row */
	/* blank lines between rows are skipped, line numbers stay true */
	CHECK(read_all("a,b,c\n\n1,2,3\n\n\n4,5,6\n", CK_FMT_AUTO, &err,
	    &rows, last) == 0 && rows == 2);
	CHECK_STR(last[2], "6");
	/* a quote inside an unquoted field */
	CHECK(read_all("a,b,c\n1,2,3\n1,x\"y,3\n", CK_FMT_AUTO, &err, &rows,
	    last) == CK_DATA);
	CHECK(strstr(err.msg, ":3:2: bad quoting at character 4") != NULL);
	/* text after a closing quote */
	CHECK(read_all("a,b,c\n\"1\"x,2,3\n", CK_FMT_AUTO, &err, &rows,
	    last) == CK_DATA);
	CHECK(strstr(err.msg, ":2:1: bad quoting") != NULL);
	/* truncated: a quote never closed */
	CHECK(read_all("a,b,c\n1,2,3\n4,\"5,6\n7,8\n", CK_FMT_AUTO, &err,
	    &rows, last) == CK_DATA);
	CHECK(strstr(err.msg, ":3:2: unterminated quoted field") != NULL);
	/* field counts */
	CHECK(read_all("a,b,c\n1,2\n", CK_FMT_AUTO, &err, &rows, last) ==
	    CK_DATA);
	CHECK(strstr(err.msg, ":2:3: expected 3 fields as in the header, "
	    "found 2") != NULL);
	CHECK(read_all("a,b,c\n1,2,3,4\n", CK_FMT_AUTO, &err, &rows, last) ==
	    CK_DATA);
	CHECK(read_all("", CK_FMT_AUTO, &err, &rows, last) == CK_DATA);
	CHECK(strstr(err.msg, "expected a header row") != NULL);
	CHECK(read_all("a,,c\n", CK_FMT_AUTO, &err, &rows, last) == CK_DATA);
	CHECK(strstr(err.msg, ":1:2: expected a column name") != NULL);
	CHECK(read_all("a,b,a\n", CK_FMT_AUTO, &err, &rows, last) == CK_DATA);
	CHECK(strstr(err.msg, ":1:3: column 'a' appears twice") != NULL);
	/* a carriage return alone does not end a row silently */
	CHECK(read_all("a,b,c\n1,2,3\r4,5,6\n", CK_FMT_AUTO, &err, &rows,
	    last) == CK_DATA);
	CHECK(strstr(err.msg, ":2:1: expected lines to end with LF or CRLF")
	    != NULL);
	CHECK(read_all("a,b,c\n1,\"2\r\",3\n", CK_FMT_AUTO, &err, &rows,
	    last) == 0 && rows == 1);             /* quoted, it is data */
	/* a bare CR and more text on the last line, which has no LF: the
	 * text after it was lost */
	CHECK(read_all("a,b,c\n1,2,3\r4", CK_FMT_AUTO, &err, &rows, last) ==
	    CK_DATA);
	CHECK(strstr(err.msg, ":2:1: expected lines to end with LF or CRLF")
	    != NULL);
	/* a bare CR, then a quoted field over lines: it was read as a row
	 * of its own, its line number wrong */
	CHECK(read_all("a,b,c\n1,2,3\r\"x\n\ny\",5,6\n7,8,9\n", CK_FMT_AUTO,
	    &err, &rows, last) == CK_DATA);
	CHECK(strstr(err.msg, ":2:1: expected lines to end with LF or CRLF")
	    != NULL);
	/* a bare CR at the start of a line (LF CR line ends) */
	CHECK(read_all("a,b,c\n1,2,3\n\r4,5,6\n", CK_FMT_AUTO, &err, &rows,
	    last) == CK_DATA);
	CHECK(strstr(err.msg, ":3:1: expected lines to end with LF or CRLF")
	    != NULL);
	/* a CR inside quotes mid-line, the row ended by CRLF: data */
	CHECK(read_all("a,b,c\r\n\"1\r2\",3,4\r\n", CK_FMT_AUTO, &err, &rows,
	    last) == 0 && rows == 1);
	CHECK_STR(last[0], "1\r2");
	/* no newline at the end of the last row */
	CHECK(read_all("a,b,c\n1,2,3", CK_FMT_AUTO, &err, &rows, last) == 0 &&
	    rows == 1);
	CHECK_STR(last[0], "1");
}

static void
tsv_cases(void)
{
	struct ck_err err;
	char last[3][64];
	long rows;

	CHECK(read_all("a\tb\tc\r\nx\\ty\t\"q\"\t\\\\n\n", CK_FMT_AUTO, &err,
	    &rows, last) == 0 && rows == 1);
	CHECK_STR(last[0], "x\ty");
	CHECK_STR(last[1], "\"q\"");  /* quotes are plain text in TSV */
	CHECK(read_all("a\tb\n1\n", CK_FMT_AUTO, &err, &rows, last) ==
	    CK_DATA);
	CHECK(strstr(err.msg, ":2:2: expected 2 fields") != NULL);
	/* --tsv forces TSV on a header without tabs */
	CHECK(read_all("a,b\nx,y\n", CK_FMT_TSV, &err, &rows, last) == 0);
	CHECK_STR(last[0], "x,y");
}

static void
big_field(void)
{
	size_t n = 10u << 20;
	char *data = malloc(n + 64);
	struct ck_reader *r;
	struct ck_row *row;
	struct ck_err err;

	memcpy(data, "a,b\n\"", 5);
	memset(data + 5, 'x', n);
	memcpy(data + 5 + n, "\",2\n", 4);
	put(data, n + 9);
	free(data);
	CHECK(ck_reader_open(&r, path, CK_FMT_AUTO, &err) == 0);
	CHECK(ck_reader_next(r, &row, &err) == 1);
	CHECK(row->len[0] == n && row->f[1][0] == '2');
	CHECK(ck_reader_next(r, &row, &err) == 0);
	ck_reader_close(r);
}

static void
writer(void)
{
	const char *f[] = {"plain", "a,b", "say \"hi\"", "two\nlines", NULL,
	    " pad", "tab\there", "back\\slash"};
	char buf[512] = {0};
	FILE *fp = fmemopen(buf, sizeof(buf), "w");
	struct ck_writer w = {fp, 0};

	CHECK(ck_write_row(&w, f, 8) == 0);
	w.tsv = 1;
	CHECK(ck_write_row(&w, f, 8) == 0);
	fclose(fp);
	CHECK_STR(buf, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,"
	    "\" pad\",tab\there,back\\slash\n"
	    "plain\ta,b\tsay \"hi\"\ttwo\\nlines\t\t pad\ttab\\there\t"
	    "back\\\\slash\n");
}

/* What the writer writes, the reader reads back the same. */
static void
round_trip(void)
{
	const char *f[] = {"x", "a,b", "\"q\"", "l1\r\nl2", "", "t\tt", "\\n"};
	struct ck_reader *r;
	struct ck_row *row;
	struct ck_err err;

	for (int tsv = 0; tsv < 2; tsv++) {
		FILE *fp = fopen(path, "w");
		struct ck_writer w = {fp, tsv};
		ck_write_row(&w, (const char *[]){"1", "2", "3", "4", "5", "6",
		    "7"}, 7);
		ck_write_row(&w, f, 7);
		fclose(fp);
		CHECK(ck_reader_open(&r, path, tsv ? CK_FMT_TSV : CK_FMT_CSV,
		    &err) == 0);
		CHECK(ck_reader_next(r, &row, &err) == 1);
		for (int i = 0; i < 7; i++)
			CHECK_STR(row->f[i], f[i]);
		ck_reader_close(r);
	}
}

/* A CSV cell a spreadsheet would run as a formula gets a quote first;
 * numbers, TSV and raw output do not; the reader takes the quote off. */
static void
formula_guard(void)
{
	const char *f[] = {"=HYPERLINK(\"http://x\",\"y\")", "+SUM(1,2)",
	    "-12.00", "-ABC", "@cmd", "\tx", "'=x", "''+y", "'plain", "O'Neil",
	    "+1", "-", "3-4", "x=1"};
	const size_t n = sizeof(f) / sizeof(f[0]);
	char buf[512];
	struct ck_reader *r;
	struct ck_row *row;
	struct ck_err err;
	FILE *fp;

	fp = fmemopen(buf, sizeof(buf), "w");
	struct ck_writer w = {fp, 0};
	CHECK(ck_write_row(&w, f, n) == 0);
	w.tsv = 1;
	CHECK(ck_write_row(&w, (const char *[]){"=1+1", "-A"}, 2) == 0);
	ck_csv_set_raw(1);
	w.tsv = 0;
	CHECK(ck_write_row(&w, (const char *[]){"=1+1", "-A"}, 2) == 0);
	ck_csv_set_raw(0);
	fclose(fp);
	CHECK_STR(buf, "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","
	    "\"'+SUM(1,2)\",-12.00,'-ABC,'@cmd,'\tx,''=x,'''+y,'plain,O'Neil,"
	    "+1,'-,3-4,x=1\n"
	    "=1+1\t-A\n"
	    "=1+1,-A\n");

	for (int raw = 0; raw < 2; raw++) {
		ck_csv_set_raw(raw);
		fp = fopen(path, "w");
		w.fp = fp;
		w.tsv = 0;
		ck_write_row(&w, (const char *[]){"a"}, 1);
		ck_write_row(&w, f, 1);
		fclose(fp);
		CHECK(ck_reader_open(&r, path, CK_FMT_CSV, &err) == 0);
		if (ck_reader_next(r, &row, &err) != 1) {
			fprintf(stderr, "%s\n", err.msg);
			CHECK(0);
		} else
			CHECK_STR(row->f[0], f[0]);
		ck_reader_close(r);
	}
	ck_csv_set_raw(0);
	/* each value, alone in a column, comes back as it was */
	for (size_t i = 0; i < n; i++) {
		fp = fopen(path, "w");
		w.fp = fp;
		ck_write_row(&w, (const char *[]){"a", "b"}, 2);
		ck_write_row(&w, (const char *[]){f[i], "z"}, 2);
		fclose(fp);
		CHECK(ck_reader_open(&r, path, CK_FMT_CSV, &err) == 0);
		if (ck_reader_next(r, &row, &err) != 1) {
			fprintf(stderr, "%s: %s\n", f[i], err.msg);
			CHECK(0);
		} else
			CHECK_STR(row->f[0], f[i]);
		ck_reader_close(r);
	}
}

/* Writes row as its line, then each field's length and bytes. */
static void
put_row(FILE *out, const struct ck_row *row)
{
	fprintf(out, "line %ld, %zu fields:", row->line, row->n);
	for (size_t i = 0; i < row->n; i++) {
		fprintf(out, " %zu[", row->len[i]);
		fwrite(row->f[i], 1, row->len[i], out);
		fputc(']', out);
	}
	fputc('\n', out);
}

/* Everything the reader gives for data read as fmt: the header, each row,
 * the status and the error's text.  A row of the wrong width is read
 * past, so that a random file shows more than its first row. */
static char *
transcript(const char *data, size_t n, enum ck_format fmt, int slow)
{
	struct ck_reader *r;
	struct ck_row *row;
	struct ck_err err;
	char *buf = NULL;
	size_t len;
	FILE *out = open_memstream(&buf, &len);
	int rc;

	ck_csv_set_slow(slow);
	put(data, n);
	if ((rc = ck_reader_open(&r, path, fmt, &err)) == 0) {
		put_row(out, ck_reader_header(r));
		while ((rc = ck_reader_next(r, &row, &err)) == 1 ||
		    (rc == CK_DATA && strstr(err.msg, "as in the header")))
			if (rc == 1)
				put_row(out, row);
			else
				fprintf(out, "%s\n", err.msg);
		ck_reader_close(r);
	}
	fprintf(out, "status %d%s%s\n", rc, rc > 1 ? ": " : "",
	    rc > 1 ? err.msg : "");
	fclose(out);
	ck_csv_set_slow(0);
	return buf;
}

/* Reads data both ways, the plain-line path allowed and not: the two
 * must give the same. Returns how many lines went the plain way. */
static unsigned long
same_both_ways(const char *data, size_t n, enum ck_format fmt)
{
	unsigned long before = ck_csv_plain_lines();
	char *fast = transcript(data, n, fmt, 0);
	unsigned long plain = ck_csv_plain_lines() - before;
	char *slow = transcript(data, n, fmt, 1);

	CHECK(ck_csv_plain_lines() - before == plain);
	if (strcmp(fast, slow) != 0) {
		fprintf(stderr, "the two paths differ on '%.*s'\n"
		    "plain:\n%.2000s\nlibcsv:\n%.2000s\n", (int)(n < 200 ?
		    n : 200), data, fast, slow);
		CHECK(0);
	}
	free(fast);
	free(slow);
	return plain;
}

static unsigned long
same(const char *data)
{
	return same_both_ways(data, strlen(data), CK_FMT_CSV);
}

/* Lines libcsv reads in ways a split on commas could get wrong. */
static void
plain_edges(void)
{
	static const char nul[] = "a,b\n1,x\0y\n\0,\0\n";
	char *big;
	size_t n = 1u << 20;

	CHECK(same("a,b,c\n1,2,3\n") == 2);
	CHECK(same("a,b,c\n,,\n,x,\n , x ,y \n\t,\t\t, \t\n") == 5);
	CHECK(same("a,b\n,\n,,\n,\n") == 4);  /* ",," is too wide */
	CHECK(same("a\nx\n\n \n'=1+2\n") == 4);
	CHECK(same("a,b\n'=1+2,'-x\n'',''=y\n'plain,O'Neil\n'+1,'-\n"
	    "''+y,'\t\n") == 6);
	CHECK(same_both_ways(nul, sizeof(nul) - 1, CK_FMT_CSV) == 3);
	CHECK(same("a,b\r\n1,2\r\n\r\n3,\r\n,4\r\r\n") == 4);
	CHECK(same("a,b\n1,2") == 2);           /* no newline at the end */
	CHECK(same("a,b\n1,2\r") == 2);
	CHECK(same("\xEF\xBB\xBF" "a,b\n'=x,y\n") == 2);
	CHECK(same("a,b\n\n\n1,2\n\n") == 2);
	/* a quote anywhere, or a CR inside: libcsv reads the line */
	CHECK(same("a,b\n1,\"2\"\n3,4\n") == 2);
	CHECK(same("a,b\n1,x\"y\n3,4\n") == 1);
	CHECK(same("a,b\n1,2\r3,4\n5,6\n") == 1);
	CHECK(same("a,b\n\"1\r\",2\n3,4\n5,6\n") == 2);
	/* a quoted field over lines, then plain lines */
	CHECK(same("a,b\n1,\"x\n3,4\n\",5\n6,7\n8,9\n") == 3);
	CHECK(same("a,b\n1,\"x\n\n'=y,z\n\"\n6,7") == 2);
	/* a bare CR then a quote: refused on its line both ways (libcsv
	 * ended the row there and kept the field open over the lines after) */
	CHECK(same("a,b\n1,2\r\"x\n3,4\n\"\n5,6\n") == 1);
	CHECK(same("a,b\n1,2\r\"x\n3,4\n") == 1);
	CHECK(same("a,b\n1,2\r\"x\n3,4") == 1);
	/* header errors, and TSV and guessing untouched */
	CHECK(same("a,,b\n") == 1);
	CHECK(same("a,b,a\n") == 1);
	CHECK(same("") == 0);
	CHECK(same_both_ways("a\tb\n'=x\t\\t\n", 11, CK_FMT_AUTO) == 0);
	CHECK(same_both_ways("a,b\n'=x,y\n", 10, CK_FMT_AUTO) == 2);
	/* a field of a megabyte */
	big = malloc(n + 16);
	memcpy(big, "a,b\n'=", 6);
	memset(big + 6, 'x', n);
	memcpy(big + 6 + n, ",\n", 2);
	CHECK(same_both_ways(big, n + 8, CK_FMT_CSV) == 2);
	free(big);
}

/* Files of random lines from the characters that matter to CSV. */
static void
plain_random(void)
{
	static const char abc[] = "aaaa  ,,,,\"''==\r\n\t";
	unsigned seed = 12;
	unsigned long plain = 0;
	char data[160];

	for (int i = 0; i < 4000; i++) {
		size_t n = 0, lines = 1 + rand_r(&seed) % 8;
		for (size_t l = 0; l < lines; l++) {
			size_t w = rand_r(&seed) % 12;
			for (size_t j = 0; j < w; j++)
				data[n++] = abc[rand_r(&seed) %
				    (sizeof(abc) - 1)];
			if (l + 1 < lines || rand_r(&seed) % 2)
				data[n++] = '\n';
		}
		plain += same_both_ways(data, n, CK_FMT_CSV);
	}
	CHECK(plain > 1000);
}

int
main(void)
{
	int fd;

	snprintf(path, sizeof(path), "/tmp/ck-csv-XXXXXX");
	if ((fd = mkstemp(path)) < 0)
		return 1;
	close(fd);
	csv_cases();
	tsv_cases();
	big_field();
	writer();
	round_trip();
	formula_guard();
	plain_edges();
	plain_random();
	unlink(path);
	return t_done();
}
