"""The README's examples work as printed: every TOML block loads with the real config loader."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

import leadtui.config
from leadtui.config import load_config
from leadtui.tui.app import check_keymap

ROOT = Path(__file__).parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
TOML_BLOCKS = re.findall(r"^( *)```toml\n(.*?)^\1```", README, flags=re.S | re.M)


def _dedent(indent: str, block: str) -> str:
    return "\n".join(line.removeprefix(indent) for line in block.splitlines()) + "\n"


def test_the_readme_has_toml_examples():
    assert len(TOML_BLOCKS) >= 4


@pytest.mark.parametrize("block", [_dedent(i, b) for i, b in TOML_BLOCKS],
                         ids=[b.splitlines()[0][:40] for _, b in TOML_BLOCKS])
def test_every_readme_toml_block_is_a_valid_config(tmp_path, block):
    path = tmp_path / "config.toml"
    path.write_text(block, encoding="utf-8")
    config = load_config(path)  # raises ConfigError on an unknown key, as every command would
    check_keymap(config.keymap)


def test_the_config_modules_example_is_a_valid_config(tmp_path):
    example = leadtui.config.__doc__.split("Example config.toml:", 1)[1]
    block = "\n".join(line.removeprefix("    ") for line in example.splitlines())
    path = tmp_path / "config.toml"
    path.write_text(block.strip().removesuffix('"""'), encoding="utf-8")
    assert tomllib.loads(path.read_text())
    config = load_config(path)
    assert config.currency == "EUR" and config.response_target_hours == 24


def test_the_readme_says_which_python_and_a_virtualenv_before_installing():
    before_install = README.split("## Run it", 1)[1].split("pip install", 1)[0]
    assert "Python ≥ 3.11" in before_install and "virtualenv" in before_install
    assert "venv" in before_install.split("```sh", 1)[1]


def _documented_config_keys() -> set[str]:
    """Every key the README's TOML examples set, as dotted paths (`priority.stage.offer`)."""
    keys: set[str] = set()

    def walk(table: dict, prefix: str) -> None:
        for key, value in table.items():
            keys.add(prefix + key)
            if isinstance(value, dict):
                walk(value, f"{prefix}{key}.")

    for indent, block in TOML_BLOCKS:
        walk(tomllib.loads(_dedent(indent, block)), "")
    return keys


def test_every_key_config_toml_accepts_is_in_a_readme_example(tmp_path, monkeypatch):
    accepted: set[str] = {"staleness.hot", "staleness.warm", "staleness.cold", "staleness.stage"}
    checker = leadtui.config._unknown

    def recording(keys, allowed, where=""):
        accepted.update(f"{where}.{key}" if where else key for key in allowed)
        return checker(keys, allowed, where)

    monkeypatch.setattr(leadtui.config, "_unknown", recording)
    (tmp_path / "config.toml").write_text("", encoding="utf-8")
    load_config(tmp_path / "config.toml")  # checks every table's keys, even an empty one's
    missing = accepted - _documented_config_keys()
    assert not missing, f"config.toml keys no README example shows: {sorted(missing)}"


def test_the_readmes_add_options_name_every_option_of_add():
    """`leadtui add` takes every field of the edit form as an option: the README's list of them
    grows with the fields."""
    import argparse

    from leadtui.cli.parser import build_parser

    (listed,) = re.findall(r"^`add` options: (.*?)\.\n", README, flags=re.S | re.M)
    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    shared = {"--help", "--db", "--format", "--demo"}
    options = {o for a in commands.choices["add"]._actions for o in a.option_strings if o.startswith("--")}
    assert sorted(o for o in options - shared if not re.search(re.escape(o) + r"(?![\w-])", listed)) == []
