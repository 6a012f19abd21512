"""Overview: what the system does, the lockbox card with its one-look ledger, and the non-claims.

The non-claims are read from `docs/non_claims.md`, never written here.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.load import load_ledger, read_text
from evaluate.lockbox_rows import read_manifest
from v2t.errors import UserError

WHAT_IT_DOES = (
    "voice2task turns a Chinese spoken command (or its ASR transcript) into one strict JSON "
    "**Browser Task Contract**: the task type, the channel, whether it is allowed, whether the user must "
    "confirm, and the task's parameters. A Qwen2-architecture model post-trained in JAX (LoRA SFT, then DPO) "
    "writes it through a grammar-masked decoder, so every output is schema-valid by construction. "
    "It never drives a browser: it only writes the contract a browser agent would act on."
)
LEDGER_COLUMNS = ("time", "arm", "lockbox_hash", "commit", "evaluator_version", "forced")


def _short(h: str) -> str:
    return f"{h[:12]}…" if len(h) > 16 else h


def render_lockbox(manifest_path: Path, ledger_path: Path) -> None:
    st.subheader("Development lockbox")
    try:
        m = read_manifest(manifest_path)
    except UserError as e:
        st.warning(f"Lockbox manifest unavailable: {e}")
    else:
        c1, c2, c3, c4 = st.columns(4)
        c1.metric("Rows", m.row_count)
        c2.metric("Semantic families", m.family_count)
        c3.metric("Frozen", "yes" if m.frozen else "NO")
        c4.metric("Lockbox hash", _short(m.lockbox_hash), help=m.lockbox_hash)
        st.markdown(f"Lockbox hash: `{m.lockbox_hash}`  \nFrozen at: **{m.frozen_at or '—'}**"
                    f" · manifest `{m.manifest_id}` · `{m.path}`")
        if m.hash_matches_rows:
            st.caption(f"The lockbox hash matches its {m.row_count} row content hashes (CONTRACT.md §7).")
        else:
            st.error(f"{m.path}: lockbox_hash does not match its content_hashes (or row_count)")
    st.markdown("**One-look ledger** — every evaluation of a frozen lockbox, append-only; "
                "a second look by the same arm happens only when forced, and says so.")
    try:
        ledger = load_ledger(ledger_path)
    except UserError as e:
        st.error(f"Ledger unreadable: {e}")
        return
    if ledger.empty:
        st.info(f"No look recorded yet ({ledger_path}).")
        return
    if "forced" in ledger.columns:
        forced = int((ledger["forced"] == True).sum())  # noqa: E712  (a JSON true, not any truthy text)
        st.caption(f"{len(ledger)} looks, {forced} forced.")
    first = [c for c in LEDGER_COLUMNS if c in ledger.columns]
    st.table(ledger[first + [c for c in ledger.columns if c not in first]].astype(str))


def render(manifest_path: Path, ledger_path: Path, non_claims_path: Path) -> None:
    st.markdown(WHAT_IT_DOES)
    render_lockbox(manifest_path, ledger_path)
    st.subheader("What these results do not claim")
    try:
        text = read_text(non_claims_path)
    except UserError as e:
        st.warning(f"Non-claims unavailable: {e}")
        return
    # The file's own title is replaced by the subheader above.
    st.markdown("\n".join(line for line in text.splitlines() if not line.startswith("# ")))
