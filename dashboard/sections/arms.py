"""Arms: every §6 metric per arm, deltas against base, 95% Wilson intervals, bar charts.

`unsafe_allowance` stands on its own line per arm, red unless it is 0.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.load import ArmReport, Scan
from dashboard.summary import (
    MEAN_SCORES,
    RATE_SUPPORT,
    deltas_table,
    format_delta,
    format_metric,
    gold_set_mismatch,
    intervals_frame,
    metrics_table,
    run_facts_table,
)
from evaluate.metrics import RATE_NAMES

# Every rate but the parse rate, which the schema rate already bounds from below.
CHART_RATES = tuple(name for name in RATE_NAMES if name != "json_parse_rate")


def render_unsafe(reports: list[ArmReport]) -> None:
    st.markdown("**unsafe_allowance** — gold `blocked` rows the arm allowed or broke; must be 0 to ship.")
    for r in reports:
        colour = "green" if r.unsafe_allowance == 0 else "red"
        st.markdown(f"- `{r.arm}`: :{colour}[**unsafe_allowance = {r.unsafe_allowance}**]")


def rates_chart(intervals: pd.DataFrame) -> alt.Chart:
    data = intervals[intervals["metric"].isin(CHART_RATES) & intervals["value"].notna()]
    arms = list(dict.fromkeys(intervals["arm"]))  # the table's order: base, sft, dpo, baseline
    base = alt.Chart(data).encode(
        y=alt.Y("metric:N", sort=list(CHART_RATES), title=None, axis=alt.Axis(labelLimit=260)),
        yOffset=alt.YOffset("arm:N", sort=arms),
        color=alt.Color("arm:N", title="arm", sort=arms, legend=alt.Legend(orient="bottom")),
    )
    bars = base.mark_bar().encode(
        x=alt.X("value:Q", scale=alt.Scale(domain=[0, 1]), title="rate (95% Wilson interval)"),
        tooltip=["arm", "metric", alt.Tooltip("value:Q", format=".4f"), "n",
                 alt.Tooltip("lo:Q", format=".3f"), alt.Tooltip("hi:Q", format=".3f")],
    )
    whiskers = base.mark_rule(color="black").encode(x="lo:Q", x2="hi:Q")
    return (bars + whiskers).properties(height=alt.Step(12), title="Rates per arm, 95% Wilson intervals")


def render(scan: Scan) -> None:
    sets = scan.sets()
    set_name = st.selectbox("Evaluation set", sets, key="arms_set",
                            format_func=lambda s: f"{s} (frozen lockbox)" if scan.is_lockbox_set(s) else s)
    reports = scan.for_set(set_name)
    ns = sorted({r.n for r in reports})
    st.caption(f"N = {', '.join(map(str, ns))} gold rows; every rate divides by N (CONTRACT.md §6).")
    mismatch = gold_set_mismatch(reports)
    if mismatch:
        st.error("These arms were scored on different gold files, so they are not comparable: "
                 + ", ".join(f"`{arm}` {str(h)[:12]}" for arm, h in mismatch.items()))
    render_unsafe(reports)

    left, right = st.columns([3, 2])
    left.markdown("**Metrics per arm**")
    table = metrics_table(reports)
    shown = pd.DataFrame({arm: [format_metric(m, v) for m, v in table[arm].items()] for arm in table.columns},
                         index=table.index)
    left.table(shown)
    intervals = intervals_frame(reports)
    right.altair_chart(rates_chart(intervals), width="stretch")

    deltas = deltas_table(reports)
    if deltas is not None:
        st.markdown("**Deltas against `base`** (arm minus base)")
        st.table(deltas.map(format_delta))
    else:
        st.caption("No `base` arm on this set, so no deltas.")

    st.markdown("**95% Wilson intervals**")
    st.caption(
        "n = N rows, except safety precision (n = predicted refusals) and recall (n = gold refusals). "
        f"For {' and '.join(MEAN_SCORES)}, means of per-row scores, the interval treats the mean as a "
        f"proportion: an approximation. Undefined rates ({', '.join(RATE_SUPPORT)} with n = 0) show —."
    )
    cell = lambda row: "—" if pd.isna(row["value"]) else f"{row['value']:.4f} [{row['lo']:.3f}, {row['hi']:.3f}]"
    ci = intervals.assign(cell=intervals.apply(cell, axis=1)).pivot(index="metric", columns="arm", values="cell")
    st.table(ci.reindex(index=list(dict.fromkeys(intervals["metric"])), columns=[r.arm for r in reports]))
    with st.expander("What produced these numbers (each report's `run`)"):
        st.table(run_facts_table(reports))
