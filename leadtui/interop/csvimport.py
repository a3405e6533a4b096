"""A CSV table as candidate leads, through a preset, a saved mapping or a guessed one."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from leadtui.config import locale_region
from leadtui.context import Context
from leadtui.interop.csvfile import Shape, Table
from leadtui.interop.fields import (
    LANGUAGE_REGIONS,
    MULTI_TARGETS,
    exact_target,
    guess_mapping,
    header_language,
)
from leadtui.interop.presets import Preset
from leadtui.interop.records import (
    Candidate,
    PhoneCleaner,
    RowError,
    RowFailed,
    country_region,
    finish,
    person_name,
)
from leadtui.interop.values import (
    BadValue,
    date_order,
    interpret_status,
    parse_date,
    parse_number,
)
from leadtui.record import fields as leadfields

# The imported fields read as they are from the first column that has a value, and those read
# as whole numbers; the name (from its parts), e-mails, phones, websites and tags have their own.
TEXT_TARGETS = frozenset(f.name for f in leadfields.imported() if f.kind in ("text", "choice")
                         ) - {"name", "email", "phone", "website"}
NUMBER_TARGETS = frozenset(f.name for f in leadfields.imported() if f.kind == "int")
DATE_TARGETS = {"created": "created_at", "last_activity": "last_touched_at"}
SPLIT_TARGETS = frozenset({"email", "phone", "tags", "website"})
BEYOND = "Beyond the header"  # what a row's values past the header's last column are called
_TAG_SPLIT = re.compile(r"\s*[,;]\s*")


@dataclass(frozen=True)
class ColumnPlan:
    pairs: tuple[tuple[int, str], ...]  # (column index, target) in preference order
    preset: Preset | None
    header: tuple[str, ...]

    def as_mapping(self) -> dict[str, str]:
        chosen = {self.header[i]: target for i, target in self.pairs}
        return {column: chosen.get(column, "") for column in self.header}


def plan_columns(header: list[str], preset: Preset | None = None,
                 mapping: dict[str, str] | None = None) -> ColumnPlan:
    """Columns to read: an explicit mapping (the preset then only lends its value habits),
    else the preset's own plus the columns it does not name whose names are a field's
    usual ones (a file with the tool's signature may say "Phone" where the tool says
    "Phone Number"), else guessed from the header names."""
    if mapping is not None:
        index = {h.strip().casefold(): i for i, h in enumerate(header)}
        pairs = tuple((index[c.strip().casefold()], t) for c, t in mapping.items()
                      if t and c.strip().casefold() in index)
        return ColumnPlan(pairs, preset, tuple(header))
    if preset is not None:
        pairs, claimed = preset.mapping(header), preset.claimed(header)
        named = {target for _, target in pairs}
        for i, column in enumerate(header):
            target = exact_target(column) if i not in claimed else ""
            if target and (target in MULTI_TARGETS or target not in named):
                pairs.append((i, target))
                named.add(target)
        return ColumnPlan(tuple(pairs), preset, tuple(header))
    guessed = guess_mapping(header)
    pairs = tuple((i, guessed[h]) for i, h in enumerate(header) if guessed.get(h))
    return ColumnPlan(pairs, None, tuple(header))


def file_region(header: list[str]) -> str:
    """The country the header's language says the file is from ("" for English or unsure)."""
    return LANGUAGE_REGIONS.get(header_language(header), "")


COUNTRY_ROWS = 2000  # rows whose country says where the file is from
EXAMPLE_ROWS = 200  # rows looked through for two values of each column


