/*
 * A fast SMTP sink for the benchmarks (scripts/bench-notify): real SMTP
 * with STARTTLS required and AUTH, as tests/servers/smtp_server.py speaks
 * it, but in C, so that the server is not what a benchmark measures.
 *
 * usage: smtp_sink PORT ROOT CERT KEY [USER:PASSWORD] [--ready FILE]
 *
 * Listens on 127.0.0.1:PORT only, one process per connection.  STARTTLS
 * with CERT and KEY is required before AUTH and MAIL; with USER:PASSWORD,
 * AUTH PLAIN or LOGIN is required before MAIL.  Each message is appended
 * to ROOT/mail/PID.spool (PID: the connection's process): lines
 * "X-Envelope-To: ADDRESS" (one per recipient) and "X-Sink-Size: N",
 * then the N bytes of the message as received (dots unstuffed).
 * --ready FILE is written (with the port)
 * once the port listens.  Stops on SIGTERM.  No failure injection: the
 * tests' behaviour server has that.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#define MAX_RCPT 100
#define LINE_MAX_LEN 8192

struct conn {
	int fd, spool;
	SSL *ssl;
	char in[65536];
	size_t off, len;
	const char *root, *auth;
	int helo, authed, mail;
	char *rcpt[MAX_RCPT];
	int nrcpt;
	char *data;
	size_t dlen, dcap;
};

static void
die(const char *what)
{
	fprintf(stderr, "smtp_sink: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int
fill(struct conn *c)
{
	ssize_t n;

	if (c->off == c->len)
		c->off = c->len = 0;
	else if (c->off > 0) {
		memmove(c->in, c->in + c->off, c->len - c->off);
		c->len -= c->off;
		c->off = 0;
	}
	if (c->len == sizeof(c->in))
		return -1;
	if (c->ssl)
		n = SSL_read(c->ssl, c->in + c->len, (int)(sizeof(c->in) -
		    c->len));
	else
		n = read(c->fd, c->in + c->len, sizeof(c->in) - c->len);
	if (n <= 0)
		return -1;
	c->len += (size_t)n;
	return 0;
}

/* One line, its CRLF (or LF) removed: its length, or -1 at the end. */
static long
get_line(struct conn *c, char *buf, size_t size)
{
	for (;;) {
		char *nl = memchr(c->in + c->off, '\n', c->len - c->off);
		if (nl) {
			size_t n = (size_t)(nl - (c->in + c->off));
			size_t k = n && nl[-1] == '\r' ? n - 1 : n;
			if (k >= size)
				return -1;
			memcpy(buf, c->in + c->off, k);
			buf[k] = '\0';
			c->off += n + 1;
			return (long)k;
		}
		if (fill(c) < 0)
			return -1;
	}
}

static int
say(struct conn *c, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf) - 2, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf) - 2)
		return -1;
	buf[n++] = '\r';
	buf[n++] = '\n';
	if (c->ssl)
		return SSL_write(c->ssl, buf, n) == n ? 0 : -1;
	return write(c->fd, buf, (size_t)n) == n ? 0 : -1;
}

static void
reset(struct conn *c)
{
	for (int i = 0; i < c->nrcpt; i++)
		free(c->rcpt[i]);
	c->nrcpt = 0;
	c->mail = 0;
	c->dlen = 0;
}

/* "<a@b>" from "FROM:<a@b> SIZE=1": a copy, NULL when malformed. */
static char *
address(const char *arg)
{
	const char *lt = strchr(arg, '<'), *gt;

	if (lt == NULL || (gt = strchr(lt, '>')) == NULL)
		return NULL;
	return strndup(lt + 1, (size_t)(gt - lt - 1));
}

