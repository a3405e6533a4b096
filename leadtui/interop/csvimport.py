"""A CSV table as candidate leads, through a preset, a saved mapping or a guessed one."""

from __future__ import annotations

import re
from dataclasses import dataclass

from leadtui.context import Context
from leadtui.interop.csvfile import Table
from leadtui.interop.fields import MULTI_TARGETS, exact_target, guess_mapping
from leadtui.interop.presets import Preset
from leadtui.interop.records import (
    Candidate,
    PhoneCleaner,
    RowError,
    RowFailed,
    finish,
    person_name,
)
from leadtui.interop.values import (
    BadValue,
    day_first_order,
    interpret_status,
    parse_date,
    parse_number,
)

TEXT_TARGETS = {"company": "company", "title": "title", "website": "website",
                "industry": "industry", "owner": "owner", "direction": "direction",
                "kind": "kind", "location": "location"}
NUMBER_TARGETS = ("employees", "revenue", "budget")
DATE_TARGETS = {"created": "created_at", "last_activity": "last_touched_at"}
SPLIT_TARGETS = frozenset({"email", "phone", "tags", "website"})
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


def build_candidates(ctx: Context, table: Table, plan: ColumnPlan, *, source: str = ""
                     ) -> tuple[list[Candidate], list[RowError]]:
    preset = plan.preset
    split = preset.split if preset else ""
    defaults = dict(preset.defaults) if preset else {}
    default_day_first = preset.day_first if preset and preset.day_first is not None else (
        ctx.config.default_region not in ("US", "CA", "PH"))
    day_first = {
        i: day_first_order((cells[i] for _, cells in table.rows), default_day_first)
        for i, target in plan.pairs if target in DATE_TARGETS
    }
    phones = PhoneCleaner(ctx.config.default_region)
    header = plan.header
    candidates: list[Candidate] = []
    errors: list[RowError] = []
    for row, cells in table.rows:
        try:
            candidates.append(_one(ctx, row, cells, plan.pairs, header, split, defaults, day_first,
                                   phones, source))
        except RowFailed as exc:
            errors.append(RowError(row, exc.column, exc.value, exc.reason))
    return candidates, errors


def _split(value: str, target: str, split: str) -> list[str]:
    if target == "tags":
        parts = value.split(split) if split and split != "," and split != ";" else _TAG_SPLIT.split(value)
    elif split and target in SPLIT_TARGETS:
        parts = value.split(split)
    else:
        return [value]
    return [p.strip() for p in parts if p.strip()]


def _one(ctx, row, cells, pairs, header, split, defaults, day_first, phones, source) -> Candidate:
    values: dict = {}
    parts: dict[str, str] = {}
    emails: list[tuple[str, str]] = []
    phone_values: list[tuple[str, str]] = []
    words: list[str] = []
    labels: list[str] = []
    notes: list[str] = []
    for i, target in pairs:
        raw = cells[i].strip()
        if not raw:
            continue
        column = header[i]
        if target == "email":
            emails += [(column, v) for v in _split(raw, target, split)]
        elif target == "phone":
            phone_values += [(column, v) for v in _split(raw, target, split)]
        elif target in ("status", "rating"):
            words.append(raw)
        elif target == "tags":
            labels += _split(raw, target, split)
        elif target == "note":
            notes.append(raw)
        elif target in NUMBER_TARGETS:
            try:
                number = parse_number(raw)
            except BadValue as exc:
                raise RowFailed(column, raw, str(exc)) from None
            if number is not None and target not in values:
                values[target] = number
        elif target in DATE_TARGETS:
            try:
                when = parse_date(raw, day_first[i])
            except BadValue as exc:
                raise RowFailed(column, raw, str(exc)) from None
            values.setdefault(DATE_TARGETS[target], when)
        elif target == "website":
            values.setdefault("website", _split(raw, target, split)[0])
        elif target in TEXT_TARGETS:
            values.setdefault(TEXT_TARGETS[target], raw)
        elif target == "source":
            values.setdefault("source", raw)
        else:  # name parts and address parts
            parts.setdefault(target, raw)
    values["name"] = parts.get("name") or person_name(
        parts.get("first_name", ""), parts.get("middle_name", ""), parts.get("last_name", ""))
    if "location" not in values:
        address = [parts.get(k, "") for k in ("street", "city", "region", "postal_code", "country")]
        if any(address):
            values["location"] = ", ".join(a for a in address if a)
    values["_country"] = parts.get("country", "")
    found, unknown = interpret_status(words + labels)
    tags = [t for t in unknown if t.lstrip("* ").casefold() not in ("mycontacts", "starred")]
    for key in ("stage", "qualification", "kind"):
        if key in found:
            values[key] = found[key]
    pinned = "temperature" in found
    if pinned:
        values["temperature"] = found["temperature"]
    chosen_source = source or values.get("source") or defaults.get("source", "")
    values["source"] = chosen_source.strip().lower()
    if "kind" not in values and "kind" in defaults:
        values["kind"] = defaults["kind"]
    if "industry" in values:
        values["industry"] = values["industry"].lower()
    candidate = finish(ctx, row, values, phones=phones, emails=emails, phone_values=phone_values,
                       tags=tags, notes=notes)
    candidate.pinned = pinned
    return candidate
