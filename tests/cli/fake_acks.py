#!/usr/bin/env python3
"""fake_acks.py 837FILE OUTDIR [--reject-set N] [--reject-claim ID]...
[--malformed]: a stand-in clearinghouse.  Reads an 837P we sent and writes
the answers a clearinghouse would: OUTDIR/NAME.999 (one AK2 per
transaction set, IK5 A, or R with IK3/IK4 for the sets named) and
OUTDIR/NAME.277 (a 277CA, 005010X214: every claim accepted into
adjudication, A1/A2, but those named, rejected with A7).  Written from
the implementation guides' structure, independent of claimkit."""
import sys

args = sys.argv[1:]
src, out = args[0], args[1]
reject_sets, reject_claims, reject_providers = set(), set(), set()
malformed = False
i = 2
while i < len(args):
    if args[i] == "--reject-set":
        reject_sets.add(args[i + 1]); i += 2
    elif args[i] == "--reject-claim":
        reject_claims.add(args[i + 1]); i += 2
    elif args[i] == "--reject-provider":
        reject_providers.add(args[i + 1]); i += 2
    elif args[i] == "--malformed":
        malformed = True; i += 1
    else:
        sys.exit("bad argument " + args[i])

text = open(src).read().replace("\n", "")
segs = [s.split("*") for s in text.split("~") if s]
isa, gs = segs[0], segs[1]
sets, claims, cur, npi, bht = [], [], None, None, None
for s in segs:
    if s[0] == "ST":
        cur = s[2]
        sets.append(cur)
    elif s[0] == "BHT" and bht is None:
        bht = s[3]
    elif s[0] == "NM1" and s[1] == "85":
        npi = s[9]
    elif s[0] == "CLM":
        claims.append((s[1], s[2], cur, npi))


def envelope(gs_code, version, body, ctl):
    isa_seg = ("ISA*00*          *00*          *ZZ*%-15s*ZZ*%-15s*251202*0900*^*"
               "00501*%09d*0*T*:" % (isa[8].strip(), isa[6].strip(), ctl))
    st = [["ST", body[0], "0001", version]] + body[1]
    st.append(["SE", str(len(st) + 1), "0001"])
    segs_out = [["GS", gs_code, isa[8].strip(), isa[6].strip(), "20251202",
                 "0900", str(ctl), "X", version]] + st + [["GE", "1", str(ctl)],
                                                          ["IEA", "1", "%09d" % ctl]]
    return isa_seg + "~\n" + "".join("*".join(s) + "~\n" for s in segs_out)


body = [["AK1", "HC", gs[6], "005010X222A1"]]
for st in sets:
    body.append(["AK2", "837", st, "005010X222A1"])
    if st in reject_sets:
        body += [["IK3", "CLM", "23", "2300", "8"], ["IK4", "2", "782", "7", "X"],
                 ["IK5", "R", "5"]]
    else:
        body.append(["IK5", "A"])
ok = len(sets) - len(reject_sets & set(sets))
body.append(["AK9", "A" if ok == len(sets) else ("P" if ok else "R"),
             str(len(sets)), str(len(sets)), str(ok)])
name = src.rsplit("/", 1)[-1]
ack = envelope("FA", "005010X231A1", ("999", body), 501)
if malformed:
    ack = ack.replace("SE*", "SE*9", 1)
open(out + "/" + name + ".999", "w").write(ack)

hl = [["BHT", "0085", "08", "R" + gs[6], "20251202", "0900", "TH"],
      ["HL", "1", "", "20", "1"], ["NM1", "AY", "2", "CLEARINGHOUSE INC", "", "", "",
                                   "", "46", "133052274"],
      ["TRN", "1", "T" + gs[6]], ["DTP", "050", "D8", "20251202"],
      ["DTP", "009", "D8", "20251202"],
      ["HL", "2", "1", "21", "1"], ["NM1", "41", "2", "SUBMITTER", "", "", "", "",
                                    "46", isa[6].strip()],
      ["TRN", "2", bht], ["STC", "A1:19:PR", "20251202", "WQ", "0"]]
n = 2
for prov in dict.fromkeys(c[3] for c in claims):
    n += 1
    phl = n
    rejp = prov in reject_providers
    hl += [["HL", str(n), "2", "19", "0" if rejp else "1"],
           ["NM1", "85", "2", "PROVIDER", "", "", "", "", "XX", prov],
           ["TRN", "1", "0"]]
    if rejp:
        hl.append(["STC", "A3:24:85", "20251202", "U", "0", "", "", "", "",
                   "", "", "", "PROVIDER NOT ENROLLED"])
        continue
    for cid, charge, st, npi in claims:
        if npi != prov:
            continue
        n += 1
        rej = cid in reject_claims
        hl += [["HL", str(n), str(phl), "PT"], ["NM1", "QC", "1", "DOE", "J"],
               ["TRN", "2", cid],
               ["STC", "A7:562:85" if rej else "A2:20:PR", "20251202",
                "U" if rej else "WQ", charge] + (["", "", "", "", "", "", "",
                                                  "ENTITY NPI INVALID"] if rej else [])]
        if not rej:
            hl.append(["REF", "1K", "P" + cid])
open(out + "/" + name + ".277", "w").write(
    envelope("HN", "005010X214", ("277", hl), 502))
