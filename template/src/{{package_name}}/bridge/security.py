# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""The security guard in front of every route (an ASGI middleware).

A local server is reachable by every web page the user visits (WebSockets
ignore CORS, and every loopback port is the same site), by DNS rebinding, and
by every program and user on this machine. Each request must prove where it
comes from and, for the bridge, that it belongs to this launch. In order:

1. Host must be 127.0.0.1:<port> or localhost:<port> (stops DNS rebinding): 421.
2. An Origin, when sent, must be exactly this server (scheme, host and port);
   WebSocket handshakes and state-changing requests must send one: 403.
3. The bridge (`/bridge/...`) answers only this page's own scripts: a browser's
   `Sec-Fetch-Site`, when sent, must be `same-origin` (an EventSource, image or
   form from another local server says `same-site`): 403. The page's files may
   be opened as a page from anywhere, but not embedded by another site: 403.
4. With the secret on, every bridge request carries the session token
   (credentials.py), except the one that trades the launch code for it: 401,
   or 403 for a WebSocket handshake (refused before it is accepted).
5. Every HTTP response carries a Content-Security-Policy that allows scripts
   only from this origin and connections only back to it, plus the sources
   the app adds (EXTRA_CSP_SOURCES in app.py, checked by `csp_source_problem`).

In dev mode (`--dev`) the frontend's dev server serves the page and forwards
the bridge's requests unchanged, so its Host and Origin are accepted too.

Cookies play no part: the HTTP protocol (http_protocol.py) drops them before
this code runs, so none is parsed and a cookie that another local page set for
127.0.0.1, malformed or huge, cannot lock the user out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .credentials import SESSION_PATH, Credentials, presented_token
from .plain_responses import TEXT, send_response
from .refusal_log import RefusalLog

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
BRIDGE_PREFIX = "/bridge/"

# The directives an app may add sources to. default-src stays 'none' and the
# rest (base-uri, form-action, frame-ancestors) stay closed.
EXTENSIBLE_DIRECTIVES = frozenset(
    {
        "script-src",
        "style-src",
        "img-src",
        "font-src",
        "connect-src",
        "media-src",
        "frame-src",
        "worker-src",
    }
)
# One host source: a scheme, a host with no wildcard, an optional port and
# path; or the `data:` and `blob:` schemes. Keywords ('unsafe-inline', ...),
# `*`, bare schemes (`https:` allows every site) and separators are refused.
_HOST_SOURCE = re.compile(r"(https|http|wss|ws)://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[^\s;,'\"*]*)?")
_SCHEME_SOURCES = frozenset({"data:", "blob:"})


def csp_source_problem(directive: str, source: object) -> str | None:
    """What is wrong with adding `source` to `directive`; None when nothing is."""
    if directive not in EXTENSIBLE_DIRECTIVES:
        known = ", ".join(sorted(EXTENSIBLE_DIRECTIVES))
        return f"has the directive {directive!r}; use one of {known}"
    if not isinstance(source, str):
        return f"has {source!r} for {directive}: a source is a string"
    if source in _SCHEME_SOURCES or _HOST_SOURCE.fullmatch(source):
        return None
    return (
        f"has {source!r} for {directive}: use a site such as 'https://example.com'"
        " (no keywords, wildcards, spaces or ';')"
    )


@dataclass
class SecurityPolicy:
    port: int
    # The per-launch secret; None when the project was generated without it.
    credentials: Credentials | None
    # Dev mode only: the port of the frontend's dev server, which serves the page.
    dev_port: int | None = None
    # Sources the app adds to the CSP, per directive (checked: csp_source_problem).
    extra_sources: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def allowed_hosts(self) -> frozenset[str]:
        ports = [self.port] if self.dev_port is None else [self.port, self.dev_port]
        return frozenset(f"{name}:{port}" for port in ports for name in ("127.0.0.1", "localhost"))

    @property
    def allowed_origins(self) -> frozenset[str]:
        return frozenset(f"http://{host}" for host in self.allowed_hosts)

    def page_url(self, base_url: str) -> str:
        """Where the page is served: here, or by the dev server in dev mode."""
        return base_url if self.dev_port is None else f"http://127.0.0.1:{self.dev_port}/"

    def launch_url(self, base_url: str) -> str:
        """The URL to open first; with the secret on, its one-time code lets
        the page obtain the session token."""
        page = self.page_url(base_url)
        return page if self.credentials is None else self.credentials.launch_url(page)

    def content_security_policy(self) -> str:
        sockets = " ".join(f"ws://{host}" for host in sorted(self.allowed_hosts))
        directives = {
            "default-src": "'none'",
            "script-src": "'self'",
            "style-src": "'self'",
            "img-src": "'self' data: blob:",
            "font-src": "'self'",
            "connect-src": f"'self' {sockets}",
            "base-uri": "'none'",
            "form-action": "'self'",
            "frame-ancestors": "'none'",
        }
        for directive, sources in self.extra_sources.items():
            added = " ".join(sources)
            own = directives.get(directive)
            directives[directive] = added if own is None else f"{own} {added}"
        return "; ".join(f"{name} {value}" for name, value in directives.items())


