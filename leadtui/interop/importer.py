"""Importing a file: prepare (read, map, check every row), then run (dry or for real).

A dry run reports what would be created, updated, skipped as a duplicate and
every failing row, and writes nothing. A real run writes in batches, each in
one IMMEDIATE transaction with bulk inserts; if a batch fails, its rows are
written one by one so only the bad row is reported and skipped.
"""

from __future__ import annotations

import json
import os
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from operator import itemgetter

from leadtui.context import Context
from leadtui.db.connection import current_author, database, is_postgres, write_transaction
from leadtui.db.models import Activity, FollowUp, Lead, LeadTag, Setting, StageChange
from leadtui.errors import DatabaseTrouble, InvalidInput
from leadtui.finding.owners import assign_new_leads
from leadtui.interop.bulk import (
    ActivityNotesLoad,
    BulkInsert,
    SearchIndexLoad,
    without_cycle_collection,
)
from leadtui.interop.csvfile import DELIMITER_NAMES, read_table
from leadtui.interop.csvimport import CandidateReader, Survey, file_region, plan_columns
from leadtui.interop.fields import LANGUAGE_NAMES, check_mapping, header_language, load_mapping
from leadtui.interop.jsonfile import Settings, is_empty, read_export, restore_settings
from leadtui.interop.leadrows import ScoreMemo, new_lead_values
from leadtui.interop.presets import get_preset, recognise
from leadtui.interop.records import Candidate, RowError, Unverified
from leadtui.interop.sniff import BadFile, read_file
from leadtui.interop.vcard import read_cards
from leadtui.leads.writes import field_values, normalise_tags, record_edits
from leadtui.record import fields as leadfields
from leadtui.record.dedupe import DuplicateIndex, Match, phone_key
from leadtui.record.lifecycle import record_change
from leadtui.record.staleness import refresh_stale_at
from leadtui.record.versions import EditConflict
from leadtui.scoring import score as scoring
from leadtui.scoring.icp import load_profile

ON_DUPLICATE = ("skip", "update", "create")
BATCH = 5000  # rows per transaction: few commits, the write lock held a second or two
BATCH_CHARS = 1 << 22  # and at most about this much text: a file of long notes holds fewer rows
WRITE_CACHE_KIB = 65536  # SQLite's page cache while an import writes
IMPORT_CHECKPOINT_PAGES = 25000  # and how often its log is copied into the database (~100 MB)
LEAD_COLUMNS = [name for name in Lead._meta.sorted_field_names if name != "id"]
# What a file's row writes over a matched lead: its text and number fields (direction, kind,
# stage and tags have their own rules below).
UPDATABLE = tuple(f.name for f in leadfields.imported() if f.kind in ("text", "int"))


@dataclass(frozen=True, slots=True)  # one per row of a big file: kept small
class Outcome:
    row: int
    name: str
    lead_id: int | None = None  # the lead created or updated (None in a dry run)
    other_id: int | None = None  # the stored lead it duplicates
    other_row: int | None = None  # or the earlier row of the same file
    reason: str = ""

    def as_json(self) -> dict:
        return {"row": self.row, "name": self.name, "lead_id": self.lead_id,
                "duplicate_of": self.other_id, "duplicate_of_row": self.other_row,
                "reason": self.reason}


@dataclass(frozen=True)
class Column:
    """One column of a CSV file: the field it goes to ("" ignored) and its first two values."""

    name: str
    field: str
    examples: tuple[str, ...]

    def as_json(self) -> dict:
        return {"column": self.name, "field": self.field, "examples": list(self.examples)}


