"""Dependencies are bounded, and CI and a newcomer install the same pinned versions."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]


def _requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    return [Requirement(text) for text in
            [*project["dependencies"], *(r for group in extras.values() for r in group)]]


def _pins() -> dict[str, Version]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = Version(version)
    return pins


def test_every_dependency_has_a_lower_and_an_upper_bound():
    for req in _requirements():
        operators = {spec.operator for spec in req.specifier}
        assert ">=" in operators and "<" in operators, f"{req} needs >= and < bounds"


def test_textual_is_bounded_to_the_tested_major():
    textual = next(r for r in _requirements() if r.name == "textual")
    pinned = _pins()["textual"]
    assert pinned in textual.specifier
    assert not textual.specifier.contains(f"{pinned.major + 1}.0"), "the next major is untested"


def test_constraints_pin_every_dependency_within_its_bounds():
    pins = _pins()
    for req in _requirements():
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is not pinned in constraints.txt"
        assert pins[name] in req.specifier, f"constraints.txt pins {req.name} {pins[name]} outside {req}"


def test_ci_and_the_readme_install_from_the_constraints():
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"pip install .*-c constraints\.txt -e \"\.\[test\]\"", ci)
    readme = (ROOT / "README.md").read_text()
    installs = re.findall(r"^pip install .*$", readme, re.M)
    assert installs and all("-c constraints.txt" in line for line in installs), installs
