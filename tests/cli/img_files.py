#!/usr/bin/env python3
"""img_files.py KIND OUT [PAGES]: writes a real image file for the
img-batch tests: tiff (PAGES pages, uncompressed), pdf (PAGES pages),
png, ppm (for cjpeg).  Bytes written here, no imaging library."""
import struct, sys, zlib

kind, out = sys.argv[1], sys.argv[2]
pages = int(sys.argv[3]) if len(sys.argv) > 3 else 1
W, H = 16, 8


def tiff(n):
    data = bytearray(b"II*\0" + struct.pack("<I", 0))
    ifd_at = []
    for p in range(n):
        pix = bytes([(p * 40 + i) % 256 for i in range(W * H)])
        off = len(data)
        data += pix
        if len(data) % 2:
            data += b"\0"
        ifd_at.append((off, len(data)))
        tags = [(256, 3, 1, W), (257, 3, 1, H), (258, 3, 1, 8),
                (259, 3, 1, 1), (262, 3, 1, 1), (273, 4, 1, off),
                (277, 3, 1, 1), (278, 3, 1, H), (279, 4, 1, W * H)]
        ifd = struct.pack("<H", len(tags))
        for t, ty, c, v in tags:
            ifd += struct.pack("<HHI", t, ty, c)
            ifd += struct.pack("<HH", v, 0) if ty == 3 else struct.pack("<I", v)
        ifd += struct.pack("<I", 0)
        data += ifd
    # chain the IFDs
    for i, (off, at) in enumerate(ifd_at):
        link = at + 2 + 12 * 9
        nxt = ifd_at[i + 1][1] if i + 1 < len(ifd_at) else 0
        data[link:link + 4] = struct.pack("<I", nxt)
    data[4:8] = struct.pack("<I", ifd_at[0][1])
    return bytes(data)


def pdf(n):
    objs = ["<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [%s] /Count %d >>" %
            (" ".join("%d 0 R" % (3 + i) for i in range(n)), n)]
    for i in range(n):
        objs.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>")
    out = b"%PDF-1.4\n"
    offs = []
    for i, o in enumerate(objs):
        offs.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i + 1, o.encode())
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1, x)
    return out


def png():
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(
            ">I", zlib.crc32(t + d) & 0xffffffff)
    raw = b"".join(b"\0" + bytes([(x * 16) % 256] * W) for x in range(H))
    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 0, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def ppm():
    return b"P6 %d %d 255\n" % (W, H) + bytes(range(W * H * 3 % 256)) * 0 + \
        bytes((i * 7) % 256 for i in range(W * H * 3))


data = {"tiff": lambda: tiff(pages), "pdf": lambda: pdf(pages),
        "png": png, "ppm": ppm}[kind]()
open(out, "wb").write(data)