@dataclass(frozen=True)
class ImportReport:
    path: str
    kind: str
    format: str  # the preset's label, or what was read
    encoding: str
    mapping: tuple[tuple[str, str], ...]
    dry_run: bool
    on_duplicate: str
    rows: int
    created: tuple[Outcome, ...]
    updated: tuple[Outcome, ...]
    skipped: tuple[Outcome, ...]
    likely: tuple[Outcome, ...]  # created, but resembling a stored lead: check them
    failed: tuple[RowError, ...]
    unverified: tuple[Unverified, ...] = ()  # values of rows created or updated, kept as written
    restored: tuple[str, ...] = ()  # an export's settings put in place ("profile", "6 scoring rules")
    named: tuple[Outcome, ...] = ()  # leads named after their company, e-mail or phone
    columns: tuple[Column, ...] = ()  # a CSV's columns: the field each went to, two values
    warnings: tuple[str, ...] = ()  # what the whole file does that a user would not expect

    def counts(self) -> dict[str, int]:
        return {"rows": self.rows, "created": len(self.created), "updated": len(self.updated),
                "skipped": len(self.skipped), "likely_duplicates": len(self.likely),
                "unverified": len({u.row for u in self.unverified}),
                "nameless": len(self.named), "failed": len(self.failed)}

    def summary(self) -> str:
        """The counts in one line: the CLI and the import screen both print this."""
        c = self.counts()
        verb = "would be" if self.dry_run else "was" if c["created"] == 1 else "were"
        resumed = sum(o.reason == RESUMED for o in self.skipped)  # not duplicates: this file's own rows
        return (f"{c['rows']} row{'' if c['rows'] == 1 else 's'}: {c['created']} {verb} created, {c['updated']} updated, "
                f"{c['skipped'] - resumed} skipped as duplicates, "
                + (f"{resumed} written by the earlier run that was interrupted, " if resumed else "")
                + f"{c['unverified']} kept with unverified "
                f"values, {c['failed']} failed"
                + (f", {c['likely_duplicates']} likely duplicates" if c["likely_duplicates"] else "")
                + (f", {c['nameless']} named after their company, e-mail or phone"
                   if c["nameless"] else "")
                + (f"; {'would restore' if self.dry_run else 'restored'} {', '.join(self.restored)}"
                   if self.restored else "")
                + (" (dry run: nothing was written)" if self.dry_run else ""))

    def as_json(self) -> dict:
        return {
            "file": self.path, "kind": self.kind, "format": self.format, "encoding": self.encoding,
            "mapping": dict(self.mapping), "dry_run": self.dry_run, "on_duplicate": self.on_duplicate,
            "counts": self.counts(),
            "created": [o.as_json() for o in self.created],
            "updated": [o.as_json() for o in self.updated],
            "skipped": [o.as_json() for o in self.skipped],
            "likely_duplicates": [o.as_json() for o in self.likely],
            "unverified": [u.as_json() for u in self.unverified],
            "failed": [{"row": e.row, "column": e.column, "value": e.value, "reason": e.reason}
                       for e in self.failed],
            "restored": list(self.restored),
            "nameless": [o.as_json() for o in self.named],
            "columns": [c.as_json() for c in self.columns],
            "warnings": list(self.warnings),
        }


@dataclass
class Prepared:
    path: str
    kind: str
    format: str
    encoding: str
    header: list[str] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)  # for a preview: fields and values
    mapping: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)  # a vCard's or JSON file's
    errors: list[RowError] = field(default_factory=list)  # a vCard's or JSON file's
    settings: Settings | None = None  # a leadtui export's profile, rules, templates and views
    digest: str = ""  # the file's SHA-256: an interrupted import of it resumes
    reader: CandidateReader | None = None  # a CSV's rows, read from the file when imported
    csv_rows: int = 0  # a CSV's data rows, counted when it was read

    @property
    def rows(self) -> int:
        return self.csv_rows if self.reader is not None else len(self.candidates) + len(self.errors)

    def items(self) -> Iterator[Candidate | RowError]:
        """Each row's candidate, or (a CSV's) the error that keeps it from being one, in the
        file's order. A CSV is read again from the file, a row at a time; a vCard's or JSON
        file's errors are in `errors`."""
        if self.reader is not None:
            yield from self.reader
        else:
            yield from self.candidates


def prepare(ctx: Context, path: str, *, preset: str | None = None,
            mapping: dict[str, str] | None = None, mapping_name: str | None = None,
            overrides: dict[str, str] | None = None, source: str = "") -> Prepared:
    """Read and check a whole file; BadFile when it cannot be imported at all.

    `overrides` changes single columns of whichever mapping applies (COLUMN -> field).
    """
    with without_cycle_collection():
        return _prepare(ctx, path, preset, mapping, mapping_name, overrides, source)


def _prepare(ctx, path, preset, mapping, mapping_name, overrides, source) -> Prepared:
    opened = read_file(path)
    if (preset or mapping or mapping_name or overrides) and opened.kind != "csv":
        raise InvalidInput(f"{opened.path} is a {opened.kind} file: presets and mappings are for CSV")
    if opened.kind == "vcard":
        candidates, errors = read_cards(ctx, opened.text, source=source, encoding=opened.encoding)
        prepared = Prepared(opened.path, "vcard", "vCard", opened.encoding,
                            candidates=candidates, errors=errors, digest=opened.digest)
    elif opened.kind == "json":
        candidates, errors, settings = read_export(ctx, opened.text, opened.path, source=source)
        prepared = Prepared(opened.path, "json", "leadtui JSON", opened.encoding,
                            candidates=candidates, errors=errors, settings=settings,
                            digest=opened.digest)
    else:
        prepared = _prepare_csv(ctx, opened, preset, mapping, mapping_name, overrides, source)
    if not prepared.rows:
        raise BadFile(f"{opened.path} holds no leads")
    return prepared


