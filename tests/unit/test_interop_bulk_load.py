"""A large import into an empty lead table: one transaction, indexes built after the rows."""

from __future__ import annotations

import pytest

from leadtui.db.connection import database
from leadtui.db.models import Lead
from leadtui.interop import importer
from leadtui.interop.importer import prepare, run_import
from leadtui.leads import NewLead, add_lead, tags_of
from leadtui.paging import iter_leads
from leadtui.queries import LeadFilter

ROWS = "".join(f"Person {i},p{i}@x.com,+358 40 {1000000 + i},Firm {i % 4},tag{i % 3}\n"
               for i in range(25))
HEADER = "Name,Email,Phone,Company,Tags\n"


def _csv(tmp_path, text) -> str:
    path = tmp_path / "in.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _lead_indexes() -> list[tuple[str, str]]:
    """The lead table's and the stage events' indexes and triggers (both are rebuilt)."""
    found = sorted(database.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
        "AND tbl_name IN ('lead', 'stage_change')").fetchall())
    assert any(name.startswith("stage_change_") for name, _ in found)
    return found


@pytest.fixture
def small_threshold(monkeypatch):
    monkeypatch.setattr(importer, "EMPTY_TABLE_LOAD_ROWS", 5)


@pytest.fixture
def statements():
    """Every SQL statement the SQLite connection runs from here on."""
    seen: list[str] = []
    database.connection().set_trace_callback(seen.append)
    yield seen
    database.connection().set_trace_callback(None)


def test_empty_table_load_writes_everything_and_rebuilds_the_indexes(ctx, tmp_path, small_threshold,
                                                                     statements):
    before = _lead_indexes()
    progress = []
    report = run_import(ctx, prepare(ctx, _csv(tmp_path, HEADER + ROWS)), batch=10,
                        progress=lambda done, total: progress.append((done, total)))
    assert progress == [(10, 25), (20, 25), (25, 25)]
    assert len(report.created) == 25 and not report.failed
    assert any(s.startswith("DROP INDEX") for s in statements)  # the load path was taken
    assert _lead_indexes() == before  # every index and trigger is back, as it was
    for outcome in report.created:
        lead = Lead.get_by_id(outcome.lead_id)
        assert lead.name == outcome.name
        assert tags_of(lead.id) == [f"tag{int(lead.name.split()[1]) % 3}"]
    assert [r.name for r in iter_leads(ctx, LeadFilter(text="p7@x.com"))] == ["Person 7"]
    assert [r.name for r in iter_leads(ctx, LeadFilter(text="1000011"))] == ["Person 11"]
    assert database.execute_sql("PRAGMA integrity_check").fetchone() == ("ok",)
    # The indexes answer again: a lookup by e-mail uses its index.
    plan = database.execute_sql("EXPLAIN QUERY PLAN SELECT id FROM lead WHERE email = ?",
                                ("p3@x.com",)).fetchall()
    assert "lead_email" in str(plan)
    assert any(s.startswith('DROP INDEX "stage_change_') for s in statements)
    assert database.execute_sql("SELECT count(*) FROM stage_change").fetchone()[0] == 25


def test_a_bad_row_in_an_empty_table_load_is_skipped_alone(ctx, tmp_path, small_threshold,
                                                          monkeypatch):
    original = importer.new_lead_values

    def explode(ctx_, cand, *args):
        if cand.fields["name"] == "Person 13":
            raise ValueError("disk on fire")
        return original(ctx_, cand, *args)

    monkeypatch.setattr(importer, "new_lead_values", explode)
    before = _lead_indexes()
    report = run_import(ctx, prepare(ctx, _csv(tmp_path, HEADER + ROWS)), batch=10)
    assert [(e.row, "disk on fire" in e.reason) for e in report.failed] == [(15, True)]
    assert len(report.created) == 24 and Lead.select().count() == 24
    assert not Lead.select().where(Lead.name == "Person 13").exists()
    assert _lead_indexes() == before
    assert [r.name for r in iter_leads(ctx, LeadFilter(text="p12@x.com"))] == ["Person 12"]


