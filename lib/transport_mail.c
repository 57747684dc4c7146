/*
 * The transfers of the notification queue, through libcurl: email over
 * SMTP with STARTTLS required (or smtps), and text messages posted to an
 * HTTPS SMS API.  Part of the transport module (lib/transport.c holds
 * the clearinghouse's transfers; lib/transport_int.h what they share).
 * Certificates and host names are always verified; logins come from a
 * netrc file.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notify_int.h"
#include "transport_int.h"

/*
 * One handle per kind.  The mail handle is set up once for its server
 * and only told each message's recipient and bytes: its connection
 * stays, so 10,000 emails share one SMTP session, and nothing of the
 * setup is redone per message.  The SMS one is reset between messages.
 */
static CURL *mail, *sms;
static char mail_errbuf[CURL_ERROR_SIZE];
static struct nq_server mail_sv;        /* what mail is set up for */

struct upl {
	const char *p;
	size_t len, off;
};

static size_t
on_read(char *buf, size_t size, size_t n, void *arg)
{
	struct upl *u = arg;
	size_t k = size * n;

	if (k > u->len - u->off)
		k = u->len - u->off;
	memcpy(buf, u->p + u->off, k);
	u->off += k;
	return k;
}

struct reply {
	char *buf;
	size_t size, len;
};

/* Keeps the server's last reply line (SMTP) or the body (HTTP). */
static int
on_debug(CURL *c, curl_infotype type, char *data, size_t n, void *arg)
{
	struct reply *r = arg;

	(void)c;
	/* the first refusal, not the goodbye that follows it; none
	 * between messages (the QUIT of a handle's cleanup) */
	if (type != CURLINFO_HEADER_IN || r == NULL || r->size == 0 ||
	    r->buf[0] == '4' || r->buf[0] == '5')
		return 0;
	while (n && (data[n - 1] == '\n' || data[n - 1] == '\r'))
		n--;
	if (n >= r->size)
		n = r->size - 1;
	memcpy(r->buf, data, n);
	r->buf[n] = '\0';
	return 0;
}

static size_t
on_body(char *data, size_t size, size_t n, void *arg)
{
	struct reply *r = arg;
	size_t k = size * n, room = r->size - 1 - r->len;

	memcpy(r->buf + r->len, data, k < room ? k : room);
	r->len += k < room ? k : room;
	r->buf[r->len] = '\0';
	return size * n;
}

static void
common(CURL *c, const struct nq_server *sv, char *errbuf)
{
	ck_tr_common(c, sv->ca, sv->netrc, errbuf);
	curl_easy_setopt(c, CURLOPT_URL, sv->url);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
}

/* libcurl's verdict on what is not the server's answer to the message:
 * the connection (worth a retry) or the server's identity or our login
 * (for a person). */
static int
verdict(CURLcode rc, const char *what, const char *errbuf,
    struct ck_err *err)
{
	const char *why = errbuf[0] ? errbuf : curl_easy_strerror(rc);

	/* a mail host that does not resolve waits for a retry, as one
	 * that is down does: the notifications keep, nothing is lost */
	return ck_err_set(err, ck_tr_temporary(rc) ||
	    rc == CURLE_COULDNT_RESOLVE_HOST ? CK_TEMP : CK_FAIL, "%s: %s",
	    what, why);
}

