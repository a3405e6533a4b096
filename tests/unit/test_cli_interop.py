"""`leadtui import / export / duplicates / merge / delete` end to end, with exit codes."""

from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path

import pytest

from leadtui.db.connection import close_db, init_db
from leadtui.db.models import Activity, FollowUp, Lead, LeadTag, StageChange

FIXTURES = Path(__file__).parent.parent / "fixtures" / "interop"


def _count(db) -> int:
    init_db(db)
    try:
        return Lead.select().count()
    finally:
        close_db()


def test_dry_run_reports_every_row_and_writes_nothing(cli, db):
    code, out, err = cli("import", str(FIXTURES / "hubspot-contacts.csv"), "--dry-run")
    assert code == 0 and err == ""
    assert "would create (4):" in out and "row 2: Jane Cooper" in out
    assert "row 6: Jane Cooper — same e-mail as row 2" in out
    assert "kept unverified" in out and "row 5, Email: 'bad.address@@example'" in out
    assert ("5 rows: 4 would be created, 0 updated, 1 skipped as duplicates, 1 kept with "
            "unverified values, 0 failed (dry run: nothing was written)") in out
    assert _count(db) == 0


def test_a_row_naming_no_one_fails_and_the_exit_code_says_so(cli, db, tmp_path):
    path = tmp_path / "some.csv"
    path.write_text("Name,Phone,Created\nAnna,n/a,2024-01-01\n,,2024-01-02\n")
    code, out, err = cli("import", str(path))
    assert code == 1 and "row 3: no name, company, e-mail or phone" in out
    assert err.strip() == "leadtui: 1 of 2 rows failed (listed above); the other rows were imported"
    assert _count(db) == 1


def test_import_then_again_skips_every_duplicate(cli, db):
    code, out, _ = cli("import", str(FIXTURES / "linkedin-connections.csv"))
    assert code == 0 and "2 rows: 2 were created" in out
    code, out, _ = cli("import", str(FIXTURES / "linkedin-connections.csv"), "--format", "json")
    report = json.loads(out)
    # Sofia has no e-mail: only Ahmed's e-mail makes a duplicate; Sofia's similar name at the
    # same company is a likely one, created but reported.
    assert report["counts"]["skipped"] == 1 and report["counts"]["likely_duplicates"] == 1
    assert code == 0


def test_import_source_and_on_duplicate_update(cli, db):
    assert cli("import", str(FIXTURES / "outlook-contacts.csv"), "--source", "Fair")[0] == 0
    path = Path(db).parent / "more.csv"
    path.write_text("Name,E-mail,Title\nPekka Virtanen,pekka.virtanen@birch.fi,CIO\n")
    code, out, _ = cli("import", str(path), "--on-duplicate", "update")
    assert code == 0 and "updated (1):" in out
    init_db(db)
    lead = Lead.get(Lead.email == "pekka.virtanen@birch.fi")
    assert (lead.title, lead.source, lead.company) == ("CIO", "fair", "Birch Oy")


@pytest.mark.parametrize(("data", "message"), [
    (b"", "is empty"),
    (b"\x00\x01\x02\x03binary\x00\x00" * 50, "binary file"),
    (b"name,email\n", "header row but no data rows"),
    (b"a,b\n1,2,3,4\n", "ragged rows"),
    (b"name,email\nJ\x81\x98rg \xc3\x28,j@x.com\n", "unknown text encoding"),
])
def test_bad_files_exit_1_with_one_line_and_change_nothing(cli, db, tmp_path, data, message):
    cli("add", "Existing Lead")
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    code, out, err = cli("import", str(path))
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1 and out == ""
    assert "Traceback" not in err and _count(db) == 1


