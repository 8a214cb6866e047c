# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""The per-launch secret, and how a client proves it holds it.

It never travels as a cookie: a browser sends a cookie for 127.0.0.1 to every
server on 127.0.0.1, whatever its port (RFC 6265 section 8.5; SameSite counts
all loopback ports as one site), so every other local server the page or the
window visits would receive it. Instead:

1. The app opens its page at a launch URL whose fragment holds a one-time code,
   `http://127.0.0.1:PORT/#launch=CODE`. No server ever receives a fragment,
   and no Referer carries one.
2. The page trades the code for the session token, once per launch:
   `POST /bridge/session {"code": CODE}` answers `{"token": TOKEN}`. It keeps
   the token in sessionStorage (this origin and tab only; reloads keep it).
3. Every bridge request carries the token: `Authorization: Bearer TOKEN` over
   HTTP and, on the WebSocket handshake, where a page cannot set headers, the
   subprotocol `bridge.token.TOKEN` offered next to `bridge.v1`, which is the
   one the server selects (the token never comes back in a response).
4. A page that cannot connect asks `GET /bridge/session` with its token: 204
   means the token is good, 401 that it is not (or missing), no answer that
   the app is not running. The page tells its user which (bridge/trouble.ts).

Both values are 256-bit random strings, compared in constant time.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from . import jsontext
from .bodies import read_body

SESSION_PATH = "/bridge/session"
LAUNCH_FRAGMENT = "#launch="
BRIDGE_SUBPROTOCOL = "bridge.v1"
TOKEN_SUBPROTOCOL_PREFIX = "bridge.token."
# {"code": "<43 characters>"} with room to spare; anything bigger is not a code.
MAX_EXCHANGE_BYTES = 1024


def _random_secret() -> str:
    return secrets.token_urlsafe(32)  # 256 bits


@dataclass
class Credentials:
    """This launch's session token and the one-time code that obtains it."""

    token: str = field(default_factory=_random_secret, repr=False)
    launch_code: str = field(default_factory=_random_secret, repr=False)
    redeemed: bool = False
    # Codes for more windows of the page (each opens with one of its own).
    _window_codes: set[str] = field(default_factory=set, repr=False)

    def issue_code(self) -> str:
        """Another one-time code: a new window's page trades it for the token."""
        code = _random_secret()
        self._window_codes.add(code)
        return code

    def launch_url(self, page_url: str) -> str:
        """The page's URL with the one-time code in its fragment."""
        return f"{page_url}{LAUNCH_FRAGMENT}{self.launch_code}"

    def redeem(self, code: str) -> str | None:
        """The token for the launch code or an issued window code, the first time only."""
        if not self.redeemed and hmac.compare_digest(code.encode(), self.launch_code.encode()):
            self.redeemed = True
            return self.token
        for issued in list(self._window_codes):
            if hmac.compare_digest(code.encode(), issued.encode()):
                self._window_codes.discard(issued)
                return self.token
        return None

    def accepts(self, presented: str | None) -> bool:
        return presented is not None and hmac.compare_digest(
            presented.encode(), self.token.encode()
        )

    def values(self) -> tuple[str, str]:
        """What must never reach a log (see logs.py)."""
        return self.token, self.launch_code


def offered_subprotocols(headers: Headers) -> list[str]:
    offered = ",".join(headers.getlist("sec-websocket-protocol"))
    return [name.strip() for name in offered.split(",") if name.strip()]


def presented_token(headers: Headers) -> str | None:
    """The token a request carries: a bearer Authorization header, or (on a
    WebSocket handshake) a `bridge.token.` subprotocol."""
    authorization = headers.get("authorization")
    if authorization is not None:
        scheme, _, value = authorization.partition(" ")
        return value.strip() if scheme.lower() == "bearer" else None
    for name in offered_subprotocols(headers):
        if name.startswith(TOKEN_SUBPROTOCOL_PREFIX):
            return name.removeprefix(TOKEN_SUBPROTOCOL_PREFIX)
    return None


def selected_subprotocol(headers: Headers) -> str | None:
    """The subprotocol a WebSocket handshake is answered with: `bridge.v1` when
    the client offered it (a browser fails a connection whose offer got no
    answer), never the token."""
    return BRIDGE_SUBPROTOCOL if BRIDGE_SUBPROTOCOL in offered_subprotocols(headers) else None


def session_routes(credentials: Credentials) -> list[BaseRoute]:
    """`POST /bridge/session`: the launch code for the token. The security
    guard has checked Host, Origin and the fetch metadata before it runs."""

    async def exchange(request: Request) -> Response:
        body = await read_body(request, MAX_EXCHANGE_BYTES)
        code = _code_in(body)
        token = None if code is None else credentials.redeem(code)
        if token is None:
            return JSONResponse(
                {"error": "this launch code is invalid or was used already"}, status_code=403
            )
        return JSONResponse({"token": token}, headers={"cache-control": "no-store"})

    async def check(request: Request) -> Response:
        # The guard let this request in, so the token it carries is good.
        # A page that cannot connect asks, to tell "refused" from "not running".
        return Response(status_code=204, headers={"cache-control": "no-store"})

    return [
        Route(SESSION_PATH, exchange, methods=["POST"]),
        Route(SESSION_PATH, check, methods=["GET"]),
    ]


def _code_in(body: bytes | None) -> str | None:
    if body is None:
        return None
    try:
        message = jsontext.decode(body)
    except ValueError:
        return None
    code = message.get("code") if isinstance(message, dict) else None
    return code if isinstance(code, str) else None
