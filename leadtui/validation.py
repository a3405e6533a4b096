"""Contact data checks: e-mail (email-validator, no network) and phone (phonenumbers)."""

from __future__ import annotations

from leadtui.errors import InvalidInput


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
        raise InvalidInput(f"invalid phone {value!r}: {exc}") from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidInput(
            f"invalid phone {value!r} for region {region or '?'}: "
            "give it with +country code, or set default_region in config.toml"
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