static int
append(struct conn *c, const char *p, size_t n)
{
	if (c->dlen + n > c->dcap) {
		size_t cap = c->dcap ? c->dcap : 65536;
		while (cap < c->dlen + n)
			cap *= 2;
		if ((c->data = realloc(c->data, cap)) == NULL)
			return -1;
		c->dcap = cap;
	}
	memcpy(c->data + c->dlen, p, n);
	c->dlen += n;
	return 0;
}

/* Appends the message to this connection's spool file: one write, no
 * file made per message (that cost more than all the rest). */
static int
keep(struct conn *c)
{
	char head[MAX_RCPT * 300 + 64], name[4096];
	struct iovec iov[2];
	size_t n = 0;

	if (c->spool < 0) {
		snprintf(name, sizeof(name), "%s/mail/%ld.spool", c->root,
		    (long)getpid());
		if ((c->spool = open(name, O_WRONLY | O_CREAT | O_APPEND, 0600))
		    < 0)
			return -1;
	}
	for (int i = 0; i < c->nrcpt; i++)
		n += (size_t)snprintf(head + n, sizeof(head) - n,
		    "X-Envelope-To: %.256s\r\n", c->rcpt[i]);
	n += (size_t)snprintf(head + n, sizeof(head) - n,
	    "X-Sink-Size: %zu\r\n", c->dlen);
	iov[0].iov_base = head;
	iov[0].iov_len = n;
	iov[1].iov_base = c->data;
	iov[1].iov_len = c->dlen;
	return writev(c->spool, iov, 2) == (ssize_t)(n + c->dlen) ? 0 : -1;
}

/* The message up to its lone dot, unstuffed, kept. */
static int
data(struct conn *c)
{
	char line[LINE_MAX_LEN];
	long n;

	if (say(c, "354 End data with <CR><LF>.<CR><LF>"))
		return -1;
	c->dlen = 0;
	while ((n = get_line(c, line, sizeof(line))) >= 0) {
		const char *p = line;
		if (n == 1 && line[0] == '.')
			break;
		if (line[0] == '.') {
			p++;
			n--;
		}
		if (append(c, p, (size_t)n) || append(c, "\r\n", 2))
			return -1;
	}
	if (n < 0)
		return -1;
	if (keep(c))
		return say(c, "451 4.3.0 Cannot keep the message: %s",
		    strerror(errno));
	reset(c);
	return say(c, "250 2.0.0 Message accepted");
}

static int
b64_decode(const char *in, char *out, size_t size)
{
	size_t n = strlen(in);
	int k;

	if (n == 0 || n % 4 || n / 4 * 3 >= size)
		return -1;
	if ((k = EVP_DecodeBlock((unsigned char *)out,
	    (const unsigned char *)in, (int)n)) < 0)
		return -1;
	k -= (in[n - 1] == '=') + (in[n - 2] == '=');
	out[k] = '\0';
	return k;
}

/* AUTH PLAIN [ir] or AUTH LOGIN: 0 when the login is ours. */
static int
login(struct conn *c, const char *arg, int *ok)
{
	char line[1024], raw[1024], user[512], pass[512];
	const char *want_pass = strchr(c->auth, ':') + 1;
	size_t ulen = (size_t)(want_pass - 1 - c->auth);
	int k;

	*ok = 0;
	if (strncasecmp(arg, "PLAIN", 5) == 0) {
		if (arg[5] == ' ')
			snprintf(line, sizeof(line), "%s", arg + 6);
		else if (say(c, "334 ") || get_line(c, line, sizeof(line)) < 0)
			return -1;
		if ((k = b64_decode(line, raw, sizeof(raw))) < 0)
			return 0;
		/* authzid NUL authcid NUL password */
		char *u = memchr(raw, '\0', (size_t)k), *p;
		if (u == NULL || (p = memchr(u + 1, '\0', (size_t)(raw + k -
		    u - 1))) == NULL)
			return 0;
		*ok = (size_t)(p - u - 1) == ulen &&
		    memcmp(u + 1, c->auth, ulen) == 0 &&
		    strcmp(p + 1, want_pass) == 0;
		return 0;
	}
	if (strncasecmp(arg, "LOGIN", 5) != 0)
		return 1;
	if (say(c, "334 VXNlcm5hbWU6") || get_line(c, line, sizeof(line)) < 0 ||
	    b64_decode(line, user, sizeof(user)) < 0 ||
	    say(c, "334 UGFzc3dvcmQ6") || get_line(c, line, sizeof(line)) < 0 ||
	    b64_decode(line, pass, sizeof(pass)) < 0)
		return -1;
	*ok = strlen(user) == ulen && memcmp(user, c->auth, ulen) == 0 &&
	    strcmp(pass, want_pass) == 0;
	return 0;
}

