"""Run as a script: a field added in one place (leadtui.record.fields, plus its column as a migration
adds it) and what every part of leadtui then does with it, printed as JSON."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from peewee import TextField

from leadtui.db.models import Lead
from leadtui.record import fields as leadfields

# The one definition (imported before anything that builds lists from it) and the column.
SEGMENT = leadfields.LeadField("segment", "Segment", "text", detail_row=True, search="contains",
                               rule=True, placeholder="market segment")
leadfields.LEAD_FIELDS = (*leadfields.LEAD_FIELDS, SEGMENT)
leadfields.BY_NAME["segment"] = SEGMENT
Lead._meta.add_field("segment", TextField(default=""))

from leadtui.config import Config  # noqa: E402
from leadtui.context import open_context  # noqa: E402
from leadtui.db.connection import database, init_db  # noqa: E402
from leadtui.finding import paging, queries  # noqa: E402
from leadtui.interop.export import export_leads  # noqa: E402
from leadtui.interop.fields import guess_target  # noqa: E402
from leadtui.interop.importer import prepare, run_import  # noqa: E402
from leadtui.interop.merge import merge_preview  # noqa: E402
from leadtui.leads import writes as leads  # noqa: E402
from leadtui.sync import records as synced  # noqa: E402


def _text(widget) -> str:
    from rich.console import Console

    console = Console(width=200, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(widget.content)
    return console.export_text()


async def _settle(app, pilot) -> None:
    """The screens' reads are in (a read a newer one replaced ends cancelled)."""
    from textual.worker import WorkerCancelled

    for _ in range(3):
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:
            pass
        await pilot.pause()


async def _screens(db: Path, ctx, lead_id: int) -> dict:
    from leadtui.tui.app import build_app

    app = build_app(db, ctx, start_screen="leads")
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(app, pilot)
        app.open_lead(lead_id)
        await _settle(app, pilot)
        detail = _text(app.screen.query_one("#detail-fields"))
        await pilot.press("e")
        await _settle(app, pilot)
        form = app.screen.query_one("#f-segment").value
    return {"detail": detail, "form": form}


def _imported(ctx, folder: Path, exported: list[str]) -> dict:
    """A file's column named after the field maps to it (another tool's file, and leadtui's own
    export read back), and an import writes it into the lead it creates or updates."""
    (folder / "export.csv").write_text("\n".join(exported) + "\n", encoding="utf-8")
    read_back = prepare(ctx, str(folder / "export.csv"))
    (folder / "fair.csv").write_text("Name,Company,E-mail,Segment\nEero Saari,,eero@example.fi,Retail\n"
                                     "Aino Virtanen,Lumo,aino@lumo.fi,Public sector\n", encoding="utf-8")
    report = run_import(ctx, prepare(ctx, str(folder / "fair.csv")), on_duplicate="update")
    return {"guessed": guess_target("Segment"), "preset": read_back.mapping.get("segment"),
            "read_back": sorted(c.fields.get("segment", "") for c in read_back.items() if hasattr(c, "fields")),
            "created": [Lead.get_by_id(o.lead_id).segment for o in report.created],
            "updated": [Lead.get_by_id(o.lead_id).segment for o in report.updated]}


def _scored(ctx, *ids: int) -> list[str]:
    """A scoring rule limited to one value of the field counts for the leads with that value."""
    from leadtui.scoring import rules, score

    rules.add_rule("meeting", 7, field="segment", value="Enterprise", ctx=ctx)
    lines = []
    for lead_id in ids:
        leads.log_activity(ctx, lead_id, "meeting", "Demo")
        lines.append(" ".join(line.reason for line in score.breakdown(ctx, Lead.get_by_id(lead_id)).lines))
    return lines


def _shown_text(ctx, lead_id: int) -> str:
    """What `leadtui show ID` prints."""
    import argparse
    import contextlib
    import io

    from leadtui.cli.leads import cmd_show

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        cmd_show(ctx, argparse.Namespace(id=lead_id))[1]()
    return out.getvalue()


def _added(db: Path):
    """`leadtui add NAME --segment VALUE` (last: the command closes the database)."""
    import contextlib
    import io

    from leadtui.cli import main as cli

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        cli(["--db", str(db), "add", "Veikko Saari", "--segment", "Retail", "--format", "json"])
    init_db(db)
    return Lead.get_by_id(json.loads(out.getvalue())["id"]).segment


def _template(ctx, lead_id: int) -> str:
    from leadtui.leads import templates

    templates.add_template("Segment", "Hello {first_name} in {segment}", ctx=ctx)
    return templates.render_template(ctx, "Segment", lead_id).body


def main(db: Path) -> None:
    init_db(db)
    database.execute_sql("ALTER TABLE lead ADD COLUMN segment TEXT NOT NULL DEFAULT ''")  # the migration
    ctx = open_context(db, Config())
    aino = leads.add_lead(ctx, leads.NewLead("Aino Virtanen", company="Lumo", email="aino@lumo.fi")).id
    other = leads.add_lead(ctx, leads.NewLead("Aino V", company="Lumo")).id
    leads.update_lead(ctx, aino, segment="Enterprise")
    leads.update_lead(ctx, other, segment="Startup")
    before = Lead.get_by_id(aino).version
    Lead.update(segment="Public sector").where(Lead.id == aino).execute()  # any writer, not only leadtui's
    bumped = Lead.get_by_id(aino).version - before
    Lead.update(segment="Enterprise").where(Lead.id == aino).execute()
    found = [r.id for r in paging.first_page(ctx, queries.LeadFilter(query="segment:enter")).rows]
    csv = export_leads(ctx, "csv").text.splitlines()
    preview = [c.name for c in merge_preview(ctx, aino, other).choices]
    history = [c.field for c in queries.lead_detail(ctx, aino).changes]
    shown = queries.lead_detail(ctx, aino).as_json().get("segment")
    shown_text = _shown_text(ctx, aino)
    with database.atomic():
        synced.give_ids()
    sync_read = {row_id: record for row_id, record, _ in synced.read_leads().values()}
    synced.write_leads({other: {"segment": "Nonprofit"}})
    result = {"bumped": bumped, "found": found, "aino": aino, "csv_header": csv[0],
              "csv": csv[1:], "merge": preview, "history": history, "show": shown,
              "show_text": shown_text,
              "sync_read": sync_read[aino].get("segment"), "sync_wrote": Lead.get_by_id(other).segment,
              **asyncio.run(_screens(db, ctx, aino))}
    result["scored"] = _scored(ctx, aino, other)
    result["template"] = _template(ctx, aino)
    result.update(_imported(ctx, db.parent, csv))  # last: it writes over Aino
    result["added"] = _added(db)
    print(json.dumps(result))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
