#!/usr/bin/env python3
"""x12check.py FILE...: checks 837P files against rules of the 005010X222A1
implementation guide, written from the guide and independent of claimkit's
writer.  Prints one line per fault and exits 1 when there is any.

Checked: the ISA's fixed layout; GS/GE, ST/SE and IEA counts and control
numbers; the HL hierarchy (20 > 22 > 23, child codes, numbering); the
loops' required segments (1000A/B, 2010AA, 2000B SBR/2010BA/2010BB,
2000C PAT/2010CA, 2300 CLM/HI, 2320 AMT*D/OI and 2330A/B, 2400
LX/SV1/DTP*472, 2430 SVD/DTP*573); code values; NPI check digits;
CLM02 = the sum of SV102; 2320/2430 balancing; at most 5000 CLM a set;
no empty trailing elements; printable ASCII only.  Situational rules:
2010BA N3/N4/DMG only when the subscriber is the patient (no 2000C);
SBR05 (2000B and 2320) exactly when that payer is Medicare and not
primary; 2330B
DTP*573 when no 2430 is sent; N4 whole, N402 a state or province code
and N404 CA for a province; SV103 UN or MJ; 2410 LIN*N4 of 11 digits
with CTP04/CTP05; one 2320 per earlier payer, each balancing with its
own 2430s."""
import re
import sys

faults = []


def fault(where, msg):
    faults.append(f"{where}: {msg}")


def npi_ok(npi):
    if not re.fullmatch(r"\d{10}", npi):
        return False
    digits = "80840" + npi[:9]
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d)
        if i % 2 == 0:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return (10 - total % 10) % 10 == int(npi[9])


def cents(v):
    if not re.fullmatch(r"-?\d+(\.\d{1,2})?", v):
        raise ValueError(v)
    neg = v.startswith("-")
    v = v.lstrip("-")
    whole, _, frac = v.partition(".")
    c = int(whole) * 100 + int((frac + "00")[:2])
    return -c if neg else c


def check_file(path):
    data = open(path, "rb").read()
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        fault(path, "not ASCII")
        return
    if len(text) < 106 or not text.startswith("ISA"):
        fault(path, "does not start with a 106-character ISA")
        return
    es, rs, cs, st = text[3], text[82], text[104], text[105]
    isa = text[:105].split(es)
    if len(isa) != 17:
        fault(path, f"ISA has {len(isa) - 1} elements, expected 16")
    widths = [3, 2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1]
    for i, (v, w) in enumerate(zip(isa, widths)):
        if len(v) != w:
            fault(path, f"ISA{i:02d} is {len(v)} wide, expected {w}")
    if isa[12] != "00501" or isa[11] != "^" or rs != "^":
        fault(path, "ISA11/ISA12 not ^ and 00501")
    if isa[14] not in "01" or isa[15] not in "TP":
        fault(path, "ISA14/ISA15 values")
    rest = text[106:]
    if rest.startswith("\n"):
        rest = rest[1:]
    segs = [s.lstrip("\n") for s in rest.split(st)]
    if segs and segs[-1].strip() == "":
        segs.pop()
    else:
        fault(path, "does not end with a segment terminator")
    check_segments(path, isa, [s.split(es) for s in segs], cs)


US_STATES = set("""AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA
ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT
VT VA WA WV WI WY AS GU MP PR VI FM MH PW AA AE AP""".split())
CA_PROVINCES = set("AB BC MB NB NL NS NT NU ON PE QC SK YT".split())
SBR05_CODES = {"12", "13", "14", "15", "16", "41", "42", "43", "47"}


def check_n4(w, s):
    """N4: city, state, postal code; N404 only outside the US."""
    e = s + [""] * (8 - len(s))
    if not e[1] or not e[2] or not e[3]:
        fault(w, f"N4 with an empty city, state or postal code: {s}")
    if e[2] in US_STATES:
        if e[4]:
            fault(w, f"N404 {e[4]} for a US state")
    elif e[2] in CA_PROVINCES:
        if e[4] != "CA":
            fault(w, f"N404 {e[4]!r} for Canadian province {e[2]}, expected CA")
    else:
        fault(w, f"N402 {e[2]!r} is not a state or province code")


