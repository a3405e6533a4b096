"""Phone numbers read by shape agree with phonenumbers read one by one: result or refusal."""

from __future__ import annotations

import random

import phonenumbers
import pytest
from phonenumbers import PhoneNumberFormat as Format

from leadtui.errors import InvalidInput
from leadtui.interop.phones import ShapedPhones, Unreadable, free_tail, open_tail, parse
from leadtui.interop.records import PhoneCleaner
from leadtui.kit.validation import normalise_phone

REGIONS = ("FI", "RU", "DK", "SE", "US", "GB", "DE", "NO", "EE", "CA", "AX", "FR", "AR", "IT")
TYPES = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE,
         phonenumbers.PhoneNumberType.TOLL_FREE, phonenumbers.PhoneNumberType.PREMIUM_RATE,
         phonenumbers.PhoneNumberType.VOIP, phonenumbers.PhoneNumberType.UAN)


def _outcome(call, value: str, region: str) -> str:
    try:
        return call(value, region)
    except InvalidInput as exc:
        return f"refused: {exc}"


def _written(rnd: random.Random) -> list[str]:
    """Numbers of many countries and types as people write them, last digits varied."""
    out = []
    for region in REGIONS:
        for kind in TYPES:
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            national = phonenumbers.national_significant_number(example)
            for _ in range(6):
                cut = rnd.choice((1, 2, 3, 4, 6))
                digits = national[:-cut] + "".join(rnd.choice("0123456789") for _ in range(cut))
                number = phonenumbers.PhoneNumber(country_code=example.country_code,
                                                  national_number=int(digits),
                                                  italian_leading_zero=example.italian_leading_zero)
                for style in (Format.INTERNATIONAL, Format.NATIONAL, Format.E164):
                    out.append(phonenumbers.format_number(number, style))
                out.append(phonenumbers.format_number(number, Format.E164)[1:])
                out.append(digits)
                out.append("00" + phonenumbers.format_number(number, Format.E164)[1:])
                out.append(phonenumbers.format_number(number, Format.INTERNATIONAL).replace(" ", "-"))
    return out


JUNK = ["123", "+358", "+358 40", "0", "00000000", "+000 000 0000", "(040) 123 4567", "040-123.45.67",
        "+358 (0) 40 1234567", "+44 (0)20 7946 0018", "8 (912) 345-67-89", "+7 (912) 345-67-89",
        "+1 212 555 0123 ext. 45", "+358 40 1234567 x12", "+358 40 123456789012345",
        "040 1234567#", "1-800-FLOWERS", "+45 20 00 00 00", "+45 10 00 00 00", "+46 8 123 456 78",
        "+46 70-123 45 67", "070-123 45 67", "(212) 555-0123", "212.555.0123", "1 212 555 0123",
        "011 358 40 1234567", "00 358 40 1234567", "+800 1234 5678", "+882 1234 5678",
        "+358 20 123", "+358 9 123", "+358 100 100", "+358 600 12345", "+358 75 3 12345",
        "+7 800 555-35-35", "+7 495 123-45-67", "+49 30 123456", "+49 1512 3456789",
        "+44 7911 123456", "+44 800 123 4567", "+353 1 234 5678", "358401234567", "3584012345678"]


def test_shaped_numbers_agree_with_phonenumbers_on_a_broad_sample():
    rnd = random.Random(11)
    values = _written(rnd) + JUNK
    values += [v.replace("0", "1", 1) for v in values[::7]]
    for region in ("FI", "US", "RU", "SE", "DK", "GB", "DE", ""):
        shaped = ShapedPhones()
        expected = [_outcome(normalise_phone, value, region) for value in values]
        for _ in range(2):  # the second pass reads nearly everything by shape
            for value, want in zip(values, expected, strict=True):
                assert _outcome(shaped, value, region) == want, (value, region)
    assert shaped.shapes  # shapes were used, not only the slow path


