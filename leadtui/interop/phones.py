"""Many phone numbers in the stored form, with phonenumbers' full work done once per shape.

phonenumbers decides a number's country, national prefix, validity and grouping with
regular expressions from its metadata. When, for the number's country, every expression
matched against a whole number ends in at least k digits that may be any digit (as
`(?:4[0-8]|50)\\d{4,8}` ends in four), and every expression matched at the start of a
number is shorter than the number less its last k digits, then none of those decisions
can depend on the last k digits. Another number written exactly the same way except for
its last k digits ("+358 40 1234567" and "+358 40 1239876" for k = 4) then gets the same
verdict and the same grouping with its own last digits: the first one of each shape is read
by phonenumbers, the others are filled into its result. Whatever this cannot prove (letters,
extensions, other characters, countries whose expressions look further) goes through
phonenumbers as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from leadtui.errors import InvalidInput
from leadtui.kit.validation import invalid_phone, normalise_phone, unreadable_phone

OPEN_DIGITS = (6, 4, 2)  # how many last digits a shape leaves open, the most first
_WRITTEN = re.compile(r"\+?[0-9 .()-]+")  # what a shape may hold: no letters, no extension marks
_MARK = str.maketrans("0123456789", "#" * 10)
_DIGITS_ONLY = str.maketrans("", "", " .()-+")  # what _WRITTEN allows besides digits
_UNSHAPED = ("", ())  # numbers written like this one are read by phonenumbers one by one
_UNBOUNDED = 1 << 30  # the longest match of `*` or `+`

# A parsed expression is a list of items, each one of:
DIGIT = ("digit",)  # \d or [0-9]: any one digit
OTHER = ("other",)  # one character that is not any digit (a literal, a narrower class)
END = ("end",)  # $: matches no character
# ("repeat", low, high, items), ("group", items), ("branch", [items, ...])


class Unreadable(ValueError):
    """An expression outside the few forms phonenumbers' metadata is written in."""


def parse(pattern: str) -> list:
    """phonenumbers' metadata expressions (digits, classes, \\d, (?:...), |, ?, {n,m}) as items."""
    items, end = _parse_branch(pattern, 0)
    if end != len(pattern):
        raise Unreadable(pattern)
    return items


def _parse_branch(pattern: str, i: int) -> tuple[list, int]:
    alternatives = []
    while True:
        items, i = _parse_sequence(pattern, i)
        alternatives.append(items)
        if i < len(pattern) and pattern[i] == "|":
            i += 1
            continue
        return (alternatives[0] if len(alternatives) == 1 else [("branch", alternatives)]), i


def _parse_sequence(pattern: str, i: int) -> tuple[list, int]:
    items: list = []
    while i < len(pattern) and pattern[i] not in "|)":
        item, i = _parse_atom(pattern, i)
        item, i = _parse_repeat(pattern, i, item)
        items.append(item)
    return items, i


def _parse_atom(pattern: str, i: int) -> tuple[tuple, int]:
    c = pattern[i]
    if c == "(":
        i += 3 if pattern.startswith("(?:", i) else 1
        body, i = _parse_branch(pattern, i)
        if i >= len(pattern) or pattern[i] != ")":
            raise Unreadable(pattern)
        return ("group", body), i + 1
    if c == "[":
        end = pattern.find("]", i)
        if end < 0 or not re.fullmatch(r"(?:\d(?:-\d)?)+", pattern[i + 1:end]):
            raise Unreadable(pattern)
        return (DIGIT if pattern[i + 1:end] == "0-9" else OTHER), end + 1
    if pattern.startswith("\\d", i):
        return DIGIT, i + 2
    if c == "$":
        return END, i + 1
    if c.isdigit():
        return OTHER, i + 1
    raise Unreadable(pattern)


def _parse_repeat(pattern: str, i: int, item: tuple) -> tuple[tuple, int]:
    if i < len(pattern) and pattern[i] in "?*+":
        low, high = {"?": (0, 1), "*": (0, _UNBOUNDED), "+": (1, _UNBOUNDED)}[pattern[i]]
        return ("repeat", low, high, [item]), i + 1
    bounds = re.compile(r"\{(\d+)(,(\d*))?\}").match(pattern, i)
    if bounds is None:
        return item, i
    low = int(bounds[1])
    high = low if bounds[2] is None else int(bounds[3]) if bounds[3] else _UNBOUNDED
    return ("repeat", low, high, [item]), bounds.end()


def free_tail(items) -> tuple[int, bool]:
    """How many digits at the end of any match of these parsed items may be any digit,
    and whether the whole expression is only such digits."""
    total = 0
    for item in reversed(list(items)):
        kind = item[0]
        if kind == "digit":
            total += 1
        elif kind == "repeat":
            _kind, low, _high, body = item
            free, whole = free_tail(body)
            if not whole:
                return total + (free if low else 0), False
            total += low * free
        elif kind == "group":
            free, whole = free_tail(item[1])
            total += free
            if not whole:
                return total, False
        elif kind == "branch":
            tails = [free_tail(alternative) for alternative in item[1]]
            return total + min(free for free, _ in tails), False
        else:
            return total, False
    return total, True