def check_segments(path, isa, segs, cs):
    for n, s in enumerate(segs):
        if s[0] == "N4":
            check_n4(f"{path}:seg {n + 2}", s)
        raw = "*".join(s)
        if not all(" " <= ch <= "~" for ch in raw):
            fault(f"{path}:seg {n + 2}", "non-printable character")
        if len(s) > 1 and s[-1] == "":
            fault(f"{path}:seg {n + 2} {s[0]}", "empty trailing element")
        for e in s[1:]:
            if e.endswith(cs):
                fault(f"{path}:seg {n + 2} {s[0]}", "empty trailing component")
    ids = [s[0] for s in segs]
    if ids[:1] != ["GS"] or ids[-2:] != ["GE", "IEA"]:
        fault(path, "expected GS ... GE IEA")
        return
    gs, ge, iea = segs[0], segs[-2], segs[-1]
    if gs[1] != "HC" or gs[8] != "005010X222A1" or gs[7] != "X":
        fault(path, "GS01/GS07/GS08")
    if ge[2] != gs[6]:
        fault(path, "GE02 differs from GS06")
    if iea[1] != "1" or iea[2] != isa[13]:
        fault(path, "IEA01/IEA02")
    sets, cur = [], None
    for s in segs[1:-2]:
        if s[0] == "ST":
            cur = [s]
            sets.append(cur)
        elif cur is not None:
            cur.append(s)
    if str(len(sets)) != ge[1]:
        fault(path, f"GE01 {ge[1]}, but {len(sets)} sets")
    seen = set()
    for k, ts in enumerate(sets):
        check_set(f"{path}:set {k + 1}", ts, cs, seen)


def check_set(where, ts, cs, seen):
    st, se = ts[0], ts[-1]
    if se[0] != "SE":
        fault(where, "no SE")
        return
    if st[1:] != ["837", st[2], "005010X222A1"] or not re.fullmatch(r"\d{4,9}", st[2]):
        fault(where, f"ST {st}")
    if st[2] in seen:
        fault(where, f"ST02 {st[2]} repeats")
    seen.add(st[2])
    if se[2] != st[2] or se[1] != str(len(ts)):
        fault(where, f"SE {se[1:]} but {len(ts)} segments, ST02 {st[2]}")
    bht = ts[1]
    if bht[0] != "BHT" or bht[1] != "0019" or bht[2] != "00" or bht[6] != "CH":
        fault(where, f"BHT {bht}")
    if ts[2][:3] != ["NM1", "41", ts[2][2]] or ts[2][8] != "46" or ts[3][0] != "PER" \
            or ts[3][1] != "IC" or ts[4][:2] != ["NM1", "40"] or ts[4][8] != "46":
        fault(where, "1000A NM1*41/PER*IC and 1000B NM1*40 expected")
    check_hl(where, ts[5:-1], cs)


def split_hl(body):
    """[(HL segment, [segments until the next HL])]"""
    out = []
    for s in body:
        if s[0] == "HL":
            out.append((s, []))
        elif out:
            out[-1][1].append(s)
    return out


