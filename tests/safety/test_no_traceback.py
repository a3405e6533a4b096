"""Whatever is typed, the CLI answers with exit 0, 1 or 2 and one message, never a traceback,
and a command that fails leaves the data as it was."""

from __future__ import annotations

import contextlib
import io
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadtui.cli import main
from leadtui.db.connection import close_db

TABLES = ("lead", "activity", "follow_up", "stage_change", "lead_tag", "scoring_rule",
          "saved_view", "template")

WEIRD = ["", " ", "\x1b[2J\x1b[31mRed", "a\tb\nc", "\u202eevil", "ｆｕｌｌ", "🙂" * 3, "x" * 5000,
         "Robert'); DROP TABLE lead;--", "%", "_", "\\", "\"", "NULL", "é", "\udce9", "\x7f\x85"]
text = st.one_of(st.sampled_from(WEIRD),
                 st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                         max_size=30))
number = st.one_of(st.sampled_from(["inf", "-inf", "nan", "1e300", "-1e300", "99999999999999999999",
                                    "-1", "0", "1", "2.5", "1e-300", "1_000", "٣"]),
                   st.integers().map(str), text)
ident = st.one_of(st.sampled_from(["1", "2", "0", "-1", "99999999999999999999", "1.5", "²", " 1 "]),
                  st.integers(min_value=-(2**70), max_value=2**70).map(str), text)
date = st.one_of(st.sampled_from(["9999-12-31", "0001-01-01", "31.02.2026", "2026-13-45", "tomorrow",
                                  "in 99999999 days", "99999 days ago", "24:61", "tue 25", "now",
                                  "1970-01-01", "2038-01-19 03:14:08"]), text)
kind = st.one_of(st.sampled_from(["call", "email", "reply", "meeting", "note", "silence"]), text)


def _commands(draw):
    """One command line, drawn for a random command."""
    i, t, n, d, k = (lambda: draw(ident)), (lambda: draw(text)), (lambda: draw(number)), \
        (lambda: draw(date)), (lambda: draw(kind))
    choices = [
        lambda: ["add", t(), "--email", t(), "--phone", t(), "--company", t(), "--note", t(),
                 "--tag", t(), "--at", d(), "--next", d()],
        lambda: ["add", t(), "--force", "--at", d()],
        lambda: ["log", i(), k(), "--note", t(), "--at", d(), "--next", d()],
        lambda: ["stage", i(), t()], lambda: ["show", i()], lambda: ["score", i()],
        lambda: ["list", t(), "--sort", t(), "--limit", n()], lambda: ["list", "--view", t()],
        lambda: ["today"], lambda: ["follow", i(), d(), "--what", t()], lambda: ["done", i()],
        lambda: ["profile", "set", "--age", n(), "--income", n(), "--revenue", t(),
                 "--budget-min", n(), "--min-share", n()],
        lambda: ["rules", "add", k(), n(), "--days", n(), "--field", t(), "--value", t()],
        lambda: ["rules", "rm", i()], lambda: ["qualify", i(), t()], lambda: ["pin", i(), t()],
        lambda: ["views", "save", t(), t()], lambda: ["views", "rm", t()],
        lambda: ["template", t(), i()], lambda: ["template", "1", i(), "--use"],
        lambda: ["merge", i(), i()], lambda: ["delete", i(), "--yes"], lambda: ["duplicates"],
        lambda: ["export", t()], lambda: ["import", t()],
        lambda: ["report", draw(st.sampled_from(["funnel", "sources", "response", "weekly",
                                                 "monthly", "plan", "workload"]))],
        lambda: ["backup", "--list"], lambda: ["restore", t()], lambda: ["rescore"],
        lambda: [t(), t()],
    ]
    return draw(st.sampled_from(choices))()


def _snapshot(db) -> list:
    con = sqlite3.connect(db)
    try:
        return [con.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall() for table in TABLES]
    finally:
        con.close()


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse: usage errors and --help
            code = exc.code
        finally:
            close_db()
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def seeded(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # export/backup write nowhere else
    db = str(tmp_path / "fuzz.db")
    assert _run(["add", "Ann Lee", "--email", "ann@example.com", "--next", "tomorrow", "--db", db])[0] == 0
    assert _run(["add", "Bo Berg", "--db", db])[0] == 0
    assert _run(["log", "1", "call", "--note", "first", "--db", db])[0] == 0
    return db


@settings(max_examples=100, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_any_command_line_ends_in_0_1_or_2_without_a_traceback(seeded, data):
    argv = [*data.draw(st.composite(lambda draw: _commands(draw))()), "--db", seeded]
    before = _snapshot(seeded)
    code, out, err = _run(argv)
    assert code in (0, 1, 2), (argv, code, err)
    assert "Traceback" not in err and "Traceback" not in out
    assert "\x1b" not in out and "\x1b" not in err
    if code != 0:
        assert _snapshot(seeded) == before, (argv, err)
