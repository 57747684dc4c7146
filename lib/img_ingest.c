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
	char *sub;              /* its subfolder, or NULL */
	int n, cap;
	int ready, bad;
};

/* The ready sets of one run, taken in together. */
struct run {
	struct set *sets;
	int n, cap;
};

static void
set_free(struct set *s)
{
	for (int i = 0; i < s->n; i++) {
		free(s->paths[i]);
		free(s->sources[i]);
	}
	free(s->f);
	free(s->sub);
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

/* Reads and stores the files of s; CK_DATA (s->bad) for a bad one. */
static int
store_set(struct ck_store *st, struct set *s, struct ck_err *err)
{
	int rc = 0;

	for (int i = 0; rc == 0 && i < s->n; i++) {
		s->f[i].path = s->paths[i];
		s->f[i].name = strrchr(s->paths[i], '/') + 1;
		s->f[i].source = s->sources[i];
		rc = ck_img_kind(s->paths[i], &s->f[i].info, err);
	}
	s->bad = rc == CK_DATA;
	for (int i = 0; rc == 0 && i < s->n; i++) {
		rc = ck_img_store_file(st, &s->f[i], err);
		kill_point("stored");
	}
	return rc;
}

/* In one transaction: the good sets of r not recorded before. */
static int
record_run(struct ck_store *st, void *arg, struct ck_err *err)
{
	struct ck_img_ingest *out = ((void **)arg)[1];
	const struct ck_img_new *b = ((void **)arg)[2];
	struct run *r = ((void **)arg)[0];
	int64_t set;
	int all;

	for (int k = 0; k < r->n; k++) {
		struct set *s = &r->sets[k];
		if (s->bad)
			continue;
		if (recorded(st, s, &all, err))
			return err->code;
		set = 0;
		if (!all && ck_img_put_tx(st, &out->batch, b, &set, s->f, s->n,
		    err))
			return err->code;
		out->sets += !all;
		out->files += all ? 0 : s->n;
	}
	return 0;
}

/* Removes the good sets' files from the folder, then what the looks
 * saw of them. */
static int
remove_run(struct ck_store *st, struct run *r, struct ck_err *err)
{
	int rc;

	for (int k = 0; k < r->n; k++) {
		struct set *s = &r->sets[k];
		for (int i = 0; !s->bad && i < s->n; i++) {
			if (unlink(s->paths[i]) < 0 && errno != ENOENT)
				return ck_err_set(err, CK_FAIL, "cannot remove "
				    "'%s': %s", s->paths[i], strerror(errno));
			kill_point("removed");
		}
		if (!s->bad && s->sub)
			rmdir(s->sub);  /* only when empty: a late file stays */
	}
	if ((rc = ck_store_begin(st, err)))
		return rc;
	for (int k = 0; k < r->n; k++)
		for (int i = 0; !r->sets[k].bad && i < r->sets[k].n; i++)
			if ((rc = ck_sti_seen_forget(st, r->sets[k].paths[i],
			    err))) {
				ck_store_rollback(st);
				return rc;
			}
	return ck_store_commit(st, err);
}

/* Looks at entry name of dir: a loose file or a subfolder, one set,
 * added to r when ready. */
static int
entry(struct ck_store *st, const char *dir, const char *name, struct run *r,
    struct ck_img_ingest *out, struct ck_err *err)
{
	struct set s = {.ready = 1};
	char path[4096];
	struct stat sb;
	int rc = 0;

	/* hidden names (. and .. too) are not scans */
	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    (int)sizeof(path) || name[0] == '.' || temporary(name) ||
	    lstat(path, &sb) < 0 ||
	    !(S_ISREG(sb.st_mode) || S_ISDIR(sb.st_mode)))
		return 0;
	if (S_ISDIR(sb.st_mode) && (s.sub = strdup(path)) == NULL)
		return ck_err_set(err, CK_FAIL, "out of memory");
	rc = s.sub ? set_folder(st, &s, path, err) :
	    set_file(st, &s, path, &sb, err);
	if (rc == 0 && s.n > 0 && !s.ready)
		out->waiting += s.n;
	if (rc || s.n == 0 || !s.ready) {
		set_free(&s);
		return rc;
	}
	if (r->n == r->cap) {
		void *p = realloc(r->sets, (r->cap ? 2 * r->cap : 16) *
		    sizeof(*r->sets));
		if (p == NULL) {
			set_free(&s);
			return ck_err_set(err, CK_FAIL, "out of memory");
		}
		r->sets = p;
		r->cap = r->cap ? 2 * r->cap : 16;
	}
	r->sets[r->n++] = s;
	return 0;
}

/* One look at dir, in one transaction: the ready sets into r. */
static int
look(struct ck_store *st, const char *dir, struct run *r,
    struct ck_img_ingest *out, struct ck_err *err)
{
	struct dirent **e;
	int n, rc;

	if ((n = scandir(dir, &e, NULL, by_name)) < 0)
		return ck_err_set(err, CK_FAIL, "cannot read folder '%s': %s",
		    dir, strerror(errno));
	if ((rc = ck_store_begin(st, err)) == 0) {
		for (int i = 0; rc == 0 && i < n; i++)
			rc = entry(st, dir, e[i]->d_name, r, out, err);
		if (rc == 0)
			rc = ck_store_commit(st, err);
		else
			ck_store_rollback(st);
	}
	for (int i = 0; i < n; i++)
		free(e[i]);
	free(e);
	return rc;
}

/*
 * The work of a run, in the order that makes a kill safe: store every
 * ready set's files, record them all in one transaction, then remove
 * them from the folder.  A bad scan's set stays for a person; the rest
 * goes in.
 */
static int
take(struct ck_store *st, struct run *r, const struct ck_img_new *b,
    struct ck_img_ingest *out, struct ck_err *err)
{
	void *arg[3] = {r, out, (void *)b};
	struct ck_err bad = {0};
	int rc;

	for (int k = 0; k < r->n; k++) {
		if ((rc = store_set(st, &r->sets[k], err)) == CK_DATA &&
		    r->sets[k].bad) {
			out->bad++;
			bad = *err;
		} else if (rc)
			return rc;
	}
	if ((rc = ck_store_tx(st, record_run, arg, err)))
		return rc;
	kill_point("recorded");
	if ((rc = remove_run(st, r, err)))
		return rc;
	if (out->bad)
		*err = bad;
	return out->bad ? CK_DATA : 0;
}

int
ck_img_ingest(struct ck_store *st, const char *dir,
    const struct ck_img_new *b, struct ck_img_ingest *out,
    struct ck_err *err)
{
	struct run r = {0};
	int fd, rc;

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
	if ((rc = look(st, dir, &r, out, err)) == 0 && r.n > 0)
		rc = take(st, &r, b, out, err);
	for (int k = 0; k < r.n; k++)
		set_free(&r.sets[k]);
	free(r.sets);
	close(fd);
	return rc;
}