def check_hl(where, body, cs):
    hls = split_hl(body)
    levels, children = {}, {}
    nclm = 0
    for i, (hl, segs) in enumerate(hls):
        w = f"{where} HL {hl[1]}"
        if hl[1] != str(i + 1):
            fault(w, "HL01 not sequential")
        code, parent = hl[3], hl[2]
        levels[hl[1]] = code
        children.setdefault(parent, 0)
        children[parent] = children.get(parent, 0) + 1
        want_parent = {"20": None, "22": "20", "23": "22"}.get(code, "bad")
        if want_parent == "bad":
            fault(w, f"HL03 {code}")
        elif want_parent is None and parent != "":
            fault(w, "2000A with a parent")
        elif want_parent and levels.get(parent) != want_parent:
            fault(w, f"HL {code} under a {levels.get(parent)}")
        if code == "20":
            check_2000a(w, segs)
        elif code == "22":
            nclm += check_2000b(w, hl, segs, hls, i, cs)
        elif code == "23":
            nclm += check_2000c(w, segs, cs)
    for hl, _ in hls:
        has = children.get(hl[1], 0) > 0
        if hl[4] != ("1" if has else "0"):
            fault(f"{where} HL {hl[1]}", f"HL04 {hl[4]} but children: {has}")
    if nclm > 5000:
        fault(where, f"{nclm} CLM in one set (at most 5000)")


def nm1(w, s, entity, qual=None):
    if s is None or s[0] != "NM1" or s[1] != entity:
        fault(w, f"expected NM1*{entity}, got {s}")
        return False
    if qual and (len(s) < 10 or s[8] != qual or not s[9]):
        fault(w, f"NM1*{entity}: expected NM108 {qual} and an id")
        return False
    if qual == "XX" and not npi_ok(s[9]):
        fault(w, f"NM1*{entity}: NPI {s[9]} fails its check digit")
    return True


def check_2000a(w, segs):
    ids = [s[0] for s in segs]
    k = 0
    if ids and ids[0] == "PRV":
        if segs[0][1:3] != ["BI", "PXC"]:
            fault(w, "PRV*BI*PXC expected")
        k = 1
    nm1(w, segs[k] if k < len(segs) else None, "85", "XX")
    n3, n4 = segs[k + 1], segs[k + 2]
    if n3[0] != "N3" or n4[0] != "N4" or not re.fullmatch(r"\d{9}", n4[3]):
        fault(w, "2010AA N3/N4 with a 9-digit ZIP expected")
    ref = segs[k + 3]
    if ref[0] != "REF" or ref[1] not in ("EI", "SY") or not re.fullmatch(r"\d{9}", ref[2]):
        fault(w, "2010AA REF*EI with 9 digits expected")


def check_person(w, segs, k, entity, need_addr_dmg):
    if not nm1(w, segs[k], entity, "MI" if entity == "IL" else None):
        return k + 1
    k += 1
    if segs[k][0] == "N3":
        if segs[k + 1][0] != "N4":
            fault(w, "N3 without N4")
        k += 2
    elif need_addr_dmg:
        fault(w, f"NM1*{entity}: N3/N4 required")
    if segs[k][0] == "DMG":
        d = segs[k]
        if d[1] != "D8" or not re.fullmatch(r"\d{8}", d[2]) or d[3] not in ("M", "F", "U"):
            fault(w, f"DMG {d}")
        k += 1
    elif need_addr_dmg:
        fault(w, f"NM1*{entity}: DMG required")
    return k


def check_2000b(w, hl, segs, hls, i, cs):
    sbr = segs[0]
    if sbr[0] != "SBR" or sbr[1] not in "PST" or len(sbr) != 10 or not sbr[9]:
        fault(w, f"SBR {sbr}")
        return 0
    has_patient = hl[4] == "1"
    if (sbr[2] == "18") == has_patient:
        fault(w, "SBR02 must be 18 exactly when there is no 2000C")
    medicare_secondary = sbr[9] in ("MA", "MB") and sbr[1] != "P"
    if medicare_secondary and sbr[5] not in SBR05_CODES:
        fault(w, f"SBR05 {sbr[5]!r}: Medicare not primary needs an insurance type code")
    elif not medicare_secondary and sbr[5]:
        fault(w, f"SBR05 {sbr[5]} sent though Medicare is not a later payer")
    if has_patient and segs[2][0] in ("N3", "N4", "DMG"):
        fault(w, "2010BA N3/N4/DMG sent though a 2000C patient follows")
    k = check_person(w, segs, 1, "IL", sbr[2] == "18")
    if not nm1(w, segs[k], "PR", "PI"):
        return 0
    k += 1
    if k < len(segs) and segs[k][0] == "N3":
        k += 2
    if has_patient:
        if k != len(segs):
            fault(w, "claim under a 2000B that has a 2000C")
        return 0
    return check_claim(w, segs[k:], cs)


