import base64
import marshal
import zlib

# ruleid: obfuscated-lambda-chain
_ = lambda __ : __import__("zlib").decompress(__import__("base64").b64decode(__[::-1]));exec((_)(b"=defanged"))

unwrap = lambda x: marshal.loads(zlib.decompress(base64.b32decode(x[::-1])))
# ruleid: obfuscated-lambda-chain
exec(unwrap("DEFANGED"))

# ok: obfuscated-lambda-chain
square = lambda v: v * v; print(square(3))

key = lambda item: item[::-1]
# ok: obfuscated-lambda-chain
names = sorted(["a", "b"], key=key)

dec = lambda s: base64.b64decode(s)
# ok: obfuscated-lambda-chain
print(dec("ZGVmYW5nZWQ="))
