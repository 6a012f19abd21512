"""`python -m baseline`: the rule baseline's predictions for a file of rows."""

import sys

from baseline.predict import main
from v2t.errors import cli_entry

sys.exit(cli_entry(main)())
