"""The evidence model: kinds, the corroboration table and the rows it fires (antivenom.evidence)."""

from __future__ import annotations

import pytest
from antivenom import evidence
from antivenom.model import Finding, Package
from antivenom.rule_management import all_rules
from antivenom.rule_metadata import semgrep_dir, yara_dir
from antivenom.verdict import decide


def finding(rule_id, severity="INFO", confidence="LOW", vector="import-time", path="pkg/__init__.py",
            behaviours=("information-stealing",), auxiliary=False) -> Finding:
    return Finding(rule_id=rule_id, engine="semgrep", path=path, line=3, behaviours=list(behaviours),
                   techniques=[], severity=severity, confidence=confidence, message="m", evidence="e",
                   attack_vector=vector, auxiliary=auxiliary)


def decided(*findings: Finding, name="sample-pkg", version="1.0") -> Package:
    package = Package(target="t", name=name, version=version, findings=list(findings))
    decide(package)
    return package


def test_every_rule_declares_a_kind_and_only_known_signals():
    signals = set(evidence.table().signals)
    for rule in all_rules(semgrep_dir(), yara_dir()):
        assert rule.raw.get("kind") in evidence.KINDS, rule.rule_id
        assert rule.raw.get("signal") in signals | {None}, rule.rule_id


def test_rows_name_only_declared_signals_and_anchors():
    table = evidence.table()
    anchors = set(evidence.ANCHORS) | set(evidence.SPECIAL_ANCHORS)
    for row in table.rows:
        assert row.anchor in anchors, row.id
        for name in (*row.any_signal, *row.all_signals, *(n for g in row.any_of for n in g)):
            assert name in table.signals, (row.id, name)


def test_a_mention_alone_never_decides():
    # startup-persistence names autostart paths: a mention, even at ERROR/HIGH and import time.
    package = decided(finding("startup-persistence", "ERROR", "HIGH"))
    assert package.verdict != "malicious"


def test_a_runtime_mention_alone_is_not_even_suspicious():
    package = decided(finding("startup-persistence", "ERROR", "HIGH", vector="runtime"))
    assert package.verdict == "clean"


def test_a_load_time_action_with_a_signal_in_the_same_file_is_malicious():
    package = decided(finding("runtime-pip-install", "WARNING", "MEDIUM"), finding("encoded_endpoint"))
    assert package.verdict == "malicious"
    assert package.reasons[0].startswith("corroborated-load-time-action: action runtime-pip-install")
    assert "encoded-endpoint" in package.reasons[0]


def test_a_file_scoped_signal_in_another_file_does_not_corroborate():
    package = decided(finding("runtime-pip-install", "WARNING", "MEDIUM"),
                      finding("encoded_endpoint", path="pkg/other.py"))
    assert package.verdict == "suspicious"


def test_a_signal_in_an_auxiliary_file_does_not_corroborate():
    package = decided(finding("runtime-pip-install", "WARNING", "MEDIUM"), finding("encoded_endpoint", auxiliary=True))
    assert package.verdict == "suspicious"


def test_the_anchor_cannot_corroborate_itself():
    # host-fingerprint-exfil provides host-collection itself: a second host fact is not independent.
    package = decided(finding("host-fingerprint-exfil", "WARNING", "MEDIUM"),
                      finding("cross-function-host-flow", "WARNING", "MEDIUM"))
    assert package.verdict == "suspicious"


def test_placeholder_version_needs_install_time_network_io():
    hook = finding("setup-cmdclass-install-hook", "WARNING", "MEDIUM", vector="install-time", path="setup.py")
    assert decided(hook, version="99.0.0").verdict == "suspicious"
    network = finding("setup-toplevel-network", "ERROR", "MEDIUM", vector="install-time", path="setup.py")
    package = decided(hook, network, version="99.0.0")
    assert package.verdict == "malicious"
    assert any(r.startswith("placeholder-version-beacon") for r in package.reasons)


def test_typosquat_name_corroborates_an_install_hook():
    hook = finding("setup-cmdclass-install-hook", "WARNING", "MEDIUM", vector="install-time", path="setup.py")
    assert decided(hook, name="requestss").verdict == "malicious"
    assert decided(hook, name="requests").verdict == "suspicious"  # the popular name itself


@pytest.mark.parametrize(("name", "expected"), [("requestss", "requests"), ("reqeusts", "requests"),
                                                ("urllib4", "urllib3"), ("pyaml", None), ("py-yaml", "pyyaml"),
                                                ("abc", None),
                                                ("completely-new-name", None)])
def test_typosquat_distance(name, expected):
    assert evidence.typosquat_of(name) == expected


@pytest.mark.parametrize(("version", "expected"), [("99.0.0", True), ("999.9.9", True), ("1.99", False),
                                                   ("98.1", False), (None, False), ("v100", True),
                                                   ("1337.0.0", True), ("2026.9.0", False),
                                                   ("2025.10.26", False), ("2026", True)])
def test_placeholder_version(version, expected):
    assert evidence.is_placeholder_version(version) is expected


def test_load_time_beacon_needs_collection_and_a_hidden_destination():
    spawn = finding("process-spawn", behaviours=("command-execution",))
    collect = finding("host-collection")
    assert decided(spawn, collect).verdict == "clean"
    package = decided(spawn, collect, finding("dns-tool-lookup"))
    assert package.verdict == "malicious"
    assert package.reasons[0].startswith("load-time-beacon")
    # the same three at runtime only: nothing loads them
    runtime = [finding(r, vector="runtime") for r in ("process-spawn", "host-collection", "dns-tool-lookup")]
    assert decided(*runtime).verdict == "clean"


