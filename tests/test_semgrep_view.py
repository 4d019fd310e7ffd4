"""Semgrep reads each (content, name) once per scan; its hits reach every copy (semgrep_view.py)."""

from __future__ import annotations

from pathlib import Path

import avkit
import pytest
from antivenom.content import ContentStore
from antivenom.engines.semgrep import NUL_SKIP_REASON, SemgrepEngine
from antivenom.engines.semgrep_process import SemgrepHit, SemgrepRun
from antivenom.engines.semgrep_view import ResultCache, Results, SemgrepView
from antivenom.scanner import Scanner, ScanOptions
from antivenom.sources import local as sources_local
from antivenom.sources import resolve


def file_key(path: Path, name: str) -> tuple[bytes, str]:
    return ContentStore(path.parent).digest(path), name


def test_copies_in_one_chunk_are_linked_once(tmp_path):
    a = avkit.write_tree(tmp_path / "a", {"x/mod.py": avkit.PAYLOAD, "x/setup.py": avkit.PAYLOAD, "README": "hi"})
    b = avkit.write_tree(tmp_path / "b", {"y/other.py": "pass\n", "y/mod.py": avkit.PAYLOAD})
    view = SemgrepView(tmp_path / "view")
    for root in (a, b):
        for path in sorted(root.rglob("*.py")):
            view.add(file_key(path, path.name), path, False, root.name)
    entries = sorted(p.relative_to(view.small).as_posix() for p in view.small.rglob("*") if p.is_file())
    # mod.py twice with the same bytes is one entry; setup.py with those bytes is another name.
    assert entries == ["0/0/mod.py", "0/1/setup.py", "0/2/other.py"]  # one part: parts=1
    mod_key = file_key(a / "x/mod.py", "mod.py")
    assert view.owners[mod_key] == [("a", a / "x/mod.py"), ("b", b / "y/mod.py")]
    assert view.large_parts() == []


def test_small_files_are_dealt_into_parts_of_about_equal_bytes(tmp_path):
    sizes = {"a.py": 9000, "b.py": 5000, "c.py": 4000, "d.py": 100, "e.py": 100, "big.py": 50, "huge.py": 60}
    src = avkit.write_tree(tmp_path / "s", {name: "#" * size for name, size in sizes.items()})
    view = SemgrepView(tmp_path / "view", small_parts=2, large_parts=2)
    for name in sizes:  # (the "large" ones are flagged large by the caller, whatever their size)
        view.add(file_key(src / name, name), src / name, name in ("big.py", "huge.py"), "pkg")
    parts = view.small_parts()
    assert [p.name for p in parts] == ["0", "1"]
    held = [{f.name: f.stat().st_size for f in part.rglob("*.py")} for part in parts]
    assert held == [{"a.py": 9000, "d.py": 100}, {"b.py": 5000, "c.py": 4000, "e.py": 100}]  # 9100 each
    large = sorted(f.relative_to(view.large).parts[0::2] for f in view.large.rglob("*.py"))
    assert large == [("0", "big.py"), ("1", "huge.py")]  # large files are dealt into their own parts
    assert [p.name for p in view.large_parts()] == ["0", "1"]
    assert [e.name for e in view.entries_in(view.large_parts()[1])] == ["huge.py"]


def test_results_group_by_key_and_every_key_gets_an_entry(tmp_path):
    src = avkit.write_tree(tmp_path / "s", {"hit.py": avkit.PAYLOAD, "quiet.py": "pass\n"})
    view = SemgrepView(tmp_path / "view")
    for name in ("hit.py", "quiet.py"):
        view.add(file_key(src / name, name), src / name, False, "pkg")
    hit = SemgrepHit("r", "view/small/0/0/hit.py", 3, 3, 10, 20, "m", "ERROR")
    grouped = view.results([hit], [], tmp_path)
    assert grouped[file_key(src / "hit.py", "hit.py")].hits == [hit]
    assert grouped[file_key(src / "quiet.py", "quiet.py")] == Results()