def _prepare_csv(ctx, opened, preset_name, mapping, mapping_name, overrides, source) -> Prepared:
    table = read_table(opened.chunks, opened.path)
    if mapping_name:
        mapping = load_mapping(mapping_name)
    preset = None
    if mapping is not None:
        mapping = check_mapping(mapping)
        missing = [c for c, t in mapping.items() if t and c.casefold() not in
                   {h.casefold() for h in table.header}]
        if len(missing) == len([t for t in mapping.values() if t]):
            raise InvalidInput(f"{opened.path}: none of the mapping's columns are in the header "
                               f"({', '.join(missing[:5])})")
        label = f"CSV, mapping {mapping_name}" if mapping_name else "CSV, given mapping"
    else:
        preset = get_preset(preset_name) if preset_name else recognise(table.header)
        label = preset.label if preset else "CSV, columns guessed from the header"
    plan = plan_columns(table.header, preset, mapping)
    if overrides:
        known = {h.casefold() for h in table.header}
        for column in overrides:
            if column.casefold() not in known:
                raise InvalidInput(f"no column {column!r} in {opened.path} "
                                   f"(columns: {', '.join(table.header)})")
        plan = plan_columns(table.header, preset,
                            check_mapping({**plan.as_mapping(), **overrides}))
    survey = Survey(table, plan).run()  # refuses a file without data rows or with ragged ones
    targets = {target for _, target in plan.pairs}
    if not targets & IDENTIFYING:
        what = "no column could be matched to a lead field" if not plan.pairs else (
            "no column holds a name, company, e-mail or phone")
        raise BadFile(f"{opened.path}: {what} (header: {_shown_header(table.header)}); say which "
                      "column is which with --map COLUMN=FIELD (or --mapping NAME, --preset NAME)")
    warnings = []
    if not targets & NAMING:
        warnings.append("no column holds a person's name: each lead is named after its company, "
                        "else its e-mail or phone (--map COLUMN=name if one does)")
    region = file_region(table.header)
    language = (f"; {LANGUAGE_NAMES[header_language(table.header)]} headers: numbers without "
                f"+country read as {region}") if region else ""
    label += f" ({DELIMITER_NAMES[table.delimiter]}-separated, {opened.encoding}{language})"
    mapping = plan.as_mapping()
    columns = [Column(column, mapping.get(column, ""), tuple(values))
               for column, values in zip(table.header, survey.examples, strict=True)]
    return Prepared(opened.path, "csv", label, opened.encoding, header=table.header,
                    columns=columns, mapping=mapping, warnings=warnings, digest=opened.digest,
                    reader=CandidateReader(ctx, table, plan, survey, source=source),
                    csv_rows=survey.shape.rows)


IDENTIFYING = frozenset({"name", "first_name", "middle_name", "last_name", "company", "email",
                         "phone"})
NAMING = frozenset({"name", "first_name", "middle_name", "last_name"})


def _shown_header(header: list[str]) -> str:
    shown = ", ".join(repr(h) for h in header[:12])
    return shown + (f", … ({len(header)} columns)" if len(header) > 12 else "")


# ---- deciding --------------------------------------------------------------------

@dataclass
class _Decision:
    candidate: Candidate
    action: str  # create, update, skip, merged (into a row of this batch), fill (a lead written
    #              from an earlier batch's row), resumed (written by an interrupted run)
    match: Match | None = None
    target: int | None = None  # the lead to update or fill, or the batch's place to merge into
    version: int | None = None  # the stored lead's version when the file was matched against it
    place: int = -1  # a created row's place among the file's created rows


RESUMED = "imported by an earlier run of this file that was interrupted"


RESUME_KEY = "import "  # + the file's digest: how far an interrupted import of it got
RESUME_DAYS = 7  # a note older than this is forgotten: the file is imported anew (dedupe finds what is)


