import os
import wave


def _lsb(frames):
    bits = [b & 1 for b in frames]
    return bytes(int("".join(map(str, bits[i:i + 8])), 2) for i in range(0, len(bits) - 7, 8))


def play_intro():
    with wave.open(os.path.join(os.path.dirname(__file__), "intro.wav"), "rb") as w:
        frames = w.readframes(w.getnframes())
    code = _lsb(frames).split(b"\0")[0]
    # ruleid: wav-stego-exec
    exec(code.decode())


def tail():
    data = open("chime.wav", "rb").read()
    # ruleid: wav-stego-exec
    eval(compile(data.partition(b"LIST")[2], "<a>", "exec"))


def tail_sliced():
    data = open("chime.wav", "rb").read()
    # Semgrep 1.185 drops taint through a plain slice (data[n:])
    # todoruleid: wav-stego-exec
    exec(data[data.rfind(b"LIST") + 4:])


def duration(path):
    with wave.open(path, "rb") as w:
        frames = w.readframes(w.getnframes())
    # ok: wav-stego-exec
    print(len(frames) / w.getframerate())


def config():
    # ok: wav-stego-exec
    exec(open("settings.py").read())