def test_an_interrupted_empty_table_load_leaves_the_table_as_it_was(ctx, tmp_path, small_threshold,
                                                                    monkeypatch):
    calls = []
    original = importer._Writer.write

    def interrupted(self, items):
        calls.append(len(items))
        if len(calls) == 2:
            raise KeyboardInterrupt
        return original(self, items)

    monkeypatch.setattr(importer._Writer, "write", interrupted)
    before = _lead_indexes()
    with pytest.raises(KeyboardInterrupt):
        run_import(ctx, prepare(ctx, _csv(tmp_path, HEADER + ROWS)), batch=10)
    assert Lead.select().count() == 0 and _lead_indexes() == before
    assert database.execute_sql("SELECT count(*) FROM lead_fts").fetchone() == (0,)


def test_a_table_with_leads_is_written_batch_by_batch(ctx, tmp_path, small_threshold, statements):
    add_lead(ctx, NewLead("Already Here", email="here@x.com"))
    statements.clear()
    report = run_import(ctx, prepare(ctx, _csv(tmp_path, HEADER + ROWS)), batch=10)
    assert len(report.created) == 25
    assert not any(s.startswith("DROP INDEX") for s in statements)
    assert sum(s.startswith("COMMIT") for s in statements) == 3  # one per batch


def test_small_files_are_written_batch_by_batch(ctx, tmp_path, statements):
    run_import(ctx, prepare(ctx, _csv(tmp_path, HEADER + ROWS)), batch=10)
    assert not any(s.startswith("DROP INDEX") for s in statements)


def test_the_import_writes_with_a_large_page_cache_and_gives_it_back(ctx, tmp_path, statements):
    before = database.execute_sql("PRAGMA cache_size").fetchone()[0]
    run_import(ctx, prepare(ctx, _csv(tmp_path, HEADER + ROWS)), batch=10)
    assert f"PRAGMA cache_size = {-importer.WRITE_CACHE_KIB}" in statements
    assert database.execute_sql("PRAGMA cache_size").fetchone()[0] == before
    statements.clear()
    run_import(ctx, prepare(ctx, _csv(tmp_path, HEADER + ROWS)), dry_run=True)
    assert not any("cache_size =" in s for s in statements)  # a dry run changes nothing


@pytest.mark.both_engines
def test_large_import_on_either_engine(ctx, tmp_path, small_threshold):
    report = run_import(ctx, prepare(ctx, _csv(tmp_path, HEADER + ROWS)), batch=10)
    assert len(report.created) == 25 and Lead.select().count() == 25
    assert [r.name for r in iter_leads(ctx, LeadFilter(text="p7@x.com"))] == ["Person 7"]
    assert tags_of(Lead.get(Lead.name == "Person 5").id) == ["tag2"]


def test_columns_a_preset_does_not_name_are_read_by_their_usual_names(ctx, tmp_path):
    """A file with HubSpot's signature columns but "Phone" and "Company" (HubSpot writes
    "Phone Number", "Company Name") keeps its phone, company, country and source."""
    path = _csv(tmp_path, "First Name,Last Name,Email,Phone,Company,Country,Lead Source,"
                          "Lifecycle Stage,E-mail Display Name\n"
                          "Anna,Kay,anna@kay.fi,040 1234567,Kay Oy,Finland,Fair,Lead,Anna K\n")
    prepared = prepare(ctx, path)
    assert prepared.format.startswith("HubSpot")
    assert prepared.mapping["Phone"] == "phone" and prepared.mapping["E-mail Display Name"] == ""
    run_import(ctx, prepared)
    lead = Lead.get()
    assert (lead.phone, lead.company, lead.source, lead.stage) == (
        "+358 40 1234567", "Kay Oy", "fair", "contact")
