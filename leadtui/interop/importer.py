"""Importing a file: prepare (read, map, check every row), then run (dry or for real).

A dry run reports what would be created, updated, skipped as a duplicate and
every failing row, and writes nothing. A real run writes in batches, each in
one IMMEDIATE transaction with bulk inserts; if a batch fails, its rows are
written one by one so only the bad row is reported and skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter

from leadtui.context import Context
from leadtui.db.connection import current_author, database, is_postgres, write_transaction
from leadtui.db.models import Activity, FollowUp, Lead, LeadTag, StageChange
from leadtui.errors import DatabaseTrouble, InvalidInput
from leadtui.interop.bulk import (
    ActivityNotesLoad,
    BulkInsert,
    SearchIndexLoad,
    drop_sqlite_indexes,
    without_cycle_collection,
)
from leadtui.interop.csvfile import DELIMITER_NAMES, read_table
from leadtui.interop.csvimport import build_candidates, file_region, plan_columns
from leadtui.interop.fields import LANGUAGE_NAMES, check_mapping, header_language, load_mapping
from leadtui.interop.jsonfile import Settings, is_empty, read_export, restore_settings
from leadtui.interop.leadrows import ScoreMemo, new_lead_values
from leadtui.interop.presets import get_preset, recognise
from leadtui.interop.records import Candidate, RowError, Unverified
from leadtui.interop.sniff import BadFile, read_file
from leadtui.interop.vcard import read_cards
from leadtui.leads import field_values, normalise_tags, record_edits
from leadtui.owners import assign_new_leads
from leadtui.record import fields as leadfields
from leadtui.record.dedupe import DuplicateIndex, Match, phone_key
from leadtui.record.lifecycle import record_change
from leadtui.record.versions import EditConflict
from leadtui.scoring import score as scoring
from leadtui.scoring.icp import load_profile
from leadtui.staleness import refresh_stale_at

ON_DUPLICATE = ("skip", "update", "create")
BATCH = 2500  # rows per transaction: few commits, the write lock held about a second
EMPTY_TABLE_LOAD_ROWS = 5000  # from this many rows into an empty table, indexes are built after
WRITE_CACHE_KIB = 65536  # SQLite's page cache while an import writes
LEAD_COLUMNS = [name for name in Lead._meta.sorted_field_names if name != "id"]
# What a file's row writes over a matched lead: its text and number fields (direction, kind,
# stage and tags have their own rules below).
UPDATABLE = tuple(f.name for f in leadfields.imported() if f.kind in ("text", "int"))


@dataclass(frozen=True)
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
        return (f"{c['rows']} row{'' if c['rows'] == 1 else 's'}: {c['created']} {verb} created, {c['updated']} updated, "
                f"{c['skipped']} skipped as duplicates, {c['unverified']} kept with unverified "
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
    candidates: list[Candidate] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    settings: Settings | None = None  # a leadtui export's profile, rules, templates and views

    @property
    def rows(self) -> int:
        return len(self.candidates) + len(self.errors)


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
                            candidates=candidates, errors=errors)
    elif opened.kind == "json":
        candidates, errors, settings = read_export(ctx, opened.text, opened.path, source=source)
        prepared = Prepared(opened.path, "json", "leadtui JSON", opened.encoding,
                            candidates=candidates, errors=errors, settings=settings)
    else:
        prepared = _prepare_csv(ctx, opened, preset, mapping, mapping_name, overrides, source)
    if not prepared.candidates and not prepared.errors:
        raise BadFile(f"{opened.path} holds no leads")
    return prepared


def _prepare_csv(ctx, opened, preset_name, mapping, mapping_name, overrides, source) -> Prepared:
    table = read_table(opened.text, opened.path)
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
    candidates, errors = build_candidates(ctx, table, plan, source=source)
    region = file_region(table.header)
    language = (f"; {LANGUAGE_NAMES[header_language(table.header)]} headers: numbers without "
                f"+country read as {region}") if region else ""
    label += f" ({DELIMITER_NAMES[table.delimiter]}-separated, {opened.encoding}{language})"
    mapping = plan.as_mapping()
    return Prepared(opened.path, "csv", label, opened.encoding, header=table.header,
                    columns=_columns(table, mapping), mapping=mapping, warnings=warnings,
                    candidates=candidates, errors=errors)


IDENTIFYING = frozenset({"name", "first_name", "middle_name", "last_name", "company", "email",
                         "phone"})
NAMING = frozenset({"name", "first_name", "middle_name", "last_name"})
EXAMPLE_ROWS = 200  # rows looked through for two values of each column


def _shown_header(header: list[str]) -> str:
    shown = ", ".join(repr(h) for h in header[:12])
    return shown + (f", … ({len(header)} columns)" if len(header) > 12 else "")


def _columns(table, mapping: dict[str, str]) -> list[Column]:
    """Every column with its field and its first two non-empty values (a preview)."""
    found: list[list[str]] = [[] for _ in table.header]
    wanted = set(range(len(table.header)))
    for _, cells in table.rows[:EXAMPLE_ROWS]:
        for i in list(wanted):
            value = " ".join(cells[i].split()) if i < len(cells) else ""
            if value:
                found[i].append(value)
                if len(found[i]) == 2:
                    wanted.discard(i)
        if not wanted:
            break
    return [Column(column, mapping.get(column, ""), tuple(values))
            for column, values in zip(table.header, found, strict=True)]


# ---- deciding --------------------------------------------------------------------

@dataclass
class _Decision:
    candidate: Candidate
    action: str  # create, update, skip, merged
    match: Match | None = None
    target: int | None = None  # the stored lead to update, or the candidate index to merge into
    version: int | None = None  # the stored lead's version when the file was matched against it


def _decide(prepared: Prepared, on_duplicate: str) -> list[_Decision]:
    index = DuplicateIndex.from_database()
    decisions: list[_Decision] = []
    for i, cand in enumerate(prepared.candidates):
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
                earlier = decisions[-match.lead_id - 1]
                _merge_into(earlier.candidate, cand)
                decisions.append(_Decision(cand, "merged", match, -match.lead_id - 1))
            continue
        decisions.append(_Decision(cand, "create", match))
        index.add(-(i + 1), f["name"], f.get("email", ""), phone, f.get("company", ""))
    return decisions


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


def _outcome(d: _Decision, decisions: list[_Decision], lead_id: int | None = None) -> Outcome:
    other_id = other_row = None
    reason = ""
    if d.match is not None:
        if d.match.lead_id >= 0:
            other_id = d.match.lead_id
            reason = f"{d.match.why} as #{other_id} {d.match.name}"
        else:
            other_row = decisions[-d.match.lead_id - 1].candidate.row
            reason = f"{d.match.why} as row {other_row} {d.match.name}"
    return Outcome(d.candidate.row, d.candidate.name, lead_id, other_id, other_row, reason)


# ---- running ---------------------------------------------------------------------

def run_import(ctx: Context, prepared: Prepared, *, dry_run: bool = False,
               on_duplicate: str = "skip", batch: int = BATCH,
               progress: Callable[[int, int], None] | None = None) -> ImportReport:
    if on_duplicate not in ON_DUPLICATE:
        raise InvalidInput(f"--on-duplicate must be one of {', '.join(ON_DUPLICATE)}")
    with without_cycle_collection():
        return _run(ctx, prepared, dry_run, on_duplicate, batch, progress)


def _run(ctx, prepared, dry_run, on_duplicate, batch, progress) -> ImportReport:
    decisions = _decide(prepared, on_duplicate)
    ids: dict[int, int] = {}  # decision index -> lead id written
    failed = list(prepared.errors)
    restored = _restore_settings(prepared, dry_run)
    if not dry_run:
        writer = _Writer(ctx)  # after the settings: the scores follow the restored profile and rules
        with _large_page_cache():
            if not _load_into_empty_table(writer, decisions, batch, progress, ids, failed):
                _write_batches(writer, decisions, batch, progress, ids, failed)
    written = set(ids) if not dry_run else set(range(len(decisions)))
    created, updated, skipped, likely, unverified, named = [], [], [], [], [], []
    for i, d in enumerate(decisions):
        if i not in written and d.action in ("create", "update"):
            continue
        if d.action != "skip":
            unverified += d.candidate.unverified
            if d.candidate.named_after and d.action == "create":
                named.append(Outcome(d.candidate.row, d.candidate.name, ids.get(i),
                                     reason=f"no name in the row: named after its "
                                     f"{d.candidate.named_after}"))
        outcome = _outcome(d, decisions, ids.get(i))
        if d.action == "create":
            created.append(outcome)
            if d.match is not None:
                likely.append(outcome)
        elif d.action == "update":
            updated.append(outcome)
        elif d.action == "merged":
            updated.append(Outcome(outcome.row, outcome.name, ids.get(d.target), None,
                                   outcome.other_row, outcome.reason + " (merged)"))
        else:
            skipped.append(outcome)
    failed.sort(key=lambda e: e.row)
    return ImportReport(prepared.path, prepared.kind, prepared.format, prepared.encoding,
                        tuple(prepared.mapping.items()), dry_run, on_duplicate, prepared.rows,
                        tuple(created), tuple(updated), tuple(skipped), tuple(likely),
                        tuple(failed), tuple(sorted(unverified, key=lambda u: u.row)), restored,
                        tuple(named), tuple(prepared.columns), tuple(prepared.warnings))


def _restore_settings(prepared: Prepared, dry_run: bool) -> tuple[str, ...]:
    """An export's settings, restored (or, in a dry run, what would be) into an empty database."""
    if prepared.settings is None:
        return ()
    if dry_run:
        return prepared.settings.describe() if is_empty() else ()
    return restore_settings(prepared.settings)  # no lead yet: no score to recompute


