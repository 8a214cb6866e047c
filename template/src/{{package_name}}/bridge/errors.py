# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""Typed errors on the wire: JSON-RPC 2.0 error objects (code, message, data).

Codes -32768..-32000 are JSON-RPC's; -32000..-32099 are "server errors" that
this bridge uses for its own limits. Raise `RpcError` (or a subclass) in a
handler to send a typed error of your own; any other exception becomes
INTERNAL_ERROR with no traceback on the wire (the log has it).
"""

from __future__ import annotations

from typing import Any, ClassVar

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
INTERNAL_ERROR = -32603
MESSAGE_TOO_LARGE = -32000
BUSY = -32001


class RpcError(Exception):
    """An error the client receives as {"code", "message", "data"}.

    A subclass with a CODE and a SUMMARY can be declared on the methods that
    raise it (`errors=` when registering, or `@bridge.method_raising`): the
    OpenRPC document (openrpc.py) lists it among those methods' errors.
    """

    CODE: ClassVar[int | None] = None
    SUMMARY: ClassVar[str] = ""

    def __init__(self, code: int, message: str, data: Any = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.data = data

    def to_wire(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.data is not None:
            error["data"] = self.data
        return error


def error_response(request_id: Any, error: RpcError) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": request_id, "error": error.to_wire()}


def answerable_id(message: Any) -> int | str | None:
    """The id an answer to `message` names: its id if that is a number or a
    string, else null (JSON-RPC 2.0's answer when the id is missing or is a
    value no request may use; never echo an arbitrary value back)."""
    request_id = message.get("id") if isinstance(message, dict) else None
    return request_id if isinstance(request_id, (int, str)) else None
