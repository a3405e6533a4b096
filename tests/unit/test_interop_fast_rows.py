"""The import's shortcuts agree with the long way: scores per kind of lead, row values,
first stage events from the stored rows, and the per-file column plan."""

from __future__ import annotations

import gc
import itertools
from datetime import UTC, datetime, timedelta

import pytest

from leadtui.db.models import Lead, LeadTag, StageChange
from leadtui.interop import importer
from leadtui.interop.bulk import BulkInsert
from leadtui.interop.importer import prepare, run_import
from leadtui.interop.leadrows import ScoreMemo, new_lead_values
from leadtui.interop.records import Candidate
from leadtui.scoring import score as scoring
from leadtui.scoring.icp import Profile, save_profile
from leadtui.scoring.rules import Rule


def _candidates(now: datetime) -> list[Candidate]:
    """Leads that differ in every field scoring reads, each kind twice, created at other times."""
    out = []
    values = itertools.product((None, 25, 900), (None, 5_000_000), ("", "Helsinki, Finland", "Oslo"),
                               ("", "saas", "retail"), ("", "webinar", "ads"), (1, 2))
    for i, (employees, revenue, location, industry, source, _) in enumerate(values):
        fields = {"name": f"Lead {i}", "employees": employees, "revenue": revenue,
                  "budget": 10_000 if i % 3 else None, "location": location, "industry": industry,
                  "source": source, "created_at": now - timedelta(days=i * 7)}
        out.append(Candidate(i + 2, fields))
    return out


def _same_values(ctx, rules, profile) -> None:
    now = ctx.now()
    memo = ScoreMemo(ctx, rules, profile)
    for cand in _candidates(now):
        assert new_lead_values(ctx, cand, now, rules, profile, memo) == new_lead_values(
            ctx, cand, now, rules, profile)


def test_scores_per_kind_of_lead_equal_scores_per_lead(ctx):
    profile = Profile(employees=(10, 500), revenue=(1_000_000, None), budget_min=5_000,
                      locations=["Helsinki"], industries=["saas"])
    save_profile(profile, ctx, undoable=False)
    rules = (*scoring.DEFAULT_RULES, Rule("silence", -5, days=7, field="source", value="ads"),
             Rule("download", 10, field="industry", value="saas"))
    _same_values(ctx, rules, profile)
    memo = ScoreMemo(ctx, rules, profile)
    for cand in _candidates(ctx.now()):
        new_lead_values(ctx, cand, ctx.now(), rules, profile, memo)
    assert 1 < len(memo.known) < len(_candidates(ctx.now()))  # shared by leads alike


def test_a_silence_rule_that_adds_points_scores_each_lead_alone(ctx):
    rules = (Rule("silence", 3, days=10),)
    _same_values(ctx, rules, Profile())
    memo = ScoreMemo(ctx, rules, Profile())
    assert not memo.usable


def test_rows_with_text_to_clean_or_none_match_the_field_cleaning():
    insert = BulkInsert(Lead, importer.LEAD_COLUMNS)
    base = {name: "" for name in importer.LEAD_COLUMNS}
    when = datetime(2026, 3, 1, 12, 30)
    for name, value in (("name", "Tab\there"), ("title", "Bell\x07"), ("company", None),
                        ("interest", "two\nlines"), ("name", "plain"), ("created_at", when),
                        ("stale_at", when.replace(tzinfo=UTC))):
        row = dict(base, **{name: value})
        got = insert.row([row[n] for n in importer.LEAD_COLUMNS])
        fields = Lead._meta.fields
        for n, stored in zip(importer.LEAD_COLUMNS, got, strict=True):
            given = row[n]
            if isinstance(given, datetime):
                assert stored == str(given)
            elif isinstance(given, str) and not given.isprintable():
                assert stored == fields[n].db_value(given)
            else:
                assert stored == given


def test_first_events_read_from_the_rows_are_each_leads_start(ctx, tmp_path):
    """What the import wrote lead by lead before: per lead in id order, its stage, then its
    qualification and temperature unless the defaults, each from "" at its creation."""
    text = ("Name,Email,Lead Status,Rating,Tags\n"
            + "".join(f"P {i},p{i}@x.fi,{('New', 'Working - Contacted', 'Closed - Converted', '')[i % 4]},"
                      f"{('Hot', '', 'Cold', 'Warm')[i % 4]},t{i % 2}\n" for i in range(40)))
    path = tmp_path / "in.csv"
    path.write_text(text, encoding="utf-8")
    run_import(ctx, prepare(ctx, str(path)), batch=15)
    expected = []
    for lead in Lead.select().order_by(Lead.id):
        expected += [(lead.id, name, "", getattr(lead, name), lead.created_at)
                     for name, default in (("stage", ""), ("qualification", "none"),
                                           ("temperature", "cold"))
                     if getattr(lead, name) != default]
    got = [(e.lead_id, e.field, e.from_value, e.to_value, e.at)
           for e in StageChange.select().order_by(StageChange.id)]
    assert got == expected and len(got) > 40
    assert {e[3] for e in got} >= {"hot", "warm", "won", "nurture"}
    assert LeadTag.select().count() == 40


def test_the_cycle_collector_is_paused_during_an_import_only(ctx, tmp_path, monkeypatch):
    path = tmp_path / "in.csv"
    path.write_text("Name,Email\nAnna Kay,anna@kay.fi\n", encoding="utf-8")
    seen = []
    original = importer._Run.decide

    def decide(run, batch):
        seen.append(gc.isenabled())
        return original(run, batch)

    monkeypatch.setattr(importer._Run, "decide", decide)
    assert gc.isenabled()
    run_import(ctx, prepare(ctx, str(path)))
    assert seen == [False] and gc.isenabled()

    def broken(run, batch):
        raise RuntimeError("boom")

    monkeypatch.setattr(importer._Run, "decide", broken)
    with pytest.raises(RuntimeError):
        run_import(ctx, prepare(ctx, str(path)))
    assert gc.isenabled()
