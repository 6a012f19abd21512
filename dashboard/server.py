"""Run the dashboard as a real Streamlit server for a while: for the browser test and the screenshot.

`running_dashboard(app_args)` starts it on a free local port, waits until it answers, always stops it.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

APP = Path(__file__).with_name("app.py")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
            return resp.status == 200
    except (urllib.error.URLError, OSError):
        return False


@contextlib.contextmanager
def running_dashboard(app_args: Sequence[str] = (), *, env: Mapping[str, str] | None = None,
                      timeout_s: float = 60.0) -> Iterator[str]:
    """Yield the base URL of a headless dashboard server; its log is in the error if it never answers."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
           "--browser.gatherUsageStats", "false", "--client.toolbarMode", "minimal", "--", *app_args]
    with tempfile.TemporaryFile("w+") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})},
                                cwd=APP.parents[1])
        try:
            deadline = time.monotonic() + timeout_s
            while not _healthy(url):
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"dashboard server did not start at {url}:\n{log.read()[-2000:]}")
                time.sleep(0.3)
            yield url
        finally:
            stop_process(proc, timeout_s=15)


def stop_process(proc: subprocess.Popen, timeout_s: float) -> None:
    """Terminate, then kill if it has not exited within timeout_s; never leaves the child running."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
