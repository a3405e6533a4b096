"""[mail] and [notify] in config.toml: read strictly like the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadtui.config import config_from_dict
from leadtui.errors import ConfigError


def test_mail_and_notify_tables():
    config = config_from_dict({"owner_email": "Anna@Seller.fi",
                               "mail": {"me": ["Anna.K@Gmail.com"], "watch": ["~/Mail/INBOX"]},
                               "notify": {"bell": False}})
    assert config.my_addresses() == {"anna@seller.fi", "anna.k@gmail.com"}
    assert config.mail_watch == [Path("~/Mail/INBOX").expanduser()]
    assert (config.notify_bell, config.notify_osc) == (False, True)


@pytest.mark.parametrize(("raw", "message"), [
    ({"mail": {"mee": []}}, "did you mean 'mail.me'"),
    ({"mail": {"me": "anna@seller.fi"}}, "mail.me must be a list"),
    ({"mail": {"me": ["anna"]}}, "e-mail addresses"),
    ({"mail": {"watch": [3]}}, "mail.watch must be a list"),
    ({"notify": {"bell": "yes"}}, "notify.bell must be true or false"),
    ({"notify": {"sound": True}}, "unknown key 'notify.sound'"),
])
def test_bad_mail_and_notify_keys_are_errors(raw, message):
    with pytest.raises(ConfigError, match=message):
        config_from_dict(raw)
