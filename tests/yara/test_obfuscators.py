"""rules/yara/obfuscators/obfuscators.yar: PyArmor, BlankOBF, Hyperion, pyobfuscate, Kramer, repr-spelled builtins.

The obfuscated fixtures are hand-written in each tool's output shape and wrap
nothing but print() calls.
"""

from __future__ import annotations

import pytest
from yara_builders import elf, params

PYARMOR8 = r"""# Pyarmor 8.5.0 (trial), 000000, 2026-01-01T00:00:00
from pyarmor_runtime_000000 import __pyarmor__
__pyarmor__(__name__, __file__, b'PY000000\x00\x03\x0b\x00\xa7\r\r\n\x80\x00\x01\x00\x08\x00\x00\x00')
"""

PYARMOR6 = r"""from pytransform import pyarmor_runtime
pyarmor_runtime()
__pyarmor__(__name__, __file__, b'\x50\x59\x41\x52\x4d\x4f\x52\x00\x00\x03\x0b\x00')
"""

BLANKOBF = r"""_____=eval("\x65\x76\141\154");______=_____("\x70\x72\x69\x6e\x74")
______("demo")
"""

BLANKOBF_BANNER = """# Obfuscated with BlankOBF
# https://github.com/Blank-c/BlankOBF
print("demo")
"""

HYPERION = """from builtins import *
from math import prod as Negative

Alpha, Beta, Gamma, Delta, Epsilon, Zeta = exec, str, tuple, map, ord, globals

class _Layer:
    def run(code=str):
        return Alpha(Beta(Gamma(Delta(Epsilon, code))))
"""

HYPERION_SHAPE_NO_ALIAS = """from math import prod as Positive
class _X:
    def a(self):
        # sourcery skip: collection-to-bool, remove-redundant-boolean, remove-redundant-except-handler
        return Positive((1, 2))
"""

HYPERION_BANNER = """__obfuscator__ = 'Hyperion'
__code__ = 'print("demo")'
"""

PYOBFUSCATE = """import base64,codecs,zlib;pyobfuscate=""
obfuscate = dict(map(lambda a,b:(a,b),['(https://pyobfuscate.com)*(bytes)'],['cHJpbnQoImRlbW8iKQ==']))
print(obfuscate)
"""

PYOBFUSCATE_LAMBDA = """pyobfuscate=(lambda getattr:[print(k) for k in getattr.items()])
pyobfuscate({"(https://pyobfuscate.com)": "demo"})
"""

KRAMER = """_____ = eval(getattr(__import__(bytes([98, 117, 105, 108, 116, 105, 110, 115]).decode()), 'print'))
_____("demo")
"""

REPR_BUILTINS = """name = ''.join(map(getattr(__builtins__, oct.__str__()[-3 << 0] + hex.__str__()[-1 << 2] \
+ copyright.__str__()[4 << 0]), [104, 105]))
print(name)
"""

REPR_INDEXES = """a = oct.__str__()[-3 << 0]
b = hex.__str__()[-1 << 2]
c = copyright.__str__()[4 << 0]
print(a + b + c)
"""

POSITIVE = {
    "pyarmor_protected_code": [
        ("pyarmor8", lambda: PYARMOR8),
        ("pyarmor6", lambda: PYARMOR6),
        ("runtime-binary", lambda: elf(3, body=b"\x00PyInit_pyarmor_runtime\x00")),
    ],
    "blankobf_obfuscated_code": [
        ("body", lambda: BLANKOBF),
        ("banner", lambda: BLANKOBF_BANNER),
    ],
    "hyperion_obfuscated_code": [
        ("alias-line", lambda: HYPERION),
        ("prod-and-sourcery", lambda: HYPERION_SHAPE_NO_ALIAS),
        ("banner", lambda: HYPERION_BANNER),
    ],
    "pyobfuscate_obfuscated_code": [
        ("dict-map", lambda: PYOBFUSCATE),
        ("lambda-getattr", lambda: PYOBFUSCATE_LAMBDA),
    ],
    "kramer_obfuscated_code": [
        ("eval-getattr-bytes", lambda: KRAMER),
        ("banner", lambda: "# made with https://github.com/billythegoat356/Kramer\n"),
    ],
    "builtin_repr_name_obfuscation": [
        ("getattr-builtins", lambda: REPR_BUILTINS),
        ("three-indexes", lambda: REPR_INDEXES),
    ],
}

BENIGN = {
    "pyarmor_protected_code": [
        ("cli-docs", lambda: "Protect the package with `pyarmor gen -O dist src/`; see pyarmor_runtime docs.\n"),
        ("license-check-text", lambda: "import pyarmor\nprint(pyarmor.__version__)\n"),
    ],
    "blankobf_obfuscated_code": [
        ("plain-eval", lambda: 'value = eval("1 + 1")\n____ = eval(expr)\n'),
        ("escaped-string", lambda: 'greeting = "\\x68\\x69"\nprint(greeting)\n'),
    ],
    "hyperion_obfuscated_code": [
        ("prod-alias-alone", lambda: "from math import prod as product\nprint(product([2, 3]))\n"),
        ("builtins-list", lambda: "SAFE = [str, tuple, map, ord]\nBLOCKED = (exec, eval)\n"),
    ],
    "pyobfuscate_obfuscated_code": [
        ("prose", lambda: "Unlike pyobfuscate or pyarmor, this project ships readable code.\n"),
        ("variable-name", lambda: "use_pyobfuscate = False\n"),
    ],
    "kramer_obfuscated_code": [
        ("eval-getattr", lambda: "handler = eval(getattr(config, 'expr'))\n"),
        ("bytes-import", lambda: "mod = __import__(bytes([111, 115]).decode())\n"),
    ],
    "builtin_repr_name_obfuscation": [
        ("single-repr", lambda: "print(hex.__str__())\nlabel = oct.__str__()[1:5]\n"),
        ("shift-math", lambda: "mask = (1 << 4) - 1\nvalue = [x >> 2 for x in range(8)]\n"),
    ],
}


@pytest.mark.parametrize(("rule", "build"), params(POSITIVE))
def test_fires(fired, rule, build):
    assert rule in fired(build())


@pytest.mark.parametrize(("rule", "build"), params(BENIGN))
def test_quiet(fired, rule, build):
    assert rule not in fired(build())
