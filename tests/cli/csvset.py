#!/usr/bin/env python3
"""csvset.py IN OUT [ROW COLUMN VALUE]...: copies a claim CSV, setting
field COLUMN of data row ROW (1-based) to VALUE; COLUMN '+name' appends
a column, '-name' drops one.  For building bad inputs in tests."""
import csv
import sys

src, dst, edits = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(src, newline="") as f:
    rows = list(csv.reader(f))
for i in range(0, len(edits), 3):
    row, col, val = int(edits[i]), edits[i + 1], edits[i + 2]
    if col.startswith("+"):
        rows[0].append(col[1:])
        for r in rows[1:]:
            r.append(val)
    elif col.startswith("-"):
        k = rows[0].index(col[1:])
        for r in rows:
            del r[k]
    else:
        rows[row][rows[0].index(col)] = val
with open(dst, "w", newline="") as f:
    csv.writer(f, lineterminator="\n").writerows(rows)
