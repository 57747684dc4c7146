#!/bin/sh
# A 999 applies only to our 837P: one that acknowledges another
# transaction (an 834, an 837I) whose group and set numbers happen to
# equal ours is named in the fetch's summary and changes nothing.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/batch_lib.sh"
. "$SRCDIR/tests/cli/ack_lib.sh"
cd "$T"
sent_batch 6
gs=$(sql "SELECT gs_control FROM batches WHERE id=$b")
st=$(sql "SELECT st_control FROM batch_sets WHERE batch=$b")
expect_eq "$(sql "SELECT count(*) FROM claims WHERE batch_id=$b AND status='sent'")" "$n" "sent"

# a 277CA of another system's 837 set (its 2200B names a BHT03 not
# ours) rejecting claims whose ids equal ours: nothing applied, named
rej=$(sql "SELECT claim_id FROM claims WHERE batch_id=$b ORDER BY id LIMIT 1")
python3 "$SRCDIR/tests/cli/fake_acks.py" "$f" drop/out --reject-claim "$rej"
rm "drop/out/$(basename "$f").999"
sed -i 's/^TRN\*2\*\([0-9]*-[0-9]*\)~/TRN*2*EHR\1~/' drop/out/*.277
run claim-upload fetch
expect_rc 0 "fetch of another's 277CA"
expect_row "$(basename "$f").277" "not for our 837P: 837 set 'EHR$b-1'" "277CA named"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE batch_id=$b AND status='sent'")" "$n" "still sent after 277CA"
expect_eq "$(sql "SELECT count(*) FROM acks")" 0 "no ack rows after 277CA"

# ack999 NAME AK1-01 AK1-03 AK2-01: a 999 rejecting set $st of group $gs
ack999() {
	python3 - "$@" "$gs" "$st" <<'PY'
import sys
name, fid, ver, setid, gs, st = sys.argv[1:]
isa = ("ISA*00*          *00*          *ZZ*133052274      *ZZ*S1234567       "
       "*251202*0930*^*00501*000000777*0*T*:~\n")
body = [["ST", "999", "0001", "005010X231A1"], ["AK1", fid, gs, ver],
        ["AK2", setid, "%04d" % int(st), ver], ["IK5", "R", "5"],
        ["AK9", "R", "1", "1", "0"]]
body.append(["SE", str(len(body) + 1), "0001"])
segs = ([["GS", "FA", "133052274", "S1234567", "20251202", "0930", "777", "X",
          "005010X231A1"]] + body + [["GE", "1", "777"], ["IEA", "1", "000000777"]])
open("drop/out/" + name, "w").write(isa + "".join("*".join(s) + "~\n" for s in segs))
PY
}

# an 834's 999, and an 837I's: nothing applied, each named
ack999 a.999 BE 005010X220A1 834
ack999 b.999 HC 005010X223A2 837
run claim-upload fetch
expect_rc 0 "fetch of others' 999s"
expect_row a.999 "not for our 837P: 834 005010X220A1" "834 named"
expect_row b.999 "not for our 837P: 837 005010X223A2" "837I named"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE batch_id=$b AND status='sent'")" "$n" "still sent"
expect_eq "$(sql "SELECT count(*) FROM acks")" 0 "no ack rows"
expect_eq "$(sql "SELECT coalesce(ack_status, '') FROM batch_sets WHERE batch=$b")" "" "set not acknowledged"

# the same numbers for our 837P do reject the set
ack999 c.999 HC 005010X222A1 837
run claim-upload fetch
expect_rc 0 "fetch of ours"
expect_row c.999 '"1 set, ' "ours applied"
expect_eq "$(sql "SELECT count(*) FROM claims WHERE batch_id=$b AND status='rejected'")" "$n" "rejected"
finish
