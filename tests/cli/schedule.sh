#!/bin/sh
# claim-batch schedule and due: the crontab lines that schedule prints
# mean what its --next says.  A small evaluator written from Debian's
# crontab(5) and cron(8) (below, cron.py) lists the minutes at which
# Debian's cron would start each line's command on a server in a given
# zone, runs the line's own guard for each of them, and the first K that
# pass must be the K times of --next.
. "$SRCDIR/tests/cli/lib.sh"
cd "$T"

cat >cron.py <<'PY'
"""cron.py [--lines] CRONTAB NOW K SPAN [ZONE]: the first K minutes
after NOW and within SPAN (such as 2y, 30d or 26h), at which Debian's
cron would run the jobs of CRONTAB and their guard lets the run go on,
as YYYY-MM-DD HH:MM on the clock of ZONE (default the server's), which
is also the clock of NOW; with --lines, each after the number of its
job's line.  The server's zone is $SYSTEM_TZ (default UTC).

crontab(5) of Debian's cron 3.0pl1: a job line is five time fields --
minute, hour, day of month, month, day of week -- then the command.  A
field is * or a list of numbers and ranges, each range or * maybe with
a /step; months and days of the week may be named; day of week 7 is
Sunday too.  The job runs in a minute that every field names, except
that when both day fields are restricted (neither starts with *) a day
named by either one will do.  The fields are read on the server's clock,
the zone of the daemon: this cron has no CRON_TZ.  A NAME=VALUE line,
CRON_TZ= and TZ= among them, only sets the environment of the jobs
after it.  (A change of summer time on the server is not simulated: the
server's zone must keep one offset, as UTC or Asia/Kolkata do.)

A command "GUARD && RUN" runs RUN only when GUARD exits 0: GUARD is run
in the environment the lines above it set, with TZ the server's zone
unless they set one, and CLAIMKIT_NOW the minute cron starts it.
"""
import datetime as dt
import os
import shlex
import subprocess
import sys
from zoneinfo import ZoneInfo

MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
DAYS = "sun mon tue wed thu fri sat".split()
UTC = dt.timezone.utc


def value(text, lo, hi, names):
    if names and text.lower() in names:
        return names.index(text.lower()) + lo
    v = int(text)
    if not lo <= v <= hi:
        raise ValueError("%s out of %d-%d" % (text, lo, hi))
    return v


def field(text, lo, hi, names=None):
    out = set()
    for item in text.split(","):
        rng, slash, step = item.partition("/")
        step = int(step) if slash else 1
        if step < 1:
            raise ValueError(item)
        if rng == "*":
            a, b = lo, hi
        elif "-" in rng:
            a, b = (value(x, lo, hi, names) for x in rng.split("-"))
        elif slash:
            raise ValueError("a step needs a range: " + item)
        else:
            a = b = value(rng, lo, hi, names)
        if a > b:
            raise ValueError(item)
        out.update(range(a, b + 1, step))
    return out


def job(line, env, number):
    f = line.split(None, 5)
    if len(f) < 6:
        raise ValueError("not a job line: " + line)
    cmd = f[5]
    if "%" in cmd.replace("\\%", ""):
        raise ValueError("unescaped %% in the command: " + cmd)
    dow = {d % 7 for d in field(f[4], 0, 7, DAYS)}
    return dict(minute=field(f[0], 0, 59), hour=field(f[1], 0, 23),
                dom=field(f[2], 1, 31), month=field(f[3], 1, 12, MONTHS),
                dow=dow, dom_star=f[2].startswith("*"),
                dow_star=f[4].startswith("*"), cmd=cmd, env=dict(env),
                number=number)


def day_matches(j, d):
    if d.month not in j["month"]:
        return False
    by_dom = d.day in j["dom"]
    by_dow = (d.weekday() + 1) % 7 in j["dow"]     # Monday is 1
    if j["dom_star"] or j["dow_star"]:
        return by_dom and by_dow
    return by_dom or by_dow


