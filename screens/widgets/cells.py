"""Rich cells for lead rows: coloured temperature, stale marker, relative times."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from leadtui.fmt import ago, until
from leadtui.queries import LeadRow
from leadtui.vocab import stage_label

TEMPERATURE_STYLES = {"hot": "bold red", "warm": "yellow", "cold": "cyan"}


def temperature_cell(temperature: str, pinned: bool = False) -> Text:
    return Text(temperature + (" 📌" if pinned else ""), style=TEMPERATURE_STYLES.get(temperature, ""))


def marker_cell(row: LeadRow) -> Text:
    """Stale, and for prospects "no fit" when they no longer match the profile."""
    text = Text("⚠ stale", style="bold magenta") if row.stale else Text("")
    if row.kind == "prospect" and not row.fits:
        text.append((" " if row.stale else "") + "✗ no fit", style="yellow")
    return text


def next_cell(when: datetime | None, now: datetime) -> Text:
    if when is None:
        return Text("—", style="dim")
    label = until(when, now)
    return Text(label, style="bold red" if when < now else "")


def lead_cells(row: LeadRow, now: datetime) -> tuple:
    return (
        row.name, row.company, stage_label(row.stage, short=True),
        temperature_cell(row.temperature, row.temperature_pinned),
        Text(str(row.score), justify="right"), row.source, ago(row.last_touched_at, now),
        next_cell(row.next_follow_up_at, now), marker_cell(row),
    )


LEAD_COLUMNS = ("Name", "Company", "Stage", "Temp", "Score", "Source", "Touched", "Next", "")
