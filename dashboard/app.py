"""The stakeholder dashboard: overview and lockbox, arms, safety, robustness, dialogues, training, decoding, dev rows.

`streamlit run dashboard/app.py [-- --reports DIR --runs DIR --lockbox-manifest F]` (or V2T_* env vars).
"""

from __future__ import annotations

import sys
from pathlib import Path

# Streamlit runs this file as a script with only dashboard/ on the path; the packages live one up.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import streamlit as st  # noqa: E402

from dashboard.load import scan_reports, scan_runs  # noqa: E402
from dashboard.sections import (  # noqa: E402
    SECTIONS,
    TITLE,
    arms,
    decoding,
    dialogues,
    overview,
    robustness,
    rows,
    safety,
    training,
)
from dashboard.settings import from_process  # noqa: E402

HOW_TO_PRODUCE = """\
No evaluation reports under `{reports}/` yet. Produce them with

```
make demo
```

which builds the data, trains the small CPU SFT and DPO runs, decodes every arm and writes
`reports/<arm>/<set>/report.json` (with `predictions.jsonl` beside it). One report by hand:

```
python -m evaluate.metrics --gold GOLD.jsonl --predictions reports/ARM/SET/predictions.jsonl \\
    --out reports/ARM/SET/report.json
```

Then reload this page.
"""


def main() -> None:
    st.set_page_config(page_title="voice2task dashboard", layout="wide")
    paths = from_process()
    st.title(TITLE)
    scan = scan_reports(paths.reports)
    for problem in scan.problems:
        st.error(f"Report unreadable, left out: {problem}")
    tabs = dict(zip(SECTIONS, st.tabs(list(SECTIONS), key="section", bind="query-params"), strict=True))
    with tabs["Overview"]:
        overview.render(paths.lockbox_manifest, paths.ledger, paths.non_claims)
    with tabs["Training"]:
        runs, run_problems = scan_runs(paths.runs)
        training.render(runs, run_problems, str(paths.runs))
    if not scan.reports:
        for name in ("Arms", "Safety", "Robustness", "Dialogues", "Decoding", "Rows"):
            with tabs[name]:
                st.info(HOW_TO_PRODUCE.format(reports=paths.reports))
        return
    with tabs["Arms"]:
        arms.render(scan)
    with tabs["Safety"]:
        safety.render(scan)
    with tabs["Robustness"]:
        robustness.render(scan)
    with tabs["Dialogues"]:
        dialogues.render(scan)
    with tabs["Decoding"]:
        decoding.render(scan)
    with tabs["Rows"]:
        rows.render(scan)


main()
