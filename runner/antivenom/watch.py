"""`antivenom watch`: follow new releases on an index and scan each one as it appears.

The feed of new releases sits behind a small protocol (`Feed`); the one shipped reads
PyPI's RSS of updates (`/rss/updates.xml`: the newest 100 releases, newest first), since
the XML-RPC changelog is deprecated. Each new release is fetched like `pypi:NAME==VERSION`
(Simple API, sha256 checked, never pip), scanned, and written as one JSON line:
`{"release": {...}, "verdict": worst, "packages": [package dicts]}`.

The position in the feed (publication time, and the releases seen at that time) is saved
atomically after every release, so a restart goes on where it stopped and scans nothing
twice. Polite: a User-Agent naming antivenom and its version, ETag revalidation, at least
`--interval` seconds between polls, exponential backoff on errors up to `--max-backoff`.
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import os
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol

import click
import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from . import __version__
from .index_client import DEFAULT_INDEX_URL, USER_AGENT, IndexClient
from .model import Package
from .reload import package_from_dict
from .scanner import Scanner, ScanOptions
from .sources import resolve
from .verdict import worst

MAX_FEED_BYTES = 10 * 1024 * 1024
RESCAN_SCANNER_AFTER = 1000  # releases: a fresh Scanner then, so its per-run result cache stays bounded


class FeedError(Exception):
    """The feed could not be read this time (network, HTTP status, malformed XML)."""


@dataclass(frozen=True)
class Release:
    name: str
    version: str
    published: float  # seconds since the epoch, UTC
    url: str = ""

    @property
    def key(self) -> str:
        return f"{self.name}=={self.version}"


@dataclass
class Cursor:
    """Where the watch stands: the newest publication time processed, and which releases of
    exactly that time were (a feed's times have one-second resolution)."""

    published: float
    seen: list[str] = field(default_factory=list)

    def is_new(self, release: Release) -> bool:
        return release.published > self.published or (
            release.published == self.published and release.key not in self.seen)

    def advance(self, release: Release) -> None:
        if release.published > self.published:
            self.published, self.seen = release.published, []
        self.seen.append(release.key)


class Feed(Protocol):
    def latest(self) -> list[Release]:
        """The releases the feed lists now, in any order. Raises FeedError."""


# -- PyPI's RSS of updates --------------------------------------------------------------------


def feed_url_for(index_url: str) -> str:
    """`https://pypi.org/simple` -> `https://pypi.org/rss/updates.xml`."""
    return urllib.parse.urljoin(index_url, "/rss/updates.xml")


def _release_from_item(item) -> Release | None:
    link = (item.findtext("link") or "").strip()
    title = (item.findtext("title") or "").strip()
    parts = [urllib.parse.unquote(p) for p in urllib.parse.urlsplit(link).path.split("/") if p]
    if len(parts) >= 3 and parts[-3] == "project":
        name, version = parts[-2], parts[-1]
    elif " " in title:
        name, version = title.rsplit(" ", 1)
    else:
        return None
    try:
        published = email.utils.parsedate_to_datetime((item.findtext("pubDate") or "").strip())
    except (TypeError, ValueError):
        return None
    if published.tzinfo is None:
        published = published.replace(tzinfo=timezone.utc)
    return Release(name, version, published.timestamp(), link)


class RssFeed:
    """PyPI's `/rss/updates.xml` (or a mirror's copy), read with defusedxml: no DTDs, no entities."""

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        self.url = url
        self.timeout = timeout
        self._etag: str | None = None
        self._last: list[Release] = []

    def latest(self) -> list[Release]:
        request = urllib.request.Request(self.url, headers={"User-Agent": USER_AGENT})
        if self._etag:
            request.add_header("If-None-Match", self._etag)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read(MAX_FEED_BYTES + 1)
                etag = response.headers.get("ETag")
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                return self._last
            raise FeedError(f"{self.url}: HTTP {exc.code}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise FeedError(f"{self.url}: {exc}") from exc
        if len(body) > MAX_FEED_BYTES:
            raise FeedError(f"{self.url}: larger than {MAX_FEED_BYTES} bytes")
        try:
            root = SafeET.fromstring(body, forbid_dtd=True)
        except (SafeET.ParseError, DefusedXmlException) as exc:
            raise FeedError(f"{self.url}: not a usable RSS document ({exc})") from exc
        releases = [r for r in map(_release_from_item, root.iter("item")) if r is not None]
        self._etag, self._last = etag, releases
        return releases


# -- state and output ----------------------------------------------------------------------------


def write_atomically(path: Path, text: str) -> None:
    """Write a sibling temporary file, flush it to disk, then rename it over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def load_cursor(path: Path | None) -> Cursor | None:
    if path is None or not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return Cursor(float(data["published"]), [str(k) for k in data.get("seen", [])])


def parse_since(value: str) -> Cursor:
    """A Unix time (seconds) or an ISO 8601 time; releases published after it are scanned."""
    try:
        return Cursor(float(value))
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise click.BadParameter(f"{value!r}: expected seconds since the epoch or an ISO 8601 time") from exc
    return Cursor((moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).timestamp())


def release_record(release: Release, packages: list[Package]) -> dict:
    return {"release": asdict(release), "verdict": worst([p.verdict for p in packages]),
            "packages": [p.to_dict() for p in packages]}


def packages_in(lines_path: Path) -> list[Package]:
    """Every package of a watch output (JSON lines), for the SARIF and HTML reports."""
    packages = []
    for line in lines_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            packages.extend(package_from_dict(p) for p in json.loads(line)["packages"])
    return packages


# -- the loop ------------------------------------------------------------------------------------


Fetch = Callable[[list[Release], Path], list[list[Package]]]


def fetch_releases(client: IndexClient) -> Fetch:
    """Each release's files from the index, as `pypi:NAME==VERSION` would fetch them."""
    def fetch(releases: list[Release], download_dir: Path) -> list[list[Package]]:
        return [resolve([f"pypi:{r.name}=={r.version}"], [], client, download_dir / str(i))
                for i, r in enumerate(releases)]
    return fetch


@dataclass
class Watcher:
    feed: Feed
    fetch: Fetch
    scanner_factory: Callable[[], Scanner]
    emit: Callable[[dict], None]  # one release record, written before the cursor moves past it
    state: Path | None
    cursor: Cursor | None = None
    log: Callable[[str], None] = lambda message: None
    after_batch: Callable[[], None] = lambda: None  # e.g. rewrite the SARIF/HTML reports
    sleep: Callable[[float], None] = time.sleep
    monotonic: Callable[[], float] = time.monotonic
    _scanner: Scanner | None = None
    _scanned: int = 0

    def _save(self) -> None:
        if self.state is not None and self.cursor is not None:
            write_atomically(self.state, json.dumps(asdict(self.cursor)) + "\n")

    def poll(self) -> int:
        """Read the feed once, scan what is new, oldest first; the number of releases done."""
        listed = self.feed.latest()
        if self.cursor is None:  # no state and no --since: start from the feed's present
            newest = max((r.published for r in listed), default=time.time())
            self.cursor = Cursor(newest, [r.key for r in listed if r.published == newest])
            self._save()
            self.log(f"watch: starting after {len(listed)} release(s) already in the feed")
            return 0
        fresh = sorted((r for r in listed if self.cursor.is_new(r)), key=lambda r: r.published)
        if fresh and listed and min(r.published for r in listed) > self.cursor.published:
            self.log("watch: the feed window starts after the last release processed: some may have been missed")
        if not fresh:
            return 0
        if self._scanner is None or self._scanned >= RESCAN_SCANNER_AFTER:
            self._scanner, self._scanned = self.scanner_factory(), 0
        with tempfile.TemporaryDirectory(prefix="antivenom-watch-") as tmp:
            batches = self.fetch(fresh, Path(tmp))
            self._scanner.scan([p for batch in batches for p in batch])
        for release, packages in zip(fresh, batches, strict=True):
            self.emit(release_record(release, packages))
            self.cursor.advance(release)
            self._save()
        self._scanned += len(fresh)
        self.after_batch()
        self.log(f"watch: scanned {len(fresh)} new release(s)")
        return len(fresh)

    def run(self, max_polls: int | None, interval: float, max_backoff: float) -> None:
        polls, failures = 0, 0
        while max_polls is None or polls < max_polls:
            started = self.monotonic()
            polls += 1
            try:
                self.poll()
                failures = 0
                wait = interval
            except FeedError as exc:
                failures += 1
                wait = min(max_backoff, interval * 2 ** failures)
                self.log(f"watch: {exc}; next poll in {wait:.0f} s")
            if max_polls is not None and polls >= max_polls:
                break
            self.sleep(max(0.0, wait - (self.monotonic() - started)))


# -- the command -----------------------------------------------------------------------------


def _appender(output: Path | None) -> Callable[[dict], None]:
    def emit(record: dict) -> None:
        line = json.dumps(record, ensure_ascii=False) + "\n"
        if output is None:
            sys.stdout.write(line)
            sys.stdout.flush()
            return
        with output.open("a", encoding="utf-8") as out:
            out.write(line)
            out.flush()
            os.fsync(out.fileno())
    return emit


@click.command("watch")
@click.option("--index-url", default=DEFAULT_INDEX_URL, show_default=True,
              help="Simple-API index the release files are fetched from.")
@click.option("--feed-url", help="RSS of new releases [default: /rss/updates.xml on the index's host].")
@click.option("--since", help="Scan releases published after this (Unix seconds or ISO 8601 time) "
                              "[default: where --state stopped, else from now on].")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Append one JSON line per release here [default: standard output].")
@click.option("--state", type=click.Path(dir_okay=False, path_type=Path),
              help="Where the position in the feed is kept [default: OUTPUT.state.json].")
@click.option("--sarif", "sarif_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also keep a SARIF report of everything in OUTPUT, rewritten after each poll with news.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also keep an HTML report of everything in OUTPUT, rewritten after each poll with news.")
@click.option("--interval", type=click.FloatRange(0.01), default=60.0, show_default=True,
              help="Seconds between polls, at least.")
@click.option("--max-backoff", type=click.FloatRange(0.01), default=900.0, show_default=True,
              help="Longest wait after repeated feed errors (the wait doubles per error).")
@click.option("--max-polls", type=click.IntRange(1), help="Stop after this many polls [default: never].")
@click.option("--once", is_flag=True, help="Poll once and stop (same as --max-polls 1).")
@click.option("--jobs", "-j", type=click.IntRange(1), help="Semgrep processes at once (default: CPU count).")
def watch_command(index_url: str, feed_url: str | None, since: str | None, output: Path | None, state: Path | None,
                  sarif_path: Path | None, html_path: Path | None, interval: float, max_backoff: float,
                  max_polls: int | None, once: bool, jobs: int | None) -> None:
    """Follow new releases on the index and scan each as it appears (nothing is ever run)."""
    if (sarif_path or html_path) and output is None:
        raise click.UsageError("--sarif and --html are built from --output: name one")
    state = state or (output.with_name(output.name + ".state.json") if output else None)
    cursor = parse_since(since) if since else load_cursor(state)
    options = ScanOptions(jobs=jobs) if jobs else ScanOptions()
    feed = RssFeed(feed_url or feed_url_for(index_url))
    watcher = Watcher(feed, fetch_releases(IndexClient(index_url)), lambda: Scanner(options), _appender(output),
                      state, cursor, log=lambda m: click.echo(m, err=True))
    if output is not None and (sarif_path or html_path):
        watcher.after_batch = lambda: _rewrite_reports(output, sarif_path, html_path)
    click.echo(f"antivenom {__version__} watching {feed.url}", err=True)
    # SIGINT/SIGTERM unwind through cli's command group (exit 130/143); the cursor is saved per release.
    watcher.run(1 if once else max_polls, interval, max_backoff)


def _rewrite_reports(output: Path, sarif_path: Path | None, html_path: Path | None) -> None:
    packages = packages_in(output)
    if sarif_path:
        from .report import sarif

        write_atomically(sarif_path, sarif.render(packages))
    if html_path:
        from .report import html

        write_atomically(html_path, html.render(packages))
