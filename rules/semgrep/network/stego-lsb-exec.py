from judyb import lsb
from PIL import Image


def run_hidden(path):
    # ruleid: stego-lsb-exec
    exec(lsb.reveal(path))


def decode_pixels(path):
    img = Image.open(path)
    bits = ""
    for y in range(img.height):
        for x in range(img.width):
            r, g, b = img.getpixel((x, y))[:3]
            bits += str(r & 1)
    text = "".join(chr(int(bits[i:i + 8], 2)) for i in range(0, len(bits), 8))
    # ruleid: stego-lsb-exec
    exec(text)


def thumbnail(path):
    img = Image.open(path)
    pixels = list(img.getdata())
    # ok: stego-lsb-exec
    print(len(pixels))


def secret_note(path):
    # ok: stego-lsb-exec
    return lsb.reveal(path)
