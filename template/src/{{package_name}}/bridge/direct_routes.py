# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""The bridge's busiest paths, answered by bare ASGI apps in front of Starlette.

Every WebSocket message and every SSE call passes through one of these paths.
Starlette's router, its two exception layers and its `WebSocket`/`Request`
wrappers add a coroutine or a state check per message that the bridge does not
need: its handlers answer every failure themselves, as a typed JSON-RPC error.
So a transport may hand `create_app` a `DirectRoute`, and the app dispatches
that exact path to it before Starlette sees the request.

Nothing is skipped that protects the app: the security guard wraps this
dispatcher, so Host, Origin, Sec-Fetch-Site and the session token are checked
before any direct route runs, and HTTP responses still get the guard's headers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from starlette.datastructures import URLPath
from starlette.routing import BaseRoute, Match, NoMatchFound
from starlette.types import ASGIApp, Receive, Scope, Send

from .plain_responses import TEXT, send_response


class DirectRoute(BaseRoute):
    """`path`, exactly, for one kind of connection ("http" or "websocket"),
    answered by `app`. HTTP requests with another method get 405 here.

    It is a Starlette route too, so it also works inside a Starlette router
    (through its layers, which `create_app` spares it)."""

    def __init__(
        self, path: str, app: ASGIApp, kind: str, methods: Sequence[str] = ("POST",)
    ) -> None:
        if kind not in ("http", "websocket"):
            raise ValueError(f"a direct route serves 'http' or 'websocket', not {kind!r}")
        self.path = path
        self.app = app
        self.kind = kind
        self.methods = frozenset(methods) if kind == "http" else frozenset()

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == self.kind and scope["path"] == self.path:
            return Match.FULL, {}
        return Match.NONE, {}

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        raise NoMatchFound(name, path_params)  # unnamed: the page knows its paths

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.kind == "http" and scope["method"] not in self.methods:
            await _method_not_allowed(send, self.methods)
            return
        await self.app(scope, receive, send)


class DirectPaths:
    """ASGI: the direct routes by path, everything else to `app` (Starlette)."""

    def __init__(self, app: ASGIApp, routes: Iterable[DirectRoute]) -> None:
        self.app = app
        self.routes = {(route.kind, route.path): route for route in routes}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        route = self.routes.get((scope["type"], scope.get("path", "")))
        if route is None:
            await self.app(scope, receive, send)
        else:
            await route.handle(scope, receive, send)


def split_routes(routes: Sequence[BaseRoute]) -> tuple[list[DirectRoute], list[BaseRoute]]:
    """The direct routes, and the rest (for Starlette)."""
    direct = [route for route in routes if isinstance(route, DirectRoute)]
    return direct, [route for route in routes if not isinstance(route, DirectRoute)]


async def _method_not_allowed(send: Send, methods: frozenset[str]) -> None:
    allow = ", ".join(sorted(methods)).encode()
    await send_response(send, 405, b"Method Not Allowed", TEXT, more_headers=[(b"allow", allow)])