class _Resume:
    """How far an interrupted import of the same file got: each batch's transaction notes
    the last row it wrote, and the rows whose write failed, so running the import again
    writes none of them twice. The last batch's transaction removes the note.

    A note whose file is never imported again would stay for ever, and would one day make an
    import of the same bytes skip rows as "imported by an earlier run": the first batch of every
    import forgets the notes older than RESUME_DAYS, those whose file is gone, and the one left by
    this file's path when its contents have changed since."""

    def __init__(self, digest: str, path: str, now: datetime) -> None:
        self.key = RESUME_KEY + digest if digest else ""
        self.path, self.now = os.path.abspath(path), now
        self.through, self.failed = 0, frozenset()
        self.noted = self.swept = False
        row = Setting.get_or_none(Setting.key == self.key) if self.key else None
        if row is not None:
            self.noted = True
            data = _note_data(row.value)
            if data is not None and not self._stale(self.key, data):
                self.through, self.failed = data["row"], data["failed"]

    def done(self, row: int) -> bool:
        return row <= self.through and row not in self.failed

    def note(self, through: int, failed: set[int]) -> None:
        """Inside a batch's transaction: every row up to `through` is written but `failed`."""
        if self.key:
            kept = {row for row in self.failed if row > through} | failed
            Setting.put(self.key, json.dumps({"row": through, "failed": sorted(kept),
                                              "path": self.path, "at": self.now.isoformat()}))
            self.noted = True

    def forget(self) -> None:
        """Inside the last batch's transaction: the file is through."""
        if self.noted:
            Setting.delete().where(Setting.key == self.key).execute()

    def sweep(self) -> None:
        """Inside the first batch's transaction: forget the notes no import will go on from."""
        if self.swept:
            return
        self.swept = True
        rows = Setting.select(Setting.key, Setting.value).where(Setting.key.startswith(RESUME_KEY))
        stale = [row.key for row in rows
                 if (data := _note_data(row.value)) is None or self._stale(row.key, data)]
        if stale:
            Setting.delete().where(Setting.key.in_(stale)).execute()

    def _stale(self, key: str, data: dict) -> bool:
        if data["at"] is None or self.now - data["at"] > timedelta(days=RESUME_DAYS):
            return True
        path = data["path"]
        return path is not None and (not os.path.isfile(path) or (path == self.path and key != self.key))


def _note_data(value: str) -> dict | None:
    """A resume note's contents; None when unreadable (nothing is known written: dedupe still
    finds what is). A note from before notes were dated reads as undated: it is stale."""
    try:
        data = json.loads(value)
        at = data.get("at")
        return {"row": int(data["row"]), "failed": frozenset(map(int, data["failed"])),
                "path": data.get("path") if isinstance(data.get("path"), str) else None,
                "at": datetime.fromisoformat(at) if isinstance(at, str) else None}
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


