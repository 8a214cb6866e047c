"""The template's questions, read from copier.yml (the single source of truth).

The CLI builds its validation and the variant matrix from here, so a choice
added to copier.yml needs no change in Python.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from generator.template_source import copier_config

# The questions whose combinations make a "variant": they change which code is
# generated. Other answers (name, port, secure, ...) only fill in values.
VARIANT_AXES = ("transport", "frontend", "window")


@dataclass(frozen=True)
class Question:
    name: str
    help: str
    type: str
    default: Any
    choices: tuple[str, ...]
    computed: bool  # `when: false`: derived from other answers, never asked


@cache
def load_questions(config_path: Path | None = None) -> dict[str, Question]:
    path = config_path or copier_config()
    raw: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    questions: dict[str, Question] = {}
    for name, spec in raw.items():
        if name.startswith("_") or not isinstance(spec, dict):
            continue
        choices = spec.get("choices") or {}
        values = choices.values() if isinstance(choices, dict) else choices
        questions[name] = Question(
            name=name,
            help=" ".join(str(spec.get("help", "")).split()),
            type=str(spec.get("type", "str")),
            default=spec.get("default"),
            choices=tuple(str(value) for value in values),
            computed=spec.get("when") is False,
        )
    return questions


def choices(name: str) -> tuple[str, ...]:
    return load_questions()[name].choices


def variants() -> list[dict[str, str]]:
    """Every valid combination of the variant axes, in copier.yml order."""
    axes = [choices(axis) for axis in VARIANT_AXES]
    return [dict(zip(VARIANT_AXES, combo, strict=True)) for combo in itertools.product(*axes)]


def variant_id(variant: dict[str, str]) -> str:
    return "-".join(variant[axis] for axis in VARIANT_AXES)
