"""Changing a lead from the shell: a --option per editable field (for `edit`), archive, unarchive."""

from __future__ import annotations

import argparse

from leadtui.cli.common import parse_id
from leadtui.context import Context
from leadtui.leads import writes as leads
from leadtui.record import fields as leadfields

# Every field the edit form has, as --option (bant_need -> --bant-need).
FIELDS = tuple(f.name for f in leadfields.editable())


def add_field_options(parser: argparse.ArgumentParser, skip: frozenset[str] = frozenset()) -> None:
    """A --option per field of the edit form, but those in `skip` (the command has its own)."""
    for name in FIELDS:
        if name in skip:
            continue
        parser.add_argument("--" + name.replace("_", "-"), dest=f"field_{name}", default=None, metavar="VALUE",
                            help="yes, no or empty" if leadfields.field(name).kind == "bool"
                            else "comma-separated; replaces them" if name == "tags" else None)


def field_options(args: argparse.Namespace) -> dict[str, str]:
    """The fields given as --options, by field name."""
    return {name: getattr(args, f"field_{name}") for name in FIELDS
            if getattr(args, f"field_{name}", None) is not None}


def register(sub, common: argparse.ArgumentParser) -> None:
    for name, archived in (("archive", True), ("unarchive", False)):
        cmd = sub.add_parser(name, help=f"{name} a lead (undo: leadtui undo)", parents=[common])
        cmd.add_argument("id", metavar="LEAD_ID")
        cmd.set_defaults(handler=cmd_archive, archived=archived)


def cmd_archive(ctx: Context, args: argparse.Namespace):
    lead = leads.set_archived(ctx, parse_id(args.id, "lead id"), args.archived)
    state = "archived" if lead.archived else "restored"
    return {"id": lead.id, "archived": lead.archived}, lambda: print(f"#{lead.id} {lead.name}: {state}")
