"""Capture without typing twice: ingest mail and calendar files, add a lead from one line,
remind of due work when the TUI is closed.

The readers (email, icalendar, recurring-ical-events) load only inside the command.
"""

from __future__ import annotations

import argparse

from leadtui.cli.common import EPILOG
from leadtui.context import Context
from leadtui.errors import InvalidInput
from leadtui.kit.fmt import local_iso

SHOWN = 50  # lines per lead and senders listed by a real run (a dry run lists all)
WARNINGS_SHOWN = 10


def register(sub, common: argparse.ArgumentParser) -> None:
    ingest = sub.add_parser(
        "ingest", parents=[common], help="log mail and meetings from mbox, Maildir, .eml and .ics files",
        description="Read mail (mbox, Maildir, .eml files and folders of them) and calendars (.ics, "
        "invitations) and log what concerns your leads: a message from a lead as a reply, yours to "
        "a lead as an e-mail, a past meeting as a meeting, a coming one as a follow-up. Each "
        "message and event is logged once per lead: running it again adds nothing.")
    ingest.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (kind recognised by content)")
    ingest.add_argument("--dry-run", action="store_true", help="list what would be logged, write nothing")
    ingest.add_argument("--new-leads", action="store_true",
                        help="also list senders who are not leads yet (a review step)")
    ingest.add_argument("--create", action="store_true",
                        help="with --new-leads: add those senders as prospects with source \"mail\"")
    ingest.set_defaults(handler=cmd_ingest)

    capture = sub.add_parser(
        "capture", parents=[common], help="add a lead from one line of text",
        description="Add a lead from one line: \"Jane from Acme, jane@acme.com, +358 40 1234567, "
        "demo next tue 10\". The parse is printed field by field before it is saved.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    capture.add_argument("text", help="name, company, e-mail, phone, a follow-up: commas or free")
    capture.add_argument("--dry-run", action="store_true", help="print the parse, save nothing")
    capture.add_argument("--force", action="store_true",
                         help="add a likely duplicate, or keep a follow-up in the past")
    capture.set_defaults(handler=cmd_capture)

    remind = sub.add_parser(
        "remind", parents=[common], help="what needs attention now (for cron or a systemd timer)",
        description="Follow-ups due or overdue, hot and warm leads gone stale, inbound leads past "
        "the response target. With --notify, one desktop notification of what is new since the "
        "last one (notify-send; nothing where it is missing).")
    remind.add_argument("--notify", action="store_true", help="send a desktop notification of what is new")
    remind.set_defaults(handler=cmd_remind)


def cmd_ingest(ctx: Context, args: argparse.Namespace):
    from leadtui.capture.ingest import ingest

    if args.create and not args.new_leads:
        raise InvalidInput("--create goes with --new-leads (review the senders first)")
    report = ingest(ctx, args.paths, dry_run=args.dry_run, new_leads=args.new_leads,
                    create=args.create)
    return report.as_json(), lambda: print(_ingest_text(report))


def _ingest_text(report) -> str:
    dry = report.dry_run
    shown_warnings = report.warnings if dry else report.warnings[:WARNINGS_SHOWN]
    lines = [f"warning: {w}" for w in shown_warnings]
    if len(shown_warnings) < len(report.warnings):
        lines.append(f"… and {len(report.warnings) - len(shown_warnings)} more warnings (--format json lists all)")
    by_lead: dict[int, list] = {}
    for entry in report.entries:
        by_lead.setdefault(entry.lead_id, []).append(entry)
    for lead_id, entries in by_lead.items():
        lines.append(f"#{lead_id} {entries[0].lead_name}")
        shown = entries if dry else entries[:SHOWN]
        for e in shown:
            first = e.text.splitlines()[0] if e.text else ""
            lines.append(f"  {local_iso(e.at)}  {e.kind:<9} {first}".rstrip())
        if len(shown) < len(entries):
            lines.append(f"  … and {len(entries) - len(shown)} more (--format json lists all)")
    if report.unknown:
        lines.append(f"senders who are not leads ({len(report.unknown)}); --create adds them as prospects:")
        shown = report.unknown if dry else report.unknown[:SHOWN]
        lines += [f"  {s.address}" + (f" ({s.name})" if s.name else "") + f", {s.messages} message(s)"
                  for s in shown]
    if report.created:
        lines.append(f"added as prospects ({len(report.created)}): "
                     + ", ".join(f"#{r.id} {r.name}" for r in report.created))
    verb = "would be logged" if dry else "logged"
    same = [f"{report.files_unchanged} file(s)" if report.files_unchanged else "",
            f"{report.folders_unchanged} Maildir folder(s)" if report.folders_unchanged else ""]
    unchanged = f", {' and '.join(x for x in same if x)} unchanged since the last read" if any(same) else ""
    lines.append(f"{len(report.entries)} {verb} for {len(by_lead)} lead(s) from {report.messages} "
                 f"message(s) in {report.files_read} file(s){unchanged}")
    return "\n".join(lines)


def cmd_capture(ctx: Context, args: argparse.Namespace):
    from leadtui.capture.line import parse_line, save_line

    config = ctx.config
    parsed = parse_line(args.text, ctx.clock, region=config.default_region, order=config.date_order)
    as_json = getattr(args, "format", "table") == "json"
    if not as_json:
        print(_parse_text(parsed))  # before saving: a refusal below still shows what was read
    lead = None if args.dry_run else save_line(ctx, parsed, force=args.force)
    data = {"parse": parsed.as_json(), "id": lead.id if lead else None}
    if as_json:
        return data, lambda: None
    return data, lambda: print(f"added #{lead.id} {lead.name}" if lead else "dry run: nothing saved")


def _parse_text(parsed) -> str:
    lines = [f"  {label:<10}{text}" for label, text in parsed.fields()]
    if parsed.due_at:
        lines.append(f"  {'follow-up':<10}{local_iso(parsed.due_at)}" + (f"  {parsed.what}" if parsed.what else ""))
    lines += [f"  problem: {p}" for p in parsed.problems]
    return "\n".join(lines)


def cmd_remind(ctx: Context, args: argparse.Namespace):
    from leadtui.capture.remind import TITLES, announce, reminders

    found = reminders(ctx)
    told = announce(ctx, found) if args.notify else None
    data = found.as_json() | ({"notification": told.as_json()} if told else {})

    def show():
        if not found.items:
            print("nothing needs attention")
        for kind, title in TITLES.items():
            items = [r for r in found.items if r.kind == kind]
            if items:
                print(f"{title} ({found.counts[kind]}):")
                for r in items:
                    extra = f"  {r.what}" if r.what else (f", {r.company}" if r.company else "")
                    print(f"  #{r.lead_id} {r.name}{extra}  since {local_iso(r.since)}")
        if told is not None:
            print(f"notified: {len(told.new)} new" if told.sent else f"not notified: {told.why}")

    return data, show