def test_cache_is_bounded():
    cache = ResultCache(max_entries=2)
    for i in range(3):
        cache.put((bytes([i]), "a.py"), Results())
    assert cache.get((bytes([2]), "a.py")) == Results()
    assert cache.get((bytes([0]), "a.py")) is None


def test_a_copy_in_a_later_chunk_costs_no_semgrep_run_and_keeps_its_findings(tmp_path, monkeypatch):
    """Three packages, one per chunk: the first two share the payload file, the third adds a new
    one. Semgrep runs for chunks 1 and 3 only; every package still gets its own finding."""
    roots = [avkit.write_tree(tmp_path / "p0", {"p0/core.py": avkit.PAYLOAD}),
             avkit.write_tree(tmp_path / "p1", {"p1/core.py": avkit.PAYLOAD}),
             avkit.write_tree(tmp_path / "p2", {"p2/core.py": "x = 1\n" + avkit.PAYLOAD})]
    started = avkit.spy_semgrep(monkeypatch)
    scanner = Scanner(ScanOptions(jobs=1, chunk_size=1, semgrep_config=avkit.payload_rule_dir(tmp_path)))
    packages = scanner.scan(resolve([str(r) for r in roots], []))
    assert len(started) == 2
    lines = [avkit.PAYLOAD_LINENO, avkit.PAYLOAD_LINENO, avkit.PAYLOAD_LINENO + 1]
    for i, (package, line) in enumerate(zip(packages, lines, strict=True)):
        hits = [(f.path, f.line) for f in package.findings if f.rule_id == avkit.PAYLOAD_RULE]
        assert hits == [(f"p{i}/core.py", line)]
        assert 'b64decode("cGFzcw==")' in package.findings[0].evidence  # read from the package's own file


def test_files_no_rule_reads_stay_out_of_the_view(tmp_path):
    root = avkit.write_tree(tmp_path / "pkg", {"pkg/a.py": "pass\n", "pkg/data.json": "{}",
                                                "requirements.txt": "x\n", "bin/tool": "#!/usr/bin/python\npass\n",
                                                "bin/notes": "just text\n", "hook.pth": "import os\n"})
    engine, store = SemgrepEngine(ScanOptions(jobs=1)), ContentStore(tmp_path)
    named = {p.relative_to(root).as_posix(): engine.view_name(store, p) for p in root.rglob("*") if p.is_file()}
    assert named == {"pkg/a.py": "a.py", "pkg/data.json": None, "requirements.txt": "requirements.txt",
                     "bin/tool": "tool.py", "bin/notes": None, "hook.pth": "hook.pth"}


def test_an_error_mid_pipeline_leaves_no_tree_and_no_semgrep(tmp_path, monkeypatch):
    """Chunk 2 is being scanned while chunk 1 is decided; a failure in that decision must stop
    chunk 2's Semgrep and remove both trees."""
    import tempfile

    from antivenom import scanner as scanner_module

    roots = [avkit.write_tree(tmp_path / f"p{i}", {f"p{i}/core.py": f"x = {i}\n" + avkit.PAYLOAD})
             for i in range(3)]
    work = tmp_path / "tmp"
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(work))
    started = avkit.spy_semgrep(monkeypatch)

    def broken(package):
        raise RuntimeError("verdict failed")

    monkeypatch.setattr(scanner_module, "decide", broken)
    scanner = Scanner(ScanOptions(jobs=1, chunk_size=1, semgrep_config=avkit.payload_rule_dir(tmp_path)))
    with pytest.raises(RuntimeError, match="verdict failed"):
        scanner.scan(resolve([str(r) for r in roots], []))
    assert len(started) == 2  # chunk 2's run had started when chunk 1 was decided
    assert list(work.iterdir()) == []


