"""Headless Chromium over the DevTools protocol: load a page, wait for text, read the DOM or a screenshot.

`--dump-dom` fires before Streamlit's websocket has drawn anything, so the page is polled instead.
"""

from __future__ import annotations

import base64
import contextlib
import json
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from websockets.sync.client import connect

from dashboard.server import stop_process

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--hide-scrollbars", "--remote-debugging-port=0")


def find_chromium() -> str | None:
    return next((p for p in map(shutil.which, CHROMIUM_NAMES) if p), None)


@dataclass(frozen=True)
class Page:
    """What the page showed once every wanted text was in it."""

    text: str  # document.body.innerText
    html: str  # document.documentElement.outerHTML
    png: bytes | None  # a screenshot, when asked for


@contextlib.contextmanager
def _browser(width: int, height: int, timeout_s: float) -> Iterator[str]:
    """Start Chromium on a fresh profile, yield its DevTools HTTP address, always stop it."""
    exe = find_chromium()
    if exe is None:
        raise RuntimeError("chromium not found (Debian: apt-get install -y chromium)")
    # Chromium may still be writing its profile as it exits: a leftover file must not fail the page load.
    with tempfile.TemporaryDirectory(prefix="v2t-chromium-", ignore_cleanup_errors=True) as profile:
        log = Path(profile) / "stderr.log"
        with log.open("w") as err:  # a file, not a pipe: Chromium's chatter must never block it
            proc = subprocess.Popen([exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}/profile",
                                     f"--window-size={width},{height}", "about:blank"],
                                    stdout=subprocess.DEVNULL, stderr=err)
        try:
            deadline = time.monotonic() + timeout_s
            while True:  # Chromium announces its DevTools port on stderr
                match = re.search(r"DevTools listening on ws://([^/]+)/", log.read_text(errors="replace"))
                if match:
                    break
                if proc.poll() is not None:
                    raise RuntimeError(f"chromium exited ({proc.returncode}) before its DevTools server started")
                if time.monotonic() > deadline:
                    raise RuntimeError("chromium did not start its DevTools server in time")
                time.sleep(0.1)
            yield f"http://{match.group(1)}"
        finally:
            stop_process(proc, timeout_s=10)


def _session(ws_url: str, url: str, wanted: Sequence[str], timeout_s: float, screenshot: bool,
             settle_s: float) -> Page:
    with connect(ws_url, max_size=256 * 1024 * 1024, open_timeout=timeout_s) as conn:
        ids = iter(range(1, 1 << 30))

        def call(method: str, **params: object) -> dict:
            msg_id = next(ids)
            conn.send(json.dumps({"id": msg_id, "method": method, "params": params}))
            while True:  # events arrive between replies; skip them
                reply = json.loads(conn.recv(timeout=timeout_s))
                if reply.get("id") == msg_id:
                    if "error" in reply:
                        raise RuntimeError(f"{method}: {reply['error']}")
                    return reply.get("result", {})

        def evaluate(expr: str) -> str:
            result = call("Runtime.evaluate", expression=expr, returnByValue=True)
            return str(result.get("result", {}).get("value", ""))

        call("Page.navigate", url=url)
        deadline = time.monotonic() + timeout_s
        text = ""
        while True:
            text = evaluate("document.body ? document.body.innerText : ''")
            if all(w in text for w in wanted) and "Running..." not in text:
                break
            if time.monotonic() > deadline:
                missing = [w for w in wanted if w not in text]
                raise TimeoutError(f"{url}: {missing} not shown within {timeout_s:.0f} s")
            time.sleep(0.5)
        time.sleep(settle_s)  # the rest of the script's elements, the charts' and data grids' first draw
        text = evaluate("document.body ? document.body.innerText : ''")  # what was drawn while settling too
        html = evaluate("document.documentElement.outerHTML")
        png = base64.b64decode(call("Page.captureScreenshot", format="png")["data"]) if screenshot else None
        return Page(text=text, html=html, png=png)


def load_page(url: str, wanted: Sequence[str], *, timeout_s: float = 60.0, screenshot: bool = False,
              width: int = 1400, height: int = 2400, settle_s: float = 2.0) -> Page:
    """Open `url` in headless Chromium and return the page once it shows every string in `wanted`."""
    with _browser(width, height, timeout_s) as devtools:
        with urllib.request.urlopen(f"{devtools}/json/list", timeout=10) as resp:
            targets = json.load(resp)
        page = next(t for t in targets if t.get("type") == "page")
        return _session(page["webSocketDebuggerUrl"], url, wanted, timeout_s, screenshot, settle_s)
