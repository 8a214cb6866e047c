# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""Typed calls: register handlers with `@bridge.method`, dispatch JSON-RPC 2.0.

A handler is `async def name(params: ParamsModel) -> ResultModel` with pydantic
models; the params model validates what arrives, the result model shapes what
leaves. The same annotations feed the generated TypeScript types.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, get_args, get_origin, get_type_hints

from pydantic import BaseModel, ValidationError

from . import jsontext
from .batch import submit_batch
from .errors import (
    INTERNAL_ERROR,
    INVALID_PARAMS,
    INVALID_REQUEST,
    METHOD_NOT_FOUND,
    PARSE_ERROR,
    RpcError,
    answerable_id,
    error_response,
)
from .framing import decode_frame
from .ledger import CallLedger
from .limits import Limits
from .replies import Deliver, Reply, Running

logger = logging.getLogger(__name__)

DEFAULT_MAX_BATCH_REQUESTS = Limits().max_batch_requests

F = TypeVar("F", bound=Callable[..., Awaitable[Any]])


R = TypeVar("R", bound=BaseModel)


@dataclass(frozen=True)
class WithBytes(Generic[R]):
    """A result that also sends bytes to the page (a binary frame or response)."""

    result: R
    data: bytes


@dataclass(frozen=True)
class Method:
    name: str
    handler: Callable[..., Awaitable[Any]]
    params: type[BaseModel]
    result: type[BaseModel] | None
    takes_bytes: bool  # a second parameter `data: bytes`: called with a binary message
    returns_bytes: bool  # returns WithBytes[Model]: answered with a binary message
    errors: tuple[type[RpcError], ...] = ()  # typed errors it declares (openrpc.py)


# JSON-RPC 2.0 reserves method names starting "rpc." for system extensions
# (OpenRPC's rpc.discover, openrpc.py): no handler of the app's may take one.
SYSTEM_PREFIX = "rpc."