@contextmanager
def _large_page_cache() -> Iterator[None]:
    """SQLite's page cache at WRITE_CACHE_KIB while an import writes, then as it was.

    Every new row goes into fifteen indexes of a table that grows by the whole file, and
    an empty table's indexes are built by sorting all their keys: with the connection's
    usual 4 MiB most of those pages are read again and again (a third of the CPU of a
    100,000-row import into a table with leads). Only this connection's memory changes;
    what is written and when it is synced stay the same.
    """
    if is_postgres():
        yield
        return
    before = int(database.execute_sql("PRAGMA cache_size").fetchone()[0])
    database.execute_sql(f"PRAGMA cache_size = {-WRITE_CACHE_KIB}")
    try:
        yield
    finally:
        database.execute_sql(f"PRAGMA cache_size = {before:d}")


def _write_batches(writer: _Writer, decisions: list[_Decision], batch: int,
                   progress: Callable[[int, int], None] | None, ids: dict[int, int],
                   failed: list[RowError]) -> None:
    """Each batch in its own transaction (a savepoint inside a caller's): a batch that
    fails is written again row by row, so only its bad rows are reported and skipped."""
    total = len(decisions)
    for start in range(0, total, batch):
        chunk = list(range(start, min(start + batch, total)))
        try:
            with write_transaction():
                ids.update(writer.write([(i, decisions[i]) for i in chunk]))
        except DatabaseTrouble:
            raise  # busy, full or damaged: every row would fail the same way
        except Exception:  # noqa: BLE001 - one bad row must not cost the batch
            for i in chunk:
                try:
                    with write_transaction():
                        ids.update(writer.write([(i, decisions[i])]))
                except DatabaseTrouble:
                    raise
                except Exception as exc:  # noqa: BLE001
                    failed.append(RowError(decisions[i].candidate.row, "", "",
                                           f"not written: {exc}"))
        if progress:
            progress(min(start + batch, total), total)


