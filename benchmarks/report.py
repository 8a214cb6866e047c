"""Write the results: results.json (everything), results.md (the table, the
machine, the method) and results.png (each figure relative to the raw floor)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display: write files only
import matplotlib.pyplot as plt

from .figures import KIND_LABELS, KINDS, Figure

Values = dict[str, float]  # kind -> median over rounds


@dataclass(frozen=True)
class Check:
    figure: str
    target: str
    value: float
    holds: bool


def _better(figure: Figure, a: float, b: float) -> bool:
    return a < b if figure.lower_is_better else a > b


def _present(value: float | None) -> bool:
    return value is not None and not math.isnan(value)


def checks(figure: Figure, values: Values) -> list[Check]:
    ws, sse, raw, eel = (values.get(kind) for kind in KINDS)
    found: list[Check] = []
    if figure.ws_vs_raw is not None and _present(ws) and _present(raw):
        assert ws is not None and raw is not None
        ratio, bound = ws / raw, figure.ws_vs_raw
        sign = "≤" if figure.lower_is_better else "≥"
        holds = ratio <= bound if figure.lower_is_better else ratio >= bound
        found.append(Check(figure.key, f"WS/raw {sign} {bound}", ratio, holds))
    if figure.sse_vs_ws is not None and _present(sse) and _present(ws):
        assert sse is not None and ws is not None
        ratio, bound = sse / ws, figure.sse_vs_ws
        sign = "≤" if figure.lower_is_better else "≥"
        holds = ratio <= bound if figure.lower_is_better else ratio >= bound
        found.append(Check(figure.key, f"SSE/WS {sign} {bound}", ratio, holds))
    if figure.at_most is not None:
        for kind, value in (("WS", ws), ("SSE", sse)):
            if _present(value):
                assert value is not None
                limit = figure.at_most
                found.append(
                    Check(figure.key, f"{kind} ≤ {limit:g} {figure.unit}", value, value <= limit)
                )
    if _present(eel):
        assert eel is not None
        for kind, value in (("WS", ws), ("SSE", sse)):
            if _present(value):
                assert value is not None
                found.append(
                    Check(figure.key, f"{kind} beats Eel", value / eel, _better(figure, value, eel))
                )
    return found


def fmt(value: float | None) -> str:
    if value is None or math.isnan(value):
        return "—"
    magnitude = abs(value)
    if magnitude >= 1000:
        return f"{value:,.0f}"
    if magnitude >= 100:
        return f"{value:.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def ratios(values: Values) -> str:
    ws, sse, raw, eel = (values.get(kind) for kind in KINDS)
    parts = []
    for name, top, bottom in (
        ("WS/raw", ws, raw),
        ("SSE/WS", sse, ws),
        ("WS/Eel", ws, eel),
        ("SSE/Eel", sse, eel),
    ):
        if _present(top) and _present(bottom) and bottom:
            assert top is not None and bottom is not None
            parts.append(f"{name} {top / bottom:.2f}")
    return "; ".join(parts)


def cell(figure: Figure, values: Values, kind: str) -> str:
    if kind in figure.not_applicable:
        return "n/a"
    value = values.get(kind)
    return "—" if value is None else f"{fmt(value)}"


def table(figures: list[Figure], results: dict[str, Values]) -> str:
    head = ["figure", *(KIND_LABELS[kind] for kind in KINDS), "ratio(s)", "target", "holds?"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for figure in figures:
        values = results.get(figure.key, {})
        found = checks(figure, values)
        targets = "; ".join(check.target for check in found) or "—"
        holds = "; ".join(("yes" if check.holds else "**no**") for check in found) or "—"
        label = figure.label if figure.unit in figure.label else f"{figure.label} ({figure.unit})"
        row = [label, *(cell(figure, values, k) for k in KINDS)]
        row += [ratios(values) or "—", targets, holds]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def relative_to_floor(figure: Figure, value: float, raw: float) -> float:
    """How the value compares with the raw floor, as a speed: > 1 is better."""
    return raw / value if figure.lower_is_better else value / raw


def plot(figures: list[Figure], results: dict[str, Values], path: Path, subtitle: str) -> None:
    shown = [f for f in figures if _present(results.get(f.key, {}).get("raw"))]
    kinds = [kind for kind in KINDS if kind != "raw"]
    colors = {"ws": "#2b6cb0", "sse": "#38a169", "eel": "#dd6b20"}
    height = 0.26
    fig, axis = plt.subplots(figsize=(12, 0.55 * len(shown) + 2.2))
    labeled: set[str] = set()
    for row, figure in enumerate(shown):
        values = results[figure.key]
        for offset, kind in enumerate(kinds):
            value = values.get(kind)
            if value is None or not _present(value) or kind in figure.not_applicable:
                continue
            label = None if kind in labeled else KIND_LABELS[kind]
            labeled.add(kind)
            speed = relative_to_floor(figure, value, values["raw"])
            axis.barh(row + (offset - 1) * height, speed, height, color=colors[kind], label=label)
        if figure.ws_vs_raw is not None:
            goal = 1 / figure.ws_vs_raw if figure.lower_is_better else figure.ws_vs_raw
            axis.plot(
                [goal, goal],
                [row - 1.6 * height, row - 0.4 * height],
                color="#c53030",
                linewidth=2.5,
            )
    axis.plot([], [], color="#c53030", linewidth=2.5, label="WS target")
    axis.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    axis.axvline(1.0, color="black", linewidth=1, linestyle="--")
    axis.set_xscale("log")
    axis.set_yticks(range(len(shown)))
    axis.set_yticklabels([f.label for f in shown], fontsize=8)
    axis.invert_yaxis()
    axis.set_xlabel(
        "relative to the raw websockets floor, same run (> 1 = better than the floor; log scale)"
    )
    axis.set_title(f"deskwire benchmarks\n{subtitle}", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def markdown(
    figures: list[Figure],
    results: dict[str, Values],
    machine: dict[str, str],
    notes: list[str],
    command: str,
    elapsed: float,
) -> str:
    machine_lines = "\n".join(f"- {name}: {value}" for name, value in machine.items())
    not_applicable = {
        f"{KIND_LABELS[kind]}, {figure.label}: {reason}"
        for figure in figures
        for kind, reason in figure.not_applicable.items()
    }
    na_lines = "\n".join(f"- {line}" for line in sorted(not_applicable))
    note_lines = "\n".join(f"- {note}" for note in notes)
    return f"""# deskwire benchmark results

