"""One self-contained HTML page to read a large scan: verdict counts, a behaviour x attack-vector
matrix, a technique chart, a sortable and filterable package table, a drill-down per package,
what was skipped and what could not be read.

Built from the JSON report dict (json_report.build), so any change to how packages are scanned
reaches it through that one shape. Everything in the report may come from a scanned package
and is attacker-controlled: the page carries it only as JSON inside a non-executed
<script type="application/json"> (with `<`, `>`, `&`, U+2028/2029 escaped, so no string can
close that element), and its script puts it into the page with textContent only. A
Content-Security-Policy allows exactly the page's own script and style (by hash) and nothing
else: no network, no other script, even if an injection were found.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

from ..model import Package
from . import ReportContext, json_report

_ASSETS = Path(__file__).with_name("html_assets")

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>antivenom report</title>
<style>{css}</style>
</head>
<body>
<header><h1>antivenom scan report</h1><p id="meta"></p></header>
<main>
<section id="summary"><h2>Verdicts</h2></section>
<div class="grid2">
<section><h2>Flagged packages: behaviour &#215; attack vector</h2>
<p class="muted">Packages reported malicious or suspicious with an unsuppressed finding of that behaviour in code
that runs at that time. Click a cell to list them.</p>
<table id="matrix" class="matrix"></table></section>
<section><h2>Techniques among flagged packages</h2><div id="techniques"></div></section>
</div>
<section id="packages-section"><h2>Packages</h2>
<div class="filters">
<input id="f-q" type="search" placeholder="filter: name, version, target, rule id" aria-label="filter">
<select id="f-verdict" aria-label="verdict"></select>
<select id="f-behaviour" aria-label="behaviour"></select>
<select id="f-vector" aria-label="attack vector"></select>
<select id="f-technique" aria-label="technique"></select>
<span id="table-note" class="muted"></span>
</div>
<table id="packages"><thead><tr>
<th class="sortable" data-key="verdict">verdict</th><th class="sortable" data-key="score">score</th>
<th class="sortable" data-key="name">name</th><th class="sortable" data-key="version">version</th>
<th class="sortable" data-key="findings">findings</th><th>behaviours</th>
<th class="sortable" data-key="target">target</th>
</tr></thead><tbody></tbody></table>
</section>
<section id="detail" hidden></section>
<section id="errors-section"><h2>Errors</h2><div id="errors"></div></section>
<section id="skipped-section"><h2>Skipped files</h2><div id="skipped"></div></section>
<noscript><p>This report is drawn by its own inline script; the data is in the page as JSON.</p></noscript>
</main>
<script id="antivenom-data" type="application/json">{data}</script>
<script>{script}</script>
</body>
</html>
"""

# In a <script> element only `</script` (and `<!--`) end or change the data: escaping every
# `<`, `>` and `&` rules both out; U+2028/2029 are escaped for older JSON-as-JS readers.
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def embed_json(value: object) -> str:
    """JSON safe to place verbatim inside <script type="application/json">."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.translate(str.maketrans(_JSON_ESCAPES))


def _sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _asset(name: str) -> str:
    return (_ASSETS / name).read_text(encoding="utf-8")


def render_report(report: dict) -> str:
    """The page for one JSON report dict (the shape of rules/schema/report.schema.json)."""
    css, script = _asset("report.css"), _asset("report.js")
    csp = (f"default-src 'none'; script-src {_sha256_source(script)}; style-src {_sha256_source(css)}; "
           "img-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'")
    # str.format never re-reads what it substitutes: the data cannot inject placeholders.
    return _PAGE.format(csp=csp, css=css, script=script, data=embed_json(report))


def render(packages: list[Package], context: ReportContext | None = None) -> str:
    return render_report(json_report.build(packages))
