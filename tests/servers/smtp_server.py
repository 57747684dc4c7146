#!/usr/bin/python3
"""SMTP test server for claimkit's tests: a mail relay that keeps mail.

usage: smtp_server.py PORT ROOT CERT KEY [USER:PASSWORD] [--ready FILE]
       smtp_server.py --sms PORT ROOT CERT KEY [USER:PASSWORD] [--ready FILE]

SMTP (Debian's python3-aiosmtpd) on 127.0.0.1:PORT only: STARTTLS with
CERT and KEY is required before MAIL; with USER:PASSWORD, AUTH (PLAIN or
LOGIN) too.  Each message is kept as ROOT/mail/NAME.eml, its first line
"X-Envelope-To: ADDRESS" (one per recipient), then the message as
received.  Failure injection, read at each command:
  ROOT/.rcpt     a reply such as "451 4.3.0 Try later" or "550 5.1.1 No
                 such user" given to every RCPT instead of 250
  ROOT/.delay    seconds to wait before answering DATA (to stop a client
                 in the middle); ROOT/.delaying exists while it waits

With --sms, an HTTPS SMS API instead (a Twilio-style form POST):
  POST /Messages   form fields To, From, Body (HTTP basic auth with
                   USER:PASSWORD when given); kept as ROOT/sms/NAME.json;
                   answers 201 {"sid": ...}
  ROOT/.status   a number: every request answered with it (e.g. 503)
  ROOT/.refuse   numbers, one a line: answered 400 {"code": 21211, ...}

--ready FILE is written (with the port) once the port listens.  Stops on
SIGTERM.
"""
import argparse
import asyncio
import base64
import itertools
import json
import os
import signal
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

COUNT = itertools.count(1)


def keep(folder, ext, data):
    name = "%d-%06d%s" % (time.time_ns(), next(COUNT), ext)
    tmp = os.path.join(folder, "." + name)
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, os.path.join(folder, name))


def injected(root, name):
    try:
        with open(os.path.join(root, name)) as f:
            return f.read().strip()
    except OSError:
        return ""


class Mailbox:
    def __init__(self, root):
        self.root = root

    async def handle_RCPT(self, server, session, envelope, address, options):
        forced = injected(self.root, ".rcpt")
        if forced:
            return forced
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        delay = injected(self.root, ".delay")
        if delay:
            # a test waits for this before it takes .delay away
            marker = os.path.join(self.root, ".delaying")
            open(marker, "w").close()
            await asyncio.sleep(float(delay))
            try:
                os.unlink(marker)
            except OSError:
                pass
        head = "".join("X-Envelope-To: %s\r\n" % a for a in envelope.rcpt_tos)
        keep(os.path.join(self.root, "mail"), ".eml",
             head.encode() + envelope.original_content)
        return "250 2.0.0 Message accepted"


def smtp(a, ctx, ready):
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    def authenticator(server, session, envelope, mechanism, data):
        user, _, password = a.auth.partition(":")
        ok = (data is not None and data.login == user.encode()
              and data.password == password.encode())
        return AuthResult(success=ok)
    kw = dict(tls_context=ctx, require_starttls=True)
    if a.auth:
        kw.update(auth_required=True, auth_require_tls=True,
                  authenticator=authenticator)
    else:
        kw.update(auth_require_tls=True)
    os.makedirs(os.path.join(a.root, "mail"), mode=0o700, exist_ok=True)
    c = Controller(Mailbox(a.root), hostname="127.0.0.1", port=a.port,
                   server_hostname="localhost", **kw)
    c.start()
    ready()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda s, f: done.set())
    signal.signal(signal.SIGINT, lambda s, f: done.set())
    done.wait()
    c.stop()


class Sms(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("sms: %s\n" % (fmt % args))

    def reply(self, code, obj):
        body = (json.dumps(obj) + "\n").encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        root = self.server.root
        n = int(self.headers.get("Content-Length", "0"))
        data = self.rfile.read(n)
        forced = injected(root, ".status")
        if forced and forced != "0":
            self.reply(int(forced), {"message": "forced status"})
            return
        if self.server.auth:
            want = "Basic " + base64.b64encode(
                self.server.auth.encode()).decode()
            if self.headers.get("Authorization") != want:
                self.reply(401, {"code": 20003, "message": "Authenticate"})
                return
        if self.path.split("?")[0].rstrip("/").split("/")[-1] != "Messages":
            self.reply(404, {"message": "not found"})
            return
        form = {k: v[0] for k, v in parse_qs(data.decode()).items()}
        if form.get("To", "") in injected(root, ".refuse").split():
            self.reply(400, {"code": 21211, "message":
                             "The 'To' number %s is not a valid phone number."
                             % form.get("To")})
            return
        keep(os.path.join(root, "sms"), ".json", json.dumps(form).encode())
        self.reply(201, {"sid": "SM%d" % time.time_ns()})


def sms(a, ctx, ready):
    os.makedirs(os.path.join(a.root, "sms"), mode=0o700, exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", a.port), Sms)
    server.daemon_threads = True
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    server.root = a.root
    server.auth = a.auth

    def stop(signum, frame):
        raise SystemExit(0)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    ready()
    try:
        server.serve_forever(poll_interval=0.2)
    except SystemExit:
        pass


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sms", action="store_true")
    ap.add_argument("port", type=int)
    ap.add_argument("root")
    ap.add_argument("cert")
    ap.add_argument("key")
    ap.add_argument("auth", nargs="?", help="USER:PASSWORD")
    ap.add_argument("--ready", help="file written once listening")
    a = ap.parse_args()
    a.root = os.path.abspath(a.root)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(a.cert, a.key)

    def ready():
        if a.ready:
            with open(a.ready + ".tmp", "w") as f:
                f.write("%d\n" % a.port)
            os.replace(a.ready + ".tmp", a.ready)
    (sms if a.sms else smtp)(a, ctx, ready)


if __name__ == "__main__":
    main()
