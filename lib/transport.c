/*
 * Transfers through libcurl.  Every verification libcurl offers stays
 * on: TLS peers and host names always, SSH host keys against a
 * known_hosts file always (a key not in it, or a different one, is
 * refused: no "accept new keys").
 */
#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "claimkit/sink.h"
#include "claimkit/transport.h"
#include "transport_int.h"

enum proto { P_SFTP, P_FTPS, P_HTTPS, P_FILE, P_BAD };

/*
 * One easy handle for the whole program, reset between transfers: its
 * connection cache survives a reset, so 200 batches to one server share
 * one SSH or TLS session instead of 200 handshakes.
 */
static CURL *shared;

static enum proto
proto_of(const char *url)
{
	if (strncmp(url, "sftp://", 7) == 0)
		return P_SFTP;
	if (strncmp(url, "ftps://", 7) == 0)
		return P_FTPS;
	if (strncmp(url, "https://", 8) == 0)
		return P_HTTPS;
	if (strncmp(url, "file://", 7) == 0)
		return P_FILE;
	return P_BAD;
}

int
ck_transport_init(struct ck_err *err)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return ck_err_set(err, CK_FAIL, "cannot start libcurl");
	return 0;
}

void
ck_transport_cleanup(void)
{
	if (shared)
		curl_easy_cleanup(shared);
	shared = NULL;
	curl_global_cleanup();
}

static int
readable(const char *what, const char *path, struct ck_err *err)
{
	if (path[0] && access(path, R_OK) < 0)
		return ck_err_set(err, CK_FAIL, "%s '%s': %s", what, path,
		    strerror(errno));
	return 0;
}

void
ck_url_shown(const char *url, char *buf, size_t size)
{
	const char *host = strstr(url, "://"), *at, *end;
	size_t n;

	host = host ? host + 3 : url;
	end = host + strcspn(host, "/?#");
	at = memchr(host, '@', (size_t)(end - host));
	n = (size_t)(host - url);
	/* "user:password@" and a query may hold secrets: never shown */
	snprintf(buf, size, "%.*s%s%.*s%s", (int)n, url, at ? "***@" : "",
	    (int)strcspn(at ? at + 1 : host, "?#"), at ? at + 1 : host,
	    strpbrk(url, "?#") ? "?***" : "");
}

/* Credentials in a URL would be stored in the database, the audit table
 * and every listing: refused, and never echoed. */
static int
url_secret(const char *what, const char *url, struct ck_err *err)
{
	const char *host = strstr(url, "://");
	char shown[1100];

	if (host == NULL)
		return 0;       /* a path, not a URL */
	host += 3;
	ck_url_shown(url, shown, sizeof(shown));
	if (memchr(host, '@', strcspn(host, "/?#")))
		return ck_err_set(err, CK_USAGE, "%s '%s': no user or password "
		    "in the URL: put them in ~/.netrc or a netrc file", what,
		    shown);
	if (strpbrk(url, "?#"))
		return ck_err_set(err, CK_USAGE, "%s '%s': no query in the URL "
		    "(a token there would be stored and printed): put the login "
		    "in ~/.netrc or a netrc file", what, shown);
	return 0;
}

int
ck_netrc_check(const struct ck_endpoint *ep, struct ck_err *err)
{
	const char *home = getenv("HOME");
	char path[1100];
	struct stat sb;

	if (ep->netrc[0])
		snprintf(path, sizeof(path), "%s", ep->netrc);
	else if (home && *home)
		snprintf(path, sizeof(path), "%s/.netrc", home);
	else
		return 0;
	if (lstat(path, &sb) < 0)
		return errno == ENOENT && ep->netrc[0] == '\0' ? 0 :
		    ck_err_set(err, CK_FAIL, "netrc file '%s': %s", path,
		    strerror(errno));
	/* as curl's documentation asks, and ftp(1) enforces: a file with a
	 * password is the user's own and no one else's to read */
	if (!S_ISREG(sb.st_mode) || sb.st_uid != geteuid() ||
	    (sb.st_mode & 077))
		return ck_err_set(err, CK_FAIL, "netrc file '%s' is %s: make it "
		    "a 0600 file of your own (chmod 600 '%s')", path,
		    !S_ISREG(sb.st_mode) ? "not a regular file" :
		    sb.st_uid != geteuid() ? "another user's" :
		    "readable by others", path);
	return 0;
}

