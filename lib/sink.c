#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "claimkit/sink.h"

int
ck_mkdirs(const char *dir, struct ck_err *err)
{
	char p[4096];

	snprintf(p, sizeof(p), "%s/", dir);
	for (char *c = p + 1; *c; c++) {
		if (*c != '/')
			continue;
		*c = '\0';
		if (mkdir(p, 0700) < 0 && errno != EEXIST)
			return ck_err_set(err, CK_FAIL, "cannot create folder "
			    "'%s': %s", p, strerror(errno));
		*c = '/';
	}
	return 0;
}

/* The digest of what is written, once the file is open. */
static int
start(struct ck_sink *s, const char *where, struct ck_err *err)
{
	if (s->fd < 0)
		return ck_err_set(err, CK_FAIL, "cannot create a file in '%s': "
		    "%s", where, strerror(errno));
	if ((s->md = EVP_MD_CTX_new()) == NULL ||
	    !EVP_DigestInit_ex(s->md, EVP_sha256(), NULL)) {
		ck_sink_abort(s);
		return ck_err_set(err, CK_FAIL, "cannot start SHA-256");
	}
	return 0;
}

int
ck_sink_open(struct ck_sink *s, const char *dir, struct ck_err *err)
{
	memset(s, 0, sizeof(*s));
	s->fd = -1;
	if (ck_mkdirs(dir, err))
		return err->code;
	snprintf(s->tmp, sizeof(s->tmp), "%s/" CK_SINK_TMP_PREFIX "XXXXXX",
	    dir);
	s->fd = mkostemp(s->tmp, O_CLOEXEC);
	return start(s, dir, err);
}

int
ck_sink_create(struct ck_sink *s, const char *tmp, struct ck_err *err)
{
	memset(s, 0, sizeof(*s));
	if (snprintf(s->tmp, sizeof(s->tmp), "%s", tmp) >= (int)sizeof(s->tmp))
		return ck_err_set(err, CK_FAIL, "path too long: '%.100s...'", tmp);
	s->fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (s->fd < 0)
		s->tmp[0] = '\0';      /* not ours: never removed */
	return start(s, tmp, err);
}

static void
flush(struct ck_sink *s)
{
	size_t off = 0;
	ssize_t n;

	while (off < s->len && !s->failed) {
		n = write(s->fd, s->buf + off, s->len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			s->failed = errno;
		else
			off += (size_t)n;
	}
	s->len = 0;
}

void
ck_sink_write(struct ck_sink *s, const void *p, size_t n)
{
	EVP_DigestUpdate(s->md, p, n);
	s->bytes += n;
	while (n > 0) {
		size_t k = sizeof(s->buf) - s->len;
		if (k > n)
			k = n;
		memcpy(s->buf + s->len, p, k);
		s->len += k;
		p = (const char *)p + k;
		n -= k;
		if (s->len == sizeof(s->buf))
			flush(s);
	}
}

static void
hex(const unsigned char *d, unsigned n, char *out)
{
	for (unsigned i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static int
sync_dir(const char *path)
{
	char copy[4096];
	int fd, rc;

	snprintf(copy, sizeof(copy), "%s", path);
	if ((fd = open(dirname(copy), O_RDONLY | O_DIRECTORY)) < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* Flushes, fsyncs and closes the file, and takes its digest. */
static int
finish(struct ck_sink *s, const char *path, char *sha256, struct ck_err *err)
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned n = 0;

	flush(s);
	if (!s->failed && fsync(s->fd) < 0)
		s->failed = errno;
	if (close(s->fd) < 0 && !s->failed)
		s->failed = errno;
	s->fd = -1;
	if (s->failed) {
		ck_err_set(err, CK_FAIL, "cannot write '%s': %s", path,
		    strerror(s->failed));
		ck_sink_abort(s);
		return CK_FAIL;
	}
	EVP_DigestFinal_ex(s->md, d, &n);
	hex(d, n, sha256);
	EVP_MD_CTX_free(s->md);
	s->md = NULL;
	return 0;
}

int
ck_sink_commit(struct ck_sink *s, const char *path, char *sha256,
    struct ck_err *err)
{
	if (finish(s, path, sha256, err))
		return CK_FAIL;
	if (rename(s->tmp, path) < 0 || sync_dir(path) < 0) {
		ck_err_set(err, CK_FAIL, "cannot write '%s': %s", path,
		    strerror(errno));
		ck_sink_abort(s);
		return CK_FAIL;
	}
	s->tmp[0] = '\0';
	return 0;
}

int
ck_sink_link(struct ck_sink *s, const char *path, char *sha256,
    struct ck_err *err)
{
	int linked;

	if (finish(s, path, sha256, err))
		return CK_FAIL;
	if ((linked = link(s->tmp, path) == 0) && sync_dir(path) == 0)
		return 0;
	if (!linked && errno == EEXIST)
		ck_err_set(err, CK_FAIL, "cannot write '%s': a file of that "
		    "name exists already, and a batch file is never replaced",
		    path);
	else
		ck_err_set(err, CK_FAIL, "cannot write '%s': %s", path,
		    strerror(errno));
	if (linked)
		unlink(path);
	ck_sink_abort(s);
	return CK_FAIL;
}

void
ck_sink_abort(struct ck_sink *s)
{
	if (s->fd >= 0)
		close(s->fd);
	if (s->tmp[0])
		unlink(s->tmp);
	EVP_MD_CTX_free(s->md);
	s->md = NULL;
	s->fd = -1;
	s->tmp[0] = '\0';
}

int
ck_sha256_file(const char *path, char *out, struct ck_err *err)
{
	unsigned char d[EVP_MAX_MD_SIZE], buf[1 << 16];
	unsigned n = 0;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	FILE *fp = fopen(path, "rb");
	size_t k;

	if (fp == NULL || md == NULL) {
		if (fp)
			fclose(fp);
		EVP_MD_CTX_free(md);
		return ck_err_set(err, CK_FAIL, "cannot open '%s': %s", path,
		    strerror(errno));
	}
	EVP_DigestInit_ex(md, EVP_sha256(), NULL);
	while ((k = fread(buf, 1, sizeof(buf), fp)) > 0)
		EVP_DigestUpdate(md, buf, k);
	EVP_DigestFinal_ex(md, d, &n);
	EVP_MD_CTX_free(md);
	if (ferror(fp)) {
		fclose(fp);
		return ck_err_set(err, CK_FAIL, "cannot read '%s'", path);
	}
	fclose(fp);
	hex(d, n, out);
	return 0;
}
