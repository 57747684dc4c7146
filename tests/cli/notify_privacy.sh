#!/bin/sh
# The privacy test: 1,000 guarantors with 1 to 4 patients each are
# loaded (in shuffled order) and sent through the real SMTP server.
# Every delivered message is parsed: its envelope recipient, its To and
# its text must all be one guarantor's, with that guarantor's name,
# balance and every one of its patients, and no other guarantor's or
# patient's name, account or address anywhere in the message.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/servers.sh"
. "$SRCDIR/tests/cli/notify_lib.sh"
cd "$T"
start_smtp
nq_setup
nq_servers_config
python3 - >s.csv <<'PY'
import random
random.seed(12)
print("statement_id,statement_date,guarantor_id,guarantor_name,email,mobile,channel,patient_id,patient_name,balance,oldest_service_date,profile")
rows = []
for g in range(1, 1001):
    for k in range(1, random.randint(1, 4) + 1):
        cents = random.randint(100, 99999)
        rows.append("ST%04d,2026-11-30,GID%04d,Gname%04d Q. Public,grn%04d@example.org,,email,PID%04d%d,Kid%04d%d Public,%d.%02d,2026-10-%02d,standard"
                    % (g, g, g, g, g, k, g, k, cents // 100, cents % 100, random.randint(1, 28)))
random.shuffle(rows)
print("\n".join(rows))
PY
run notify-queue load s.csv
expect_rc 0 "load 1,000 guarantors"
expect_err "queued 1000 notification(s)" "one per guarantor"
export CLAIMKIT_NOW=2026-11-30T16:00:00Z
run notify-queue send
expect_rc 0 "send 1,000"
expect_eq "$(mails)" 1000 "1,000 messages delivered"
python3 - s.csv "$SMTP_ROOT/mail" >check.txt <<'PY'
import csv, email, email.policy, glob, os, re, sys
want = {}
for r in csv.DictReader(open(sys.argv[1])):
    g = want.setdefault(r["guarantor_id"][3:], {"cents": 0, "kids": set()})
    d, c = r["balance"].split(".")
    g["cents"] += int(d) * 100 + int(c)
    g["kids"].add(r["patient_id"][3:])
bad, seen = [], set()
for p in sorted(glob.glob(os.path.join(sys.argv[2], "*.eml"))):
    m = email.message_from_bytes(open(p, "rb").read(), policy=email.policy.default)
    rcpt = m["X-Envelope-To"]
    g = re.fullmatch(r"grn(\d{4})@example\.org", rcpt or "")
    if not g:
        bad.append("%s: recipient %r" % (p, rcpt)); continue
    g = g.group(1)
    if g in seen:
        bad.append("%s: guarantor %s twice" % (p, g))
    seen.add(g)
    body = m.get_content()
    text = "".join("%s: %s\n" % (k, v) for k, v in m.items()) + body
    if m["To"] != "grn%s@example.org" % g and m["To"] != "<grn%s@example.org>" % g:
        bad.append("%s: To %r for %s" % (p, m["To"], g))
    # every guarantor, patient and address named anywhere is this one's
    for pat in (r"Gname(\d{4})", r"grn(\d{4})@", r"GID(\d{4})", r"ST(\d{4})"):
        for x in re.findall(pat, text):
            if x != g:
                bad.append("%s: to %s names %s" % (p, g, pat.replace("(\\d{4})", x)))
    kids = set(re.findall(r"Kid(\d{5}) Public", text))
    accts = set(re.findall(r"PID(\d{5})", text))
    if kids != want[g]["kids"] or accts != want[g]["kids"]:
        bad.append("%s: to %s patients %s accounts %s, expected %s" % (p, g, sorted(kids), sorted(accts), sorted(want[g]["kids"])))
    if "Gname%s Q. Public" % g not in body:
        bad.append("%s: to %s without its name" % (p, g))
    c = want[g]["cents"]
    if "You owe %d.%02d " % (c // 100, c % 100) not in body:
        bad.append("%s: to %s without its balance %d" % (p, g, c))
print("messages", len(seen))
print("\n".join(bad[:20]))
print("problems", len(bad))
PY
expect_eq "$(grep '^messages' check.txt)" "messages 1000" "every guarantor got one message"
expect_eq "$(grep '^problems' check.txt)" "problems 0" "each message carries only its guarantor's data: $(head -n 5 check.txt)"
finish
