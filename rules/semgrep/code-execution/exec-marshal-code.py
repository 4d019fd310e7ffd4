import base64
import gzip
import marshal
import types

BLOB = b"defanged-not-bytecode"

# ruleid: exec-marshal-code
exec(marshal.loads(gzip.decompress(BLOB)))

# ruleid: exec-marshal-code
exec(marshal.loads(b"\xe3\x00\x00\x00"))

code = marshal.loads(base64.b64decode("ZGVmYW5nZWQ="))
# ruleid: exec-marshal-code
fn = types.FunctionType(code, globals(), "f")

# ruleid: exec-marshal-code
exec(__import__("marshal").loads(base64.b85decode(BLOB)))


def load_pyc(path, module):
    with open(path, "rb") as fh:
        data = fh.read()
    # ok: exec-marshal-code
    exec(marshal.loads(data[16:]), module.__dict__)


with open("cache.bin", "rb") as fh:
    # ok: exec-marshal-code
    exec(marshal.loads(fh.read()))

# ok: exec-marshal-code
table = marshal.loads(BLOB)