int
ck_endpoint_check(const struct ck_endpoint *ep, struct ck_err *err)
{
	struct stat sb;
	enum proto p = proto_of(ep->url);
	char shown[1100];

	ck_url_shown(ep->url, shown, sizeof(shown));
	if (p == P_BAD)
		return ck_err_set(err, CK_USAGE, "URL '%s': expected sftp://, "
		    "ftps://, https:// or file://", shown);
	if (p != P_FILE && (url_secret("URL", ep->url, err) ||
	    url_secret("--remote-out", ep->remote_out, err)))
		return CK_USAGE;
	if (p == P_FILE && (stat(ep->url + 7, &sb) < 0 || !S_ISDIR(sb.st_mode)))
		return ck_err_set(err, CK_USAGE, "URL '%s': expected an "
		    "existing folder", ep->url);
	if (ep->mode != 0 && ep->mode != 0600 && ep->mode != 0640)
		return ck_err_set(err, CK_USAGE, "file mode %04o: expected "
		    "0600 or 0640", (unsigned)ep->mode);
	if (ep->netrc[0] && stat(ep->netrc, &sb) == 0 && (sb.st_mode & 077))
		return ck_err_set(err, CK_USAGE, "netrc file '%s' is readable by "
		    "others: make it 0600", ep->netrc);
	for (const char *q = ep->pattern; (q = strchr(q, '{')) != NULL; q++) {
		static const char *const known[] = {"{batch}", "{date}",
		    "{seq}", "{submitter}"};
		size_t i = 0;
		while (i < 4 && strncmp(q, known[i], strlen(known[i])) != 0)
			i++;
		if (i == 4)
			return ck_err_set(err, CK_USAGE, "name pattern '%s': "
			    "expected {batch}, {date}, {seq} or {submitter} "
			    "at '%.12s'", ep->pattern, q);
	}
	if (strchr(ep->pattern, '/'))
		return ck_err_set(err, CK_USAGE, "name pattern '%s': expected "
		    "a file name, without '/'", ep->pattern);
	if (readable("netrc file", ep->netrc, err) ||
	    readable("key file", ep->key, err) ||
	    readable("known_hosts file", ep->known_hosts, err) ||
	    readable("CA file", ep->ca, err))
		return CK_USAGE;
	return 0;
}

/* --- URLs and paths --- */

/* Appends "/part" to buf with part's slashes at the ends trimmed. */
static void
join(char *buf, size_t size, const char *part)
{
	size_t n = strlen(buf), k;

	while (n > 0 && buf[n - 1] == '/')
		buf[--n] = '\0';
	while (*part == '/')
		part++;
	k = strlen(part);
	while (k > 0 && part[k - 1] == '/')
		k--;
	if (k)
		snprintf(buf + n, size - n, "/%.*s", (int)k, part);
}

/* The URL of folder dir (or of name in it, if name) on ep. */
static void
url_of(const struct ck_endpoint *ep, const char *dir, const char *name,
    char *buf, size_t size)
{
	enum proto p = proto_of(ep->url);

	if (p == P_HTTPS && strncmp(dir, "https://", 8) == 0)
		snprintf(buf, size, "%s", dir);
	else if (p == P_FTPS)
		snprintf(buf, size, "ftp://%s", ep->url + 7);
	else
		snprintf(buf, size, "%s", ep->url);
	if (!(p == P_HTTPS && strncmp(dir, "https://", 8) == 0))
		join(buf, size, dir);
	if (name) {
		/* libcurl ignores the handle here since 7.82 */
		char *e = curl_easy_escape(NULL, name, 0);
		join(buf, size, e ? e : name);
		curl_free(e);
	} else if (buf[0] && buf[strlen(buf) - 1] != '/')
		snprintf(buf + strlen(buf), size - strlen(buf), "/");
}

