"""Output to a closed pipe or a full device, odd bytes in arguments, control characters in data."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from leadtui.db.models import Activity, Lead
from leadtui.leads import writes as leads

RUN = "import sys; from leadtui.cli import main; sys.exit(main())"


def _leadtui(db, *args, stdout=subprocess.PIPE, **kw):
    env = dict(os.environ, LEADTUI_DB=str(db))
    return subprocess.run([sys.executable, "-c", RUN, *args], stdout=stdout, stderr=subprocess.PIPE,
                          env=env, timeout=60, **kw)


def test_a_closed_pipe_ends_quietly(db_path):
    for name in ("Ann", "Bo", "Cy"):
        assert _leadtui(db_path, "add", name).returncode == 0
    env = dict(os.environ, LEADTUI_DB=str(db_path))
    proc = subprocess.Popen([sys.executable, "-c", RUN, "list"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    proc.stdout.close()  # like `| head -0`: the reader is gone before anything is written
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 0
    assert err == ""


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_a_full_output_device_still_saves_once_and_says_so(db_path):
    with open("/dev/full", "w") as full:
        proc = _leadtui(db_path, "add", "Dee", stdout=full)
    err = proc.stderr.decode()
    assert proc.returncode == 0
    assert "Traceback" not in err and err.count("\n") == 1
    assert "saved" in err
    listed = _leadtui(db_path, "--format", "json", "list").stdout.decode()
    assert listed.count('"Dee"') == 1


def test_latin1_bytes_in_arguments_are_read_as_latin1(db_path):
    env = dict(os.environ, LEADTUI_DB=str(db_path))
    proc = subprocess.run([sys.executable.encode(), b"-c", RUN.encode(), b"add", b"Jos\xe9 Garc\xeda"],
                          capture_output=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    shown = _leadtui(db_path, "show", "1").stdout.decode()
    assert "José García" in shown


def test_control_characters_never_reach_the_store_or_the_terminal(ctx, db_path):
    lead = leads.add_lead(ctx, leads.NewLead("Evil\x1b[2J\x1b[31mRed\tTab", company="A\u202eB"))
    leads.log_activity(ctx, lead.id, "note", "line one\n\tindented\x07\x1b]0;title\x07")
    stored = Lead.get_by_id(lead.id)
    assert stored.name == "Evil[2J[31mRed Tab" and stored.company == "AB"
    assert Activity.get().body == "line one\n\tindented]0;title"
    for argv in (("list",), ("show", "1"), ("--format", "json", "show", "1")):
        out = _leadtui(db_path, *argv).stdout.decode()
        assert "\x1b" not in out and "\x07" not in out


def test_old_data_with_control_characters_is_cleaned_on_the_way_out(ctx, db_path, other):
    lead = leads.add_lead(ctx, leads.NewLead("Plain"))
    con = other(timeout=5)
    con.execute("UPDATE lead SET name = ? WHERE id = ?", ("Old\x1b[2JName", lead.id))
    assert Lead.get_by_id(lead.id).name == "Old[2JName"
    assert "\x1b" not in _leadtui(db_path, "list").stdout.decode()


async def test_the_tui_never_shows_raw_escape_sequences(ctx, db_path, other):
    from leadtui.tui.app import build_app

    lead = leads.add_lead(ctx, leads.NewLead("Plain"))
    other(timeout=5).execute("UPDATE lead SET name = ? WHERE id = ?", ("Evil\x1b[2JRed", lead.id))
    app = build_app(db_path, ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await app.workers.wait_for_complete()
        await pilot.pause()
        from textual.widgets import DataTable

        table = app.screen.query_one(DataTable)
        cells = [str(table.get_cell_at((r, c))) for r in range(table.row_count)
                 for c in range(len(table.columns))]
        assert any("Evil[2JRed" in cell for cell in cells)
        assert not any("\x1b" in cell for cell in cells)


HOSTILE_CELLS = {"osc52": "\x1b]52;c;ZXZpbA==\x07", "clear": "\x1b[2J", "c1": "\x9b2J", "bidi": "\u202e"}


def _hostile_file(tmp_path, kind: str):
    cells = list(HOSTILE_CELLS.values())
    if kind == "csv":
        rows = ["Name,Email"] + [f"Lead {n} {cell}x,lead{n}@example.com" for n, cell in enumerate(cells)]
        text = "\n".join([*rows, f"Bad {cells[0]},not-an-email {cells[1]}"]) + "\n"
    elif kind == "vcard":
        text = "".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Lead {n} {cell}x\r\nEMAIL:lead{n}@example.com\r\n"
                       "END:VCARD\r\n" for n, cell in enumerate(cells))
    else:
        import json

        leads = [{"name": f"Lead {n} {cell}x", "email": f"lead{n}@example.com"} for n, cell in enumerate(cells)]
        text = json.dumps({"format": "leadtui", "version": 1,
                           "leads": [*leads, {"name": f"Bad {cells[1]}", "stage": f"x{cells[0]}"}]})
    path = tmp_path / f"hostile.{kind}"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", ["csv", "vcard", "json"])
@pytest.mark.parametrize("run", [["--dry-run"], [], ["--dry-run", "--format", "json"], ["--format", "json"]],
                         ids=["dry-run", "import", "dry-run-json", "import-json"])
def test_the_import_report_never_passes_control_characters_from_the_file(db_path, tmp_path, kind, run):
    """A cell with OSC 52 would write the user's clipboard, one with ESC[2J clear the screen."""
    done = _leadtui(db_path, "import", str(_hostile_file(tmp_path, kind)), *run)
    out = done.stdout.decode()
    assert "Lead 0" in out, out
    for cell in HOSTILE_CELLS.values():
        assert cell not in out
    assert not any(ch in out for ch in "\x1b\x07\x9b\u202e")
    if "json" in run:
        import json

        json.loads(out)
