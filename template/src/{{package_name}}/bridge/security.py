"""The security guard in front of every route (an ASGI middleware).

A local server is reachable by every web page the user visits (WebSockets
ignore CORS) and by DNS rebinding, so each request must prove where it comes
from and that it belongs to this launch:

1. Host must be 127.0.0.1:<port> or localhost:<port> (stops DNS rebinding): 421;
2. WebSocket handshakes and state-changing requests need an Origin that is
   exactly this server (scheme, host and port); missing counts as wrong: 403;
3. with the secret on, every request carries the per-launch session cookie
   (256 bits, compared in constant time): 403. The page gets it by opening the
   one-time launch URL the app prints, which answers with an HttpOnly,
   SameSite=Strict cookie and a redirect that strips the code from the
   address bar;
   in dev mode (`--dev`) the frontend's dev server forwards the page's
   requests, so its Host and Origin are accepted too, and the launch URL
   redirects to it; the cookie (host-only, ports share it) then travels there;
4. every HTTP response carries a Content-Security-Policy that allows scripts
   only from this origin and connections only back to it.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LAUNCH_PARAM = "launch"
SESSION_COOKIE = "app_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class SecurityPolicy:
    port: int
    secure: bool
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    launch_code: str | None = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    # Dev mode only: the port of the frontend's dev server, which serves the page.
    dev_port: int | None = None

    @property
    def allowed_hosts(self) -> frozenset[str]:
        ports = [self.port] if self.dev_port is None else [self.port, self.dev_port]
        return frozenset(f"{name}:{port}" for port in ports for name in ("127.0.0.1", "localhost"))

    @property
    def page_url(self) -> str:
        """Where the launch URL sends the browser once the cookie is set."""
        return "/" if self.dev_port is None else f"http://127.0.0.1:{self.dev_port}/"

    @property
    def allowed_origins(self) -> frozenset[str]:
        return frozenset(f"http://{host}" for host in self.allowed_hosts)

    def launch_url(self, base_url: str) -> str:
        """The URL to open first; with the secret on, it works exactly once."""
        if not self.secure or self.launch_code is None:
            return base_url if self.dev_port is None else self.page_url
        return f"{base_url}?{LAUNCH_PARAM}={self.launch_code}"

    def redeem(self, code: str) -> bool:
        expected = self.launch_code
        if expected is None or not hmac.compare_digest(code.encode(), expected.encode()):
            return False
        self.launch_code = None  # one use only
        return True

    def has_session(self, cookie_header: str | None) -> bool:
        cookies: SimpleCookie = SimpleCookie()
        try:
            cookies.load(cookie_header or "")
        except Exception:
            return False
        morsel = cookies.get(SESSION_COOKIE)
        presented = morsel.value if morsel is not None else ""
        return hmac.compare_digest(presented.encode(), self.secret.encode())

    def content_security_policy(self) -> str:
        sockets = " ".join(f"ws://{host}" for host in sorted(self.allowed_hosts))
        return (
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            f"font-src 'self'; connect-src 'self' {sockets}; base-uri 'none'; "
            "form-action 'self'; frame-ancestors 'none'"
        )


class GuardMiddleware:
    def __init__(self, app: ASGIApp, policy: SecurityPolicy) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        launch = self._is_launch(scope)
        refusal = self._refusal(scope, headers, launch)
        if refusal is not None:
            status, reason = refusal
            await refuse(scope, send, status, reason)
            return
        if launch and self.policy.secure:
            await self._launch(scope, send)
            return
        if scope["type"] == "http":
            send = self._with_security_headers(send)
        await self.app(scope, receive, send)

    def _refusal(self, scope: Scope, headers: Headers, launch: bool) -> tuple[int, str] | None:
        policy = self.policy
        if headers.get("host") not in policy.allowed_hosts:
            return 421, "unexpected Host header"
        needs_origin = scope["type"] == "websocket" or scope["method"] not in SAFE_METHODS
        if needs_origin and headers.get("origin") not in policy.allowed_origins:
            return 403, "Origin not allowed"
        if policy.secure and not launch and not policy.has_session(headers.get("cookie")):
            return 403, "no valid session: open the URL the app printed at start"
        return None

    @staticmethod
    def _is_launch(scope: Scope) -> bool:
        return (
            scope["type"] == "http"
            and scope["path"] == "/"
            and f"{LAUNCH_PARAM}=".encode() in scope.get("query_string", b"")
        )

    async def _launch(self, scope: Scope, send: Send) -> None:
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        code = (query.get(LAUNCH_PARAM) or [""])[0]
        if not self.policy.redeem(code):
            await refuse(scope, send, 403, "this launch link is invalid or was used already")
            return
        cookie = f"{SESSION_COOKIE}={self.policy.secret}; Path=/; HttpOnly; SameSite=Strict"
        await send(
            {
                "type": "http.response.start",
                "status": 303,
                "headers": [
                    (b"location", self.policy.page_url.encode()),
                    (b"set-cookie", cookie.encode()),
                    (b"cache-control", b"no-store"),
                    (b"referrer-policy", b"no-referrer"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": b""})

    def _with_security_headers(self, send: Send) -> Send:
        csp = self.policy.content_security_policy()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["content-security-policy"] = csp
                headers["x-content-type-options"] = "nosniff"
                headers["referrer-policy"] = "no-referrer"
                headers["cross-origin-opener-policy"] = "same-origin"
                headers["cross-origin-resource-policy"] = "same-origin"
            await send(message)

        return send_with_headers


async def refuse(scope: Scope, send: Send, status: int, reason: str) -> None:
    """Refuse an HTTP request, or a WebSocket handshake before it is accepted."""
    if scope["type"] == "websocket":
        # Closing before accept makes the server answer the handshake with 403.
        await send({"type": "websocket.close", "code": 1008, "reason": reason})
        return
    body = reason.encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
