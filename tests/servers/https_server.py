#!/usr/bin/python3
"""HTTPS test server for claimkit's tests: a clearinghouse's upload API.

usage: https_server.py PORT ROOT CERT KEY [USER:PASSWORD] [--ready FILE]

Listens on 127.0.0.1:PORT only, TLS with CERT and KEY (PEM).  With
USER:PASSWORD every request needs that HTTP basic auth (401 otherwise).

  POST /upload          multipart/form-data with a file field named "file":
                        stored as ROOT/in/NAME (NAME is the part's filename;
                        written to a temporary name, then renamed); answers
                        200 {"received": NAME, "bytes": N}
  GET /out/             the names of the files in ROOT/out/, one a line
  GET /out/NAME         that file
  DELETE /out/NAME      removes it (204)

Failure injection: while ROOT/.status holds a number (e.g. 503), every
request is answered with that status and nothing is stored.
--ready FILE is written (with the port) once the port listens.  Stops on
SIGTERM.  Python standard library only.
"""
import argparse
import base64
import email.message
import email.parser
import email.utils
import json
import os
import signal
import ssl
import sys
import tempfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

MAX_BODY = 512 * 1024 * 1024
SOCKET_TIMEOUT = 30


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, addr, handler, ctx, root, auth):
        super().__init__(addr, handler)
        self.ctx = ctx
        self.root = root
        self.auth = auth

    def finish_request(self, request, client_address):
        # The TLS handshake happens here, in the request's own thread, so a
        # client that stalls or aborts it (a refused certificate) never
        # holds up the others.
        request.settimeout(SOCKET_TIMEOUT)
        try:
            tls = self.ctx.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError) as e:
            sys.stderr.write("https: handshake with %s:%d failed: %s\n"
                             % (client_address + (e,)))
            return
        try:
            self.RequestHandlerClass(tls, client_address, self)
        except (ssl.SSLError, OSError) as e:
            sys.stderr.write("https: connection from %s:%d: %s\n"
                             % (client_address + (e,)))
        finally:
            try:
                tls.close()
            except OSError:
                pass


def header_params(value):
    """The main value and the parameters of a header like Content-Type."""
    m = email.message.Message()
    m["X"] = value
    params = dict((k.lower(), email.utils.collapse_rfc2231_value(v))
                  for k, v in m.get_params(header="X", failobj=[])[1:])
    return value.split(";")[0].strip(), params


def parse_multipart(ctype, body):
    """[(field name, filename or None, bytes)] of a multipart/form-data
    body, or None when it is malformed."""
    boundary = header_params(ctype)[1].get("boundary")
    if not boundary:
        return None
    delim = b"\r\n--" + boundary.encode("latin-1")
    sections = (b"\r\n" + body).split(delim)
    if len(sections) < 3 or not sections[-1].startswith(b"--"):
        return None
    fields = []
    for sec in sections[1:-1]:
        eol = sec.find(b"\r\n")        # transport padding, then CRLF
        if eol < 0 or sec[:eol].strip(b" \t"):
            return None
        sec = sec[eol + 2:]
        if sec.startswith(b"\r\n"):
            head, content = b"", sec[2:]
        else:
            head, sep, content = sec.partition(b"\r\n\r\n")
            if not sep:
                return None
        headers = email.parser.HeaderParser().parsestr(
            head.decode("utf-8", "replace") + "\r\n\r\n")
        disp = headers.get("Content-Disposition")
        if disp is None:
            return None
        kind, params = header_params(disp)
        if kind.lower() != "form-data" or "name" not in params:
            return None
        fields.append((params["name"], params.get("filename"), content))
    return fields


