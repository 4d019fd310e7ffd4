"""Headless Chromium (Debian's `chromium` package) for the HTML report: the DOM after the page's
script ran, and a screenshot. Shared by the tests and bench/cluster.py."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
          "--disable-component-update", "--no-first-run", "--disable-extensions", "--hide-scrollbars",
          "--disable-sync", "--metrics-recording-only", "--mute-audio"]


def binary() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _run(extra: list[str], url: str, timeout: float) -> subprocess.CompletedProcess:
    executable = binary()
    if executable is None:
        raise FileNotFoundError("no chromium binary")
    with tempfile.TemporaryDirectory(prefix="antivenom-chromium-") as profile:
        return subprocess.run([executable, *_FLAGS, f"--user-data-dir={profile}", *extra, url],
                              capture_output=True, text=True, timeout=timeout, check=False)


def dump_dom(page: Path, fragment: str = "", timeout: float = 120) -> str:
    """The serialised DOM of `page` (opened as file://, with `#fragment`) once its script ran."""
    url = page.resolve().as_uri() + (f"#{fragment}" if fragment else "")
    done = _run(["--dump-dom", "--virtual-time-budget=5000"], url, timeout)
    if done.returncode != 0:
        raise RuntimeError(f"chromium exited {done.returncode}: {done.stderr[-2000:]}")
    return done.stdout


def screenshot(page: Path, out: Path, width: int = 1280, height: int = 1000, fragment: str = "",
               timeout: float = 120) -> Path:
    url = page.resolve().as_uri() + (f"#{fragment}" if fragment else "")
    done = _run([f"--screenshot={out.resolve()}", f"--window-size={width},{height}", "--virtual-time-budget=5000"],
                url, timeout)
    if done.returncode != 0 or not out.exists():
        raise RuntimeError(f"chromium exited {done.returncode}: {done.stderr[-2000:]}")
    return out