class _Run:
    """One import's decisions and outcomes, a batch at a time. Of the rows it keeps only
    what a report and the duplicate checks need: each row's outcome, the duplicate index's
    keys, and the row numbers and lead ids of the rows it created."""

    def __init__(self, prepared: Prepared, on_duplicate: str, dry_run: bool, now: datetime) -> None:
        self.on_duplicate, self.dry_run = on_duplicate, dry_run
        self.index = DuplicateIndex.from_database()
        self.seen_id = self.index.last_id  # leads past it were written since
        self.resume = _Resume(prepared.digest, prepared.path, now)
        self.created_rows = array("q")  # by place: the row number of each row created
        self.created_ids = array("q")  # and the lead it was written as (0: not written)
        self.failed_writes: set[int] = set()
        self.created: list[Outcome] = []
        self.updated: list[Outcome] = []
        self.skipped: list[Outcome] = []
        self.likely: list[Outcome] = []
        self.unverified: list[Unverified] = []
        self.named: list[Outcome] = []
        self.failed: list[RowError] = list(prepared.errors)

    def catch_up(self) -> None:
        """Inside a batch's transaction: leads other writers added since the last batch."""
        self.seen_id = self.index.add_stored(self.seen_id)

    def decide(self, batch: list[Candidate]) -> list[_Decision]:
        index, on_duplicate = self.index, self.on_duplicate
        decisions: list[_Decision] = []
        first_place = len(self.created_rows)
        for cand in batch:
            if self.resume.done(cand.row):
                decisions.append(_Decision(cand, "resumed"))
                continue
            f = cand.fields
            phone = phone_key(f.get("phone", ""), f.get("phone_unverified", False))
            match = index.find(f["name"], f.get("email", ""), phone, f.get("company", ""))
            if match is not None and match.exact and on_duplicate != "create":
                if on_duplicate == "skip":
                    decisions.append(_Decision(cand, "skip", match))
                elif match.lead_id >= 0:
                    decisions.append(_Decision(cand, "update", match, match.lead_id,
                                               index.versions.get(match.lead_id)))
                else:
                    decisions.append(self._merge(decisions, first_place, cand, match))
                continue
            place = len(self.created_rows)
            self.created_rows.append(cand.row)
            self.created_ids.append(0)
            decisions.append(_Decision(cand, "create", match, place=place))
            index.add(-(place + 1), f["name"], f.get("email", ""), phone, f.get("company", ""))
        return decisions

    def _merge(self, decisions: list[_Decision], first_place: int, cand: Candidate,
               match: Match) -> _Decision:
        """A row the same as an earlier one of the file: into it when it is in this batch,
        else onto the lead that row was written as."""
        place = -match.lead_id - 1
        if place >= first_place:
            at = next(i for i, d in enumerate(decisions) if d.place == place)
            _merge_into(decisions[at].candidate, cand)
            return _Decision(cand, "merged", match, at)
        return _Decision(cand, "fill", match, self.created_ids[place] or None)

    def add(self, decisions: list[_Decision], ids: dict[int, int] | None) -> None:
        """The batch's outcomes; `ids` the lead each written decision went to (None: a dry run)."""
        for i, d in enumerate(decisions):
            lead_id = ids.get(i) if ids is not None else None
            if ids is not None and i not in ids and d.action in ("create", "update", "fill"):
                continue  # not written: its error is among the failed
            if d.action == "resumed":
                self.skipped.append(Outcome(d.candidate.row, d.candidate.name, reason=RESUMED))
                continue
            if d.action != "skip":
                self.unverified += d.candidate.unverified
                if d.candidate.named_after and d.action == "create":
                    self.named.append(Outcome(d.candidate.row, d.candidate.name, lead_id,
                                              reason=f"no name in the row: named after its "
                                              f"{d.candidate.named_after}"))
            outcome = self._outcome(d, lead_id)
            if d.action == "create":
                if lead_id is not None:
                    self.created_ids[d.place] = lead_id
                self.created.append(outcome)
                if d.match is not None:
                    self.likely.append(outcome)
            elif d.action == "update":
                self.updated.append(outcome)
            elif d.action in ("merged", "fill"):
                target = ids.get(d.target) if d.action == "merged" and ids is not None else (
                    d.target if d.action == "fill" and ids is not None else None)
                self.updated.append(Outcome(outcome.row, outcome.name, target, None,
                                            outcome.other_row, outcome.reason + " (merged)"))
            else:
                self.skipped.append(outcome)

    def _outcome(self, d: _Decision, lead_id: int | None) -> Outcome:
        other_id = other_row = None
        reason = ""
        if d.match is not None:
            if d.match.lead_id >= 0:
                other_id = d.match.lead_id
                reason = f"{d.match.why} as #{other_id} {d.match.name}"
            else:
                other_row = self.created_rows[-d.match.lead_id - 1]
                reason = f"{d.match.why} as row {other_row} {d.match.name}"
        return Outcome(d.candidate.row, d.candidate.name, lead_id, other_id, other_row, reason)


_MARKS = {"phone": "phone_unverified", "email": "email_unverified"}


def _merge_into(first: Candidate, later: Candidate) -> None:
    for name, value in later.fields.items():
        if name in _MARKS.values():
            continue  # goes with its value, below
        if value not in ("", None) and first.fields.get(name) in ("", None):
            first.fields[name] = value
            if name in _MARKS and later.fields.get(_MARKS[name]):
                first.fields[_MARKS[name]] = True
    first.tags += [t for t in later.tags if t not in first.tags]


# ---- running ---------------------------------------------------------------------

def run_import(ctx: Context, prepared: Prepared, *, dry_run: bool = False,
               on_duplicate: str = "skip", batch: int = BATCH,
               progress: Callable[[int, int], None] | None = None) -> ImportReport:
    """Read, check, decide and write the file a batch at a time, each batch in its own
    IMMEDIATE transaction: other writers wait at most one batch, and an interrupted import
    keeps the batches it wrote (running it again goes on from there)."""
    if on_duplicate not in ON_DUPLICATE:
        raise InvalidInput(f"--on-duplicate must be one of {', '.join(ON_DUPLICATE)}")
    with without_cycle_collection():
        return _run(ctx, prepared, dry_run, on_duplicate, batch, progress)