/* The path of dir/name as the SFTP server sees it in a quote command:
 * "~/x" is relative to the login folder, anything else absolute. */
static void
sftp_path(const char *dir, const char *name, char *buf, size_t size)
{
	int home = strncmp(dir, "~/", 2) == 0 || strcmp(dir, "~") == 0;

	buf[0] = '\0';
	join(buf, size, home ? dir + 1 : dir);
	join(buf, size, name);
	if (home)
		memmove(buf, buf + 1, strlen(buf));
}

/* "path" for a quote command: libcurl unescapes \\ and \" inside. */
static void
sftp_quoted(const char *path, char *buf, size_t size)
{
	size_t n = 0;

	if (size < 3)
		return;
	buf[n++] = '"';
	for (; *path && n + 3 < size; path++) {
		if (*path == '"' || *path == '\\')
			buf[n++] = '\\';
		buf[n++] = *path;
	}
	buf[n++] = '"';
	buf[n] = '\0';
}

int
ck_remote_name_check(const char *name, struct ck_err *err)
{
	char shown[200];
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)name; *p &&
	    n + 5 < sizeof(shown); p++)
		n += (size_t)snprintf(shown + n, sizeof(shown) - n,
		    *p < 0x20 || *p == 0x7f ? "\\x%02x" : "%c", *p);
	shown[n] = '\0';
	if (name[0] == '\0' || name[0] == '.' || strchr(name, '/'))
		return ck_err_set(err, CK_FAIL, "refusing remote name '%s': "
		    "expected a file name, not a path or a hidden file", shown);
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return ck_err_set(err, CK_FAIL, "refusing remote name "
			    "'%s': it holds a control character", shown);
	return 0;
}

/* --- the easy handle --- */

static int
host_key(CURL *c, const struct curl_khkey *known, const struct curl_khkey *found,
    enum curl_khmatch match, void *arg)
{
	(void)c, (void)known, (void)found, (void)arg;
	/* Only a key known_hosts holds, unchanged, goes through. */
	return match == CURLKHMATCH_OK ? CURLKHSTAT_FINE : CURLKHSTAT_REJECT;
}

struct buf {
	char *p;
	size_t len, cap;
	struct ck_sink *sink;   /* a download goes here (on_capped) */
	int64_t max;            /* at most this many bytes of it, if > 0 */
	int over;               /* it went past max */
};

static size_t
on_data(char *data, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;
	size_t len = size * n;

	if (b->len + len + 1 > b->cap) {
		size_t cap = (b->len + len + 1) * 2;
		char *q = realloc(b->p, cap);
		if (q == NULL)
			return 0;
		b->p = q;
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, len);
	b->len += len;
	b->p[b->len] = '\0';
	return len;
}

static CURL *
handle(const struct ck_endpoint *ep, const char *url, char *errbuf,
    struct buf *out, struct ck_err *err)
{
	CURL *c;
	char home_kh[1100];
	const char *home = getenv("HOME");
	enum proto p = proto_of(ep->url);
	const char *speed = getenv("CLAIMKIT_MAX_SEND_SPEED");

