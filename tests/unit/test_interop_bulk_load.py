"""An import writes batch by batch, each batch in its own transaction: other writers get in
between, and an interrupted import keeps what it wrote and goes on from there."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from leadtui.db.connection import database
from leadtui.db.models import Lead, Setting
from leadtui.finding.paging import iter_leads
from leadtui.finding.queries import LeadFilter
from leadtui.interop import importer
from leadtui.interop.importer import prepare, run_import
from leadtui.leads.writes import NewLead, add_lead, tags_of

ROWS = "".join(f"Person {i},p{i}@x.com,+358 40 {1000000 + i},Firm {i % 4},tag{i % 3}\n"
               for i in range(25))
HEADER = "Name,Email,Phone,Company,Tags\n"


def _csv(tmp_path, text) -> str:
    path = tmp_path / "in.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _lead_indexes() -> list[tuple[str, str]]:
    """The lead table's and the stage events' indexes and triggers."""
    found = sorted(database.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
        "AND tbl_name IN ('lead', 'stage_change')").fetchall())
    assert any(name.startswith("stage_change_") for name, _ in found)
    return found


@pytest.fixture
def statements():
    """Every SQL statement the SQLite connection runs from here on."""
    seen: list[str] = []
    database.connection().set_trace_callback(seen.append)
    yield seen
    database.connection().set_trace_callback(None)


def _resume_notes() -> list[str]:
    return [s.key for s in Setting.select() if s.key.startswith("import ")]


def test_an_import_into_an_empty_table_commits_batch_by_batch(ctx, tmp_path, statements):
    before = _lead_indexes()
    progress = []
    report = run_import(ctx, prepare(ctx, _csv(tmp_path, HEADER + ROWS)), batch=10,
                        progress=lambda done, total: progress.append((done, total)))
    assert progress == [(10, 25), (20, 25), (25, 25)]
    assert len(report.created) == 25 and not report.failed
    assert not any(s.startswith("DROP INDEX") for s in statements)  # the indexes stay in place
    assert sum(s.startswith("BEGIN IMMEDIATE") for s in statements) == 3
    assert sum(s.startswith("COMMIT") for s in statements) == 3  # one per batch
    assert _lead_indexes() == before and not _resume_notes()
    for outcome in report.created:
        lead = Lead.get_by_id(outcome.lead_id)
        assert lead.name == outcome.name
        assert tags_of(lead.id) == [f"tag{int(lead.name.split()[1]) % 3}"]
    assert [r.name for r in iter_leads(ctx, LeadFilter(text="p7@x.com"))] == ["Person 7"]
    assert [r.name for r in iter_leads(ctx, LeadFilter(text="1000011"))] == ["Person 11"]
    assert database.execute_sql("PRAGMA integrity_check").fetchone() == ("ok",)
    assert database.execute_sql("SELECT count(*) FROM stage_change").fetchone()[0] == 25


def _failing_to_write(monkeypatch, name: str) -> None:
    """Writing the row of the lead so named fails ("disk on fire"); every other row is written."""
    original = importer.new_lead_values

    def explode(ctx_, cand, *args):
        if cand.fields["name"] == name:
            raise ValueError("disk on fire")
        return original(ctx_, cand, *args)

    monkeypatch.setattr(importer, "new_lead_values", explode)


def test_a_bad_row_is_skipped_alone(ctx, tmp_path, monkeypatch):
    _failing_to_write(monkeypatch, "Person 13")
    report = run_import(ctx, prepare(ctx, _csv(tmp_path, HEADER + ROWS)), batch=10)
    assert [(e.row, "disk on fire" in e.reason) for e in report.failed] == [(15, True)]
    assert len(report.created) == 24 and Lead.select().count() == 24
    assert not Lead.select().where(Lead.name == "Person 13").exists()
    assert [r.name for r in iter_leads(ctx, LeadFilter(text="p12@x.com"))] == ["Person 12"]
    assert not _resume_notes()


def _interrupted_at_batch(monkeypatch, number: int) -> None:
    calls = []
    original = importer._Writer.write

    def interrupted(self, items):
        calls.append(len(items))
        if len(calls) == number:
            raise KeyboardInterrupt
        return original(self, items)

    monkeypatch.setattr(importer._Writer, "write", interrupted)


def test_an_interrupted_import_keeps_its_batches_and_goes_on_from_there(ctx, tmp_path, monkeypatch):
    """Killed in its third batch, an import leaves its first two whole and nothing of the
    third; the same file imported again writes the rest, even with duplicates allowed."""
    rows = HEADER + "".join(f"Nameless {i},,,Firm {i},\n" for i in range(25))  # nothing to dedupe by
    path = _csv(tmp_path, rows)
    _interrupted_at_batch(monkeypatch, 3)
    with pytest.raises(KeyboardInterrupt):
        run_import(ctx, prepare(ctx, path), batch=10, on_duplicate="create")
    assert Lead.select().count() == 20
    assert database.execute_sql("SELECT count(*) FROM lead_fts").fetchone() == (20,)
    assert database.execute_sql("PRAGMA integrity_check").fetchone() == ("ok",)
    assert len(_resume_notes()) == 1
    monkeypatch.undo()
    dry = run_import(ctx, prepare(ctx, path), batch=10, dry_run=True, on_duplicate="create")
    assert dry.counts()["created"] == 5 and dry.counts()["skipped"] == 20
    report = run_import(ctx, prepare(ctx, path), batch=10, on_duplicate="create")
    assert [o.row for o in report.created] == list(range(22, 27))
    assert [o.row for o in report.skipped] == list(range(2, 22))
    assert all(o.reason == importer.RESUMED for o in report.skipped)
    assert sorted(lead.name for lead in Lead.select()) == sorted(f"Nameless {i}" for i in range(25))
    assert not _resume_notes()  # through: importing it again is a new import
    again = run_import(ctx, prepare(ctx, path), batch=10, on_duplicate="create", dry_run=True)
    assert again.counts()["created"] == 25


def test_a_row_that_failed_before_the_interruption_is_tried_again(ctx, tmp_path, monkeypatch):
    _failing_to_write(monkeypatch, "Person 3")
    _interrupted_at_batch(monkeypatch, 13)  # the first batch row by row (10 calls), then one more
    with pytest.raises(KeyboardInterrupt):
        run_import(ctx, prepare(ctx, _csv(tmp_path, HEADER + ROWS)), batch=10)
    assert Lead.select().count() == 19
    monkeypatch.undo()
    report = run_import(ctx, prepare(ctx, _csv(tmp_path, HEADER + ROWS)), batch=10)
    assert [o.name for o in report.created] == ["Person 3"] + [f"Person {i}" for i in range(20, 25)]
    assert Lead.select().count() == 25 and not report.failed


def test_a_table_with_leads_is_written_batch_by_batch(ctx, tmp_path, statements):
    add_lead(ctx, NewLead("Already Here", email="here@x.com"))
    statements.clear()
    report = run_import(ctx, prepare(ctx, _csv(tmp_path, HEADER + ROWS)), batch=10)
    assert len(report.created) == 25
    assert not any(s.startswith("DROP INDEX") for s in statements)
    assert sum(s.startswith("COMMIT") for s in statements) == 3  # one per batch


def test_another_writer_writes_between_batches_and_the_import_sees_its_lead(ctx, tmp_path):
    """A first import into an empty database held the write lock for the whole file: a
    `leadtui add` meanwhile failed as busy. Now each batch commits; the lead added between
    two batches is there, and the import's next batch finds it a duplicate."""
    rows = "Name,Email\n" + "".join(f"Person {i},p{i}@x.com\n" for i in range(5000))
    added: list = []

    def add_from_another_connection() -> None:
        try:
            database.execute_sql("PRAGMA busy_timeout = 200")  # this thread's own connection
            added.append(add_lead(ctx, NewLead("Someone Else", email="p4000@x.com")).id)
        except Exception as exc:  # noqa: BLE001 - the test reports it
            added.append(exc)
        finally:
            database.close()

    def between_batches(done: int, total: int) -> None:
        if done < total:
            writer = threading.Thread(target=add_from_another_connection)
            writer.start()
            writer.join()

    report = run_import(ctx, prepare(ctx, _csv(tmp_path, rows)), batch=2500,
                        progress=between_batches)
    assert len(added) == 1 and isinstance(added[0], int), added
    (skipped,) = report.skipped
    assert skipped.row == 4002 and skipped.other_id == added[0]
    assert len(report.created) == 4999 and Lead.select().count() == 5000


