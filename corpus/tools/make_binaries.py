"""Generate the fake executable stubs shipped in the corpus (standard library only).

    python corpus/tools/make_binaries.py

None of these is a working program: each is a few header bytes plus the
marker strings a packer or compiler leaves, enough for format and packer
signatures to recognise. Files are written without the executable bit.

- malicious/packed-upx-startup/pygame_fastinstall/bin/pgsetup.exe: MZ/PE header,
  section table named UPX0/UPX1/.rsrc, a "UPX!" block marker.
- malicious/pyinstaller-elf-import/linux_cpu_monitor/_bin/cpumond: ELF64 header,
  PyInstaller bootloader strings and the trailing MEI cookie.
- benign/compiled-extension/fastmath/_speedups.cpython-311-x86_64-linux-gnu.so:
  ELF64 shared-object header and a PyInit__speedups symbol string.
Also prints the base64 of the PE stub embedded in malicious/base64-pe-temp-run.
"""

from __future__ import annotations

import base64
import struct
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent


def pe_stub(sections: list[bytes], extra: bytes = b"") -> bytes:
    dos = bytearray(0x80)
    dos[0:2] = b"MZ"
    struct.pack_into("<HHHHHHHHHH", dos, 2, 0x90, 3, 0, 4, 0, 0xFFFF, 0, 0xB8, 0, 0)
    struct.pack_into("<H", dos, 0x18, 0x40)
    struct.pack_into("<I", dos, 0x3C, 0x80)
    msg = b"This program cannot be run in DOS mode.\r\r\n$"
    dos[0x4E : 0x4E + len(msg)] = msg
    coff = b"PE\x00\x00" + struct.pack("<HHIIIHH", 0x14C, len(sections), 0x5F000000, 0, 0, 0, 0x0102)
    table = b"".join(
        name.ljust(8, b"\x00")
        + struct.pack("<IIIIIIHHI", 0x1000, 0x1000 * (i + 1), 0, 0x400, 0, 0, 0, 0, 0xE0000080)
        for i, name in enumerate(sections)
    )
    body = bytes(dos) + coff + table
    return body.ljust(0x200, b"\x00") + extra


def elf_stub(e_type: int, strings: list[bytes], trailer: bytes = b"") -> bytes:
    ident = b"\x7fELF" + bytes([2, 1, 1, 0]) + b"\x00" * 8
    header = ident + struct.pack("<HHIQQQIHHHHHH", e_type, 0x3E, 1, 0, 64, 0, 0, 64, 56, 0, 64, 0, 0)
    return header + b"\x00" + b"\x00".join(strings) + b"\x00" + trailer


def upx_exe() -> bytes:
    return pe_stub([b"UPX0", b"UPX1", b".rsrc"], b"3.96\x00UPX!\x0d\x09\x08\x08" + b"\x00" * 24)


def pyinstaller_elf() -> bytes:
    strings = [b"_MEIPASS2", b"pyi-runtime-tmpdir", b"Cannot open PyInstaller archive from executable"]
    cookie = b"MEI\x0c\x0b\x0a\x0b\x0e" + struct.pack(">IIII", 0x200, 0x100, 0x40, 311)
    cookie += b"libpython3.11.so.1.0".ljust(64, b"\x00")
    return elf_stub(2, strings, cookie)


def extension_so() -> bytes:
    return elf_stub(3, [b"PyInit__speedups", b"_speedups.c", b"GCC: (GNU) 12.2.0"])


OUTPUTS = {
    "malicious/packed-upx-startup/pygame_fastinstall/bin/pgsetup.exe": upx_exe,
    "malicious/pyinstaller-elf-import/linux_cpu_monitor/_bin/cpumond": pyinstaller_elf,
    "benign/compiled-extension/fastmath/_speedups.cpython-311-x86_64-linux-gnu.so": extension_so,
}


def main() -> None:
    for rel, build in OUTPUTS.items():
        path = CORPUS / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(build())
        path.chmod(0o644)
        print(f"wrote {rel} ({path.stat().st_size} bytes)")
    print("base64 PE stub:", base64.b64encode(pe_stub([b".text", b".data"])).decode())


if __name__ == "__main__":
    main()
