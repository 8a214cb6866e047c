# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""EXTRA_CSP_SOURCES in app.py: the sites the page may load from besides its
own reach the real server's Content-Security-Policy, and a source that would
open the policy up (a keyword, a wildcard, a second directive) is refused."""

from __future__ import annotations

import httpx
import pytest
from app_process import RunningApp, start_app_with

SEVERAL_COPIES = {"SINGLE_INSTANCE": "False"}


def policy_of(app: RunningApp) -> dict[str, str]:
    """The app's Content-Security-Policy, by directive."""
    response = httpx.get(app.base_url)
    header = response.headers["content-security-policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def test_extra_sources_are_added_to_their_directives() -> None:
    extra = '{"img-src": ("https://images.example.com",), "media-src": ("blob:",)}'
    app = start_app_with({**SEVERAL_COPIES, "EXTRA_CSP_SOURCES": extra}, "--port", "0")
    try:
        policy = policy_of(app)
    finally:
        app.stop()
    assert policy["img-src"] == "'self' data: blob: https://images.example.com"
    assert policy["media-src"] == "blob:"
    assert policy["default-src"] == "'none'" and policy["script-src"] == "'self'"


def test_without_extra_sources_the_policy_is_the_strict_one() -> None:
    app = start_app_with({**SEVERAL_COPIES, "EXTRA_CSP_SOURCES": "{}"}, "--port", "0")
    try:
        policy = policy_of(app)
    finally:
        app.stop()
    assert policy["img-src"] == "'self' data: blob:"
    assert "media-src" not in policy


@pytest.mark.parametrize(
    "extra",
    [
        '{"script-src": ("\'unsafe-inline\'",)}',
        '{"img-src": ("*",)}',
        '{"img-src": ("https://*.example.com",)}',
        '{"img-src": ("https:",)}',
        '{"img-src": ("https://a.example.com; script-src *",)}',
        '{"img-src": ("https://a.example.com https://b.example.com",)}',
        '{"img-src": "https://a.example.com"}',
        '{"default-src": ("https://a.example.com",)}',
        '{"frame-ancestors": ("https://a.example.com",)}',
    ],
)
def test_a_refused_source_exits_2(extra: str) -> None:
    app = start_app_with({"EXTRA_CSP_SOURCES": extra}, "--port", "0")
    assert app.wait() == 2
    lines = app.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: EXTRA_CSP_SOURCES in app.py "), lines
