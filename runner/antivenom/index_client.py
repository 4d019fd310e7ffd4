"""Fetch release files from a package index (PyPI or a mirror) without pip.

pip reads an sdist's metadata by running its setup.py, which is exactly what a
malicious package wants. This client only speaks the Simple Repository API
(PEP 691 JSON, falling back to PEP 503 HTML), downloads bytes with a size cap
and checks the index's sha256 and the user's `--hash` pins on the bytes downloaded.
A remote index may only hand out links of its own kind: an https index https links,
never file:// (which would read the scanning machine's own files), and a redirect may
not downgrade either.
"""

from __future__ import annotations

import hashlib
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Set
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from . import __version__
from .bounded import bounded
from .filenames import parse_archive_filename, release_version

DEFAULT_INDEX_URL = "https://pypi.org/simple"
USER_AGENT = f"antivenom/{__version__} (malicious-package scanner; never installs what it fetches)"
MAX_DOWNLOAD_BYTES = 200 * 1024 * 1024
_JSON_ACCEPT = "application/vnd.pypi.simple.v1+json"


class IndexError_(Exception):
    """The index could not give us what was asked (not found, bad hash, too big, refused link)."""


class NotFoundError(IndexError_):
    """The index does not have this project or release (HTTP 404, no such version)."""


Hashes = Mapping[str, Set[str]]  # algorithm (sha256/sha384/sha512) -> allowed hex digests


def allowed_link_schemes(index_url: str) -> frozenset[str]:
    """The URL schemes an index at `index_url` may hand out: https only for an https index,
    http(s) for a plain-http one (a local mirror), and file:// only for a file:// index."""
    scheme = urllib.parse.urlsplit(index_url).scheme.lower()
    return {"https": frozenset({"https"}), "http": frozenset({"http", "https"}),
            "file": frozenset({"file", "http", "https"})}.get(scheme, frozenset())


def check_hashes(filename: str, body: bytes, hashes: Hashes | None) -> None:
    """Raise IndexError_ unless `body` matches one of the pinned digests (when there are pins)."""
    if not hashes:
        return
    for algorithm, allowed in hashes.items():
        if hashlib.new(algorithm, body).hexdigest() in allowed:
            return
    got = ", ".join(f"{a}:{hashlib.new(a, body).hexdigest()}" for a in sorted(hashes))
    raise IndexError_(bounded(f"{filename}: the downloaded bytes match no --hash pin (got {got})"))


def _filter_by_hashes(files: list[ReleaseFile], hashes: Hashes | None) -> list[ReleaseFile]:
    """Like pip: with sha256 pins, files whose index sha256 is known and not pinned are not
    candidates (a file without an index hash stays, and is checked once downloaded)."""
    pinned = (hashes or {}).get("sha256")
    if not pinned:
        return files
    return [f for f in files if f.sha256 is None or f.sha256.lower() in pinned]


class _NoDowngrade(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to a scheme the index may hand out."""

    def __init__(self, schemes: frozenset[str]) -> None:
        super().__init__()
        self.schemes = schemes

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        scheme = urllib.parse.urlsplit(newurl).scheme.lower()
        if scheme not in self.schemes:
            raise IndexError_(bounded(f"{req.full_url}: redirect to a {scheme or 'relative'}:// URL refused "
                                      f"({newurl})"))
        return super().redirect_request(req, fp, code, msg, headers, newurl)


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
        self.link_schemes = allowed_link_schemes(self.index_url)
        self._opener = urllib.request.build_opener(_NoDowngrade(self.link_schemes))

    def _get(self, url: str, accept: str | None = None) -> tuple[bytes, str]:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        if accept:
            request.add_header("Accept", accept)
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                body = response.read(self.max_bytes + 1)
                content_type = response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            raise (NotFoundError if exc.code == 404 else IndexError_)(f"{url}: HTTP {exc.code}") from exc
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

    def release_files(self, name: str, version: str | None = None, hashes: Hashes | None = None,
                      pre: bool = False) -> list[ReleaseFile]:
        """The files worth scanning for one release: its sdist and one wheel.

        The sdist is what `pip install` builds (74.8% of malicious downloads in the
        study were source installs); one wheel, preferring a pure-Python one, shows
        what a binary install would unpack. Without a version, the newest
        non-yanked final release is taken (pre-releases too when `pre`, like pip --pre).
        With `hashes`, only files those pins allow are candidates, as in pip.
        """
        files = _filter_by_hashes(self.list_files(name), hashes)
        if hashes and not files:
            raise IndexError_(f"{name}: no release file on {self.index_url} matches the --hash pins")
        if version is not None:
            try:
                wanted = Version(version)
            except InvalidVersion as exc:  # `===` pins accept any string
                raise IndexError_(f"{name}=={version}: not a valid version") from exc
            chosen = [f for f in files if f.version == wanted]
            if not chosen:
                raise NotFoundError(f"{name}=={version}: no such release on {self.index_url}")
        else:
            candidates = [f for f in files if not f.yanked and (pre or not f.version.is_prerelease)]
            candidates = candidates or [f for f in files if not f.yanked] or files
            if not candidates:
                raise NotFoundError(f"{name}: no release files on {self.index_url}")
            newest = candidates[-1].version
            chosen = [f for f in candidates if f.version == newest]
        sdists = [f for f in chosen if f.kind == "sdist"]
        wheels = sorted(
            (f for f in chosen if f.kind != "sdist"),
            key=lambda f: (not f.filename.endswith("-none-any.whl"), f.filename),
        )
        return sdists[:1] + wheels[:1]

    def check_link(self, url: str) -> None:
        """Refuse a link the index may not hand out (see allowed_link_schemes)."""
        scheme = urllib.parse.urlsplit(url).scheme.lower()
        if scheme not in self.link_schemes:
            kind = "file://" if scheme == "file" else f"non-HTTPS ({scheme or 'no scheme'})"
            raise IndexError_(bounded(f"{kind} link refused: the index {self.index_url} handed out {url}"))

    def download(self, release_file: ReleaseFile, dest_dir: Path, hashes: Hashes | None = None) -> Path:
        """Download one file into dest_dir, checking its link, size, the index's sha256 and the
        `hashes` pins, all on the bytes really downloaded (or really on disk, when reused)."""
        self.check_link(release_file.url)
        dest_dir.mkdir(parents=True, exist_ok=True)
        # Name the local file by the index's filename, stripped of any path part.
        safe_name = Path(release_file.filename).name
        dest = dest_dir / safe_name
        if release_file.sha256 and dest.is_file() and not dest.is_symlink():
            cached = dest.read_bytes()
            if hashlib.sha256(cached).hexdigest() == release_file.sha256:
                check_hashes(release_file.filename, cached, hashes)
                return dest
        body, _ = self._get(release_file.url)
        if release_file.sha256 and hashlib.sha256(body).hexdigest() != release_file.sha256:
            raise IndexError_(f"{bounded(release_file.filename, 200)}: sha256 does not match the index")
        check_hashes(release_file.filename, body, hashes)
        dest.write_bytes(body)
        return dest
