"""Commands about leadtui itself rather than the leads: where."""

from __future__ import annotations

import argparse

from leadtui.config import user_config_path


def register(sub, common: argparse.ArgumentParser) -> None:
    where = sub.add_parser("where", help="print where the database and config live", parents=[common])
    where.set_defaults(handler=cmd_where, needs_db=False)


def cmd_where(args: argparse.Namespace, db_path):
    """Runs before the database is opened: it must work when the database cannot be."""
    config = user_config_path()
    return ({"database": str(db_path), "config": str(config)},
            lambda: print(f"database: {db_path}\nconfig:   {config}"))