def guard_passes(j, t, system):
    if " && " not in j["cmd"]:
        return True
    guard = j["cmd"].split(" && ", 1)[0]
    env = dict(os.environ, TZ=system)
    env.update(j["env"])
    env["CLAIMKIT_NOW"] = t.strftime("%Y-%m-%dT%H:%M:00Z")
    rc = subprocess.run(shlex.split(guard), env=env,
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if rc.returncode not in (0, 1) or rc.stdout or rc.stderr:
        sys.exit("guard %r at %s: exit %d, %r %r" % (
            guard, t, rc.returncode, rc.stdout, rc.stderr))
    return rc.returncode == 0


def span(text):
    n, unit = float(text[:-1]), text[-1]
    return dt.timedelta(days=n * 366) if unit == "y" else \
        dt.timedelta(days=n) if unit == "d" else dt.timedelta(hours=n)


def main():
    args = sys.argv[1:]
    lines = args[0] == "--lines"
    if lines:
        args = args[1:]
    system = os.environ.get("SYSTEM_TZ", "UTC")
    sys_zone = ZoneInfo(system)
    path, now, k, until = args[:4]
    zone = ZoneInfo(args[4]) if len(args) > 4 else sys_zone
    now = dt.datetime.strptime(now, "%Y-%m-%d %H:%M").replace(tzinfo=zone)
    now = now.astimezone(UTC)
    until = now + span(until)
    k = int(k)
    offset = now.astimezone(sys_zone).utcoffset()
    if until.astimezone(sys_zone).utcoffset() != offset:
        sys.exit("the server's zone changes its offset in the span")
    jobs, env = [], {}
    for number, line in enumerate(open(path), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name = line.split("=", 1)[0].strip()
        if "=" in line and name.replace("_", "").isalnum() and \
                not name[0].isdigit() and " " not in name:
            env[name] = line.split("=", 1)[1].strip()
            continue
        jobs.append(job(line, env, number))
    if not jobs:
        sys.exit("no job lines in " + path)
    found = []
    d = (now + offset).date()
    while len(found) < k and dt.datetime(d.year, d.month, d.day,
                                         tzinfo=UTC) - offset < until:
        starts = []
        for j in jobs:
            if day_matches(j, d):
                starts += [(dt.datetime(d.year, d.month, d.day, h, m,
                                        tzinfo=UTC) - offset, j)
                           for h in j["hour"] for m in j["minute"]]
        for t, j in sorted(starts, key=lambda s: (s[0], s[1]["number"])):
            if now < t < until and guard_passes(j, t, system):
                when = t.astimezone(zone).strftime("%Y-%m-%d %H:%M")
                found.append("%d %s" % (j["number"], when) if lines
                             else when)
                if len(found) == k:
                    break
        d += dt.timedelta(days=1)
    sys.stdout.write("".join(f + "\n" for f in found))


main()
PY

NOW='2025-01-01 09:00'

# cron.py itself, on lines worked out by hand from Debian's crontab(5)
# and cron(8): SELFTEST CRONTAB K WANT [SYSTEM_TZ [ZONE]].
selftest() {
	printf '%b\n' "$1" >"$T/hand"
	expect_eq "$(SYSTEM_TZ=${4:-UTC} python3 cron.py "$T/hand" "$NOW" "$2" 1y ${5:-} |
	    tr '\n' ' ')" "$3" "cron.py: $1"
}
selftest '0 12 13 * 5 true' 5 \
	"2025-01-03 12:00 2025-01-10 12:00 2025-01-13 12:00 2025-01-17 12:00 2025-01-24 12:00 "
selftest '0 12 * * 5 true' 3 "2025-01-03 12:00 2025-01-10 12:00 2025-01-17 12:00 "
selftest '*/30 9-10 * feb sun true' 5 \
	"2025-02-02 09:00 2025-02-02 09:30 2025-02-02 10:00 2025-02-02 10:30 2025-02-09 09:00 "
selftest '5 0 1-31/10 * * true' 4 "2025-01-11 00:05 2025-01-21 00:05 2025-01-31 00:05 2025-02-01 00:05 "
selftest '0 0 * * 7 true' 1 "2025-01-05 00:00 "
selftest '0 0 * * * false && true' 3 ""
selftest '0 0 * * * true && false' 2 "2025-01-02 00:00 2025-01-03 00:00 "
# Debian's cron has no CRON_TZ: the fields stay on the server's clock,
# and the line only sets the environment, of every job after it.
selftest 'CRON_TZ=America/New_York\n0 12 * * * true\n0 13 * * * sh -c "test \\"$CRON_TZ\\" = America/New_York" && true' 2 \
	"2025-01-01 12:00 2025-01-01 13:00 "
selftest '0 12 * * * true' 2 "2025-01-02 06:30 2025-01-03 06:30 " Asia/Kolkata UTC
selftest '0 12 * * * true' 1 "2025-01-01 12:00 " Asia/Kolkata
selftest '30 9 * * * sh -c "test \\"$TZ|$CLAIMKIT_NOW\\" = \\"Asia/Kolkata|2025-01-02T04:00:00Z\\"" && true' 2 \
	"2025-01-02 04:00 " Asia/Kolkata UTC
selftest 'TZ=Asia/Tokyo\n* * * * * sh -c "test \\"$TZ\\" = Asia/Tokyo" && true' 1 "2025-01-01 09:01 "
exe=$(readlink -f "$BINDIR/claim-batch")

# check WHAT K YEARS plain|guard PATTERN...: the crontab lines of PATTERN,
# read by cron.py over YEARS years on a server in UTC, run at the times
# --next K prints (both on the clock of $zone when set, else UTC); plain
# lines have no guard, guarded lines all have one.
zone=
check() {
	what=$1 k=$2 years=$3 kind=$4
	shift 4
	run claim-batch schedule "$@" --now "$NOW" -- --upload
	expect_rc 0 "$what: schedule"
	cp "$T/out" "$T/crontab"
	[ ! -s "$T/err" ] || fail "$what: schedule wrote to stderr: $(cat "$T/err")"
	run claim-batch schedule "$@" --now "$NOW" --next "$k"
	expect_rc 0 "$what: --next"
	cp "$T/out" "$T/next"
	[ -s "$T/next" ] || fail "$what: --next printed nothing"
	run python3 cron.py "$T/crontab" "$NOW" "$k" "${years}y" $zone
	expect_rc 0 "$what: cron.py"
	cmp -s "$T/out" "$T/next" || fail "$what: cron would run at
$(head -n 20 "$T/out")
but --next $k says
$(head -n 20 "$T/next")
from the crontab
$(cat "$T/crontab")"
	jobs=$(grep -c . "$T/crontab" || true)
	guarded=$(grep -c " due .* && $exe --db " "$T/crontab" || true)
	if [ "$kind" = plain ]; then
		expect_eq "$guarded" 0 "$what: guards"
	else
		expect_eq "$guarded" "$jobs" "$what: guards"
	fi
	! grep -q '^[A-Za-z_]*=' "$T/crontab" ||
		fail "$what: a NAME=VALUE line leaks onto later lines: $(cat "$T/crontab")"
	cat "$T/crontab" >>"$T/all-lines"
}

check "every day, twice a day" 12 2 plain --daily --at 18:00 --at 06:30
expect_eq "$(grep -c . "$T/crontab")" 2 "twice a day is two lines"
check "mon,thu" 12 2 plain --weekly mon,thu --at 07:15
check "every 2 weeks from a start to come" 12 2 guard \
	--weekly mon --every 2 --start 2025-01-06 --at 06:30
check "every 2 weeks from a past Wednesday" 12 2 guard \
	--weekly mon,fri --every 2 --start 2024-11-13 --at 06:30 --at 13:00
expect_eq "$(head -n 4 "$T/next" | tr '\n' ' ')" \
	"2025-01-06 06:30 2025-01-06 13:00 2025-01-10 06:30 2025-01-10 13:00 " \
	"every 2 weeks from a past Wednesday: the first runs"
check "every 2 weeks on Sunday" 12 2 guard \
	--weekly sun --every 2 --start 2025-01-01 --at 06:30
expect_eq "$(head -n 2 "$T/next" | tr '\n' ' ')" "2025-01-05 06:30 2025-01-19 06:30 " \
	"weeks start on Monday"
check "every 3 days" 12 2 guard --daily --every 3 --start 2024-12-30 --at 00:00
check "every day from a start to come" 12 2 guard --daily --start 2025-03-01 --at 08:00
check "monthly 31" 12 2 plain --monthly 31 --at 05:00
check "monthly 31 every 3 months" 6 3 plain \
	--monthly 31 --every 3 --start 2024-12-15 --at 05:00
check "monthly 30 every 5 months" 5 3 guard \
	--monthly 30 --every 5 --start 2024-10-01 --at 05:00
check "yearly 02-29" 3 16 plain --yearly 02-29 --at 00:00
check "yearly 02-29 every 3 years" 2 30 guard \
	--yearly 02-29 --every 3 --start 2024-01-01 --at 23:59
check "with an end" 40 2 guard \
	--weekly tue --start 2024-12-01 --end 2025-03-31 --at 12:00
expect_eq "$(wc -l <"$T/next" | tr -d ' ')" 12 "runs up to the end"
expect_eq "$(tail -n 1 "$T/next")" "2025-03-25 12:00" "the last run before the end"

# A zone: the lines fire every quarter hour on the server's clock and the
# guard lets the run go on at the time in the zone.  (Few runs: cron.py
# starts the guard 96 times a day.)
zone=America/New_York NOW='2025-01-02 22:00'
check "with a zone" 1 1 guard \
	--daily --every 2 --start 2025-01-01 --tz America/New_York --at 23:30
expect_eq "$(cat "$T/next")" "2025-01-03 23:30" "with a zone: not on 01-02"
grep -q "^0,15,30,45 \* \* \* \* $exe due --daily --every 2 --start 2025-01-01 --tz America/New_York --at 23:30 && " \
    "$T/crontab" || fail "the line of a zone: $(cat "$T/crontab")"
zone=Asia/Kolkata NOW='2025-01-03 23:00'
check "weekends in India" 1 1 guard --weekly sat,sun --tz Asia/Kolkata --at 10:00
expect_eq "$(cat "$T/next")" "2025-01-04 10:00" "every day in India: the first run"
zone= NOW='2025-01-01 09:00'

# Debian's cron firing every minute across the two changes of summer
# time in New York, the server in UTC: one run a day, 02:30 (which the
# spring day skips) as late as the clock jumped, 01:30 (which the autumn
# day shows twice) the first time.  Times in UTC, from 23:59 in New York
# the day before to 01:00 the day after.
dst() {
	what=$1 from=$2 hours=$3 want=$4
	shift 4
	run claim-batch schedule --daily --tz America/New_York "$@" -- --upload
	expect_rc 0 "$what: schedule"
	cp "$T/out" "$T/crontab"
	run python3 cron.py --lines "$T/crontab" "$from" 100 "${hours}h" UTC
	expect_rc 0 "$what: cron.py"
	expect_eq "$(tr '\n' ' ' <"$T/out")" "$want" "$what: the runs (line, UTC)"
}
dst "spring, 02:30" "2025-03-09 04:59" 24 "1 2025-03-09 07:30 " \
	--start 2025-03-01 --at 02:30
dst "autumn, 01:30" "2025-11-02 03:59" 26 "1 2025-11-02 05:30 " \
	--start 2025-03-01 --at 01:30
run claim-batch schedule --daily --tz America/New_York --start 2025-03-01 \
	--at 01:30 --at 02:30 --next 4 --now '2025-03-08 12:00'
expect_eq "$(tr '\n' ' ' <"$T/out")" \
	"2025-03-09 01:30 2025-03-09 03:30 2025-03-10 01:30 2025-03-10 02:30 " \
	"--next on the spring day"

# The run command: this program and the database by absolute path, the
# run's arguments as given, read back by the shell.
run claim-batch schedule --daily --at 06:00 -- --upload --payer "it's" --office 'a b' \
	--provider '' --claim '$HOME' --claim 'x;y'
expect_rc 0 "awkward run arguments"
line=$(cat "$T/out")
case $line in
"0 6 * * * $exe --db $CLAIMKIT_DB run "*) ;;
*) fail "run command: $line" ;;
esac
eval "set -- ${line#*" run "}"
expect_eq "$#|$1|$3|$5|$7|$9|${11}" "11|--upload|it's|a b||\$HOME|x;y" "run arguments"