static int
ehlo(struct conn *c)
{
	reset(c);
	c->helo = 1;
	if (c->ssl == NULL)
		return say(c, "250-localhost\r\n250-PIPELINING\r\n"
		    "250-8BITMIME\r\n250-STARTTLS\r\n250 ENHANCEDSTATUSCODES");
	if (c->auth)
		return say(c, "250-localhost\r\n250-PIPELINING\r\n"
		    "250-8BITMIME\r\n250-AUTH PLAIN LOGIN\r\n"
		    "250 ENHANCEDSTATUSCODES");
	return say(c, "250-localhost\r\n250-PIPELINING\r\n250-8BITMIME\r\n"
	    "250 ENHANCEDSTATUSCODES");
}

static int
starttls(struct conn *c, SSL_CTX *ctx)
{
	if (c->ssl)
		return say(c, "503 5.5.1 TLS already active");
	if (c->off != c->len)   /* nothing may come before the handshake */
		return -1;
	if (say(c, "220 2.0.0 Ready to start TLS"))
		return -1;
	if ((c->ssl = SSL_new(ctx)) == NULL || !SSL_set_fd(c->ssl, c->fd) ||
	    SSL_accept(c->ssl) != 1)
		return -1;
	c->helo = c->authed = 0;
	reset(c);
	return 0;
}

static int
command(struct conn *c, SSL_CTX *ctx, char *line)
{
	char *arg = strchr(line, ' ');
	int ok, rc;

	if (arg)
		*arg++ = '\0';
	else
		arg = line + strlen(line);
	if (!strcasecmp(line, "EHLO") || !strcasecmp(line, "HELO"))
		return ehlo(c);
	if (!strcasecmp(line, "QUIT")) {
		say(c, "221 2.0.0 Bye");
		return -1;
	}
	if (!strcasecmp(line, "NOOP"))
		return say(c, "250 2.0.0 OK");
	if (!strcasecmp(line, "RSET")) {
		reset(c);
		return say(c, "250 2.0.0 OK");
	}
	if (!strcasecmp(line, "STARTTLS"))
		return starttls(c, ctx);
	if (!c->helo)
		return say(c, "503 5.5.1 Send EHLO first");
	if (c->ssl == NULL)
		return say(c, "530 5.7.0 Must issue a STARTTLS command first");
	if (!strcasecmp(line, "AUTH")) {
		if (c->auth == NULL || c->authed)
			return say(c, "503 5.5.1 No AUTH here");
		if ((rc = login(c, arg, &ok)) < 0)
			return -1;
		if (rc > 0)
			return say(c, "504 5.5.4 Unrecognized mechanism");
		c->authed = ok;
		return ok ? say(c, "235 2.7.0 Authentication successful") :
		    say(c, "535 5.7.8 Authentication credentials invalid");
	}
	if (c->auth && !c->authed)
		return say(c, "530 5.7.0 Authentication required");
	if (!strcasecmp(line, "MAIL")) {
		char *a = address(arg);
		if (a == NULL)
			return say(c, "501 5.5.4 Syntax: MAIL FROM:<address>");
		free(a);
		reset(c);
		c->mail = 1;
		return say(c, "250 2.1.0 OK");
	}
	if (!strcasecmp(line, "RCPT")) {
		char *a;
		if (!c->mail)
			return say(c, "503 5.5.1 Need MAIL first");
		if (c->nrcpt == MAX_RCPT)
			return say(c, "452 4.5.3 Too many recipients");
		if ((a = address(arg)) == NULL)
			return say(c, "501 5.5.4 Syntax: RCPT TO:<address>");
		c->rcpt[c->nrcpt++] = a;
		return say(c, "250 2.1.5 OK");
	}
	if (!strcasecmp(line, "DATA")) {
		if (c->nrcpt == 0)
			return say(c, "503 5.5.1 Need RCPT first");
		return data(c);
	}
	return say(c, "500 5.5.2 Command unrecognized");
}

