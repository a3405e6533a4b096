"""A small fixed world for the screens: one lead in each Today section, a fake clock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from leadtui import leads
from leadtui.app import build_app


@pytest.fixture
def world(ctx):
    now = ctx.now()
    ids = {}
    ids["overdue"] = leads.add_lead(ctx, leads.NewLead(
        "Aino Virtanen", company="Lumo Oy", email="aino@lumo.fi", source="webinar",
        next_at=now - timedelta(days=2)), date_confirmed=True).id
    ids["due"] = leads.add_lead(ctx, leads.NewLead(
        "Lars Nielsen", company="Fjord ApS", source="referral", next_at=now + timedelta(hours=3))).id
    ids["stale"] = leads.add_lead(ctx, leads.NewLead(
        "Olga Ivanova", company="Sever LLC", source="trade-fair", at=now - timedelta(days=45))).id
    ids["inbound"] = leads.add_lead(ctx, leads.NewLead(
        "Mia Berg", company="Nord AB", source="web-form", direction="inbound")).id
    return ids


@pytest.fixture
def app(ctx, db_path, world):
    return build_app(db_path, ctx)


def _text_of(widget) -> str:
    """The plain text a Static shows, whatever renderable it holds."""
    import io

    from rich.console import Console

    console = Console(width=200, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


@pytest.fixture
def text_of():
    return _text_of
