"""Byte builders for the YARA tests: real, minimal files made with struct/zlib.

Nothing here is taken from a malware sample. Every "payload" is inert text
(prints, example.invalid, 203.0.113.0/24 TEST-NET addresses) and no fixture is
ever executed or written outside pytest's tmp dirs.
"""

from __future__ import annotations

import base64
import importlib.util
import marshal
import struct
import zlib

# --------------------------------------------------------------------------
# images


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int = 8, height: int = 8, pixels: bytes | None = None, text: bytes = b"",
        trailer: bytes = b"") -> bytes:
    """A valid 8-bit RGB PNG; `pixels` is width*height*3 bytes, `text` a tEXt chunk body."""
    if pixels is None:
        pixels = bytes((x * 37 + y * 11) & 0xFF for y in range(height) for x in range(width * 3))
    rows = b"".join(b"\x00" + pixels[y * width * 3:(y + 1) * width * 3] for y in range(height))
    out = b"\x89PNG\r\n\x1a\n"
    out += png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    if text:
        out += png_chunk(b"tEXt", text)
    out += png_chunk(b"IDAT", zlib.compress(rows, 9))
    out += png_chunk(b"IEND", b"")
    return out + trailer


def png_pixels(data: bytes) -> tuple[int, int, bytes]:
    """Decode the RGB pixels of a PNG made by png() (filter 0 rows only)."""
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * 3 + 1
    return width, height, b"".join(raw[y * stride + 1:(y + 1) * stride] for y in range(height))


def lsb_embed(message: bytes, width: int = 32, height: int = 32) -> bytes:
    """A PNG whose channel LSBs carry `message` (MSB first), NUL-terminated."""
    bits = "".join(f"{b:08b}" for b in message + b"\x00")
    base = bytearray((x * 7 + y * 13) & 0xFE for y in range(height) for x in range(width * 3))
    if len(bits) > len(base):
        raise ValueError("message too long for the image")
    for i, bit in enumerate(bits):
        base[i] |= int(bit)
    return png(width, height, bytes(base))


def lsb_extract(data: bytes) -> bytes:
    _, _, pixels = png_pixels(data)
    out = bytearray()
    for i in range(0, len(pixels) - 7, 8):
        byte = int("".join(str(p & 1) for p in pixels[i:i + 8]), 2)
        if byte == 0:
            break
        out.append(byte)
    return bytes(out)


