/*
 * libFuzzer target: the CSV/TSV reader, each input read as CSV, as TSV
 * and as the reader guesses, every field of every row read through.
 */
#include <string.h>

#include "claimkit/csv.h"
#include "fuzz_common.h"

static size_t sink;

static void
read_all(const char *path, enum ck_format fmt)
{
	struct ck_reader *r;
	struct ck_row *row;
	struct ck_err err;

	if (ck_reader_open(&r, path, fmt, &err) != 0)
		return;
	sink += (size_t)ck_reader_col(r, "claim_id") + 1;
	sink += strlen(ck_reader_name(r));
	while (ck_reader_next(r, &row, &err) == 1)
		for (size_t i = 0; i < row->n; i++)
			sink += strlen(row->f[i]) + row->len[i];
	ck_reader_close(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size);

	read_all(path, CK_FMT_AUTO);
	read_all(path, CK_FMT_CSV);
	read_all(path, CK_FMT_TSV);
	return 0;
}