	/* a netrc made readable since the endpoint was added is refused,
	 * and so is an endpoint stored with a secret in its URL before
	 * such URLs were refused */
	if (ck_netrc_check(ep, err) || url_secret("URL", ep->url, err) ||
	    url_secret("--remote-out", ep->remote_out, err)) {
		err->code = CK_FAIL;
		return NULL;
	}
	if ((c = shared ? shared : (shared = curl_easy_init())) == NULL) {
		ck_err_set(err, CK_FAIL, "cannot start libcurl");
		return NULL;
	}
	curl_easy_reset(c);
	ck_tr_common(c, ep->ca, ep->netrc, errbuf);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "sftp,ftp,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "https");
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
	if (p == P_FTPS)
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	curl_easy_setopt(c, CURLOPT_NEW_FILE_PERMS, ep->mode ? (long)ep->mode :
	    0600L);
	if (p == P_SFTP) {
		snprintf(home_kh, sizeof(home_kh), "%s/.ssh/known_hosts",
		    home ? home : "");
		curl_easy_setopt(c, CURLOPT_SSH_KNOWNHOSTS, ep->known_hosts[0] ?
		    ep->known_hosts : home_kh);
		curl_easy_setopt(c, CURLOPT_SSH_KEYFUNCTION, host_key);
		if (ep->key[0]) {
			curl_easy_setopt(c, CURLOPT_SSH_AUTH_TYPES,
			    (long)CURLSSH_AUTH_PUBLICKEY);
			curl_easy_setopt(c, CURLOPT_SSH_PRIVATE_KEYFILE, ep->key);
		} else
			curl_easy_setopt(c, CURLOPT_SSH_AUTH_TYPES,
			    (long)CURLSSH_AUTH_PASSWORD);
	}
	if (speed && atol(speed) > 0)
		curl_easy_setopt(c, CURLOPT_MAX_SEND_SPEED_LARGE,
		    (curl_off_t)atol(speed));
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
	return c;
}

/* libcurl's verdict on the last transfer. */
static CURLcode last;

/* Runs c and turns libcurl's verdict into ours. */
static int
perform(CURL *c, const char *what, const char *errbuf, struct ck_err *err)
{
	CURLcode rc = last = curl_easy_perform(c);
	long http = 0;

	if (rc == CURLE_OK) {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &http);
		if (http >= 400)
			return ck_err_set(err, http >= 500 ? CK_TEMP : CK_FAIL,
			    "%s: HTTP %ld", what, http);
		return 0;
	}
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		/* a misspelled host is no outage: retrying will not cure it */
		return ck_err_set(err, CK_FAIL, "%s: %s: check the host name in "
		    "the endpoint's URL", what,
		    errbuf[0] ? errbuf : curl_easy_strerror(rc));
	case CURLE_PARTIAL_FILE:
	case CURLE_UPLOAD_FAILED:
	case CURLE_FTP_ACCEPT_TIMEOUT:
		return ck_err_set(err, CK_TEMP, "%s: %s", what,
		    errbuf[0] ? errbuf : curl_easy_strerror(rc));
	default:
		return ck_err_set(err, ck_tr_temporary(rc) ? CK_TEMP : CK_FAIL,
		    "%s: %s", what, errbuf[0] ? errbuf : curl_easy_strerror(rc));
	}
}

void
ck_tr_common(CURL *c, const char *ca, const char *netrc, char *errbuf)
{
	errbuf[0] = '\0';
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 20L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (ca[0])
		curl_easy_setopt(c, CURLOPT_CAINFO, ca);
	curl_easy_setopt(c, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
	if (netrc[0])
		curl_easy_setopt(c, CURLOPT_NETRC_FILE, netrc);
}

int
ck_tr_temporary(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_AGAIN:
		return 1;
	default:
		return 0;
	}
}

/* --- the drop folder --- */

static void
local_dir(const struct ck_endpoint *ep, const char *dir, char *buf,
    size_t size)
{
	snprintf(buf, size, "%s", ep->url + 7);
	join(buf, size, dir);
}

/*
 * Copies regular file from (never through a symbolic link, never a FIFO
 * or a device) into a sink in dir, at most max bytes (0: no limit);
 * every write is checked.  The sink is left open for the caller.
 * GONE when there is no such file (any more), or when it changed while
 * it was read (a file still being written).
 */
