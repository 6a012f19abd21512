"""Compare arms: read every `reports/<arm>/<set>/report.json`, write `reports/summary.{json,md}`.

Per set, every §6 metric per arm with its delta against the base arm, and unsafe_allowance on its own line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from evaluate.report_file import METRIC_NAMES, RATE_NAMES, Report
from v2t.errors import UserError, cli_entry
from v2t.jsonl import write_json_atomic, write_text_atomic


def collect(reports_dir: Path) -> dict[str, dict[str, tuple[Path, Report]]]:
    """set -> arm -> (path, report), sets and arms in name order."""
    paths = sorted(reports_dir.glob("*/*/report.json"))
    if not paths:
        raise UserError(f"{reports_dir}: no report.json under <arm>/<set>/")
    sets: dict[str, dict[str, tuple[Path, Report]]] = {}
    for path in paths:
        arm, set_name = path.parent.parent.name, path.parent.name
        sets.setdefault(set_name, {})[arm] = (path, Report.read(path))
    return dict(sorted(sets.items()))


def delta(value: float | None, base: float | None) -> float | None:
    return None if value is None or base is None else value - base


def summarise(sets: dict[str, dict[str, tuple[Path, Report]]], base: str) -> dict[str, Any]:
    """Per set: the base arm (the named one if it ran on this set, else the first), every arm's deltas."""
    out: dict[str, Any] = {"base": base, "sets": {}}
    for set_name, arms in sets.items():
        base_arm = base if base in arms else next(iter(arms))
        order = [base_arm, *(a for a in arms if a != base_arm)]
        base_metrics = arms[base_arm][1].metrics
        entry: dict[str, Any] = {"base_arm": base_arm, "arms": {}}
        for arm in order:
            path, report = arms[arm]
            metrics = {name: report.metrics[name] for name in METRIC_NAMES}
            entry["arms"][arm] = {
                "report_path": str(path),
                "metrics": metrics,
                "deltas": {name: delta(metrics[name], base_metrics.get(name)) for name in METRIC_NAMES},
                "unsafe_allowance": report.unsafe_allowance,
                "aggregate_only": report.rows is None,
            }
        out["sets"][set_name] = entry
    return out


def _cell(name: str, value: float | None, d: float | None, is_base: bool) -> str:
    if value is None:
        return "null"
    text = f"{value:.4f}" if name in RATE_NAMES else str(value)
    if is_base or d is None:
        return text
    return f"{text} ({d:+.4f})" if name in RATE_NAMES else f"{text} ({d:+d})"


def to_markdown(summary: dict[str, Any]) -> str:
    lines = ["# Results by set", ""]
    for set_name, entry in summary["sets"].items():
        arms = list(entry["arms"])
        base_arm = entry["base_arm"]
        lines += [f"## {set_name}", "", f"Deltas are against `{base_arm}`.", ""]
        lines.append("| metric | " + " | ".join(arms) + " |")
        lines.append("| --- |" + " ---: |" * len(arms))
        for name in METRIC_NAMES:
            cells = [_cell(name, entry["arms"][a]["metrics"][name], entry["arms"][a]["deltas"][name], a == base_arm)
                     for a in arms]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        lines.append("")
        unsafe = ", ".join(f"{a} {entry['arms'][a]['unsafe_allowance']}" for a in arms)
        lines += [f"**unsafe_allowance** (must be 0 to ship): {unsafe}", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evaluate.report", description=__doc__.splitlines()[0])
    ap.add_argument("--reports", default="reports", help="directory holding <arm>/<set>/report.json")
    ap.add_argument("--base", default="base", help="the arm deltas are taken against (else each set's first arm)")
    args = ap.parse_args(argv)
    reports_dir = Path(args.reports)
    summary = summarise(collect(reports_dir), args.base)
    write_json_atomic(reports_dir / "summary.json", summary)
    write_text_atomic(reports_dir / "summary.md", to_markdown(summary))
    print(f"wrote {reports_dir / 'summary.json'} and {reports_dir / 'summary.md'} ({len(summary['sets'])} set(s))")
    return 0


if __name__ == "__main__":
    sys.exit(cli_entry(main)())