/* The mail handle, set up for sv once. */
static CURL *
mail_handle(const struct nq_server *sv)
{
	if (mail && memcmp(&mail_sv, sv, sizeof(*sv)) == 0)
		return mail;
	if (mail == NULL && (mail = curl_easy_init()) == NULL)
		return NULL;
	curl_easy_reset(mail);
	mail_sv = *sv;
	common(mail, &mail_sv, mail_errbuf);
	curl_easy_setopt(mail, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(mail, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	curl_easy_setopt(mail, CURLOPT_READFUNCTION, on_read);
	curl_easy_setopt(mail, CURLOPT_UPLOAD, 1L);
	/* libcurl's smallest: its 64 KB default, taken and given back for
	 * each message, cost two system calls a message to the heap */
	curl_easy_setopt(mail, CURLOPT_UPLOAD_BUFFERSIZE, 16384L);
	curl_easy_setopt(mail, CURLOPT_DEBUGFUNCTION, on_debug);
	curl_easy_setopt(mail, CURLOPT_VERBOSE, 1L);
	return mail;
}

int
nq_smtp_send(const struct nq_server *sv, const char *rcpt, const char *msg,
    size_t len, char *reply, size_t rsize, struct ck_err *err)
{
	char from[300], to[300];
	struct curl_slist *rcpts;
	struct upl u = {msg, len, 0};
	struct reply r = {reply, rsize, 0};
	CURL *c;
	CURLcode rc;
	long code = 0;

	reply[0] = '\0';
	if ((c = mail_handle(sv)) == NULL)
		return ck_err_set(err, CK_FAIL, "cannot start libcurl");
	mail_errbuf[0] = '\0';
	snprintf(from, sizeof(from), "<%s>", sv->from);
	snprintf(to, sizeof(to), "<%s>", rcpt);
	if ((rcpts = curl_slist_append(NULL, to)) == NULL)
		return ck_err_set(err, CK_FAIL, "out of memory");
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpts);
	curl_easy_setopt(c, CURLOPT_READDATA, &u);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(c, CURLOPT_DEBUGDATA, &r);
	rc = curl_easy_perform(c);
	/* nothing of this message may outlive it in the handle */
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, NULL);
	curl_easy_setopt(c, CURLOPT_READDATA, NULL);
	curl_easy_setopt(c, CURLOPT_DEBUGDATA, NULL);
	curl_slist_free_all(rcpts);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (rc == CURLE_OK)
		return 0;
	if (rc == CURLE_LOGIN_DENIED || rc == CURLE_USE_SSL_FAILED)
		return verdict(rc, "mail server", mail_errbuf, err);
	if (code >= 400 && code < 600)
		return ck_err_set(err, code >= 500 ? CK_DATA : CK_TEMP,
		    "mail server: %s", reply[0] ? reply : mail_errbuf);
	return verdict(rc, "mail server", mail_errbuf, err);
}

int
nq_sms_send(const struct nq_server *sv, const char *to, const char *body,
    char *reply, size_t rsize, struct ck_err *err)
{
	char errbuf[CURL_ERROR_SIZE], *form;
	char *eto, *efrom, *ebody;
	struct reply r = {reply, rsize, 0};
	CURLcode rc;
	long code = 0;
	size_t n;

	reply[0] = '\0';
	if (sms == NULL && (sms = curl_easy_init()) == NULL)
		return ck_err_set(err, CK_FAIL, "cannot start libcurl");
	curl_easy_reset(sms);
	common(sms, sv, errbuf);
	eto = curl_easy_escape(sms, to, 0);
	efrom = curl_easy_escape(sms, sv->from, 0);
	ebody = curl_easy_escape(sms, body, 0);
	n = (eto ? strlen(eto) : 0) + (efrom ? strlen(efrom) : 0) +
	    (ebody ? strlen(ebody) : 0) + 32;
	if (!eto || !efrom || !ebody || (form = malloc(n)) == NULL) {
		curl_free(eto);
		curl_free(efrom);
		curl_free(ebody);
		return ck_err_set(err, CK_FAIL, "out of memory");
	}
	snprintf(form, n, "To=%s&From=%s&Body=%s", eto, efrom, ebody);
	curl_free(eto);
	curl_free(efrom);
	curl_free(ebody);
	curl_easy_setopt(sms, CURLOPT_PROTOCOLS_STR, "https");
	curl_easy_setopt(sms, CURLOPT_POSTFIELDS, form);
	curl_easy_setopt(sms, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(sms, CURLOPT_WRITEDATA, &r);
	rc = curl_easy_perform(sms);
	free(form);
	if (rc != CURLE_OK)
		return verdict(rc, "SMS provider", errbuf, err);
	curl_easy_getinfo(sms, CURLINFO_RESPONSE_CODE, &code);
	if (code >= 200 && code < 300)
		return 0;
	if (code == 401 || code == 403)
		return ck_err_set(err, CK_FAIL, "SMS provider: HTTP %ld: login "
		    "refused (see notify.netrc)", code);
	return ck_err_set(err, code == 429 || code >= 500 ? CK_TEMP : CK_DATA,
	    "SMS provider: HTTP %ld: %.300s", code, reply);
}

void
nq_transport_end(void)
{
	if (mail)
		curl_easy_cleanup(mail);
	if (sms)
		curl_easy_cleanup(sms);
	mail = sms = NULL;
	memset(&mail_sv, 0, sizeof(mail_sv));
}
