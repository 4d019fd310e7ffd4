"""The runner's enums and the schemas list the same values, and str-enums behave as strings."""

from __future__ import annotations

import json

from antivenom import engines
from antivenom.enums import SCHEMA_ENUMS, EngineName, Severity, Verdict
from antivenom.rule_metadata import schema_dir
from antivenom.verdict import VERDICT_ORDER, worst


def _schema(name: str) -> dict:
    return json.loads((schema_dir() / name).read_text())


def test_taxonomy_enums_are_the_runner_enums():
    defs = _schema("taxonomy.schema.json")["$defs"]
    for name, enum in SCHEMA_ENUMS.items():
        assert sorted(defs[name]["enum"]) == sorted(v.value for v in enum), name


def test_report_schema_takes_its_enums_from_the_taxonomy():
    finding = _schema("report.schema.json")["$defs"]["finding"]["properties"]
    for name in ("severity", "confidence", "attack_vector"):
        assert finding[name] == {"$ref": f"taxonomy.schema.json#/$defs/{name}"}
    assert finding["engine"]["examples"] == [e.value for e in EngineName]


def test_the_shipped_engines_are_registered_under_their_enum_names():
    assert [e.value for e in EngineName] == [n for n in engines.REGISTRY if n in {e.value for e in EngineName}]


def test_verdict_order_has_one_home():
    assert VERDICT_ORDER == Verdict.order() == ["clean", "suspicious", "malicious", "error"]
    assert worst(["suspicious", "error", "clean"]) == "error" and worst([]) == "clean"


def test_members_are_their_values_everywhere():
    assert Severity.ERROR == "ERROR" and {"ERROR": 1}[Severity.ERROR] == 1
    assert f"{Verdict.MALICIOUS}" == str(Verdict.MALICIOUS) == "malicious"
    assert json.dumps({"v": Verdict.CLEAN}) == '{"v": "clean"}'
