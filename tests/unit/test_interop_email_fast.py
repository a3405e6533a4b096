"""The import's quick e-mail check gives email-validator's verdict and form on a broad sample."""

from __future__ import annotations

import itertools

from leadtui.errors import InvalidInput
from leadtui.interop.records import clean_email
from leadtui.kit.validation import normalise_email


def _validator(value: str) -> str:
    """clean_email without its shortcuts: the same unwrapping, then email-validator."""
    value = value.strip().strip("<>").strip()
    if value.lower().startswith("mailto:"):
        value = value[7:]
    return normalise_email(value).lower()


def _outcome(check, value: str) -> str:
    try:
        return check(value)
    except InvalidInput:
        return "refused"


LOCALS = ["jane", "Jane.Doe", "j.d+tag", "a_b-c", "o'neil", "x", "a" * 64, "a" * 65, ".jane", "jane.",
          "ja..ne", "jörg", "Åsa.Öberg", "mäkinen", "ñandú", "用户", "jane doe", '"jane doe"', "ja@ne",
          "#!$%&'*+/=?^_`{|}~-", "jane,doe", "(c)jane", "ja\\ne", "", "é.e", "ß"]
DOMAINS = ["acme.com", "ACME.FI", "sub.acme.co.uk", "a-b.io", "-ab.com", "ab-.com", "acme", "acme.c",
           "acme.123", "acme.museum", "x" * 63 + ".com", "x" * 64 + ".com", "acme..com", ".acme.com",
           "acme.com.", "acme.local", "acme.test", "acme.invalid", "acme.onion", "localhost",
           "acme.localhost", "acme.arpa", "exämple.fi", "xn--exmple-cua.fi", "acme_co.com",
           "[127.0.0.1]", "acme.com ", "1.2.3.4", "acme.c0m", "ac me.com", "a.b.c.d.e.f.g.h.fi"]


def test_quick_check_agrees_with_email_validator():
    values = [f"{local}@{domain}" for local, domain in itertools.product(LOCALS, DOMAINS)]
    values += ["<jane@acme.com>", "mailto:jane@acme.com", "MAILTO:Jane@Acme.com", " jane@acme.com ",
               "jane@@acme.com", "jane", "@acme.com", "jane@", "jane@acme.com@x.fi",
               "x" * 64 + "@" + ("y" * 60 + ".") * 3 + "com", "a@" + "b" * 250 + ".com",
               "a" * 63 + "ä@acme.fi", "a" * 64 + "ä@acme.fi", "ä" * 64 + "@acme.fi",
               "jö@" + ("y" * 60 + ".") * 3 + "fi", "jö@" + ("y" * 61 + ".") * 3 + "fi",
               "Jö.Rg@Acme.Com", "jo\u0308rg@acme.fi", "jörg@xn--exmple-cua.fi", "jörg@exämple.fi"]
    for value in values:
        assert _outcome(clean_email, value) == _outcome(_validator, value), value
