/*
 * What a run writes before it commits lives under temporary names that
 * the database recorded first: a prefix of names in one folder, known by
 * its device and inode rather than its spelling.  The next run removes
 * those names and the batch files they were linked to that no batch row
 * took, and nothing else: not another database's files, not a file a
 * person put in the folder.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "claimkit/sink.h"
#include "batch_int.h"

int
ck_batch_lock(struct ck_store *st, int *fd, struct ck_err *err)
{
	char path[4096];
	int rc;

	*fd = -1;
	if ((rc = ck_store_files(st, NULL, path, sizeof(path) - 16, err)))
		return rc;
	strcat(path, "/run.lock");
	if ((*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0)
		return ck_err_set(err, CK_FAIL, "cannot open '%s': %s", path,
		    strerror(errno));
	/* as long as the database's own busy timeout, then worth a retry */
	for (int tries = 0; flock(*fd, LOCK_EX | LOCK_NB) < 0; tries++) {
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK)
			rc = ck_err_set(err, CK_FAIL, "cannot lock '%s': %s",
			    path, strerror(errno));
		else if (tries == 300)
			rc = ck_err_set(err, CK_TEMP, "another run of this "
			    "database is still running ('%s' stayed locked for "
			    "30 seconds)", path);
		else {
			usleep(100000);
			continue;
		}
		close(*fd);
		*fd = -1;
		return rc;
	}
	return 0;
}

void
ck_batch_unlock(int fd)
{
	if (fd >= 0)
		close(fd);      /* releases the lock */
}

/* A batch row owns final (the same file, however its path is spelled)
 * when the commit went through before the kill. */
static int
owned(struct ck_store *st, const char *final, const struct stat *fs)
{
	struct ck_err err = {0};
	struct ck_batch b;
	struct stat bs;
	long long id = strtoll(final, NULL, 10);

	return id > 0 && ck_store_batch_get(st, id, &b, &err) == 0 &&
	    stat(b.file, &bs) == 0 && bs.st_dev == fs->st_dev &&
	    bs.st_ino == fs->st_ino;
}

/* One leftover temporary name in the folder dfd: the batch file linked
 * to it goes too unless a batch row took it. */
static void
clean_one(struct ck_store *st, int dfd, const char *name, const char *final)
{
	struct stat ts, fs;

	if (fstatat(dfd, name, &ts, AT_SYMLINK_NOFOLLOW) < 0 ||
	    !S_ISREG(ts.st_mode))
		return;
	if (fstatat(dfd, final, &fs, AT_SYMLINK_NOFOLLOW) == 0 &&
	    fs.st_dev == ts.st_dev && fs.st_ino == ts.st_ino &&
	    !owned(st, final, &fs))
		unlinkat(dfd, final, 0);
	unlinkat(dfd, name, 0);
}

struct clean {
	struct ck_store *st;
};

static int
clean_record(void *arg, int n, const char *const *names,
    const char *const *vals)
{
	struct clean *c = arg;
	size_t plen;
	struct dirent *e;
	struct stat sb;
	DIR *d;
	int dfd;

	(void)n;
	(void)names;
	if (vals == NULL || !vals[0] || !vals[1] || !vals[2] || !vals[3])
		return 0;
	plen = strlen(vals[3]);
	if ((dfd = open(vals[0], O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return 0;       /* the folder is gone: so are its names */
	/* the folder recorded, not another that has its name now */
	if (fstat(dfd, &sb) < 0 || (long long)sb.st_dev != atoll(vals[1]) ||
	    (long long)sb.st_ino != atoll(vals[2]) ||
	    (d = fdopendir(dfd)) == NULL) {
		close(dfd);
		return 0;
	}
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, vals[3], plen) == 0)
			clean_one(c->st, dfd, e->d_name, e->d_name + plen);
	closedir(d);
	return 0;
}

static int
record(struct ck_store *st, const char *dir, char *prefix, size_t size,
    int64_t *id, struct ck_err *err)
{
	unsigned char rnd[8];
	struct stat sb;
	int n;

	if (stat(dir, &sb) < 0)
		return ck_err_set(err, CK_FAIL, "cannot open '%s': %s", dir,
		    strerror(errno));
	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
		return ck_err_set(err, CK_FAIL, "no random numbers: %s",
		    strerror(errno));
	n = snprintf(prefix, size, CK_SINK_TMP_PREFIX);
	for (int i = 0; i < 8; i++)
		n += snprintf(prefix + n, size - (size_t)n, "%02x", rnd[i]);
	snprintf(prefix + n, size - (size_t)n, "-");
	return ck_store_temps_add(st, dir, (long long)sb.st_dev,
	    (long long)sb.st_ino, prefix, id, err);
}

int
ck_batch_temps_begin(struct ck_store *st, const char *dir, char *prefix,
    size_t size, int64_t *id, struct ck_err *err)
{
	struct clean c = {st};
	int rc;

	if ((rc = ck_mkdirs(dir, err)) || (rc = ck_store_begin(st, err)))
		return rc;
	if ((rc = ck_store_temps(st, clean_record, &c, err)) == 0 &&
	    (rc = ck_store_temps_forget(st, 0, err)) == 0 &&
	    (rc = record(st, dir, prefix, size, id, err)) == 0)
		return ck_store_commit(st, err);
	ck_store_rollback(st);
	return rc;
}

void
ck_batch_temps_end(struct ck_store *st, int64_t id)
{
	struct ck_err err = {0};

	if (ck_store_begin(st, &err) == 0) {
		if (ck_store_temps_forget(st, id, &err) == 0)
			ck_store_commit(st, &err);
		else
			ck_store_rollback(st);
	}
}