{table(figures, results)}

Each value is the median over the run's interleaved rounds. Ratios compare
figures from this same run; absolute numbers depend on the machine and on
what else it was doing. `—`: no target or no value; `n/a`: no equivalent.

![relative to the raw floor](results.png)

## Machine

{machine_lines}
- wall time of the run: {elapsed:.0f} s

## Not applicable

{na_lines}

## Notes

{note_lines}

## Reproduce

```sh
{command}
```
"""


def write(
    out: Path,
    figures: list[Figure],
    rounds: dict[str, dict[str, list[float]]],
    machine: dict[str, str],
    workloads: dict[str, Any],
    notes: list[str],
    command: str,
    elapsed: float,
) -> dict[str, Values]:
    from .stats import median

    out.mkdir(parents=True, exist_ok=True)
    results = {
        key: {kind: median(v) for kind, v in per_kind.items()} for key, per_kind in rounds.items()
    }
    all_checks = [
        check for figure in figures for check in checks(figure, results.get(figure.key, {}))
    ]
    payload = {
        "machine": machine,
        "workloads": workloads,
        "elapsed_seconds": elapsed,
        "figures": {
            figure.key: {
                "label": figure.label,
                "unit": figure.unit,
                "better": figure.better,
                "median": results.get(figure.key, {}),
                "rounds": rounds.get(figure.key, {}),
                "not_applicable": figure.not_applicable,
            }
            for figure in figures
        },
        "checks": [check.__dict__ for check in all_checks],
        "notes": notes,
    }
    (out / "results.json").write_text(json.dumps(payload, indent=2, default=float) + "\n")
    (out / "results.md").write_text(markdown(figures, results, machine, notes, command, elapsed))
    subtitle = f"{machine['cpu']}, {machine['cores']} cores, {machine['date']}"
    plot(figures, results, out / "results.png", subtitle)
    return results


README_START = "<!-- results:start -->"
README_END = "<!-- results:end -->"


def update_readme(readme: Path, results_md: Path) -> None:
    """Show the latest full results in the README (between its markers)."""
    text = readme.read_text()
    if README_START not in text or README_END not in text:
        return
    body = results_md.read_text().split("\n", 1)[1].strip()  # without the title
    body = body.replace("](results.png)", "](results/results.png)").replace("\n## ", "\n### ")
    head, rest = text.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    readme.write_text(f"{head}{README_START}\n{body}\n{README_END}{tail}")
