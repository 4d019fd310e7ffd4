"""IndexClient against a local Simple API on 127.0.0.1: PEP 503 HTML and PEP 691 JSON."""

from __future__ import annotations

import hashlib
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import avkit
import pytest
from antivenom.index_client import IndexClient, IndexError_, ReleaseFile
from packaging.version import Version


@pytest.fixture(params=["html", "json"])
def client(request, index_server) -> IndexClient:
    return IndexClient(index_server.html_url if request.param == "html" else index_server.json_url, timeout=10)


def test_list_files_reads_every_archive_with_hash_and_yank(client):
    files = client.list_files("goodpkg")
    assert [(f.filename, str(f.version), f.kind, f.yanked) for f in files] == [
        ("goodpkg-1.0.tar.gz", "1.0", "sdist", False),
        ("goodpkg-1.0-py3-none-any.whl", "1.0", "wheel", False),
        ("goodpkg-2.0.tar.gz", "2.0", "sdist", False),
        ("goodpkg-2.0-cp311-cp311-manylinux_2_17_x86_64.whl", "2.0", "wheel", False),
        ("goodpkg-2.0-py3-none-any.whl", "2.0", "wheel", False),
        ("goodpkg-2.5.tar.gz", "2.5", "sdist", True),
        ("goodpkg-3.0rc1.tar.gz", "3.0rc1", "sdist", False),
    ]
    assert all(f.sha256 and len(f.sha256) == 64 for f in files)
    # relative hrefs resolve against the project page: every file URL points at the server's /files/
    assert all(f.url.startswith("http://127.0.0.1:") and f.url.endswith(f"/files/{f.filename}") for f in files)
    assert all("#" not in f.url for f in files)


def test_names_are_canonicalised(client):
    assert [f.filename for f in client.list_files("GoodPkg")] == [f.filename for f in client.list_files("goodpkg")]


def test_newest_final_release_skips_yanked_and_prereleases(client):
    chosen = client.release_files("goodpkg")
    # the sdist, and one wheel preferring the pure-Python one
    assert [f.filename for f in chosen] == ["goodpkg-2.0.tar.gz", "goodpkg-2.0-py3-none-any.whl"]


def test_pinned_release(client):
    assert [f.filename for f in client.release_files("goodpkg", "1.0")] == [
        "goodpkg-1.0.tar.gz", "goodpkg-1.0-py3-none-any.whl"]
    assert [f.filename for f in client.release_files("goodpkg", "1.0.0")] == [
        "goodpkg-1.0.tar.gz", "goodpkg-1.0-py3-none-any.whl"]  # versions compare as versions
    # A yanked or pre-release file is still what an exact pin names.
    assert [f.filename for f in client.release_files("goodpkg", "3.0rc1")] == ["goodpkg-3.0rc1.tar.gz"]


def test_sdist_only_release(client):
    assert [f.kind for f in client.release_files("sdistonly")] == ["sdist"]


def test_missing_project_and_release(client):
    with pytest.raises(IndexError_, match="HTTP 404"):
        client.release_files("nosuchproject")
    with pytest.raises(IndexError_, match="no such release"):
        client.release_files("goodpkg", "9.9")
    with pytest.raises(IndexError_, match="not a valid version"):
        client.release_files("goodpkg", "notaversion")


def test_download_checks_sha256(client, tmp_path):
    good = client.release_files("goodpkg", "2.0")[0]
    local = client.download(good, tmp_path / "dl")
    assert local == tmp_path / "dl" / "goodpkg-2.0.tar.gz"
    assert hashlib.sha256(local.read_bytes()).hexdigest() == good.sha256
    (bad,) = client.release_files("badhash")
    with pytest.raises(IndexError_, match="sha256 does not match"):
        client.download(bad, tmp_path / "dl2")
    assert not (tmp_path / "dl2" / "badhash-1.0.tar.gz").exists()  # nothing unverified is kept


def test_download_reuses_a_verified_file_and_replaces_a_tampered_one(index_server, tmp_path):
    client = IndexClient(index_server.html_url)
    (good,) = [f for f in client.list_files("sdistonly")]
    first = client.download(good, tmp_path)
    before = len(index_server.requests)
    assert client.download(good, tmp_path) == first
    assert len(index_server.requests) == before  # cached: same sha256, no request
    first.write_bytes(b"tampered")
    client.download(good, tmp_path)
    assert hashlib.sha256(first.read_bytes()).hexdigest() == good.sha256
    assert len(index_server.requests) == before + 1


def test_download_names_the_file_by_basename_only(index_server, tmp_path):
    client = IndexClient(index_server.html_url)
    (good,) = client.list_files("sdistonly")
    hostile = ReleaseFile("../../escaped-0.1.tar.gz", good.url, good.version, "sdist", good.sha256)
    local = client.download(hostile, tmp_path / "dl")
    assert local == tmp_path / "dl" / "escaped-0.1.tar.gz"
    assert not (tmp_path.parent / "escaped-0.1.tar.gz").exists()


def test_download_size_cap(index_server, tmp_path):
    client = IndexClient(index_server.html_url, max_bytes=100)
    with pytest.raises(IndexError_, match="larger than 100 bytes"):
        client.list_files("goodpkg")


def test_unreachable_index_is_an_index_error(tmp_path):
    with pytest.raises(IndexError_):
        IndexClient("http://127.0.0.1:9/simple", timeout=2).list_files("goodpkg")


