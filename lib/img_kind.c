/*
 * What a file is, from its content: PDF and TIFF are read by qpdf and
 * libtiff (page trees and directory chains are easy to get wrong by
 * hand); JPEG and PNG have one page, and only their framing is checked
 * (a JPEG ends in EOI, a PNG's chunks run to IEND) to catch a truncated
 * copy.  Nothing here reads pixel data: memory stays flat whatever the
 * size.
 */
#include <errno.h>
#include <fcntl.h>
#include <qpdf/qpdf-c.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <tiffio.h>
#include <unistd.h>

#include "claimkit/img.h"

#define BAD(err, path, what) \
	ck_err_set(err, CK_DATA, "cannot add '%s': %s", path, what)

static int
pdf_pages(const char *path, struct ck_img_info *info, struct ck_err *err)
{
	qpdf_data q = qpdf_init();
	int n = -1;

	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	/* a damaged file is refused, not repaired on the fly */
	qpdf_set_attempt_recovery(q, QPDF_FALSE);
	if ((qpdf_read(q, path, NULL) & QPDF_ERRORS) == 0)
		n = qpdf_get_num_pages(q);
	/* taking each error and warning marks it handled (else qpdf prints
	 * them itself at cleanup) */
	if (qpdf_has_error(q) && qpdf_get_error(q))
		n = -1;
	while (qpdf_more_warnings(q) && qpdf_next_warning(q))
		n = -1;
	qpdf_cleanup(&q);
	if (n < 1)
		return BAD(err, path, "truncated or corrupt PDF");
	info->pages = n;
	return 0;
}

/* Every strip or tile of the current directory lies inside the file. */
static int
tiff_data_inside(TIFF *t, int64_t size)
{
	uint64_t *off = NULL, *len = NULL;
	uint32_t n;
	int tiled = TIFFIsTiled(t);

	n = tiled ? TIFFNumberOfTiles(t) : TIFFNumberOfStrips(t);
	if (!TIFFGetField(t, tiled ? TIFFTAG_TILEOFFSETS : TIFFTAG_STRIPOFFSETS,
	    &off) || !TIFFGetField(t, tiled ? TIFFTAG_TILEBYTECOUNTS :
	    TIFFTAG_STRIPBYTECOUNTS, &len) || off == NULL || len == NULL ||
	    n == 0)
		return 0;
	for (uint32_t i = 0; i < n; i++)
		if (len[i] == 0 || off[i] > (uint64_t)size ||
		    len[i] > (uint64_t)size - off[i])
			return 0;
	return 1;
}

static int
tiff_pages(const char *path, struct ck_img_info *info, struct ck_err *err)
{
	TIFF *t;
	tdir_t n;
	int ok = 1;

	TIFFSetErrorHandler(NULL);
	TIFFSetWarningHandler(NULL);
	if ((t = TIFFOpen(path, "rm")) == NULL)
		return BAD(err, path, "truncated or corrupt TIFF");
	n = TIFFNumberOfDirectories(t);
	for (tdir_t i = 0; ok && i < n; i++)
		ok = TIFFSetDirectory(t, i) && tiff_data_inside(t, info->bytes);
	TIFFClose(t);
	if (!ok || n < 1)
		return BAD(err, path, "truncated or corrupt TIFF");
	info->pages = n;
	return 0;
}

static int
jpeg_check(int fd, const char *path, struct ck_img_info *info,
    struct ck_err *err)
{
	unsigned char end[2];

	if (info->bytes < 4 || pread(fd, end, 2, info->bytes - 2) != 2 ||
	    end[0] != 0xff || end[1] != 0xd9)
		return BAD(err, path, "truncated or corrupt JPEG (no end "
		    "marker)");
	info->pages = 1;
	return 0;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static int
png_check(int fd, const char *path, struct ck_img_info *info,
    struct ck_err *err)
{
	unsigned char h[8];
	int64_t off = 8;
	int first = 1;

	while (off + 12 <= info->bytes && pread(fd, h, 8, off) == 8) {
		if (first && memcmp(h + 4, "IHDR", 4) != 0)
			break;
		first = 0;
		off += 12 + (int64_t)be32(h);
		if (memcmp(h + 4, "IEND", 4) == 0 && off <= info->bytes) {
			info->pages = 1;
			return 0;
		}
	}
	return BAD(err, path, "truncated or corrupt PNG");
}

int
ck_img_kind(const char *path, struct ck_img_info *info, struct ck_err *err)
{
	unsigned char m[8] = {0};
	struct stat sb;
	ssize_t got;
	int fd, rc;

	memset(info, 0, sizeof(*info));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &sb) < 0) {
		rc = ck_err_set(err, errno == ENOENT ? CK_DATA : CK_FAIL,
		    "cannot open '%s': %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return rc;
	}
	info->bytes = sb.st_size;
	got = S_ISREG(sb.st_mode) ? pread(fd, m, sizeof(m), 0) : -1;
	if (!S_ISREG(sb.st_mode))
		rc = BAD(err, path, "not a regular file");
	else if (got == 0)
		rc = BAD(err, path, "empty file");
	else if (got >= 5 && memcmp(m, "%PDF-", 5) == 0 &&
	    snprintf(info->kind, sizeof(info->kind), "pdf"))
		rc = pdf_pages(path, info, err);
	else if (got >= 4 && (memcmp(m, "II*\0", 4) == 0 ||
	    memcmp(m, "MM\0*", 4) == 0) &&
	    snprintf(info->kind, sizeof(info->kind), "tiff"))
		rc = tiff_pages(path, info, err);
	else if (got >= 3 && memcmp(m, "\xff\xd8\xff", 3) == 0 &&
	    snprintf(info->kind, sizeof(info->kind), "jpeg"))
		rc = jpeg_check(fd, path, info, err);
	else if (got == 8 && memcmp(m, "\x89PNG\r\n\x1a\n", 8) == 0 &&
	    snprintf(info->kind, sizeof(info->kind), "png"))
		rc = png_check(fd, path, info, err);
	else
		rc = BAD(err, path, "not a PDF, TIFF, JPEG or PNG image (by "
		    "its content)");
	close(fd);
	return rc;
}
