"""`leadtui undo` / `leadtui redo`: take back the last change (the TUI's u) or put back the last
undone one (Ctrl+Y), or list what each would do."""

from __future__ import annotations

import argparse

from leadtui.cli.common import rescore
from leadtui.context import Context
from leadtui.kit.fmt import iso_utc, local_short
from leadtui.record import undo

COVERS = "adds, edits, done, snooze, log, stage, pin, archive, delete, rules, profile, templates, views"


def register(sub, common: argparse.ArgumentParser) -> None:
    cmd = sub.add_parser("undo", help=f"undo the last change ({COVERS})", parents=[common])
    cmd.add_argument("steps", nargs="?", type=int, default=1, help="how many changes to undo (default 1)")
    cmd.add_argument("--list", action="store_true", help="show the changes undo would take back")
    cmd.set_defaults(handler=cmd_undo)
    cmd = sub.add_parser("redo", help="put back the change undone last", parents=[common])
    cmd.add_argument("steps", nargs="?", type=int, default=1, help="how many changes to redo (default 1)")
    cmd.add_argument("--list", action="store_true", help="show the changes redo would put back")
    cmd.set_defaults(handler=cmd_redo)


def _listing(steps: list[undo.Step], empty: str):
    def show():
        for step in steps:
            lead = f"#{step.lead_id}" if step.lead_id else ""
            print(f"{local_short(step.at):<17}  {lead:<7} {step.label}")
        if not steps:
            print(empty)

    return [{"label": s.label, "lead_id": s.lead_id or None, "at": iso_utc(s.at)} for s in steps], show


def _repeat(ctx: Context, args: argparse.Namespace, step, more, verb: str):
    done = []
    for _ in range(max(args.steps, 1)):
        if done and not more(1):
            break
        done.append(step(ctx))
    rescored = None
    if any(d.needs_rescore for d in done):
        rescored = rescore(ctx)
    lines = [f"{verb}: {d.label}" for d in done]
    if rescored is not None:
        lines.append(f"rescored {rescored} leads")
    data = [{verb: d.label, "lead_id": d.lead_id or None, "at": iso_utc(d.at)} for d in done]
    return data, lambda: print("\n".join(lines))


def cmd_undo(ctx: Context, args: argparse.Namespace):
    if args.list:
        return _listing(undo.recent_steps(), "nothing to undo")
    return _repeat(ctx, args, undo.undo_last, undo.recent_steps, "undone")


def cmd_redo(ctx: Context, args: argparse.Namespace):
    if args.list:
        return _listing(undo.redo_steps(), "nothing to redo")
    return _repeat(ctx, args, undo.redo_last, undo.redo_steps, "redone")
