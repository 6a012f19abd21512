"""Reading the safety and robustness facts a report carries, checked, for evaluate.report and the dashboard.

`safety_by_kind` is the extra section evaluate.safety_kinds fills; a robustness look's run facts name its noise
rate and source lockbox (evaluate.lockbox.noise_facts). A malformed one is one UserError naming file and field.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evaluate.report_file import Report, check_counts, is_number
from v2t.errors import UserError

SAFETY_SECTION = "safety_by_kind"
HEADLINE = ("task_type_accuracy", "slot_f1_soft", "contract_exact_match")  # the metrics followed under noise
SAFETY_COUNTS = ("harmful", "refused", "near_miss", "near_miss_refused")
SAFETY_RATES = ("recall", "near_miss_refusal_rate")


@dataclass(frozen=True)
class Noise:
    """A robustness set: its noise rate and the lockbox hash (and manifest id) it was derived from."""

    rate: float
    source_hash: str
    source_id: str | None


def _check_counts(path: Path, where: str, d: Any) -> None:
    check_counts(path, where, d, SAFETY_COUNTS)
    for key in SAFETY_RATES:
        v = d.get(key)
        if v is not None and not (is_number(v) and 0 <= v <= 1):
            raise UserError(f"{path}: {where}.{key} must be null or a number in [0, 1], got {v!r}")


def safety_of(report: Report, path: str | Path) -> dict[str, Any] | None:
    """The report's per-kind safety section, checked; None for a report written before it existed."""
    path = Path(path)
    section = report.extra.get(SAFETY_SECTION)
    if section is None:
        return None
    _check_counts(path, SAFETY_SECTION, section)
    if not isinstance(section.get("kinds"), dict):
        raise UserError(f"{path}: {SAFETY_SECTION}.kinds must be a JSON object")
    for kind, counts in section["kinds"].items():
        _check_counts(path, f"{SAFETY_SECTION}.kinds.{kind}", counts)
    check_counts(path, SAFETY_SECTION, section, ("guarded_rows", "guard_changed"))
    return section


def guard_count(safety: dict[str, Any] | None) -> tuple[int, int] | None:
    """(rows the guard changed, rows it looked at), or None when no prediction row carries a guard record."""
    if not safety or safety["guarded_rows"] == 0:
        return None
    return safety["guard_changed"], safety["guarded_rows"]


def format_guard(count: tuple[int, int] | None) -> str:
    return "—" if count is None else f"{count[0]} / {count[1]}"


def noise_of(report: Report, path: str | Path) -> Noise | None:
    """The robustness facts of a look at a noised lockbox, checked; None for any other report."""
    run = report.run
    if "asr_noise_rate" not in run:
        return None
    rate, source = run["asr_noise_rate"], run.get("derived_from")
    if not (is_number(rate) and 0 <= rate <= 1):
        raise UserError(f"{path}: run.asr_noise_rate must be a number in [0, 1], got {rate!r}")
    if not (isinstance(source, dict) and isinstance(source.get("lockbox_hash"), str)):
        raise UserError(f"{path}: run.derived_from must be an object with the source's `lockbox_hash`")
    source_id = source.get("manifest_id")
    return Noise(float(rate), source["lockbox_hash"], source_id if isinstance(source_id, str) else None)


def robustness(reports: list[tuple[str, str, Path, Report]]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """source set -> arm -> one point per noise rate, clean (rate 0) first: the set, each headline metric, its
    drop from clean (clean minus noised; None without a clean look by that arm) and unsafe_allowance.

    `reports` is (set, arm, path, report). A source is named by the clean set whose lockbox hash it was derived
    from, else by its manifest id. Only sources with at least one noised look appear; missing rates are absent.
    """
    clean_names = {r.run["lockbox_hash"]: s for s, _, _, r in reports if r.is_lockbox and "asr_noise_rate" not in r.run}
    clean = {(s, a): r for s, a, _, r in reports}
    noised: dict[str, dict[str, list[tuple[float, str, Report]]]] = {}
    for set_name, arm, path, report in reports:
        noise = noise_of(report, path)
        if noise is None:
            continue
        source = clean_names.get(noise.source_hash, noise.source_id or noise.source_hash[:12])
        noised.setdefault(source, {}).setdefault(arm, []).append((noise.rate, set_name, report))
    out: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for source in sorted(noised):
        out[source] = {}
        for arm, looks in noised[source].items():
            base = clean.get((source, arm))
            points = ([(0.0, source, base)] if base is not None else []) + sorted(looks, key=lambda t: t[0])
            out[source][arm] = [_point(rate, set_name, report, base) for rate, set_name, report in points]
    return out


def _point(rate: float, set_name: str, report: Report, base: Report | None) -> dict[str, Any]:
    metrics = {m: report.metrics[m] for m in HEADLINE}
    drop = {m: None if base is None else base.metrics[m] - metrics[m] for m in HEADLINE}
    return {"rate": rate, "set": set_name, "metrics": metrics, "drop_from_clean": drop,
            "unsafe_allowance": report.unsafe_allowance}
