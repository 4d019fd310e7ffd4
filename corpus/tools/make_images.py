"""Generate the small images shipped in the corpus (standard library only).

    python corpus/tools/make_images.py

Writes, relative to corpus/:
- malicious/image-stego-appended/pillowkit/assets/logo.png: a valid 8x8 PNG with
  a marker and harmless Python appended after the IEND chunk.
- malicious/image-stego-lsb/bannerfont/data/banner.png: a valid 24x24 RGB PNG
  whose red-channel least significant bits carry a 4-byte big-endian length and
  the same harmless Python.
- benign/compiled-extension/docs/_static/logo.png and photo.jpg: ordinary images
  (the JPEG is a minimal baseline 8x8 grey image with one-symbol Huffman tables).
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent
PAYLOAD = b'print("antivenom corpus sample")\n'
STEGO_MARKER = b"<<PKCFG>>"


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png(width: int, height: int, rows: list[bytes]) -> bytes:
    """RGB 8-bit PNG; rows are raw RGB bytes (filter type 0 is prepended)."""
    raw = b"".join(b"\x00" + row for row in rows)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"IDAT", zlib.compress(raw, 9))
        + _chunk(b"IEND", b"")
    )


def gradient(width: int, height: int) -> list[list[list[int]]]:
    return [
        [[(x * 255) // max(width - 1, 1), (y * 255) // max(height - 1, 1), 128] for x in range(width)]
        for y in range(height)
    ]


def to_rows(pixels: list[list[list[int]]]) -> list[bytes]:
    return [bytes(c for px in row for c in px) for row in pixels]


def appended_png() -> bytes:
    return png(8, 8, to_rows(gradient(8, 8))) + STEGO_MARKER + PAYLOAD


def lsb_png() -> bytes:
    width = height = 24
    pixels = gradient(width, height)
    message = struct.pack(">I", len(PAYLOAD)) + PAYLOAD
    bits = [(byte >> (7 - i)) & 1 for byte in message for i in range(8)]
    if len(bits) > width * height:
        raise ValueError("payload too large for the carrier image")
    for n, bit in enumerate(bits):
        px = pixels[n // width][n % width]
        px[0] = (px[0] & 0xFE) | bit
    return png(width, height, to_rows(pixels))


def _segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


def tiny_jpeg() -> bytes:
    """Baseline 8x8 greyscale JPEG, one flat block (DC diff 0, then EOB)."""
    app0 = _segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    dqt = _segment(0xDB, b"\x00" + bytes([1] * 64))
    sof0 = _segment(0xC0, struct.pack(">BHHB", 8, 8, 8, 1) + b"\x01\x11\x00")
    one_code = bytes([1] + [0] * 15)  # one code of length 1 ...
    dht_dc = _segment(0xC4, b"\x00" + one_code + b"\x00")  # ... for DC category 0
    dht_ac = _segment(0xC4, b"\x10" + one_code + b"\x00")  # ... for AC EOB (0x00)
    sos = _segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
    scan = bytes([0b00111111])  # DC '0', EOB '0', padded with ones
    return b"\xff\xd8" + app0 + dqt + sof0 + dht_dc + dht_ac + sos + scan + b"\xff\xd9"


OUTPUTS = {
    "malicious/image-stego-appended/pillowkit/assets/logo.png": appended_png,
    "malicious/image-stego-lsb/bannerfont/data/banner.png": lsb_png,
    "benign/compiled-extension/docs/_static/logo.png": lambda: png(8, 8, to_rows(gradient(8, 8))),
    "benign/compiled-extension/docs/_static/photo.jpg": tiny_jpeg,
}


def main() -> None:
    for rel, build in OUTPUTS.items():
        path = CORPUS / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(build())
        print(f"wrote {rel} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
