"""`leadtui --open SCREEN`: the screen the TUI opens on, beating `start_screen` in config.toml."""

from __future__ import annotations

import pytest

from leadtui.cli import main
from leadtui.db.connection import close_db


@pytest.fixture
def opened(monkeypatch) -> dict:
    """What the TUI would have opened on (it is not run)."""
    import leadtui.tui.app

    seen: dict = {}

    def fake_run_tui(db_path, ctx, notice=""):
        seen["screen"] = ctx.config.start_screen
        return 0

    monkeypatch.setattr(leadtui.tui.app, "run_tui", fake_run_tui)
    yield seen
    close_db()


def test_open_names_the_first_screen(opened, db):
    assert main(["--open", "leads", "--db", db]) == 0
    assert opened == {"screen": "leads"}


def test_without_open_the_config_decides(opened, db, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('start_screen = "reports"\n', encoding="utf-8")
    assert main(["--config", str(config), "--db", db]) == 0
    assert opened == {"screen": "reports"}
    assert main(["--config", str(config), "--open", "Pipeline", "--db", db]) == 0  # the flag wins
    assert opened == {"screen": "pipeline"}


def test_the_demo_opens_where_asked(opened):
    assert main(["--demo", "--open", "leads"]) == 0
    assert opened == {"screen": "leads"}


def test_open_with_a_command_is_refused_in_one_line(opened, db, capsys):
    assert main(["--open", "leads", "--db", db, "today"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "leadtui: --open is for the TUI: run `leadtui --open leads` without `today`"
    assert opened == {}


def test_an_unknown_screen_is_a_usage_error(opened, db, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--open", "inbox", "--db", db])
    assert exit_.value.code == 2 and "invalid choice: 'inbox'" in capsys.readouterr().err
    assert opened == {}