def check_2000c(w, segs, cs):
    if segs[0][0] != "PAT" or segs[0][1] in ("", "18"):
        fault(w, f"PAT {segs[0]}")
    k = check_person(w, segs, 1, "QC", True)
    return check_claim(w, segs[k:], cs)


def loops_2430(line):
    """The 2430 loops of a service line: from each SVD to the next."""
    at = [i for i, s in enumerate(line) if s[0] == "SVD"] + [len(line)]
    return [line[a:b] for a, b in zip(at, at[1:])]


def cas_total(segs):
    total = 0
    for s in segs:
        if s[0] != "CAS":
            continue
        if s[1] not in ("CO", "PR", "OA", "PI"):
            fault("CAS", f"group {s[1]}")
        for j in range(2, len(s), 3):
            if j + 1 < len(s):
                total += cents(s[j + 1])
    return total


def check_claim(w, segs, cs):
    if not segs or segs[0][0] != "CLM":
        fault(w, "expected CLM")
        return 0
    clm = segs[0]
    w = f"{w} CLM {clm[1]}"
    if not 1 <= len(clm[1]) <= 20:
        fault(w, "CLM01 length")
    c5 = clm[5].split(cs)
    if len(c5) != 3 or c5[1] != "B" or c5[2] not in ("1", "7", "8") or not re.fullmatch(r"\d\d", c5[0]):
        fault(w, f"CLM05 {clm[5]}")
    if len(clm) < 10 or clm[6] not in "YN" or clm[7] not in "ABC" or clm[8] not in "YNW" or clm[9] not in "IY":
        fault(w, f"CLM06-09 {clm[6:10]}")
    if c5[2] in ("7", "8") and not any(s[:2] == ["REF", "F8"] for s in segs):
        fault(w, "frequency 7/8 without REF*F8")
    hi = [s for s in segs if s[0] == "HI"]
    ndx = 0
    if len(hi) != 1:
        fault(w, "one HI expected")
    else:
        quals = [c.split(cs)[0] for c in hi[0][1:]]
        ndx = len(quals)
        if not quals or quals[0] != "ABK" or any(q != "ABF" for q in quals[1:]) or ndx > 12:
            fault(w, f"HI qualifiers {quals}")
    lx = [i for i, s in enumerate(segs) if s[0] == "LX"]
    head, lines = segs[:lx[0]] if lx else segs, []
    for j, start in enumerate(lx):
        lines.append(segs[start:lx[j + 1] if j + 1 < len(lx) else len(segs)])
    # 2320/2330, one per earlier payer: SBR ... AMT*D ... OI, NM1*IL,
    # NM1*PR; each balances with its own 2430s (SVD01 = its NM109)
    payers = []
    sbr = [i for i, s in enumerate(head) if s[0] == "SBR"]
    for j, start in enumerate(sbr):
        o = head[start:sbr[j + 1] if j + 1 < len(sbr) else len(head)]
        osbr = o[0] + [""] * (10 - len(o[0]))
        if osbr[9] in ("MA", "MB") and osbr[1] != "P":
            if osbr[5] not in SBR05_CODES:
                fault(w, f"2320 SBR05 {osbr[5]!r}: Medicare not primary needs an insurance type code")
        elif osbr[5]:
            fault(w, f"2320 SBR05 {osbr[5]} sent though that payer is not Medicare after another")
        amt = [s for s in o if s[:2] == ["AMT", "D"]]
        if not amt or not any(s[0] == "OI" for s in o):
            fault(w, "2320 without AMT*D and OI")
        ils = [s for s in o if s[:2] == ["NM1", "IL"]]
        prs = [s for s in o if s[:2] == ["NM1", "PR"]]
        if not ils or not prs:
            fault(w, "2330A/2330B missing")
            continue
        payer = prs[0][9]
        payers.append(payer)
        mine = [sub for l in lines for sub in loops_2430(l) if sub[0][1] == payer]
        paid = cents(amt[0][2]) if amt else 0
        adj = cas_total(o) + sum(cas_total(l) for l in mine)
        if paid + adj != cents(clm[2]):
            fault(w, f"2320 of {payer} does not balance: paid {paid} + adjustments {adj} != {clm[2]}")
        dtp = any(x[:2] == ["DTP", "573"] for x in o[o.index(prs[0]):])
        if not mine and not dtp:
            fault(w, f"2330B DTP*573 missing for {payer}, which has no 2430")
        # remaining patient liability: at the claim when that payer
        # answered for the claim only, else at each of its lines; never
        # both (X12 RFI 1515, 1517, 1391)
        eaf = any(x[:2] == ["AMT", "EAF"] for x in o)
        if mine and eaf:
            fault(w, f"2320 AMT*EAF of {payer} sent though its 2430s carry it")
        elif not mine and not eaf:
            fault(w, f"2320 AMT*EAF missing for {payer}, which has no 2430")
    if len(set(payers)) != len(payers):
        fault(w, f"one 2320 per earlier payer, got {payers}")
    total = 0
    for j, l in enumerate(lines):
        lw = f"{w} LX {j + 1}"
        if l[0][1] != str(j + 1):
            fault(lw, "LX01 not sequential")
        sv1 = l[1]
        if sv1[0] != "SV1" or not sv1[1].startswith("HC" + cs) or sv1[3] not in ("UN", "MJ"):
            fault(lw, f"SV1 {sv1}")
            continue
        ids = [x[0] for x in l]
        if "LIN" in ids:
            lin = l[ids.index("LIN")]
            ctp = l[ids.index("LIN") + 1] if ids.index("LIN") + 1 < len(l) else ["?"]
            if lin[1:3] != ["", "N4"] or not re.fullmatch(r"\d{11}", lin[3]):
                fault(lw, f"2410 LIN {lin}: expected LIN**N4*11 digits")
            if ctp[0] != "CTP" or len(ctp) < 6 or not re.fullmatch(r"\d+(\.\d+)?", ctp[4]) \
                    or ctp[5].split(cs)[0] not in ("F2", "GR", "ME", "ML", "UN"):
                fault(lw, f"2410 CTP {ctp}")
            if "SVD" in ids and ids.index("SVD") < ids.index("LIN"):
                fault(lw, "2410 after 2430")
        total += cents(sv1[2])
        ptrs = sv1[7].split(cs) if len(sv1) > 7 else []
        if not 1 <= len(ptrs) <= 4 or any(not p.isdigit() or not 1 <= int(p) <= ndx for p in ptrs):
            fault(lw, f"SV107 pointers {ptrs} for {ndx} diagnoses")
        if not any(s[:2] == ["DTP", "472"] for s in l):
            fault(lw, "DTP*472 missing")
        for sub in loops_2430(l):
            s = sub[0]
            if s[1] not in payers:
                fault(lw, "SVD01 is no 2330B NM109")
            if cents(s[2]) + cas_total(sub) != cents(sv1[2]):
                fault(lw, "2430 does not balance against SV102")
            if not any(x[:2] == ["DTP", "573"] for x in sub):
                fault(lw, "2430 DTP*573 missing")
            if not any(x[:2] == ["AMT", "EAF"] for x in sub):
                fault(lw, "2430 AMT*EAF missing")
            if any(x[0] == "CAS" and any(cents(a) == 0 for a in x[3::3] if a) for x in sub):
                fault(lw, "2430 CAS with a zero adjustment")
    if total != cents(clm[2]):
        fault(w, f"CLM02 {clm[2]} is not the sum of SV102 ({total})")
    return 1


for p in sys.argv[1:]:
    check_file(p)
for f in faults[:50]:
    print(f)
sys.exit(1 if faults else 0)
