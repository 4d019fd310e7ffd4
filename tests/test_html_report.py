"""The HTML report: attacker-controlled strings never become markup, and the page renders
(matrix, table, filter, drill-down) in headless Chromium."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import chromium
import pytest
from antivenom.model import Finding, Package, Skip
from antivenom.report import FORMATS, html, json_report
from antivenom.report import render as render_format

HOSTILE = [
    "<script>alert(1)</script>",
    "</script><img src=x onerror=alert(2)>",
    '"onerror="alert(3)" x="',
    "'><svg onload=alert(4)>",
    "<!--<script>",
    "line\u2028sep\u2029para",
    "\u202egnp.exe",  # right-to-left override
    "&lt;b&gt;entity&amp;",
    "x" * 100_000,
]
_DANGEROUS_TAGS = {"img", "iframe", "object", "embed", "a", "form", "link", "base", "frame", "audio", "video"}


def _finding(text: str, **extra) -> Finding:
    return Finding(rule_id="exec-decoded-payload", engine="semgrep", path=f"{text}/setup.py", line=3,
                   behaviours=["code-execution"], techniques=["code-obfuscation"], severity="ERROR",
                   confidence="HIGH", message=f"message {text}", evidence=f"exec({text})",
                   attack_vector="install-time", **extra)


def hostile_report() -> dict:
    packages = [Package(target=f"mirror/{text}.tar.gz", name=text, version=text, verdict="malicious", score=40,
                        verdict_reason=text, findings=[_finding(text)], skipped=[Skip(text, f"YARA: {text}")])
                for text in HOSTILE]
    packages.append(Package(target="clean-1.0.tar.gz", name="cleanpkg", version="1.0"))
    packages.append(Package(target=HOSTILE[1], name="broken", verdict="error", error=f"unsafe archive: {HOSTILE[0]}"))
    report = json_report.build(packages)
    # A field findings gain later (decoding layers): rendered when present, hostile too.
    report["packages"][0]["findings"][0]["decoded_from"] = [
        {"encoding": "base64", "path": HOSTILE[1], "line": 2}, {"encoding": "zlib", "note": HOSTILE[3]}]
    return report


def plain_report() -> dict:
    packages = [Package(target=f"mirror/p{i}.tar.gz", name=f"p{i}", version="1.0", verdict="malicious", score=40,
                        verdict_reason="r", findings=[_finding(f"p{i}")], skipped=[Skip("s", "YARA: s")])
                for i in range(len(HOSTILE))]
    packages.append(Package(target="clean-1.0.tar.gz", name="cleanpkg", version="1.0"))
    packages.append(Package(target="t", name="broken", verdict="error", error="unsafe archive: x"))
    return json_report.build(packages)


class _Elements(HTMLParser):
    """Every element (tag, attributes) in document order, and the text of each <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, tuple[tuple[str, str | None], ...]]] = []
        self.scripts: list[str] = []
        self.texts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, tuple(attrs)))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.texts.append(data)


def _parse(text: str) -> _Elements:
    parser = _Elements()
    parser.feed(text)
    parser.close()
    return parser


def test_hostile_strings_add_no_element_or_attribute():
    page, plain = html.render_report(hostile_report()), html.render_report(plain_report())
    hostile_doc, plain_doc = _parse(page), _parse(plain)
    # The markup is the same whatever the packages are called: the data adds no element.
    assert hostile_doc.elements == plain_doc.elements
    tags = [tag for tag, _ in hostile_doc.elements]
    assert tags.count("script") == 2 and not _DANGEROUS_TAGS & set(tags)
    assert not [name for _, attrs in hostile_doc.elements for name, _ in attrs if name.startswith("on")]
    # All of it sits in the JSON element, intact, and nothing in there can end the element.
    data_script = hostile_doc.scripts[0]
    assert json.loads(data_script) == hostile_report()
    assert not re.search(r"[<>&\u2028\u2029]", data_script)
    assert (hostile_doc.elements[-2][1]) == (("id", "antivenom-data"), ("type", "application/json"))
    # And none of it is anywhere outside that element.
    outside = "".join(hostile_doc.texts)
    for text in HOSTILE:
        assert text[:40] not in outside


