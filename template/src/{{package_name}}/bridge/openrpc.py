# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""The bridge described as an OpenRPC document (open-rpc.org: OpenAPI for JSON-RPC).

Tools read it to list, document, mock or test the app's calls without its
code. It is built from the same registrations and pydantic models as the
page's types (schema.py): each method with its named params (one content
descriptor per field of its params model), its result and the errors it can
answer (the bridge's own, and the typed errors its registration declares);
the models under `components.schemas`. The app serves it to its own
authenticated clients as `rpc.discover` (`serve_discovery`), and
`python3 tasks.py types` writes it to openrpc.json at the project's root
(`python -m <package>.bridge.openrpc` does only that).

Two things OpenRPC 1.3 has no words for, described with extension fields:
- Events, which the app pushes: OpenRPC lists only what a client calls. They
  are under `x-events`, each shaped like a method the server calls as a
  notification (`"x-notification": true`, the open-rpc extension of that name,
  no result): a name, by-name params `seq` and `data`, as they arrive.
- Bytes: a method with `x-binary` takes the page's bytes (`upload`) and/or
  answers with bytes (`download`); such a call travels as one binary message
  (framing.py), its header the JSON-RPC request or response described here.
"""

from __future__ import annotations

import inspect
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, RootModel

from .core import Bridge
from .errors import (
    BUSY,
    INTERNAL_ERROR,
    INVALID_PARAMS,
    INVALID_REQUEST,
    MESSAGE_TOO_LARGE,
    METHOD_NOT_FOUND,
    PARSE_ERROR,
)
from .rpc import Method
from .schema import model_schemas

OPENRPC_VERSION = "1.3.2"
DISCOVER = "rpc.discover"
SCHEMA_REF = "#/components/schemas/{model}"
# Where `tasks.py types` writes the document: the project's root
# (src/<package>/bridge/openrpc.py -> the project).
OPENRPC_FILE = Path(__file__).resolve().parents[3] / "openrpc.json"

# The bridge's own errors (errors.py), each under components.errors by name.
ERRORS: dict[str, dict[str, Any]] = {
    "ParseError": {"code": PARSE_ERROR, "message": "the message is not valid JSON"},
    "InvalidRequest": {
        "code": INVALID_REQUEST,
        "message": "not a valid JSON-RPC 2.0 request (a binary method called as text too)",
    },
    "MethodNotFound": {"code": METHOD_NOT_FOUND, "message": "no such method"},
    "InvalidParams": {
        "code": INVALID_PARAMS,
        "message": "the params do not fit the method's params model",
        "data": "a list of {loc, msg, type}, one per field that failed",
    },
    "InternalError": {
        "code": INTERNAL_ERROR,
        "message": "the handler failed; the app's log has the traceback",
        "data": "{incident}: the id the log names it by",
    },
    "MessageTooLarge": {
        "code": MESSAGE_TOO_LARGE,
        "message": "the message is over the size limit ($/hello's limits)",
    },
    "Busy": {"code": BUSY, "message": "too many calls running or waiting, app-wide"},
}
# What any call of a method may be answered with (the others come before a
# method is known, so they belong to no method).
EVERY_CALL = ("InvalidParams", "InternalError", "MessageTooLarge", "Busy")


# Built at the first rpc.discover, not at start-up (every launch imports this).
class DiscoverParams(BaseModel):
    """rpc.discover takes no params."""

    model_config = ConfigDict(defer_build=True)


class OpenRpcDocument(RootModel[dict[str, Any]]):
    """The document, as rpc.discover's result."""

    model_config = ConfigDict(defer_build=True)


def openrpc_document(bridge: Bridge, title: str, version: str) -> dict[str, Any]:
    """The OpenRPC document of every method and event registered on `bridge`,
    for the app named `title` at `version`."""
    refs, definitions = model_schemas(bridge, SCHEMA_REF)

    def fields_of(model: type[BaseModel]) -> list[dict[str, Any]]:
        """One content descriptor per field of a params model (by-name params)."""
        name = refs[(model, "validation")]["$ref"].rsplit("/", 1)[1]
        definition = definitions[name]
        required = set(definition.get("required", []))
        descriptors = []
        for field, schema in definition.get("properties", {}).items():
            descriptor: dict[str, Any] = {
                "name": field,
                "required": field in required,
                "schema": schema,
            }
            if "description" in schema:
                descriptor["description"] = schema["description"]
            descriptors.append(descriptor)
        return descriptors

    def method_object(method: Method) -> dict[str, Any]:
        entry: dict[str, Any] = {"name": method.name}
        description = _own_doc(method.handler)
        if description:
            entry["description"] = description
        entry["paramStructure"] = "by-name"
        entry["params"] = fields_of(method.params)
        if method.result is None:
            entry["result"] = {"name": "null", "schema": {"type": "null"}}
        else:
            entry["result"] = {
                "name": method.result.__name__,
                "schema": refs[(method.result, "serialization")],
            }
        errors = [*EVERY_CALL, *(["InvalidRequest"] if _binary(method) else [])]
        entry["errors"] = [{"$ref": f"#/components/errors/{name}"} for name in errors]
        # The typed errors its registration declares (RpcError subclasses).
        entry["errors"] += [
            {"code": error.CODE, "message": error.SUMMARY or error.__name__}
            for error in method.errors
        ]
        if _binary(method):
            entry["x-binary"] = {
                "upload": method.takes_bytes,
                "download": method.returns_bytes,
                "message": (
                    "one binary message: a 4-byte big-endian header length, the JSON-RPC"
                    " request (or response) as UTF-8 JSON, then the bytes"
                ),
            }
        return entry

    def event_object(model: type[BaseModel], name: str) -> dict[str, Any]:
        entry: dict[str, Any] = {"name": name}
        description = _own_doc(model)
        if description:
            entry["description"] = description
        entry["paramStructure"] = "by-name"
        entry["params"] = [
            {
                "name": "seq",
                "required": True,
                "schema": {"type": "integer", "minimum": 1},
                "description": "the event's number in this run of the app (see $/hello)",
            },
            {"name": "data", "required": True, "schema": refs[(model, "serialization")]},
        ]
        entry["x-notification"] = True
        return entry

    events = sorted(bridge.event_types.items(), key=lambda item: item[1])
    return {
        "openrpc": OPENRPC_VERSION,
        "info": {
            "title": title,
            "version": version,
            "description": (
                "The calls the app's page makes over its bridge (JSON-RPC 2.0), and"
                " the events the app pushes (x-events)."
            ),
        },
        "methods": [method_object(method) for _, method in sorted(bridge.router.methods.items())],
        "components": {"schemas": definitions, "errors": ERRORS},
        "x-events": [event_object(model, name) for model, name in events],
    }


def document_json(document: dict[str, Any]) -> str:
    """Canonical text (sorted keys): the same registrations, the same file."""
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def serve_discovery(bridge: Bridge, title: str, version: str) -> None:
    """Answer `rpc.discover` on `bridge` with its OpenRPC document (once only).

    The document is built on the first call and kept while nothing is added:
    a method or event registered later (registrations are never removed, so a
    count tells) makes the next call build it again."""
    if DISCOVER in bridge.router.system_methods:
        return
    kept: dict[tuple[int, int], OpenRpcDocument] = {}

    async def discover(params: DiscoverParams) -> OpenRpcDocument:
        registered = (len(bridge.router.methods), len(bridge.event_types))
        if registered not in kept:
            kept.clear()
            kept[registered] = OpenRpcDocument(openrpc_document(bridge, title, version))
        return kept[registered]

    bridge.router.system_method(discover, DISCOVER)


def write_document(document: dict[str, Any], path: Path = OPENRPC_FILE) -> bool:
    """Write the document to `path` unless it holds that text already; True if written."""
    text = document_json(document)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def _binary(method: Method) -> bool:
    return method.takes_bytes or method.returns_bytes


def _own_doc(thing: Callable[..., Any] | type) -> str:
    """A docstring written on `thing` itself (a model would inherit BaseModel's)."""
    doc = thing.__dict__.get("__doc__") if isinstance(thing, type) else thing.__doc__
    return inspect.cleandoc(doc) if isinstance(doc, str) else ""


def write_app_document(path: Path = OPENRPC_FILE) -> None:
    """openrpc.json from the app as it is served, its title and the package's version."""
    from .. import __version__
    from ..deskwire.served import served_settings

    served = served_settings()
    if write_document(openrpc_document(served.bridge, served.title, __version__), path):
        print(f"openrpc.json: updated from the Python models ({path})", file=sys.stderr)


def main() -> None:
    """`python -m <package>.bridge.openrpc [PATH]`: write the document
    (to openrpc.json at the project's root unless PATH is given)."""
    write_app_document(Path(sys.argv[1]) if len(sys.argv) > 1 else OPENRPC_FILE)


if __name__ == "__main__":
    main()