class Survey:
    """One pass over a CSV's rows before any is read into a lead, holding none of them: how
    many rows (and how many too long), each date column's order, the country most rows
    name, and each column's first two values for a preview."""

    def __init__(self, table: Table, plan: ColumnPlan) -> None:
        self.table = table
        self.shape = Shape(table)
        self.orders: dict[int, bool | None] = {i: None for i, target in plan.pairs
                                               if target in DATE_TARGETS}  # None: not told yet
        countries = [i for i, target in plan.pairs if target == "country"]
        self.country_column = countries[0] if countries else None
        self.countries: Counter = Counter()
        self.examples: list[list[str]] = [[] for _ in table.header]
        self.wanted = set(range(len(table.header)))

    def run(self) -> Survey:
        for row in self.table.rows():
            self.add(row)
        self.shape.check()
        return self

    def add(self, row) -> None:
        shape = self.shape
        shape.add(row)
        cells = row[1]
        for i, order in self.orders.items():
            if order is None and cells[i]:
                self.orders[i] = date_order(cells[i])
        if self.country_column is not None and shape.rows <= COUNTRY_ROWS:
            name = cells[self.country_column].strip()
            if name:
                self.countries[name] += 1
        if self.wanted and shape.rows <= EXAMPLE_ROWS:
            for i in list(self.wanted):
                value = " ".join(cells[i].split())
                if value:
                    self.examples[i].append(value)
                    if len(self.examples[i]) == 2:
                        self.wanted.discard(i)

    def day_first(self, default: bool) -> dict[int, bool]:
        return {i: default if order is None else order for i, order in self.orders.items()}

    def usual_country(self) -> str:
        """The country more than half the first rows naming one name, or "": a row that
        names none is most likely from there too."""
        regions: Counter = Counter()
        for name, count in self.countries.items():
            region = country_region(name)
            if region:
                regions[region] += count
        if not regions:
            return ""
        region, count = regions.most_common(1)[0]
        return region if 2 * count > sum(regions.values()) else ""  # most of the file, not a mix


class CandidateReader:
    """A CSV's rows into candidates, one at a time, with what the survey learnt of the file."""

    def __init__(self, ctx: Context, table: Table, plan: ColumnPlan, survey: Survey, *,
                 source: str = "") -> None:
        preset = plan.preset
        split = preset.split if preset else ""
        defaults = dict(preset.defaults) if preset else {}
        default_day_first = preset.day_first if preset and preset.day_first is not None else (
            ctx.config.default_region not in ("US", "CA", "PH"))
        self.ctx, self.table = ctx, table
        self.phones = PhoneCleaner(file_region(table.header), survey.usual_country(),
                                   ctx.config.default_region, locale_region())
        self.reader = _RowReader(plan.pairs, plan.header, split, defaults,
                                 survey.day_first(default_day_first), source)

    def __iter__(self) -> Iterator[Candidate | RowError]:
        """Each row's candidate, or the error that kept it from being one, in the file's order."""
        ctx, phones, read = self.ctx, self.phones, self.reader.read
        for row, cells, beyond in self.table.rows():
            try:
                yield read(ctx, row, cells, phones, beyond)
            except RowFailed as exc:
                yield RowError(row, exc.column, exc.value, exc.reason)


def _split(value: str, target: str, split: str) -> list[str]:
    if target == "tags":
        parts = value.split(split) if split and split != "," and split != ";" else _TAG_SPLIT.split(value)
    elif split and target in SPLIT_TARGETS:
        parts = value.split(split)
    else:
        return [value]
    return [p.strip() for p in parts if p.strip()]


