# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""The protocol as one JSON Schema document, the source of the page's types.

`python -m <package>.bridge.schema` prints it; frontend/scripts/generate-protocol.mjs
turns it into frontend/src/bridge/protocol.ts (`python3 tasks.py types` runs both).
Params use pydantic's validation schema (fields with defaults are optional to
send); results and events use the serialization schema (always present).
"""

from __future__ import annotations

import json
import sys
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, models_json_schema
from pydantic_core import core_schema

from .core import Bridge

REF = "#/definitions/{model}"
Mode = Literal["validation", "serialization"]


class WireSchema(GenerateJsonSchema):
    """Results and events always carry every field, defaults included (the
    server sends `model_dump_json()`), so the page may rely on each one."""

    def field_is_required(
        self,
        field: core_schema.ModelField | core_schema.DataclassField | core_schema.TypedDictField,
        total: bool,
    ) -> bool:
        if self.mode == "serialization":
            return not field.get("serialization_exclude")
        return super().field_is_required(field, total)


# Each model's schema as used (params: validation; results and events:
# serialization), as a {"$ref": ...} into the definitions.
# Keyed by (model, mode); pydantic types the model as "a model or a dataclass".
ModelRefs = dict[tuple[Any, Mode], dict[str, Any]]


def model_schemas(bridge: Bridge, ref_template: str) -> tuple[ModelRefs, dict[str, Any]]:
    """The JSON Schema of every model `bridge` uses, and their definitions
    (field titles left out), with `$ref`s made by `ref_template` ("{model}"
    is a definition's name). The page's types and the OpenRPC document
    (openrpc.py) both come from here."""
    uses: list[tuple[type[BaseModel], Mode]] = []
    for method in bridge.router.methods.values():
        uses.append((method.params, "validation"))
        if method.result is not None:
            uses.append((method.result, "serialization"))
    uses.extend((model, "serialization") for model in bridge.event_types)
    ordered = sorted(set(uses), key=_order)  # stable output whatever the registration order
    refs, top = models_json_schema(ordered, ref_template=ref_template, schema_generator=WireSchema)
    return refs, _without_field_titles(top.get("$defs", {}))


def protocol_schema(bridge: Bridge) -> dict[str, Any]:
    refs, definitions = model_schemas(bridge, REF)

    methods: dict[str, Any] = {}
    for name, method in sorted(bridge.router.methods.items()):
        result = refs[(method.result, "serialization")] if method.result else {"type": "null"}
        entry: dict[str, Any] = {"params": refs[(method.params, "validation")], "result": result}
        # Markers the client's types use to route binary methods (not call()).
        if method.takes_bytes:
            entry["upload"] = {"const": True}
        if method.returns_bytes:
            entry["download"] = {"const": True}
        methods[name] = _closed_object(entry)
    events = {
        name: refs[(model, "serialization")]
        for model, name in sorted(bridge.event_types.items(), key=lambda item: item[1])
    }
    return {
        "title": "Protocol",
        **_closed_object(
            {
                "methods": {"title": "Methods", **_closed_object(methods)},
                "events": {"title": "Events", **_closed_object(events)},
            }
        ),
        "definitions": definitions,
    }


def _without_field_titles(definitions: dict[str, Any]) -> dict[str, Any]:
    """Field titles would become one named TypeScript alias per field
    (`type Current = number`); model titles stay and name the interfaces."""
    cleaned: dict[str, Any] = {}
    for name, definition in definitions.items():
        properties = {
            field: {key: value for key, value in schema.items() if key != "title"}
            for field, schema in definition.get("properties", {}).items()
        }
        cleaned[name] = {**definition, "properties": properties} if properties else definition
    return cleaned


def _closed_object(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": sorted(properties),
        "additionalProperties": False,
    }


def _order(use: tuple[type[BaseModel], Mode]) -> tuple[str, str]:
    return use[0].__name__, use[1]


def schema_json(bridge: Bridge) -> str:
    """The schema as canonical JSON (sorted keys): the same models, the same text."""
    return json.dumps(protocol_schema(bridge), indent=2, sort_keys=True) + "\n"


def main() -> None:
    from ..deskwire.served import served_settings

    sys.stdout.write(schema_json(served_settings().bridge))


if __name__ == "__main__":
    main()
