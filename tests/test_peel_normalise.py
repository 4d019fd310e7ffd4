"""The normalised view: folded reflection names, followed aliases, NFKC identifiers, same lines."""

from __future__ import annotations

import pytest
from antivenom.peel import peel_file
from antivenom.peel.caps import Budget, PeelCaps
from antivenom.peel.literals import parse
from antivenom.peel.normalise import normalised_view


def _view(source: str) -> str | None:
    return normalised_view(source, parse(source), Budget(PeelCaps()))


@pytest.mark.parametrize(("source", "expected"), [
    ("import builtins\ngetattr(builtins, 'ex' + 'ec')('x')\n", "exec('x')"),
    ("b = __builtins__\ngetattr(b, 'ev' 'al')('1')\n", "eval('1')"),
    ("import os\ngetattr(os, 'sys' + 'tem')('id')\n", "os.system('id')"),
    ("import os\nP = 'sys'\ngetattr(os, P + 'tem')('id')\n", "os.system('id')"),
    ("getattr(__import__('builtins'), ''.join(['e', 'x', 'e', 'c']))('x')\n", "exec('x')"),
    ("__import__('o' + 's').system('id')\n", "__import__('os').system('id')"),
    ("import importlib\nimportlib.import_module('sub' + 'process').call('id')\n",
     "importlib.import_module('subprocess').call('id')"),
    ("import builtins\nvars(builtins)['ex' + 'ec']('x')\n", "exec('x')"),
    ("import os\nos.__dict__['sys' + 'tem']('id')\n", "os.system('id')"),
    ("globals()['__buil' + 'tins__']\n", "__builtins__"),
    ("_run = exec\n_run('x')\n", "exec('x')"),
    ("import os\ns = os.system\ns('id')\n", "os.system('id')"),
    ("from os import system as q\nq('id')\n", "os.system('id')"),
    ("\u212f\U0001d4cd\u212f\U0001d4b8('x')\n", "exec('x')"),
    ("import requests\nrequests.post('https://disc' + 'ord.com/api/webhooks/1/x')\n",
     "requests.post('https://discord.com/api/webhooks/1/x')"),
])
def test_spellings_are_normalised(source, expected) -> None:
    view = _view(source)
    assert view is not None and expected in view
    assert view.count("\n") == source.count("\n")


def test_lines_are_kept_for_multiline_expressions() -> None:
    source = "import os\nx = getattr(os,\n    'sys'\n    + 'tem')\nx('id')\nprint('after')\n"
    view = _view(source)
    assert view is not None
    assert view.splitlines()[5] == "print('after')"
    assert "os.system" in view.splitlines()[1]


@pytest.mark.parametrize("source", [
    "import os\nprint(os.path.join('a', 'b'))\n",
    "import os\njoin = os.path.join\njoin('a', 'b')\n",
    "from os import path\npath.exists('x')\n",
    "x = 'hello ' + 'world'\n",
    "getattr(obj, 'name')\n",
    "getattr(obj, 'na' + 'me')\n",
    "def f(exec_):\n    return exec_\n",
    "caf\u00e9 = 1\n",  # NFKC leaves it as it is
])
def test_ordinary_code_has_no_view(source) -> None:
    assert _view(source) is None


def test_alias_bound_twice_is_not_followed() -> None:
    assert _view("_run = exec\n_run = print\n_run('x')\n") is None


def test_peel_file_emits_the_view_with_its_name() -> None:
    result = peel_file("pkg/x.pth", b"import os; getattr(os, 'sys' + 'tem')('echo defanged')\n")
    views = [d for d in result.derived if d.name == "pkg/x.pth::normalised"]
    assert views and b"os.system('echo defanged')" in views[0].data and views[0].kind == "normalised"


def test_decoded_layers_get_a_view_too() -> None:
    import base64

    inner = b"import builtins\ngetattr(builtins, 'ex' + 'ec')('print(1)')\n"
    source = f"import base64\nexec(base64.b64decode({base64.b64encode(inner).decode()!r}))\n"
    names = [d.name for d in peel_file("setup.py", source.encode()).derived]
    assert "setup.py::peel/1::normalised" in names
