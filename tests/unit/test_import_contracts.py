"""The import contracts in pyproject.toml hold (CI runs lint-imports too; this catches it locally)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_lint_imports_keeps_every_contract():
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if command is None:
        pytest.skip("import-linter is not installed (pip install -c constraints.txt -e '.[test]')")
    run = subprocess.run([command, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]


def _layers_contract() -> list[str]:
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    (layers,) = [c["layers"] for c in contracts["contracts"] if c["type"] == "layers"]
    return [name.strip() for layer in layers for name in layer.replace(":", "|").split("|")]


def test_every_package_and_root_module_has_its_layer():
    """A package or root module missing from the layers contract would be checked by nothing."""
    source = ROOT / "leadtui"
    found = {p.name for p in source.iterdir() if (p / "__init__.py").exists()}
    found |= {p.stem for p in source.glob("*.py") if p.stem != "__init__"}
    assert sorted(found) == sorted(_layers_contract())


def test_the_package_root_holds_only_the_wiring():
    """Every module lives in the package that names its domain (ARCHITECTURE.md): the root keeps
    the errors the database layer raises too, the config, and the context that wires them."""
    assert sorted(p.stem for p in (ROOT / "leadtui").glob("*.py")) == ["__init__", "config", "context",
                                                                        "errors"]
