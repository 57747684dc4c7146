/*
 * csv.h - the one reader and writer of every table claimkit takes or
 * prints: CSV (RFC 4180, through libcsv, with a guard against formulas)
 * and TSV (tab-separated, with \t \n \r \\ escapes, no quoting).
 *
 * Ownership: ck_reader_open() returns a reader the caller frees with
 * ck_reader_close().  A row returned by ck_reader_next() belongs to the
 * reader and is valid until the next call.  ck_writer is a plain struct
 * the caller owns; it does not own the FILE.
 */
#ifndef CLAIMKIT_CSV_H
#define CLAIMKIT_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "claimkit/err.h"

enum ck_format { CK_FMT_AUTO, CK_FMT_CSV, CK_FMT_TSV };

struct ck_row {
	size_t n;         /* number of fields */
	char **f;         /* NUL-terminated fields */
	size_t *len;      /* their lengths (a field may hold a NUL) */
	long line;        /* physical line where the row starts, 1-based */
};

struct ck_reader;

/*
 * Opens path ("-" or NULL: stdin, named "<stdin>" in errors) and reads
 * its header row.  CK_FMT_AUTO picks TSV when the header has a tab and
 * CSV otherwise.  A UTF-8 byte order mark is skipped; CRLF is accepted.
 * Errors: CK_FAIL (cannot open), CK_DATA (no header, bad header).
 */
int ck_reader_open(struct ck_reader **r, const char *path,
    enum ck_format fmt, struct ck_err *err);

/* Returns 1 with *row set, 0 at end of input, or an error code (CK_DATA
 * for malformed input, naming file, line and field). Rows whose field
 * count differs from the header's are refused. */
int ck_reader_next(struct ck_reader *r, struct ck_row **row,
    struct ck_err *err);

/* The header row (valid until close). */
const struct ck_row *ck_reader_header(const struct ck_reader *r);

/* Index of the header column named name, or -1. */
int ck_reader_col(const struct ck_reader *r, const char *name);

/* The name used in messages: the path, or "<stdin>". */
const char *ck_reader_name(const struct ck_reader *r);

void ck_reader_close(struct ck_reader *r);

struct ck_writer {
	FILE *fp;
	int tsv;
};

/*
 * A spreadsheet opening a CSV runs a cell that starts with = + - @ (or a
 * tab or CR) as a formula: a patient name or a clearinghouse's text
 * could run one on the biller's machine.  So the CSV writer puts a
 * single quote before a field that does, unless it is a plain number
 * (money such as -12.00 stays a number), and before one that already
 * starts with quotes and then such a character.  The CSV reader takes
 * that quote off again, so claimkit reads what it writes.  TSV, the
 * format for programs, is written as it is.
 */
int ck_csv_guarded(const char *s);

/* Turns the guard off for every CSV writer of the process (raw 1). */
void ck_csv_set_raw(int raw);

/* Writes one row; NULL fields are written empty.  Returns 0, or -1 with
 * errno set when the stream failed (checked again by the program at
 * exit). */
int ck_write_row(struct ck_writer *w, const char *const *fields, size_t n);

#endif
