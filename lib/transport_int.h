/* Internal to the transport module: what the clearinghouse's transfers
 * (lib/transport.c) and the notification queue's (lib/transport_mail.c)
 * share. */
#ifndef CLAIMKIT_TRANSPORT_INT_H
#define CLAIMKIT_TRANSPORT_INT_H

#include <curl/curl.h>

/* Sets on c what every transfer has: errors into errbuf (the caller's,
 * CURL_ERROR_SIZE bytes, emptied here), no signals, a bounded connect,
 * the TLS peer and its host name verified (against ca when not ""), and
 * the login from netrc (that file when not "", else ~/.netrc). */
void ck_tr_common(CURL *c, const char *ca, const char *netrc, char *errbuf);
/* 1 when rc is the connection failing (down, cut, timed out): worth a
 * retry, not a person. */
int ck_tr_temporary(CURLcode rc);

#endif
