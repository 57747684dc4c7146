/*
 * libFuzzer target: the CSV/TSV reader, each input read as CSV, as TSV
 * and as the reader guesses, every field of every row read through.
 * CSV is read twice, with the plain-line path and through libcsv alone:
 * a difference between the two is a crash.
 */
#include <stdint.h>
#include <string.h>

#include "claimkit/csv.h"
#include "fuzz_common.h"

void ck_csv_set_slow(int slow);                 /* lib/csv_int.h */

/* FNV-1a over n bytes of s, on from h. */
static uint64_t
mix(uint64_t h, const void *s, size_t n)
{
	const unsigned char *p = s;

	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211u;
	return h;
}

static uint64_t
mix_row(uint64_t h, const struct ck_row *row)
{
	h = mix(h, &row->line, sizeof(row->line));
	h = mix(h, &row->n, sizeof(row->n));
	for (size_t i = 0; i < row->n; i++) {
		h = mix(h, &row->len[i], sizeof(row->len[i]));
		h = mix(h, row->f[i], row->len[i] + 1);
	}
	return h;
}

/* A digest of all the reader gives: the header, each row (read past one
 * of the wrong width), the status and the error's text. */
static uint64_t
read_all(const char *path, enum ck_format fmt)
{
	struct ck_reader *r;
	struct ck_row *row;
	struct ck_err err;
	uint64_t h = 14695981039346656037u;
	int rc;

	if ((rc = ck_reader_open(&r, path, fmt, &err)) == 0) {
		int col = ck_reader_col(r, "claim_id");
		h = mix(h, &col, sizeof(col));
		h = mix(h, ck_reader_name(r), strlen(ck_reader_name(r)));
		h = mix_row(h, ck_reader_header(r));
		while ((rc = ck_reader_next(r, &row, &err)) == 1 ||
		    (rc == CK_DATA && strstr(err.msg, "as in the header")))
			h = rc == 1 ? mix_row(h, row) :
			    mix(h, err.msg, strlen(err.msg));
		ck_reader_close(r);
	}
	h = mix(h, &rc, sizeof(rc));
	return rc > 1 ? mix(h, err.msg, strlen(err.msg)) : h;
}

static void
both_ways(const char *path, enum ck_format fmt)
{
	uint64_t plain = read_all(path, fmt);

	ck_csv_set_slow(1);
	if (read_all(path, fmt) != plain)
		abort();
	ck_csv_set_slow(0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size);

	both_ways(path, CK_FMT_AUTO);
	both_ways(path, CK_FMT_CSV);
	read_all(path, CK_FMT_TSV);
	return 0;
}
