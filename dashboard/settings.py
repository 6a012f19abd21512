"""Where the dashboard reads from: command-line arguments, else V2T_* environment variables, else defaults.

`streamlit run dashboard/app.py -- --reports DIR --runs DIR --lockbox-manifest F`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Paths:
    reports: Path
    runs: Path
    lockbox_manifest: Path
    ledger: Path
    non_claims: Path


def parse_paths(argv: Sequence[str], env: Mapping[str, str]) -> Paths:
    """Known options only: under a test runner argv holds the runner's own arguments, which are ignored."""
    ap = argparse.ArgumentParser(prog="streamlit run dashboard/app.py --", add_help=False, allow_abbrev=False)
    ap.add_argument("--reports", default=env.get("V2T_REPORTS", "reports"))
    ap.add_argument("--runs", default=env.get("V2T_RUNS", "runs"))
    ap.add_argument("--lockbox-manifest",
                    default=env.get("V2T_LOCKBOX_MANIFEST", "data/lockbox/dev-lockbox-v1.manifest.json"))
    ap.add_argument("--ledger", default=env.get("V2T_LEDGER"), help="default: REPORTS/lockbox-ledger.jsonl")
    ap.add_argument("--non-claims", default=env.get("V2T_NON_CLAIMS", str(REPO / "docs" / "non_claims.md")))
    args, _ = ap.parse_known_args(list(argv))
    reports = Path(args.reports)
    return Paths(
        reports=reports,
        runs=Path(args.runs),
        lockbox_manifest=Path(args.lockbox_manifest),
        ledger=Path(args.ledger) if args.ledger else reports / "lockbox-ledger.jsonl",
        non_claims=Path(args.non_claims),
    )


def from_process() -> Paths:
    return parse_paths(sys.argv[1:], os.environ)
