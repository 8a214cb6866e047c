"""The figures the harness reports, their units, which way is better, and the
targets set for them (issue 6, tightened by issue 15). Targets are ratios to
the raw floor or to the WebSocket transport measured in the same run, except
the catch-up time, which is absolute; every figure Eel has is also checked
against Eel's."""

from __future__ import annotations

from dataclasses import dataclass, field

KIND_LABELS = {"ws": "deskwire WS", "sse": "deskwire SSE", "raw": "raw floor", "eel": "Eel"}
KINDS = tuple(KIND_LABELS)

EEL_NO_BINARY = "Eel's protocol is JSON only (bytes would travel base64 inside JSON)"
EEL_NO_RESUME = "Eel keeps no event log: a page that reconnects cannot get what it missed"
RAW_NO_HELPER = "no client-side reconnection helper to compare with"
WINDOW_WS_ONLY = "measured for the default project (WebSocket) only, to keep the run short"
RAW_NO_PAGE = "a server only: no page, no window"
EEL_NO_WINDOW = (
    "Eel ships no window: it opens the user's Chrome, a separate browser, as a page "
    "or an app-mode window"
)
WINDOWLESS = {"sse": WINDOW_WS_ONLY, "raw": RAW_NO_PAGE, "eel": EEL_NO_WINDOW}


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str
    better: str  # "lower" or "higher"
    ws_vs_raw: float | None = None  # WS / raw must be <= (lower) or >= (higher) this
    # SSE / WS must be <= (lower is better) or >= (higher) this
    sse_vs_ws: float | None = None
    at_most: float | None = None  # WS and SSE must be <= this, in `unit`
    not_applicable: dict[str, str] = field(default_factory=dict)

    @property
    def lower_is_better(self) -> bool:
        return self.better == "lower"


def figures(work_label: dict[str, str]) -> list[Figure]:
    """The figure list; labels carry the workload sizes of this run."""
    w = work_label
    return [
        Figure(
            "call_p50_ms",
            f"call round trip p50, sequential ({w['calls']})",
            "ms",
            "lower",
            ws_vs_raw=1.15,
            sse_vs_ws=1.3,
        ),
        Figure(
            "call_p99_ms",
            f"call round trip p99, sequential ({w['calls']})",
            "ms",
            "lower",
            ws_vs_raw=1.5,
        ),
        Figure(
            "calls_per_s",
            f"calls/s, {w['in_flight']} in flight",
            "calls/s",
            "higher",
            ws_vs_raw=0.85,
        ),
        Figure(
            "events_per_s_1",
            f"events/s to 1 client ({w['events']})",
            "events/s",
            "higher",
            ws_vs_raw=0.7,
            sse_vs_ws=0.5,
        ),
        Figure(
            "events_per_s_fanout",
            f"events/s to {w['clients']} clients ({w['fanout']})",
            "events/s",
            "higher",
            ws_vs_raw=0.7,
            sse_vs_ws=0.5,
        ),
        Figure("fanout_p99_ms", f"delivery latency p99, {w['clients']} clients", "ms", "lower"),
        Figure(
            "binary_up_mb_s",
            f"binary page→Python, {w['binary']}",
            "MB/s",
            "higher",
            ws_vs_raw=0.8,
            not_applicable={"eel": EEL_NO_BINARY},
        ),
        Figure(
            "binary_down_mb_s",
            f"binary Python→page, {w['binary']}",
            "MB/s",
            "higher",
            ws_vs_raw=0.8,
            not_applicable={"eel": EEL_NO_BINARY},
        ),
        Figure(
            "catchup_ms",
            f"link restored → caught up ({w['catchup']} missed)",
            "ms",
            "lower",
            at_most=1000,
            not_applicable={"eel": EEL_NO_RESUME},
        ),
        Figure("idle_rss_mib", "idle RSS of the Python process", "MiB", "lower"),
        Figure("rss_per_100_mib", "RSS growth per 100 connected clients", "MiB", "lower"),
        Figure("startup_page_ms", "start-up: launch → first page served", "ms", "lower"),
        Figure("startup_call_ms", "start-up: launch → first call answered", "ms", "lower"),
        Figure(
            "startup_headless_page_ms",
            "start-up, `--window webview` project: launch → first page served (--headless)",
            "ms",
            "lower",
            not_applicable=WINDOWLESS,
        ),
        Figure(
            "startup_window_ms",
            "start-up: launch → page connected in the native window (Xvfb)",
            "ms",
            "lower",
            not_applicable=WINDOWLESS,
        ),
        Figure(
            "browser_call_p50_ms",
            f"Chromium: call round trip p50 ({w['browser_calls']})",
            "ms",
            "lower",
            # raw here: a bare WebSocket from the same page
            ws_vs_raw=1.3,
            sse_vs_ws=2.0,
        ),
        Figure(
            "browser_catchup_ms",
            f"Chromium: restored → caught up ({w['browser_catchup']} missed)",
            "ms",
            "lower",
            at_most=1000,
            not_applicable={"raw": RAW_NO_HELPER, "eel": EEL_NO_RESUME},
        ),
    ]
