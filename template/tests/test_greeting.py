"""The app's own method and event (app.py), in the real app, as the page uses
them. Grow this file with the app."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from app_process import RunningApp, start_app_headless
from bridge_client import BridgeClient
from conftest import serve

INVALID_PARAMS = -32602


@pytest.fixture
def app() -> Iterator[RunningApp]:
    yield from serve(start_app_headless)


def test_greet_answers_with_the_greeting_and_every_page_hears_it(
    app_url_pair: tuple[BridgeClient, BridgeClient],
) -> None:
    first, second = app_url_pair
    assert first.call("greet", {"name": "Ada"})["result"] == {"text": "Hello, Ada!"}
    for page in (first, second):
        [event] = page.events(1)
        assert event["method"] == "greeted"
        assert event["params"]["data"] == {"name": "Ada", "count": 1}
    first.call("settings.update", {"greeting": "Bonjour"})
    assert second.call("greet", {"name": "Grace"})["result"] == {"text": "Bonjour, Grace!"}


def test_greet_refuses_an_empty_name(client: BridgeClient) -> None:
    assert client.call("greet", {"name": ""})["error"]["code"] == INVALID_PARAMS
