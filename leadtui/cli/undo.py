"""`leadtui undo`: take back the last change (the TUI's u), or list what would be undone."""

from __future__ import annotations

import argparse

from leadtui import undo
from leadtui.context import Context
from leadtui.fmt import iso_utc, local_short


def register(sub, common: argparse.ArgumentParser) -> None:
    cmd = sub.add_parser("undo", help="undo the last change (done, snooze, log, stage, pin, archive, "
                         "edit, delete)", parents=[common])
    cmd.add_argument("steps", nargs="?", type=int, default=1, help="how many changes to undo (default 1)")
    cmd.add_argument("--list", action="store_true", help="show the changes undo would take back")
    cmd.set_defaults(handler=cmd_undo)


def cmd_undo(ctx: Context, args: argparse.Namespace):
    if args.list:
        steps = undo.recent_steps()

        def show():
            for step in steps:
                print(f"{local_short(step.at):<17}  #{step.lead_id:<6} {step.label}")
            if not steps:
                print("nothing to undo")

        return [{"label": s.label, "lead_id": s.lead_id, "at": iso_utc(s.at)} for s in steps], show
    done = []
    for _ in range(max(args.steps, 1)):
        if done and not undo.recent_steps(1):
            break
        done.append(undo.undo_last(ctx))
    return ([{"undone": d.label, "lead_id": d.lead_id, "at": iso_utc(d.at)} for d in done],
            lambda: print("\n".join(f"undone: {d.label}" for d in done)))