# The run's arguments are checked by run's own parser: a line that would
# fail at every run is not printed.  Each of these fails 'claim-batch run'.
badrun() {
	what=$1 msg=$2
	shift 2
	run claim-batch run "$@"
	expect_rc 2 "$what: run itself"
	expect_err "$msg" "$what: run itself"
	run claim-batch schedule --daily --at 06:00 -- "$@"
	expect_rc 2 "$what"
	expect_err "$msg" "$what"
	expect_err "usage: claim-batch [--db PATH] run [--tsv]" "$what: run's usage"
	expect_err "claim-batch: schedule: 'run' refuses the arguments after --, so the line would fail at every run; nothing printed" "$what"
	[ ! -s "$T/out" ] || fail "$what: printed $(cat "$T/out")"
	[ ! -e "$CLAIMKIT_DB" ] || fail "$what: a database was made"
}
badrun "misspelt option" "claim-batch: unknown option '--uplod'" --uplod --payer MEDICARE
badrun "option without its value" "claim-batch: unknown option '--payer'" --upload --payer
badrun "bad filter value" "claim-batch: --from: expected a date as YYYY-MM-DD, got '2025-13-01'" \
	--from 2025-13-01
badrun "endpoint without upload" "claim-batch: --endpoint goes with --upload" --endpoint east
badrun "a word run does not take" "claim-batch: unexpected argument 'now'" --upload now
badrun "two filings" "claim-batch: --paper-only, --electronic-only and --filing exclude each other" \
	--paper-only --filing electronic