def test_mapping_override_and_saved_mapping(cli, db, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("Who,Reach,Memo\nAnna Odd,+358401234567,met at fair\n")
    code, out, _ = cli("import", str(path), "--map", "Who=name", "--map", "Reach=phone",
                       "--save-mapping", "odd", "--dry-run")
    assert code == 0 and "Who → name" in out and "Memo → note" in out
    code, out, _ = cli("import", str(path), "--mapping", "odd")
    assert code == 0 and "1 was created" in out
    code, _, err = cli("import", str(path), "--mapping", "nope")
    assert code == 1 and "no saved mapping 'nope'" in err


def test_export_formats_to_files_are_private(cli, db, tmp_path):
    cli("add", "Jane Doe", "--email", "jane@acme.com", "--next", "tomorrow 9am")
    cli("add", "Old One", "--email", "old@x.com")
    for fmt, name in (("csv", "a.csv"), ("json", "a.json"), ("vcard", "a.vcf"), ("ics", "a.ics")):
        target = tmp_path / name
        code, out, _ = cli("export", "--format", fmt, "-o", str(target))
        assert code == 0 and f"to {target}" in out
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert (tmp_path / "a.csv").read_bytes().startswith(b"\xef\xbb\xbfid,name,")
    assert "BEGIN:VEVENT" in (tmp_path / "a.ics").read_text()
    code, out, _ = cli("export", "jane", "--format", "json")
    assert [x["name"] for x in json.loads(out)["leads"]] == ["Jane Doe"]
    code, _, err = cli("export", "temp:boiling")
    assert code == 1 and "temp" in err


def test_merge_keeps_history_of_both_and_fills_only_empty_fields(cli, db, capsys):
    cli("add", "Jon Smith", "--email", "jon@acme.com", "--company", "Acme", "--tag", "a")
    cli("add", "Jonathan Smith", "--phone", "+358401234567", "--title", "CTO", "--tag", "b",
        "--next", "tomorrow 9am")
    cli("log", "1", "call", "--note", "first call")
    cli("log", "2", "meeting", "--note", "zebra meeting")
    cli("stage", "2", "offer")
    code, out, _ = cli("duplicates")
    assert code == 0 and "no duplicates found" in out  # different names, no shared key
    code, out, _ = cli("merge", "1", "2")
    assert code == 0 and "merged #2 into #1" in out
    init_db(db)
    (lead,) = Lead.select()
    assert (lead.name, lead.email, lead.phone, lead.title, lead.company, lead.stage) == (
        "Jon Smith", "jon@acme.com", "+358 40 1234567", "CTO", "Acme", "interest")
    assert Activity.select().where(Activity.lead == 1).count() == 2
    assert FollowUp.select().where(FollowUp.lead == 1).count() == 1 and lead.next_follow_up_at
    assert StageChange.select().where(StageChange.lead == 2).count() == 0
    assert {t.tag for t in LeadTag.select()} == {"a", "b"}
    from leadtui.context import Context
    from leadtui.finding.paging import iter_leads
    from leadtui.finding.queries import LeadFilter

    assert [r.id for r in iter_leads(Context(), LeadFilter(text="zebra"))] == [1]
    close_db()
    assert cli("merge", "1", "1")[0] == 1
    assert cli("merge", "1", "99")[0] == 1


def test_delete_asks_only_on_a_terminal(cli, db, monkeypatch):
    cli("add", "Jane Doe")
    cli("log", "1", "call")
    code, _, err = cli("delete", "1")  # stdin is not a terminal under pytest
    assert code == 1 and "--yes" in err and _count(db) == 1
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    code, out, _ = cli("delete", "1")
    assert code == 0 and "nothing deleted" in out and _count(db) == 1
    monkeypatch.setattr("builtins.input", lambda prompt: "y")
    code, out, _ = cli("delete", "1")
    assert code == 0 and "deleted #1 Jane Doe with 1 activities" in out and _count(db) == 0
    init_db(db)
    assert Activity.select().count() == 0
    close_db()
    cli("add", "Bob")  # #2: a deleted lead's id is never given again
    code, out, _ = cli("delete", "2", "--yes")
    assert code == 0 and _count(db) == 0


def test_long_files_show_a_progress_bar_on_a_terminal(cli, db, tmp_path, monkeypatch):
    from leadtui.cli import interop

    seen = []
    real = interop._progress_bar

    def spy(total):
        bar, callback = real(total)
        seen.append(bar is not None)
        return bar, (lambda done, all_: (seen.append(done), callback(done, all_)))

    monkeypatch.setattr(interop, "PROGRESS_FROM", 3)
    monkeypatch.setattr(interop, "_progress_bar", spy)
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    path = tmp_path / "many.csv"
    path.write_text("Name,Email\n" + "".join(f"P {i},p{i}@x.com\n" for i in range(5)))
    code, out, _ = cli("import", str(path))
    assert code == 0 and seen == [True, 5] and "5 were created" in out


@pytest.mark.parametrize(("env", "header"), [
    ({"LANG": "fi_FI.UTF-8"}, b"\xef\xbb\xbfid;name;"),
    ({"LANG": "ru_RU.UTF-8"}, b"\xef\xbb\xbfid;name;"),
    ({"LANG": "en_US.UTF-8", "LC_NUMERIC": "sv_SE.UTF-8"}, b"\xef\xbb\xbfid;name;"),
    ({"LANG": "fi_FI.UTF-8", "LC_NUMERIC": "en_GB.UTF-8"}, b"\xef\xbb\xbfid,name,"),
    ({"LANG": "en_US.UTF-8"}, b"\xef\xbb\xbfid,name,"),
    ({"LANG": "C.UTF-8"}, b"\xef\xbb\xbfid,name,"),
])
def test_csv_export_separates_with_what_the_locales_excel_expects(cli, tmp_path, monkeypatch, env, header):
    """Excel in a decimal-comma locale (Nordic, Russian) splits columns at ';' and needs the BOM."""
    monkeypatch.delenv("LC_NUMERIC", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    cli("add", "Jane Doe", "--company", "Acme, Inc.")
    target = tmp_path / "a.csv"
    assert cli("export", "-o", str(target))[0] == 0
    data = target.read_bytes()
    assert data.startswith(header)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=chr(header[5])))
    assert rows[1][1:3] == ["Jane Doe", "Acme, Inc."]


@pytest.mark.parametrize(("value", "delimiter"), [(";", ";"), (",", ","), ("tab", "\t"), ("|", "|")])
def test_csv_export_delimiter_option(cli, tmp_path, monkeypatch, value, delimiter):
    monkeypatch.setenv("LANG", "fi_FI.UTF-8")
    cli("add", "Jane Doe")
    code, out, err = cli("export", "--delimiter", value)
    assert code == 0, err
    assert out.splitlines()[0].startswith(f"id{delimiter}name{delimiter}company")


@pytest.mark.parametrize(("argv", "message"), [
    (["--delimiter", "ab"], "one character"), (["--delimiter", '"'], "one character"),
    (["--format", "json", "--delimiter", ";"], "for --format csv"),
])
def test_a_bad_delimiter_is_one_line(cli, argv, message):
    cli("add", "Jane Doe")
    code, _, err = cli("export", *argv)
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1
