/*
 * err.h - how the library reports failure.
 *
 * The library never prints, prompts or exits: a function that can fail
 * takes a struct ck_err, fills it and returns its code.  The caller owns
 * the struct (usually on its stack); it holds no pointers.
 */
#ifndef CLAIMKIT_ERR_H
#define CLAIMKIT_ERR_H

/* Exit codes, shared by every program (documented in claimkit(5)). */
enum ck_code {
	CK_OK = 0,
	CK_FAIL = 1,      /* anything else that went wrong */
	CK_USAGE = 2,     /* the command line is wrong */
	CK_WAITS = 3,     /* work waits for a person (batches to print/send) */
	CK_DATA = 65,     /* bad input data (EX_DATAERR) */
	CK_TEMP = 75      /* temporary failure worth retrying (EX_TEMPFAIL) */
};

struct ck_err {
	int code;
	char msg[1024];
};

/* Sets err (if not NULL) and returns code.  printf-style message. */
int ck_err_set(struct ck_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefixes the message already in err with "prefix: ". Returns err->code. */
int ck_err_prefix(struct ck_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