#define GONE (-1)
static int
copy_regular(const char *from, int64_t max, struct ck_sink *s,
    const char *dir, struct ck_err *err)
{
	char buf[1 << 16];
	struct stat sb, after;
	ssize_t n;
	int fd, rc;

	/* O_NONBLOCK: opening a FIFO must not wait for a writer */
	if ((fd = open(from, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC))
	    < 0 && errno == ENOENT)
		return GONE;
	if (fd < 0)
		return ck_err_set(err, CK_FAIL, "cannot open '%s': %s", from,
		    errno == ELOOP ? "a symbolic link: refused" :
		    strerror(errno));
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return ck_err_set(err, CK_FAIL, "'%s': not a regular file: "
		    "refused", from);
	}
	if (max > 0 && sb.st_size > max) {
		close(fd);
		return ck_err_set(err, CK_FAIL, "'%s': %lld bytes, more than "
		    "fetch_max_kb allows (%lld): refused", from,
		    (long long)sb.st_size, (long long)max);
	}
	if ((rc = ck_sink_open(s, dir, err))) {
		close(fd);
		return rc;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0 && !s->failed &&
	    (max <= 0 || (int64_t)s->bytes + n <= max))
		ck_sink_write(s, buf, (size_t)n);
	rc = n < 0 ? errno : 0;
	if (rc == 0 && n == 0 && !s->failed && fstat(fd, &after) == 0 &&
	    (after.st_size != sb.st_size ||
	    after.st_mtim.tv_sec != sb.st_mtim.tv_sec ||
	    after.st_mtim.tv_nsec != sb.st_mtim.tv_nsec)) {
		/* still being written: left for a later fetch */
		close(fd);
		ck_sink_abort(s);
		return GONE;
	}
	close(fd);
	if (rc || s->failed) {
		ck_sink_abort(s);
		return ck_err_set(err, CK_FAIL, "cannot copy '%s': %s", from,
		    strerror(rc ? rc : s->failed));
	}
	if (n > 0) {
		ck_sink_abort(s);
		return ck_err_set(err, CK_FAIL, "'%s': grew past what "
		    "fetch_max_kb allows (%lld bytes): refused", from,
		    (long long)max);
	}
	return 0;
}

/* --- the verbs --- */

int
ck_transport_put(const struct ck_endpoint *ep, const char *local,
    const char *name, char *response, size_t rsize, struct ck_err *err)
{
	char url[2048], errbuf[CURL_ERROR_SIZE], tmp[600], q1[5100], q2[2200];
	enum proto p = proto_of(ep->url);
	struct curl_slist *post = NULL;
	struct buf out = {0};
	curl_mime *mime = NULL;
	struct stat sb;
	FILE *fp = NULL;
	CURL *c;
	int rc;

	response[0] = '\0';
	if (p == P_FILE) {
		char dir[2048], sha[72], final[2600];
		struct ck_sink sink;
		local_dir(ep, ep->remote_in, dir, sizeof(dir));
		if ((rc = copy_regular(local, 0, &sink, dir, err)) == GONE)
			return ck_err_set(err, CK_FAIL, "cannot read '%s' whole: "
			    "missing, or changed while it was read", local);
		if (rc)
			return rc;
		/* readable by the clearinghouse's agent before it appears */
		if (fchmod(sink.fd, ep->mode ? ep->mode : 0600) < 0) {
			rc = ck_err_set(err, CK_FAIL, "cannot set the mode of a "
			    "file in '%s': %s", dir, strerror(errno));
			ck_sink_abort(&sink);
			return rc;
		}
		snprintf(final, sizeof(final), "%s/%s", dir, name);
		return ck_sink_commit(&sink, final, sha, err);
	}
	snprintf(tmp, sizeof(tmp), CK_SINK_TMP_PREFIX "%s", name);
	if (p == P_HTTPS)
		snprintf(url, sizeof(url), "%s", ep->url);
	else
		url_of(ep, ep->remote_in, tmp, url, sizeof(url));
	if ((c = handle(ep, url, errbuf, &out, err)) == NULL)
		return err->code;
	if (p == P_HTTPS) {
		curl_mimepart *part;
		mime = curl_mime_init(c);
		part = curl_mime_addpart(mime);
		curl_mime_name(part, "file");
		curl_mime_filedata(part, local);
		curl_mime_filename(part, name);
		curl_easy_setopt(c, CURLOPT_MIMEPOST, mime);
	} else {
		if ((fp = fopen(local, "rb")) == NULL || fstat(fileno(fp), &sb)) {
			rc = ck_err_set(err, CK_FAIL, "cannot open '%s': %s",
			    local, strerror(errno));
			goto out;
		}
		curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
		curl_easy_setopt(c, CURLOPT_READDATA, fp);
		curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE,
		    (curl_off_t)sb.st_size);
		/* complete under its own name only once all of it is there */
		if (p == P_SFTP) {
			char from[1200], to[1200], qf[2500], qt[2500];
			sftp_path(ep->remote_in, tmp, from, sizeof(from));
			sftp_path(ep->remote_in, name, to, sizeof(to));
			sftp_quoted(from, qf, sizeof(qf));
			sftp_quoted(to, qt, sizeof(qt));
			snprintf(q1, sizeof(q1), "rename %s %s", qf, qt);
			post = curl_slist_append(post, q1);
		} else {
			snprintf(q1, sizeof(q1), "RNFR %s", tmp);
			snprintf(q2, sizeof(q2), "RNTO %s", name);
			post = curl_slist_append(post, q1);
			post = curl_slist_append(post, q2);
		}
		curl_easy_setopt(c, CURLOPT_POSTQUOTE, post);
	}
	rc = perform(c, name, errbuf, err);
	if (out.p)
		snprintf(response, rsize, "%s", out.p);
