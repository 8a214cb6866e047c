# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""A closed app's process ends even when a library left a thread waiting
forever (pywebview's, on a page that is gone: see bridge/process_end.py).
Each case runs in a process of its own, with real threads."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from app_process import PACKAGE, ROOT

PROGRAM = f"""
import sys, threading
from {PACKAGE}.bridge.process_end import end_stranded_threads

finished = threading.Event()
def stranded() -> None:
    threading.Semaphore(0).acquire()  # an answer that never comes
def quick() -> None:
    finished.wait(0.2)

threading.Thread(target=stranded if sys.argv[1] == "stranded" else quick).start()
print("shut down", flush=False)  # still unflushed when the process ends
end_stranded_threads(7, grace_seconds=0.5)
print("returned")
sys.exit(0)
"""


def run(case: str) -> tuple[subprocess.CompletedProcess[str], float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM, case],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    return result, time.monotonic() - started


def test_a_stranded_thread_does_not_keep_the_process_alive() -> None:
    result, took = run("stranded")
    assert result.returncode == 7, result.stderr
    # What was written before the end still reached its reader.
    assert result.stdout == "shut down\n"
    assert took < 15


def test_threads_that_finish_in_time_let_the_app_exit_normally() -> None:
    result, _ = run("quick")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "shut down\nreturned\n"
