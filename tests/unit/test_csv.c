#include <stdlib.h>
#include <unistd.h>

#include "claimkit/csv.h"
#include "t.h"

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
	unlink(path);
	return t_done();
}
