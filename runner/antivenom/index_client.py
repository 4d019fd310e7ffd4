"""Fetch release files from a package index (PyPI or a mirror) without pip.

pip reads an sdist's metadata by running its setup.py, which is exactly what a
malicious package wants. This client only speaks the Simple Repository API
(PEP 691 JSON, falling back to PEP 503 HTML), downloads bytes with a size cap
and checks the index's sha256.
"""

from __future__ import annotations

import hashlib
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from . import __version__
from .filenames import parse_archive_filename, release_version

DEFAULT_INDEX_URL = "https://pypi.org/simple"
USER_AGENT = f"antivenom/{__version__} (malicious-package scanner; never installs what it fetches)"
MAX_DOWNLOAD_BYTES = 200 * 1024 * 1024
_JSON_ACCEPT = "application/vnd.pypi.simple.v1+json"


class IndexError_(Exception):
    """The index could not give us what was asked (not found, bad hash, too big)."""


@dataclass(frozen=True)
class ReleaseFile:
    filename: str
    url: str
    version: Version
    kind: str  # "sdist" | "wheel" | "egg"
    sha256: str | None = None
    yanked: bool = False


def _file_version(filename: str) -> tuple[Version, str] | None:
    """The release version and kind a file name declares; None for non-archives and odd names."""
    parsed = parse_archive_filename(filename)
    version = release_version(parsed) if parsed is not None else None
    return (version, parsed.kind) if parsed is not None and version is not None else None


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.links.append(dict(attrs))


class IndexClient:
    def __init__(
        self,
        index_url: str = DEFAULT_INDEX_URL,
        timeout: float = 60.0,
        max_bytes: int = MAX_DOWNLOAD_BYTES,
    ) -> None:
        self.index_url = index_url.rstrip("/") + "/"
        self.timeout = timeout
        self.max_bytes = max_bytes

    def _get(self, url: str, accept: str | None = None) -> tuple[bytes, str]:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        if accept:
            request.add_header("Accept", accept)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read(self.max_bytes + 1)
                content_type = response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            raise IndexError_(f"{url}: HTTP {exc.code}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise IndexError_(f"{url}: {exc}") from exc
        if len(body) > self.max_bytes:
            raise IndexError_(f"{url}: larger than {self.max_bytes} bytes")
        return body, content_type

    def list_files(self, name: str) -> list[ReleaseFile]:
        """Every archive file the index lists for a project, oldest to newest."""
        project_url = urllib.parse.urljoin(self.index_url, canonicalize_name(name) + "/")
        body, content_type = self._get(project_url, accept=f"{_JSON_ACCEPT}, text/html;q=0.5")
        if "json" in content_type:
            try:
                entries = [
                    (f["filename"], urllib.parse.urljoin(project_url, f["url"]),
                     (f.get("hashes") or {}).get("sha256"), bool(f.get("yanked")))
                    for f in json.loads(body)["files"]
                ]
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                # A broken or hostile mirror fails this one project, not the whole batch.
                raise IndexError_(f"{project_url}: malformed PEP 691 JSON ({type(exc).__name__}: {exc})") from exc
        else:
            parser = _LinkParser()
            parser.feed(body.decode("utf-8", "replace"))
            entries = []
            for link in parser.links:
                href = link.get("href") or ""
                url, _, fragment = urllib.parse.urljoin(project_url, href).partition("#")
                filename = urllib.parse.unquote(url.rsplit("/", 1)[-1])
                digest = fragment[len("sha256="):] if fragment.startswith("sha256=") else None
                entries.append((filename, url, digest, "data-yanked" in link))
        files = []
        for filename, url, digest, yanked in entries:
            parsed = _file_version(filename)
            if parsed is None:
                continue
            version, kind = parsed
            files.append(ReleaseFile(filename, url, version, kind, digest, yanked))
        files.sort(key=lambda f: f.version)
        return files

    def release_files(self, name: str, version: str | None = None) -> list[ReleaseFile]:
        """The files worth scanning for one release: its sdist and one wheel.

        The sdist is what `pip install` builds (74.8% of malicious downloads in the
        study were source installs); one wheel, preferring a pure-Python one, shows
        what a binary install would unpack. Without a version, the newest
        non-yanked final release is taken.
        """
        files = self.list_files(name)
        if version is not None:
            try:
                wanted = Version(version)
            except InvalidVersion as exc:  # `===` pins accept any string
                raise IndexError_(f"{name}=={version}: not a valid version") from exc
            chosen = [f for f in files if f.version == wanted]
            if not chosen:
                raise IndexError_(f"{name}=={version}: no such release on {self.index_url}")
        else:
            candidates = [f for f in files if not f.yanked and not f.version.is_prerelease]
            candidates = candidates or [f for f in files if not f.yanked] or files
            if not candidates:
                raise IndexError_(f"{name}: no release files on {self.index_url}")
            newest = candidates[-1].version
            chosen = [f for f in candidates if f.version == newest]
        sdists = [f for f in chosen if f.kind == "sdist"]
        wheels = sorted(
            (f for f in chosen if f.kind != "sdist"),
            key=lambda f: (not f.filename.endswith("-none-any.whl"), f.filename),
        )
        return sdists[:1] + wheels[:1]

    def download(self, release_file: ReleaseFile, dest_dir: Path) -> Path:
        """Download one file into dest_dir, checking its size and sha256."""
        dest_dir.mkdir(parents=True, exist_ok=True)
        # Name the local file by the index's filename, stripped of any path part.
        safe_name = Path(release_file.filename).name
        dest = dest_dir / safe_name
        cached = release_file.sha256 and dest.exists()
        if cached and hashlib.sha256(dest.read_bytes()).hexdigest() == release_file.sha256:
            return dest
        body, _ = self._get(release_file.url)
        if release_file.sha256 and hashlib.sha256(body).hexdigest() != release_file.sha256:
            raise IndexError_(f"{release_file.filename}: sha256 does not match the index")
        dest.write_bytes(body)
        return dest
