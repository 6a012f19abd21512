"""Training: loss and learning rate, dev loss, tokens/s, and DPO's reward metrics, per run.

Every run under `runs/` is shown; a run that logs `rewards/*` is a DPO run.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

DPO_KEYS = ("rewards/margins", "rewards/accuracies", "rewards/chosen", "rewards/rejected")


def is_dpo(frame: pd.DataFrame) -> bool:
    return any(k in frame.columns for k in DPO_KEYS)


def _last(frame: pd.DataFrame, key: str) -> float | None:
    if key not in frame.columns:
        return None
    values = frame[key].dropna()
    return float(values.iloc[-1]) if len(values) else None


def _fmt(v: float | None, spec: str = ".4f") -> str:
    return "—" if v is None or pd.isna(v) else format(v, spec)


def runs_table(runs: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One line per run: kind, steps, final loss and dev loss, mean tokens/s, final DPO accuracy."""
    out = []
    for name, f in runs.items():
        tps = f["tokens_per_s"].mean() if "tokens_per_s" in f.columns else None
        out.append({
            "run": name,
            "kind": "DPO" if is_dpo(f) else "SFT",
            "logged steps": str(len(f)),
            "last step": str(int(f["step"].iloc[-1])),
            "final loss": _fmt(_last(f, "loss")),
            "final dev loss": _fmt(_last(f, "dev_loss")),
            "mean tokens/s": _fmt(tps, ".1f"),
            "final rewards/accuracies": _fmt(_last(f, "rewards/accuracies")),
            "final rewards/margins": _fmt(_last(f, "rewards/margins")),
        })
    return pd.DataFrame(out).set_index("run")


def long_form(runs: dict[str, pd.DataFrame], keys: tuple[str, ...]) -> pd.DataFrame:
    parts = []
    for name, f in runs.items():
        present = [k for k in keys if k in f.columns]
        if present:
            part = f[["step", *present]].melt(id_vars="step", var_name="series", value_name="value").dropna()
            parts.append(part.assign(run=name))
    if not parts:
        return pd.DataFrame(columns=["step", "series", "value", "run"])
    return pd.concat(parts, ignore_index=True)


def line_chart(data: pd.DataFrame, title: str, *, points: bool = False) -> alt.Chart:
    chart = alt.Chart(data, title=title).mark_line(point=points).encode(
        x=alt.X("step:Q"),
        y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False)),
        color=alt.Color("run:N"),
        # The dash tells series apart only where a chart has more than one.
        strokeDash=alt.StrokeDash("series:N", legend=None if data["series"].nunique() < 2 else alt.Legend()),
        tooltip=["run", "series", "step", alt.Tooltip("value:Q", format=".5g")],
    )
    return chart.properties(height=220)


def _chart(runs: dict[str, pd.DataFrame], keys: tuple[str, ...], title: str, *, points: bool = False) -> None:
    data = long_form(runs, keys)
    if data.empty:
        st.caption(f"{title}: not logged by any run.")
    else:
        st.altair_chart(line_chart(data, title, points=points), width="stretch")


def render(runs: dict[str, pd.DataFrame], problems: list[str], runs_dir: str) -> None:
    for p in problems:
        st.error(f"Run metrics unreadable: {p}")
    if not runs:
        st.info(f"No training runs under `{runs_dir}/` (each run writes `<name>/metrics.jsonl`): "
                "`make demo` trains the small CPU SFT and DPO runs.")
        return
    st.table(runs_table(runs))
    sft = {n: f for n, f in runs.items() if not is_dpo(f)}
    dpo = {n: f for n, f in runs.items() if is_dpo(f)}
    left, right = st.columns(2)
    with left:
        _chart(runs, ("loss",), "Training loss")
        _chart(runs, ("dev_loss",), "Dev loss", points=True)
        _chart(runs, ("grad_norm",), "Gradient norm")
    with right:
        _chart(runs, ("lr",), "Learning rate")
        _chart(runs, ("tokens_per_s",), "Tokens/s")
    if dpo:
        st.markdown("**DPO rewards** (TRL names: implicit reward = β · log-ratio to the reference)")
        left, right = st.columns(2)
        with left:
            _chart(dpo, ("rewards/margins",), "rewards/margins")
            _chart(dpo, ("rewards/chosen", "rewards/rejected"), "rewards/chosen and rewards/rejected")
        with right:
            _chart(dpo, ("rewards/accuracies",), "rewards/accuracies")
            _chart(dpo, ("logps/chosen", "logps/rejected"), "logps/chosen and logps/rejected")
    if not sft:
        st.caption("No SFT run logged.")
