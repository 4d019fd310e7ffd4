"""Issue #18 end to end: the persistent cache (a warm scan gives a cold scan's findings without
running Semgrep; skipped files are never stored), rule selection, colour, configuration, and
SARIF from a lockfile scan (valid, stable fingerprints, the dependency's line as location)."""

from __future__ import annotations

import json
from pathlib import Path

import avkit
import click
import pytest
from antivenom import cli, cli_config
from antivenom.cache import ResultCache
from antivenom.content import ContentFile, ContentStore
from antivenom.engine_cache import CachedEngine, file_key
from antivenom.engines import EngineResult, Hit
from antivenom.model import Package
from test_lockfile_scan import _lockfiles
from test_sarif_valid import sarif_problems

REPO = Path(__file__).resolve().parents[1]
SAMPLES = ["corpus/malicious/packed-upx-startup", "corpus/malicious/fernet-exec-setup", "corpus/benign/base64-icons"]


def _findings(report: dict) -> list[tuple]:
    return sorted((p["target"], p["verdict"], f["rule_id"], f["path"], f["line"], f["evidence"], f["attack_vector"])
                  for p in report["packages"] for f in p["findings"])


@pytest.fixture(scope="module")
def cache_runs(tmp_path_factory) -> dict[str, avkit.CliRun]:
    """The same folders scanned cold, then warm, then warm with a rule selection and --color always."""
    cache = tmp_path_factory.mktemp("warm-cache")
    runs = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ANTIVENOM_CACHE_DIR", str(cache))
        for label, extra in (("cold", []), ("warm", []),
                             ("selected", ["--rules", "exec-*,pe_executable_program", "--color", "always"])):
            out = tmp_path_factory.mktemp(label) / "report.json"
            fmt = ["--format", "json", "-o", str(out)] if label != "selected" else []
            runs[label] = avkit.invoke(["scan", *SAMPLES, "--jobs", "2", "--exit-zero", "-q", *fmt, *extra],
                                       REPO, tmp_path_factory.mktemp(f"tmp-{label}"))
            runs[label].report = json.loads(out.read_text()) if fmt else None
    return runs


def test_a_warm_scan_gives_the_cold_findings_without_semgrep(cache_runs) -> None:
    cold, warm = cache_runs["cold"], cache_runs["warm"]
    assert cold.exit_code == warm.exit_code == 0, cold.stderr + warm.stderr
    assert cold.semgrep_commands, "the cold scan runs Semgrep"
    assert warm.semgrep_commands == [], "every file is in the cache: no Semgrep process"
    assert _findings(cold.report) == _findings(warm.report) and _findings(cold.report)
    assert [p["verdict"] for p in cold.report["packages"]] == [p["verdict"] for p in warm.report["packages"]]


def test_rule_selection_and_forced_colour(cache_runs) -> None:
    run = cache_runs["selected"]
    assert run.exit_code == 0, run.stderr
    plain = click.unstyle(run.stdout)
    rules = {line.split()[2] for line in plain.splitlines() if line.startswith("    ") and "  [" in line}
    def selected(rule: str) -> bool:
        return rule.startswith("exec-") or rule == "pe_executable_program"

    assert rules and all(selected(r) for r in rules), rules
    assert any(not selected(f[2]) for f in _findings(cache_runs["cold"].report)), "the selection left some out"
    assert "\x1b[" in run.stdout, "--color always colours even off a terminal"


def test_unknown_rule_selectors_exit_2(tmp_path: Path) -> None:
    run = avkit.invoke(["scan", "corpus/benign/base64-icons", "--rules", "exec-*,no-such-rule-*"], REPO, tmp_path)
    assert run.exit_code == 2 and "no-such-rule-*" in run.stderr and run.semgrep_commands == []


def test_no_color_and_the_color_flag() -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("NO_COLOR", raising=False)
        assert cli_config.use_color("auto", terminal=True) is True
        assert cli_config.use_color("auto", terminal=False) is False
        mp.setenv("NO_COLOR", "1")
        assert cli_config.use_color("auto", terminal=True) is False, "NO_COLOR turns auto colour off"
        assert cli_config.use_color("always", terminal=False) is True, "a flag overrides NO_COLOR"
        mp.setenv("NO_COLOR", "")
        assert cli_config.use_color("auto", terminal=True) is True, "an empty NO_COLOR is unset (no-color.org)"
    assert cli_config.use_color("never", terminal=True) is False


# -- the cache wrapper without Semgrep -----------------------------------------------------------


class _Engine:
    """Hits rule `r` on every file holding b"evil"; reports `skip.py` skipped (a timeout)."""

    name = "yara"

    def __init__(self) -> None:
        self.rules: dict = {}
        self.seen: list[list[str]] = []

    def start(self, store):
        engine = self

        class Run:
            def work(self) -> None:
                pass

            def wait(self) -> EngineResult:
                engine.seen.append([f.rel for f in store.files])
                result = EngineResult()
                for file in store.files:
                    if file.rel == "skip.py":
                        result.skips.append((file, "timed out"))
                    elif b"evil" in store.read(file.path):
                        result.hits.append(Hit("r", file, 1, evidence="evil"))
                return result

            def cancel(self) -> None:
                pass

        return Run()