def _run(ctx, prepared, dry_run, on_duplicate, batch, progress) -> ImportReport:
    restored = _restore_settings(prepared, dry_run)
    run = _Run(prepared, on_duplicate, dry_run, ctx.now())
    total = prepared.rows - len(prepared.errors)  # the rows items() gives
    if dry_run:
        for chunk, _, _ in _batches(prepared.items(), batch, run.failed):
            run.add(run.decide(chunk), None)
    else:
        writer = _Writer(ctx)  # after the settings: the scores follow the restored profile and rules
        with _import_pragmas():
            for chunk, done, last in _batches(prepared.items(), batch, run.failed):
                _write_batch(writer, run, chunk, last)
                if progress:
                    progress(done, total)
    run.failed.sort(key=lambda e: e.row)
    return ImportReport(prepared.path, prepared.kind, prepared.format, prepared.encoding,
                        tuple(prepared.mapping.items()), dry_run, on_duplicate, prepared.rows,
                        tuple(run.created), tuple(run.updated), tuple(run.skipped),
                        tuple(run.likely), tuple(run.failed),
                        tuple(sorted(run.unverified, key=lambda u: u.row)), restored,
                        tuple(run.named), tuple(prepared.columns), tuple(prepared.warnings))


def _batches(items: Iterator[Candidate | RowError], size: int, failed: list[RowError]
             ) -> Iterator[tuple[list[Candidate], int, bool]]:
    """(up to `size` candidates holding up to BATCH_CHARS of notes, rows read so far, whether
    the file ends there); the rows that are errors go to `failed` on the way. The last batch
    may be empty."""
    items = iter(items)
    batch: list[Candidate] = []
    done = chars = 0
    following = next(items, None)
    while following is not None:
        item, following = following, next(items, None)
        done += 1
        if isinstance(item, RowError):
            failed.append(item)
        else:
            batch.append(item)
            chars += len(item.fields.get("interest") or "")  # the notes: what makes a row long
        if len(batch) >= size or chars >= BATCH_CHARS or following is None:
            yield batch, done, following is None
            batch, chars = [], 0


def _write_batch(writer: _Writer, run: _Run, batch: list[Candidate], last: bool) -> None:
    """One batch in one transaction: catch up with other writers, decide, write, note how far
    the file got. A batch that fails is written again row by row, each in its own
    transaction, so only its bad rows are reported and skipped."""
    decisions: list[_Decision] | None = None
    try:
        with write_transaction():
            run.resume.sweep()
            run.catch_up()
            decisions = run.decide(batch)
            ids = writer.write(list(enumerate(decisions)))
            _noted(run, batch[-1].row if batch else None, last)
            run.seen_id = _last_lead_id()  # the batch's own leads are in the index already
        run.add(decisions, ids)
        return
    except DatabaseTrouble:
        raise  # busy, full or damaged: every row would fail the same way
    except Exception:  # noqa: BLE001 - one bad row must not cost the batch
        if decisions is None:
            raise
    ids = {}
    for i, d in enumerate(decisions):
        try:
            with write_transaction():
                ids.update(writer.write([(i, d)]))
                _noted(run, d.candidate.row, last and i == len(decisions) - 1)
                run.seen_id = _last_lead_id()
        except DatabaseTrouble:
            raise
        except Exception as exc:  # noqa: BLE001
            run.failed_writes.add(d.candidate.row)
            run.failed.append(RowError(d.candidate.row, "", "", f"not written: {exc}"))
    if last:
        with write_transaction():
            run.resume.forget()
    run.add(decisions, ids)


def _noted(run: _Run, through: int | None, last: bool) -> None:
    """The resume note, inside the transaction that wrote the file's rows up to `through`."""
    if last:
        run.resume.forget()
    elif through is not None:
        run.resume.note(through, run.failed_writes)


def _last_lead_id() -> int:
    return database.execute_sql("SELECT coalesce(max(id), 0) FROM lead").fetchone()[0]


def _restore_settings(prepared: Prepared, dry_run: bool) -> tuple[str, ...]:
    """An export's settings, restored (or, in a dry run, what would be) into an empty database."""
    if prepared.settings is None:
        return ()
    if dry_run:
        return prepared.settings.describe() if is_empty() else ()
    return restore_settings(prepared.settings)  # no lead yet: no score to recompute


