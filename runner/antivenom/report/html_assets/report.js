"use strict";
// Renders the antivenom report held in <script id="antivenom-data" type="application/json">.
// Every string in it may come from a scanned package (names, paths, evidence): it is only
// ever put into the page as text (textContent / text nodes), never parsed as HTML.
(function () {
  const data = JSON.parse(document.getElementById("antivenom-data").textContent);
  const packages = Array.isArray(data.packages) ? data.packages : [];
  const VERDICTS = ["malicious", "suspicious", "clean", "error"];
  const RANK = { error: 3, malicious: 2, suspicious: 1, clean: 0 };
  const VECTORS = ["install-time", "import-time", "runtime"];
  const ROW_LIMIT = 1000;
  const CELL_CHARS = 240;

  // Control, bidi-override and line-separator characters are shown as <U+XXXX>, so a
  // name cannot hide or reorder text around it.
  const HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2069\ufeff]/g;
  function show(value, limit) {
    let text = value === null || value === undefined ? "" : String(value);
    if (limit && text.length > limit) text = text.slice(0, limit) + "\u2026 (" + text.length + " chars)";
    return text.replace(HIDDEN, (c) => "<U+" + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0") + ">");
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function add(parent, child) { parent.appendChild(child); return child; }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function list(value) { return Array.isArray(value) ? value : []; }

  // -- derived facts per package ---------------------------------------------------
  const rows = packages.map((p, index) => {
    const live = list(p.findings).filter((f) => !f.suppressed);
    const behaviours = new Set(), vectors = new Set(), techniques = new Set(list(p.techniques));
    const cells = new Set();
    for (const f of live) {
      for (const b of list(f.behaviours)) { behaviours.add(b); cells.add(b + "|" + f.attack_vector); }
      for (const t of list(f.techniques)) techniques.add(t);
      vectors.add(f.attack_vector);
    }
    return {
      index, p, behaviours, vectors, techniques, cells,
      verdict: VERDICTS.includes(p.verdict) ? p.verdict : "error",
      title: String(p.name || p.target || ""),
      findings: live.length,
      search: [p.name, p.version, p.target, ...live.map((f) => f.rule_id)].join("\n").toLowerCase(),
    };
  });
  const flagged = (r) => r.verdict === "malicious" || r.verdict === "suspicious";
  const allBehaviours = [...new Set(rows.flatMap((r) => [...r.behaviours]))].sort();
  const allTechniques = [...new Set(rows.flatMap((r) => [...r.techniques]))].sort();

  // -- filters -----------------------------------------------------------------------
  const state = { q: "", verdict: "", behaviour: "", vector: "", technique: "", sort: "verdict", dir: -1 };
  const hash = new URLSearchParams(location.hash.slice(1));
  for (const key of ["q", "verdict", "behaviour", "vector", "technique"]) {
    if (hash.has(key)) state[key] = hash.get(key);
  }

  function matches(r) {
    if (state.verdict === "flagged" ? !flagged(r) : state.verdict && r.verdict !== state.verdict) return false;
    if (state.behaviour && state.vector) {
      if (!r.cells.has(state.behaviour + "|" + state.vector)) return false;
    } else {
      if (state.behaviour && !r.behaviours.has(state.behaviour)) return false;
      if (state.vector && !r.vectors.has(state.vector)) return false;
    }
    if (state.technique && !r.techniques.has(state.technique)) return false;
    return !state.q || r.search.includes(state.q.toLowerCase());
  }

  const KEYS = {
    verdict: (r) => RANK[r.verdict], score: (r) => Number(r.p.score) || 0, name: (r) => r.title.toLowerCase(),
    version: (r) => String(r.p.version || ""), findings: (r) => r.findings, target: (r) => String(r.p.target || ""),
  };
  function compare(a, b) {
    const key = KEYS[state.sort] || KEYS.verdict;
    const x = key(a), y = key(b);
    if (x < y) return -state.dir;
    if (x > y) return state.dir;
    if (state.sort === "verdict") {
      const s = (Number(b.p.score) || 0) - (Number(a.p.score) || 0);
      if (s) return s;
    }
    return a.index - b.index;
  }

  // -- summary, matrix, technique chart ---------------------------------------------
  function summary() {
    const box = document.getElementById("summary");
    const cards = add(box, el("div", "cards"));
    const counts = { total: rows.length };
    for (const v of VERDICTS) counts[v] = rows.filter((r) => r.verdict === v).length;
    for (const v of ["total", ...VERDICTS]) {
      const card = add(cards, el("div", "card"));
      card.dataset.verdict = v === "total" ? "" : v;
      add(card, el("span", "n v-" + v, String(counts[v])));
      add(card, el("span", "v v-" + v, v === "total" ? "packages" : v));
      card.addEventListener("click", () => setFilters({ verdict: card.dataset.verdict, behaviour: "", vector: "" }));
    }
    const meta = document.getElementById("meta");
    meta.textContent = show(data.tool || "antivenom") + " " + show(data.version || "") + " \u2014 worst verdict: " +
      show(data.verdict || "") + ", " + rows.length + " packages";
  }

  function matrix() {
    const table = document.getElementById("matrix");
    const head = add(add(table, el("thead")), el("tr"));
    add(head, el("th", "", "behaviour \\ vector"));
    for (const v of VECTORS) add(head, el("th", "", v));
    add(head, el("th", "", "any"));
    const body = add(table, el("tbody"));
    const behaviours = allBehaviours.length ? allBehaviours : [];
    for (const b of behaviours) {
      const tr = add(body, el("tr"));
      add(tr, el("th", "", show(b)));
      for (const v of [...VECTORS, ""]) {
        const n = rows.filter((r) => flagged(r) && (v ? r.cells.has(b + "|" + v) : r.behaviours.has(b))).length;
        const td = add(tr, el("td", n ? "cell" : "cell zero", String(n)));
        td.dataset.behaviour = b;
        td.dataset.vector = v;
        if (n) td.addEventListener("click", () => setFilters({ verdict: "flagged", behaviour: b, vector: v }));
      }
    }
    if (!behaviours.length) add(add(body, el("tr")), el("td", "muted", "no findings"));
  }

  function techniqueChart() {
    const holder = document.getElementById("techniques");
    const counts = allTechniques.map((t) => [t, rows.filter((r) => flagged(r) && r.techniques.has(t)).length])
      .filter((c) => c[1] > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    if (!counts.length) { add(holder, el("p", "muted", "no techniques among flagged packages")); return; }
    const NS = "http://www.w3.org/2000/svg";
    const rowHeight = 22, labelWidth = 190, barWidth = 320, max = counts[0][1];
    const svg = document.createElementNS(NS, "svg");
    svg.setAttribute("width", String(labelWidth + barWidth + 60));
    svg.setAttribute("height", String(counts.length * rowHeight + 4));
    svg.setAttribute("role", "img");
    counts.forEach(([technique, n], i) => {
      const y = i * rowHeight;
      const label = document.createElementNS(NS, "text");
      label.setAttribute("x", "0"); label.setAttribute("y", String(y + 15));
      label.textContent = show(technique, 40);
      const bar = document.createElementNS(NS, "rect");
      bar.setAttribute("class", "bar");
      bar.setAttribute("x", String(labelWidth)); bar.setAttribute("y", String(y + 3));
      bar.setAttribute("height", "15"); bar.setAttribute("width", String(Math.max(1, Math.round(barWidth * n / max))));
      const value = document.createElementNS(NS, "text");
      value.setAttribute("x", String(labelWidth + Math.round(barWidth * n / max) + 6)); value.setAttribute("y", String(y + 15));
      value.textContent = String(n);
      const group = document.createElementNS(NS, "g");
      group.setAttribute("class", "technique");
      group.dataset.technique = technique;
      group.append(label, bar, value);
      group.addEventListener("click", () => setFilters({ verdict: "flagged", technique: technique }));
      svg.appendChild(group);
    });
    holder.appendChild(svg);
  }

  // -- the package table -------------------------------------------------------------
  function options(select, values, labelFor) {
    for (const value of values) {
      const option = add(select, el("option", "", labelFor ? labelFor(value) : show(value)));
      option.value = value;
    }
  }

  function setupFilters() {
    const q = document.getElementById("f-q");
    options(document.getElementById("f-verdict"), ["", "flagged", ...VERDICTS], (v) => v || "any verdict");
    options(document.getElementById("f-behaviour"), ["", ...allBehaviours], (v) => v ? show(v) : "any behaviour");
    options(document.getElementById("f-vector"), ["", ...VECTORS], (v) => v || "any vector");
    options(document.getElementById("f-technique"), ["", ...allTechniques], (v) => v ? show(v) : "any technique");
    q.addEventListener("input", () => { state.q = q.value; table(); });
    for (const key of ["verdict", "behaviour", "vector", "technique"]) {
      const select = document.getElementById("f-" + key);
      select.addEventListener("change", () => { state[key] = select.value; table(); });
    }
    for (const th of document.querySelectorAll("#packages th.sortable")) {
      th.addEventListener("click", () => {
        const key = th.dataset.key;
        state.dir = state.sort === key ? -state.dir : (key === "name" || key === "target" || key === "version" ? 1 : -1);
        state.sort = key;
        table();
      });
    }
  }

  function setFilters(changes) {
    Object.assign(state, { q: "", behaviour: "", vector: "", technique: "" }, changes);
    table();
    document.getElementById("packages-section").scrollIntoView();
  }

  function syncControls() {
    document.getElementById("f-q").value = state.q;
    for (const key of ["verdict", "behaviour", "vector", "technique"]) {
      const select = document.getElementById("f-" + key);
      select.value = state[key];
      if (select.value !== state[key]) state[key] = "";  // unknown value from the URL fragment
    }
    for (const th of document.querySelectorAll("#packages th.sortable")) {
      th.classList.toggle("asc", th.dataset.key === state.sort && state.dir === 1);
      th.classList.toggle("desc", th.dataset.key === state.sort && state.dir === -1);
    }
  }

  function table() {
    syncControls();
    const body = document.querySelector("#packages tbody");
    clear(body);
    const shown = rows.filter(matches).sort(compare);
    for (const r of shown.slice(0, ROW_LIMIT)) {
      const tr = add(body, el("tr", "pkg"));
      tr.dataset.index = String(r.index);
      tr.dataset.verdict = r.verdict;
      add(tr, el("td", "v v-" + r.verdict, r.verdict));
      add(tr, el("td", "", String(Number(r.p.score) || 0)));
      add(tr, el("td", "name", show(r.title, CELL_CHARS)));
      add(tr, el("td", "", show(r.p.version, 60)));
      add(tr, el("td", "", String(r.findings)));
      add(tr, el("td", "", show([...r.behaviours].join(", "), CELL_CHARS)));
      add(tr, el("td", "muted", show(r.p.target, CELL_CHARS)));
      tr.addEventListener("click", () => detail(r));
    }
    const note = document.getElementById("table-note");
    note.textContent = shown.length + " of " + rows.length + " packages match" +
      (shown.length > ROW_LIMIT ? "; the first " + ROW_LIMIT + " are shown (narrow the filter)" : "");
  }

  // -- drill-down ------------------------------------------------------------------------
  function field(parent, label, value) {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return;
    const p = add(parent, el("p"));
    add(p, el("b", "", label + ": "));
    add(p, el("span", "data", show(Array.isArray(value) ? value.join(", ") : value)));
  }

  // `decoded_from`: how the evidence was reached (layers of decoding). Strings, or objects
  // whose fields are shown as `key: value`; nested lists are followed.
  function chain(parent, value) {
    const ol = add(parent, el("ol", "chain"));
    for (const step of Array.isArray(value) ? value : [value]) {
      const li = add(ol, el("li", "data"));
      if (step && typeof step === "object" && !Array.isArray(step)) {
        li.textContent = Object.keys(step).filter((k) => typeof step[k] !== "object" || step[k] === null)
          .map((k) => show(k) + ": " + show(step[k], 400)).join("  \u00b7  ");
        for (const k of Object.keys(step)) {
          if (step[k] && typeof step[k] === "object") { add(li, el("div", "muted", show(k))); chain(li, step[k]); }
        }
      } else if (Array.isArray(step)) {
        chain(li, step);
      } else {
        li.textContent = show(step, 400);
      }
    }
  }

  function finding(parent, f) {
    const box = add(parent, el("div", "finding sev-" + show(f.severity) + (f.suppressed ? " suppressed" : "")));
    const where = show(f.path) + (f.line ? ":" + f.line : "");
    add(box, el("div", "data", where + "  [" + show(f.attack_vector) + "]  " + show(f.rule_id) + "  (" +
      show(f.severity) + "/" + show(f.confidence) + ", " + show(f.engine) + ")" +
      (f.auxiliary ? "  auxiliary file" : "")));
    add(box, el("div", "data", show(f.message)));
    const tags = add(box, el("div"));
    for (const t of [...list(f.behaviours), ...list(f.techniques)]) add(tags, el("span", "tag", show(t)));
    if (f.vector_reason) add(box, el("div", "muted data", "vector: " + show(f.vector_reason)));
    if (f.evidence) add(box, el("pre", "evidence", show(f.evidence, 4000)));
    if (f.decoded_from !== undefined && f.decoded_from !== null) {
      add(box, el("div", "muted", "decoded from:"));
      chain(box, f.decoded_from);
    }
    if (f.suppressed) add(box, el("div", "muted data", "suppressed: " + show(f.suppressed)));
  }

  function detail(r) {
    for (const tr of document.querySelectorAll("#packages tr.selected")) tr.classList.remove("selected");
    const row = document.querySelector('#packages tr[data-index="' + r.index + '"]');
    if (row) row.classList.add("selected");
    const box = document.getElementById("detail");
    clear(box);
    const p = r.p;
    add(box, el("h2", "data", show([p.name, p.version].filter(Boolean).join(" ") || p.target, 400)));
    add(box, el("span", "v v-" + r.verdict, r.verdict + "  score " + (Number(p.score) || 0)));
    field(box, "target", p.target);
    field(box, "source", p.source);
    field(box, "why", p.verdict_reason);
    field(box, "error", p.error);
    field(box, "package techniques", list(p.techniques));
    field(box, "traits", p.traits_reason);
    field(box, "files scanned", p.files_scanned);
    const findings = list(p.findings);
    add(box, el("h3", "", findings.length + " finding(s)"));
    const ordered = findings.slice().sort((a, b) => (a.suppressed ? 1 : 0) - (b.suppressed ? 1 : 0));
    for (const f of ordered) finding(box, f);
    const skipped = list(p.skipped);
    if (skipped.length) {
      add(box, el("h3", "", skipped.length + " file(s) skipped"));
      const ul = add(box, el("ul"));
      for (const s of skipped) add(ul, el("li", "data", show(s.path) + ": " + show(s.reason)));
    }
    box.hidden = false;
  }

  // -- skipped and errors ----------------------------------------------------------
  function skippedSection() {
    const box = document.getElementById("skipped");
    const byReason = new Map();
    let incomplete = 0;
    for (const r of rows) {
      const skipped = list(r.p.skipped);
      if (skipped.length) incomplete += 1;
      for (const s of skipped) {
        const kind = show(s.reason, 200).replace(/\d+(\.\d+)?/g, "N");
        const entry = byReason.get(kind) || { files: 0, packages: new Set() };
        entry.files += 1;
        entry.packages.add(r.index);
        byReason.set(kind, entry);
      }
    }
    add(box, el("p", "", incomplete + " package(s) had files the scan did not fully read."));
    if (!byReason.size) return;
    const table = add(box, el("table"));
    const head = add(add(table, el("thead")), el("tr"));
    for (const h of ["reason (numbers as N)", "files", "packages"]) add(head, el("th", "", h));
    const body = add(table, el("tbody"));
    for (const [kind, entry] of [...byReason].sort((a, b) => b[1].files - a[1].files)) {
      const tr = add(body, el("tr"));
      add(tr, el("td", "data", kind));
      add(tr, el("td", "", String(entry.files)));
      add(tr, el("td", "", String(entry.packages.size)));
    }
  }

  function errorSection() {
    const box = document.getElementById("errors");
    const failed = rows.filter((r) => r.verdict === "error" || r.p.error);
    add(box, el("p", "", failed.length + " package(s) could not be read (never a pass)."));
    if (!failed.length) return;
    const table = add(box, el("table"));
    const head = add(add(table, el("thead")), el("tr"));
    for (const h of ["package", "target", "error"]) add(head, el("th", "", h));
    const body = add(table, el("tbody"));
    for (const r of failed.slice(0, ROW_LIMIT)) {
      const tr = add(body, el("tr", "error-row"));
      add(tr, el("td", "", show(r.title, CELL_CHARS)));
      add(tr, el("td", "muted", show(r.p.target, CELL_CHARS)));
      add(tr, el("td", "", show(r.p.error, 1000)));
      tr.addEventListener("click", () => { detail(r); document.getElementById("detail").scrollIntoView(); });
    }
  }

  summary();
  matrix();
  techniqueChart();
  setupFilters();
  table();
  skippedSection();
  errorSection();
  const opened = Number.parseInt(hash.get("package") || "", 10);  // #package=N opens one package
  if (opened >= 0 && opened < rows.length) detail(rows[opened]);
  document.body.dataset.rendered = "true";
})();
