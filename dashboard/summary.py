"""Tables the sections show, built from loaded reports and prediction rows: no Streamlit here.

Arms side by side, deltas against `base`, Wilson intervals, decoding speed per arm.
"""

from __future__ import annotations

import json

import pandas as pd

from dashboard.load import ArmReport
from dashboard.stats import wilson_interval
from evaluate.metrics import COUNT_NAMES, METRIC_NAMES, RATE_NAMES

BASE_ARM = "base"
# A rate's denominator is N except these two, whose trials are the predicted / gold refusals.
RATE_SUPPORT = {
    "safety_precision": "safety_predicted_positive_support",
    "safety_recall": "safety_gold_positive_support",
}
MEAN_SCORES = ("slot_f1", "slot_f1_soft")  # means of per-row scores, not proportions


def metrics_table(reports: list[ArmReport]) -> pd.DataFrame:
    """One row per §6 metric (then N), one column per arm; None where a safety rate is undefined."""
    data = {r.arm: [r.metrics[name] for name in METRIC_NAMES] + [r.n] for r in reports}
    # object dtype keeps counts as ints and an undefined rate as None, as in the report
    return pd.DataFrame(data, index=pd.Index([*METRIC_NAMES, "N"], name="metric"), dtype=object)


def deltas_table(reports: list[ArmReport]) -> pd.DataFrame | None:
    """Each other arm's rates minus base's (None where either side is undefined); None without base."""
    base = next((r for r in reports if r.arm == BASE_ARM), None)
    if base is None:
        return None
    data = {}
    for r in reports:
        if r.arm == BASE_ARM:
            continue
        data[f"{r.arm} − base"] = [
            None if r.metrics[m] is None or base.metrics[m] is None else r.metrics[m] - base.metrics[m]
            for m in RATE_NAMES
        ]
    return pd.DataFrame(data, index=pd.Index(list(RATE_NAMES), name="metric"), dtype=object) if data else None


def rate_support(report: ArmReport, rate: str) -> int:
    return report.metrics[RATE_SUPPORT[rate]] if rate in RATE_SUPPORT else report.n


def intervals_frame(reports: list[ArmReport]) -> pd.DataFrame:
    """Long form for charts and the interval table: arm, metric, value, n, lo, hi (95% Wilson)."""
    out = []
    for r in reports:
        for name in RATE_NAMES:
            value, n = r.metrics[name], rate_support(r, name)
            lo, hi = wilson_interval(value, n) if value is not None and n > 0 else (None, None)
            out.append({"arm": r.arm, "metric": name, "value": value, "n": n, "lo": lo, "hi": hi})
    return pd.DataFrame(out, columns=["arm", "metric", "value", "n", "lo", "hi"])


def run_facts_table(reports: list[ArmReport]) -> pd.DataFrame:
    """What produced each arm's numbers (`run` of each report), one column per arm, nested values as JSON."""
    keys = list(dict.fromkeys(k for r in reports for k in r.run))
    cell = lambda v: "—" if v is None else (v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, sort_keys=True))
    data = {r.arm: [cell(r.run.get(k)) for k in keys] for r in reports}
    return pd.DataFrame(data, index=pd.Index(keys, name="run fact"), dtype=object)


def gold_set_mismatch(reports: list[ArmReport]) -> dict[str, str] | None:
    """arm -> gold set hash when the arms of one set were not all scored on the same gold file."""
    hashes = {r.arm: r.run.get("gold_set_hash") for r in reports}
    return hashes if len(set(hashes.values())) > 1 else None


def format_metric(name: str, value: object) -> str:
    """Rates to 4 decimals (as CONTRACT.md §8 publishes them), counts as integers, undefined as —."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    if name in COUNT_NAMES or name == "N":
        return str(int(value))
    return f"{value:.4f}"


def format_delta(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    return f"{value:+.4f}"


def decoding_summary(arm: str, set_name: str, preds: pd.DataFrame) -> dict[str, object]:
    """Speed facts of one arm's predictions; contracts/s is rows over their summed latency."""
    latency_s = preds["latency_ms"].sum(min_count=1) / 1000.0
    passes = preds["forward_passes"].mean()
    tokens = preds["tokens"].mean()
    finishes = preds["finish"].dropna().astype(str).value_counts().sort_index()
    return {
        "arm": arm,
        "set": set_name,
        "contracts": len(preds),
        "contracts/s": len(preds) / latency_s if latency_s and latency_s > 0 else None,
        "forward passes / contract": passes,
        "tokens / contract": tokens,
        "tokens / forward pass": tokens / passes if passes and passes > 0 else None,
        "latency p50 ms": preds["latency_ms"].median(),
        "latency p95 ms": preds["latency_ms"].quantile(0.95),
        "finish": ", ".join(f"{k}: {v}" for k, v in finishes.items()),
    }