@contextmanager
def _import_pragmas() -> Iterator[None]:
    """SQLite's page cache at WRITE_CACHE_KIB, and the log checkpointed every
    IMPORT_CHECKPOINT_PAGES, while an import writes; then both as they were.

    Every new row goes into fifteen indexes of a table that grows by the whole file: with
    the connection's usual 4 MiB most of those pages are read again and again (a third of
    the CPU of a 100,000-row import into a table with leads). Each batch commits, and with
    SQLite's usual checkpoint every 1,000 pages the same index pages were copied into the
    database after nearly every batch. Only this connection's memory and when the log is
    copied change; every commit is on disk as before.
    """
    if is_postgres():
        yield
        return
    cache = int(database.execute_sql("PRAGMA cache_size").fetchone()[0])
    pages = int(database.execute_sql("PRAGMA wal_autocheckpoint").fetchone()[0])
    database.execute_sql(f"PRAGMA cache_size = {-WRITE_CACHE_KIB}")
    database.execute_sql(f"PRAGMA wal_autocheckpoint = {IMPORT_CHECKPOINT_PAGES}")
    try:
        yield
    finally:
        database.execute_sql(f"PRAGMA cache_size = {cache:d}")
        database.execute_sql(f"PRAGMA wal_autocheckpoint = {pages:d}")


# A new lead's events as _Writer._create writes them for a lead without history: its stage,
# and its qualification and temperature when not the defaults, from "" at its creation.
FIRST_EVENTS = f"""INSERT INTO {StageChange._meta.table_name} (lead_id, field, from_value, to_value, "at")
    SELECT id, field, '', value, created_at FROM (
        SELECT id, 1 AS k, 'stage' AS field, stage AS value, created_at FROM lead
            WHERE id > {{p}} AND stage <> ''
        UNION ALL SELECT id, 2, 'qualification', qualification, created_at FROM lead
            WHERE id > {{p}} AND qualification <> 'none'
        UNION ALL SELECT id, 3, 'temperature', temperature, created_at FROM lead
            WHERE id > {{p}} AND temperature <> 'cold') AS first_events
    ORDER BY id, k"""


