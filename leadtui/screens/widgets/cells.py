"""Rich cells for lead rows: coloured temperature, stale marker, relative times."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from leadtui.finding.queries import LeadRow
from leadtui.kit.fmt import ago, until
from leadtui.kit.vocab import STAGE_SHORT, stage_label
from leadtui.screens.widgets.columns import Col

TEMPERATURE_STYLES = {"hot": "bold red", "warm": "yellow", "cold": "cyan", "closed": "dim"}


def temperature_cell(temperature: str, pinned: bool = False) -> Text:
    return Text(temperature + (" 📌" if pinned else ""), style=TEMPERATURE_STYLES.get(temperature, ""))


def marker_cell(row: LeadRow) -> Text:
    """Stale, and for prospects "no fit" when they no longer match the profile."""
    no_fit = row.kind == "prospect" and not row.fits
    text = Text("⚠" if no_fit else "⚠ stale", style="bold magenta") if row.stale else Text("")
    if no_fit:
        text.append((" " if row.stale else "") + "✗ no fit", style="yellow")
    return text


def next_cell(when: datetime | None, now: datetime) -> Text:
    if when is None:
        return Text("—", style="dim")
    label = until(when, now)
    return Text(label, style="bold red" if when < now else "")


def lead_cells(row: LeadRow, now: datetime) -> dict:
    """The cells of a lead row by column key (see LEAD_COLUMNS)."""
    return {
        "name": row.name, "company": row.company, "stage": stage_label(row.stage, short=True),
        "temp": temperature_cell(row.temperature, row.temperature_pinned),
        "score": Text(str(row.score), justify="right"), "source": row.source,
        "email": row.email, "phone": row.phone, "owner": row.owner,
        "touched": ago(row.last_touched_at, now), "next": next_cell(row.next_follow_up_at, now),
        "marker": marker_cell(row),
    }


# Shown left to right in this order; at 80 columns only priorities 0-5 fit, at 200 all of them.
LEAD_COLUMNS = (
    Col("name", "Name", 16, 0, grow=3, cap=40),
    Col("company", "Company", 14, 5, grow=2, cap=32),
    Col("stage", "Stage", max(map(len, STAGE_SHORT.values())), 6),  # "Disqualified" whole
    Col("temp", "Temp", 6, 4),
    Col("score", "Score", 7, 7),  # wide enough for "Score ▼", the heading of its sort
    Col("source", "Source", 10, 8, grow=1, cap=16),
    Col("email", "E-mail", 24, 9, grow=2, cap=36),
    Col("phone", "Phone", 16, 10),
    Col("owner", "Owner", 8, 11, grow=1, cap=14),
    Col("touched", "Touched", 9, 2),  # "Touched ▲"
    Col("next", "Next", 11, 1),
    Col("marker", "", 10, 3),
)
