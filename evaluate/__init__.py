"""Evaluation: strict metrics, per-row diagnostics, the lockbox one-look protocol and reports.

Everything here reads files other stages wrote; the contract rules come from `v2t.contract`.
"""

EVALUATOR_VERSION = "evaluate-v1.0"