def _store(tmp_path: Path, contents: dict[str, bytes]) -> ContentStore:
    package = Package(target=str(tmp_path), root=tmp_path)
    store = ContentStore(tmp_path / "work")
    for rel, data in contents.items():
        (tmp_path / rel).write_bytes(data)
        store.add([ContentFile(tmp_path / rel, rel, len(data), package)])
    return store


def _run(engine, store):
    run = engine.start(store)
    run.work()
    return run.wait()


def test_only_misses_reach_the_engine_and_skipped_files_are_never_stored(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    store = _store(tmp_path / "pkg", {"a.py": b"evil()", "b.py": b"fine()", "skip.py": b"evil()"})
    inner = _Engine()
    cache = ResultCache(tmp_path / "cache", "a" * 64)
    engine = CachedEngine(inner, cache)
    first = _run(engine, store)
    second = _run(engine, store)
    assert inner.seen == [["a.py", "b.py", "skip.py"], ["skip.py"]], "cached files are not matched again"
    assert [(h.file.rel, h.rule_id) for h in first.hits] == [(h.file.rel, h.rule_id) for h in second.hits] \
        == [("a.py", "r")]
    assert cache.get(file_key(store, store.files[2]), "yara") is None, "a skipped file's result is not stored"
    assert second.counts == {"yara_cache_hits": 2, "yara_cache_misses": 1}
    other_pack = CachedEngine(inner, ResultCache(tmp_path / "cache", "b" * 64))
    _run(other_pack, store)
    assert inner.seen[-1] == ["a.py", "b.py", "skip.py"], "a new pack digest reuses nothing"


def test_the_same_bytes_under_another_name_are_another_key(tmp_path: Path) -> None:
    store = _store(tmp_path, {"setup": b"x = 1\n", "setup.py": b"x = 1\n"})
    assert file_key(store, store.files[0]) != file_key(store, store.files[1])


# -- configuration ---------------------------------------------------------------------------------


def test_config_applies_and_flags_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def fake_run_scan(targets, requirement_files, index_url, options, progress, download_dir=None,
                      cluster=None, resume=None):
        calls.append((index_url, options.rule_selection, options.cache_dir))
        return [Package(target="t", name="p", version="1", verdict="suspicious")], type("S", (), {"rules": {}})()

    monkeypatch.setattr(cli, "run_scan", fake_run_scan)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.antivenom]\nfail-on = "suspicious"\n'
                                             'index-url = "https://mirror.example.invalid/simple"\n'
                                             'exclude-rules = ["runtime-*"]\n')
    from click.testing import CliRunner

    runner = CliRunner()
    assert runner.invoke(cli.main, ["scan", "x"]).exit_code == 1, "fail-on from the config"
    assert runner.invoke(cli.main, ["scan", "x", "--fail-on", "malicious"]).exit_code == 0, "the flag wins"
    runner.invoke(cli.main, ["scan", "x", "--index-url", "https://other.example.invalid/simple", "--no-cache"])
    (config_index, selection, cache_dir), (flag_index, _, no_cache_dir) = calls[0], calls[2]
    assert config_index == "https://mirror.example.invalid/simple"
    assert flag_index == "https://other.example.invalid/simple"
    assert selection.exclude_rules == ("runtime-*",) and not selection.selects("runtime-pip-install")
    assert cache_dir is not None and no_cache_dir is None
    (tmp_path / "bad.toml").write_text('fail-on = "sometimes"\n')
    result = runner.invoke(cli.main, ["scan", "x", "--config", "bad.toml"])
    assert result.exit_code == 2 and "fail-on" in result.output


# -- SARIF from a lockfile scan ----------------------------------------------------------------------


def test_lockfile_sarif_is_valid_stable_and_points_at_the_lock(index_server, tmp_path: Path) -> None:
    (tmp_path / "uv.lock").write_text(_lockfiles(index_server)["uv.lock"])
    logs = []
    for run in range(2):  # the second run reads the cache: same alerts, same fingerprints
        out = tmp_path / f"run{run}.sarif"
        result = avkit.invoke(["scan", "uv.lock", "--index-url", index_server.html_url, "--format", "sarif",
                               "-o", str(out), "--exit-zero", "-q"], tmp_path, tmp_path / f"tmp{run}")
        assert result.exit_code == 0, result.stderr
        logs.append(json.loads(out.read_text()))
    assert sarif_problems(logs[0]) == []
    results = [r for r in logs[0]["runs"][0]["results"] if not r["ruleId"].startswith("package-")]
    assert results
    line = next(i for i, text in enumerate((tmp_path / "uv.lock").read_text().splitlines(), 1)
                if text == 'name = "goodpkg"')
    for result in results:
        assert result["locations"][0]["physicalLocation"] == {"artifactLocation": {"uri": "uv.lock"},
                                                              "region": {"startLine": line}}
    prints = [sorted((r["ruleId"], r["partialFingerprints"]["antivenom/v1"]) for r in log["runs"][0]["results"])
              for log in logs]
    assert prints[0] == prints[1]
    assert str(tmp_path / "tmp0") not in json.dumps(logs[0])
