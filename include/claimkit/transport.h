/*
 * transport.h - every transfer to and from a clearinghouse, through
 * libcurl: SFTP (keys, known_hosts checked), FTP with explicit TLS
 * ("ftps://" here), HTTPS (multipart POST, certificates verified) and a
 * local drop folder ("file://").  Passwords come from ~/.netrc or the
 * endpoint's netrc file, never from the command line or the database.
 *
 * Errors: CK_TEMP for what a later try may cure (refused connection,
 * timeout, a transfer cut off, HTTP 5xx); CK_FAIL for what needs a
 * person (host key or certificate refused, login denied, HTTP 4xx).
 * The caller owns struct ck_endpoint; nothing here keeps pointers.
 */
#ifndef CLAIMKIT_TRANSPORT_H
#define CLAIMKIT_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

#include "claimkit/err.h"

/* The longest endpoint name. */
#define CK_ENDPOINT_NAME_MAX 63

struct ck_endpoint {
	char name[CK_ENDPOINT_NAME_MAX + 1];
	char url[1024];         /* sftp://, ftps://, https:// or file:// */
	char remote_in[512];    /* where batches go (folder) */
	char remote_out[1024];  /* where answers wait (folder, or URL) */
	char pattern[256];      /* remote name pattern */
	char key[1024];         /* SSH private key file */
	char known_hosts[1024]; /* SSH known_hosts (default ~/.ssh/...) */
	char netrc[1024];       /* netrc file (default ~/.netrc) */
	char ca[1024];          /* CA bundle for a private CA */
	unsigned mode;          /* mode of files sent (0600, or 0640 for a
	                         * drop folder read by another user) */
};

/* Checks an endpoint's URL and files before it is stored. */
int ck_endpoint_check(const struct ck_endpoint *ep, struct ck_err *err);

/* Checks, before each use, that the netrc file in use (ep's, else
 * ~/.netrc when there is one) is a 0600 file of this user's own. */
int ck_netrc_check(const struct ck_endpoint *ep, struct ck_err *err);

/* url as it may be shown: without "user:password@" or a query. */
void ck_url_shown(const char *url, char *buf, size_t size);

/* A remote file name a server may send: not empty, no leading dot, no
 * path separator, no control character.  0 when fine. */
int ck_remote_name_check(const char *name, struct ck_err *err);

/*
 * Sends local file to remote_in/name: under a temporary name, renamed
 * when complete where the protocol allows (SFTP, FTP, the drop folder),
 * so the clearinghouse never picks up half a file.  For HTTPS the
 * server's answer (first 1 KiB) goes into response.
 */
int ck_transport_put(const struct ck_endpoint *ep, const char *local,
    const char *name, char *response, size_t rsize, struct ck_err *err);

/* Is remote_in/name there, and how large (for a send that was cut off
 * after its rename: it then counts as sent)? */
int ck_transport_exists(const struct ck_endpoint *ep, const char *name,
    int *exists, int64_t *size, struct ck_err *err);

/* Calls cb with each file name in remote_out. */
int ck_transport_list(const struct ck_endpoint *ep,
    int (*cb)(void *arg, const char *name), void *arg, struct ck_err *err);

/*
 * Downloads remote_out/name into folder dir as a new 0600 file, under a
 * name no other process holds, whose path goes into local; sha256 gets
 * its hex digest, *bytes its size.  A file of more than max bytes (if
 * max > 0), and in a drop folder anything but a regular file (a link, a
 * FIFO, a device), is refused (CK_FAIL), as is a name that is no plain
 * file name (ck_remote_name_check).  A file gone since it was listed
 * (another fetch took it) is no error: 0, with local "" and *bytes -1.
 */
int ck_transport_get(const struct ck_endpoint *ep, const char *name,
    const char *dir, int64_t max, char *local, size_t lsize, char *sha256,
    int64_t *bytes, struct ck_err *err);

/*
 * Tries the endpoint as a person would: logs in and lists remote_in and
 * remote_out, calling cb(arg, folder, result, note) for each ("ok" with
 * how many files, "failed" with what is wrong, or "skipped").  Returns
 * 0 when both worked, else the worst code (CK_FAIL over CK_TEMP), or
 * what cb returned.
 */
typedef int (*ck_test_cb)(void *arg, const char *folder,
    const char *result, const char *note);
int ck_transport_test(const struct ck_endpoint *ep, ck_test_cb cb,
    void *arg);

/* Removes remote_out/name. */
int ck_transport_delete(const struct ck_endpoint *ep, const char *name,
    struct ck_err *err);

/* Call once before any transfer, and ck_transport_cleanup at the end. */
int ck_transport_init(struct ck_err *err);
void ck_transport_cleanup(void);

#endif
