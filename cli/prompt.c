#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "prompt.h"

static volatile sig_atomic_t interrupted;
static struct sigaction old_int;

static void
on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

FILE *
ck_tty_open(void)
{
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	struct sigaction sa;
	FILE *fp;

	if (fd < 0)
		return NULL;
	if ((fp = fdopen(fd, "r+")) == NULL) {
		close(fd);
		return NULL;
	}
	/* no SA_RESTART: Ctrl-C ends a read in progress */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	interrupted = 0;
	sigaction(SIGINT, &sa, &old_int);
	return fp;
}

void
ck_tty_close(FILE *tty)
{
	fclose(tty);
	sigaction(SIGINT, &old_int, NULL);
}

static int
vconfirm(FILE *tty, const char *want, const char **why, const char *fmt,
    va_list ap)
{
	char line[256];
	char *got = NULL;
	size_t n;

	vfprintf(tty, fmt, ap);
	fflush(tty);
	errno = 0;
	if (!interrupted)
		got = fgets(line, sizeof(line), tty);
	if (interrupted || (got == NULL && errno == EINTR)) {
		fputc('\n', tty);
		*why = "interrupted";
		return 0;
	}
	if (got == NULL) {
		fputc('\n', tty);
		*why = "end of input";
		return 0;
	}
	n = strcspn(line, "\r\n");
	line[n] = '\0';
	if (strcmp(line, want) == 0)
		return 1;
	*why = n ? "typed something else" : "empty line";
	return 0;
}

int
ck_tty_confirm(FILE *tty, const char *want, const char **why,
    const char *fmt, ...)
{
	va_list ap;
	int ok;

	va_start(ap, fmt);
	ok = vconfirm(tty, want, why, fmt, ap);
	va_end(ap);
	return ok;
}

int
ck_tty_ask(const char *shown, const char *fmt, ...)
{
	const char *why = "no terminal";
	va_list ap;
	FILE *tty;
	int ok;

	if ((tty = ck_tty_open()) == NULL) {
		ck_cli_warn("no terminal to confirm on: give --yes; nothing "
		    "changed");
		return 0;
	}
	fprintf(tty, "%s\n", shown);
	va_start(ap, fmt);
	ok = vconfirm(tty, "CONFIRM", &why, fmt, ap);
	va_end(ap);
	if (!ok)
		fprintf(tty, "not confirmed (%s): nothing changed\n", why);
	ck_tty_close(tty);
	return ok;
}
