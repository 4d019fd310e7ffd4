"""JSON Schemas shipped with the rules (rules/schema/), resolved against each other offline."""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING

from .rule_metadata import schema_dir

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from referencing import Registry

# jsonschema is imported where a document is first validated, not with the CLI: most scans
# validate nothing (no config file) and the import is a fifth of the CLI's start.


@cache
def _registry() -> Registry:
    from referencing import Registry, Resource

    resources = []
    for path in sorted(schema_dir().glob("*.schema.json")):
        contents = json.loads(path.read_text())
        resources.append((contents["$id"], Resource.from_contents(contents)))
    return Registry().with_resources(resources)


@cache
def validator(name: str) -> Draft202012Validator:
    """A validator for rules/schema/<name>; $refs to sibling schemas resolve offline."""
    from jsonschema import Draft202012Validator

    schema = json.loads((schema_dir() / name).read_text())
    return Draft202012Validator(schema, registry=_registry())


def errors(name: str, instance: object) -> list[str]:
    """Every violation, as `where: what`, for messages that name the field."""
    found = sorted(validator(name).iter_errors(instance), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in found]


def taxonomy(kind: str) -> list[str]:
    """The IDs of one taxonomy axis: behaviour, technique, attack_vector, verdict."""
    data = json.loads((schema_dir() / "taxonomy.schema.json").read_text())
    return list(data["$defs"][kind]["enum"])