for h in --help --he -h; do
	run claim-batch schedule --daily --at 06:00 -- --upload "$h"
	expect_rc 2 "run's $h"
	expect_err "claim-batch: run argument '$h' asks for run's help, not a run" "run's $h"
	[ ! -s "$T/out" ] || fail "run's $h: printed $(cat "$T/out")"
done
mkdir sub && cd sub
expect_eq "$(claim-batch --db rel.db schedule --daily --at 06:00 | cut -d' ' -f6-8)" \
	"$exe --db $(pwd -P)/rel.db" "relative --db made absolute"
cd ..
expect_eq "$(env -u CLAIMKIT_DB claim-batch schedule --daily --at 06:00 | cut -d' ' -f8)" \
	"$HOME/.local/share/claimkit/claimkit.db" "default database"
run claim-batch schedule --daily --at 06:00 -- --upload
[ ! -e "$CLAIMKIT_DB" ] || fail "schedule created the database"

# A real crontab parser, when one is at hand (cronie's crontab -T).
if crontab -T /dev/null >/dev/null 2>&1; then
	run crontab -T "$T/all-lines"
	expect_rc 0 "crontab -T: $(cat "$T/err")"
else
	echo "no 'crontab -T' here: the lines were read by cron.py only"
fi

# What cron cannot carry.
run claim-batch schedule --daily --at 06:00 -- --claim '50%'
expect_rc 2 "% in run arguments"
expect_err "run argument '50%' holds '%', which cron turns into a new line" "%"
[ ! -s "$T/out" ] || fail "% refused, yet printed: $(cat "$T/out")"
run claim-batch schedule --daily --at 06:00 -- --claim "a
b"
expect_rc 2 "new line in run arguments"
expect_err "run argument holds a line break" "new line"
run claim-batch --db "$T/50%.db" schedule --daily --at 06:00
expect_rc 2 "% in the database path"
expect_err "the database path '$T/50%.db' holds '%'" "% in --db"