def jpeg(trailer: bytes = b"", comment: bytes = b"") -> bytes:
    """A baseline 8x8 greyscale JFIF: SOI, APP0, [COM], DQT, SOF0, DHT, SOS, scan, EOI."""
    def seg(marker: int, body: bytes) -> bytes:
        return struct.pack(">BBH", 0xFF, marker, len(body) + 2) + body

    out = b"\xff\xd8"
    out += seg(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    if comment:
        out += seg(0xFE, comment)
    out += seg(0xDB, b"\x00" + bytes([1] * 64))
    out += seg(0xC0, b"\x08\x00\x08\x00\x08\x01\x01\x11\x00")
    # DC table: one code of length 1 for category 0; AC table: one code for EOB
    out += seg(0xC4, b"\x00" + b"\x01" + b"\x00" * 15 + b"\x00")
    out += seg(0xC4, b"\x10" + b"\x01" + b"\x00" * 15 + b"\x00")
    out += seg(0xDA, b"\x01\x01\x00\x00\x3f\x00")
    out += b"\x00" * 4 + b"\x3f" * 60   # entropy-coded data, no 0xFF bytes
    return out + b"\xff\xd9" + trailer


# the classic smallest valid GIF89a (1x1, two-colour table), then whatever follows
GIF_1X1 = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00"
           b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")


def gif(trailer: bytes = b"", comment: bytes = b"") -> bytes:
    body = GIF_1X1[:-1]
    if comment:
        body += b"\x21\xfe" + b"".join(bytes([len(comment[i:i + 255])]) + comment[i:i + 255]
                                       for i in range(0, len(comment), 255)) + b"\x00"
    return body + b";" + trailer


def bmp(width: int = 8, height: int = 8, trailer: bytes = b"") -> bytes:
    row = bytes((x * 29) & 0xFF for x in range(width * 3))
    row += b"\x00" * ((4 - len(row) % 4) % 4)
    pixels = row * height
    size = 14 + 40 + len(pixels)
    header = b"BM" + struct.pack("<IHHI", size, 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, len(pixels), 2835, 2835, 0, 0)
    return header + info + pixels + trailer


def ico(images: list[bytes] | None = None, trailer: bytes = b"") -> bytes:
    images = images or [png(16, 16)]
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, blobs = b"", b""
    for img in images:
        entries += struct.pack("<BBBBHHII", 16, 16, 0, 0, 1, 32, len(img), offset)
        blobs += img
        offset += len(img)
    return out + entries + blobs + trailer


def webp(trailer: bytes = b"") -> bytes:
    # a lossless 1x1 VP8L bitstream
    vp8l = b"\x2f\x00\x00\x00\x00\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
    chunk = b"VP8L" + struct.pack("<I", len(vp8l)) + vp8l
    body = b"WEBP" + chunk
    return b"RIFF" + struct.pack("<I", len(body)) + body + trailer


# --------------------------------------------------------------------------
# native binaries

DOS_STUB = (b"\x0e\x1f\xba\x0e\x00\xb4\x09\xcd\x21\xb8\x01\x4c\xcd\x21"
            b"This program cannot be run in DOS mode.\r\r\n$" + b"\x00" * 7)


def pe(dll: bool = False, sections: tuple[bytes, ...] = (b".text",), body: bytes = b"",
       overlay: bytes = b"") -> bytes:
    """A PE32+ image: DOS header and stub, COFF and optional headers, raw sections."""
    e_lfanew = 0x80
    dos = bytearray(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8" + b"\x00" * 47)
    struct.pack_into("<I", dos, 0x3C, e_lfanew)
    dos = bytes(dos) + DOS_STUB
    dos = dos.ljust(e_lfanew, b"\x00")
    characteristics = 0x0022 | (0x2000 if dll else 0)
    nsec = len(sections)
    coff = struct.pack("<HHIIIHH", 0x8664, nsec, 0, 0, 0, 0xF0, characteristics)
    file_align, sect_align = 0x200, 0x1000
    headers_size = (e_lfanew + 4 + 20 + 0xF0 + 40 * nsec + file_align - 1) // file_align * file_align
    raw = (body or b"\xc3").ljust(file_align, b"\x00")
    raw = raw + b"\x00" * ((file_align - len(raw) % file_align) % file_align)
    opt = struct.pack("<HBBIIIIIQIIHHHHHHIIIIHHQQQQII",
                      0x20B, 14, 0, len(raw), 0, 0, sect_align, sect_align,
                      0x140000000, sect_align, file_align, 6, 0, 0, 0, 6, 0, 0,
                      sect_align * (nsec + 1), headers_size, 0, 3 if not dll else 2, 0x8160,
                      0x100000, 0x1000, 0x100000, 0x1000, 0, 16)
    opt += b"\x00" * (16 * 8)
    table, data = b"", b""
    for i, name in enumerate(sections):
        table += struct.pack("<8sIIIIIIHHI", name, len(raw), sect_align * (i + 1), len(raw),
                             headers_size + i * len(raw), 0, 0, 0, 0, 0x60000020)
        data += raw
    head = (dos + b"PE\x00\x00" + coff + opt + table).ljust(headers_size, b"\x00")
    return head + data + overlay


def elf(etype: int = 2, interp: bool = False, body: bytes = b"") -> bytes:
    """An ELF64 little-endian x86-64 file; etype 2=EXEC, 3=DYN; optional PT_INTERP."""
    interp_str = b"/lib64/ld-linux-x86-64.so.2\x00"
    phnum = 2 if interp else 1
    data_off = 64 + 56 * phnum
    payload = (interp_str if interp else b"") + (body or b"\x31\xff\xb8\x3c\x00\x00\x00\x0f\x05")
    ident = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8
    hdr = ident + struct.pack("<HHIQQQIHHHHHH", etype, 0x3E, 1, 0x400000 + data_off, 64, 0, 0,
                              64, 56, phnum, 64, 0, 0)
    phdrs = b""
    if interp:
        phdrs += struct.pack("<IIQQQQQQ", 3, 4, data_off, 0x400000 + data_off, 0x400000 + data_off,
                             len(interp_str), len(interp_str), 1)
    total = data_off + len(payload)
    phdrs += struct.pack("<IIQQQQQQ", 1, 5, 0, 0x400000, 0x400000, total, total, 0x1000)
    return hdr + phdrs + payload


def macho(filetype: int = 2, body: bytes = b"") -> bytes:
    """A thin 64-bit Mach-O header (x86_64), no load commands."""
    return struct.pack("<IiiIIIII", 0xFEEDFACF, 0x01000007, 3, filetype, 0, 0, 0, 0) + body


def macho_fat(filetype: int = 2, body: bytes = b"") -> bytes:
    slice_ = macho(filetype, body)
    offset = 64
    head = struct.pack(">II", 0xCAFEBABE, 1) + struct.pack(">iiIII", 0x01000007, 3, offset,
                                                            len(slice_), 6)
    return head.ljust(offset, b"\x00") + slice_


def java_class() -> bytes:
    """The header of a Java 11 class file (major 55): same CAFEBABE magic as fat Mach-O."""
    return struct.pack(">IHHH", 0xCAFEBABE, 0, 55, 3) + b"\x07\x00\x02\x01\x00\x04Demo"


def pyc(source: str = "x = 1\n") -> bytes:
    """A .pyc body for this interpreter: magic, flags, mtime, size, marshalled code."""
    code = compile(source, "<demo>", "exec")
    return importlib.util.MAGIC_NUMBER + struct.pack("<III", 0, 0, len(source)) + marshal.dumps(code)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


# --------------------------------------------------------------------------
# test tables


def params(table: dict[str, list[tuple[str, object]]]) -> list:
    """{rule: [(case_id, build), ...]} -> pytest params (rule, build) with readable ids."""
    import pytest

    return [pytest.param(rule, build, id=f"{rule}-{case}")
            for rule, cases in table.items() for case, build in cases]
