"""Events of tracked fields: written at once, or together at the end of a batch."""

from __future__ import annotations

from datetime import datetime

import pytest

from leadtui.db import connection
from leadtui.db.connection import write_transaction
from leadtui.db.models import Lead, StageChange
from leadtui.leads import writes as leads
from leadtui.record.lifecycle import changes_written_together, record_change

AT = datetime(2026, 11, 2, 9, 0)


def _events():
    return [(e.lead_id, e.field, e.from_value, e.to_value, e.at)
            for e in StageChange.select().where(StageChange.field == "kind").order_by(StageChange.id)]


@pytest.fixture
def two(ctx):
    return [leads.add_lead(ctx, leads.NewLead(name=n, kind="prospect", at=AT)).id for n in ("Aino", "Lars")]


def test_a_change_is_written_at_once(two):
    with write_transaction():
        lead = Lead.get_by_id(two[0])
        assert record_change(lead, "kind", "lead", AT) is not None
        assert _events() == [(two[0], "kind", "prospect", "lead", AT)]
        assert record_change(lead, "kind", "lead", AT) is None  # no change, no event


def test_changes_held_together_are_written_at_the_end(two, monkeypatch):
    monkeypatch.setattr(connection, "_author", "anna")
    with write_transaction(), changes_written_together():
        for lead in Lead.select().where(Lead.id.in_(two)).order_by(Lead.id):
            assert record_change(lead, "kind", "lead", AT)
        assert _events() == []
    assert _events() == [(i, "kind", "prospect", "lead", AT) for i in two]
    assert StageChange.get(StageChange.lead == two[0], StageChange.field == "kind").author == "anna"


def test_changes_held_are_dropped_when_the_batch_fails(two):
    with pytest.raises(RuntimeError), write_transaction(), changes_written_together():
        record_change(Lead.get_by_id(two[0]), "kind", "lead", AT)
        raise RuntimeError("interrupted")
    assert _events() == []
    with write_transaction():  # and nothing is held any more
        record_change(Lead.get_by_id(two[1]), "kind", "lead", AT)
    assert _events() == [(two[1], "kind", "prospect", "lead", AT)]