static void
serve(int fd, SSL_CTX *ctx, const char *root, const char *auth)
{
	struct conn *c = calloc(1, sizeof(*c));
	char line[LINE_MAX_LEN];
	int one = 1;

	if (c == NULL)
		_exit(1);
	c->fd = fd;
	c->spool = -1;
	c->root = root;
	c->auth = auth;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (say(c, "220 localhost ESMTP claimkit smtp_sink") == 0)
		while (get_line(c, line, sizeof(line)) >= 0 &&
		    command(c, ctx, line) == 0)
			;
	if (c->ssl) {
		SSL_shutdown(c->ssl);
		SSL_free(c->ssl);
	}
	if (c->spool >= 0)
		close(c->spool);
	close(fd);
	_exit(0);
}

static void
ready(const char *file, int port)
{
	char tmp[4096];
	FILE *fp;

	snprintf(tmp, sizeof(tmp), "%s.tmp", file);
	if ((fp = fopen(tmp, "w")) == NULL)
		die(tmp);
	fprintf(fp, "%d\n", port);
	if (fclose(fp) || rename(tmp, file))
		die(file);
}

int
main(int argc, char **argv)
{
	const char *ready_file = NULL, *auth = NULL, *arg[5];
	struct sockaddr_in sa = {0};
	SSL_CTX *ctx;
	int n = 0, s, one = 1;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--ready") && i + 1 < argc)
			ready_file = argv[++i];
		else if (n < 5)
			arg[n++] = argv[i];
		else
			n = 99;
	}
	if (n < 4 || n > 5) {
		fprintf(stderr, "usage: smtp_sink PORT ROOT CERT KEY "
		    "[USER:PASSWORD] [--ready FILE]\n");
		return 2;
	}
	if (n == 5) {
		if (strchr(arg[4], ':') == NULL) {
			fprintf(stderr, "smtp_sink: expected USER:PASSWORD\n");
			return 2;
		}
		auth = arg[4];
	}
	if ((ctx = SSL_CTX_new(TLS_server_method())) == NULL ||
	    SSL_CTX_use_certificate_chain_file(ctx, arg[2]) != 1 ||
	    SSL_CTX_use_PrivateKey_file(ctx, arg[3], SSL_FILETYPE_PEM) != 1) {
		fprintf(stderr, "smtp_sink: cannot load '%s' and '%s'\n",
		    arg[2], arg[3]);
		ERR_print_errors_fp(stderr);
		return 1;
	}
	signal(SIGCHLD, SIG_IGN);       /* children reaped by the kernel */
	signal(SIGPIPE, SIG_IGN);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)atoi(arg[0]));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((s = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		die("socket");
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		die("cannot bind");
	if (listen(s, 64) < 0)
		die("listen");
	if (ready_file)
		ready(ready_file, atoi(arg[0]));
	for (;;) {
		int fd = accept(s, NULL, NULL);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			die("accept");
		}
		switch (fork()) {
		case -1:
			close(fd);
			break;
		case 0:
			close(s);
			serve(fd, ctx, arg[1], auth);
			break;
		default:
			close(fd);
		}
	}
}
