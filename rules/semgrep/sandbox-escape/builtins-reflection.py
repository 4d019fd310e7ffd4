import base64
import builtins

BLOB = "cGFzcw=="

# ruleid: builtins-reflection
__import__("builtins").exec(__import__("builtins").compile(__import__("base64").b64decode(BLOB), "<string>", "exec"))

# ruleid: builtins-reflection
fn = getattr(__builtins__, oct.__str__()[-3 << 0] + hex.__str__()[-1 << 2])

# ruleid: builtins-reflection
runner = getattr(builtins, "ex" + "ec")

# ruleid: builtins-reflection
ev = builtins.__dict__["eval"]

key = base64.b64decode(BLOB).decode()
# ruleid: builtins-reflection
call = vars(builtins)[key]

# ok: builtins-reflection
raw_input = getattr(builtins, "raw_input", input)


def resolve(name):
    # ok: builtins-reflection
    return getattr(builtins, name)


# ok: builtins-reflection
__import__("builtins").exec("pass")

# ok: builtins-reflection
print_fn = builtins.__dict__["print"]

_name = "".join(map(chr, [101, 120, 101, 99]))
# ruleid: builtins-reflection
_run = getattr(builtins, _name)

_attr = "ValueError"
# ok: builtins-reflection
_exc = getattr(builtins, _attr)
