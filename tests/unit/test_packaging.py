"""A non-editable install (pip install ., a wheel) holds every module and stylesheet: setuptools
installs only the packages pyproject.toml lists and the data files its package-data names, while
the editable install every test runs from finds them in the tree whatever the lists say."""

from __future__ import annotations

import subprocess
import tomllib
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def _tracked() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "leadtui"], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.split()
    return [Path(name) for name in listed]


def _package(folder: Path) -> str:
    return ".".join(folder.parts)


def test_every_package_is_listed():
    packages = {_package(path.parent) for path in _tracked() if path.name == "__init__.py"}
    assert packages - set(SETUPTOOLS["packages"]) == set()


def test_every_data_file_is_package_data():
    data = SETUPTOOLS.get("package-data", {})
    files = [path for path in _tracked() if path.suffix != ".py"]
    assert files  # the stylesheets at least
    missed = [str(path) for path in files
              if not any(fnmatch(path.name, pattern) for pattern in data.get(_package(path.parent), ()))]
    assert missed == []
