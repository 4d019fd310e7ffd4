import base64
import importlib

# ruleid: dynamic-import-obfuscated
mod = __import__("o" + "s")

# ruleid: dynamic-import-obfuscated
sp = __import__("".join(map(chr, [115, 117, 98])))

# ruleid: dynamic-import-obfuscated
net = importlib.import_module(base64.b64decode("c29ja2V0").decode())

# ruleid: dynamic-import-obfuscated
rev = __import__("so"[::-1])


def load_plugin(name):
    # ok: dynamic-import-obfuscated
    return importlib.import_module(name)


def lazy(name):
    # ok: dynamic-import-obfuscated
    return __import__(name, fromlist=["*"])


# ok: dynamic-import-obfuscated
json_mod = __import__("json")

PKG = "mypkg"
# ok: dynamic-import-obfuscated
sub = importlib.import_module(PKG + ".plugins")
