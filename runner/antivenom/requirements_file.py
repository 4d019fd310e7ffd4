"""Read a pip requirements or constraints file into entries, as pip would, without pip.

Nothing is dropped in silence: `-r`/`-c` files are followed (relative to the including
file, each file once, nesting capped); `--index-url`/`--extra-index-url`/`--pre` are
returned for the caller to honour; `--hash` pins stay with their requirement; editable,
direct-URL and local-path requirements, unknown options, unreadable or special included
files all become entries with an `error`, so the caller reports them. Pure: no network,
no environment variables expanded, nothing run.
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement

from .archives import ARCHIVE_SUFFIXES
from .bounded import bounded
from .filetypes import classify, open_regular

MAX_DEPTH = 16  # -r/-c nesting
MAX_FILES = 256
MAX_FILE_BYTES = 4 * 1024 * 1024
HASH_LENGTHS = {"sha256": 64, "sha384": 96, "sha512": 128}  # the algorithms pip accepts

# pip's own rule: a comment starts a line or follows whitespace.
_COMMENT = re.compile(r"(^|\s+)#.*$")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
# Options that change nothing about which bytes are installed from the index (or only narrow it).
_HARMLESS_GLOBAL = {"--prefer-binary": False, "--require-hashes": False, "--only-binary": True,
                    "--no-binary": True, "--trusted-host": True, "--use-feature": True}
_HARMLESS_PER_REQUIREMENT = {"--config-settings": True, "--global-option": True, "--install-option": True}
_FIND_LINKS = "--find-links is not followed: packages it offers are not fetched or scanned"


@dataclass(frozen=True)
class Entry:
    """One requirement (or constraint) line, or a line that could not be honoured (`error`)."""

    text: str  # the requirement as written, options removed; for an error, the line itself
    origin: str  # the declaring file, relative to the top file's folder
    line: int
    constraint: bool = False  # from a -c file: narrows versions, installs nothing itself
    hashes: dict[str, frozenset[str]] = field(default_factory=dict)  # algorithm -> hex digests
    error: str | None = None


@dataclass
class Parsed:
    entries: list[Entry] = field(default_factory=list)
    index_url: str | None = None  # the last --index-url, as pip takes it
    extra_index_urls: list[str] = field(default_factory=list)
    pre: bool = False
    files: list[Path] = field(default_factory=list)  # every file read, in order


def parse(path: Path, max_depth: int = MAX_DEPTH) -> Parsed:
    """Every entry of the requirements file `path` and of the files it includes."""
    parsed = Parsed()
    top = Path(path)
    _Reader(parsed, top.parent, max_depth).read(top, constraint=False, depth=0, origin=top.name, line=0)
    return parsed


def logical_lines(text: str) -> list[tuple[int, str]]:
    """(first line number, line) after pip's rules: backslash continuations joined (not
    through a comment line), comments removed, blank lines dropped."""
    joined: list[tuple[int, str]] = []
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        is_comment = bool(_COMMENT.match(raw))
        if raw.endswith("\\") and not is_comment:
            if not pending:
                start = number
            pending.append(raw[:-1])
            continue
        if pending:
            pending.append(" " + raw if is_comment else raw)
            joined.append((start, "".join(pending)))
            pending = []
        else:
            joined.append((number, raw))
    if pending:
        joined.append((start, "".join(pending)))
    out = []
    for number, line in joined:
        line = _COMMENT.sub("", line).strip()
        if line:
            out.append((number, line))
    return out


def _option(tokens: list[str], at: int) -> tuple[str, str | None, int]:
    """(option name, its value or None, index of the next token) for `--name=v`, `--name v`, `-xv`, `-x v`."""
    token = tokens[at]
    takes_value = {"-r": "--requirement", "-c": "--constraint", "-e": "--editable", "-i": "--index-url",
                   "-f": "--find-links"}
    if token.startswith("--"):
        name, eq, value = token.partition("=")
        if eq:
            return name, value, at + 1
        needs = name in {*takes_value.values(), "--extra-index-url", "--hash",
                         *(k for k, v in {**_HARMLESS_GLOBAL, **_HARMLESS_PER_REQUIREMENT}.items() if v)}
        if needs:
            return name, tokens[at + 1] if at + 1 < len(tokens) else "", at + 2
        return name, None, at + 1
    short, rest = token[:2], token[2:]
    if short in takes_value:
        if rest:
            return takes_value[short], rest.lstrip("="), at + 1
        return takes_value[short], tokens[at + 1] if at + 1 < len(tokens) else "", at + 2
    return token, None, at + 1


class _Reader:
    def __init__(self, parsed: Parsed, base: Path, max_depth: int) -> None:
        self.parsed = parsed
        self.base = base
        self.max_depth = max_depth
        self.seen: set[Path] = set()

    def _origin(self, path: Path) -> str:
        return Path(os.path.relpath(path, self.base)).as_posix()

    def _error(self, text: str, origin: str, line: int, reason: str, constraint: bool = False) -> None:
        self.parsed.entries.append(Entry(bounded(text), origin, line, constraint, error=bounded(reason)))

    def read(self, path: Path, constraint: bool, depth: int, origin: str, line: int) -> None:
        """Read one file; problems with it become an error entry naming the including line."""
        flag = "-c" if constraint else "-r"
        shown = f"{flag} {path}" if depth else str(path)
        if depth > self.max_depth:
            self._error(shown, origin, line, f"requirement files nested more than {self.max_depth} deep")
            return
        kind = classify(path, follow_links=True)
        if not kind.readable:
            why = kind.reason or f"a {kind.kind}, not a file"
            self._error(shown, origin, line, f"requirement file not read: {why}")
            return
        real = path.resolve()
        if real in self.seen:
            return  # included twice (a diamond or a cycle): read once
        if len(self.seen) >= MAX_FILES:
            self._error(shown, origin, line, f"more than {MAX_FILES} requirement files included")
            return
        self.seen.add(real)
        try:
            with open_regular(path) as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            self._error(shown, origin, line, f"requirement file not read: {exc.strerror or type(exc).__name__}")
            return
        if len(data) > MAX_FILE_BYTES:
            self._error(shown, origin, line, f"requirement file larger than {MAX_FILE_BYTES} bytes: not read")
            return
        self.parsed.files.append(path)
        text = data.decode("utf-8-sig", "replace")
        here = self._origin(path)
        for number, logical in logical_lines(text):
            self._line(path, logical, here, number, constraint, depth)

    def _line(self, path: Path, line: str, origin: str, number: int, constraint: bool, depth: int) -> None:
        # pip's split: the requirement is every space-separated token before the first option.
        words = line.split(" ")
        first_option = next((i for i, word in enumerate(words) if word.startswith("-")), len(words))
        requirement = " ".join(words[:first_option]).strip()
        try:
            options = shlex.split(" ".join(words[first_option:]), posix=True)
        except ValueError as exc:
            self._error(line, origin, number, f"unparsable options: {exc}", constraint)
            return
        if requirement:
            self._requirement(requirement, options, origin, number, constraint)
        else:
            self._options(path, line, options, origin, number, constraint, depth)

    def _options(self, path: Path, line: str, tokens: list[str], origin: str, number: int, constraint: bool,
                 depth: int) -> None:
        at = 0
        while at < len(tokens):
            name, value, at = _option(tokens, at)
            if name in ("--requirement", "--constraint"):
                if not value:
                    self._error(line, origin, number, f"{name} without a file")
                elif _URL.match(value):
                    self._error(line, origin, number, f"remote requirement file ({bounded(value, 200)}) not fetched")
                else:
                    included = Path(value) if Path(value).is_absolute() else path.parent / value
                    self.read(included, name == "--constraint", depth + 1, origin, number)
            elif name == "--editable":
                self._error(line, origin, number, "editable requirement (-e) is not fetched or scanned: "
                            "scan its source folder as a target", constraint)
            elif name == "--index-url":
                self.parsed.index_url = value or None
            elif name == "--extra-index-url":
                if value:
                    self.parsed.extra_index_urls.append(value)
            elif name == "--pre":
                self.parsed.pre = True
            elif name == "--find-links":
                self._error(line, origin, number, _FIND_LINKS, constraint)
            elif name == "--no-index":
                self._error(line, origin, number, "--no-index: packages would come only from --find-links, "
                            "which is not followed", constraint)
            elif name in _HARMLESS_GLOBAL:
                continue
            else:
                self._error(line, origin, number, f"unknown option {bounded(name, 100)}: the file is not "
                            "fully understood", constraint)
                return

    def _requirement(self, text: str, options: list[str], origin: str, number: int, constraint: bool) -> None:
        reason = _unfetchable(text)
        if reason:
            self._error(text, origin, number, reason, constraint)
            return
        hashes: dict[str, set[str]] = {}
        at = 0
        while at < len(options):
            name, value, at = _option(options, at)
            if name == "--hash":
                algorithm, _, digest = (value or "").partition(":")
                digest = digest.lower()
                if HASH_LENGTHS.get(algorithm) != len(digest) or not re.fullmatch(r"[0-9a-f]+", digest):
                    self._error(text, origin, number, f"bad --hash {bounded(value or '', 200)!r}: expected "
                                "sha256/sha384/sha512:<hex digest>", constraint)
                    return
                hashes.setdefault(algorithm, set()).add(digest)
            elif name not in _HARMLESS_PER_REQUIREMENT:
                self._error(text, origin, number, f"unknown option {bounded(name, 100)} on a requirement",
                            constraint)
                return
        self.parsed.entries.append(Entry(bounded(text), origin, number, constraint,
                                         {k: frozenset(v) for k, v in hashes.items()}))


def _unfetchable(text: str) -> str | None:
    """Why a requirement cannot be fetched from an index by name, or None when it can."""
    if _URL.match(text):
        return "direct URL requirement is not fetched: scan the file itself"
    spec = text.split(";", 1)[0].strip()
    looks_like_path = spec.startswith((".", "/", "~")) or "\\" in spec or "/" in spec or \
        spec.lower().endswith(ARCHIVE_SUFFIXES)
    if looks_like_path and "@" not in spec:
        return "local path requirement is not scanned from a requirements file: name it as a target"
    try:
        requirement = Requirement(text)
    except InvalidRequirement as exc:
        return f"invalid requirement: {bounded(exc, 300)}"
    if requirement.url:
        return f"direct URL requirement ({bounded(requirement.url, 200)}) is not fetched: scan the file itself"
    return None
