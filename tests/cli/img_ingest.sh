#!/bin/sh
# img-batch ingest: the hot folder.  Files wait for a second look and for
# temporary names to go; each subfolder is one set, each loose file a set
# of its own; files leave only once recorded; a SIGKILL at each point of
# the work loses nothing and stores nothing twice; two ingests at once
# take each file once.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/img_lib.sh"

img_files "$T/f"
img-batch practice add RIV "Riverside" >/dev/null
H="$T/hot"
mkdir -p "$H/s1" "$H/s2"
cp "$T/f/doc.pdf" "$H/a.pdf"
cp "$T/f/scan.tif" "$H/s1/1.tif"
cp "$T/f/pic.png" "$H/s1/2.png"
cp "$T/f/pic.jpg" "$H/s2/x.jpg"
cp "$T/f/pic.jpg" "$H/s2/.tmp-y.jpg"
cp "$T/f/doc.pdf" "$H/c.pdf.part"

run img-batch ingest "$H" --type payment
expect_rc 0 "first look"
expect_eq "$(sql 'SELECT count(*) FROM img_batches')" 0 "first look takes nothing"
run img-batch ingest "$H" --type charge --payer 60054
expect_rc 2 "wrong-type field on ingest"
run img-batch ingest "$H" --type charge --dos 2025-03-01
expect_rc 0 "second look"
expect_out "1,charge,RIV,,2,3,8,open," "batch row printed"
expect_eq "$(sql "SELECT group_concat(n, ' ') FROM (SELECT s.id || ':' ||
    group_concat(i.name) AS n FROM img_sets s JOIN img_images i ON i.set_id = s.id
    GROUP BY s.id ORDER BY s.id)")" "1:a.pdf 2:1.tif,2.png" "a set per file and per folder"
expect_eq "$(sql 'SELECT dos FROM img_batches WHERE id = 1')" 2025-03-01 "batch options"
[ -e "$H/a.pdf" ] && fail "a.pdf left in the folder"
[ -e "$H/s1" ] && fail "s1 left in the folder"
[ -e "$H/s2/x.jpg" ] || fail "a set with a temporary name did not wait"
[ -e "$H/c.pdf.part" ] || fail "a temporary name did not wait"

# a file that grows between looks waits
rm "$H/s2/.tmp-y.jpg"
cp "$T/f/pic.png" "$H/late.png"
img-batch ingest "$H" --type charge >/dev/null
printf 'more' >>"$H/late.png"
touch -d '2001-01-01' "$H/late.png"
run img-batch ingest "$H" --type charge
expect_rc 0 "third look"
[ -e "$H/late.png" ] || fail "a changed file did not wait"
[ -e "$H/s2" ] && fail "s2 not taken once settled"

# a bad scan stays, the rest goes in, exit 65
rm "$H/late.png" "$H/c.pdf.part"
head -c 300 "$T/f/doc.pdf" >"$H/bad.pdf"
cp "$T/f/pic.png" "$H/good.png"
img-batch ingest "$H" --type charge >/dev/null
run img-batch ingest "$H" --type charge
expect_rc 65 "bad scan"
expect_err "cannot add '$H/bad.pdf'" "bad scan named"
[ -e "$H/bad.pdf" ] || fail "bad scan removed"
[ -e "$H/good.png" ] && fail "good scan left beside a bad one"
rm "$H/bad.pdf"

# a kill at each point: nothing lost, nothing twice
for point in stored:1 stored:2 stored:3 recorded:1 removed:1 \
    removed:2 removed:3; do
	rm -rf "$H" && mkdir -p "$H/k1"
	cp "$T/f/scan.tif" "$H/k1/1.tif"
	cp "$T/f/doc.pdf" "$H/k1/2.pdf"
	python3 "$SRCDIR/tests/cli/img_files.py" tiff "$H/3.tif" 2
	img-batch ingest "$H" --type payment >/dev/null
	before=$(sql 'SELECT count(*) FROM img_images')
	run env CLAIMKIT_KILL_AT=$point img-batch ingest "$H" --type payment
	expect_rc 137 "killed at $point"
	run img-batch ingest "$H" --type payment
	expect_rc 0 "ingest after a kill at $point"
	expect_eq "$(find "$H" -type f | wc -l | tr -d ' ')" 0 "folder emptied after $point"
	expect_eq "$(sql "SELECT count(*) - $before FROM img_images")" 3 \
	    "three images once after a kill at $point"
	expect_eq "$(sql "SELECT group_concat(n, ' ') FROM (SELECT group_concat(name) AS n
	    FROM img_images WHERE source LIKE '$H/%' GROUP BY set_id
	    HAVING max(id) > $before ORDER BY set_id)")" "3.tif 1.tif,2.pdf" \
	    "the sets whole after a kill at $point"
	rm -rf "$H"
done
run img-batch verify
expect_rc 0 "every stored image whole after the kills"

# another ingest holds the folder: nothing done
mkdir -p "$H"
cp "$T/f/pic.png" "$H/p.png"
img-batch ingest "$H" --type charge >/dev/null
before=$(sql 'SELECT count(*) FROM img_images')
run flock "$H" img-batch ingest "$H" --type charge
expect_rc 0 "ingest of a locked folder"
expect_err "another ingest of '$H' is running: nothing done" "busy named"
expect_eq "$(sql "SELECT count(*) - $before FROM img_images")" 0 "locked folder untouched"
[ -e "$H/p.png" ] || fail "locked folder's file removed"

# two ingests at once: each file once
rm -rf "$H" && mkdir -p "$H"
i=0
while [ $i -lt 30 ]; do
	mkdir "$H/d$i"
	python3 "$SRCDIR/tests/cli/img_files.py" tiff "$H/d$i/p.tif" $((i % 4 + 1))
	i=$((i + 1))
done
img-batch ingest "$H" --type charge >/dev/null
before=$(sql 'SELECT count(*) FROM img_images')
img-batch ingest "$H" --type charge >"$T/o1" 2>"$T/e1" &
p1=$!
img-batch ingest "$H" --type charge >"$T/o2" 2>"$T/e2" &
p2=$!
wait $p1 || fail "first of two ingests: $(cat "$T/e1")"
wait $p2 || fail "second of two ingests: $(cat "$T/e2")"
img-batch ingest "$H" --type charge >/dev/null
expect_eq "$(sql "SELECT count(*) - $before FROM img_images")" 30 "30 images once"
expect_eq "$(find "$H" -type f | wc -l | tr -d ' ')" 0 "folder emptied"

exit $((failures > 0))
