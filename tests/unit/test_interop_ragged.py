"""Ragged CSVs as spreadsheets and mail programs write them: every row still imports."""

from __future__ import annotations

from datetime import datetime

import pytest

from leadtui.db.models import Lead
from leadtui.interop.importer import prepare, run_import
from leadtui.interop.sniff import BadFile
from leadtui.interop.values import parse_date

NOW = datetime(2026, 11, 23, 12, 0)


def _import(ctx, tmp_path, text: str):
    path = tmp_path / "in.csv"
    path.write_bytes(text.encode("utf-8"))
    return run_import(ctx, prepare(ctx, str(path)))


def test_short_and_long_rows_import_and_the_extra_values_are_kept(ctx, tmp_path):
    report = _import(ctx, tmp_path, "Name,Email,Company,Notes\n"
                                    "Anna Short,anna@x.fi\n"
                                    "Ben Long,ben@x.fi,Acme,a note,Smith, Jr.,ext 12\n"
                                    "Cara Plain,cara@x.fi,Beta,\n")
    assert report.counts()["created"] == 3 and report.counts()["failed"] == 0
    leads = {lead.name: (lead.company, lead.interest) for lead in Lead.select()}
    assert leads == {"Anna Short": ("", ""), "Cara Plain": ("Beta", ""),
                     "Ben Long": ("Acme", "a note\nBeyond the header: Smith, Jr., ext 12")}
    (kept,) = report.unverified
    assert (kept.row, kept.column, kept.value) == (3, "Beyond the header", "Smith, Jr., ext 12")
    assert "3 more values than the header has columns" in kept.reason


def test_a_quoted_field_over_several_lines(ctx, tmp_path):
    report = _import(ctx, tmp_path, 'Name,Notes,Phone\r\n"Dana Lines","first line\r\nsecond line\r\n'
                                    'third",+358 40 1234567\r\nEero Next,,\r\n')
    dana = Lead.get(Lead.name == "Dana Lines")
    assert (dana.interest, dana.phone) == ("first line\nsecond line\nthird", "+358 40 1234567")
    # Rows are counted as a spreadsheet counts them: the note's lines are one row.
    assert sorted(o.row for o in report.created) == [2, 3]


def test_outlook_empty_dates_and_day_first_times(ctx, tmp_path):
    _import(ctx, tmp_path, "Name,Created\nEmpty Date,0.0.00\nSlash Empty,0/0/00\n"
                           "Full Time,17.05.2024 08:09:10\n")
    created = {lead.name: lead.created_at for lead in Lead.select()}
    assert created == {"Empty Date": NOW, "Slash Empty": NOW,
                       "Full Time": datetime(2024, 5, 17, 8, 9, 10)}


@pytest.mark.parametrize(("text", "expected"), [
    ("0.0.00", None), ("0/0/00", None), ("00.00.0000", None), ("00.00.0000 00:00:00", None),
    ("31.12.2023 23:59:59", datetime(2023, 12, 31, 23, 59, 59)),
    ("01.02.2024 9:05", datetime(2024, 2, 1, 9, 5))])
def test_dates(text, expected):
    assert parse_date(text, day_first=True) == expected


def test_a_file_whose_rows_are_mostly_too_long_is_refused(ctx, tmp_path):
    with pytest.raises(BadFile, match="is the delimiter comma right"):
        _import(ctx, tmp_path, "Name;Email\nA,1;a@x.fi,2\nB,3;b@x.fi,4\n".replace(";", ","))
    assert Lead.select().count() == 0