def test_csp_allows_only_the_pages_own_script_and_style():
    page = html.render_report(plain_report())
    doc = _parse(page)
    (csp,) = [dict(attrs)["content"] for tag, attrs in doc.elements
              if tag == "meta" and dict(attrs).get("http-equiv") == "Content-Security-Policy"]
    script = doc.scripts[1]
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp and "http" not in csp
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "document.write" not in script
    # Self-contained: nothing fetched.
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)


def test_html_is_a_registered_format():
    assert "html" in FORMATS
    page = render_format([Package(target="t", name="n", version="1")], "html")
    assert json.loads(_parse(page).scripts[0])["packages"][0]["name"] == "n"


# -- in a browser ------------------------------------------------------------------------------

needs_chromium = pytest.mark.skipif(chromium.binary() is None, reason="no chromium binary (apt-get install chromium)")


class _Dom(HTMLParser):
    """Chromium's --dump-dom output: elements with attributes, and the text under chosen ones."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.stack: list[tuple[str, dict]] = []
        self.text_by_class: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        element = (tag, dict(attrs))
        self.elements.append(element)
        if tag not in ("meta", "input", "br", "col", "img"):
            self.stack.append(element)

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        for _, attrs in self.stack[-1:]:
            for name in (attrs.get("class") or "").split():
                self.text_by_class.setdefault(name, []).append(data)

    def rows(self) -> list[dict]:
        return [attrs for tag, attrs in self.elements if tag == "tr" and "pkg" in (attrs.get("class") or "")]


def _dom(page: Path, fragment: str = "") -> _Dom:
    dom = _Dom()
    dom.feed(chromium.dump_dom(page, fragment))
    return dom


@needs_chromium
def test_page_renders_matrix_table_filter_and_drilldown(tmp_path):
    report = hostile_report()
    page = tmp_path / "report.html"
    page.write_text(html.render_report(report), encoding="utf-8")

    dom = _dom(page)
    assert ("body", {"data-rendered": "true"}) in dom.elements  # the script ran to its end
    rows = dom.rows()
    assert len(rows) == len(report["packages"])
    # the default order: worst verdict first, then score, then report order
    assert [r["data-verdict"] for r in rows] == ["error"] + ["malicious"] * len(HOSTILE) + ["clean"]
    cells = {(a["data-behaviour"], a["data-vector"]): a for t, a in dom.elements if t == "td" and "data-vector" in a}
    assert "zero" not in cells["code-execution", "install-time"]["class"]
    assert "zero" in cells["code-execution", "runtime"]["class"]
    assert any(t == "g" and a.get("data-technique") == "code-obfuscation" for t, a in dom.elements)
    # hostile names are text: present (bidi controls made visible), and no element came of them
    names = dom.text_by_class["name"]
    assert "<script>alert(1)</script>" in names and "</script><img src=x onerror=alert(2)>" in names
    assert "<U+202E>gnp.exe" in names and "line<U+2028>sep<U+2029>para" in names
    assert any(n.startswith("x" * 200) and n.endswith("(100000 chars)") for n in names)
    tags = [tag for tag, _ in dom.elements]
    assert tags.count("script") == 2 and not _DANGEROUS_TAGS & set(tags)
    assert not [name for _, attrs in dom.elements for name in attrs if name.startswith("on")]

    # the filter, driven through the fragment the page reads on load
    assert [r["data-verdict"] for r in _dom(page, "q=cleanpkg").rows()] == ["clean"]
    assert {r["data-verdict"] for r in _dom(page, "verdict=malicious&vector=install-time").rows()} == {"malicious"}
    assert _dom(page, "q=no-such-package").rows() == []

    # the drill-down of the first package: its finding, evidence and decoded_from chain
    dom = _dom(page, "package=0")
    detail = [a for t, a in dom.elements if t == "section" and a.get("id") == "detail"]
    assert detail and "hidden" not in detail[0]
    assert "exec(<script>alert(1)</script>)" in dom.text_by_class["evidence"]
    assert any("encoding: base64" in text and "</script><img" in text for text in dom.text_by_class["data"])

    shot = chromium.screenshot(page, tmp_path / "report.png", 1200, 900)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