def test_malformed_json_page_is_an_index_error(tmp_path):
    pages = {"/simple/broken/": ("application/vnd.pypi.simple.v1+json", b'{"files": [{"nofilename": 1}]}'),
             "/simple/garbage/": ("application/vnd.pypi.simple.v1+json", b"<html>not json</html>")}
    with avkit.serve_index(pages) as server:
        client = IndexClient(server.html_url)
        for name in ("broken", "garbage"):
            with pytest.raises(IndexError_, match="malformed PEP 691 JSON"):
                client.list_files(name)


def test_non_archives_and_unparsable_names_are_ignored(tmp_path):
    html = ('<a href="/f/demo-1.0.tar.gz">x</a><a href="/f/demo-1.0.tar.gz.asc">sig</a>'
            '<a href="/f/demo-latest.tar.gz">?</a><a href="/f/demo-1.1.exe">exe</a>'
            '<a href="/f/demo-1.1-py3.11.egg">egg</a>')
    with avkit.serve_index({"/simple/demo/": ("text/html", html.encode())}) as server:
        files = IndexClient(server.html_url).list_files("demo")
    assert [(f.filename, f.kind, f.version) for f in files] == [
        ("demo-1.0.tar.gz", "sdist", Version("1.0")), ("demo-1.1-py3.11.egg", "egg", Version("1.1"))]
    assert files[0].sha256 is None


# -- links, redirects and --hash pins (issue 13) ------------------------------------------------------


@pytest.mark.parametrize("index,link,refused", [
    ("https://pypi.example.invalid/simple", "http://files.example.invalid/a-1.0.tar.gz", "non-HTTPS (http)"),
    ("https://pypi.example.invalid/simple", "file:///etc/passwd", "file://"),
    ("http://127.0.0.1:9/simple", "file:///etc/passwd", "file://"),
    ("http://127.0.0.1:9/simple", "ftp://files.example.invalid/a-1.0.tar.gz", "non-HTTPS (ftp)"),
])
def test_links_an_index_may_not_hand_out_are_refused_before_any_read(tmp_path, index, link, refused):
    client = IndexClient(index)
    release = ReleaseFile("a-1.0.tar.gz", link, Version("1.0"), "sdist")
    with pytest.raises(IndexError_, match=re.escape(refused) + " link refused"):
        client.download(release, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_file_index_may_hand_out_file_links(tmp_path):
    archive = avkit.make_tar(tmp_path / "files/a-1.0.tar.gz", avkit.sdist_tree("a", "1.0", {}))
    client = IndexClient((tmp_path / "simple").as_uri())
    local = client.download(ReleaseFile("a-1.0.tar.gz", archive.as_uri(), Version("1.0"), "sdist"), tmp_path / "dl")
    assert local.read_bytes() == archive.read_bytes()


def test_file_links_in_an_index_page_are_listed_but_never_read(tmp_path):
    secret = tmp_path / "secret-1.0.tar.gz"
    secret.write_bytes(b"the scanning machine's own file")
    pages = {"/simple/leak/": ("text/html", f'<a href="{secret.as_uri()}">leak-1.0.tar.gz</a>'.encode())}
    with avkit.serve_index(pages) as server:
        client = IndexClient(server.html_url)
        (release,) = client.release_files("leak")
        with pytest.raises(IndexError_, match="file:// link refused"):
            client.download(release, tmp_path / "dl")


def test_a_redirect_may_not_change_scheme(tmp_path):
    class Redirect(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        client = IndexClient(f"http://127.0.0.1:{httpd.server_address[1]}/simple")
        with pytest.raises(IndexError_):
            client.list_files("anything")
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_hash_pins_are_checked_on_the_downloaded_bytes(client, tmp_path):
    good = client.release_files("goodpkg", "2.0")[0]
    right = {"sha256": {good.sha256}}
    assert client.download(good, tmp_path / "ok", right).is_file()
    with pytest.raises(IndexError_, match="match no --hash pin"):
        client.download(good, tmp_path / "wrong", {"sha256": {"0" * 64}})
    assert not (tmp_path / "wrong" / good.filename).exists()
    body = (tmp_path / "ok" / good.filename).read_bytes()
    sha512 = hashlib.sha512(body).hexdigest()
    assert client.download(good, tmp_path / "512", {"sha512": {sha512}}).is_file()
    # The index lies about nothing here, but the pin is checked even when the index gives no hash.
    unhashed = ReleaseFile(good.filename, good.url, good.version, good.kind, None)
    with pytest.raises(IndexError_, match="match no --hash pin"):
        client.download(unhashed, tmp_path / "nohash", {"sha512": {"f" * 128}})


def test_hash_pins_are_checked_again_on_a_reused_file(client, tmp_path):
    good = client.release_files("goodpkg", "2.0")[0]
    client.download(good, tmp_path)
    with pytest.raises(IndexError_, match="match no --hash pin"):
        client.download(good, tmp_path, {"sha256": {"1" * 64}})


def test_hash_pins_choose_among_the_release_files_like_pip(client):
    files = {f.filename: f for f in client.list_files("goodpkg")}
    sdist = files["goodpkg-2.0.tar.gz"]
    chosen = client.release_files("goodpkg", "2.0", {"sha256": {sdist.sha256}})
    assert [f.filename for f in chosen] == [sdist.filename]  # its wheels are not pinned: not installable
    with pytest.raises(IndexError_, match="matches the --hash pins"):
        client.release_files("goodpkg", "2.0", {"sha256": {"2" * 64}})
    old = files["goodpkg-1.0.tar.gz"]
    assert [f.version for f in client.release_files("goodpkg", None, {"sha256": {old.sha256}})] == [Version("1.0")]


def test_pre_takes_the_newest_pre_release(client):
    assert {str(f.version) for f in client.release_files("goodpkg", pre=True)} == {"3.0rc1"}
