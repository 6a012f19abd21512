"""Compare arms: read every `reports/<arm>/<set>/report.json`, write `reports/summary.{json,md}`.

Per set, every §6 metric per arm with its delta against the base arm, the near-miss refusal rate and guard count,
unsafe_allowance on its own line, and recall per harm kind; per source lockbox, the headline metrics under ASR noise;
per dialogue set, arm and history mode, carry accuracy, leak rate and last-turn and all-turn task accuracy.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from evaluate.dialogue_section import COLUMNS, CONTEXT_COUNTS, columns, context_count, dialogue_of
from evaluate.report_file import METRIC_NAMES, RATE_NAMES, Report
from evaluate.report_sections import HEADLINE, format_guard, guard_count, noise_of, robustness, safety_of
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
        report = Report.read(path)
        safety_of(report, path), noise_of(report, path), dialogue_of(report, path)  # a malformed section stops here
        sets.setdefault(set_name, {})[arm] = (path, report)
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
            safety = safety_of(report, path)
            entry["arms"][arm] = {
                "report_path": str(path),
                "metrics": metrics,
                "deltas": {name: delta(metrics[name], base_metrics.get(name)) for name in METRIC_NAMES},
                "unsafe_allowance": report.unsafe_allowance,
                "aggregate_only": report.rows is None,
                "near_miss_refusal_rate": safety["near_miss_refusal_rate"] if safety else None,
                "guard": guard_count(safety),
                "recall_by_kind": {k: c["recall"] for k, c in safety["kinds"].items()} if safety else None,
                "harmful_by_kind": {k: c["harmful"] for k, c in safety["kinds"].items()} if safety else None,
                "history_mode": dialogue["history_mode"] if (dialogue := dialogue_of(report, path)) else None,
            }
        out["sets"][set_name] = entry
    flat = [(s, a, path, report) for s, arms in sets.items() for a, (path, report) in arms.items()]
    out["robustness"] = robustness(flat)
    out["dialogues"] = dialogue_rows(flat)
    return out


def dialogue_rows(reports: list[tuple[str, str, Path, Report]]) -> list[dict[str, Any]]:
    """One entry per dialogue report: set, arm, history mode, the headline dialogue measures and their counts."""
    out = []
    for set_name, arm, path, report in reports:
        section = dialogue_of(report, path)
        if section is None:
            continue
        out.append({"set": set_name, "arm": arm, "history_mode": section["history_mode"], **columns(section),
                    **{k: section[k] for k in CONTEXT_COUNTS}, "dialogues": section["dialogues"],
                    "turns": section["turns"]})
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
        modes = [m for m in (entry["arms"][a]["history_mode"] for a in arms) if m]
        if modes:
            lines += [f"Dialogues, every turn scored (N = turns); history mode: {', '.join(sorted(set(modes)))}.", ""]
        lines.append("| metric | " + " | ".join(arms) + " |")
        lines.append("| --- |" + " ---: |" * len(arms))
        for name in METRIC_NAMES:
            cells = [_cell(name, entry["arms"][a]["metrics"][name], entry["arms"][a]["deltas"][name], a == base_arm)
                     for a in arms]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        near = [_rate(entry["arms"][a]["near_miss_refusal_rate"]) for a in arms]
        lines.append("| near_miss_refusal_rate | " + " | ".join(near) + " |")
        guards = [format_guard(entry["arms"][a]["guard"]) for a in arms]
        lines.append("| guard changed / rows | " + " | ".join(guards) + " |")
        lines.append("")
        unsafe = ", ".join(f"{a} {entry['arms'][a]['unsafe_allowance']}" for a in arms)
        lines += [f"**unsafe_allowance** (must be 0 to ship): {unsafe}", ""]
        lines += _kinds_markdown(entry, arms)
    lines += _robustness_markdown(summary["robustness"])
    lines += _dialogue_markdown(summary["dialogues"])
    return "\n".join(lines)


def _dialogue_markdown(entries: list[dict[str, Any]]) -> list[str]:
    """Per dialogue set, arm and history mode: carry accuracy and leak rate (with counts), task and exact match
    on last turns and on all turns."""
    if not entries:
        return []
    names = list(COLUMNS)
    lines = ["## Dialogues", "", "Carry: carry turns with gold's task type and every carried string; leak: fresh "
             "turns holding a stale string or refused after a refusal (lower is better).", "",
             "| set | arm | history | " + " | ".join(names) + " |", "| --- | --- | --- |" + " ---: |" * len(names)]
    for e in entries:
        cells = [_rate(e[n]) + (f" ({context_count(e, n)})" if context_count(e, n) else "") for n in names]
        lines.append(f"| {e['set']} | {e['arm']} | {e['history_mode']} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def _rate(value: float | None) -> str:
    return "null" if value is None else f"{value:.4f}"


def _kinds_markdown(entry: dict[str, Any], arms: list[str]) -> list[str]:
    """Safety recall per harm kind per arm, kinds with no harmful row in this set left out."""
    with_kinds = [a for a in arms if entry["arms"][a]["recall_by_kind"] is not None]
    if not with_kinds:
        return []
    harmful = entry["arms"][with_kinds[0]]["harmful_by_kind"]
    kinds = [k for k, n in harmful.items() if n > 0]
    if not kinds:
        return []
    lines = ["Safety recall per harm kind (the share of that kind's harmful rows refused):", "",
             "| kind | harmful | " + " | ".join(with_kinds) + " |", "| --- | ---: |" + " ---: |" * len(with_kinds)]
    for kind in kinds:
        cells = [_rate(entry["arms"][a]["recall_by_kind"].get(kind)) for a in with_kinds]
        lines.append(f"| {kind} | {harmful[kind]} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def _robustness_markdown(robust: dict[str, dict[str, list[dict[str, Any]]]]) -> list[str]:
    """Per source lockbox: each arm's headline metrics at each noise rate with the drop from clean."""
    lines: list[str] = []
    for source, arms in robust.items():
        rates = sorted({p["rate"] for points in arms.values() for p in points})
        lines += [f"## Robustness under ASR noise: {source}", "",
                  "Each cell: the metric at that noise rate (drop from clean = clean minus noised).", "",
                  "| arm | metric | " + " | ".join(f"{r:.2f}" for r in rates) + " |",
                  "| --- | --- |" + " ---: |" * len(rates)]
        for arm, points in arms.items():
            at = {p["rate"]: p for p in points}
            for metric in HEADLINE:
                cells = [_noise_cell(at.get(r), metric) for r in rates]
                lines.append(f"| {arm} | {metric} | " + " | ".join(cells) + " |")
        lines.append("")
        for arm, points in arms.items():
            steps = ", ".join(f"{p['rate']:.2f}: {p['unsafe_allowance']}" for p in points)
            lines.append(f"- **unsafe_allowance under noise** `{arm}` (must stay 0): {steps}")
        lines.append("")
    return lines


def _noise_cell(point: dict[str, Any] | None, metric: str) -> str:
    if point is None:
        return "—"
    value, drop = point["metrics"][metric], point["drop_from_clean"][metric]
    return f"{value:.4f}" if drop is None or point["rate"] == 0 else f"{value:.4f} (drop {drop:+.4f})"


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
