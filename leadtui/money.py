"""Deal values: an amount and a currency, parsed from what people type.

Stored as whole cents (an integer, so sums are exact) and an ISO 4217 code.
Accepts "12000", "12 000", "12,000.50", "12k", "1.5m", "EUR 12000", "12000 eur",
"€12k", "$500"; a comma followed by exactly three digits groups thousands,
any other comma is a decimal point ("12,5" is twelve and a half).
"""

from __future__ import annotations

import re

from leadtui.errors import InvalidInput

SYMBOLS = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY", "₽": "RUB"}
MULTIPLIERS = {"": 1, "k": 1_000, "m": 1_000_000}
_NUMBER = re.compile(r"^(\d[\d\s_.,']*)([km]?)$", re.IGNORECASE)
_CODE = re.compile(r"^[A-Za-z]{3}$")


def parse_money(text: str, default_currency: str = "EUR") -> tuple[int | None, str]:
    """(cents, currency) from typed text; (None, "") for an empty value."""
    raw = (text or "").strip()
    if not raw:
        return None, ""
    currency = ""
    for symbol, code in SYMBOLS.items():
        if symbol in raw:
            raw, currency = raw.replace(symbol, " ").strip(), code
    words = raw.split()
    if len(words) > 1 and _CODE.match(words[0]):
        currency, raw = words[0].upper(), " ".join(words[1:])
    elif len(words) > 1 and _CODE.match(words[-1]):
        currency, raw = words[-1].upper(), " ".join(words[:-1])
    match = _NUMBER.match(raw.replace(" ", "").replace("\u00a0", ""))
    if not match:
        raise InvalidInput(f"not an amount: {text!r} (e.g. 12000, 12k EUR, €1.5m)")
    digits, suffix = match.groups()
    digits = digits.replace("_", "").replace("'", "")
    if "," in digits and "." in digits:
        digits = digits.replace(",", "")  # 12,000.50
    elif "," in digits:
        digits = digits.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+", digits) else digits.replace(",", ".")
    if digits.count(".") > 1:
        raise InvalidInput(f"not an amount: {text!r}")
    cents = round(float(digits) * 100 * MULTIPLIERS[suffix.lower()])
    return cents, currency or default_currency.upper()


def format_money(cents: int | None, currency: str = "") -> str:
    """12000.00 EUR -> "12 000 EUR"; cents only when there are any."""
    if cents is None:
        return ""
    whole, rest = divmod(abs(cents), 100)
    text = f"{whole:,}".replace(",", " ") + (f".{rest:02d}" if rest else "")
    return ("-" if cents < 0 else "") + text + (f" {currency}" if currency else "")
