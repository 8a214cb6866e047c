"""Driving the demo page as a person would, and checking what it shows:
the same ids and texts in every frontend (vanilla, Angular, React)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from playwright.sync_api import Page, expect


def typed_call_answers(page: Page) -> None:
    page.fill("#add-a", "40")
    page.fill("#add-b", "2.5")
    page.click("#add")
    expect(page.locator("#sum")).to_have_text("42.5")


def events_arrive_in_order(page: Page, count: int, already: int = 0) -> None:
    """Python pushes `count` events; the page has `already` + `count`, in order."""
    page.fill("#count-total", str(count))
    page.click("#count")
    expect(page.locator("#event-count")).to_have_text(str(already + count), timeout=30_000)
    expect(page.locator("#events-in-order")).to_have_text("yes")


def typed_error_shows(page: Page) -> None:
    page.click("#divide-by-zero")
    expect(page.locator("#error")).to_have_text("error -32603: 'divide' failed")


def files_move_both_ways_intact(
    page: Page, tmp_path: Path, upload_bytes: int, download_bytes: int
) -> None:
    # Up: a file picked in the page; Python answers with what it received.
    sent = os.urandom(upload_bytes)
    page.set_input_files(
        "#upload-file",
        files=[{"name": "sample.bin", "mimeType": "application/octet-stream", "buffer": sent}],
    )
    page.click("#upload")
    expected = f"sample.bin: {len(sent)} bytes, sha256 {hashlib.sha256(sent).hexdigest()}"
    expect(page.locator("#upload-result")).to_have_text(expected, timeout=30_000)

    # Down: Python generates a file and sends its hash along; the page
    # hashes what arrived (crypto.subtle), then the browser saves it.
    page.fill("#download-size", str(download_bytes))
    page.click("#download")
    expect(page.locator("#download-check")).to_have_text("intact", timeout=30_000)
    with page.expect_download() as download:
        page.click("#download-save")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    received = saved.read_bytes()
    assert len(received) == download_bytes
    digest = hashlib.sha256(received).hexdigest()
    expect(page.locator("#download-result")).to_contain_text(
        f"{download_bytes} bytes, sha256 {digest}"
    )


def settings_change_shows(page: Page, greeting: str) -> None:
    """A setting saved from the page comes back as the change event shows it."""
    page.fill("#greeting-input", greeting)
    page.click("#save-greeting")
    expect(page.locator("#greeting")).to_have_text(greeting)


def greeting_shows(page: Page, greeting: str) -> None:
    """The greeting the settings hold, as the page shows it."""
    expect(page.locator("#greeting")).to_have_text(greeting)


def native_dialogs_are_unsupported_here(page: Page) -> None:
    """Without a native window the page hears so, in a typed way, and says what works."""
    page.click("#open-file")
    expect(page.locator("#open-result")).to_have_text("no native window: use Send to Python")
