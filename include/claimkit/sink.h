/*
 * sink.h - writing a file the safe way: into a temporary name in the
 * target folder, hashed (SHA-256) as it is written, then fsync'd and
 * renamed (or linked, for a batch file, which is never replaced), so a
 * file is either complete under its final name or absent.
 *
 * Ownership: the caller owns struct ck_sink (ck_sink_open or
 * ck_sink_create fills it); ck_sink_commit or ck_sink_abort releases what
 * it holds.
 */
#ifndef CLAIMKIT_SINK_H
#define CLAIMKIT_SINK_H

#include <stddef.h>
#include <stdint.h>

#include "claimkit/err.h"

struct ck_sink {
	int fd;
	char tmp[4096];         /* the temporary path while writing */
	char buf[1 << 16];
	size_t len;
	uint64_t bytes;
	void *md;               /* OpenSSL digest context */
	int failed;             /* errno of the first failed write, or 0 */
};

/* Prefix of temporary names. */
#define CK_SINK_TMP_PREFIX ".tmp-"

/* Creates a 0600 temporary file in dir. */
int ck_sink_open(struct ck_sink *s, const char *dir, struct ck_err *err);

/* Creates the 0600 temporary file tmp, which must not exist: a caller
 * that names its temporary files can record them, and remove only
 * those. */
int ck_sink_create(struct ck_sink *s, const char *tmp, struct ck_err *err);

/* Appends n bytes (buffered; errors are reported by commit). */
void ck_sink_write(struct ck_sink *s, const void *p, size_t n);

/* Flushes, fsyncs and renames the file to path (same folder), fsyncs the
 * folder, and writes the SHA-256 in hex to sha256 (65 bytes). */
int ck_sink_commit(struct ck_sink *s, const char *path, char *sha256,
    struct ck_err *err);

/* As ck_sink_commit, but links the file to path instead of renaming it:
 * an existing path is never replaced (CK_FAIL).  The temporary name
 * stays, a second name of the same file, until ck_sink_abort. */
int ck_sink_link(struct ck_sink *s, const char *path, char *sha256,
    struct ck_err *err);

/* Removes the temporary name (and closes the file if still open). */
void ck_sink_abort(struct ck_sink *s);

/* SHA-256 of the file at path, in hex (65 bytes). */
int ck_sha256_file(const char *path, char *hex, struct ck_err *err);

/* Creates dir and its missing parents, 0700. */
int ck_mkdirs(const char *dir, struct ck_err *err);

#endif
