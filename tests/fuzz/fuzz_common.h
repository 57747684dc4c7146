/*
 * What the fuzz targets share: the readers take a path, so each input is
 * written to one temporary file, made at the first run and rewritten at
 * each, before it is read.
 */
#ifndef CK_FUZZ_COMMON_H
#define CK_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char fuzz_path[64] = "/tmp/ck-fuzz-XXXXXX";
static int fuzz_fd = -1;

static void
fuzz_cleanup(void)
{
	unlink(fuzz_path);
}

/* Writes the input to fuzz_path and returns it. */
static const char *
fuzz_file(const uint8_t *data, size_t size)
{
	if (fuzz_fd < 0) {
		if ((fuzz_fd = mkstemp(fuzz_path)) < 0)
			abort();
		atexit(fuzz_cleanup);
	}
	if (ftruncate(fuzz_fd, 0) != 0 ||
	    pwrite(fuzz_fd, data, size, 0) != (ssize_t)size)
		abort();
	return fuzz_path;
}

#endif
