"""Typed calls: register handlers with `@bridge.method`, dispatch JSON-RPC 2.0.

A handler is `async def name(params: ParamsModel) -> ResultModel` with pydantic
models; the params model validates what arrives, the result model shapes what
leaves. The same annotations feed the generated TypeScript types.
"""

from __future__ import annotations

import inspect
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar, get_type_hints

from pydantic import BaseModel, ValidationError

from .errors import (
    INTERNAL_ERROR,
    INVALID_PARAMS,
    INVALID_REQUEST,
    METHOD_NOT_FOUND,
    PARSE_ERROR,
    RpcError,
    error_response,
)

logger = logging.getLogger(__name__)

Handler = Callable[[Any], Awaitable[BaseModel | None]]
F = TypeVar("F", bound=Callable[..., Awaitable[Any]])


@dataclass(frozen=True)
class Method:
    name: str
    handler: Handler
    params: type[BaseModel]
    result: type[BaseModel] | None


class Router:
    """The methods the page may call."""

    def __init__(self) -> None:
        self.methods: dict[str, Method] = {}

    def method(self, handler: F) -> F:
        """Register `handler` under its function name."""
        name = handler.__name__
        is_async = inspect.iscoroutinefunction(handler)  # a variable: keep F un-narrowed
        if not is_async:
            raise TypeError(f"handler {name!r} must be `async def`")
        hints = get_type_hints(handler)
        parameters = list(inspect.signature(handler).parameters)
        if len(parameters) != 1 or not _is_model(hints.get(parameters[0])):
            raise TypeError(f"handler {name!r} must take one pydantic model parameter")
        result = hints.get("return")
        if result is type(None):
            result = None
        elif not _is_model(result):
            raise TypeError(f"handler {name!r} must return a pydantic model or None")
        if name in self.methods:
            raise ValueError(f"a handler named {name!r} is already registered")
        self.methods[name] = Method(name, handler, hints[parameters[0]], result)
        return handler

    async def dispatch(self, raw: str | bytes) -> dict[str, Any] | None:
        """Answer one JSON-RPC message; None for a notification (no id)."""
        try:
            message = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            return error_response(None, RpcError(PARSE_ERROR, "the message is not valid JSON"))
        request_id = message.get("id") if isinstance(message, dict) else None
        try:
            method, params = self._parse(message)
            result = await self._call(method, params)
        except RpcError as error:
            return error_response(request_id, error)
        if request_id is None:
            return None
        wire = result.model_dump(mode="json") if result is not None else None
        return {"jsonrpc": "2.0", "id": request_id, "result": wire}

    def _parse(self, message: Any) -> tuple[Method, BaseModel]:
        if not isinstance(message, dict):
            raise RpcError(INVALID_REQUEST, "expected one JSON-RPC request object")
        if message.get("jsonrpc") != "2.0" or not isinstance(message.get("method"), str):
            raise RpcError(INVALID_REQUEST, 'a request needs "jsonrpc": "2.0" and a "method"')
        request_id = message.get("id")
        if request_id is not None and not isinstance(request_id, (int, str)):
            raise RpcError(INVALID_REQUEST, "the id must be a number or a string")
        method = self.methods.get(message["method"])
        if method is None:
            raise RpcError(
                METHOD_NOT_FOUND, f"no method {message['method']!r}", {"method": message["method"]}
            )
        try:
            params = method.params.model_validate(message.get("params") or {})
        except ValidationError as error:
            fields = [
                {"loc": list(item["loc"]), "msg": item["msg"], "type": item["type"]}
                for item in error.errors(include_url=False, include_input=False)
            ]
            raise RpcError(INVALID_PARAMS, f"invalid params for {method.name!r}", fields) from None
        return method, params

    async def _call(self, method: Method, params: BaseModel) -> BaseModel | None:
        try:
            return await method.handler(params)
        except RpcError:
            raise
        except Exception:
            # The traceback stays in the log; the client gets an id to quote.
            incident = uuid.uuid4().hex[:12]
            logger.exception("handler %r failed (incident %s)", method.name, incident)
            raise RpcError(
                INTERNAL_ERROR, f"{method.name!r} failed", {"incident": incident}
            ) from None


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)
