"""rules/yara/packers/packers.yar: UPX and frozen-Python programs."""

from __future__ import annotations

import struct

import pytest
from yara_builders import elf, params, pe

MEI = b"MEI\x0c\x0b\x0a\x0b\x0e"


def pyinstaller_cookie(pylib: bytes, archive_len: int = 4096) -> bytes:
    """CArchive cookie: magic, package length, TOC offset, TOC length, Python version, lib name."""
    return MEI + struct.pack(">IIII", archive_len, 64, 128, 311) + pylib.ljust(64, b"\x00")


FROZEN_ARCHIVE = b"PYZ\x00" + b"\x00" * 200   # an (empty) stand-in for the bundled archive

POSITIVE = {
    "upx_packed_binary": [
        ("pe-upx-sections", lambda: pe(sections=(b"UPX0", b"UPX1"), body=b"UPX!\x0d\x09\x08")),
        ("elf-upx-header", lambda: elf(body=b"\x00" * 32 + b"UPX!\x0d\x09\x08\x00")),
    ],
    "pyinstaller_bundle": [
        ("elf-onefile", lambda: elf() + FROZEN_ARCHIVE + pyinstaller_cookie(b"libpython3.11.so.1.0")),
        ("pe-onefile", lambda: pe(overlay=FROZEN_ARCHIVE + pyinstaller_cookie(b"python311.dll"))),
        ("old-24-byte-cookie", lambda: pe(overlay=FROZEN_ARCHIVE + MEI + struct.pack(">IIII", 1, 2, 3, 27))),
    ],
    "nuitka_compiled_binary": [
        ("module-so", lambda: elf(3, body=b"\x00__nuitka_version__\x00nuitka_types_patch\x00PyInit_demo\x00")),
        ("onefile-exe", lambda: pe(body=b"\xc3\x00" + "NUITKA_ONEFILE_PARENT".encode("utf-16le")
                                   + b"\x00__compiled_constant__\x00")),
    ],
    "py2exe_bundle": [
        ("pythonscript-resource", lambda: pe(body=b"\xc3\x00" + "PYTHONSCRIPT".encode("utf-16le")
                                             + b"\x00zipextimporter\x00")),
        ("ascii-markers", lambda: pe(body=b"\xc3\x00PYTHONSCRIPT\x00py2exe\x00")),
    ],
    "cx_freeze_bundle": [
        ("elf-base", lambda: elf(body=b"\x00__startup__\x00lib/library.zip\x00")),
        ("pe-base", lambda: pe(body=b"\xc3\x00__startup__\x00cx_Freeze\x00")),
    ],
}

BENIGN = {
    "upx_packed_binary": [
        ("plain-pe", pe),
        # a tool that looks for packed files holds the magic deep in its data
        ("elf-magic-past-headers", lambda: elf(body=b"\x00" * 5000 + b"UPX!")),
        ("python-text", lambda: b"EXE(pyz, upx=True, name='demo')  # UPX! compresses\n"),
    ],
    "pyinstaller_bundle": [
        # the bootloader keeps the magic as a constant, followed by code, not a cookie
        ("bootloader-constant", lambda: pe(body=b"\xc3\x00" + MEI + b"\x00" * 16 + b"\x48\x8b\x05" + b"_MEIPASS\x00")),
        ("python-text", lambda: b"MAGIC = b'MEI\\014\\013\\012\\013\\016'\n"),
        ("raw-magic-in-text", lambda: b"notes " + MEI + b"\x00" * 16 + b"python311.dll"),
    ],
    "nuitka_compiled_binary": [
        ("nuitka-c-source", lambda: b'PyObject *v = PyUnicode_FromString("__nuitka_version__");\n'
                                    b"void nuitka_types_patch(void);\n"),
        ("one-marker-only", lambda: elf(3, body=b"\x00__compiled_constant__\x00")),
    ],
    "py2exe_bundle": [
        ("py2exe-python-source", lambda: b"resource = 'PYTHONSCRIPT'  # py2exe stores the script here\n"),
        ("pe-resource-only", lambda: pe(body=b"\xc3\x00PYTHONSCRIPT\x00")),
    ],
    "cx_freeze_bundle": [
        ("cx-freeze-python-source", lambda: b'"""Initialization script for cx_Freeze."""\nimport __startup__\n'),
        ("pe-startup-only", lambda: pe(body=b"\xc3\x00__startup__\x00")),
    ],
}


@pytest.mark.parametrize(("rule", "build"), params(POSITIVE))
def test_fires(fired, rule, build):
    assert rule in fired(build())


@pytest.mark.parametrize(("rule", "build"), params(BENIGN))
def test_quiet(fired, rule, build):
    assert rule not in fired(build())