# Usage errors name the option and what was expected.
usage() {
	what=$1 msg=$2
	shift 2
	run claim-batch "$@"
	expect_rc 2 "$what"
	expect_err "$msg" "$what"
	[ ! -s "$T/out" ] || fail "$what: printed $(cat "$T/out")"
}
usage "bad --at" "claim-batch: --at: expected a time of day as HH:MM (00:00 to 23:59), got '25:00'" \
	schedule --daily --at 25:00
usage "no --at" "--at: expected at least one time of day, as HH:MM" schedule --daily
usage "no kind" "expected one of --daily, --weekly DAYS, --monthly DAY or --yearly MM-DD" \
	schedule --at 06:00
usage "two kinds" "--monthly: give only one of --daily, --weekly, --monthly and --yearly, once" \
	schedule --daily --monthly 3 --at 06:00
usage "bad --weekly" "--weekly: expected days from mon,tue,wed,thu,fri,sat,sun separated by commas, got 'mon thu'" \
	schedule --weekly 'mon thu' --at 06:00
usage "bad --monthly" "--monthly: expected a day of the month from 1 to 31, got '0'" \
	schedule --monthly 0 --at 06:00
usage "bad --yearly" "--yearly: expected a day of the year as MM-DD, got '02-30'" \
	schedule --yearly 02-30 --at 06:00