out:
	if (fp)
		fclose(fp);
	curl_slist_free_all(post);
	curl_mime_free(mime);
	free(out.p);
	return rc;
}

int
ck_transport_exists(const struct ck_endpoint *ep, const char *name,
    int *exists, int64_t *size, struct ck_err *err)
{
	char url[2048], errbuf[CURL_ERROR_SIZE];
	enum proto p = proto_of(ep->url);
	struct buf out = {0};
	curl_off_t len = -1;
	struct stat sb;
	CURL *c;
	int rc;

	*exists = 0;
	*size = -1;
	if (p == P_HTTPS)
		return ck_err_set(err, CK_FAIL, "an HTTPS endpoint cannot say "
		    "whether it holds '%s'", name);
	if (p == P_FILE) {
		char dir[2048], path[2600];
		local_dir(ep, ep->remote_in, dir, sizeof(dir));
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		if (stat(path, &sb) == 0) {
			*exists = 1;
			*size = sb.st_size;
		}
		return 0;
	}
	url_of(ep, ep->remote_in, name, url, sizeof(url));
	if ((c = handle(ep, url, errbuf, &out, err)) == NULL)
		return err->code;
	curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	if (curl_easy_perform(c) == CURLE_OK) {
		*exists = 1;
		curl_easy_getinfo(c, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &len);
		*size = len;
		rc = 0;
	} else {
		/* a missing file and a failed look look alike here: tell
		 * them apart by listing the folder */
		rc = 0;
	}
	free(out.p);
	return rc;
}

static int
list_dir(const struct ck_endpoint *ep, const char *folder,
    int (*cb)(void *arg, const char *name), void *arg, struct ck_err *err)
{
	char url[2048], errbuf[CURL_ERROR_SIZE], what[600];
	enum proto p = proto_of(ep->url);
	struct buf out = {0};
	CURL *c;
	int rc;

	if (p == P_FILE) {
		char dir[2048];
		DIR *d;
		struct dirent *e;
		local_dir(ep, folder, dir, sizeof(dir));
		if ((d = opendir(dir)) == NULL)
			return ck_err_set(err, CK_FAIL, "cannot read '%s': %s",
			    dir, strerror(errno));
		rc = 0;
		while (rc == 0 && (e = readdir(d)) != NULL)
			if (e->d_name[0] != '.' && e->d_type != DT_DIR)
				rc = cb(arg, e->d_name);
		closedir(d);
		return rc;
	}
	url_of(ep, folder, NULL, url, sizeof(url));
	if ((c = handle(ep, url, errbuf, &out, err)) == NULL)
		return err->code;
	if (p != P_HTTPS)
		curl_easy_setopt(c, CURLOPT_DIRLISTONLY, 1L);
	snprintf(what, sizeof(what), "listing '%.500s'", folder);
	rc = perform(c, what, errbuf, err);
	for (char *s = out.p, *e; rc == 0 && s && *s; s = e) {
		e = s + strcspn(s, "\r\n");
		if (*e)
			*e++ = '\0';
		while (*e == '\r' || *e == '\n')
			e++;
		/* hidden files are the server's own, still being written */
		if (*s && *s != '.')
			rc = cb(arg, s);
	}
	free(out.p);
	return rc;
}

