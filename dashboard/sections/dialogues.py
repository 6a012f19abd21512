"""Dialogues: per arm and history mode, carry accuracy, leak rate, last-turn and all-turn task accuracy; failed
development dialogues turn by turn. A frozen lockbox shows its aggregates only.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.dialogue_tables import failed_dialogues, label, measures_frame, measures_table, turns_table
from dashboard.load import Scan
from evaluate.dialogue_section import COLUMNS


def measures_chart(frame: pd.DataFrame) -> alt.Chart:
    labels = list(dict.fromkeys(frame["label"]))
    return alt.Chart(frame, title="Dialogue measures per arm and history mode").mark_bar().encode(
        y=alt.Y("measure:N", sort=list(COLUMNS), title=None),
        yOffset=alt.YOffset("label:N", sort=labels),
        x=alt.X("value:Q", scale=alt.Scale(domain=[0, 1]), title=None),
        color=alt.Color("label:N", sort=labels, title="arm (history)", legend=alt.Legend(orient="bottom")),
        tooltip=["arm", "history", "measure", alt.Tooltip("value:Q", format=".4f")],
    ).properties(height=alt.Step(12))


def render(scan: Scan) -> None:
    reports = [r for r in scan.reports if r.dialogue is not None]
    if not reports:
        st.info("No dialogue report yet: `python -m evaluate.metrics --gold DIALOGUES.jsonl --predictions P "
                "--out reports/ARM/SET/report.json` on a dialogue set writes one (prediction ids `<id>#t<k>`).")
        return
    sets = sorted({r.set_name for r in reports}, key=lambda s: (not scan.is_lockbox_set(s), s))
    set_name = st.selectbox("Dialogue set", sets, key="dlg_set",
                            format_func=lambda s: f"{s} (frozen lockbox)" if scan.is_lockbox_set(s) else s)
    chosen = [r for r in reports if r.set_name == set_name]
    st.caption("Carry accuracy: carry turns with gold's task type and every carried string in the slots. Leak rate: "
               "fresh turns holding a stale string, or refused after an earlier refusal (lower is better). History "
               "`gold`: earlier turns as written; `own`: the arm's own earlier predictions, as in use.")
    st.markdown("**Dialogue measures per arm and history mode**")
    st.table(measures_table(chosen))
    frame = measures_frame(chosen)
    if not frame.empty:
        st.altair_chart(measures_chart(frame), width="stretch")
    if scan.is_lockbox_set(set_name):
        st.caption(f"`{set_name}` is a frozen lockbox: aggregates only, no dialogue is shown.")
        return
    with_rows = [r for r in chosen if r.dialogue_rows is not None]
    if not with_rows:
        st.caption("These reports are aggregate-only (`--no-rows`): no dialogue is shown.")
        return
    by_label = {label(r): r for r in with_rows}
    report = by_label[st.selectbox("Arm and history", list(by_label), key="dlg_arm")]
    failed = failed_dialogues(report)
    total = len(report.dialogue_rows)
    st.markdown(f"**Failed dialogues** — {len(failed)} of {total} have a turn that is not exact or a context miss.")
    if not failed:
        return
    by_id = {d["id"]: d for d in failed}
    rid = st.selectbox("Dialogue", list(by_id), key="dlg_id",
                       format_func=lambda i: f"{i} ({by_id[i].get('kind')})")
    st.table(turns_table(by_id[rid]).set_index("turn"))