def _items_width(items) -> tuple[int, int]:
    """The shortest and the longest match of the items, in characters."""
    low = high = 0
    for item in items:
        kind = item[0]
        if kind == "repeat":
            body = _items_width(item[3])
            low, high = low + item[1] * body[0], high + min(item[2] * body[1], _UNBOUNDED)
        elif kind == "group":
            body = _items_width(item[1])
            low, high = low + body[0], high + body[1]
        elif kind == "branch":
            widths = [_items_width(alternative) for alternative in item[1]]
            low, high = low + min(w[0] for w in widths), high + max(w[1] for w in widths)
        elif kind != "end":
            low, high = low + 1, high + 1
    return low, min(high, _UNBOUNDED)


def _flatten(items, limit: int = 256) -> list[list] | None:
    """The expression as alternatives (lists of items) whose last non-digit part is no
    choice between alternatives: `7(?:099\\d{4,5}|5[03-9]\\d{3,7})` -> `7099\\d{4,5}`, `75[03-9]\\d{3,7}`."""
    items = list(items)
    i = len(items) - 1
    while i >= 0 and free_tail(items[i:i + 1])[1]:
        i -= 1
    if i < 0:
        return [items]
    item = items[i]
    if item[0] == "group":
        return _flatten(items[:i] + list(item[1]) + items[i + 1:], limit)
    if item[0] == "branch":
        out: list[list] = []
        for alternative in item[1]:
            more = _flatten(items[:i] + list(alternative) + items[i + 1:], limit)
            if more is None or len(out) + len(more) > limit:
                return None
            out += more
        return out
    return [items]


@cache
def _alternatives(pattern: str) -> tuple[tuple[int, int, int, int], ...]:
    """(shortest match, longest match, longest head, syntactic free tail) per alternative,
    the head being what comes before the run of any-digits that ends it."""
    parsed = parse(pattern)
    flat = _flatten(parsed)
    if flat is None:
        low, high = _items_width(parsed)
        return ((low, high, high, free_tail(parsed)[0]),)
    out = []
    for items in flat:
        i = len(items)
        while i > 0 and free_tail(items[i - 1:i])[1]:
            i -= 1
        low, high = _items_width(items)
        out.append((low, high, _items_width(items[:i])[1], free_tail(items)[0]))
    return tuple(out)


def open_tail(pattern: str, shortest: int, longest: int) -> int:
    """The fewest last digits that cannot change whether `pattern` matches a whole number
    of `shortest` to `longest` digits: any match ends in at least that many any-digits."""
    tails = [max(free, shortest - head) for low, high, head, free in _alternatives(pattern)
             if low <= longest and high >= shortest]
    return min(tails, default=longest)


@cache
def _pattern_width(pattern: str) -> int:
    return _items_width(parse(pattern))[1]


@dataclass(frozen=True)
class Country:
    """What decides the numbers of one country code read with one default region."""

    whole: tuple[str, ...]  # expressions matched against a whole number
    idd: int  # the longest international prefix (the default region's)
    national_prefix: int  # the longest national prefix expression
    leading: int  # the longest leading-digits expression
    default_code: str  # the default region's country code


def other_regions(country_code: int, national: str) -> frozenset[str]:
    """The regions sharing `country_code` whose leading digits rule the number out: their
    own expressions are never tried on it."""
    import phonenumbers
    from phonenumbers import PhoneMetadata

    out = set()
    for code in phonenumbers.region_codes_for_country_code(country_code)[1:]:
        meta = PhoneMetadata.metadata_for_region(code)
        if meta is not None and meta.leading_digits and not re.match(meta.leading_digits, national):
            out.add(code)
    return frozenset(out)


