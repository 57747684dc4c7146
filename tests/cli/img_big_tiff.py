#!/usr/bin/env python3
"""img_big_tiff.py OUT MB: a one-page 8-bit grey TIFF of about MB
megabytes, its one strip written as a sparse run of zeros (fast)."""
import struct, sys

out, mb = sys.argv[1], int(sys.argv[2])
W = 1000
H = mb * 1000
n = W * H
tags = [(256, 4, 1, W), (257, 4, 1, H), (258, 3, 1, 8), (259, 3, 1, 1),
        (262, 3, 1, 1), (273, 4, 1, 0), (277, 3, 1, 1), (278, 4, 1, H),
        (279, 4, 1, n)]
ifd_at = 8
data_at = ifd_at + 2 + 12 * len(tags) + 4
ifd = struct.pack("<H", len(tags))
for t, ty, c, v in tags:
    if t == 273:
        v = data_at
    ifd += struct.pack("<HHI", t, ty, c)
    ifd += struct.pack("<HH", v, 0) if ty == 3 else struct.pack("<I", v)
ifd += struct.pack("<I", 0)
with open(out, "wb") as f:
    f.write(b"II*\0" + struct.pack("<I", ifd_at) + ifd)
    f.truncate(data_at + n)
