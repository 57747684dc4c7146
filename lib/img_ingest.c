/*
 * The scanner's hot folder.  Order is what makes a kill safe: a file is
 * stored, then recorded (with the path and time it came from) in one
 * transaction, and only then removed from the folder; a file found again
 * with a path, time and content already recorded was recorded before a
 * kill, and is only removed.  Two ingests of one folder: the second
 * finds the folder locked and does nothing.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "img_int.h"
#include "store_img.h"

/* The tests' kill points: CLAIMKIT_KILL_AT=POINT:N dies (SIGKILL) the
 * Nth time POINT is reached. */
static void
kill_point(const char *point)
{
	static int seen;
	const char *k = getenv("CLAIMKIT_KILL_AT");
	size_t n = strlen(point);

	if (k && strncmp(k, point, n) == 0 && k[n] == ':' &&
	    ++seen == atoi(k + n + 1))
		raise(SIGKILL);
}

/* Names a scanner or a copy uses while writing: their set waits. */
static int
temporary(const char *name)
{
	static const char *const ends[] = {".tmp", ".part", ".partial",
	    ".crdownload", ".swp", "~", NULL};
	size_t n = strlen(name);

	if (strncmp(name, ".tmp", 4) == 0 || strncmp(name, ".~", 2) == 0)
		return 1;
	for (const char *const *e = ends; *e; e++)
		if (n >= strlen(*e) && strcmp(name + n - strlen(*e), *e) == 0)
			return 1;
	return 0;
}

/* One set on its way in: its files (paths owned here). */
struct set {
	struct ck_img_file *f;
	char **paths, **sources;
	int n, cap;
	int ready;
};

static void
set_free(struct set *s)
{
	for (int i = 0; i < s->n; i++) {
		free(s->paths[i]);
		free(s->sources[i]);
	}
	free(s->f);
	free(s->paths);
	free(s->sources);
	memset(s, 0, sizeof(*s));
}

/* Adds path to s when it is a settled regular file: seen at this size
 * and time by the last look.  Otherwise notes this look and marks s not
 * ready. */
