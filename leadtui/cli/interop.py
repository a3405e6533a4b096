"""Moving in and out: import, export, duplicates, merge, delete.

Parsers (vobject, icalendar, rapidfuzz) and rich's progress bar load only inside
the command that needs them. Nothing here ever prompts unless standard input is a
terminal.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from contextlib import redirect_stdout
from pathlib import Path

from leadtui.cli.common import add_demo_option
from leadtui.context import Context
from leadtui.db.clean import printable
from leadtui.errors import InvalidInput, LeadtuiError
from leadtui.finding import queries
from leadtui.kit.textable import render
from leadtui.leads.writes import delete_lead
from leadtui.record.dedupe import duplicate_pairs

PROGRESS_FROM = 2000  # rows; shorter files finish before a bar would help
SHOWN = 50  # rows listed per section of a real run's report (a dry run lists all)


class RowsFailed(LeadtuiError):
    """Some rows were refused; the report above lists each."""


def register(sub, common: argparse.ArgumentParser) -> None:
    imp = sub.add_parser(
        "import", parents=[common], help="import leads from CSV, vCard or leadtui JSON",
        description="Import leads. The format is recognised from the content: CSV (HubSpot, "
        "Salesforce, Pipedrive, Zoho, amoCRM, Bitrix24, Google Contacts, Outlook, Thunderbird, "
        "Windows Live Mail, LinkedIn or any spreadsheet), "
        "vCard 2.1/3.0/4.0, or leadtui's own JSON export.")
    imp.add_argument("file")
    imp.add_argument("--preset", help="CSV layout instead of the recognised one: hubspot, "
                     "salesforce, salesforce-dataloader, pipedrive, pipedrive-leads, zoho, amocrm, "
                     "bitrix24, google, outlook, outlook-de, thunderbird, windows-live-mail, "
                     "linkedin, leadtui")
    imp.add_argument("--mapping", metavar="NAME", help="a column mapping saved with --save-mapping")
    imp.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                     help="map one CSV column to a field (repeatable; FIELD empty to ignore)")
    imp.add_argument("--save-mapping", metavar="NAME", help="save the mapping used under NAME")
    imp.add_argument("--source", default="", help="the channel of every imported lead")
    imp.add_argument("--dry-run", action="store_true", help="report what would happen, write nothing")
    imp.add_argument("--on-duplicate", choices=("skip", "update", "create"), default="skip",
                     help="same e-mail or phone as a stored lead: skip (default), update it, "
                     "or create another")
    imp.set_defaults(handler=cmd_import)

    exp = sub.add_parser("export", help="export leads as CSV, JSON, vCard or calendar (.ics)",
                         parents=[_db_only()])
    exp.add_argument("query", nargs="?", default="",
                     help="the list's query language (default: every lead not archived)")
    exp.add_argument("--format", choices=("csv", "json", "vcard", "ics"), default="csv",
                     help="csv (default), json (a complete copy), vcard (3.0), "
                     "ics (open follow-ups as calendar events)")
    exp.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: standard output)")
    exp.add_argument("--delimiter", metavar="CHAR",
                     help="CSV field separator: ';', ',', tab… (default: ';' where the locale writes "
                     "decimals with a comma, as Excel there expects; else ',')")
    exp.set_defaults(handler=cmd_export)

    dup = sub.add_parser("duplicates", parents=[common],
                         help="pairs of leads with the same e-mail or phone, or a similar name "
                         "at the same company")
    dup.set_defaults(handler=cmd_duplicates)

    merge = sub.add_parser("merge", parents=[common],
                           help="merge lead B into lead A, keeping every activity, follow-up and "
                           "stage event; A keeps its values, only its empty fields are filled "
                           "from B (undo brings both back)")
    merge.add_argument("a")
    merge.add_argument("b")
    merge.set_defaults(handler=cmd_merge)

    delete = sub.add_parser("delete", parents=[common],
                            help="delete a lead with its activities and follow-ups")
    delete.add_argument("id")
    delete.add_argument("--yes", action="store_true", help="do not ask")
    delete.set_defaults(handler=cmd_delete)


def _db_only() -> argparse.ArgumentParser:
    """`export` has its own --format (the file's), so it takes only --db from the shared options."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help="database file (default: see `leadtui where`)")
    add_demo_option(parent)
    return parent


# ---- import ------------------------------------------------------------------

def _overrides(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        column, sep, target = item.partition("=")
        if not sep or not column.strip():
            raise InvalidInput(f"--map wants COLUMN=FIELD, got {item!r}")
        out[column.strip()] = target.strip()
    return out


def _progress_bar(total: int):
    """A rich progress bar on standard error for long files on a terminal; else None."""
    if total < PROGRESS_FROM or not sys.stderr.isatty():
        return None, None
    from rich.progress import Progress

    progress = Progress(transient=True, console=None)
    task = progress.add_task("importing", total=total)
    progress.start()
    return progress, lambda done, _total: progress.update(task, completed=done)


def cmd_import(ctx: Context, args: argparse.Namespace):
    from leadtui.interop import fields, importer

    prepared = importer.prepare(ctx, args.file, preset=args.preset, mapping_name=args.mapping,
                                overrides=_overrides(args.map), source=args.source)
    if args.save_mapping:
        if prepared.kind != "csv":
            raise InvalidInput("--save-mapping is for CSV files")
        fields.save_mapping(args.save_mapping, prepared.mapping)
    bar, callback = (None, None) if args.dry_run else _progress_bar(prepared.rows)
    try:
        report = importer.run_import(ctx, prepared, dry_run=args.dry_run,
                                     on_duplicate=args.on_duplicate, progress=callback)
    finally:
        if bar is not None:
            bar.stop()
    # The report repeats what the file says: cleaned as `list` cleans, so a cell holding an
    # escape sequence (one that clears the screen, or OSC 52 writing the clipboard) stays text.
    shown = io.StringIO()
    with redirect_stdout(shown):
        if getattr(args, "format", "table") == "json":
            print(json.dumps(report.as_json(), indent=2, ensure_ascii=False, default=str))
        else:
            print_report(report)
    sys.stdout.write(printable(shown.getvalue()))
    if report.failed:
        raise RowsFailed(f"{len(report.failed)} of {report.rows} rows failed (listed above)"
                         + ("" if report.dry_run else "; the other rows were imported"))
    return None


def _lines(title: str, outcomes, everything: bool, describe) -> list[str]:
    items = list(outcomes)
    if not items:
        return []
    shown = items if everything else items[:SHOWN]
    out = [f"{title} ({len(items)}):"] + [f"  {describe(o)}" for o in shown]
    if len(shown) < len(items):
        out.append(f"  … and {len(items) - len(shown)} more (--format json lists all)")
    return out


def print_report(report) -> None:
    dry = report.dry_run
    print(f"{report.path}: {report.format}")
    if dry and report.columns:  # every column, what it goes to and what it holds
        print("columns:")
        for column in report.columns:
            shown = ", ".join(repr(v) for v in column.examples) or "(empty)"
            print(f"  {column.name} → {column.field or 'ignored'}: {shown}")
    elif report.mapping:
        mapped = [f"{column} → {target}" for column, target in report.mapping if target]
        print("columns: " + ", ".join(mapped))
    for warning in report.warnings:
        print(f"note: {warning}")
    lines: list[str] = []
    lines += _lines("would create" if dry else "created", report.created, dry,
                    lambda o: f"row {o.row}: {o.name}" + (f" (#{o.lead_id})" if o.lead_id else ""))
    lines += _lines("would update" if dry else "updated", report.updated, dry,
                    lambda o: f"row {o.row}: {o.name} — {o.reason}")
    lines += _lines("skipped as duplicates", report.skipped, dry,
                    lambda o: f"row {o.row}: {o.name} — {o.reason}")
    lines += _lines("likely duplicates, created anyway (see `leadtui duplicates`)", report.likely,
                    dry, lambda o: f"row {o.row}: {o.name} — {o.reason}")
    lines += _lines("kept unverified (find them with `leadtui list phone:unverified` or "
                    "`email:unverified`)", report.unverified, dry, str)
    lines += _lines("named after their company, e-mail or phone (no name in the row)",
                    report.named, dry, lambda o: f"row {o.row}: {o.name} — {o.reason}")
    lines += _lines("failed", report.failed, True, str)
    for line in lines:
        print(line)
    print(report.summary())


# ---- export ------------------------------------------------------------------

def cmd_export(ctx: Context, args: argparse.Namespace):
    from leadtui.interop.export import export_leads, write_export

    out = export_leads(ctx, args.format, args.query, args.delimiter)
    leads_said = f"{out.leads} lead{'s' if out.leads != 1 else ''}"
    what = f"{out.events} follow-up{'s' if out.events != 1 else ''} of {leads_said}" if out.format == "ics" \
        else leads_said
    if not args.output:
        sys.stdout.write(out.text)
        return None
    write_export(out, Path(args.output))
    print(f"exported {what} to {args.output}")  # --format names the file's format here
    return None


# ---- duplicates, merge, delete ---------------------------------------------------

def cmd_duplicates(ctx: Context, args: argparse.Namespace):
    pairs = duplicate_pairs()
    data = [{"a": p.first_id, "a_name": p.first_name, "b": p.second_id, "b_name": p.second_name,
             "why": p.why} for p in pairs]

    def show() -> None:
        if not pairs:
            print("no duplicates found")
            return
        print(render(["a", "name", "b", "name", "why"],
                     [[str(p.first_id), p.first_name, str(p.second_id), p.second_name, p.why]
                      for p in pairs]))
        print("merge a pair with `leadtui merge A B` (B goes into A)")

    return data, show


def cmd_merge(ctx: Context, args: argparse.Namespace):
    from leadtui.interop.merge import merge_leads

    result = merge_leads(ctx, args.a, args.b)
    moved = (f"{result.moved_activities} activities, {result.moved_follow_ups} follow-ups, "
             f"{result.moved_changes} stage events")
    return result.as_json(), lambda: print(
        f"merged #{result.removed_id} into #{result.kept_id} {result.name}: moved {moved}"
        + (f"; took {', '.join(result.fields_from_removed)}" if result.fields_from_removed else ""))


def cmd_delete(ctx: Context, args: argparse.Namespace):
    detail = queries.lead_detail(ctx, args.id)
    lead = detail.lead
    what = f"#{lead.id} {lead.name} with {len(detail.activities)} activities and {len(detail.follow_ups)} follow-ups"
    if not args.yes:
        if not sys.stdin.isatty():
            raise InvalidInput(f"not deleting {what}: input is not a terminal, so add --yes")
        answer = input(f"Delete {what}? [y/N] ").strip().lower()
        if answer not in ("y", "yes"):
            return {"deleted": None}, lambda: print("nothing deleted")
    delete_lead(lead.id, ctx)
    return {"deleted": lead.id, "name": lead.name}, lambda: print(f"deleted {what}")
