"""The stage layout of ARCHITECTURE.md: which top-level package may import which."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("v2t", "train", "decode", "baseline", "evaluate", "dashboard")
MAY_IMPORT = {
    "v2t": set(),
    "train": {"v2t"},
    "decode": {"v2t"},
    "baseline": {"v2t"},
    "evaluate": {"v2t"},
    "dashboard": {"v2t", "evaluate"},
}


def imported_stages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names & set(STAGES)


@pytest.mark.parametrize("stage", STAGES)
def test_stage_imports_only_what_the_architecture_allows(stage):
    wrong = []
    for path in sorted((ROOT / stage).rglob("*.py")):
        for other in sorted(imported_stages(path) - MAY_IMPORT[stage] - {stage}):
            wrong.append(f"{path.relative_to(ROOT)} imports {other}")
    assert wrong == []


def test_the_rule_arm_lives_in_baseline_only():
    rule_modules = {"injection_frames", "site_table", "sites", "form_fields", "form_labels", "spoken_values",
                    "search_query", "baseline"}
    misplaced = [str(p.relative_to(ROOT)) for stage in ("v2t", "evaluate")
                 for p in (ROOT / stage).glob("*.py") if p.stem in rule_modules]
    assert misplaced == []
