"""The argument parser: shared options once, then one module per command group."""

from __future__ import annotations

import argparse

from leadtui import __version__
from leadtui.cli import (
    capture,
    daily,
    data,
    edit,
    followups,
    interop,
    leads,
    outreach,
    qualify,
    report,
    sync,
    system,
    team,
    undo,
)
from leadtui.cli.common import EPILOG, add_demo_option
from leadtui.config import START_SCREENS

# Each group registers its commands on the shared sub-parser set; order is the help's order.
GROUPS = (leads, edit, daily, followups, undo, qualify, outreach, report, interop, capture, data, team,
          sync, system)


def common_options() -> argparse.ArgumentParser:
    """Options every command accepts, before or after its name (argparse `parents=`)."""
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: a value given before the command is not reset by the command's own default.
    common.add_argument("--db", metavar="PATH", help="database file or postgresql://user@host/db URL "
                        "(default: see `leadtui where`)",
                        default=argparse.SUPPRESS)
    common.add_argument("--format", choices=("table", "json"), default=argparse.SUPPRESS,
                        help="output: human table (default) or JSON for scripts")
    add_demo_option(common)
    return common



def build_parser() -> argparse.ArgumentParser:
    common = common_options()
    parser = argparse.ArgumentParser(
        prog="leadtui", description="A keyboard-driven, offline lead tracker for the terminal.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter, parents=[common])
    parser.add_argument("--version", action="version", version=f"leadtui {__version__}")
    parser.add_argument("--config", metavar="PATH", help="config.toml to use")
    parser.add_argument("--open", metavar="SCREEN", choices=START_SCREENS, type=str.lower,
                        help=f"the screen the TUI opens on: {', '.join(START_SCREENS)} "
                        "(default: `start_screen` in config.toml, else today)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in GROUPS:
        group.register(sub, common)
    return parser
