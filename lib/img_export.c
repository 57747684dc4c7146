/*
 * Handing a batch over: its images under readable names, set-N/NN-NAME,
 * each checked against its SHA-256 as it is copied, with index.csv and
 * an index.html that shows JPEG and PNG inline and embeds PDFs (browsers
 * do not show TIFF: it is linked).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "claimkit/csv.h"
#include "claimkit/sink.h"
#include "img_int.h"
#include "store_img.h"

struct export {
	struct ck_store *st;
	const char *dir;
	FILE *csv, *html;
	long images;
	char last_set[32];
	struct ck_err *err;
};

/* A name safe in a path and a URL: [A-Za-z0-9._-], others '_'. */
static void
safe_name(const char *in, char *out, size_t size)
{
	size_t i;

	for (i = 0; in[i] && i + 1 < size; i++)
		out[i] = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789._-", in[i]) ? in[i] : '_';
	out[i] = '\0';
	if (out[0] == '.')
		out[0] = '_';
}

static void
html_text(FILE *fp, const char *s)
{
	for (; s && *s; s++)
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default: fputc(*s, fp);
		}
}

/* Copies stored image sha to path, checking its digest on the way. */
static int
copy_out(struct export *x, const char *sha, const char *sub,
    const char *path)
{
	static char buf[1 << 16];
	struct ck_sink *s = malloc(sizeof(*s));
	char from[4400], got[65];
	ssize_t n;
	int fd, rc = 0;

	if (s == NULL)
		return ck_err_set(x->err, CK_FAIL, "out of memory");
	if (ck_img_path(x->st, sha, from, sizeof(from), x->err) ||
	    ck_sink_open(s, sub, x->err)) {
		free(s);
		return x->err->code;
	}
	if ((fd = open(from, O_RDONLY | O_CLOEXEC)) < 0)
		rc = ck_err_set(x->err, CK_DATA, "stored image %s is missing",
		    sha);
	while (fd >= 0 && rc == 0 && (n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno != EINTR)
			rc = ck_err_set(x->err, CK_FAIL, "cannot read '%s': %s",
			    from, strerror(errno));
		else if (n > 0)
			ck_sink_write(s, buf, (size_t)n);
	}
	if (fd >= 0)
		close(fd);
	if (rc == 0 && (rc = ck_sink_commit(s, path, got, x->err)) == 0 &&
	    strcmp(got, sha) != 0) {
		unlink(path);
		rc = ck_err_set(x->err, CK_DATA, "stored image %s changed: "
		    "see 'img-batch verify'", sha);
	}
	if (rc && s->tmp[0])
		ck_sink_abort(s);
	free(s);
	return rc;
}

static void
html_image(FILE *fp, const char *file, const char *kind, const char *name)
{
	if (strcmp(kind, "jpeg") == 0 || strcmp(kind, "png") == 0) {
		fprintf(fp, "<figure><img src=\"%s\" alt=\"", file);
		html_text(fp, name);
		fputs("\"><figcaption>", fp);
	} else if (strcmp(kind, "pdf") == 0) {
		fprintf(fp, "<figure><embed src=\"%s\" type=\"application/pdf\""
		    " width=\"100%%\" height=\"600\"><figcaption>", file);
	} else
		fprintf(fp, "<figure><figcaption>(TIFF: open with an image "
		    "viewer) ");
	fprintf(fp, "<a href=\"%s\">", file);
	html_text(fp, name);
	fputs("</a></figcaption></figure>\n", fp);
}