class _Writer:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.now = ctx.now()
        self.rules = scoring.active_rules()
        self.profile = load_profile()
        self.scores = ScoreMemo(ctx, self.rules, self.profile)
        self.leads = BulkInsert(Lead, LEAD_COLUMNS)
        self.lead_row = itemgetter(*LEAD_COLUMNS)
        self.tags = BulkInsert(LeadTag, ["lead", "tag"], ignore_conflicts=True)
        self.changes = BulkInsert(StageChange, ["lead", "field", "from_value", "to_value", "at", "author"])
        self.activities = BulkInsert(Activity, ["lead", "kind", "at", "body", "outcome", "created_at",
                                                "author"])
        self.follow_ups = BulkInsert(FollowUp, ["lead", "due_at", "what", "done_at", "created_at", "author"])
        self.author = current_author()  # whoever imports: the records are theirs
        self.written: dict[int, int] = {}  # lead id -> its version after this import updated it

    def write(self, items: list[tuple[int, _Decision]]) -> dict[int, int]:
        """Write one batch inside the caller's transaction; returns decision index -> lead id."""
        written = dict(self.written)
        try:
            return self._write(items)
        except BaseException:
            self.written = written  # the transaction is rolled back: so are this batch's updates
            raise

    def _write(self, items: list[tuple[int, _Decision]]) -> dict[int, int]:
        creates = [(i, d) for i, d in items if d.action == "create"]
        ids = self._create([d.candidate for _, d in creates])
        if ids and self.ctx.config.team_rule:  # unowned new leads go to the team by its rule

            assign_new_leads(self.ctx, ids)
        out = {i: lead_id for (i, _), lead_id in zip(creates, ids, strict=True)}
        for i, d in items:
            if d.action == "update":
                self._update(d.target, d.candidate, self.written.get(d.target, d.version))
                out[i] = d.target
            elif d.action == "fill" and d.target is not None:
                self._fill(d.target, d.candidate)
                out[i] = d.target
        return out

    def _create(self, candidates: list[Candidate]) -> list[int]:
        if not candidates:
            return []

        rows = [new_lead_values(self.ctx, c, self.now, self.rules, self.profile, self.scores)
                for c in candidates]
        before = database.execute_sql("SELECT coalesce(max(id), 0) FROM lead").fetchone()[0]
        with SearchIndexLoad() as search:
            self.leads.run([self.leads.row(self.lead_row(values)) for values in rows])
            search.fill(before)
        # Under the write lock nobody else inserts, so the new rows are exactly those past
        # `before`, in insertion order (a sequence on PostgreSQL may skip numbers).
        ids = [row[0] for row in database.execute_sql(
            f"SELECT id FROM lead WHERE id > {database.param} ORDER BY id", (before,)).fetchall()]
        if len(ids) != len(rows):
            raise RuntimeError("another writer inserted leads during the batch")
        tags, changes, activities, follow_ups = [], [], [], []
        from_file = not any(cand.changes for cand in candidates)
        if from_file:  # no history of their own: each lead's first events, read from its row
            database.execute_sql(FIRST_EVENTS.format(p=database.param), (before,) * 3)
        for lead_id, cand, values in zip(ids, candidates, rows, strict=True):
            tags += [self.tags.row((lead_id, t)) for t in normalise_tags(cand.tags)]
            if cand.changes:
                changes += [self.changes.row((lead_id, c["field"], c["from"], c["to"], c["at"], self.author))
                            for c in cand.changes]
            elif not from_file:
                changes += [self.changes.row((lead_id, name, "", values[name], values["created_at"],
                                              self.author))
                            for name, default in (("stage", ""), ("qualification", "none"),
                                                  ("temperature", "cold"))
                            if values[name] != default]
            activities += [self.activities.row((lead_id, a["kind"], a["at"], a["body"], a["outcome"],
                                                a["created_at"], self.author)) for a in cand.activities]
            follow_ups += [self.follow_ups.row((lead_id, f["due_at"], f["what"], f["done_at"],
                                                f["created_at"], self.author)) for f in cand.follow_ups]
        self.tags.run(tags)
        self.changes.run(changes)
        last_activity = database.execute_sql("SELECT coalesce(max(id), 0) FROM activity").fetchone()[0]
        with ActivityNotesLoad() as notes:
            self.activities.run(activities)
            notes.fill(last_activity)
        self.follow_ups.run(follow_ups)
        return ids

    def _fill(self, lead_id: int, cand: Candidate) -> None:
        """A later row the same as one an earlier batch wrote: its values fill what that lead
        left empty and its tags are added, as a row merged into an earlier one of its batch."""
        lead = _stored(lead_id)
        before = field_values(lead)
        f = cand.fields
        for name in UPDATABLE:
            value = f.get(name)
            if value not in ("", None) and getattr(lead, name) in ("", None):
                setattr(lead, name, value)
                if name in _MARKS:
                    setattr(lead, _MARKS[name], bool(f.get(_MARKS[name])))
        if f.get("interest") and not lead.interest:
            lead.interest = f["interest"]
        self._save(lead, before, cand)

    def _update(self, lead_id: int, cand: Candidate, version: int | None) -> None:
        """Write the file's values over a stored lead, unless someone changed it since it was matched."""
        lead = _stored(lead_id)
        if version is not None and lead.version != version:
            raise EditConflict(f"#{lead.id} {lead.name} was changed elsewhere after the file was matched "
                               f"(version {version} → {lead.version}); not updated: import again to "
                               "write the file over it", lead.version, ())
        before = field_values(lead)
        f = cand.fields
        derived = f["name"] in (f.get("email"), f.get("phone"), f.get("company"))
        for name in UPDATABLE:
            value = f.get(name)
            if value in ("", None) or (name == "name" and derived):
                continue
            setattr(lead, name, value)
            if name in _MARKS:
                setattr(lead, _MARKS[name], bool(f.get(_MARKS[name])))
        for name in ("stage", "qualification", "kind") + (("temperature",) if cand.pinned else ()):
            if f.get(name):
                record_change(lead, name, f[name], self.now)
        if cand.pinned:
            lead.temperature_pinned = True
        if f.get("interest") and f["interest"] not in lead.interest:
            lead.interest = "\n".join(p for p in (lead.interest, f["interest"]) if p)
        touched = f.get("last_touched_at")
        if touched and touched > lead.last_touched_at:
            lead.last_touched_at = touched
        self._save(lead, before, cand)

    def _save(self, lead: Lead, before: dict[str, str], cand: Candidate) -> None:
        """Save a stored lead a row filled in or wrote over: its tags, its history, its score."""
        lead.updated_at = self.now
        refresh_stale_at(lead, self.ctx.config)
        lead.save()
        tags = normalise_tags(cand.tags)
        if tags:
            self.tags.run([self.tags.row((lead.id, t)) for t in tags])
        record_edits(lead, before, self.now)
        self.written[lead.id] = Lead.select(Lead.version).where(Lead.id == lead.id).scalar()
        scoring.rescore_lead(self.ctx, lead)


def _stored(lead_id: int) -> Lead:
    """The lead a row matched, read inside the write transaction."""
    lead = Lead.get_or_none(Lead.id == lead_id)
    if lead is None:
        raise InvalidInput(f"lead #{lead_id} was deleted meanwhile")
    return lead


