"""Engines, sources and report formats plug in by registration alone: a new module and one line."""

from __future__ import annotations

import json

import avkit
from antivenom import engines, report, sources
from antivenom.model import Package
from antivenom.report import ReportContext, render
from antivenom.scanner import Scanner, ScanOptions
from antivenom.schemas import errors
from antivenom.sources import Request, ResolveContext


def test_a_registered_engine_runs_and_its_findings_reach_the_reports(tmp_path, monkeypatch):
    monkeypatch.setitem(engines.REGISTRY, "toy", "toy_engine:ToyEngine")  # the one registration line
    root = avkit.write_tree(tmp_path / "pkg", {"setup.py": "", "pkg/__init__.py": "x = 1\n# TOY-MARKER\n",
                                               "pkg/clean.py": "y = 2\n"})
    scanner = Scanner(ScanOptions(jobs=1))
    assert [e.name for e in scanner.engines] == ["semgrep", "yara", "lines", "toy"]
    (package,) = scanner.scan(sources.resolve([str(root)], []))
    toy = [f for f in package.findings if f.engine == "toy"]
    assert [(f.rule_id, f.path, f.line, f.attack_vector) for f in toy] == [
        ("toy-marker", "pkg/__init__.py", 2, "import-time")]
    assert package.verdict == "malicious"  # its metadata (ERROR/HIGH) counts like any rule's
    context = ReportContext(rules=scanner.rules)
    document = json.loads(render([package], "json", context))
    assert errors("report.schema.json", document) == []
    assert any(f["engine"] == "toy" for f in document["packages"][0]["findings"])
    sarif = json.loads(render([package], "sarif", context))
    (rule,) = [r for r in sarif["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "toy-marker"]
    assert rule["fullDescription"]["text"] == "Detects the toy engine's marker."
    assert "toy-marker" in render([package], "text", context)


class _EchoSource:
    """A source for `echo:NAME` targets: a package that is an error, named after the target."""

    name = "echo"

    def claims(self, request: Request) -> bool:
        return request.spec.startswith("echo:")

    def resolve(self, request: Request, context: ResolveContext) -> list[Package | Request]:
        return [Package(target=request.shown, name=request.spec[5:], error="echo: nothing to scan")]


def _count(packages: list[Package], context: ReportContext) -> str:
    return f"{len(packages)} package(s), {len(context.rules)} rule(s)\n"


def test_a_registered_source_and_format_are_used(monkeypatch, tmp_path):
    monkeypatch.setattr(sources, "REGISTRY", dict(sources.REGISTRY))
    sources.register("echo", f"{__name__}:_EchoSource")  # the one registration line
    monkeypatch.setitem(report.REGISTRY, "count", f"{__name__}:_count")  # the one registration line
    packages = sources.resolve(["echo:demo", str(tmp_path / "missing")], [])
    assert [(p.name, p.error) for p in packages] == [
        ("demo", "echo: nothing to scan"), (None, f"no such file or directory: {tmp_path / 'missing'}")]
    assert list(sources.REGISTRY)[-1] == "unknown"  # the catch-all stays last
    assert render(packages, "count", ReportContext(rules={"r": None})) == "2 package(s), 1 rule(s)\n"