usage "bad --every" "--every: expected a whole number from 1 to 1000, got '-2'" \
	schedule --daily --every -2 --at 06:00
usage "bad --start" "--start: expected a date as YYYY-MM-DD, got '1/6/2025'" \
	schedule --daily --start 1/6/2025 --at 06:00
usage "bad --tz" "--tz: no time zone 'Mars/Olympus' under " \
	schedule --daily --tz Mars/Olympus --at 06:00
usage "bad --next" "--next: expected a count from 1 to 1000, got '0'" \
	schedule --daily --at 06:00 --next 0
usage "bad --now" "--now: expected 'YYYY-MM-DD HH:MM', got '2025-01-01'" \
	schedule --daily --at 06:00 --now 2025-01-01
usage "end before start" "--end 2025-01-01 comes before the start, 2025-02-01" \
	schedule --daily --start 2025-02-01 --end 2025-01-01 --at 06:00
usage "no day" "the pattern names no day from 2025-01-01 to 2199-12-31" \
	schedule --yearly 02-29 --every 4 --start 2025-01-01 --at 06:00
usage "over" "the schedule has no run after 2025-01-01 09:00" \
	schedule --daily --end 2024-12-31 --start 2024-12-01 --at 06:00 --now "$NOW"
usage "run args without --" "unknown option '--upload'" \
	schedule --daily --at 06:00 --upload
usage "run args without -- (2)" "unexpected argument 'upload': give the run's arguments after --" \
	schedule --daily --at 06:00 upload
usage "due without --start" "--start: expected the first day of the pattern" due --daily
usage "due, bad --at" "--at: expected a time of day as HH:MM (00:00 to 23:59), got '6'" \
	due --daily --start 2025-01-01 --at 6