class _RowReader:
    """One row's cells into a candidate, with the columns sorted by what they hold once for
    the whole file: a value from the first column that has one (in the plan's order),
    numbers and dates checked in column order, the rest gathered in column order."""

    def __init__(self, pairs, header, split, defaults, day_first, source) -> None:
        self.header, self.split, self.defaults, self.source = header, split, defaults, source
        self.day_first = day_first
        firsts: dict[tuple[str, str], list[int]] = {}  # (into, key) -> columns
        self.checked: list[tuple[int, str]] = []  # numbers and dates, in column order
        self.emails: list[int] = []
        self.phones: list[int] = []
        self.words: list[int] = []
        self.labels: list[int] = []
        self.notes: list[int] = []
        for i, target in pairs:
            if target == "email":
                self.emails.append(i)
            elif target == "phone":
                self.phones.append(i)
            elif target in ("status", "rating"):
                self.words.append(i)
            elif target == "tags":
                self.labels.append(i)
            elif target == "note":
                self.notes.append(i)
            elif target in NUMBER_TARGETS or target in DATE_TARGETS:
                self.checked.append((i, target))
            elif target == "website":
                firsts.setdefault(("website", "website"), []).append(i)
            elif target in TEXT_TARGETS:
                firsts.setdefault(("values", target), []).append(i)
            else:  # name parts and address parts
                firsts.setdefault(("parts", target), []).append(i)
        self.firsts = [(into, key, tuple(columns)) for (into, key), columns in firsts.items()]

    def read(self, ctx, row, cells, phones: PhoneCleaner, beyond: list[str] | None = None
             ) -> Candidate:
        values: dict = {}
        parts: dict[str, str] = {}
        header, split = self.header, self.split
        kept: list[tuple[str, str, str]] = []  # (column, value, why) of cells that did not read
        if beyond:
            kept.append((BEYOND, ", ".join(beyond), f"{len(beyond)} more values than the header "
                         "has columns"))
        for i, target in self.checked:
            raw = cells[i].strip()
            if not raw:
                continue
            if target in NUMBER_TARGETS:
                try:
                    number = parse_number(raw)
                except BadValue as exc:
                    kept.append((header[i], raw, str(exc)))
                    continue
                if number is not None and target not in values:
                    values[target] = number
            else:
                try:
                    when = parse_date(raw, self.day_first[i])
                except BadValue as exc:
                    kept.append((header[i], raw, str(exc)))
                    continue
                if when is not None:
                    values.setdefault(DATE_TARGETS[target], when)
        for into, key, columns in self.firsts:
            for i in columns:
                raw = cells[i].strip()
                if raw:
                    if into == "values":
                        values.setdefault(key, raw)
                    elif into == "parts":
                        parts[key] = raw
                    else:
                        values.setdefault("website", _split(raw, "website", split)[0])
                    break
        emails = [(header[i], v) for i in self.emails if cells[i].strip()
                  for v in _split(cells[i].strip(), "email", split)]
        phone_values = [(header[i], v) for i in self.phones if cells[i].strip()
                        for v in _split(cells[i].strip(), "phone", split)]
        words = [raw for raw in (cells[i].strip() for i in self.words) if raw]
        labels = [v for i in self.labels if cells[i].strip()
                  for v in _split(cells[i].strip(), "tags", split)]
        notes = [raw for raw in (cells[i].strip() for i in self.notes) if raw]
        values["name"] = parts.get("name") or person_name(
            parts.get("first_name", ""), parts.get("middle_name", ""), parts.get("last_name", ""))
        if "location" not in values:
            address = [parts.get(k, "") for k in ("street", "city", "region", "postal_code", "country")]
            if any(address):
                values["location"] = ", ".join(a for a in address if a)
        values["_country"] = parts.get("country", "")
        found, unknown = _status(tuple(words + labels))
        tags = [t for t in unknown if t.lstrip("* ").casefold() not in ("mycontacts", "starred")]
        for key in ("stage", "qualification", "kind"):
            if key in found:
                values[key] = found[key]
        pinned = "temperature" in found
        if pinned:
            values["temperature"] = found["temperature"]
        defaults = self.defaults
        chosen_source = self.source or values.get("source") or defaults.get("source", "")
        values["source"] = chosen_source.strip().lower()
        if "kind" not in values and "kind" in defaults:
            values["kind"] = defaults["kind"]
        if "industry" in values:
            values["industry"] = values["industry"].lower()
        candidate = finish(ctx, row, values, phones=phones, emails=emails, phone_values=phone_values,
                           tags=tags, notes=notes, kept=kept)
        candidate.pinned = pinned
        return candidate


@lru_cache(maxsize=4096)  # a file repeats a few status words over and over
def _status(words: tuple[str, ...]) -> tuple[dict[str, str], list[str]]:
    return interpret_status(list(words))
