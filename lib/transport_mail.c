/*
 * The transfers of the notification queue, through libcurl: email over
 * SMTP with STARTTLS required (or smtps), and text messages posted to an
 * HTTPS SMS API.  Part of the transport module (lib/transport.c holds
 * the clearinghouse's transfers; the two could share their easy-handle
 * setup and verdict mapping once both settle).  Certificates and host
 * names are always verified; logins come from a netrc file.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notify_int.h"

/* One handle per kind, reset between messages: libcurl's connection
 * cache survives a reset, so 10,000 emails share one SMTP session. */
static CURL *mail, *sms;

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
	/* the first refusal, not the goodbye that follows it */
	if (type != CURLINFO_HEADER_IN || r->size == 0 ||
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
	errbuf[0] = '\0';
	curl_easy_setopt(c, CURLOPT_URL, sv->url);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 20L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (sv->ca[0])
		curl_easy_setopt(c, CURLOPT_CAINFO, sv->ca);
	curl_easy_setopt(c, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
	if (sv->netrc[0])
		curl_easy_setopt(c, CURLOPT_NETRC_FILE, sv->netrc);
}

/* libcurl's verdict on what is not the server's answer to the message:
 * the connection (worth a retry) or the server's identity or our login
 * (for a person). */
static int
verdict(CURLcode rc, const char *what, const char *errbuf,
    struct ck_err *err)
{
	const char *why = errbuf[0] ? errbuf : curl_easy_strerror(rc);

	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_AGAIN:
		return ck_err_set(err, CK_TEMP, "%s: %s", what, why);
	default:
		return ck_err_set(err, CK_FAIL, "%s: %s", what, why);
	}
}

int
nq_smtp_send(const struct nq_server *sv, const char *rcpt, const char *msg,
    size_t len, char *reply, size_t rsize, struct ck_err *err)
{
	char errbuf[CURL_ERROR_SIZE], from[300], to[300];
	struct curl_slist *rcpts;
	struct upl u = {msg, len, 0};
	struct reply r = {reply, rsize, 0};
	CURLcode rc;
	long code = 0;

	reply[0] = '\0';
	if (mail == NULL && (mail = curl_easy_init()) == NULL)
		return ck_err_set(err, CK_FAIL, "cannot start libcurl");
	curl_easy_reset(mail);
	common(mail, sv, errbuf);
	snprintf(from, sizeof(from), "<%s>", sv->from);
	snprintf(to, sizeof(to), "<%s>", rcpt);
	if ((rcpts = curl_slist_append(NULL, to)) == NULL)
		return ck_err_set(err, CK_FAIL, "out of memory");
	curl_easy_setopt(mail, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(mail, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	curl_easy_setopt(mail, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(mail, CURLOPT_MAIL_RCPT, rcpts);
	curl_easy_setopt(mail, CURLOPT_READFUNCTION, on_read);
	curl_easy_setopt(mail, CURLOPT_READDATA, &u);
	curl_easy_setopt(mail, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(mail, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(mail, CURLOPT_DEBUGFUNCTION, on_debug);
	curl_easy_setopt(mail, CURLOPT_DEBUGDATA, &r);
	curl_easy_setopt(mail, CURLOPT_VERBOSE, 1L);
	rc = curl_easy_perform(mail);
	curl_slist_free_all(rcpts);
	curl_easy_getinfo(mail, CURLINFO_RESPONSE_CODE, &code);
	if (rc == CURLE_OK)
		return 0;
	if (rc == CURLE_LOGIN_DENIED || rc == CURLE_USE_SSL_FAILED)
		return verdict(rc, "mail server", errbuf, err);
	if (code >= 400 && code < 600)
		return ck_err_set(err, code >= 500 ? CK_DATA : CK_TEMP,
		    "mail server: %s", reply[0] ? reply : errbuf);
	return verdict(rc, "mail server", errbuf, err);
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
}
