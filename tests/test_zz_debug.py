import json
def test_debug(batch_run, sarif_run, text_run):
    r = batch_run
    print("EXIT", r.exit_code, "STDERR", r.stderr[:2000], "STDOUT", r.stdout[:200])
    print("SEMGREP", len(r.semgrep_commands), "LEFT", r.leftovers, "DESTS", r.extract_dests[:3])
    for p in r.report["packages"]:
        print(p["target"], p["name"], p["version"], p["verdict"], p["files_scanned"], (p["error"] or "")[:120],
              sorted({(f["rule_id"], f["path"], f["line"]) for f in p["findings"]}), p["skipped"])
    print("SARIF", sarif_run.exit_code, sarif_run.stderr, len(sarif_run.stdout))
    print("TEXT", text_run.exit_code, text_run.stderr)
    print(text_run.stdout)
