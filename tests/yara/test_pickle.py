"""rules/yara/pickle/pickle.yar: pickles that import shell, exec or process-launching callables.

Fixtures are pickled from local classes whose __reduce__ names the callable: dumped, never loaded."""

from __future__ import annotations

import io
import os
import pickle
import subprocess
import zipfile
from collections import OrderedDict

import pytest
from yara_builders import params


class _Reduce:
    def __init__(self, func, *args):
        self.func, self.args = func, args

    def __reduce__(self):
        return (self.func, self.args)


def _pt(payload: bytes) -> bytes:
    """A zip-based .pt model: torch stores archive/data.pkl uncompressed."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("archive/data.pkl", payload)
        zf.writestr("archive/version", b"3\n")
    return buf.getvalue()


def _dump(obj, protocol: int) -> bytes:
    return pickle.dumps({"weights": [0.5, 1.5], "obj": obj}, protocol=protocol)


POSITIVE = {
    "pickle_dangerous_callable": [
        *((f"os-system-p{p}", lambda p=p: _dump(_Reduce(os.system, "echo defanged"), p)) for p in range(6)),
        ("subprocess-popen-p4", lambda: _dump(_Reduce(subprocess.Popen, ["true"]), 4)),
        ("subprocess-check-output-p2", lambda: _dump(_Reduce(subprocess.check_output, ["true"]), 2)),
        ("builtins-eval-p4", lambda: _dump(_Reduce(eval, "1+1"), 4)),
        ("builtins-exec-p2", lambda: _dump(_Reduce(exec, "pass"), 2)),
        ("pt-zip-os-system", lambda: _pt(_dump(_Reduce(os.system, "echo defanged"), 2))),
    ],
}

BENIGN = {
    "pickle_dangerous_callable": [
        ("ordered-dict-p2", lambda: pickle.dumps(OrderedDict(a=1.0, b=[1, 2]), protocol=2)),
        ("ordered-dict-p4", lambda: pickle.dumps(OrderedDict(a=1.0), protocol=4)),
        ("plain-data-p5", lambda: pickle.dumps({"layers": list(range(20)), "name": "os system"}, protocol=5)),
        ("pt-zip-benign", lambda: _pt(pickle.dumps(OrderedDict(w=[0.1]), protocol=2))),
        ("text-mentioning-opcodes", lambda: b"docs: a pickle may hold cos\nsystem\n as a GLOBAL opcode\n"),
    ],
}


@pytest.mark.parametrize(("rule", "build"), params(POSITIVE))
def test_fires(fired, rule, build):
    assert rule in fired(build())


@pytest.mark.parametrize(("rule", "build"), params(BENIGN))
def test_quiet(fired, rule, build):
    assert rule not in fired(build())
