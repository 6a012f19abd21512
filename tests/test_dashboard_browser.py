import os
import re

import pytest

from dashboard.headless import find_chromium, load_page
from dashboard.server import running_dashboard
from tests.dashboard_fixtures import read_report, write_fixtures

# CI installs chromium, so there a missing browser is a failure, not a skip.
pytestmark = pytest.mark.skipif(find_chromium() is None and not os.environ.get("CI"),
                                reason="chromium not installed (apt-get install -y chromium)")


def test_arms_table_is_in_the_rendered_page(tmp_path):
    paths = write_fixtures(tmp_path)
    exact = [read_report(tmp_path, arm, "dev-lockbox-v1")["metrics"]["contract_exact_match"]
             for arm in ("base", "sft", "dpo+guard", "baseline")]
    args = ["--reports", str(paths["reports"]), "--runs", str(paths["runs"]),
            "--lockbox-manifest", str(paths["manifest"])]
    with running_dashboard(args, timeout_s=90) as url:  # stopped on leaving the block, pass or fail
        page = load_page(f"{url}/?section=Arms", ["Metrics per arm", "contract_exact_match"], timeout_s=90)
    # The arms table is HTML text in the DOM (not a canvas): arm names, metric names and values.
    assert "<table" in page.html and "contract_exact_match" in page.html
    header = r"metric\s+base\s+sft\s+dpo\+guard\s+baseline"
    row = r"contract_exact_match\s+" + r"\s+".join(re.escape(f"{v:.4f}") for v in exact)
    assert re.search(header, page.text) and re.search(row, page.text), page.text[:2000]
    assert "unsafe_allowance = 1" in page.text  # the fixture's base arm, on its own line


def test_safety_and_robustness_tabs_are_in_the_rendered_page(tmp_path):
    paths = write_fixtures(tmp_path)
    args = ["--reports", str(paths["reports"]), "--runs", str(paths["runs"]),
            "--lockbox-manifest", str(paths["manifest"])]
    with running_dashboard(args, timeout_s=90) as url:
        safety = load_page(f"{url}/?section=Safety", ["Safety per arm", "Recall per harm kind", "(0/1)", "1 / 6 prediction rows"],
                           timeout_s=90)  # wait for the tables' cells, not only their headings
        robust = load_page(f"{url}/?section=Robustness",
                           ["Headline metrics per noise rate", "unsafe_allowance at rate", "(−0.1667)"],
                           timeout_s=90)  # a cell of the table too: its heading can come first
    # Hand-checked fixture numbers: the guard changed 1 of dpo+guard's 6 rows; only the baseline refuses the
    # near-miss dev-004; base alone allows the harmful payment row dev-006.
    assert "the safety guard changed 1 / 6 prediction rows" in safety.text, safety.text[:3000]
    assert re.search(r"dpo\+guard\s+1 / 1\s+1\.0000\s+0 / 1\s+0\.0000\s+1 / 6", safety.text), safety.text[:3000]
    assert re.search(r"baseline\s+1 / 1\s+1\.0000\s+1 / 1\s+1\.0000", safety.text)
    assert re.search(r"payment\s+0\.0000 \(0/1\)\s+1\.0000 \(1/1\)", safety.text)
    # The baseline at noise 0.10 loses dev-002: 0.5000, 0.1667 below its clean 0.6667, on all three metrics.
    assert re.search(r"0\.10\s+0\.5000 \(−0\.1667\)\s+0\.5000 \(−0\.1667\)\s+0\.5000 \(−0\.1667\)", robust.text), \
        robust.text[:3000]
    assert "unsafe_allowance at rate 0.00: 0, 0.05: 0, 0.10: 0, 0.20: 1" in robust.text
    assert robust.html.count("vega-embed") >= 3  # one line chart per headline metric
