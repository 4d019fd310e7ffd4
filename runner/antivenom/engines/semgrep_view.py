"""What Semgrep reads in a chunk: each file a rule can look at, once per content, as hard links.

Mirrors hold the same file in every version of a package, and malware families
re-upload one payload under many names: in malregistry-dev 39% of the Python
files are byte-identical copies of another. Semgrep therefore sees each
(content, file name) once per scan: the chunk's relevant files are linked into a
private tree, one entry per new key, and the hits found there are copied back to
every file holding those bytes - in this chunk, and from the cache in later ones.
Only files a rule reads go in (Python, .pth, generic rules' includes), so Semgrep
never walks the rest; names are kept, since rules select by name (`**/setup.py`).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .semgrep_process import SemgrepFileError, SemgrepHit

Key = tuple[bytes, str]  # sha256 of the bytes, file name as Semgrep will see it


@dataclass
class Results:
    hits: list[SemgrepHit] = field(default_factory=list)
    errors: list[SemgrepFileError] = field(default_factory=list)


class ResultCache:
    """Semgrep's hits and file errors per key, for the chunks of one scan.

    Bounded: past `max_entries` it starts afresh, which costs only rescans."""

    def __init__(self, max_entries: int = 500_000) -> None:
        self.max_entries = max_entries
        self._entries: dict[Key, Results] = {}

    def get(self, key: Key) -> Results | None:
        return self._entries.get(key)

    def put(self, key: Key, results: Results) -> None:
        if len(self._entries) >= self.max_entries:
            self._entries.clear()
        self._entries[key] = results


class SemgrepView:
    """The tree one chunk's Semgrep runs read: `small/<part>/` for the main runs and
    `large/<part>/` for the runs of files over the large-file size, one Semgrep process per
    part. Each entry remembers the files it stands for.

    Files are dealt into parts of about equal bytes, run by single-job processes a few at a
    time (semgrep_process.SemgrepPool): Semgrep's own `--jobs` shares one heap between its
    workers, and on two cores two single-job processes finished a chunk in 25 s where one
    two-job process took 32 s."""

    def __init__(self, root: Path, small_parts: int = 1, large_parts: int = 1) -> None:
        self.root = root
        self.small = root / "small"
        self.large = root / "large"
        self._held = {self.small: [0] * max(1, small_parts), self.large: [0] * max(1, large_parts)}
        self._entries: dict[Key, Path] = {}
        self.keys: dict[Path, Key] = {}
        self.owners: dict[Key, list[tuple[object, Path]]] = {}
        self._parts_used: set[Path] = set()

    def add(self, key: Key, source: Path, large: bool, owner: object, folder_prefix: str = "") -> None:
        """Stand `source` (owned by `owner`) in the view, linking its bytes only the first time.
        `folder_prefix` starts the name of the entry's own folder: rules select files by it
        (engines/semgrep.py gives each rule a `paths.include` over these names)."""
        if key not in self._entries:
            base = self.large if large else self.small
            held = self._held[base]
            part = held.index(min(held))
            held[part] += source.stat().st_size
            part_dir = base / str(part)
            self._parts_used.add(part_dir)
            folder = part_dir / f"{folder_prefix}{len(self._entries)}"
            folder.mkdir(parents=True)
            entry = folder / key[1]
            try:
                os.link(source, entry)
            except OSError:  # another file system, or links refused: a copy reads the same
                shutil.copyfile(source, entry)
            self._entries[key] = entry
            self.keys[entry] = key
        self.owners.setdefault(key, []).append((owner, source))

    def small_parts(self) -> list[Path]:
        """The main runs' targets: each part holding at least one file."""
        return self._parts(self.small)

    def large_parts(self) -> list[Path]:
        """The large-file runs' targets: each part holding at least one file."""
        return self._parts(self.large)

    def _parts(self, base: Path) -> list[Path]:
        return sorted((part for part in self._parts_used if part.parent == base), key=lambda p: int(p.name))

    def entries_in(self, part: Path) -> list[Path]:
        return [entry for entry in self.keys if entry.is_relative_to(part)]

    def key_of(self, semgrep_path: str, cwd: Path) -> Key | None:
        path = Path(semgrep_path)
        return self.keys.get(path if path.is_absolute() else cwd / path)

    def results(self, hits: list[SemgrepHit], errors: list[SemgrepFileError], cwd: Path) -> dict[Key, Results]:
        """Semgrep's output grouped by key; every key of the view gets an entry, even hitless."""
        grouped = {key: Results() for key in self.keys.values()}
        for hit in hits:
            key = self.key_of(hit.path, cwd)
            if key is not None:
                grouped[key].hits.append(hit)
        for error in errors:
            key = self.key_of(error.path, cwd)
            if key is not None:
                grouped[key].errors.append(error)
        return grouped
