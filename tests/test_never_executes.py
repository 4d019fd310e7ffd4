"""Nothing scanned is ever run: not setup.py, not an __init__.py, not a .pth file, not a
conftest.py — as a directory or as an sdist."""

from __future__ import annotations

import shutil
import subprocess
import sys

import avkit


def test_markers_never_appear(batch_run, workspace):
    for label in ("dir", "sdist"):
        package = batch_run.package(workspace.never_run[label])
        assert package["error"] is None
        assert package["files_scanned"] >= len(avkit.never_run_tree(workspace.markers))
        # setup.py was read (its payload was found) ...
        assert any(f["rule_id"] == avkit.PAYLOAD_RULE and f["path"] == "setup.py" for f in package["findings"])
    # ... and none of the files ran.
    assert sorted(p.name for p in workspace.markers.iterdir()) == []


def test_the_fixture_would_leave_markers_if_run(tmp_path):
    """Control: the same files DO write their markers when Python runs them, so the test
    above can fail. (Our own defanged fixture, run in a throwaway copy.)"""
    markers = tmp_path / "markers"
    markers.mkdir()
    package = avkit.write_tree(tmp_path / "copy", avkit.never_run_tree(markers))
    python = [sys.executable, "-I", "-S"]  # no user site, no site-packages: only what we ask for
    runs = [
        ([*python, "setup.py"], "setup_py"),
        ([*python, "-c", "import sys; sys.path.insert(0, '.'); import neverrun"], "init_py"),
        ([*python, "-c", f"import site; site.addsitedir({str(package)!r})"], "pth"),
        ([*python, "conftest.py"], "conftest_py"),
        ([*python, "tests/conftest.py"], "tests_conftest_py"),
    ]
    for command, marker in runs:
        subprocess.run(command, cwd=package, check=True, timeout=60, capture_output=True)
        assert (markers / marker).read_text() == "executed", marker
    assert sorted(p.name for p in markers.iterdir()) == sorted(avkit.NEVER_RUN_MARKERS)
    shutil.rmtree(package)
