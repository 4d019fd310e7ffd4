import base64
import builtins
import codecs
import types
import zlib
from base64 import b64decode

BLOB = "cHJpbnQoJ2RlZmFuZ2VkJyk="

# ruleid: exec-decoded-payload
exec(base64.b64decode(BLOB))

# ruleid: exec-decoded-payload
exec(zlib.decompress(b64decode(BLOB)))

# ruleid: exec-decoded-payload
eval(compile(base64.b32decode(BLOB), "<string>", "exec"))

stage = b64decode(BLOB)
step = zlib.decompress(stage)
# ruleid: exec-decoded-payload
exec(step.decode())

# ruleid: exec-decoded-payload
exec(codecs.decode("cevag('qrsnatrq')", "rot13"))

# ruleid: exec-decoded-payload
__import__("builtins").exec(bytes.fromhex("7072696e742829"))

# ruleid: exec-decoded-payload
exec(__import__("zlib").decompress(__import__("base64").b64decode(BLOB)))

with open("version.py") as fh:
    # ok: exec-decoded-payload
    exec(compile(fh.read(), "version.py", "exec"))

# ok: exec-decoded-payload
eval("1 + 2")

config = base64.b64decode(BLOB)
# ok: exec-decoded-payload
print(config.decode())

# ok: exec-decoded-payload
exec("x = 1")

_src = base64.b64decode(BLOB).decode()
# ruleid: exec-decoded-payload
types.FunctionType(compile(_src, "<string>", "exec"), globals())()

_code = compile(zlib.decompress(base64.b64decode(BLOB)), "<x>", "exec")
_n = "".join(map(chr, [101, 120, 101, 99]))
_e = getattr(builtins, _n)
# ruleid: exec-decoded-payload
_e(_code)

_shown = base64.b64decode(BLOB).decode()
_p = getattr(builtins, "print")
# ok: exec-decoded-payload
_p(_shown)
