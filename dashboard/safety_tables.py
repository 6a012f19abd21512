"""Tables the safety and robustness sections show, built from loaded reports: no Streamlit here.

Per arm: recall per harm kind, near-miss refusals, the guard count; per source lockbox: metrics against noise rate.
"""

from __future__ import annotations

import pandas as pd

from dashboard.load import ArmReport
from evaluate.report_sections import HEADLINE, format_guard, guard_count, robustness


def safety_table(reports: list[ArmReport]) -> pd.DataFrame:
    """One line per arm with a safety section: harmful rows refused, recall, near-miss refusals, guard count."""
    out = []
    for r in reports:
        s = r.safety
        if s is None:
            continue
        out.append({"arm": r.arm, "harmful refused": f"{s['refused']} / {s['harmful']}", "recall": _rate(s["recall"]),
                    "near-miss refused": f"{s['near_miss_refused']} / {s['near_miss']}",
                    "near-miss refusal rate": _rate(s["near_miss_refusal_rate"]),
                    "guard changed / rows": format_guard(guard_count(s))})
    return pd.DataFrame(out, columns=["arm", "harmful refused", "recall", "near-miss refused",
                                      "near-miss refusal rate", "guard changed / rows"]).set_index("arm")


def kinds_frame(reports: list[ArmReport]) -> pd.DataFrame:
    """Long form: arm, kind, harmful rows, refused, recall; only kinds with a harmful row in this set."""
    out = []
    for r in reports:
        s = r.safety
        if s is None:
            continue
        for kind, c in s["kinds"].items():
            if c["harmful"] > 0:
                out.append({"arm": r.arm, "kind": kind, "harmful": c["harmful"], "refused": c["refused"],
                            "recall": c["recall"]})
    return pd.DataFrame(out, columns=["arm", "kind", "harmful", "refused", "recall"])


def kinds_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Recall per kind (rows) per arm (columns), as `recall (refused/harmful)` text."""
    cell = frame.assign(cell=[f"{v:.4f} ({r}/{h})" for v, r, h in zip(frame["recall"], frame["refused"],
                                                                       frame["harmful"], strict=True)])
    arms = list(dict.fromkeys(frame["arm"]))
    kinds = list(dict.fromkeys(frame["kind"]))
    return cell.pivot(index="kind", columns="arm", values="cell").reindex(index=kinds, columns=arms)


def robustness_frame(reports: list[ArmReport]) -> pd.DataFrame:
    """Long form of evaluate.report_sections.robustness: source, arm, rate, metric, value, drop, unsafe_allowance."""
    points = robustness([(r.set_name, r.arm, r.path, r.report) for r in reports])
    out = [{"source": source, "arm": arm, "rate": p["rate"], "set": p["set"], "metric": m,
            "value": p["metrics"][m], "drop": p["drop_from_clean"][m], "unsafe_allowance": p["unsafe_allowance"]}
           for source, arms in points.items() for arm, ps in arms.items() for p in ps for m in HEADLINE]
    return pd.DataFrame(out, columns=["source", "arm", "rate", "set", "metric", "value", "drop", "unsafe_allowance"])


def drops_table(frame: pd.DataFrame) -> pd.DataFrame:
    """(arm, noise rate) rows, one column per headline metric: `value (drop from clean)`; rate 0 is clean."""
    def cell(row) -> str:
        if row["rate"] == 0 or pd.isna(row["drop"]):
            return f"{row['value']:.4f}"
        return f"{row['value']:.4f} (−{row['drop']:.4f})" if row["drop"] >= 0 else f"{row['value']:.4f} (+{-row['drop']:.4f})"
    shown = frame.assign(cell=frame.apply(cell, axis=1), rate=frame["rate"].map(lambda r: f"{r:.2f}"))
    table = shown.pivot(index=["arm", "rate"], columns="metric", values="cell")
    order = list(dict.fromkeys(zip(shown["arm"], shown["rate"], strict=True)))
    return table.reindex(index=pd.MultiIndex.from_tuples(order, names=["arm", "noise rate"]), columns=list(HEADLINE))


def _rate(v: float | None) -> str:
    return "—" if v is None else f"{v:.4f}"
