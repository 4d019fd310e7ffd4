"""Freeze an app: copy the prebuilt bootloader stub for the target platform next to the archive."""
import shutil
from pathlib import Path

BOOTLOADERS = Path(__file__).parent / "bootloader"


def bootloader_for(platform):
    return BOOTLOADERS / {"win32": "run.exe", "darwin": "run-macos", "linux": "run-linux"}[platform]


def freeze(archive, platform, dest):
    shutil.copy(bootloader_for(platform), dest)
    return Path(dest).with_suffix(".pkg").write_bytes(Path(archive).read_bytes())