def test_semgrep_errors_name_the_package_file_not_the_view(tmp_path):
    root = avkit.write_tree(tmp_path / "pkg", {"pkg/old.py": avkit.PAYLOAD + "class (\n"})
    scanner = Scanner(ScanOptions(jobs=1, semgrep_config=avkit.payload_rule_dir(tmp_path)))
    (package,) = scanner.scan(resolve([str(root)], []))
    semgrep_skips = [s for s in package.skipped if s.reason.startswith("semgrep")]
    assert semgrep_skips, package.skipped
    for skip in semgrep_skips:
        assert skip.path == "pkg/old.py"
        assert "semgrep-view" not in skip.reason and "pkg/old.py" in skip.reason


def test_python_with_a_nul_byte_is_left_to_yara_and_the_skip_reported(tmp_path):
    """CPython refuses source with a NUL anywhere, so a `.py` holding one is a blob under a code
    name: Semgrep skips it (reported), YARA still reads it. A `.pth` is read line by line by
    site.py, so one with a NUL elsewhere still runs its import line and Semgrep still reads it."""
    elf_as_base64 = "f0VMRgIBAQAAAAAAAAAAAAIAPgABAAAA"
    blob = b"\x00\x01" + avkit.PAYLOAD.encode() + elf_as_base64.encode() + b"\n"
    pth = b'import base64; exec(base64.b64decode("cHJpbnQoMSk="))\n\x00\n'
    root = avkit.write_tree(tmp_path / "pkg", {"pkg/utilities.py": blob, "pkg/core.py": avkit.PAYLOAD,
                                                "hook.pth": pth})
    (package,) = Scanner(ScanOptions(jobs=1)).scan(resolve([str(root)], []))
    by_file = {(f.path, f.engine, f.rule_id) for f in package.findings}
    assert ("pkg/core.py", "semgrep", avkit.PAYLOAD_RULE) in by_file
    assert ("pkg/utilities.py", "yara", "base64_encoded_executable") in by_file
    assert not any(path == "pkg/utilities.py" and engine == "semgrep" for path, engine, _ in by_file)
    assert ("hook.pth", "semgrep", "pth-import-exec") in by_file
    assert [(s.path, s.reason) for s in package.skipped] == [("pkg/utilities.py", NUL_SKIP_REASON)]


def test_the_next_chunk_is_extracted_while_semgrep_runs_on_this_one(tmp_path, monkeypatch):
    """The pipeline's order, chunk by chunk: chunk 2 is extracted before chunk 1's Semgrep is
    waited on (the cores are busy meanwhile), and chunk 1 is decided while chunk 2's runs."""
    from antivenom import scanner as scanner_module

    events: list[str] = []
    real_extract, real_wait, real_decide = sources_local.extract, SemgrepRun.wait, scanner_module.decide

    def extract(archive, dest, limits=None):
        events.append(f"extract {Path(archive).name}")
        return real_extract(archive, dest, limits)

    def wait(self, budget=None):
        result = real_wait(self, budget)
        events.append("semgrep")
        return result

    def decide(package):
        events.append("decide")
        return real_decide(package)

    archives = [avkit.make_tar(tmp_path / f"p{i}.tar.gz", {f"p{i}/core.py": f"x = {i}\n" + avkit.PAYLOAD})
                for i in range(3)]
    monkeypatch.setattr(sources_local, "extract", extract)
    monkeypatch.setattr(SemgrepRun, "wait", wait)
    monkeypatch.setattr(scanner_module, "decide", decide)
    scanner = Scanner(ScanOptions(jobs=1, chunk_size=1, semgrep_config=avkit.payload_rule_dir(tmp_path)))
    packages = scanner.scan(resolve([str(a) for a in archives], []))
    assert events == ["extract p0.tar.gz", "extract p1.tar.gz", "semgrep", "decide",
                     "extract p2.tar.gz", "semgrep", "decide", "semgrep", "decide"]
    assert all(p.verdict != "error" and any(f.rule_id == avkit.PAYLOAD_RULE for f in p.findings) for p in packages)