int
ck_transport_list(const struct ck_endpoint *ep,
    int (*cb)(void *arg, const char *name), void *arg, struct ck_err *err)
{
	return list_dir(ep, ep->remote_out, cb, arg, err);
}

static int
count(void *arg, const char *name)
{
	(void)name;
	++*(long *)arg;
	return 0;
}

int
ck_transport_test(const struct ck_endpoint *ep, ck_test_cb cb, void *arg)
{
	static const char *const which[] = {"remote-in", "remote-out"};
	struct ck_err err = {0};
	int worst = 0;

	for (int i = 0; i < 2; i++) {
		const char *dir = i ? ep->remote_out : ep->remote_in;
		char note[1200];
		long n = 0;
		int rc;
		if (proto_of(ep->url) == P_HTTPS && i == 0) {
			rc = cb(arg, which[i], "skipped", "an HTTPS upload URL "
			    "cannot be listed");
		} else if (i == 1 && dir[0] == '\0' &&
		    proto_of(ep->url) == P_HTTPS) {
			rc = cb(arg, which[i], "skipped", "no --remote-out");
		} else if ((rc = list_dir(ep, dir, count, &n, &err)) != 0) {
			worst = worst == CK_FAIL ? worst : rc;
			rc = cb(arg, which[i], "failed", err.msg);
		} else {
			snprintf(note, sizeof(note), "'%s': %ld file%s", dir[0] ?
			    dir : "the URL's folder", n, n == 1 ? "" : "s");
			rc = cb(arg, which[i], "ok", note);
		}
		if (rc)
			return rc;
	}
	return worst;
}

/*
 * Claims a name of its own in dir for name: name, else name.1, name.2
 * ...  The empty file created (O_EXCL) is this process's alone, so two
 * fetches at once never store into, or remove, each other's file.
 */
static int
claim_name(const char *dir, const char *name, char *buf, size_t size,
    struct ck_err *err)
{
	int fd = -1;

