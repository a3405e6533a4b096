"""leadtui's own JSON written by someone hostile: one line per bad lead or for the file, never a
traceback, and nothing stored that `show`, `list` and the TUI cannot show."""

from __future__ import annotations

import json

import pytest

GOOD = {"name": "Good Lead", "email": "good@example.com"}


def _file(tmp_path, leads=None, **document) -> str:
    path = tmp_path / "leads.json"
    doc = {"format": "leadtui", "version": 1, "leads": leads if leads is not None else [GOOD], **document}
    path.write_text(document.pop("raw", None) or json.dumps(doc), encoding="utf-8")
    return str(path)


def _one_line(err: str) -> str:
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err


@pytest.mark.parametrize("version", ["1", "x", None, 1.5, True, [1], 0, 10**40])
def test_a_version_that_is_no_whole_number_is_one_line(cli, tmp_path, version):
    code, _, err = cli("import", _file(tmp_path, version=version))
    assert code == 1 and "version" in _one_line(err)


@pytest.mark.parametrize("raw", [
    '{"format": "leadtui", "version": 1, "leads": [{"name": "A", "employees": ' + "9" * 5000 + "}]}",
    '{"format": "leadtui", "leads": ' + "[" * 100_000 + "]" * 100_000 + "}",
], ids=["a-5000-digit-integer", "nested-100k-deep"])
def test_huge_numbers_and_deep_nesting_are_one_line(cli, tmp_path, raw):
    path = tmp_path / "leads.json"
    path.write_text(raw, encoding="utf-8")
    code, _, err = cli("import", str(path))
    assert code == 1
    _one_line(err)


BAD_LEADS = [
    ({"stage": "galaxy"}, "stage 'galaxy'"),
    ({"qualification": "maybe"}, "qualification 'maybe'"),
    ({"kind": "alien"}, "kind 'alien'"),
    ({"temperature": "lukewarm"}, "temperature 'lukewarm'"),
    ({"direction": "sideways"}, "direction 'sideways'"),
    ({"activities": [{"kind": "séance", "at": "2026-01-01T10:00:00Z"}]}, "activity kind 'séance'"),
    ({"created_at": "9999-12-31T23:59:59-14:00"}, "created_at"),
    ({"created_at": "0001-01-01T00:00:00+14:00"}, "created_at"),
    ({"activities": [{"kind": "call", "at": "9999-12-31T23:00:00Z"}]}, "outside the years"),
    ({"employees": 10**30}, "employees must be a whole number"),
    ({"employees": "many"}, "employees must be a whole number"),
    ({"company": {"nested": "object"}}, "company must be text"),
    ({"tags": "not-a-list"}, "tags must be a list"),
    ({"tags": [["x"]]}, "a tag must be text"),
    ({"changes": [{"field": "stage", "to": "heaven", "at": "2026-01-01T10:00:00Z"}]}, "unknown stage"),
    ({"follow_ups": [{"what": "x"}]}, "missing 'due_at'"),
    ({"activities": ["call"]}, "an activity must be an object"),
]


def test_each_bad_lead_is_one_line_and_the_good_ones_are_imported(cli, tmp_path):
    leads = [{"name": f"Bad {n}", **bad} for n, (bad, _) in enumerate(BAD_LEADS)] + [GOOD, 7, {"name": 7}]
    code, out, err = cli("import", _file(tmp_path, leads), "--on-duplicate", "create")
    assert code == 1, err
    assert "Traceback" not in out + err
    for n, (_, why) in enumerate(BAD_LEADS, 1):
        lines = [line for line in (out + err).splitlines() if f"row {n}:" in line and "not a valid lead" in line]
        assert len(lines) == 1 and why in lines[0], (n, why, out + err)
    assert sum("a lead needs a name" in line for line in (out + err).splitlines()) == 2
    code, out, _ = cli("--format", "json", "list")
    assert code == 0 and [row["name"] for row in json.loads(out)] == ["Good Lead"]
    assert cli("show", str(json.loads(out)[0]["id"]))[0] == 0


BAD_SETTINGS = [
    ({"profile": {"age": "x"}}, "age"),
    ({"profile": {"age": [1]}}, "age"),
    ({"profile": {"locations": 7}}, "locations"),
    ({"profile": {"min_share": 5}}, "min_share"),
    ({"profile": {"shoe_size": [1, 2]}}, "shoe_size"),
    ({"rules": [{"kind": "séance", "points": 5, "days": 30, "field": "", "value": ""}]}, "séance"),
    ({"rules": [{"kind": "call", "points": 10**15, "days": 30, "field": "", "value": ""}]}, "points"),
    ({"rules": [{"kind": "call", "points": 5, "days": 30, "field": "shoe", "value": "x"}]}, "shoe"),
    ({"templates": [{"name": "T", "channel": "pigeon", "subject": "", "body": "Hi"}]}, "pigeon"),
    ({"templates": [{"name": "T", "channel": "email", "subject": "", "body": "Hi {nope}"}]}, "nope"),
    ({"views": [{"name": "V", "query": "((( ", "position": 1}]}, "settings"),
]


@pytest.mark.parametrize(("settings", "why"), BAD_SETTINGS)
def test_settings_the_app_could_not_use_refuse_the_file(cli, tmp_path, settings, why):
    code, _, err = cli("import", _file(tmp_path, settings=settings))
    assert code == 1 and why in _one_line(err) and "nothing was imported" in err
    assert cli("profile")[0] == 0 and cli("rules")[0] == 0 and cli("templates")[0] == 0
    code, out, _ = cli("--format", "json", "list")
    assert json.loads(out) == []
