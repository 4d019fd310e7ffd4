"""rules/yara/binaries/binaries.yar: executables vs. libraries vs. extension modules, and .pyc bodies."""

from __future__ import annotations

import struct

import pytest
from yara_builders import elf, java_class, macho, macho_fat, params, pe, pyc

MH_EXECUTE, MH_DYLIB, MH_BUNDLE = 2, 6, 8
ET_EXEC, ET_DYN = 2, 3

# what a launcher stub (setuptools cli.exe / distlib t64.exe) says about itself
LAUNCHER_BODY = b"\xc3\x00Failed to find shebang\x00Fatal error in launcher: %s\x00"
# a zip appended to a launcher: a packaged script travelling as an .exe
APPENDED_SCRIPT = b"#!python.exe\n" + b"PK\x03\x04" + b"\x00" * 60

C_SOURCE_WITH_PYINIT = b"""\
#include <Python.h>
static struct PyModuleDef demo = {PyModuleDef_HEAD_INIT, "demo", NULL, -1, NULL};
PyMODINIT_FUNC PyInit_demo(void) { return PyModule_Create(&demo); }
"""


def pyc_header(magic: int, words: int, marker: bytes) -> bytes:
    """A pyc header for an older interpreter: magic, \\r\\n, `words` header words, then `marker`."""
    return struct.pack("<H", magic) + b"\r\n" + b"\x00" * (4 * (words - 1)) + marker + b"\x00" * 32


POSITIVE = {
    "pe_executable_program": [
        ("console-exe", pe),
        ("launcher-with-appended-script", lambda: pe(body=LAUNCHER_BODY, overlay=APPENDED_SCRIPT)),
    ],
    "elf_executable_program": [
        ("et-exec", lambda: elf(ET_EXEC)),
        ("pie", lambda: elf(ET_DYN, interp=True)),
    ],
    "macho_executable_program": [
        ("thin", lambda: macho(MH_EXECUTE)),
        ("universal", lambda: macho_fat(MH_EXECUTE)),
    ],
    "native_python_extension": [
        ("elf-so", lambda: elf(ET_DYN, body=b"\x00PyInit_demo\x00")),
        ("pe-pyd", lambda: pe(dll=True, body=b"\xc3\x00PyInit_demo\x00")),
        ("macho-bundle", lambda: macho(MH_BUNDLE, body=b"\x00_PyInit_demo\x00")),
        ("macho-universal-bundle", lambda: macho_fat(MH_BUNDLE, body=b"\x00_PyInit_demo\x00")),
    ],
    "native_shared_library": [
        ("elf-so", lambda: elf(ET_DYN)),
        ("pe-dll", lambda: pe(dll=True)),
        ("macho-dylib", lambda: macho(MH_DYLIB)),
    ],
    "compiled_python_bytecode": [
        ("this-interpreter", pyc),
        ("py38", lambda: pyc_header(3413, 4, b"\xe3")),
        ("py36", lambda: pyc_header(3379, 3, b"\xe3")),
        ("py27", lambda: pyc_header(62211, 2, b"c")),
    ],
}

BENIGN = {
    "pe_executable_program": [
        ("dll", lambda: pe(dll=True)),
        ("launcher-stub-without-overlay", lambda: pe(body=LAUNCHER_BODY)),
    ],
    "elf_executable_program": [
        ("shared-library", lambda: elf(ET_DYN)),
        ("extension-module", lambda: elf(ET_DYN, body=b"\x00PyInit_demo\x00")),
    ],
    "macho_executable_program": [
        ("java-class", java_class),
        ("dylib", lambda: macho(MH_DYLIB)),
        ("universal-bundle", lambda: macho_fat(MH_BUNDLE)),
    ],
    "native_python_extension": [
        ("c-source-text", lambda: C_SOURCE_WITH_PYINIT),
        ("library-without-pyinit", lambda: elf(ET_DYN)),
        ("exe-mentioning-pyinit", lambda: pe(body=b"\xc3\x00PyInit_demo\x00")),
    ],
    "native_shared_library": [
        ("extension-module", lambda: elf(ET_DYN, body=b"\x00PyInit_demo\x00")),
        ("pie-executable", lambda: elf(ET_DYN, interp=True)),
        ("pyd", lambda: pe(dll=True, body=b"\xc3\x00PyInit_demo\x00")),
    ],
    "compiled_python_bytecode": [
        ("crlf-text", lambda: b"ab\r\ncd\r\n" * 8),
        ("magic-without-code-object", lambda: pyc_header(3495, 4, b"X")),
        ("python-source", lambda: b"import os\r\nprint(os.name)\r\n"),
    ],
}


@pytest.mark.parametrize(("rule", "build"), params(POSITIVE))
def test_fires(fired, rule, build):
    assert rule in fired(build())


@pytest.mark.parametrize(("rule", "build"), params(BENIGN))
def test_quiet(fired, rule, build):
    assert rule not in fired(build())


def test_extension_module_is_only_an_extension(fired):
    """A wheel's .so must not read as a program or a foreign library."""
    assert fired(elf(ET_DYN, body=b"\x00PyInit_demo\x00")) == {"native_python_extension"}
    assert fired(pe(dll=True, body=b"\xc3\x00PyInit_demo\x00")) == {"native_python_extension"}


def test_java_class_is_not_macho(fired):
    assert fired(java_class()) == set()


def test_wheel_like_extension_package_yields_only_info(tmp_path, yara_rules):
    """A compiled extension shipped beside its C source and build config: the
    pack only reports INFO facts, which the runner clears from that context."""
    pkg = tmp_path / "speedups"
    pkg.mkdir()
    (tmp_path / "setup.py").write_text(
        "from setuptools import Extension, setup\n"
        "setup(name='speedups', ext_modules=[Extension('speedups._core', ['speedups/_core.c'])])\n")
    (pkg / "__init__.py").write_text("from ._core import fast_sum\n")
    (pkg / "_core.c").write_bytes(C_SOURCE_WITH_PYINIT.replace(b"demo", b"_core"))
    (pkg / "_core.cpython-311-x86_64-linux-gnu.so").write_bytes(elf(ET_DYN, body=b"\x00PyInit__core\x00"))
    (pkg / "_core.cp311-win_amd64.pyd").write_bytes(pe(dll=True, body=b"\xc3\x00PyInit__core\x00"))
    (pkg / "_core.cpython-311-darwin.so").write_bytes(macho(MH_BUNDLE, body=b"\x00_PyInit__core\x00"))
    findings = {(path.name, m.rule, m.meta["severity"])
                for path in tmp_path.rglob("*") if path.is_file()
                for m in yara_rules.match(str(path), timeout=30)}
    assert {rule for _, rule, _ in findings} == {"native_python_extension"}
    assert {sev for _, _, sev in findings} == {"INFO"}
