"""User-facing errors and the CLI wrapper that turns them into one line and a non-zero exit.

A UserError is something a user caused (bad row, bad config, missing file); anything else is our bug.
"""

from __future__ import annotations

import sys
from collections.abc import Callable


class UserError(Exception):
    """One readable line: names the file, the line and the problem."""


def located(path, line: int | None, problem: str) -> UserError:
    where = f"{path}:{line}" if line is not None else f"{path}"
    return UserError(f"{where}: {problem}")


def cli_entry(main: Callable[[list[str] | None], int | None]) -> Callable[[list[str] | None], int]:
    """Wrap a CLI main so a UserError prints `error: ...` on stderr and exits 2."""

    def run(argv: list[str] | None = None) -> int:
        try:
            return int(main(argv) or 0)
        except UserError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2

    return run
