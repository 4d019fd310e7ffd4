"""Derived files: the decoded layers peel (peel/) finds beneath a chunk's files, scanned by every
engine like any other file, and their hits mapped back to the real file they came from.

`add_derived` peels each Python-ish file (.py/.pyw/.pyi/.pth, a python shebang script, a .pyc)
and each file whose magic bytes say zip/tar/gzip/bz2/xz; other binaries are left to YARA alone.
Each derived file is written once into the chunk's private tree under a name that tells the
engines how to read it (decoded Python, normalised views and marshal listings end in `.py`;
nested archive members keep their own name; other layers are `.bin`, YARA only) and added to the
content store with a `DerivedInfo`. Caps peel hits become the package's `skipped` entries.

`origin` turns a hit on a derived file into where it belongs in the report: the real file and
line the encoded literal sits on, the decoded line as evidence, and the decoding chain.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .content import ContentFile, ContentStore
from .engines import Hit
from .model import Skip
from .peel import Derived, PeelCaps, peel_file
from .peel.nested import archive_kind
from .vectors import PYTHON_SUFFIXES, VectorClassifier, is_auxiliary_path

PEEL_SUFFIXES = (".py", ".pyw", ".pyi", ".pth", ".pyc")
_PYTHON_KINDS = ("python", "normalised", "marshal-listing")
_HEAD = 512  # enough for every archive magic (tar's sits at 257)
# YARA rules about a file's own shape (`.pth` lines) that a one-line decoded layer imitates:
# kept only when the layer came from a file of that kind.
_ORIGIN_SUFFIX_ONLY = {"pth_import_line_payload": ".pth"}
# YARA rules about what decoding produced (a layer that is one URL): kept only on derived layers.
_DERIVED_ONLY = frozenset({"decoded_endpoint"})


@dataclass(frozen=True)
class DerivedInfo:
    name: str  # setup.py::peel/1, setup.py::normalised, payload.zip::inner/mod.py
    origin_path: str  # the package's real file
    origin_line: int | None  # where the outermost encoded literal sits in it
    kind: str  # python, normalised, marshal-listing, text, binary, archive-member
    steps: tuple[dict, ...]  # Derived.decoded_from()
    same_lines: bool  # a normalised view of the real file itself: its lines are the real file's


def _worth_peeling(file: ContentFile) -> bool:
    if file.path.suffix in PEEL_SUFFIXES:
        return True
    try:
        with file.path.open("rb") as handle:
            head = handle.read(_HEAD)
    except OSError:
        return False
    return archive_kind(head) is not None or (head.startswith(b"#!") and b"python" in head.split(b"\n", 1)[0])


def _disk_name(derived: Derived, index: int) -> str:
    """A name that makes every engine read the layer as what it is (Semgrep picks by name)."""
    parts = [p for p in derived.name.split("::") if not p.startswith("peel/") and p != "normalised"]
    base = (PurePosixPath(parts[-1]).name if parts else "") or f"layer{index}"  # a name of only peel steps
    if derived.kind in _PYTHON_KINDS:
        return base if base.endswith(".py") else f"{base}.py"
    if derived.kind == "archive-member":
        return base
    return f"layer{index}.bin"


def _info(derived: Derived) -> DerivedInfo:
    return DerivedInfo(derived.name, derived.origin_path, derived.origin_line, derived.kind,
                       tuple(derived.decoded_from()), derived.kind == "normalised" and not derived.steps)


def add_derived(files: list[ContentFile], store: ContentStore, root: Path, caps: PeelCaps,
                max_file_bytes: int) -> list[ContentFile]:
    """Peel a package's files; write and store every derived file (into `root`); return them."""
    added: list[ContentFile] = []
    for file in files:
        if file.derived is not None or not _worth_peeling(file):
            continue
        try:
            data = store.read(file.path)
        except OSError:
            continue
        result = peel_file(file.rel, data, caps, gated=True)
        for path, reason in result.skipped:
            file.package.skipped.append(Skip(path, f"peel: {reason}"))
        for derived in result.derived:
            if len(derived.data) > max_file_bytes:
                file.package.skipped.append(Skip(derived.name, f"decoded layer larger than {max_file_bytes} bytes"))
                continue
            index = len(added)
            folder = root / str(index)
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / _disk_name(derived, index)
            path.write_bytes(derived.data)
            added.append(ContentFile(path, derived.name, len(derived.data), file.package, _info(derived)))
    store.add(added)
    return added


def peel_chunk(found: list[list[ContentFile]], store: ContentStore, work: Path, max_file_bytes: int,
               caps: PeelCaps | None = None) -> None:
    """Every package's derived files (`found`: each package's files), under `work`, into the store."""
    for index, files in enumerate(found):
        add_derived(files, store, work / f"p{index:05d}", caps or PeelCaps(), max_file_bytes)


def keeps(hit: Hit) -> bool:
    """False for a hit a derived layer only imitates (a `.pth`-shaped line decoded from a .py), and
    for a rule about decoded layers on a package's own file."""
    info = hit.file.derived
    if info is None and hit.rule_id in _DERIVED_ONLY:
        return False
    suffix = _ORIGIN_SUFFIX_ONLY.get(hit.rule_id)
    return info is None or suffix is None or info.origin_path.endswith(suffix)


def origin(hit: Hit, store: ContentStore) -> tuple[str, int | None, str, list[dict]]:
    """A derived file's hit as (real path, real line, evidence: the decoded line, decoded_from)."""
    info = hit.file.derived
    assert info is not None
    line = hit.line if info.same_lines else info.origin_line
    evidence = hit.evidence
    if hit.line:
        decoded = store.line(hit.file.path, hit.line).decode("utf-8", "replace").strip()
        evidence = decoded[:320] or evidence
    chain = [*info.steps, {"path": info.name, "line": hit.line, "transforms": []}]
    return info.origin_path, line, evidence, chain


class NamedByCode:
    """Whether the package's non-auxiliary Python code names a file (by its file name), read once."""

    def __init__(self, python_files: list[str], read: Callable[[str], bytes]) -> None:
        self._files, self._read = python_files, read
        self._text: bytes | None = None

    def __call__(self, path: str) -> bool:
        if self._text is None:
            parts = []
            for rel in self._files:
                if not is_auxiliary_path(rel):
                    try:
                        parts.append(self._read(rel))
                    except OSError:
                        continue
            self._text = b"\n".join(parts)
        return PurePosixPath(path).name.encode() in self._text


def auxiliary(path: str, vectors: VectorClassifier, named: NamedByCode) -> bool:
    """A layer decoded from a test/example/doc file is auxiliary like that file; one from a data file
    there (a fixture archive) too, unless package code names that file."""
    if not is_auxiliary_path(path):
        return False
    if path.endswith(PYTHON_SUFFIXES):
        return vectors.is_auxiliary(path)
    return not named(path)
