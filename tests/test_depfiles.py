"""Dependency files as inputs: each format parses a real-world-shaped example (name, pin, the
line of the declaration, recorded URLs and sha256), non-index sources become entry errors, and
hostile files give clean errors, never exceptions."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from antivenom.depfiles import DepFileError, kind_of, parse
from antivenom.depfiles.base import MAX_ENTRIES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

DATA = Path(__file__).parent / "data" / "lockfiles"


def _line_of(path: Path, needle: str) -> int:
    """The first line that starts with `needle` (a declaration, not a mention in another entry)."""
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if line.strip().startswith(needle))


def _by_name(path: Path) -> dict:
    return {d.name: d for d in parse(path).dependencies}


@pytest.mark.parametrize(("name", "kind"), [
    ("uv.lock", "uv.lock"), ("poetry.lock", "poetry.lock"), ("Pipfile.lock", "Pipfile.lock"),
    ("pylock.toml", "pylock.toml"), ("pylock.gpu.toml", "pylock.toml"), ("pyproject.toml", "pyproject.toml"),
    ("requirements-dev.txt", "requirements"), ("constraints.in", "requirements"),
    ("Pipfile", None), ("pylock.a.b.toml", None), ("notes.txt", None), ("setup.cfg", None),
])
def test_recognised_by_name(name: str, kind: str | None) -> None:
    assert kind_of(Path("some/dir") / name) == kind


def test_uv_lock() -> None:
    path = DATA / "uv.lock"
    result = parse(path)
    deps = {d.name: d for d in result.dependencies}
    assert set(deps) == {"certifi", "colorama", "idna", "internal-tool", "local-helpers", "pytest"}
    assert any("acme-service" in note for note in result.notes), "the project itself is a note, not an error"
    certifi = deps["certifi"]
    assert (certifi.version, certifi.error, certifi.index_url) == ("2024.8.30", None, None)
    assert certifi.line == _line_of(path, 'name = "certifi"')
    assert [a.filename for a in certifi.artifacts] == ["certifi-2024.8.30.tar.gz", "certifi-2024.8.30-py3-none-any.whl"]
    assert certifi.artifacts[0].url.startswith("https://files.pythonhosted.org/")
    assert certifi.artifacts[0].sha256 == "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"
    assert certifi.artifacts[0].size == 168507
    assert deps["colorama"].index_url == "https://mirror.example.invalid/simple"
    assert "git source" in deps["internal-tool"].error
    assert "directory source" in deps["local-helpers"].error
    assert deps["pytest"].line == _line_of(path, 'name = "pytest"')


def test_poetry_lock() -> None:
    path = DATA / "poetry.lock"
    deps = _by_name(path)
    assert deps["certifi"].version == "2024.8.30" and deps["certifi"].error is None
    assert deps["certifi"].line == _line_of(path, 'name = "certifi"')
    assert {a.filename for a in deps["click"].artifacts} == {"click-8.1.7-py3-none-any.whl", "click-8.1.7.tar.gz"}
    assert deps["click"].sha256s == {"2e7d2c03a9507ae265ecf5b5356885a53393a2029d241394997265a1a25aefc6",
                                     "18ac3e7343f016890c510e93f935261169d9e3f565436429830faf0934f4f8e4"}
    assert all(a.url is None for a in deps["click"].artifacts), "poetry records files, not URLs: the index is asked"
    assert deps["internal-sdk"].index_url == "https://pypi.example.invalid/simple" and not deps["internal-sdk"].error
    assert "directory source" in deps["vendored-lib"].error
    assert "git source" in deps["patched-requests"].error
    assert deps["patched-requests"].line == _line_of(path, 'name = "patched-requests"')


def test_poetry_lock_old_format_files_under_metadata() -> None:
    deps = _by_name(DATA / "poetry-1.1" / "poetry.lock")
    assert deps["six"].group == "main" and deps["toml"].group == "dev"
    assert {a.filename for a in deps["six"].artifacts} == {"six-1.16.0-py2.py3-none-any.whl", "six-1.16.0.tar.gz"}
    assert len(deps["toml"].sha256s) == 1


def test_pipfile_lock() -> None:
    path = DATA / "Pipfile.lock"
    deps = _by_name(path)
    assert set(deps) == {"certifi", "internal-sdk", "requests", "mylib", "pytest", "flake8-acme"}
    assert deps["requests"].version == "2.32.3" and deps["requests"].group == "default"
    assert deps["requests"].line == _line_of(path, '"requests": {')
    assert deps["requests"].index_url is None, "the default PyPI index is not an override"
    assert len(deps["requests"].sha256s) == 2
    assert deps["internal-sdk"].index_url == "https://pypi.example.invalid/simple"
    assert deps["pytest"].group == "develop" and deps["pytest"].line == _line_of(path, '"pytest": {')
    assert "path dependency" in deps["mylib"].error
    assert "git dependency" in deps["flake8-acme"].error


def test_pylock_toml() -> None:
    path = DATA / "pylock.toml"
    deps = _by_name(path)
    assert set(deps) == {"attrs", "cattrs", "numpy", "acme-plugin", "acme-app"}
    assert deps["attrs"].line == _line_of(path, 'name = "attrs"')
    assert deps["cattrs"].line == _line_of(path, 'name = "cattrs"')
    assert [a.filename for a in deps["cattrs"].artifacts] == ["cattrs-24.1.2.tar.gz", "cattrs-24.1.2-py3-none-any.whl"]
    assert deps["cattrs"].artifacts[0].sha256 == "3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d"
    assert len(deps["numpy"].artifacts) == 2 and deps["numpy"].error is None
    assert "vcs source" in deps["acme-plugin"].error
    assert "directory source" in deps["acme-app"].error


def test_pyproject_toml() -> None:
    path = DATA / "pyproject.toml"
    deps = parse(path).dependencies
    by_name = {d.name: d for d in deps}
    assert by_name["requests"].version is None, "unpinned: the newest release is scanned"
    assert by_name["certifi"].version == "2024.8.30"
    assert by_name["pyyaml"].line == _line_of(path, "'pyyaml ~= 6.0'")
    assert by_name["requests"].line == _line_of(path, '"requests>=2.31"')
    assert "direct URL" in by_name["acme-internal"].error
    assert by_name["orjson"].version == "3.10.7" and by_name["orjson"].group == "extra:fast"
    assert by_name["sphinx"].line == _line_of(path, '"sphinx>=7"')
    # include-group: dev pulls test and lint; each requirement once, at its own line
    assert by_name["pytest"].line == _line_of(path, '"pytest==8.3.3"')
    assert by_name["ruff"].version == "0.6.9"
    assert by_name["ipython"].group == "group:dev"
    assert [d.name for d in deps].count("pytest") == 1


def test_pyproject_include_group_cycle_and_undefined(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[dependency-groups]\na = [{include-group = "b"}, "six"]\nb = [{include-group = "a"}]\n'
                    'c = [{include-group = "nope"}]\nd = [{include = "x"}]\n')
    errors = [d.error for d in parse(path).dependencies if d.error]
    assert any("cycle" in e for e in errors)
    assert any("undefined group 'nope'" in e for e in errors)
    assert any("include-group" in e for e in errors if "must be" in e)


def test_pyproject_dynamic_dependencies_noted(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "x"\ndynamic = ["dependencies"]\n')
    result = parse(path)
    assert result.dependencies == [] and "dynamic" in result.notes[0]


# -- hostile files -----------------------------------------------------------------

HOSTILE = {
    "uv.lock": ['package = 3', 'package = ["x"]', '[[package]]\nname = 7\nversion = []\n',
                '[[package]]\nname = "a"\nversion = "1"\nsource = 5\nsdist = "x"\nwheels = {url = 1}\n',
                '[[package]]\nname = "../../etc"\nversion = "1"\nsource = {registry = "https://pypi.org/simple"}\n',
                '[[package]]\nname = "a"\nversion = "1"\nsource = {registry = "file:///etc"}\n',
                '[[package]]\nname = "a"\nversion = "1"\nsource = {url = "https://x.invalid/a.tar.gz"}\n'
                'sdist = {url = "https://x.invalid/a.tar.gz"}\n'],
    "poetry.lock": ['package = {}', '[[package]]\nname = "a"\nversion = "not a version!"\nfiles = "x"\n',
                    '[[package]]\nname = "a"\nversion = "1"\nfiles = [{file = "../../x.whl", hash = 5}]\n'
                    '[package.source]\ntype = "url"\nurl = "https://x.invalid/a.whl"\n',
                    '[metadata]\nfiles = 3\n[[package]]\nname = "a"\nversion = "1"\n'],
    "Pipfile.lock": ['[]', '"x"', '{"default": [], "develop": 3}', '{"default": {"a": 3, "b": {"version": 5}}}',
                     '{"_meta": {"sources": [1, {"name": "x", "url": 2}]}, "default": {"a": {"version": "==1",'
                     ' "index": "x", "hashes": "sha256:zz"}}}', '{"default": {"../x": {"version": "==1"}}}',
                     "[" * 100_000],
    "pylock.toml": ['packages = "x"', '[[packages]]\nname = "a"\nwheels = 3\nsdist = {path = "a.tar.gz"}\n',
                    '[[packages]]\nname = "a"\narchive = {url = "https://x.invalid/a.zip"}\n',
                    '[[packages]]\nname = "a"\nversion = "1"\nvcs = 3\n'],
    "pyproject.toml": ['project = 3', '[project]\ndependencies = "requests"\n', '[project]\ndependencies = [1, {}]\n',
                       '[project]\noptional-dependencies = {x = 3}\n', 'dependency-groups = 3',
                       '[dependency-groups]\na = 3\n', '[project]\ndependencies = ["not a requirement ((("]\n'],
}


@pytest.mark.parametrize(("name", "text"), [(n, t) for n, texts in HOSTILE.items() for t in texts])
def test_hostile_content_gives_entry_errors_or_clean_file_errors(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    try:
        result = parse(path)
    except DepFileError as exc:
        assert name in str(exc)
        return
    for dependency in result.dependencies:
        assert dependency.line >= 1
        if dependency.error is None:  # anything fetchable has a safe name and a pinned or no version
            assert "/" not in dependency.name and ".." not in dependency.name
            assert all(a.url is None or a.url.startswith(("https://", "http://")) for a in dependency.artifacts)
            assert all(a.filename is None or "/" not in a.filename for a in dependency.artifacts)


def test_pipfile_entry_naming_an_unusable_index_is_an_error(tmp_path: Path) -> None:
    """Falling back to PyPI for a package locked to a private index invites dependency confusion."""
    path = tmp_path / "Pipfile.lock"
    path.write_text(HOSTILE["Pipfile.lock"][4])
    (dependency,) = parse(path).dependencies
    assert "index 'x'" in dependency.error


def test_direct_url_without_hash_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "uv.lock"
    path.write_text(HOSTILE["uv.lock"][-1])
    (dependency,) = parse(path).dependencies
    assert "sha256" in dependency.error


def test_not_toml_or_json_is_a_file_error(tmp_path: Path) -> None:
    for name in ("uv.lock", "poetry.lock", "pylock.toml", "pyproject.toml", "Pipfile.lock"):
        path = tmp_path / name
        path.write_bytes(b"\xff\xfe[[[ not = = valid")
        with pytest.raises(DepFileError, match="not valid"):
            parse(path)


def test_huge_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "uv.lock"
    path.write_text("# padding\n" * 2000)
    with pytest.raises(DepFileError, match="larger than"):
        parse(path, max_bytes=10_000)


def test_entry_count_is_capped(tmp_path: Path) -> None:
    path = tmp_path / "Pipfile.lock"
    path.write_text(json.dumps({"default": {f"p{i}": {"version": "==1"} for i in range(MAX_ENTRIES + 5)}}))
    dependencies = parse(path).dependencies
    assert len(dependencies) == MAX_ENTRIES + 1
    assert "only the first" in dependencies[-1].error


def test_unreadable_and_unknown_files(tmp_path: Path) -> None:
    with pytest.raises(DepFileError, match="cannot read"):
        parse(tmp_path / "uv.lock")
    with pytest.raises(DepFileError, match="requirements_file"):
        parse(tmp_path / "requirements.txt")


_JSONISH = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                   max_size=4), max_leaves=20)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=st.dictionaries(st.sampled_from(["default", "develop", "_meta", "x"]), _JSONISH, max_size=4))
def test_any_json_shape_never_raises_but_depfileerror(tmp_path: Path, document: dict) -> None:
    path = tmp_path / "Pipfile.lock"
    path.write_text(json.dumps(document))
    with contextlib.suppress(DepFileError):
        parse(path)
