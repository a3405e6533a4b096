"""`leadtui edit ID ... --version N`: a version the lead never had is said as such, not as a
change made elsewhere; nothing is saved."""

from __future__ import annotations

import json

import pytest


@pytest.mark.parametrize("typed", ["5", "-1"])
def test_a_version_the_lead_never_had_is_refused_in_one_line(cli, typed):
    cli("add", "Jane Doe")
    cli("edit", "1", "title=CTO")
    cli("edit", "1", "title=CEO")  # now at version 2
    code, out, err = cli("edit", "1", "title=Intern", "--version", typed)
    assert code == 1 and out == ""
    assert err == (f"leadtui: lead #1 has never been at version {typed}; its version is 2 "
                   "(see `leadtui show 1 --format json`)\n")
    _, shown, _ = cli("show", "1", "--format", "json")
    assert json.loads(shown)["version"] == 2 and "CEO" in shown


def test_an_older_version_is_still_a_change_made_elsewhere(cli):
    cli("add", "Jane Doe")
    cli("edit", "1", "title=CTO")
    code, _, err = cli("edit", "1", "title=Intern", "--version", "0")
    assert code == 1 and "changed elsewhere" in err and "(version 0 → 1)" in err
