"""Contact data checks: e-mail (email-validator, no network) and phone (phonenumbers)."""

from __future__ import annotations

from leadtui.errors import InvalidInput, NotFound


def normalise_email(value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    from email_validator import EmailNotValidError, validate_email

    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise InvalidInput(f"invalid e-mail {value!r}: {exc}") from exc


def normalise_phone(value: str, region: str) -> str:
    """Return the number in international form (+358 40 1234567)."""
    value = value.strip()
    if not value:
        return ""
    import phonenumbers

    try:
        number = phonenumbers.parse(value, region or None)
    except phonenumbers.NumberParseException as exc:
        raise InvalidInput(unreadable_phone(value)) from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidInput(invalid_phone(value, region))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def unreadable_phone(value: str) -> str:
    # The library's own text ("(1) The string supplied did not seem to be…") is not for users.
    return (f"invalid phone {value!r}: not a phone number; write it with +country code, "
            "e.g. +358 40 1234567")


def invalid_phone(value: str, region: str) -> str:
    return (f"invalid phone {value!r} for region {region or '?'}: "
            "give it with +country code, or set default_region in config.toml")


# SQLite's integer keys are signed 64-bit: anything larger cannot name a row.
MAX_ID = 2**63 - 1


def parse_id(value, what: str = "lead") -> int:
    """A record id typed by the user: InvalidInput when not a number, NotFound when out of range."""
    try:
        key = int(str(value).strip())
    except (TypeError, ValueError):
        raise InvalidInput(f"{what} id must be a number, got {value!r}") from None
    if not 0 < key <= MAX_ID:
        raise NotFound(f"no {what} with id {key}")
    return key
