"""[keys] in config.toml remaps bindings by id; an unknown id stops start-up with exit 2."""

from __future__ import annotations

import re

import pytest

from leadtui.errors import ConfigError
from leadtui.screens.quick_add import QuickAddDialog
from leadtui.tui.app import binding_ids, build_app, check_keymap


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_a_remapped_key_runs_the_action_and_the_old_key_does_not(ctx, db_path, world, size):
    ctx.config.keymap = {"app.quick_add": "n", "app.leads": "f2"}
    app = build_app(db_path, ctx)
    async with app.run_test(size=size) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert not isinstance(app.screen, QuickAddDialog)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, QuickAddDialog)
        await pilot.press("escape", "f2")
        await pilot.pause()
        assert app.current_mode == "leads"


def test_unknown_binding_id_is_a_config_error_with_a_suggestion():
    with pytest.raises(ConfigError, match=r"unknown key 'keys.leads.filtr'.*did you mean 'leads.filter'\?") as err:
        check_keymap({"leads.filtr": "f"})
    assert err.value.exit_code == 2
    check_keymap({"leads.filter": "f", "today.snooze_day": "s"})


def test_every_documented_binding_id_exists():
    from pathlib import Path

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Remapping keys", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`([a-z_]+\.[a-z_]+)`", section))
    assert documented <= binding_ids(), f"documented but bound to nothing: {sorted(documented - binding_ids())}"


def test_every_binding_id_is_documented():
    from pathlib import Path

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Remapping keys", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`([a-z_]+\.[a-z_]+)`", section))
    missing = binding_ids() - documented
    assert not missing, f"binding ids missing from the README's [keys] list: {sorted(missing)}"
