"""The JSON Schema of `street.yaml`, generated from the models (core and plugin sections)."""
from __future__ import annotations

from typing import Any

from .district import district_model
from .loader import profile_model
from .plugins import PluginHost

SCHEMA_ID = "https://streetkit.dev/schema/street.schema.json"
DISTRICT_SCHEMA_ID = "https://streetkit.dev/schema/district.schema.json"


def profile_schema(host: PluginHost) -> dict[str, Any]:
    """JSON Schema (draft 2020-12) that editors use to check and autocomplete profiles."""
    schema = profile_model(host).model_json_schema(by_alias=True, mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
            **schema, "title": "streetkit street profile"}


def district_schema(host: PluginHost) -> dict[str, Any]:
    """JSON Schema of `district.yaml`, its `shared:` holding the plugins' sections."""
    schema = district_model(host).model_json_schema(by_alias=True, mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": DISTRICT_SCHEMA_ID,
            **schema, "title": "streetkit district"}