def _load_into_empty_table(writer: _Writer, decisions: list[_Decision], batch: int,
                           progress: Callable[[int, int], None] | None, ids: dict[int, int],
                           failed: list[RowError]) -> bool:
    """A large file into an empty lead table: one transaction, indexes built once at the end.

    Keeping a dozen indexes up to date row by row costs more than the rows themselves;
    building them after the load is about twice as fast. The same goes for the stage
    events' indexes when there are no events yet. The whole load is then one transaction
    (its batches are savepoints), so an interruption leaves the tables empty with their
    indexes, as they were. False when this does not apply (nothing written).
    """
    def has_leads(table: str = "lead") -> bool:
        return bool(database.execute_sql(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0])

    if len(decisions) < EMPTY_TABLE_LOAD_ROWS or is_postgres() or has_leads():
        return False
    with write_transaction():
        if has_leads():  # another process wrote meanwhile: the load would not be alone
            return False
        tables = ["lead"] + ([] if has_leads(StageChange._meta.table_name) else
                             [StageChange._meta.table_name])
        indexes = drop_sqlite_indexes(database, tables)
        _write_batches(writer, decisions, batch, progress, ids, failed)
        for _, sql in indexes:
            database.execute_sql(sql)
    return True


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

    def _update(self, lead_id: int, cand: Candidate, version: int | None) -> None:
        """Write the file's values over a stored lead, unless someone changed it since it was matched."""
        lead = Lead.get_or_none(Lead.id == lead_id)  # read inside the transaction
        if lead is None:
            raise InvalidInput(f"lead #{lead_id} was deleted meanwhile")
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
        lead.updated_at = self.now
        refresh_stale_at(lead, self.ctx.config)
        lead.save()
        tags = normalise_tags(cand.tags)
        if tags:
            self.tags.run([self.tags.row((lead_id, t)) for t in tags])
        record_edits(lead, before, self.now)
        self.written[lead_id] = Lead.select(Lead.version).where(Lead.id == lead_id).scalar()
        scoring.rescore_lead(self.ctx, lead)