# due: silent, 0 on a day of the pattern, 1 on another.
run claim-batch due --weekly mon --every 2 --start 2025-01-06 --now '2025-01-20 00:00'
expect_rc 0 "due on a day"
[ ! -s "$T/out" ] && [ ! -s "$T/err" ] || fail "due is not silent"
run claim-batch due --weekly mon --every 2 --start 2025-01-06 --now '2025-01-13 23:59'
expect_rc 1 "due on another day"
[ ! -s "$T/out" ] && [ ! -s "$T/err" ] || fail "due is not silent when not due"
run claim-batch due --daily --start 2025-01-06 --end 2025-01-07 --now '2025-01-08 00:00'
expect_rc 1 "due after the end"

# due --at: 0 in the quarter hour from the time in the zone, by the
# clock ($CLAIMKIT_NOW, UTC) or by --now (on the zone's clock).
at() {
	what=$1 want=$2 now=$3
	shift 3
	set +e
	CLAIMKIT_NOW=$now claim-batch due --daily --start 2025-03-01 \
	    --tz America/New_York "$@" >"$T/out" 2>"$T/err"
	rc=$?
	set -e
	expect_rc "$want" "due --at, $what"
	[ ! -s "$T/out" ] && [ ! -s "$T/err" ] || fail "due --at, $what: not silent"
}
at "on time" 0 2025-06-02T10:00:00Z --at 06:00
at "a minute early" 1 2025-06-02T09:59:59Z --at 06:00
at "late in the quarter hour" 0 2025-06-02T10:14:59Z --at 06:00
at "a quarter hour late" 1 2025-06-02T10:15:00Z --at 06:00
at "06:00 in UTC" 1 2025-06-02T06:00:00Z --at 06:00
at "the other time" 0 2025-06-02T22:00:00Z --at 06:00 --at 18:00
at "spring, 02:30 as 03:30" 0 2025-03-09T07:30:00Z --at 02:30
at "spring, not at 03:00" 1 2025-03-09T07:00:00Z --at 02:30
at "autumn, the first 01:30" 0 2025-11-02T05:30:00Z --at 01:30
at "autumn, not the second 01:30" 1 2025-11-02T06:30:00Z --at 01:30
at "before the start" 1 2025-02-28T11:00:00Z --at 06:00
at "--now on the spring day" 0 2000-01-01T00:00:00Z --at 02:30 --now '2025-03-09 03:30'
at "--now, the first 01:30" 0 2000-01-01T00:00:00Z --at 01:30 --now '2025-11-02 01:30'

# The real clock, in zones 25 hours apart: their days always differ, so
# a pattern that starts today in one has not started in the other.
k=$(TZ=Pacific/Kiritimati date +%Y-%m-%d)
run claim-batch due --daily --start "$k" --tz Pacific/Kiritimati
expect_rc 0 "due today in Kiritimati"
run claim-batch due --daily --start "$k" --tz Pacific/Pago_Pago
expect_rc 1 "not yet due in Pago Pago"
run claim-batch schedule --daily --at 00:00 --next 1 --tz Pacific/Kiritimati
expect_rc 0 "--next on the real clock"
expect_eq "$(cat "$T/out")" "$(TZ=Pacific/Kiritimati date -d tomorrow +%Y-%m-%d) 00:00" \
	"--next on the real clock in a zone"

# The recipes need cron, so the script that installs what claimkit needs
# installs it too (its package list, the words between pkgs=" and ").
pkgs=$(sed -n '/^pkgs="/,/"/p' "$SRCDIR/scripts/setup-deps" | tr -d '"' | sed 's/^pkgs=//')
case " $(echo $pkgs) " in
*" cron "*) ;;
*) fail "scripts/setup-deps does not install cron: $(echo $pkgs)" ;;
esac

# --help
for v in schedule due; do
	run claim-batch "$v" --help
	expect_rc 0 "$v --help"
	expect_out "usage: claim-batch [--db PATH] $v --daily|--weekly DAYS" "$v --help"
done

finish
