"""The SFT rows a training run trained on, as its run card (run_card.json) records them.

An SFT run's card names its rows file (`sft_rows`, resolved as training opened it: from the working directory);
a DPO run's card names the rows of the SFT run it started from (`dpo.init_from`), none when it started from the
base. decode.predict and decode.serve make the phrase corpus of these rows by default (decode.phrase_corpus).
"""

from __future__ import annotations

import json
from pathlib import Path

RUN_CARD = "run_card.json"
ROWS_KEY = "sft_rows"


def rows_record(path: str | Path) -> str:
    """How a card records a rows path: absolute, as training resolved it (relative to the working directory)."""
    return str(Path(path).resolve())


def recorded_sft_rows(run_dir: str | Path) -> Path | None:
    """The rows file the run in `run_dir` (or, for a DPO run, the SFT run it started from) trained on; None when
    there is no card, the card is unreadable, or a DPO run started from the base. A card written before
    `sft_rows` was recorded gives an SFT run's config `data.sft_path`, resolved from the working directory as
    training resolved it, and a DPO run's `init_from` run's rows. Whether the file still exists is not checked."""
    run_dir, seen = Path(run_dir), set()
    while run_dir.resolve() not in seen:
        seen.add(run_dir.resolve())
        try:
            card = json.loads((run_dir / RUN_CARD).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if card.get(ROWS_KEY):
            return Path(card[ROWS_KEY])
        if card.get("kind") == "sft":
            path = card.get("config", {}).get("data", {}).get("sft_path")
            return Path(path) if path else None
        if card.get("kind") != "dpo" or not card.get("init_from"):
            return None
        run_dir = Path(card["init_from"])
    return None


def checkpoint_run(checkpoint: str | Path | None) -> Path | None:
    """The run whose exported `model/` a checkpoint dir is (a full run's), or None for any other checkpoint."""
    if not checkpoint:
        return None
    path = Path(checkpoint)
    return path.parent if path.name == "model" and (path.parent / RUN_CARD).is_file() else None
