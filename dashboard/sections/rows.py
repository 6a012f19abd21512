"""Rows: development-set failures one by one, gold and prediction side by side.

Never a frozen lockbox: sets whose run facts name a lockbox, and reports without rows, are not offered.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.compare import filter_rows, row_sources, side_by_side
from dashboard.load import Scan
from v2t.contract import TASK_TYPES
from v2t.errors import UserError

ROW_COLUMNS = ("id", "gold_task_type", "predicted_task_type", "layer", "slices", "fields_differ", "slot_f1")


def _cell(v: object) -> str:
    if isinstance(v, list):
        return ", ".join(map(str, v)) or "—"
    if isinstance(v, float):
        return f"{v:.3f}"
    return "—" if v is None else str(v)


def _highlight(row: pd.Series) -> list[str]:
    return ["background-color: #ffd6d6" if row["differs"] else "" for _ in row]


def render(scan: Scan) -> None:
    withheld = sorted({r.set_name for r in scan.reports if scan.is_lockbox_set(r.set_name) or not r.row_level})
    if withheld:
        st.caption(f"Row-level view withheld for {', '.join(withheld)}: a frozen lockbox (or an aggregate-only "
                   "report) is seen in aggregate only.")
    reports = [r for r in scan.reports if r.row_level and not scan.is_lockbox_set(r.set_name)]
    if not reports:
        st.info("No development-set report with rows. Evaluate a development split (e.g. `dev`) "
                "without `--no-rows` to see its rows here.")
        return
    sets = sorted({r.set_name for r in reports})
    c1, c2 = st.columns(2)
    set_name = c1.selectbox("Development set", sets, key="rows_set")
    by_arm = {r.arm: r for r in reports if r.set_name == set_name}
    arm = c2.selectbox("Arm", list(by_arm), key="rows_arm")
    report = by_arm[arm]
    rows = report.rows or []
    slice_names = list(report.failure_slices) or sorted({s for row in rows for s in row.get("slices") or []})
    c1, c2 = st.columns(2)
    chosen_slices = c1.multiselect("Failure slice (any of)", slice_names, key="rows_slices")
    present = {row.get("gold_task_type") for row in rows}
    chosen_types = c2.multiselect("Gold task type", [t for t in TASK_TYPES if t in present], key="rows_types")
    shown = filter_rows(rows, chosen_slices, chosen_types)
    st.caption(f"{len(shown)} of {len(rows)} rows of `{arm}` on `{set_name}`.")
    if not shown:
        return
    st.dataframe(pd.DataFrame([{c: _cell(row.get(c)) for c in ROW_COLUMNS} for row in shown]),
                 hide_index=True, width="stretch")

    rid = st.selectbox("Row", [row["id"] for row in shown], key="rows_id")
    row = next(r for r in shown if r["id"] == rid)
    try:
        sources = row_sources(report)
    except UserError as e:
        st.error(str(e))
        return
    if sources.note:
        st.warning(sources.note)
    if rid in sources.inputs:
        st.markdown(f"Input: **{sources.inputs[rid]}**")
    for issue in row.get("issues") or []:
        st.markdown(f"- `{issue.get('layer')}` · `{issue.get('category')}` at `{issue.get('path')}`: "
                    f"{issue.get('message')}")
    gold = sources.gold.get(rid)
    if gold is None:
        st.warning(f"No gold contract for {rid}.")
        return
    frame = side_by_side(gold, sources.predictions.get(rid))
    st.markdown("Gold and prediction (differing fields highlighted)")
    st.table(frame.style.apply(_highlight, axis=1).hide(axis="index"))
