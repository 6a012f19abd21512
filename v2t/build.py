"""`python -m v2t.build`: seeds -> SFT rows, DPO pairs with hard negatives, and a manifest.

Dialogue seeds (seeds/dialogues/*.jsonl, v2t/build_dialogues.py) add, for the training split, one SFT row per turn and
wording variant with its `history` and history DPO pairs; dialogues.jsonl holds every dialogue seed as read (its dev
split is what the dialogue arms are scored on).

Everything is validated and scanned before the first byte is written; the same seeds give the same bytes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from v2t.asr_noise import NoiseConfig, load_noise_config, noised_copies
from v2t.build_dialogues import HISTORY_REASONS, dialogue_counts, dialogue_rows, load_dialogues
from v2t.contract import decision_first
from v2t.dialogue import dialogue_files
from v2t.errors import UserError, cli_entry, located
from v2t.harm_kinds import row_category
from v2t.jsonl import dumps_line, write_text_atomic
from v2t.manifest import build_manifest
from v2t.negatives import CATEGORIES, PAIRS_PER_FORM, negatives_for_seed
from v2t.public_scan import finding
from v2t.seeds import Seed, load_seeds, seed_files

OUTPUT_NAMES = ("sft.jsonl", "dpo.jsonl", "dialogues.jsonl")


def sft_rows(seed: Seed) -> list[dict[str, Any]]:
    target = decision_first(seed.row["target_contract"])
    return [
        {"id": form_id, "split": seed.row["split"], "input_text": text, "target_contract": target,
         "provenance": {"seed": seed.id, "form": form, "source": seed.row["provenance"]}}
        for form_id, form, text in seed.forms()
    ]


def dpo_rows(seed: Seed) -> list[dict[str, Any]]:
    chosen = decision_first(seed.row["target_contract"])
    forms = {form_id: (form, text) for form_id, form, text in seed.forms()}
    texts = [(form_id, text) for form_id, (_, text) in forms.items()]
    return [
        {"id": f"{form_id}/{category}", "split": seed.row["split"], "input_text": forms[form_id][1],
         "chosen_contract": chosen, "rejected_contract": decision_first(rejected), "rejection_reason": category,
         "provenance": {"seed": seed.id, "form": forms[form_id][0], "source": seed.row["provenance"]}}
        for form_id, category, rejected in negatives_for_seed(seed.id, chosen, texts, row_category(seed.row))
    ]


def scan(seeds: list[Seed], outputs: dict[str, list[dict[str, Any]]]) -> None:
    """Refuse private paths, secrets and private addresses: in a seed by file:line, else by output row id."""
    for seed in seeds:
        found = finding(seed.row)
        if found:
            raise located(seed.path, seed.line, f"seed {seed.id} holds {found}; refusing to write public data")
    for name, rows in outputs.items():
        for row in rows:
            found = finding(row)
            if found:
                raise UserError(f"{name}: row {row['id']} holds {found}; refusing to write public data")


def build(seed_dir: Path, out_dir: Path, noise: NoiseConfig | None = None) -> dict[str, Any]:
    """Validate, generate, scan, then write sft.jsonl, dpo.jsonl and manifest.json; returns the manifest.

    With `noise`, each training-split single-turn SFT row also gets a noised copy (v2t/asr_noise.py); dev rows
    and dialogue turns stay clean.
    """
    seeds = load_seeds(seed_dir)
    dialogues = load_dialogues(seed_dir, seeds)
    sft = [r for s in seeds for r in sft_rows(s)]
    noised = noised_copies([r for r in sft if r["split"] == "train"], noise) if noise else None
    if noised:
        sft += noised[0]
    dpo = [r for s in seeds for r in dpo_rows(s)]
    made = [dialogue_rows(d) for d in dialogues]
    # Only training dialogues become rows: sft.jsonl's dev and test splits stay the one-turn sets every arm is scored
    # on, and dev/test dialogues are decoded turn by turn from dialogues.jsonl (with gold or own history).
    dlg_sft = [r for m in made for r in m[0] if r["split"] == "train"]
    dlg_dpo = [r for m in made for r in m[1] if r["split"] == "train"]
    sft, dpo = sft + dlg_sft, dpo + dlg_dpo
    scan(seeds, {"sft.jsonl": sft, "dpo.jsonl": dpo})
    outputs = (sft, dpo, [d.dialogue.row for d in dialogues])
    texts = {name: "".join(dumps_line(r) + "\n" for r in rows) for name, rows in zip(OUTPUT_NAMES, outputs, strict=True)}
    settings = {"pairs_per_form": PAIRS_PER_FORM, "categories": [*CATEGORIES, *HISTORY_REASONS]}
    if noised:
        settings["asr_noise"] = noise.settings()
    manifest = build_manifest(seed_files(seed_dir), [s.row for s in seeds], texts, sft, dpo, settings,
                              dialogue_files(seed_dir))
    manifest["counts"]["dialogues"] = dialogue_counts(dialogues, dlg_sft, dlg_dpo)
    if noised:
        manifest["counts"]["asr_noise"] = noised[1]
    for name, text in texts.items():
        write_text_atomic(out_dir / name, text)
    write_text_atomic(out_dir / "manifest.json", dumps_manifest(manifest))
    return manifest


def dumps_manifest(manifest: dict[str, Any]) -> str:
    return json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"


def summary(manifest: dict[str, Any]) -> str:
    c = manifest["counts"]
    lines = [f"seeds: {c['seeds']['total']} in {len(manifest['seed_files'])} file(s), {c['seeds']['families']} families "
             f"{_fmt(c['seeds']['by_split'])}"]
    lines.append(f"sft:   {c['sft']['total']} rows {_fmt(c['sft']['by_split'])} {_fmt(c['sft']['by_task_type'])}")
    if "asr_noise" in c:
        lines.append(f"       of them {c['asr_noise']['rows_noised']} noised copies of training rows {_fmt(c['asr_noise']['errors'])}")
    lines.append(f"dpo:   {c['dpo']['total']} pairs {_fmt(c['dpo']['by_split'])}")
    lines += [f"  {reason:<22} {n}" for reason, n in c["dpo"]["by_rejection_reason"].items()]
    d = c["dialogues"]
    if d["total"]:
        lines.append(f"dialogues: {d['total']} {_fmt(d['by_split'])}, {d['turn_rows']['total']} turn rows, "
                     f"{d['pairs']['total']} history pairs {_fmt(d['pairs']['by_rejection_reason'])}")
    lines.append(f"seed set hash {manifest['seed_set_hash'][:16]}")
    return "\n".join(lines)


def _fmt(counts: dict[str, int]) -> str:
    return "(" + ", ".join(f"{k} {v}" for k, v in counts.items()) + ")"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m v2t.build", description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=Path("data/seeds"), help="folder of seed *.jsonl files")
    parser.add_argument("--out", type=Path, default=Path("data/build"), help="output folder")
    noise = parser.add_mutually_exclusive_group()
    noise.add_argument("--noise-rate", type=float, help="add a noised copy of each training input at this ASR noise "
                       "rate (0-1, shares in v2t/asr_noise.py); off by default")
    noise.add_argument("--noise-config", type=Path, help="TOML of per-kind noise rates and seed (v2t.asr_noise.NoiseConfig)")
    parser.add_argument("--noise-seed", type=int, default=0, help="seed for --noise-rate")
    args = parser.parse_args(argv)
    config = None
    if args.noise_rate is not None:
        config = NoiseConfig.at_rate(args.noise_rate, seed=args.noise_seed)
    elif args.noise_config is not None:
        config = load_noise_config(args.noise_config)
    manifest = build(args.seeds, args.out, config)
    print(summary(manifest))
    print(f"wrote {args.out}/{', '.join(OUTPUT_NAMES)}, manifest.json")
    return 0


if __name__ == "__main__":
    sys.exit(cli_entry(main)())
