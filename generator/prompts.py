"""Prompts in which a typed answer replaces the offered default.

Copier asks its questions through questionary, whose text prompt pre-fills the
default as editable text with the cursor after it: typing a package name
appended it to the derived one (`photo_sorter` + `mypkg`). While `deskwire new`
or `deskwire update` asks, each text prompt shows its default as a greyed
placeholder instead: Enter takes the default, and typing replaces it. The
default is validated and converted exactly as a typed answer would be.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from copier import _main as copier_main

PLACEHOLDER_STYLE = "fg:ansibrightblack"


def _with_placeholder(question: Mapping[str, Any]) -> dict[str, Any]:
    """`question` (a questionary prompt spec) with its default as a placeholder,
    when it is a one-line text prompt with a default to offer."""
    spec = dict(question)
    default = spec.get("default")
    if spec.get("type") != "input" or spec.get("multiline") or default in (None, ""):
        return spec
    offered = str(default)
    del spec["default"]
    spec["placeholder"] = [(PLACEHOLDER_STYLE, offered)]

    def or_default(text: str) -> str:
        return text if text else offered

    validate: Callable[[str], Any] | None = spec.get("validate")
    if validate is not None:
        spec["validate"] = lambda text: validate(or_default(text))
    convert: Callable[[str], Any] | None = spec.get("filter")
    spec["filter"] = (lambda text: convert(or_default(text))) if convert else or_default
    return spec


@contextmanager
def defaults_as_placeholders() -> Iterator[None]:
    """While inside, copier's prompts offer defaults as placeholders."""
    # Copier's module imports questionary's prompt function by name and
    # calls it once per question; swapping that name is the one hook it has.
    ask = copier_main.unsafe_prompt  # type: ignore[attr-defined]

    def ask_with_placeholders(
        questions: Iterable[Mapping[str, Any]], *args: Any, **kwargs: Any
    ) -> dict[str, Any]:
        return ask([_with_placeholder(question) for question in questions], *args, **kwargs)

    copier_main.unsafe_prompt = ask_with_placeholders  # type: ignore[attr-defined,assignment]
    try:
        yield
    finally:
        copier_main.unsafe_prompt = ask  # type: ignore[attr-defined]
