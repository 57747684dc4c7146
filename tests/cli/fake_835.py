#!/usr/bin/env python3
"""fake_835.py - write the 835 a payer would answer to sent 837P batches.

usage: fake_835.py [--trace PREFIX] [--per-set N] [--plb] OUT BATCH.837...

An independent implementation (it shares no code with claimkit's
reader): it reads the claims of the 837P files (CLM, SV1, DTP*472,
REF*6R) and pays, adjusts and denies them by a rule of the claim's
number, so the outcome is known without reading the 835 back:
  number % 5 == 0: denied whole (CLP02 4, CO-50, RARC N130)
  number % 5 == 1: the first line to the deductible (PR-1), the rest paid
  number % 5 == 2: one line denied (CO-97), the rest paid
  otherwise:       paid at 80% of charge (CO-45 the rest) less 20%
                   coinsurance (PR-2)
Lines carry REF*6R back as our 837P wrote it.  N claims per transaction
set (default 1000), one check (BPR/TRN) each, balanced; --plb adds an
interest PLB (L6, 1.00) to each set.  Prints 'claim_id,status,paid,
patient,contractual,open' per claim (cents) on stdout, for the test.
"""
import sys


def segments(path):
    data = open(path).read()
    term = data[105]
    sep, comp = data[3], data[104]
    for s in data.split(term):
        s = s.strip('\r\n')
        if s:
            yield [e.split(comp) if comp in e else e for e in s.split(sep)]


def claims(paths):
    for path in paths:
        cur = None
        for seg in segments(path):
            if seg[0] == 'CLM':
                if cur:
                    yield cur
                cur = {'id': seg[1], 'charge': cents(seg[2]), 'lines': []}
            elif seg[0] == 'SV1' and cur is not None:
                proc = seg[1] if isinstance(seg[1], list) else [seg[1]]
                cur['lines'].append({'proc': proc, 'charge': cents(seg[2]),
                                     'units': seg[4], 'date': '', 'ref': ''})
            elif seg[0] == 'DTP' and seg[1] == '472' and cur and cur['lines']:
                cur['lines'][-1]['date'] = seg[3][:8]
            elif seg[0] == 'REF' and seg[1] == '6R' and cur and cur['lines']:
                cur['lines'][-1]['ref'] = seg[2]
            elif seg[0] in ('SE', 'HL') and cur:
                yield cur
                cur = None
        if cur:
            yield cur


def cents(s):
    whole, _, frac = s.partition('.')
    return int(whole) * 100 + int((frac + '00')[:2])


def amt(c):
    sign = '-' if c < 0 else ''
    c = abs(c)
    return '%s%d.%02d' % (sign, c // 100, c % 100) if c % 100 else '%s%d' % (sign, c // 100)


def number(claim_id):
    digits = ''.join(ch for ch in claim_id if ch.isdigit())
    return int(digits) if digits else sum(map(ord, claim_id))


def pay(claim):
    """The CLP loop of one claim: (segments, paid, patient, co, open)."""
    n = number(claim['id'])
    kind = n % 5
    segs, tpaid, tpr, tco, topen = [], 0, 0, 0, 0
    if kind == 0:
        c = claim['charge']
        segs = [['CLP', claim['id'], '4', amt(c), '0', '0', '12', 'P%s' % claim['id']],
                ['CAS', 'CO', '50', amt(c)], ['MOA', '', '', 'N130']]
        return segs, 0, 0, 0, c
    lines = []
    for k, l in enumerate(claim['lines']):
        c = l['charge']
        if kind == 1 and k == 0:
            allowed = c * 8 // 10
            cas = [['CAS', 'CO', '45', amt(c - allowed)], ['CAS', 'PR', '1', amt(allowed)]]
            paid, pr, co = 0, allowed, c - allowed
        elif kind == 2 and k == len(claim['lines']) - 1:
            cas = [['CAS', 'CO', '97', amt(c)]]
            paid, pr, co = 0, 0, 0
            topen += c
        else:
            allowed = c * 8 // 10
            pr = allowed // 5
            paid = allowed - pr
            co = c - allowed
            cas = [['CAS', 'CO', '45', amt(co)]] if co else []
            if pr:
                cas.append(['CAS', 'PR', '2', amt(pr)])
        tpaid, tpr, tco = tpaid + paid, tpr + pr, tco + co
        svc = ['SVC', ':'.join(['HC'] + [p for p in l['proc'][1:] if p]),
               amt(c), amt(paid), '', l['units']]
        lines.append(svc)
        if l['date']:
            lines.append(['DTM', '472', l['date']])
        lines.extend(cas)
        if l['ref']:
            lines.append(['REF', '6R', l['ref']])
    segs = [['CLP', claim['id'], '1', amt(claim['charge']), amt(tpaid), amt(tpr),
             '12', 'P%s' % claim['id']]] + lines
    return segs, tpaid, tpr, tco, topen


def main(argv):
    trace, per, plb = 'FAKE', 1000, False
    while argv and argv[0].startswith('--'):
        opt = argv.pop(0)
        if opt == '--trace':
            trace = argv.pop(0)
        elif opt == '--per-set':
            per = int(argv.pop(0))
        elif opt == '--plb':
            plb = True
    out, paths = argv[0], argv[1:]
    all_claims = list(claims(paths))
    sets = [all_claims[i:i + per] for i in range(0, len(all_claims), per)] or [[]]
    w = []
    w.append('ISA*00*          *00*          *ZZ*FAKEPAYER      *ZZ*S1234567       '
             '*260101*1200*^*00501*000000777*0*T*:')
    w.append('GS*HP*FAKEPAYER*S1234567*20260101*1200*777*X*005010X221A1')
    report = []
    for n, batch in enumerate(sets, 1):
        body, total = [], 0
        for claim in batch:
            segs, paid, pr, co, opn = pay(claim)
            total += paid
            body.extend(segs)
            status = ('denied' if opn == claim['charge'] else
                      'partial' if opn else 'paid')
            report.append('%s,%s,%d,%d,%d,%d' % (claim['id'], status, paid, pr, co, opn))
        if plb:
            body.append(['PLB', '1164079539', '20261231', 'L6:INT', '-1'])
            total += 100
        st = [['ST', '835', '%04d' % n],
              ['BPR', 'I', amt(total), 'C', 'ACH', 'CCP', '01', '999999999', 'DA', '1',
               '1999999999', '', '01', '999988880', 'DA', '2', '20260101'],
              ['TRN', '1', '%s%04d' % (trace, n), '1999999999'],
              ['N1', 'PR', 'FAKE PAYER'], ['N1', 'PE', 'PRACTICE', 'XX', '1164079539'],
              ['LX', '1']] + body
        st.append(['SE', str(len(st) + 1), '%04d' % n])
        w.extend('*'.join(e for e in s) for s in st)
    w.append('GE*%d*777' % len(sets))
    w.append('IEA*1*000000777')
    with open(out, 'w') as f:
        f.write('~\n'.join(w) + '~\n')
    print('claim_id,status,paid,patient,contractual,open')
    print('\n'.join(report))


if __name__ == '__main__':
    main(sys.argv[1:])