@cache
def country(region: str, country_code: int, ruled_out: frozenset[str] = frozenset()) -> Country | None:
    """None when numbers of `country_code` cannot be shaped (shared codes for non-geographic
    services, national prefixes that rewrite digits). `ruled_out`: see other_regions."""
    import phonenumbers
    from phonenumbers import PhoneMetadata
    from phonenumbers.phonemetadata import PhoneNumberDesc

    regions = list(phonenumbers.region_codes_for_country_code(country_code))
    default = PhoneMetadata.metadata_for_region(region) if region else None
    if not regions or "001" in regions or (region and default is None):
        return None
    # National prefixes are stripped with the rules of the code's main region (or of the
    # default region, for a number written without +); the others only judge validity.
    stripping = [m for m in (PhoneMetadata.metadata_for_region(regions[0]), default) if m is not None]
    if any(m.national_prefix_transform_rule for m in stripping):
        return None
    prefixes = [m.national_prefix_for_parsing for m in stripping if m.national_prefix_for_parsing]
    whole: list[str] = []
    leading: list[str] = []
    for meta in [PhoneMetadata.metadata_for_region(code) for code in regions] + [default]:
        if meta is None:
            continue
        leading += [meta.leading_digits] if meta.leading_digits else []
        if meta.id in ruled_out and meta is not default:
            continue
        whole += [desc.national_number_pattern for desc in vars(meta).values()
                  if isinstance(desc, PhoneNumberDesc) and desc.national_number_pattern]
        for fmt in (*meta.number_format, *meta.intl_number_format):
            whole.append(fmt.pattern)
            leading += fmt.leading_digits_pattern
    try:
        for pattern in whole:
            _alternatives(pattern)
        idd = _pattern_width(default.international_prefix) if default and default.international_prefix else 0
        return Country(tuple(whole), idd, max(map(_pattern_width, prefixes), default=0),
                       max(map(_pattern_width, leading), default=0),
                       str(default.country_code) if default else "")
    except Unreadable:  # an expression this module cannot read: phonenumbers reads each number
        return None


@cache
def _country_tail(known: Country, shortest: int, longest: int) -> int:
    return min((open_tail(p, shortest, longest) for p in known.whole), default=0)


def _cut(text: str, marked: str, open_digits: int) -> tuple[str, str] | None:
    """The text with its last `open_digits` digits marked, and those digits (`marked`: the
    text with every digit marked)."""
    i = len(marked)
    for _ in range(open_digits):
        i = marked.rfind("#", 0, i)
        if i < 0:
            return None
    return text[:i] + marked[i:], text[i:].translate(_DIGITS_ONLY)


class ShapedPhones:
    """normalise_phone for many numbers: the same result or the same InvalidInput, faster."""

    def __init__(self) -> None:
        self.shapes: dict[tuple[str, int, str], object] = {}

    def __call__(self, value: str, region: str) -> str:
        value = value.strip()
        if not value or not _WRITTEN.fullmatch(value):
            return normalise_phone(value, region)
        marked = value.translate(_MARK)
        for open_digits in OPEN_DIGITS:
            cut = _cut(value, marked, open_digits)
            if cut is None:
                continue
            shape = self.shapes.get((region, open_digits, cut[0]))
            if shape is None:
                continue
            if shape is _UNSHAPED:
                return normalise_phone(value, region)
            template, places = shape
            if template is None:
                raise InvalidInput(invalid_phone(value, region))
            out = list(template)
            for place, digit in zip(places, cut[1], strict=True):
                out[place] = digit
            return "".join(out)
        return self._first_of_shape(value, region)

    def _first_of_shape(self, value: str, region: str) -> str:
        import phonenumbers

        try:
            number = phonenumbers.parse(value, region or None)
        except phonenumbers.NumberParseException as exc:
            raise InvalidInput(unreadable_phone(value)) from exc
        valid = phonenumbers.is_valid_number(number)
        text = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        if not self._remember(value, region, number, valid, text):
            cut = _cut(value, value.translate(_MARK), OPEN_DIGITS[-1])
            if cut is not None:
                self.shapes[(region, OPEN_DIGITS[-1], cut[0])] = _UNSHAPED
        if not valid:
            raise InvalidInput(invalid_phone(value, region))
        return text

    def _remember(self, value: str, region: str, number, valid: bool, text: str) -> bool:
        import phonenumbers

        national = phonenumbers.national_significant_number(number)
        known = country(region, number.country_code, other_regions(number.country_code, national))
        if known is None or number.extension:
            return False
        if "".join(c for c in text if c.isdigit()) != f"{number.country_code}{national}":
            return False
        digits = "".join(c for c in value if c.isdigit())
        # The shortest part of the number a whole-number expression is matched against: the
        # national number less a national prefix, or (written without +, starting with the
        # default region's code) the number less that code and twice a national prefix.
        shortest = len(national) - known.national_prefix
        if not value.startswith("+") and known.default_code and digits.startswith(known.default_code):
            shortest = min(shortest, len(digits) - len(known.default_code) - 2 * known.national_prefix)
        tail = _country_tail(known, shortest, len(digits))
        for open_digits in OPEN_DIGITS:
            if (open_digits > tail or len(digits) - open_digits <= known.idd
                    or shortest - open_digits <= known.national_prefix
                    or len(national) - open_digits < known.leading
                    or len(digits) < open_digits + 4 or not national[:-open_digits].strip("0")):
                continue
            places = [i for i, c in enumerate(text) if c.isdigit()][-open_digits:]
            cut = _cut(value, value.translate(_MARK), open_digits)
            if cut is None or cut[1] != national[-open_digits:]:
                return False
            self.shapes[(region, open_digits, cut[0])] = (text if valid else None, places)
            return True
        return False
