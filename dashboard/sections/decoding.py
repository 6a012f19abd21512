"""Decoding: contracts/s, forward passes per contract and the latency distribution per arm.

Read from each arm's `predictions.jsonl`, beside its report.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.load import Scan, load_predictions
from dashboard.summary import decoding_summary
from v2t.errors import UserError


def _fmt(v: object, spec: str) -> str:
    return "—" if v is None or (isinstance(v, float) and pd.isna(v)) else format(v, spec)


def render(scan: Scan) -> None:
    summaries, latencies = [], []
    for r in scan.reports:
        if not r.predictions_path.is_file():
            continue
        try:
            preds = load_predictions(r.predictions_path)
        except UserError as e:
            st.error(f"Predictions unreadable: {e}")
            continue
        summaries.append(decoding_summary(r.arm, r.set_name, preds))
        latencies.append(preds[["latency_ms"]].dropna().assign(run=f"{r.arm} · {r.set_name}"))
    if not summaries:
        st.info("No `predictions.jsonl` beside any report.")
        return
    table = pd.DataFrame(summaries)
    specs = {"contracts/s": ".2f", "forward passes / contract": ".2f", "tokens / contract": ".1f",
             "tokens / forward pass": ".2f", "latency p50 ms": ".1f", "latency p95 ms": ".1f"}
    for col, spec in specs.items():
        table[col] = table[col].map(lambda v, spec=spec: _fmt(v, spec))
    st.caption("contracts/s = contracts ÷ their summed per-contract latency. A forward pass can emit several "
               "tokens: forced runs of the grammar are fed to the model in one pass.")
    st.table(table.astype({"contracts": str}).set_index(["arm", "set"]))
    data = pd.concat(latencies, ignore_index=True)
    if data.empty:
        return
    order = list(dict.fromkeys(data["run"]))  # arms in the table's order, not alphabetical
    chart = alt.Chart(data, title="Latency per contract (ms)").mark_boxplot(extent="min-max").encode(
        x=alt.X("latency_ms:Q", title="ms"),
        y=alt.Y("run:N", title=None, sort=order, axis=alt.Axis(labelLimit=260)),
        color=alt.Color("run:N", legend=None, sort=order))
    st.altair_chart(chart.properties(height=alt.Step(28)), width="stretch")
