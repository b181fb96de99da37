"""The JSON Schema: generated from the models, shipped in schema/, and consistent with the examples."""
from __future__ import annotations

import json

import jsonschema
import yaml

from conftest import REPO, STREETS
from streetkit.district import inherit
from streetkit.schema import profile_schema
from streetkit.workspace import load


def test_shipped_schema_is_up_to_date(workspace):
    shipped = json.loads((REPO / "schema" / "street.schema.json").read_text("utf-8"))
    assert shipped == profile_schema(workspace.host), "run: streetkit schema -o schema/street.schema.json"


def test_schema_covers_core_and_plugin_sections(workspace):
    schema = profile_schema(workspace.host)
    props = schema["properties"]
    for key in ("slug", "name", "region", "association", "brand", "merchants", "events", "local_currency"):
        assert key in props
    assert set(schema["required"]) >= {"slug", "name", "region", "association", "base_url", "brand"}
    merchant = schema["$defs"]["Merchant"]
    assert "pay" in merchant["properties"]  # a plugin's per-merchant field
    assert merchant["additionalProperties"] is False
    assert "food" in json.dumps(merchant["properties"]["category"])
    assert "break" in schema["$defs"]["Hours"]["properties"]  # alias, as written in YAML


def test_example_streets_match_the_schema(workspace):
    validator = jsonschema.Draft202012Validator(profile_schema(workspace.host))
    for folder in STREETS:
        data = yaml.safe_load((folder / "street.yaml").read_text("utf-8"))
        # A street of a district is checked as it is loaded: with what it inherits (its own file
        # may hold only part of a shared section).
        if (district := load(folder).district) is not None:
            data = inherit(data, district, workspace.host)
        data = json.loads(json.dumps(data, default=str))  # YAML dates -> strings, as an editor sees them
        errors = sorted(validator.iter_errors(data), key=str)
        assert not errors, [e.message for e in errors[:5]]


def test_schema_rejects_a_misspelt_key(workspace):
    validator = jsonschema.Draft202012Validator(profile_schema(workspace.host))
    data = yaml.safe_load((STREETS[0] / "street.yaml").read_text("utf-8"))
    data = json.loads(json.dumps(data, default=str))
    data["merchants"][0]["hours_"] = data["merchants"][0].pop("hours")
    assert any("hours_" in e.message for e in validator.iter_errors(data))
