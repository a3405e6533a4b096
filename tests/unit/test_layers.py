"""The storage and domain layers never import textual: the CLI stays fast and the core headless."""

import subprocess
import sys

import pytest

HEADLESS = [
    "leadtui.db.models", "leadtui.db.connection", "leadtui.leads", "leadtui.queries",
    "leadtui.staleness", "leadtui.scoring", "leadtui.cli", "leadtui.cli.parser", "leadtui.icp",
    "leadtui.rules", "leadtui.when", "leadtui.config", "leadtui.insight.funnel",
    "leadtui.insight.sources", "leadtui.insight.response", "leadtui.insight.workload", "leadtui.money",
    "leadtui.insight.periodic", "leadtui.insight.planner", "leadtui.insight.tables", "leadtui.cli.report",
]


@pytest.mark.parametrize("module", HEADLESS)
def test_module_does_not_import_textual(module):
    code = f"import sys, {module}; print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_cli_add_runs_without_textual(tmp_path):
    code = (
        "import sys; from leadtui.cli import main; rc = main(['--db', sys.argv[1], 'add', 'Jane', "
        "'--email', 'jane@example.com', '--next', 'tomorrow 9am']); "
        "assert rc == 0; print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "x.db")], capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
