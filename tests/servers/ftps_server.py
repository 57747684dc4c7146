#!/usr/bin/python3
"""FTPS test server for claimkit's tests: explicit TLS (AUTH TLS on the
control port), TLS required for login and for every data connection, one
user with a password, passive mode only, on ports given on the command line.

usage: ftps_server.py PORT ROOT USER PASSWORD CERT KEY
                      [--pasv-ports P1,P2,...] [--ready FILE]

Listens on 127.0.0.1:PORT only.  ROOT is the user's home (the tests make
in/ and out/ under it).  --ready FILE is written (with the port) once the
control port listens.  Active mode (PORT, EPRT) is refused.
FTPS_LOG=DEBUG in the environment logs every command and TLS step.
Needs Debian's python3-pyftpdlib and python3-openssl (run it with
/usr/bin/python3: a Python of its own may lack them).
Started and stopped by tests/cli/servers.sh; stops on SIGTERM.
"""
import argparse
import logging
import os
import signal
import sys
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)

from pyftpdlib.authorizers import DummyAuthorizer  # noqa: E402
from pyftpdlib.handlers import TLS_DTPHandler, TLS_FTPHandler  # noqa: E402
from pyftpdlib.servers import FTPServer  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("port", type=int)
    ap.add_argument("root")
    ap.add_argument("user")
    ap.add_argument("password")
    ap.add_argument("cert")
    ap.add_argument("key")
    ap.add_argument("--pasv-ports", default="",
                    help="comma-separated passive data ports")
    ap.add_argument("--ready", help="file written once listening")
    a = ap.parse_args()

    level = os.environ.get("FTPS_LOG", "INFO")   # DEBUG shows every command
    logging.basicConfig(stream=sys.stderr, level=getattr(logging, level),
                        format="ftps[%(process)d] %(message)s")

    auth = DummyAuthorizer()
    # e: cd, l: list, r: retrieve, a: append, d: delete, f: rename,
    # m: mkdir, w: store, M: chmod, T: mtime
    auth.add_user(a.user, a.password, os.path.abspath(a.root),
                  perm="elradfmwMT")

    class DTPHandler(TLS_DTPHandler):
        # pyftpdlib 1.5.7 (Debian 12) closes a passive data connection on
        # which the client speaks before the transfer command, and curl
        # starts the TLS handshake as soon as it connects: curl then fails
        # with "(13) Bad PASV/EPSV response: 200".  While the handshake is
        # under way the connection must be readable (the fix of pyftpdlib
        # 1.5.8, giampaolo/pyftpdlib#604 and #612).
        def readable(self):
            if getattr(self, "_ssl_accepting", False):
                return True
            return super().readable()

    class Handler(TLS_FTPHandler):
        dtp_handler = DTPHandler

    Handler.authorizer = auth
    Handler.certfile = a.cert
    Handler.keyfile = a.key
    Handler.tls_control_required = True   # no USER/PASS before AUTH TLS
    Handler.tls_data_required = True      # PROT P before any transfer
    Handler.permit_foreign_addresses = False
    Handler.permit_privileged_ports = False
    Handler.banner = "claimkit test FTPS server ready."
    Handler.proto_cmds = dict((k, v) for k, v in
                              TLS_FTPHandler.proto_cmds.items()
                              if k not in ("PORT", "EPRT"))
    if a.pasv_ports:
        Handler.passive_ports = [int(p) for p in a.pasv_ports.split(",")]

    server = FTPServer(("127.0.0.1", a.port), Handler)
    server.max_cons = 32
    server.max_cons_per_ip = 32

    def stop(signum, frame):
        raise SystemExit(0)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    if a.ready:
        tmp = a.ready + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % server.address[1])
        os.replace(tmp, a.ready)
    try:
        server.serve_forever(handle_exit=False)
    except SystemExit:
        pass
    finally:
        server.close_all()


if __name__ == "__main__":
    main()