def safe_name(name):
    """A plain file name, or None."""
    if not name or name in (".", "..") or len(name) > 255:
        return None
    if any(c in name for c in "/\\\0") or name.startswith("."):
        return None
    return name


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "claimkit-test-https/1"
    sys_version = ""

    def log_message(self, fmt, *args):
        sys.stderr.write("https: %s %s\n" % (self.address_string(),
                                             fmt % args))

    # ---- helpers ----
    def reply(self, code, body=b"", ctype="text/plain; charset=utf-8",
              extra=None):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(code)
        if code == 401:
            self.send_header("WWW-Authenticate",
                             'Basic realm="claimkit-test"')
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        if code != 204:
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if body and code != 204 and self.command != "HEAD":
            self.wfile.write(body)

    def error(self, code, msg):
        # Read what is left of the request body first: closing a socket
        # with unread data resets the connection, and the client may then
        # never see this answer.  Never reuse the connection.
        if not self.body_done:
            self.read_body(keep=False)
        self.close_connection = True
        self.reply(code, msg + "\n")

    def read_body(self, keep=True):
        """The request body as bytes (b"" when not keep), or None after
        answering an error."""
        self.body_done = True

        def bad(code, msg):
            self.close_connection = True
            if keep:
                self.error(code, msg)
            return None
        te = self.headers.get("Transfer-Encoding", "").lower()
        if te == "chunked":
            parts, total = [], 0
            while True:
                line = self.rfile.readline(1024)
                try:
                    n = int(line.split(b";")[0].strip(), 16)
                except ValueError:
                    return bad(400, "bad chunk size")
                if n == 0:
                    while self.rfile.readline(1024) not in (b"\r\n", b"\n",
                                                            b""):
                        pass
                    return b"".join(parts)
                total += n
                if total > MAX_BODY:
                    return bad(413, "body too large")
                chunk = self.rfile.read(n)
                if len(chunk) != n:
                    self.close_connection = True
                    return None
                if keep:
                    parts.append(chunk)
                self.rfile.readline(1024)
        if te:
            return bad(501, "unsupported Transfer-Encoding")
        cl = self.headers.get("Content-Length")
        if cl is None and not keep:
            return b""
        if cl is None:
            return bad(411, "Content-Length required")
        try:
            n = int(cl)
        except ValueError:
            return bad(400, "bad Content-Length")
        if n < 0 or n > MAX_BODY:
            return bad(413, "body too large")
        data, left = [], n
        while left > 0:
            chunk = self.rfile.read(min(left, 1 << 20))
            if not chunk:
                self.close_connection = True
                return None
            left -= len(chunk)
            if keep:
                data.append(chunk)
        return b"".join(data)

    def gate(self):
        """Auth and failure injection: True when the request may go on."""
        self.body_done = False
        forced = os.path.join(self.server.root, ".status")
        try:
            with open(forced) as f:
                code = int(f.read().strip() or "0")
        except (OSError, ValueError):
            code = 0
        if code:
            self.error(code, "forced status %d" % code)
            return False
        if self.server.auth is not None:
            want = "Basic " + base64.b64encode(
                self.server.auth.encode()).decode()
            if self.headers.get("Authorization") != want:
                self.error(401, "authentication required")
                return False
        return True

    def out_name(self):
        path = unquote(urlsplit(self.path).path)
        if not path.startswith("/out/"):
            return None, False
        return safe_name(path[len("/out/"):]), path == "/out/"

    # ---- methods ----
    def do_GET(self):
        if not self.gate():
            return
        name, listing = self.out_name()
        outdir = os.path.join(self.server.root, "out")
        if listing:
            names = sorted(n for n in os.listdir(outdir)
                           if not n.startswith(".")
                           and os.path.isfile(os.path.join(outdir, n)))
            self.reply(200, "".join(n + "\n" for n in names))
            return
        if name is None:
            self.error(404, "not found")
            return
        try:
            with open(os.path.join(outdir, name), "rb") as f:
                data = f.read()
        except OSError:
            self.error(404, "not found")
            return
        self.reply(200, data, "application/octet-stream")

    def do_DELETE(self):
        if not self.gate():
            return
        name, _ = self.out_name()
        if name is None:
            self.error(404, "not found")
            return
        try:
            os.unlink(os.path.join(self.server.root, "out", name))
        except FileNotFoundError:
            self.error(404, "not found")
            return
        self.reply(204)

    def do_POST(self):
        if not self.gate():
            return
        if urlsplit(self.path).path != "/upload":
            self.error(404, "not found")
            return
        ctype = self.headers.get("Content-Type", "")
        if not ctype.lower().startswith("multipart/form-data"):
            self.error(415, "expected multipart/form-data")
            return
        body = self.read_body()
        if body is None:
            return
        fields = parse_multipart(ctype, body)
        if fields is None:
            self.error(400, "bad multipart body")
            return
        part = next((f for f in fields if f[0] == "file"), None)
        if part is None:
            self.error(400, "no field named 'file'")
            return
        name = safe_name(part[1])
        if name is None:
            self.error(400, "missing or bad filename")
            return
        data = part[2]
        indir = os.path.join(self.server.root, "in")
        fd, tmp = tempfile.mkstemp(prefix=".up-", dir=indir)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, os.path.join(indir, name))
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        self.reply(200, json.dumps({"received": name, "bytes": len(data)})
                   + "\n", "application/json")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("port", type=int)
    ap.add_argument("root")
    ap.add_argument("cert")
    ap.add_argument("key")
    ap.add_argument("auth", nargs="?", help="USER:PASSWORD")
    ap.add_argument("--ready", help="file written once listening")
    a = ap.parse_args()
    if a.auth is not None and ":" not in a.auth:
        ap.error("auth must be USER:PASSWORD")

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(a.cert, a.key)
    root = os.path.abspath(a.root)
    for sub in ("in", "out"):
        os.makedirs(os.path.join(root, sub), mode=0o700, exist_ok=True)

    server = Server(("127.0.0.1", a.port), Handler, ctx, root, a.auth)

    def stop(signum, frame):
        raise SystemExit(0)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    if a.ready:
        tmp = a.ready + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % server.server_address[1])
        os.replace(tmp, a.ready)
    try:
        server.serve_forever(poll_interval=0.2)
    except SystemExit:
        pass
    finally:
        server.socket.close()


if __name__ == "__main__":
    main()
