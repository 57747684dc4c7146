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

struct ck_endpoint {
	char name[64];
	char url[1024];         /* sftp://, ftps://, https:// or file:// */
	char remote_in[512];    /* where batches go (folder) */
	char remote_out[1024];  /* where answers wait (folder, or URL) */
	char pattern[256];      /* remote name pattern */
	char key[1024];         /* SSH private key file */
	char known_hosts[1024]; /* SSH known_hosts (default ~/.ssh/...) */
	char netrc[1024];       /* netrc file (default ~/.netrc) */
	char ca[1024];          /* CA bundle for a private CA */
};

/* Checks an endpoint's URL and files before it is stored. */
int ck_endpoint_check(const struct ck_endpoint *ep, struct ck_err *err);

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

/* Downloads remote_out/name into folder dir as a new 0600 file whose
 * path goes into local; sha256 gets its hex digest, *bytes its size. */
int ck_transport_get(const struct ck_endpoint *ep, const char *name,
    const char *dir, char *local, size_t lsize, char *sha256,
    int64_t *bytes, struct ck_err *err);

/* Removes remote_out/name. */
int ck_transport_delete(const struct ck_endpoint *ep, const char *name,
    struct ck_err *err);

/* Call once before any transfer, and ck_transport_cleanup at the end. */
int ck_transport_init(struct ck_err *err);
void ck_transport_cleanup(void);

#endif
