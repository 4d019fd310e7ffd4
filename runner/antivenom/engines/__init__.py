"""Detection engines as plug-ins: one protocol, one registry.

An engine loads its rules once (in its constructor, given the ScanOptions), and for each
chunk of packages starts a run over the chunk's content store (content.py). The scanner
drives every registered engine the same way, without naming any:

    run = engine.start(store)   # begin; background work (a subprocess) starts here
    run.work()                  # foreground work, while other engines' background work runs
    result = run.wait()         # the run's hits and skipped files
    run.cancel()                # on an error or an interrupt: stop, leave nothing running

Hits are engine-neutral (`Hit`): rule id, file, line, offsets, evidence; the scanner turns
them into findings with the rule's metadata (`engine.rules[rule_id]`), decides the attack
vector and the verdict. An engine that looks at one file at a time subclasses `FileEngine`
and writes only `match`. To add an engine: one module, and one line in `REGISTRY` (or a call
to `register`) - see CONTRIBUTING.md, "Add an engine".
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from ..content import ContentFile, ContentStore
from ..rule_metadata import RuleMeta

if TYPE_CHECKING:
    from ..scanner import ScanOptions


@dataclass(frozen=True)
class Hit:
    """One rule matching one file, as any engine reports it."""

    rule_id: str
    file: ContentFile
    line: int | None
    end_line: int | None = None
    offset: int | None = None  # byte offset of the match
    evidence: str = ""  # the matched text, as shown in reports
    message: str | None = None  # default: the rule's description
    severity: str | None = None  # default: the rule's severity


@dataclass
class EngineResult:
    hits: list[Hit] = field(default_factory=list)
    skips: list[tuple[ContentFile, str]] = field(default_factory=list)  # files left out on purpose, and why
    # Files the engine should have read but did not finish (a timeout, a killed run, an unreadable
    # file), and why: reported like skips, and a code file among them makes its package incomplete.
    unfinished: list[tuple[ContentFile, str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # for the benchmark, e.g. semgrep_processes


class EngineRun(Protocol):
    def work(self) -> None: ...

    def wait(self) -> EngineResult: ...

    def cancel(self) -> None: ...


class Engine(Protocol):
    name: str
    rules: Mapping[str, RuleMeta]  # every rule it loaded, by id: findings' and reports' metadata

    def start(self, store: ContentStore) -> EngineRun: ...


class FileSkipped(Exception):
    """Raised by FileEngine.match: the file could not be matched; the message says why.
    `unfinished` (the default): the engine meant to read it and could not (a timeout, an
    unreadable file), so a code file's package is incomplete; False: left out on purpose."""

    def __init__(self, reason: str, unfinished: bool = True) -> None:
        super().__init__(reason)
        self.unfinished = unfinished


class FileEngine:
    """Base of engines that match one file at a time, in threads, in the foreground.
    Subclasses set `name` and `rules` and write `match`."""

    name = "file"
    rules: Mapping[str, RuleMeta] = {}

    def __init__(self, options: ScanOptions) -> None:
        self.jobs = options.jobs

    def match(self, file: ContentFile, store: ContentStore) -> list[Hit]:
        raise NotImplementedError

    def wants(self, file: ContentFile) -> bool:
        return True

    def start(self, store: ContentStore) -> EngineRun:
        return _FileRun(self, store)


class _FileRun:
    def __init__(self, engine: FileEngine, store: ContentStore) -> None:
        self.engine, self.store = engine, store
        self.result = EngineResult()

    def _one(self, file: ContentFile) -> tuple[list[Hit], FileSkipped | None]:
        try:
            return self.engine.match(file, self.store), None
        except FileSkipped as exc:
            return [], exc

    def work(self) -> None:
        files = [f for f in self.store.files if self.engine.wants(f)]
        with ThreadPoolExecutor(max_workers=self.engine.jobs) as pool:  # C engines release the GIL
            for file, (hits, skipped) in zip(files, pool.map(self._one, files), strict=True):
                self.result.hits.extend(hits)
                if skipped is not None:
                    (self.result.unfinished if skipped.unfinished else self.result.skips).append((file, str(skipped)))

    def wait(self) -> EngineResult:
        return self.result

    def cancel(self) -> None:
        pass


# name -> "module:factory"; imported only when used. A factory takes the ScanOptions.
REGISTRY: dict[str, str | Callable[[ScanOptions], Engine]] = {
    "semgrep": "antivenom.engines.semgrep:SemgrepEngine",
    "yara": "antivenom.engines.yara:YaraEngine",
    "lines": "antivenom.engines.lines:LinesEngine",  # after semgrep: it reads what Semgrep did not finish
}


def register(name: str, factory: str | Callable[[ScanOptions], Engine]) -> None:
    """Add (or replace) an engine: a "module:Class" string or a callable taking ScanOptions."""
    REGISTRY[name] = factory


def unregister(name: str) -> None:
    REGISTRY.pop(name, None)


def _factory(spec: str | Callable[[ScanOptions], Engine]) -> Callable[[ScanOptions], Engine]:
    if callable(spec):
        return spec
    module, _, attribute = spec.partition(":")
    return getattr(importlib.import_module(module), attribute)


def load(options: ScanOptions, names: list[str] | None = None) -> list[Engine]:
    """An instance of every registered engine (or of `names`), in registration order, rules loaded."""
    return [_factory(REGISTRY[name])(options) for name in (names if names is not None else list(REGISTRY))]
