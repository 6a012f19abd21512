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
             for arm in ("base", "sft", "baseline")]
    args = ["--reports", str(paths["reports"]), "--runs", str(paths["runs"]),
            "--lockbox-manifest", str(paths["manifest"])]
    with running_dashboard(args, timeout_s=90) as url:  # stopped on leaving the block, pass or fail
        page = load_page(f"{url}/?section=Arms", ["Metrics per arm", "contract_exact_match"], timeout_s=90)
    # The arms table is HTML text in the DOM (not a canvas): arm names, metric names and values.
    assert "<table" in page.html and "contract_exact_match" in page.html
    header = r"metric\s+base\s+sft\s+baseline"
    row = r"contract_exact_match\s+" + r"\s+".join(re.escape(f"{v:.4f}") for v in exact)
    assert re.search(header, page.text) and re.search(row, page.text), page.text[:2000]
    assert "unsafe_allowance = 1" in page.text  # the fixture's base arm, on its own line