def test_numbers_of_one_shape_differ_only_in_their_last_digits():
    shaped = ShapedPhones()
    first = [f"+358 40 {1000000 + i * 37}" for i in range(400)]
    second = [f"040 {2000000 + i * 91}" for i in range(400)]
    us = [f"+1 (212) 555-{i:04d}" for i in range(0, 10000, 53)]
    ru = [f"8 (912) 345-{i // 100:02d}-{i % 100:02d}" for i in range(0, 10000, 41)]
    for values, region in ((first, "FI"), (second, "FI"), (us, "FI"), (ru, "RU")):
        for value in values:
            assert _outcome(shaped, value, region) == _outcome(normalise_phone, value, region)
    assert len(shaped.shapes) < 60  # ~1,450 numbers, a handful of shapes


def test_the_import_cleaner_uses_shapes_and_gives_the_same_numbers():
    cleaner = PhoneCleaner("FI")
    values = [f"+358 50 {3000000 + i * 7}" for i in range(300)] + ["+358 50 300", "junk"]
    for value in values:
        assert _outcome(lambda v, r: cleaner(v), value, "FI") == _outcome(normalise_phone, value, "FI")
    assert cleaner.shaped.shapes


@pytest.mark.parametrize(("pattern", "tail"), [
    (r"(?:4[0-8]|50)\d{4,8}", 4), (r"(\d{2})(\d{4,8})", 6), (r"4946\d{2,6}", 2),
    (r"7[023689]\d{7}", 7), (r"\d{2}(?:\d{2})?\d{4}", 6), (r"[2-9]\d{7}", 7), (r"8001111", 0),
    (r"1(?:6[023]|7\d)\d{7,8}", 7), (r"(?:\d{3})?\d{4}", 4), (r"9(?:00|[1-8]\d)", 0),
])
def test_free_tail_counts_the_any_digits_every_match_ends_in(pattern, tail):
    assert free_tail(parse(pattern))[0] == tail


def test_open_tail_uses_the_number_length():
    # Six-digit head at most, numbers of 9 to 12 digits: at least 3 open, but 9 digits fit only
    # the first alternative with its four-digit head.
    assert open_tail(r"1[3-7][1-8]\d{3,6}|20[2-59]\d\d", 9, 12) == 6
    assert open_tail(r"1[3-7][1-8]\d{3,6}|20[2-59]\d\d", 5, 12) == 2


def test_every_expression_of_phonenumbers_metadata_is_read():
    # One the parser refused would leave its country's numbers unshaped (slow, still right).
    from phonenumbers import PhoneMetadata
    from phonenumbers.phonemetadata import PhoneNumberDesc

    for region in phonenumbers.SUPPORTED_REGIONS:
        meta = PhoneMetadata.metadata_for_region(region)
        patterns = {desc.national_number_pattern for desc in vars(meta).values()
                    if isinstance(desc, PhoneNumberDesc) and desc.national_number_pattern}
        for fmt in (*meta.number_format, *meta.intl_number_format):
            patterns |= {fmt.pattern, *fmt.leading_digits_pattern}
        patterns |= {meta.international_prefix or "", meta.national_prefix_for_parsing or ""}
        for pattern in patterns - {""}:
            parse(pattern)


@pytest.mark.parametrize(("pattern", "widths"), [
    (r"(?:4[0-8]|50)\d{4,8}", (6, 10)), (r"0|180020", (1, 6)), (r"00|99(?:[01469]|5\d)", (2, 4)),
    (r"(\d{3})(\d{3,4})?$", (3, 7)), (r"1\d*", (1, 1 << 30)), (r"[2-9]\d{7}", (8, 8)),
])
def test_widths_are_the_shortest_and_longest_match(pattern, widths):
    from leadtui.interop.phones import _items_width

    assert _items_width(parse(pattern)) == widths


@pytest.mark.parametrize("pattern", [r"a\d", r"(?=1)", r"[^1]", r"(1", r"\w"])
def test_expressions_beyond_phonenumbers_forms_are_refused(pattern):
    with pytest.raises(Unreadable):
        parse(pattern)
