#!/usr/bin/env python3
"""ptyrun.py - run a program with a pseudo-terminal as its controlling
terminal while its stdin and stdout stay files, and type on that terminal.

usage: ptyrun.py [--stdin FILE] [--stdout FILE] [--timeout S]
                 [--expect TEXT | --send KEYS | --sleep S | --run SH]...
                 -- CMD [ARG]...

The program runs in a new session whose controlling terminal is a fresh
pseudo-terminal (24x80, TERM=dumb, canonical mode with echo, ISIG and
ICRNL, ^C interrupts, ^D ends input), so /dev/tty is that terminal; its
stdin is FILE (default /dev/null), its stdout goes to FILE (default
discarded), its stderr to the terminal.  This is the program in
`producer | program > out` typed at by a person.

--expect, --send, --sleep and --run are steps, done in the order given:
  --expect TEXT  wait (at most --timeout seconds, default 20) until TEXT
                 appears in what the terminal showed after the previous
                 match (CR LF counted as LF)
  --send KEYS    type KEYS on the terminal
  --sleep S      pause S seconds (a person's reaction time), reading on
  --run SH       run the shell command SH (sh -c, stdin /dev/null, its
                 output to ptyrun.py's stderr) to its end, at most
                 --timeout seconds, reading on: another process acting
                 while the program waits at its prompt; should SH fail,
                 the program is killed and ptyrun.py exits 6
Escapes: \\n (in KEYS: Enter, sent as CR as a terminal does; in TEXT: a
line break), \\r, \\t, \\e, \\\\, \\xHH (\\x03 is Ctrl-C, \\x04 Ctrl-D).

After the steps it waits (at most --timeout seconds) for the program to
exit, drains the terminal, and prints a report on stdout:
  exit=N | signal=N
  --- terminal ---
  everything the terminal showed, CR LF as LF
preceded, when something went wrong, by a line `timeout: ...` or
`unmet: ...`.

Exit status: 0 the run completed (whatever the program's own status),
2 usage error, 3 timeout (the program's process group is killed),
4 the program ended before an --expect TEXT appeared, 5 the program
could not be started, 6 a --run command failed.

Python 3 standard library only; Linux and the BSDs.
"""

import errno
import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time

PROG = "ptyrun.py"
ROWS, COLS = 24, 80


def usage(msg):
    sys.stderr.write("%s: %s\n%s" % (PROG, msg, __doc__.split("\n\n")[1]
                                     + "\n"))
    sys.exit(2)


def unescape(s, enter):
    """Decodes the escapes of KEYS/TEXT into bytes; \\n becomes enter."""
    out = bytearray()
    raw = s.encode("utf-8", "surrogateescape")
    i = 0
    while i < len(raw):
        c = raw[i:i + 1]
        if c != b"\\":
            out += c
            i += 1
            continue
        if i + 1 >= len(raw):
            usage("'%s': a lone backslash at the end" % s)
        e = raw[i + 1:i + 2]
        i += 2
        if e == b"n":
            out += enter
        elif e == b"r":
            out += b"\r"
        elif e == b"t":
            out += b"\t"
        elif e == b"e":
            out += b"\x1b"
        elif e == b"\\":
            out += b"\\"
        elif e == b"x":
            h = raw[i:i + 2]
            try:
                if len(h) != 2:
                    raise ValueError
                out.append(int(h, 16))
            except ValueError:
                usage("'%s': \\x needs two hex digits" % s)
            i += 2
        else:
            usage("'%s': unknown escape '\\%s'" % (s, e.decode("latin-1")))
    return bytes(out)


def parse(argv):
    opts = {"stdin": "/dev/null", "stdout": "/dev/null", "timeout": 20.0}
    steps = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--":
            cmd = argv[i + 1:]
            if not cmd:
                usage("no command after '--'")
            return opts, steps, cmd
        if a in ("-h", "--help"):
            sys.stdout.write(__doc__)
            sys.exit(0)
        if a not in ("--stdin", "--stdout", "--timeout", "--expect",
                     "--send", "--sleep", "--run"):
            usage("unknown option '%s'" % a)
        if i + 1 >= len(argv):
            usage("missing argument to '%s'" % a)
        v = argv[i + 1]
        i += 2
        if a == "--timeout":
            try:
                opts["timeout"] = float(v)
                if not opts["timeout"] > 0:
                    raise ValueError
            except ValueError:
                usage("--timeout: expected seconds, got '%s'" % v)
        elif a == "--sleep":
            try:
                steps.append(("sleep", v, float(v)))
                if not steps[-1][2] >= 0:
                    raise ValueError
            except ValueError:
                usage("--sleep: expected seconds, got '%s'" % v)
        elif a == "--expect":
            steps.append(("expect", v, unescape(v, b"\n")))
        elif a == "--send":
            steps.append(("send", v, unescape(v, b"\r")))
        elif a == "--run":
            steps.append(("run", v, v))
        else:
            opts[a[2:]] = v
    usage("no '--' before the command")