def test_small_files_are_written_batch_by_batch(ctx, tmp_path, statements):
    run_import(ctx, prepare(ctx, _csv(tmp_path, HEADER + ROWS)), batch=10)
    assert not any(s.startswith("DROP INDEX") for s in statements)


def test_the_import_writes_with_a_large_page_cache_and_gives_it_back(ctx, tmp_path, statements):
    def pragmas() -> tuple[int, int]:
        return tuple(database.execute_sql(f"PRAGMA {name}").fetchone()[0]
                     for name in ("cache_size", "wal_autocheckpoint"))

    before = pragmas()
    run_import(ctx, prepare(ctx, _csv(tmp_path, HEADER + ROWS)), batch=10)
    assert f"PRAGMA cache_size = {-importer.WRITE_CACHE_KIB}" in statements
    assert f"PRAGMA wal_autocheckpoint = {importer.IMPORT_CHECKPOINT_PAGES}" in statements
    assert pragmas() == before
    statements.clear()
    run_import(ctx, prepare(ctx, _csv(tmp_path, HEADER + ROWS)), dry_run=True)
    assert not any(" = " in s for s in statements if s.startswith("PRAGMA"))  # a dry run changes nothing


@pytest.mark.both_engines
def test_large_import_on_either_engine(ctx, tmp_path):
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


