"""Commands about leadtui itself rather than the leads: where."""

from __future__ import annotations

import argparse

from leadtui.config import load_config, user_config_path, user_path


def register(sub, common: argparse.ArgumentParser) -> None:
    where = sub.add_parser("where", help="print where the database and config live", parents=[common])
    where.set_defaults(handler=cmd_where, needs_db=False)


def cmd_where(args: argparse.Namespace, db_path):
    """Runs before the database is opened: it must work when the database cannot be."""
    given = getattr(args, "config", None)
    config = user_path(given) if given else user_config_path()
    order = load_config(config).date_order
    example = {"DMY": "24/12/2026", "MDY": "12/24/2026", "YMD": "2026/12/24"}[order]
    return ({"database": str(db_path), "config": str(config), "date_order": order},
            lambda: print(f"database: {db_path}\nconfig:   {config}\n"
                          f"dates:    {order} (slash dates as in {example}; dotted dates are day.month.year)"))
