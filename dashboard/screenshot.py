"""Take a PNG screenshot of the dashboard in headless Chromium (default: the Arms section to docs/dashboard.png).

`python -m dashboard.screenshot [--section Arms] [--out docs/dashboard.png] [--reports DIR --runs DIR ...]`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import quote

from dashboard.headless import find_chromium, load_page
from dashboard.sections import SECTIONS, TITLE
from dashboard.server import running_dashboard
from v2t.errors import UserError, cli_entry


def _write_bytes_atomic(path: Path, data: bytes) -> None:
    """Temporary file, then rename: an interrupted shot never leaves half a PNG."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m dashboard.screenshot", description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="docs/dashboard.png", help="PNG to write (default docs/dashboard.png)")
    ap.add_argument("--section", default="Arms", choices=SECTIONS, help="which tab to show (default Arms)")
    ap.add_argument("--url", help="an already running dashboard; without it one is started for the shot")
    ap.add_argument("--reports", help="passed to the dashboard")
    ap.add_argument("--runs", help="passed to the dashboard")
    ap.add_argument("--lockbox-manifest", help="passed to the dashboard")
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument("--height", type=int, default=2400)
    ap.add_argument("--timeout", type=float, default=90.0, help="seconds to wait for the page")
    ap.add_argument("--settle", type=float, default=6.0, help="seconds to let charts and tables draw (default 6)")
    args = ap.parse_args(argv)
    if find_chromium() is None:
        raise UserError("chromium not found (Debian: apt-get install -y chromium)")
    app_args = [a for flag, v in (("--reports", args.reports), ("--runs", args.runs),
                                  ("--lockbox-manifest", args.lockbox_manifest)) if v for a in (flag, v)]

    def shoot(base: str) -> bytes:
        page = load_page(f"{base}/?section={quote(args.section)}", [TITLE],
                         timeout_s=args.timeout, screenshot=True, width=args.width, height=args.height,
                         settle_s=args.settle)
        assert page.png is not None
        return page.png

    if args.url:
        png = shoot(args.url.rstrip("/"))
    else:
        with running_dashboard(app_args) as base:
            png = shoot(base)
    _write_bytes_atomic(Path(args.out), png)
    print(f"wrote {args.out} ({len(png)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(cli_entry(main)())