static int
export_row(void *arg, int n, const char *const *names,
    const char *const *v)
{
	static const char *const cols[] = {"set_id", "claim_id", "line",
	    "payment", "seq", "file", "name", "kind", "pages", "bytes",
	    "sha256"};
	struct export *x = arg;
	char sub[4200], file[400], path[4700], safe[256];
	struct ck_writer w = {x->csv, 0};

	(void)n, (void)names;
	if (v == NULL)
		return ck_write_row(&w, cols, 11) ? CK_FAIL : 0;
	safe_name(v[7], safe, sizeof(safe));
	snprintf(file, sizeof(file), "set-%s/%02d-%s", v[1], atoi(v[5]), safe);
	snprintf(sub, sizeof(sub), "%s/set-%s", x->dir, v[1]);
	snprintf(path, sizeof(path), "%s/%s", x->dir, file);
	if (copy_out(x, v[11], sub, path))
		return x->err->code;
	if (strcmp(x->last_set, v[1])) {
		fprintf(x->html, "%s<section><h2>Set %s", x->last_set[0] ?
		    "</section>\n" : "", v[1]);
		if (v[2] || v[4])
			fputs(v[2] ? ": claim " : ": payment ", x->html);
		html_text(x->html, v[2] ? v[2] : v[4]);
		if (v[3])
			fprintf(x->html, " line %s", v[3]);
		fputs("</h2>\n", x->html);
		snprintf(x->last_set, sizeof(x->last_set), "%s", v[1]);
	}
	html_image(x->html, file, v[8], v[7]);
	x->images++;
	return ck_write_row(&w, (const char *const[]){v[1], v[2], v[3], v[4],
	    v[5], file, v[7], v[8], v[9], v[10], v[11]}, 11) ? CK_FAIL : 0;
}

/* dir must be missing or empty; made 0700. */
static int
fresh_dir(const char *dir, struct ck_err *err)
{
	DIR *d;
	struct dirent *e;
	int used = 0;

	if (ck_mkdirs(dir, err))
		return err->code;
	if ((d = opendir(dir)) == NULL)
		return ck_err_set(err, CK_FAIL, "cannot open '%s': %s", dir,
		    strerror(errno));
	while ((e = readdir(d)) != NULL)
		used |= strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	if (used)
		return ck_err_set(err, CK_DATA, "cannot export into '%s': not "
		    "empty", dir);
	return 0;
}

/* Flushes, syncs and closes fp; renames tmp to its final name. */
static int
finish(FILE *fp, const char *tmp, const char *path, struct ck_err *err)
{
	int bad = fflush(fp) != 0 || ferror(fp) || fsync(fileno(fp)) < 0;

	if (fclose(fp) != 0 || bad || rename(tmp, path) < 0)
		return ck_err_set(err, CK_FAIL, "cannot write '%s': %s", path,
		    strerror(errno));
	return 0;
}

int
ck_img_export(struct ck_store *st, int64_t batch, const char *dir,
    long *images, struct ck_err *err)
{
	struct export x = {st, dir, NULL, NULL, 0, "", err};
	char csv[4200], html[4200], tcsv[4200], thtml[4200];
	char type[16], status[16];
	int rc;

	*images = 0;
	if (ck_sti_batch(st, batch, type, status, err))
		return err->code;
	if (!type[0])
		return ck_err_set(err, CK_DATA, "no batch %lld", (long long)batch);
	if (fresh_dir(dir, err))
		return err->code;
	snprintf(csv, sizeof(csv), "%s/index.csv", dir);
	snprintf(html, sizeof(html), "%s/index.html", dir);
	snprintf(tcsv, sizeof(tcsv), "%s/" CK_SINK_TMP_PREFIX "index.csv", dir);
	snprintf(thtml, sizeof(thtml), "%s/" CK_SINK_TMP_PREFIX "index.html",
	    dir);
	if ((x.csv = fopen(tcsv, "wx")) == NULL ||
	    (x.html = fopen(thtml, "wx")) == NULL) {
		rc = ck_err_set(err, CK_FAIL, "cannot write in '%s': %s", dir,
		    strerror(errno));
		if (x.csv)
			fclose(x.csv);
		return rc;
	}
	fprintf(x.html, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
	    "<title>Scan batch %lld</title><style>img,embed{max-width:100%%;"
	    "border:1px solid #999}figure{margin:1em 0}</style></head><body>\n"
	    "<h1>Scan batch %lld (%s)</h1>\n", (long long)batch,
	    (long long)batch, type);
	rc = ck_sti_images(st, batch, export_row, &x, err);
	fprintf(x.html, "%s</body></html>\n", x.last_set[0] ? "</section>\n" :
	    "");
	if (rc) {
		fclose(x.csv);
		fclose(x.html);
		unlink(tcsv);
		unlink(thtml);
		return rc;
	}
	rc = finish(x.csv, tcsv, csv, err);
	if (finish(x.html, thtml, html, err) && rc == 0)
		rc = CK_FAIL;
	*images = x.images;
	return rc;
}
