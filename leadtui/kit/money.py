"""Deal values: an amount and a currency, parsed from what people type.

Stored as whole cents (an integer, so sums are exact) and an ISO 4217 code.
Accepts "12000", "12 000", "12,000.50", "12.000,50", "12k", "1.5m", "EUR 12000", "12000 eur",
"€12k", "$500" (`parse_amount`, the one amount parser every field and the import use).
"""

from __future__ import annotations

import re

from leadtui.errors import InvalidInput

SYMBOLS = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY", "₽": "RUB"}
MULTIPLIERS = {"": 1, "k": 1_000, "m": 1_000_000, "bn": 1_000_000_000, "b": 1_000_000_000}
_NUMBER = re.compile(r"^([-−]?)(\d[\d.,]*)(k|m|bn|b)?$", re.IGNORECASE)
_CODE = re.compile(r"^[A-Za-z]{3}$")
_GROUPING = str.maketrans("", "", " \u00a0\u202f_'")  # spaces, no-break spaces, 1_000, 1'000


def parse_amount(text: str) -> tuple[float | None, str]:
    """(number, currency code or "") from an amount as people type it anywhere in leadtui: a deal
    value, income, budget, revenue, a profile's range end, an imported cell.

    "35000", "35 000", "€35,000", "35.000,50 €", "40k", "1.5m", "EUR 12000", "12000 eur", "$2bn".
    A comma or dot followed by exactly three digits groups thousands; with both, the later one is
    the decimal point ("1.234,50", "1,234.50"); any other comma is a decimal point ("12,5").
    (None, "") for an empty value; InvalidInput for anything else.
    """
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
    match = _NUMBER.match(raw.translate(_GROUPING))
    if not match:
        raise InvalidInput(f"not an amount: {text!r} (e.g. 12000, €35,000, 12k EUR, €1.5m)")
    sign, digits, suffix = match.groups()
    number = _plain_number(digits, scaled=bool(suffix))
    if number is None:
        raise InvalidInput(f"not an amount: {text!r} (e.g. 12000, €35,000, 12k EUR, €1.5m)")
    value = number * MULTIPLIERS[(suffix or "").lower()]
    return (-value if sign else value), currency


def _plain_number(digits: str, scaled: bool = False) -> float | None:
    """Digits with thousands separators and a decimal point or comma, as a float. A dot before
    a k or m is a decimal point ("1.500m")."""
    if "," in digits and "." in digits:
        decimal = "," if digits.rfind(",") > digits.rfind(".") else "."
        digits = digits.replace("." if decimal == "," else ",", "").replace(",", ".")
    else:
        separator = "," if "," in digits else "."
        if re.fullmatch(rf"\d{{1,3}}(\{separator}\d{{3}})+", digits) and (separator == "," or not scaled):
            digits = digits.replace(separator, "")  # 35,000, 35.000 or 1.234.567
        else:
            digits = digits.replace(",", ".")  # 12,5 or 1.5
    try:
        return float(digits) if digits.count(".") <= 1 else None
    except ValueError:
        return None


def parse_money(text: str, default_currency: str = "EUR") -> tuple[int | None, str]:
    """(cents, currency) from typed text; (None, "") for an empty value."""
    value, currency = parse_amount(text)
    if value is None:
        return None, ""
    return round(value * 100), currency or default_currency.upper()


def parse_whole(text: str, what: str = "amount") -> int | None:
    """A count or amount that cannot be below zero (income, budget, revenue, employees, age),
    typed as any amount: "€35,000", "40k", "1 200"."""
    try:
        value, _ = parse_amount(str(text))
    except InvalidInput:
        raise InvalidInput(f"{what} must be a whole number, got {text!r} (e.g. 1200, 1 200, 40k)") from None
    if value is not None and value < 0:
        raise InvalidInput(f"{what} cannot be negative, got {text!r}")
    return None if value is None else round(value)


def format_money(cents: int | None, currency: str = "") -> str:
    """12000.00 EUR -> "12 000 EUR"; cents only when there are any."""
    if cents is None:
        return ""
    whole, rest = divmod(abs(cents), 100)
    text = f"{whole:,}".replace(",", " ") + (f".{rest:02d}" if rest else "")
    return ("-" if cents < 0 else "") + text + (f" {currency}" if currency else "")