	for (int i = 0; fd < 0 && i < 10000; i++) {
		if (i == 0)
			snprintf(buf, size, "%s/%s", dir, name);
		else
			snprintf(buf, size, "%s/%s.%d", dir, name, i);
		fd = open(buf, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			return ck_err_set(err, CK_FAIL, "cannot create '%s': %s",
			    buf, strerror(errno));
	}
	if (fd < 0)
		return ck_err_set(err, CK_FAIL, "no free name for '%s' in '%s'",
		    name, dir);
	close(fd);
	return 0;
}

/* Renames the sink onto a name claimed for it. */
static int
store_as(struct ck_sink *sink, const char *dir, const char *name,
    char *local, size_t lsize, char *sha256, struct ck_err *err)
{
	int rc;

	if ((rc = claim_name(dir, name, local, lsize, err))) {
		ck_sink_abort(sink);
		return rc;
	}
	if ((rc = ck_sink_commit(sink, local, sha256, err)))
		unlink(local);
	return rc;
}

/* libcurl's write callback for a capped download. */
static size_t
on_capped(char *data, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;

	if (b->max > 0 && (int64_t)(b->sink->bytes + size * n) > b->max) {
		b->over = 1;
		return 0;       /* a write error ends the transfer */
	}
	ck_sink_write(b->sink, data, size * n);
	return b->sink->failed ? 0 : size * n;
}

int
ck_transport_get(const struct ck_endpoint *ep, const char *name,
    const char *dir, int64_t max, char *local, size_t lsize, char *sha256,
    int64_t *bytes, struct ck_err *err)
{
	char url[2048], errbuf[CURL_ERROR_SIZE];
	struct ck_sink sink;
	struct buf out = {0};
	CURL *c;
	int rc;

	local[0] = '\0';
	*bytes = -1;
	if ((rc = ck_remote_name_check(name, err)))
		return rc;
	if (proto_of(ep->url) == P_FILE) {
		char from[2600], src[2048];
		local_dir(ep, ep->remote_out, src, sizeof(src));
		snprintf(from, sizeof(from), "%s/%s", src, name);
		if ((rc = copy_regular(from, max, &sink, dir, err)))
			return rc == GONE ? 0 : rc;     /* gone: not an error */
	} else {
		if ((rc = ck_sink_open(&sink, dir, err)))
			return rc;
		out.sink = &sink;
		out.max = max;
		url_of(ep, ep->remote_out, name, url, sizeof(url));
		if ((c = handle(ep, url, errbuf, &out, err)) == NULL) {
			ck_sink_abort(&sink);
			return err->code;
		}
		curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_capped);
		if ((rc = perform(c, name, errbuf, err)) != 0) {
			int over = out.over, failed = sink.failed;
			long http = 0;
			ck_sink_abort(&sink);
			curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &http);
			if (!over && !failed && (http == 404 ||
			    last == CURLE_REMOTE_FILE_NOT_FOUND))
				return 0;       /* gone since the listing */
			if (over || failed)
				rc = ck_err_set(err, CK_FAIL, out.over ? "'%s': "
				    "more than fetch_max_kb allows: refused" :
				    "'%s': cannot store it", name);
			return rc;
		}
	}
	*bytes = (int64_t)sink.bytes;
	return store_as(&sink, dir, name, local, lsize, sha256, err);
}

int
ck_transport_delete(const struct ck_endpoint *ep, const char *name,
    struct ck_err *err)
{
	char url[2048], errbuf[CURL_ERROR_SIZE], q[2600], path[1200];
	enum proto p = proto_of(ep->url);
	struct curl_slist *cmds = NULL;
	struct buf out = {0};
	CURL *c;
	int rc;

	if ((rc = ck_remote_name_check(name, err)))
		return rc;
	if (p == P_FILE) {
		char dir[2048], file[2600];
		local_dir(ep, ep->remote_out, dir, sizeof(dir));
		snprintf(file, sizeof(file), "%s/%s", dir, name);
		/* ENOENT: another fetch removed it first */
		if (unlink(file) < 0 && errno != ENOENT)
			return ck_err_set(err, CK_FAIL, "cannot remove '%s': %s",
			    file, strerror(errno));
		return 0;
	}
	if (p == P_HTTPS)
		url_of(ep, ep->remote_out, name, url, sizeof(url));
	else
		url_of(ep, ep->remote_out, NULL, url, sizeof(url));
	if ((c = handle(ep, url, errbuf, &out, err)) == NULL)
		return err->code;
	if (p == P_HTTPS)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "DELETE");
	else {
		if (p == P_SFTP) {
			char quoted[2500];
			sftp_path(ep->remote_out, name, path, sizeof(path));
			sftp_quoted(path, quoted, sizeof(quoted));
			snprintf(q, sizeof(q), "rm %s", quoted);
		} else
			snprintf(q, sizeof(q), "DELE %s", name);
		cmds = curl_slist_append(cmds, q);
		curl_easy_setopt(c, CURLOPT_QUOTE, cmds);
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	}
	rc = perform(c, name, errbuf, err);
	curl_slist_free_all(cmds);
	free(out.p);
	return rc;
}
