/*
 * A claim's fingerprint, so an import can tell a claim it already has
 * from a changed one.  Both sides feed the values as the store keeps
 * them, which is why an integer column goes in as its integer: the
 * import and a row read back give the same bytes.
 */
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

#include "claimkit/claim.h"

int
ck_fp_begin(struct ck_fp *f)
{
	f->md = EVP_MD_CTX_new();
	if (f->md == NULL || !EVP_DigestInit_ex(f->md, EVP_sha256(), NULL)) {
		EVP_MD_CTX_free(f->md);
		f->md = NULL;
		return -1;
	}
	return 0;
}

/* Name, a separator and the value or an absent mark: no two different
 * claims feed the same bytes (values hold no control characters). */
void
ck_fp_add(struct ck_fp *f, const char *name, const char *text)
{
	EVP_DigestUpdate(f->md, name, strlen(name));
	if (text == NULL)
		EVP_DigestUpdate(f->md, "\x1d", 1);
	else {
		EVP_DigestUpdate(f->md, "\x1f", 1);
		EVP_DigestUpdate(f->md, text, strlen(text));
	}
	EVP_DigestUpdate(f->md, "\x1e", 1);
}

void
ck_fp_line(struct ck_fp *f, int line_no)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "\x1c%d", line_no);
	EVP_DigestUpdate(f->md, buf, strlen(buf));
}

void
ck_fp_end(struct ck_fp *f, char *hex)
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	EVP_DigestFinal_ex(f->md, d, &n);
	EVP_MD_CTX_free(f->md);
	f->md = NULL;
	for (unsigned int i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	hex[2 * n] = '\0';
}