class Router:
    """The methods the page may call."""

    def __init__(self, ledger: CallLedger[Reply]) -> None:
        self.methods: dict[str, Method] = {}
        # The "rpc." extensions: answered like any method, but no part of the
        # app's protocol (not in the page's types, nor in its OpenRPC methods).
        self.system_methods: dict[str, Method] = {}
        self.ledger = ledger

    def method(
        self, handler: F, name: str | None = None, errors: Sequence[type[RpcError]] = ()
    ) -> F:
        """Register `handler` under `name`, by default its function name.

        Its shape: `async def name(params: Model) -> Model | None`, optionally with
        a second parameter `data: bytes` (the page sends a file or buffer) and/or
        returning `WithBytes[Model]` (Python sends bytes back). `errors` are the
        typed errors (RpcError subclasses with a CODE) it may raise.
        """
        name = name or handler.__name__
        if name.startswith(SYSTEM_PREFIX):
            raise ValueError(
                f"handler {name!r}: method names starting with {SYSTEM_PREFIX!r} are"
                " reserved by JSON-RPC 2.0 for system extensions; choose another name"
            )
        self.methods[name] = self._checked(handler, name, errors)
        return handler

    def system_method(self, handler: F, name: str) -> F:
        """Register a JSON-RPC system extension (`name` starts with "rpc.")."""
        if not name.startswith(SYSTEM_PREFIX):
            raise ValueError(f"a system method's name starts with {SYSTEM_PREFIX!r}: {name!r}")
        self.system_methods[name] = self._checked(handler, name)
        return handler

    def _checked(
        self,
        handler: Callable[..., Awaitable[Any]],
        name: str,
        errors: Sequence[type[RpcError]] = (),
    ) -> Method:
        """`handler` as a Method, once its shape is checked and `name` is free."""
        for error in errors:
            if not (isinstance(error, type) and issubclass(error, RpcError)) or error.CODE is None:
                raise TypeError(
                    f"handler {name!r}: a declared error is an RpcError subclass with a CODE,"
                    f" not {error!r}"
                )
        is_async = inspect.iscoroutinefunction(handler)  # a variable: keep F un-narrowed
        if not is_async:
            raise TypeError(f"handler {name!r} must be `async def`")
        hints = get_type_hints(handler)
        parameters = list(inspect.signature(handler).parameters)
        takes_bytes = len(parameters) == 2 and hints.get(parameters[1]) is bytes
        if len(parameters) not in (1, 2) or not _is_model(hints.get(parameters[0])):
            raise TypeError(f"handler {name!r} must take one pydantic model parameter")
        if len(parameters) == 2 and not takes_bytes:
            raise TypeError(f"handler {name!r}: a second parameter must be `data: bytes`")
        result = hints.get("return")
        returns_bytes = get_origin(result) is WithBytes
        if returns_bytes:
            result = get_args(result)[0]
        if result is type(None):
            result = None
        elif not _is_model(result):
            raise TypeError(f"handler {name!r} must return a pydantic model or None")
        if name in self.methods or name in self.system_methods:
            raise ValueError(f"a handler named {name!r} is already registered")
        return Method(
            name, handler, hints[parameters[0]], result, takes_bytes, returns_bytes, tuple(errors)
        )

    def submit_text(
        self,
        raw: str | bytes,
        client: str | None,
        deliver: Deliver,
        max_batch_requests: int = DEFAULT_MAX_BATCH_REQUESTS,
    ) -> Reply | Running | None:
        """Start answering one JSON-RPC text message: a request, a notification
        or a batch of them (see `submit` and batch.py)."""
        try:
            message = jsontext.decode(raw)
        except jsontext.NestedTooDeeply:
            error = RpcError(PARSE_ERROR, "the message is nested too deeply to parse")
            return Reply.of(error_response(None, error))
        except ValueError:
            error = RpcError(PARSE_ERROR, "the message is not valid JSON")
            return Reply.of(error_response(None, error))
        if isinstance(message, list):

            def submit_one(member: Any, answer: Deliver) -> Reply | Running | None:
                return self.submit(member, None, client, answer)

            return submit_batch(message, submit_one, deliver, max_batch_requests)
        return self.submit(message, None, client, deliver)

    def submit_binary(
        self, frame: bytes, client: str | None, deliver: Deliver
    ) -> Reply | Running | None:
        """Start answering one binary message (header + bytes; see framing.py)."""
        try:
            header, payload = decode_frame(frame)
        except RpcError as error:
            return Reply.of(error_response(None, error))
        return self.submit(header, payload, client, deliver)

    def submit(
        self, message: Any, payload: bytes | None, client: str | None, deliver: Deliver
    ) -> Reply | Running | None:
        """Start answering one request without waiting for its handler.

        The reply comes back at once when there is one already: the error of a
        request refused before any handler runs (invalid, unknown method,
        busy), or the kept answer of a call re-sent after a dropped connection.
        Otherwise the handler runs, and `deliver` gets its reply (None for a
        notification or a run that failed) in the run's own last step: no task
        switch between the answer and the transport. `payload` is None for a
        text message. Calls of a named `client` run once per id, detached from
        the connection that brought them (see ledger.py). A notification is
        never answered, not even with an error: None when it runs nothing."""
        request_id = answerable_id(message)
        try:
            method, params = self._parse(message)
            if method.takes_bytes and payload is None:
                raise RpcError(INVALID_REQUEST, f"{method.name!r} takes bytes: send it binary")
            if method.returns_bytes and payload is None:
                raise RpcError(INVALID_REQUEST, "this method answers with bytes: call it binary")
            args = (params, payload) if method.takes_bytes else (params,)
            if client is None or request_id is None:
                run = asyncio.ensure_future(self._run_once(method, args, request_id, deliver))
                return Running(run, detached=False)
            started = self.ledger.start(
                (client, request_id), lambda: self._run(method, args, request_id), deliver
            )
        except RpcError as error:
            return None if is_notification(message) else Reply.of(error_response(request_id, error))
        except Exception:
            # A request no rule above foresaw must still get a typed answer,
            # never end the connection that carried it.
            incident = uuid.uuid4().hex[:12]
            logger.exception("a request could not be read (incident %s)", incident)
            unread = RpcError(
                INTERNAL_ERROR, "the request could not be read", {"incident": incident}
            )
            answer = Reply.of(error_response(request_id, unread))
            return None if is_notification(message) else answer
        return Running(started, detached=True) if isinstance(started, asyncio.Future) else started

    async def dispatch(
        self,
        raw: str | bytes,
        client: str | None = None,
        max_batch_requests: int = DEFAULT_MAX_BATCH_REQUESTS,
    ) -> Reply | None:
        """Answer one JSON-RPC text message (a batch too); None when it gets no answer."""
        return await settle(
            lambda deliver: self.submit_text(raw, client, deliver, max_batch_requests)
        )

    async def dispatch_binary(self, frame: bytes, client: str | None = None) -> Reply | None:
        """Answer one binary message; None for a notification."""
        return await settle(lambda deliver: self.submit_binary(frame, client, deliver))

    async def _run_once(
        self, method: Method, args: tuple[Any, ...], request_id: Any, deliver: Deliver
    ) -> None:
        """A call outside the ledger (no client id), or a notification."""
        reply: Reply | None = None
        try:
            reply = await self._run(method, args, request_id)
        finally:
            deliver(None if request_id is None else reply)

    async def _run(self, method: Method, args: tuple[Any, ...], request_id: Any) -> Reply:
        try:
            outcome = await self._call(method, args)
        except RpcError as error:
            return Reply.of(error_response(request_id, error))
        data: bytes | None = None
        if isinstance(outcome, WithBytes):
            outcome, data = outcome.result, outcome.data
        wire = outcome.model_dump_json() if isinstance(outcome, BaseModel) else "null"
        return Reply(jsontext.result(request_id, wire), data)

    def _parse(self, message: Any) -> tuple[Method, BaseModel]:
        if not isinstance(message, dict):
            raise RpcError(INVALID_REQUEST, "expected one JSON-RPC request object")
        if message.get("jsonrpc") != "2.0" or not isinstance(message.get("method"), str):
            raise RpcError(INVALID_REQUEST, 'a request needs "jsonrpc": "2.0" and a "method"')
        request_id = message.get("id")
        if request_id is not None and not isinstance(request_id, (int, str)):
            raise RpcError(INVALID_REQUEST, "the id must be a number or a string")
        method = self.methods.get(message["method"]) or self.system_methods.get(message["method"])
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

    async def _call(self, method: Method, args: tuple[Any, ...]) -> Any:
        try:
            return await method.handler(*args)
        except RpcError:
            raise
        except Exception:
            # The traceback stays in the log; the client gets an id to quote.
            incident = uuid.uuid4().hex[:12]
            logger.exception("handler %r failed (incident %s)", method.name, incident)
            raise RpcError(
                INTERNAL_ERROR, f"{method.name!r} failed", {"incident": incident}
            ) from None


async def settle(submit: Callable[[Deliver], Reply | Running | None]) -> Reply | None:
    """Submit a request and wait for its reply (None for a notification).
    Cancelling the waiter cancels the handler unless its run is detached."""
    answered: asyncio.Future[Reply | None] = asyncio.get_running_loop().create_future()

    def deliver(reply: Reply | None) -> None:
        if not answered.done():
            answered.set_result(reply)

    outcome = submit(deliver)
    if outcome is None or isinstance(outcome, Reply):
        return outcome
    try:
        return await answered
    except asyncio.CancelledError:
        if not outcome.detached:
            outcome.run.cancel()
        raise


def is_notification(message: Any) -> bool:
    """A request with no "id" member: JSON-RPC 2.0 says never to answer it."""
    return (
        isinstance(message, dict)
        and "id" not in message
        and message.get("jsonrpc") == "2.0"
        and isinstance(message.get("method"), str)
    )


def peek_request_id(raw: str | bytes) -> Any:
    """The id of a JSON request that will not reach a handler (refused as busy
    or too large), so its error can name the call; None if there is none."""
    try:
        message = jsontext.decode(raw)
    except ValueError:
        return None
    return answerable_id(message)


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)