def setup_terminal(fd):
    """A terminal as a person's: 24x80, cooked, echo, signals, CR -> NL."""
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    a = termios.tcgetattr(fd)
    a[0] |= termios.ICRNL
    a[0] &= ~(termios.INLCR | termios.IGNCR)
    a[1] |= termios.OPOST | termios.ONLCR
    a[3] |= termios.ICANON | termios.ECHO | termios.ISIG | termios.IEXTEN
    a[6][termios.VINTR] = b"\x03"
    a[6][termios.VEOF] = b"\x04"
    a[6][termios.VQUIT] = b"\x1c"
    a[6][termios.VSUSP] = b"\x1a"
    a[6][termios.VERASE] = b"\x7f"
    termios.tcsetattr(fd, termios.TCSANOW, a)


def child(cmd, in_fd, out_fd, master, slave, errw):
    """In the forked child: new session, the pty as controlling terminal
    and stderr, the files as stdin and stdout, then exec.  Never returns."""
    stage = "setting up"
    try:
        os.close(master)
        stage = "setsid"
        os.setsid()                       # session and group leader
        stage = "making the pty the controlling terminal (TIOCSCTTY)"
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
        # the session leader's group is the terminal's foreground group
        # already; say so, so that ^C surely reaches it
        stage = "tcsetpgrp"
        os.tcsetpgrp(slave, os.getpgrp())
        stage = "redirecting stdin, stdout, stderr"
        os.dup2(in_fd, 0)
        os.dup2(out_fd, 1)
        os.dup2(slave, 2)
        for fd in (in_fd, out_fd, slave):
            if fd > 2:
                os.close(fd)
        # a shell gives a foreground job default dispositions, whatever
        # the caller ignored (sh ignores SIGINT in background commands)
        stage = "resetting signals"
        for s in (signal.SIGINT, signal.SIGQUIT, signal.SIGTSTP,
                  signal.SIGTTIN, signal.SIGTTOU, signal.SIGPIPE,
                  signal.SIGHUP, signal.SIGTERM, signal.SIGCHLD):
            signal.signal(s, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, [])
        env = dict(os.environ)
        env["TERM"] = "dumb"
        env["LINES"], env["COLUMNS"] = str(ROWS), str(COLS)
        stage = cmd[0]
        os.execvpe(cmd[0], cmd, env)
    except BaseException as e:            # report to the parent, then die
        try:
            why = getattr(e, "strerror", None) or e
            if stage == cmd[0]:
                msg = "cannot run %s: %s" % (stage, why)
            else:
                msg = "cannot start %s: %s: %s" % (cmd[0], stage, why)
            os.write(errw, msg.encode("utf-8", "replace"))
        finally:
            os._exit(127)