static int
set_file(struct ck_store *st, struct set *s, const char *path,
    const struct stat *sb, struct ck_err *err)
{
	char mtime[48], was[48];
	int64_t size;

	snprintf(mtime, sizeof(mtime), "%lld.%09ld",
	    (long long)sb->st_mtim.tv_sec, sb->st_mtim.tv_nsec);
	if (ck_sti_seen(st, path, &size, was, sizeof(was), err))
		return err->code;
	if (size != (int64_t)sb->st_size || strcmp(was, mtime)) {
		s->ready = 0;
		return ck_sti_seen_put(st, path, sb->st_size, mtime, err);
	}
	if (s->n == s->cap) {
		int cap = s->cap ? 2 * s->cap : 8;
		void *f = realloc(s->f, cap * sizeof(*s->f)),
		    *p = realloc(s->paths, cap * sizeof(char *)),
		    *o = realloc(s->sources, cap * sizeof(char *));
		if (f)
			s->f = f;
		if (p)
			s->paths = p;
		if (o)
			s->sources = o;
		if (!f || !p || !o)
			return ck_err_set(err, CK_FAIL, "out of memory");
		s->cap = cap;
	}
	memset(&s->f[s->n], 0, sizeof(*s->f));
	s->paths[s->n] = strdup(path);
	if (asprintf(&s->sources[s->n], "%s@%s", path, mtime) < 0)
		s->sources[s->n] = NULL;
	if (!s->paths[s->n] || !s->sources[s->n])
		return ck_err_set(err, CK_FAIL, "out of memory");
	s->n++;
	return 0;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* The files of folder dir (a subfolder: its regular files, by name). */
static int
set_folder(struct ck_store *st, struct set *s, const char *dir,
    struct ck_err *err)
{
	struct dirent **e;
	char path[4096];
	struct stat sb;
	int n, rc = 0;

	if ((n = scandir(dir, &e, NULL, by_name)) < 0)
		return ck_err_set(err, CK_FAIL, "cannot read folder '%s': %s",
		    dir, strerror(errno));
	for (int i = 0; i < n; i++) {
		/* a path too long to name waits, as a temporary name does */
		if (snprintf(path, sizeof(path), "%s/%s", dir, e[i]->d_name) >=
		    (int)sizeof(path) || temporary(e[i]->d_name))
			s->ready = 0;
		else if (rc == 0 && e[i]->d_name[0] != '.' &&
		    lstat(path, &sb) == 0 && S_ISREG(sb.st_mode))
			rc = set_file(st, s, path, &sb, err);
		free(e[i]);
	}
	free(e);
	return rc;
}

/* Whether every file of s was recorded already (a kill came between
 * recording and removing). */
static int
recorded(struct ck_store *st, struct set *s, int *all, struct ck_err *err)
{
	int found;

	*all = 1;
	for (int i = 0; *all && i < s->n; i++) {
		if (ck_sti_source_known(st, s->sources[i], s->f[i].sha, &found,
		    err))
			return err->code;
		*all = found;
	}
	return 0;
}

/* Stores and records the ready set s, then removes it from the folder. */
static int
ingest_set(struct ck_store *st, struct set *s, const char *sub,
    const struct ck_img_new *b, struct ck_img_ingest *out,
    struct ck_err *err)
{
	int64_t set = 0;
	int all, rc = 0;

	for (int i = 0; rc == 0 && i < s->n; i++) {
		s->f[i].path = s->paths[i];
		s->f[i].name = strrchr(s->paths[i], '/') + 1;
		s->f[i].source = s->sources[i];
		rc = ck_img_kind(s->paths[i], &s->f[i].info, err);
	}
	for (int i = 0; rc == 0 && i < s->n; i++) {
		rc = ck_img_store_file(st, &s->f[i], err);
		kill_point("stored");
	}
	if (rc || (rc = recorded(st, s, &all, err)))
		return rc;
	if (!all) {
		if ((rc = ck_img_put(st, &out->batch, b, &set, s->f, s->n, err)))
			return rc;
		out->sets++;
		out->files += s->n;
	}
	kill_point("recorded");
	for (int i = 0; i < s->n; i++) {
		if (unlink(s->paths[i]) < 0 && errno != ENOENT)
			return ck_err_set(err, CK_FAIL, "cannot remove '%s': %s",
			    s->paths[i], strerror(errno));
		kill_point("removed");
		if (ck_sti_seen_forget(st, s->paths[i], err))
			return err->code;
	}
	if (sub)
		rmdir(sub);     /* only when empty: a late file stays */
	return 0;
}

/* Looks at entry name of dir: a loose file or a subfolder, one set. */
static int
entry(struct ck_store *st, const char *dir, const char *name,
    const struct ck_img_new *b, struct ck_img_ingest *out,
    struct ck_err *err)
{
	struct set s = {.ready = 1};
	char path[4096];
	struct stat sb;
	int rc = 0, sub;

	/* hidden names (. and .. too) are not scans */
	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    (int)sizeof(path) || name[0] == '.' || temporary(name) ||
	    lstat(path, &sb) < 0 ||
	    !(S_ISREG(sb.st_mode) || S_ISDIR(sb.st_mode)))
		return 0;
	sub = S_ISDIR(sb.st_mode);
	rc = sub ? set_folder(st, &s, path, err) :
	    set_file(st, &s, path, &sb, err);
	if (rc == 0 && s.n > 0 && !s.ready)
		out->waiting += s.n;
	if (rc == 0 && s.n > 0 && s.ready)
		rc = ingest_set(st, &s, sub ? path : NULL, b, out, err);
	set_free(&s);
	return rc;
}

int
ck_img_ingest(struct ck_store *st, const char *dir,
    const struct ck_img_new *b, struct ck_img_ingest *out,
    struct ck_err *err)
{
	struct ck_err bad = {0};
	struct dirent **e;
	int fd, n, rc = 0;

	memset(out, 0, sizeof(*out));
	if (ck_img_check_new(st, b, err))
		return err->code;
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return ck_err_set(err, CK_FAIL, "cannot open folder '%s': %s",
		    dir, strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		out->busy = errno == EWOULDBLOCK;
		close(fd);
		return out->busy ? 0 : ck_err_set(err, CK_FAIL, "cannot lock "
		    "'%s': %s", dir, strerror(errno));
	}
	if ((n = scandir(dir, &e, NULL, by_name)) < 0)
		rc = ck_err_set(err, CK_FAIL, "cannot read folder '%s': %s",
		    dir, strerror(errno));
	for (int i = 0; i < n; i++) {
		if (rc == 0 && (rc = entry(st, dir, e[i]->d_name, b, out,
		    err)) == CK_DATA) {
			/* a bad scan stays for a person; the rest goes in */
			out->bad++;
			bad = *err;
			rc = 0;
		}
		free(e[i]);
	}
	if (n >= 0)
		free(e);
	close(fd);
	if (rc == 0 && out->bad)
		*err = bad, rc = CK_DATA;
	return rc;
}
