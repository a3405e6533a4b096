"""The README's command line and `leadtui --help` agree: every command and option is documented,
and every command line the README shows is one leadtui reads."""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import shlex
from pathlib import Path

import pytest

from leadtui.cli import _query_as_one
from leadtui.cli.parser import build_parser

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
# Options every command takes, documented once at the top of "The command line".
COMMON = {"--help", "--db", "--format", "--demo"}
# Options before the command that take a value.
GLOBAL_WITH_VALUE = {"--db", "--config", "--open", "--format"}


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield (*path, name), sub
                yield from _commands(sub, (*path, name))


COMMANDS = dict(_commands(build_parser()))
SH_LINES = [line.strip()
            for indent, block in re.findall(r"^( *)```sh\n(.*?)^\1```", README, flags=re.S | re.M)
            for line in block.replace("\\\n", " ").splitlines()
            if line.strip().startswith("leadtui ")]


def _command_of(argv: list[str]) -> str | None:
    """The command word of `leadtui [global options] COMMAND …`, None for the TUI."""
    words = iter(argv[1:])
    for word in words:
        if word in GLOBAL_WITH_VALUE:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def _invoked() -> set[str]:
    """The commands the README runs, in its code blocks and in `leadtui …` inline code."""
    lines = SH_LINES + re.findall(r"`(leadtui [^`]+)`", README)
    found = set()
    for line in lines:
        with contextlib.suppress(ValueError):
            command = _command_of(shlex.split(line, comments=True))
            if command:
                found.add(command)
    return found


@pytest.mark.parametrize("command", sorted(name[0] for name in COMMANDS if len(name) == 1))
def test_every_command_is_shown_in_the_readme(command):
    assert command in _invoked(), f"`leadtui {command}` is in --help but the README never shows it"


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=" ".join)
def test_every_option_of_every_command_is_in_the_readme(path):
    options = {option for action in COMMANDS[path]._actions for option in action.option_strings
               if option.startswith("--")} - COMMON
    missing = {o for o in options if not re.search(re.escape(o) + r"(?![\w-])", README)}
    assert not missing, f"leadtui {' '.join(path)}: options not in the README: {sorted(missing)}"


def test_every_option_before_the_command_is_in_the_readme():
    options = {option for action in build_parser()._actions for option in action.option_strings
               if option.startswith("--")} - COMMON
    missing = {o for o in options if not re.search(re.escape(o) + r"(?![\w-])", README)}
    assert not missing, f"leadtui's own options not in the README: {sorted(missing)}"


def test_the_readme_names_every_screen_open_takes():
    open_action = next(a for a in build_parser()._actions if "--open" in a.option_strings)
    run_it = README.split("## Run it", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`([a-z]+)`", run_it))
    assert set(open_action.choices) <= named


# A synopsis line shows optional parts in brackets: it documents, it is not typed as is.
@pytest.mark.parametrize("line", [line for line in SH_LINES if "[--" not in line])
def test_every_readme_command_line_is_one_leadtui_reads(line):
    parser = build_parser()
    argv = shlex.split(line, comments=True)[1:]
    errors = io.StringIO()
    try:
        with contextlib.redirect_stderr(errors):
            parser.parse_args(_query_as_one(parser, argv))
    except SystemExit:
        pytest.fail(f"{line!r}: {errors.getvalue().strip().splitlines()[-1]}")


def test_the_readme_lists_every_activity_kind_and_which_show_interest():
    from leadtui.kit.vocab import ACTIVITY_KINDS, INTEREST_KINDS

    listed = README.split("Activity kinds for `log`:", 1)[1].split(".", 1)[0]
    assert set(re.findall(r"[a-z]+", listed)) - {"sent", "received"} == set(ACTIVITY_KINDS)
    interest = README.split("shows interest: a prospect becomes a lead", 1)[0].rsplit(".", 1)[1]
    assert set(re.findall(r"[a-z]+", interest)) - {"or"} == set(INTEREST_KINDS)


def test_the_readme_names_every_stage_as_the_app_does():
    from leadtui.kit.vocab import OPEN_STAGES, STAGE_NAMES

    stages = README.split("Stages, as the source documents name them", 1)[1].split("\n\n", 1)[0]
    flat = " ".join(stages.split())
    for key, (name, short) in STAGE_NAMES.items():
        assert name in flat and short in flat, f"stage {key}: {name!r} / {short!r} not in the README"
    assert all(f"(`{key}`)" in flat for key in OPEN_STAGES)


def test_every_query_field_is_in_the_readme_table():
    from leadtui.finding.querylang import FIELDS

    section = README.split("## Query language", 1)[1].split("\n## ", 1)[0]
    first_cells = " ".join(line.split("|")[1] for line in section.splitlines() if line.startswith("| "))
    missing = set(FIELDS) - set(re.findall(r"`([a-z_]+)`", first_cells))
    assert not missing, f"query fields the README's table leaves out: {sorted(missing)}"