def test_a_destination_mention_needs_network_io_in_its_file():
    oob = finding("oob-exfil-endpoint", "ERROR", "HIGH")
    assert decided(oob).verdict == "suspicious"
    assert decided(oob, finding("network-call", path="pkg/other.py")).verdict == "suspicious"
    package = decided(oob, finding("network-call", vector="runtime"))
    assert package.verdict == "malicious"
    assert package.reasons[0].startswith("destination-with-io")


def test_an_autostart_path_mention_with_runtime_process_io_is_not_malicious():
    # A cron manager: a module constant naming /etc/cron.d, `crontab -l` in a function.
    cron = finding("startup-persistence", "ERROR", "HIGH", behaviours=("unauthorized-file-operation",))
    assert decided(cron, finding("process-spawn", vector="runtime")).verdict == "suspicious"
    assert decided(cron, finding("process-spawn")).verdict == "malicious"  # spawned at import: not a manager


def test_every_row_that_fires_is_a_reason():
    package = decided(finding("exec-decoded-payload", "ERROR", "HIGH", behaviours=("code-execution",)),
                      finding("runtime-pip-install", "WARNING", "MEDIUM", behaviours=("command-execution",)),
                      finding("encoded_endpoint"))
    ids = [r.split(":")[0] for r in package.reasons]
    assert ids[0] == "decisive"
    assert "corroborated-load-time-action" in ids and "load-time-pair" in ids


def test_theft_with_a_drop_destination_elsewhere_in_the_package_is_malicious():
    # A stealer keeps its webhook in config.py and reads browser stores in chromium.py, at runtime.
    theft = finding("browser-credential-theft", "ERROR", "MEDIUM", vector="runtime", path="pkg/chromium.py")
    drop = finding("webhook-exfil-endpoint", "ERROR", "HIGH", path="pkg/config.py")
    assert decided(theft).verdict != "malicious"  # a cookie-reading tool alone
    package = decided(theft, drop)
    assert package.verdict == "malicious"
    assert any(r.startswith("theft-with-drop: action browser-credential-theft") for r in package.reasons)
    # the destination in a test file does not count
    assert decided(theft, finding("webhook-exfil-endpoint", "ERROR", "HIGH", auxiliary=True)).verdict != "malicious"


def test_an_obfuscated_install_script_is_malicious_and_an_obfuscated_library_is_not():
    def armored(vector: str, path: str) -> Finding:
        f = finding("pyarmor-runtime", "WARNING", "MEDIUM", vector=vector, path=path, behaviours=("code-execution",))
        f.techniques = ["code-obfuscation"]
        return f

    install = decided(armored("install-time", "setup.py"))
    assert install.verdict == "malicious" and install.reasons[0].startswith("obfuscated-install-script")
    assert decided(armored("import-time", "pkg/__init__.py")).verdict == "suspicious"


def test_a_hidden_endpoint_needs_a_send_and_swallowed_errors_in_its_file():
    # iamenumer's shape: a Caesar-shifted endpoint, credentials posted to it inside `except: pass`.
    hidden = finding("decoded_endpoint", vector="runtime", path="pkg/main.py")
    send = finding("network-call", vector="runtime", path="pkg/main.py")
    silenced = finding("silenced-network-errors", vector="runtime", path="pkg/main.py")
    assert decided(hidden, send).verdict == "clean"  # an obfuscated link alone
    assert decided(hidden, silenced).verdict == "clean"
    package = decided(hidden, send, silenced)
    assert package.verdict == "malicious"
    assert package.reasons[0].startswith("hidden-destination-send: mention decoded_endpoint")
    elsewhere = finding("decoded_endpoint", vector="runtime", path="pkg/other.py")
    assert decided(elsewhere, send, silenced).verdict == "clean"  # file-scoped: another file's endpoint


def test_a_typosquat_naming_credential_stores_at_import_is_malicious():
    # matplotliv: one edit from matplotlib, walks ~ for wallets and keys at import (a daemon thread)
    wallets = finding("crypto-wallet-theft", "ERROR", "HIGH")  # a mention rule (its metadata)
    assert decided(wallets, name="plain-wallet-tool").verdict == "suspicious"
    package = decided(wallets, name="matplotliv")
    assert package.verdict == "malicious"
    assert package.reasons[0].startswith("typosquat-load-time-mention: mention crypto-wallet-theft")
    # the same name with the mention only in a function nobody calls at import
    runtime = finding("crypto-wallet-theft", "ERROR", "HIGH", vector="runtime")
    assert decided(runtime, name="matplotliv").verdict != "malicious"


def test_a_standalone_action_decides_at_runtime_an_ordinary_one_does_not():
    # uac-bypass is `standalone` (no benign use); download-write-execute is not (a CLI may fetch and run its installer)
    exploit = finding("uac-bypass", "ERROR", "HIGH", vector="runtime", behaviours=("command-execution",))
    assert decided(exploit).verdict == "malicious"
    assert decided(exploit).reasons[0].startswith("decisive")
    dropper = finding("download-write-execute", "ERROR", "HIGH", vector="runtime", behaviours=("command-execution",))
    assert decided(dropper).verdict == "suspicious"
    # a test or example file still never decides
    assert decided(finding("uac-bypass", "ERROR", "HIGH", vector="runtime", auxiliary=True)).verdict != "malicious"