class GuardMiddleware:
    def __init__(self, app: ASGIApp, policy: SecurityPolicy) -> None:
        self.app = app
        self.policy = policy
        # Worked out once: the guard runs for every request and every call.
        self.allowed_hosts = policy.allowed_hosts
        self.allowed_origins = policy.allowed_origins
        self.security_headers = _security_headers(policy.content_security_policy())
        self.security_header_names = frozenset(name for name, _ in self.security_headers)
        self.refusal_log = RefusalLog()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope, Headers(scope=scope))
        if refusal is not None:
            status, reason = refusal
            if status == 401:
                self.refusal_log.refused()
            await refuse(scope, send, status, reason)
            return
        if scope["type"] == "http":
            send = self._with_security_headers(send)
        await self.app(scope, receive, send)

    def _refusal(self, scope: Scope, headers: Headers) -> tuple[int, str] | None:
        if headers.get("host") not in self.allowed_hosts:
            return 421, "unexpected Host header"
        websocket = scope["type"] == "websocket"
        origin = headers.get("origin")
        if origin is None and (websocket or scope["method"] not in SAFE_METHODS):
            return 403, "Origin missing"
        if origin is not None and origin not in self.allowed_origins:
            return 403, "Origin not allowed"
        site = headers.get("sec-fetch-site")
        bridge = scope["path"].startswith(BRIDGE_PREFIX)
        if bridge and site not in (None, "same-origin"):
            return 403, "the bridge answers this app's own page only"
        if not bridge and site in ("same-site", "cross-site") and not _is_navigation(headers):
            return 403, "another site may not embed this app's files"
        # Trading a launch code needs no token; asking whether a token is good does.
        trading_a_code = scope["path"] == SESSION_PATH and scope.get("method") == "POST"
        if bridge and not trading_a_code and not self._authenticated(headers):
            return 401, "no valid session token: open the URL the app printed at start"
        return None

    def _authenticated(self, headers: Headers) -> bool:
        credentials = self.policy.credentials
        return credentials is None or credentials.accepts(presented_token(headers))

    def _with_security_headers(self, send: Send) -> Send:
        security_headers, names = self.security_headers, self.security_header_names

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                # Ours replace any the app set under the same names.
                kept = [
                    (name, value)
                    for name, value in message.get("headers", ())
                    if name.lower() not in names
                ]
                message = {**message, "headers": kept + security_headers}
            await send(message)

        return send_with_headers


def _security_headers(content_security_policy: str) -> list[tuple[bytes, bytes]]:
    """The headers every HTTP response carries (point 5 above, and no MIME
    sniffing, no Referer, no cross-origin opener or reader)."""
    return [
        (b"content-security-policy", content_security_policy.encode("latin-1")),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"cross-origin-opener-policy", b"same-origin"),
        (b"cross-origin-resource-policy", b"same-origin"),
    ]


def _is_navigation(headers: Headers) -> bool:
    """A top-level page load (a link, the address bar), as opposed to a script,
    image, frame or fetch that embeds or reads the response."""
    return headers.get("sec-fetch-mode") == "navigate" and headers.get("sec-fetch-dest") in (
        "document",
        None,
    )


async def refuse(scope: Scope, send: Send, status: int, reason: str) -> None:
    """Refuse an HTTP request, or a WebSocket handshake before it is accepted."""
    if scope["type"] == "websocket":
        # Closing before accept makes the server answer the handshake with 403.
        await send({"type": "websocket.close", "code": 1008, "reason": reason})
        return
    challenge = [(b"www-authenticate", b'Bearer realm="bridge"')] if status == 401 else []
    await send_response(send, status, reason.encode(), TEXT, more_headers=challenge)