def main():
    opts, steps, cmd = parse(sys.argv[1:])
    # fds 0-2 open, so no descriptor we make lands on them
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            os.open(os.devnull, os.O_RDWR)
    try:
        in_fd = os.open(opts["stdin"], os.O_RDONLY)
    except OSError as e:
        usage("--stdin: cannot open '%s': %s" % (opts["stdin"], e.strerror))
    try:
        out_fd = os.open(opts["stdout"], os.O_WRONLY | os.O_CREAT |
                         os.O_TRUNC, 0o600)
    except OSError as e:
        usage("--stdout: cannot open '%s': %s" % (opts["stdout"],
                                                   e.strerror))
    master, slave = os.openpty()
    setup_terminal(slave)
    errr, errw = os.pipe()                # close-on-exec: EOF means exec'd
    pid = os.fork()
    if pid == 0:
        os.close(errr)
        child(cmd, in_fd, out_fd, master, slave, errw)
    os.close(errw)
    for fd in (slave, in_fd, out_fd):
        os.close(fd)
    execerr = b""
    while True:
        b = os.read(errr, 4096)
        if not b:
            break
        execerr += b
    os.close(errr)

    timeout = opts["timeout"]
    buf = bytearray()                     # everything the terminal showed
    state = {"eof": False, "status": None}

    def norm():
        return bytes(buf).replace(b"\r\n", b"\n")

    def pump(wait):
        """Reads what the terminal has (waiting at most wait seconds),
        and reaps the program when it is done."""
        if state["status"] is None:
            p, st = os.waitpid(pid, os.WNOHANG)
            if p == pid:
                state["status"] = st
        if state["eof"]:
            if wait > 0:
                time.sleep(min(wait, 0.05))
            return
        r, _, _ = select.select([master], [], [], wait)
        if r:
            try:
                b = os.read(master, 65536)
            except OSError as e:
                if e.errno != errno.EIO:
                    raise
                b = b""               # EIO: no slave open any more
            if b:
                buf.extend(b)
            else:
                state["eof"] = True

    def report(problem, code):
        if problem:
            sys.stderr.write("%s: %s\n" % (PROG, problem))
        st = state["status"]
        lines = []
        if problem:
            lines.append(problem)
        if st is None:
            lines.append("exit=?")
        elif os.WIFSIGNALED(st):
            lines.append("signal=%d" % os.WTERMSIG(st))
        else:
            lines.append("exit=%d" % os.WEXITSTATUS(st))
        lines.append("--- terminal ---")
        text = norm().decode("utf-8", "replace")
        out = "\n".join(lines) + "\n" + text
        if text and not text.endswith("\n"):
            out += "\n"
        os.write(1, out.encode("utf-8"))
        os.close(master)
        sys.exit(code)

    def kill():
        for sig in (signal.SIGKILL,):
            try:
                os.killpg(pid, sig)
            except OSError:
                try:
                    os.kill(pid, sig)
                except OSError:
                    pass
        if state["status"] is None:
            state["status"] = os.waitpid(pid, 0)[1]

    if execerr:
        state["status"] = os.waitpid(pid, 0)[1]
        buf.extend(execerr + b"\n")
        report(execerr.decode("utf-8", "replace"), 5)

    pos = 0                               # in norm(): after the last match
    for kind, text, data in steps:
        if kind == "expect":
            deadline = time.monotonic() + timeout
            while True:
                n = norm()
                k = n.find(data, pos)
                if k >= 0:
                    pos = k + len(data)
                    break
                if state["eof"] and state["status"] is not None:
                    report("unmet: the program ended before '%s' appeared"
                           % text, 4)
                left = deadline - time.monotonic()
                if left <= 0:
                    kill()
                    report("timeout: waited %g s for '%s'" % (timeout, text),
                           3)
                pump(min(left, 0.1))
        elif kind == "run":
            deadline = time.monotonic() + timeout
            p = subprocess.Popen(["sh", "-c", data], stdin=subprocess.DEVNULL,
                                 stdout=sys.stderr, start_new_session=True)
            while p.poll() is None:
                if time.monotonic() > deadline:
                    os.killpg(p.pid, signal.SIGKILL)
                    p.wait()
                    kill()
                    report("timeout: waited %g s for '%s'" % (timeout, text),
                           3)
                pump(0.05)
            if p.returncode != 0:
                kill()
                report("run: '%s' exited %d" % (text, p.returncode), 6)
        elif kind == "sleep":
            until = time.monotonic() + data
            while time.monotonic() < until:
                pump(max(0.0, min(until - time.monotonic(), 0.05)))
        else:
            try:
                os.write(master, data)
            except OSError as e:
                sys.stderr.write("%s: could not type '%s': %s\n"
                                 % (PROG, text, e.strerror))

    # the program's exit, then what is left on the terminal
    deadline = time.monotonic() + timeout
    while state["status"] is None:
        left = deadline - time.monotonic()
        if left <= 0:
            kill()
            report("timeout: the program did not exit within %g s" % timeout,
                   3)
        pump(min(left, 0.1))
    # a descendant may hold the terminal open: drain, but boundedly
    quiet = time.monotonic() + 0.5
    hard = time.monotonic() + min(timeout, 5.0)
    while not state["eof"] and time.monotonic() < min(quiet, hard):
        before = len(buf)
        pump(0.05)
        if len(buf) != before:
            quiet = time.monotonic() + 0.5
    report(None, 0)


if __name__ == "__main__":
    main()