def _interrupt(ctx, monkeypatch, path: str) -> None:
    """An import of `path` killed in its second batch: its note stays."""
    with monkeypatch.context() as patched:
        _interrupted_at_batch(patched, 2)
        with pytest.raises(KeyboardInterrupt):
            run_import(ctx, prepare(ctx, path), batch=10)
    assert len(_resume_notes()) == 1


def _other_file(tmp_path) -> str:
    other = tmp_path / "other.csv"
    other.write_text("Name,Email\nSomeone Else,else@y.com\n", encoding="utf-8")
    return str(other)


def test_a_resume_note_older_than_a_week_is_forgotten_and_never_skips_rows(ctx, clock, tmp_path, monkeypatch):
    path = _csv(tmp_path, HEADER + ROWS)
    _interrupt(ctx, monkeypatch, path)
    clock.set(clock.now() + timedelta(days=importer.RESUME_DAYS, hours=1))
    dry = run_import(ctx, prepare(ctx, path), batch=10, dry_run=True)
    assert not any(o.reason == importer.RESUMED for o in dry.skipped)  # the 10 are found as duplicates
    assert dry.counts()["skipped"] == 10 and dry.counts()["created"] == 15
    run_import(ctx, prepare(ctx, _other_file(tmp_path)))
    assert not _resume_notes()


def test_a_fresh_note_of_a_file_still_there_stays_and_the_file_resumes(ctx, clock, tmp_path, monkeypatch):
    path = _csv(tmp_path, HEADER + ROWS)
    _interrupt(ctx, monkeypatch, path)
    clock.set(clock.now() + timedelta(days=importer.RESUME_DAYS - 1))
    run_import(ctx, prepare(ctx, _other_file(tmp_path)))
    assert len(_resume_notes()) == 1
    report = run_import(ctx, prepare(ctx, path), batch=10)
    assert [o.reason for o in report.skipped] == [importer.RESUMED] * 10 and len(report.created) == 15
    assert "0 skipped as duplicates, 10 written by the earlier run that was interrupted," in report.summary()
    assert not _resume_notes()


def test_the_note_of_a_file_removed_or_changed_since_goes_at_the_next_import(ctx, tmp_path, monkeypatch):
    path = _csv(tmp_path, HEADER + ROWS)
    _interrupt(ctx, monkeypatch, path)
    (tmp_path / "in.csv").unlink()
    run_import(ctx, prepare(ctx, _other_file(tmp_path)))
    assert not _resume_notes()
    _interrupt(ctx, monkeypatch, _csv(tmp_path, HEADER + ROWS.replace("Person", "Persona")))
    changed = _csv(tmp_path, HEADER + "Third Person,third@z.com\n")  # the same path, other rows
    run_import(ctx, prepare(ctx, changed))
    assert not _resume_notes()


def test_a_note_without_a_date_or_unreadable_goes_at_the_next_import(ctx, tmp_path):
    Setting.put("import " + "a" * 64, '{"row": 12, "failed": []}')  # written before notes were dated
    Setting.put("import " + "b" * 64, "not json")
    Setting.put("mapping fair", "{}")
    run_import(ctx, prepare(ctx, _other_file(tmp_path)))
    assert not _resume_notes() and Setting.get_or_none(Setting.key == "mapping fair") is not None
