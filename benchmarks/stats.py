"""Percentiles and medians (nearest-rank, no numpy needed)."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence


def percentile(samples: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest sample with `fraction` of them at or below."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    finite = [value for value in values if not math.isnan(value)]
    return statistics.median(finite) if finite else math.nan


def summary_ms(seconds: Sequence[float]) -> dict[str, float]:
    """p50/p99/mean of durations given in seconds, in milliseconds."""
    millis = [value * 1000 for value in seconds]
    return {
        "p50_ms": percentile(millis, 0.50),
        "p99_ms": percentile(millis, 0.99),
        "mean_ms": statistics.fmean(millis) if millis else math.nan,
        "samples": float(len(millis)),
    }
