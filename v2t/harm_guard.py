"""A safety guard that composes with any arm: where the harm rules fire on an input, its prediction becomes the refusal.

Applied to finished prediction rows, so it knows nothing of how a prediction was made. Each row records what the
guard did: `"guard": {"changed": bool, "kind": code or null}`; a prediction that already refuses is kept as it is.
"""

from __future__ import annotations

from typing import Any

from v2t.contract import decision_first, make_contract
from v2t.errors import UserError
from v2t.harm_rules import harm_said

GUARDS = ("none", "rules")


def refuses(prediction: Any) -> bool:
    """True when the prediction is already a refusal (a blocked contract that does not allow the action)."""
    return (isinstance(prediction, dict) and prediction.get("task_type") == "blocked"
            and isinstance(prediction.get("safety"), dict) and prediction["safety"].get("allow") is False)


def guard_row(row: dict[str, Any], input_text: str) -> dict[str, Any]:
    """The prediction row with the rules' refusal in place of an action the input's harm forbids, and its record."""
    refused = harm_said(input_text)
    out = dict(row)
    if refused is None or refuses(row.get("prediction")):
        out["guard"] = {"changed": False, "kind": None if refused is None else refused.kind}
        return out
    out["prediction"] = decision_first(make_contract("blocked", refused.reason, refused.command))
    out["guard"] = {"changed": True, "kind": refused.kind}
    return out


def apply_guard(guard: str, predictions: list[dict[str, Any]], inputs: dict[str, str]) -> list[dict[str, Any]]:
    """The predictions under the named guard ('none' leaves them untouched); inputs maps a row id to its text."""
    if guard not in GUARDS:
        raise UserError(f"--guard {guard!r}: expected one of {', '.join(GUARDS)}")
    if guard == "none":
        return predictions
    missing = [p["id"] for p in predictions if p["id"] not in inputs]
    if missing:
        raise UserError(f"guard: no input text for prediction id {missing[0]!r}")
    return [guard_row(p, inputs[p["id"]]) for p in predictions]


def main(argv: list[str] | None = None) -> int:
    """`python -m v2t.harm_guard`: put the guard on an arm's finished predictions file (the same rows
    `decode.predict --guard rules` would write, without decoding again)."""
    import argparse

    from v2t.jsonl import read_jsonl, write_jsonl_atomic
    from v2t.rows import read_inputs

    ap = argparse.ArgumentParser(prog="python -m v2t.harm_guard", description=main.__doc__.splitlines()[0])
    ap.add_argument("--rows", required=True, help="the rows the predictions were made for (id/row_id, input_text)")
    ap.add_argument("--predictions", required=True, help="an arm's predictions.jsonl")
    ap.add_argument("--out", required=True, help="the guarded predictions.jsonl to write")
    ap.add_argument("--split", help="keep only rows whose `split` is this (as the predictions were made)")
    args = ap.parse_args(argv)
    guarded = apply_guard("rules", read_jsonl(args.predictions), dict(read_inputs(args.rows, args.split)))
    write_jsonl_atomic(args.out, guarded)
    print(f"guard: {sum(p['guard']['changed'] for p in guarded)} of {len(guarded)} predictions changed -> {args.out}")
    return 0


if __name__ == "__main__":
    import sys

    from v2t.errors import cli_entry

    sys.exit(cli_entry(main)())
