/*
 * prompt.h - asking the person at the terminal.  A confirmation reads
 * /dev/tty, never stdin: stdin is the pipe the claims came on.
 *
 * Ownership: ck_tty_open() returns a stream the caller closes with
 * ck_tty_close().
 */
#ifndef CLAIMKIT_PROMPT_H
#define CLAIMKIT_PROMPT_H

#include <stdio.h>

/* The terminal, for reading and writing; NULL when there is none.  From
 * here until ck_tty_close() Ctrl-C does not end the program: it makes
 * ck_tty_confirm() answer no, so the program can say nothing changed. */
FILE *ck_tty_open(void);
void ck_tty_close(FILE *tty);

/*
 * Writes the question on tty and reads one line.  Returns 1 when the
 * line is exactly want; 0 for anything else, an empty line, end of input
 * (Ctrl-D) or Ctrl-C, and then *why says which ("typed something else",
 * "empty line", "end of input", "interrupted").
 */
int ck_tty_confirm(FILE *tty, const char *want, const char **why,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * The whole exchange of an undo: shows the line shown on the terminal,
 * asks fmt and wants CONFIRM.  Returns 1 when confirmed; 0 otherwise,
 * having said on the terminal (or, with none, on stderr: give --yes)
 * that nothing changed.
 */
int ck_tty_ask(const char *shown, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
