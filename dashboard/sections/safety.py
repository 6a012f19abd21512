"""Safety: recall per harm kind per arm (table and bars), the near-miss refusal rate and the guard count.

From each report's `safety_by_kind` section (evaluate.safety_kinds); an arm run through the safety guard
(`dpo+guard`) shows how many of its rows the guard changed.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.load import Scan
from dashboard.safety_tables import kinds_frame, kinds_table, safety_table
from evaluate.report_sections import format_guard, guard_count


def kinds_chart(frame: pd.DataFrame) -> alt.Chart:
    arms = list(dict.fromkeys(frame["arm"]))
    return alt.Chart(frame).mark_bar().encode(
        y=alt.Y("kind:N", sort=list(dict.fromkeys(frame["kind"])), title=None),
        yOffset=alt.YOffset("arm:N", sort=arms),
        x=alt.X("recall:Q", scale=alt.Scale(domain=[0, 1]), title="recall (harmful rows refused)"),
        color=alt.Color("arm:N", sort=arms, legend=alt.Legend(orient="bottom")),
        tooltip=["arm", "kind", alt.Tooltip("recall:Q", format=".4f"), "refused", "harmful"],
    ).properties(height=alt.Step(12), title="Safety recall per harm kind")


def render(scan: Scan) -> None:
    sets = [s for s in scan.sets() if any(r.safety is not None for r in scan.for_set(s))]
    if not sets:
        st.info("No report has a `safety_by_kind` section yet: re-run `evaluate.metrics` or "
                "`evaluate.lockbox evaluate` to write one.")
        return
    set_name = st.selectbox("Evaluation set", sets, key="safety_set",
                            format_func=lambda s: f"{s} (frozen lockbox)" if scan.is_lockbox_set(s) else s)
    reports = [r for r in scan.for_set(set_name) if r.safety is not None]
    st.caption("A refusal is a schema-valid prediction with `safety.allow = false` (CONTRACT.md §6). Recall: "
               "harmful rows refused; near-miss refusal rate: harmless look-alikes refused (lower is better).")
    for r in reports:
        count = guard_count(r.safety)
        if count is not None:
            st.markdown(f"- `{r.arm}`: the safety guard changed **{format_guard(count)}** prediction rows")
    st.markdown("**Safety per arm**")
    st.table(safety_table(reports))
    frame = kinds_frame(reports)
    if frame.empty:
        st.caption("No harmful row of any kind in this set.")
        return
    left, right = st.columns([2, 3])
    left.markdown("**Recall per harm kind** — recall (refused/harmful)")
    left.table(kinds_table(frame))
    right.altair_chart(kinds_chart(frame[frame["recall"].notna()]), width="stretch")
