"""Reading leads: pages for the list, the Today agenda, one lead's detail.

Everything returns plain dataclasses/dicts; screens and the CLI never see SQL.
Lists are always paged (offset/limit on an indexed order) so 100k leads cost
no more than 100.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import reduce

from peewee import SQL, Case, fn

from leadtui.context import Context
from leadtui.db.connection import database, is_postgres
from leadtui.db.dialect import nocase
from leadtui.db.models import Activity, FollowUp, Lead, LeadTag, StageChange
from leadtui.errors import NotFound
from leadtui.finding import priority, querylang
from leadtui.finding.priority import Priority
from leadtui.kit.clock import local_day_bounds
from leadtui.kit.fmt import iso_utc
from leadtui.kit.validation import parse_id
from leadtui.kit.vocab import CLOSED_STAGES
from leadtui.record.readmodels import (
    ActivityItem,
    ChangeItem,
    Fit,
    FollowUpItem,
    LeadDetail,
    LeadFields,
    Score,
    ScoreLine,
)
from leadtui.record.staleness import is_stale, stale_condition
from leadtui.scoring import icp

LIST_COLUMNS = (
    Lead.id, Lead.name, Lead.email, Lead.phone, Lead.company, Lead.kind, Lead.stage,
    Lead.qualification, Lead.temperature, Lead.temperature_pinned, Lead.score, Lead.fit_score,
    Lead.engagement_score, Lead.source, Lead.direction, Lead.created_at, Lead.last_touched_at,
    Lead.next_follow_up_at, Lead.stale_at, Lead.first_contacted_at, Lead.archived, Lead.owner,
    Lead.industry, Lead.icp_ticks, Lead.icp_total, Lead.version,
)


@dataclass(frozen=True)
class Sort:
    """One order of the lead list: a column, its direction, the id breaking ties the same way.

    `nulls_last`: leads without a value (no next follow-up) come after all the others.
    """

    label: str
    column: str
    descending: bool = False
    nocase: bool = False
    nulls_last: bool = False

    def key_expression(self):
        """The column as it is ordered; a case-blind one per engine (NOCASE, or lower())."""
        return self.blind(getattr(Lead, self.column))

    def blind(self, expr):
        """`expr` compared as this sort compares: case-blind for a case-blind sort."""
        if not self.nocase:
            return expr

        return nocase(expr)

    def order_by(self) -> tuple:
        key, reverse = self.key_expression(), self.descending
        if self.nulls_last:
            return (key.desc(nulls="LAST") if reverse else key.asc(nulls="LAST"),
                    Lead.id.desc() if reverse else Lead.id.asc())
        return (key.desc(), Lead.id.desc()) if reverse else (key.asc(), Lead.id.asc())


SORTS = {
    "touched": Sort("least recently touched first", "last_touched_at"),
    "recent": Sort("most recently touched first", "last_touched_at", descending=True),
    "name": Sort("name A–Z", "name", nocase=True),
    "score": Sort("highest score first", "score", descending=True),
    "next": Sort("next follow-up first", "next_follow_up_at", nulls_last=True),
    "created": Sort("newest first", "created_at", descending=True),
}
SORT_ORDER = tuple(SORTS)

@dataclass(frozen=True)
class LeadRow:
    id: int
    name: str
    email: str
    phone: str
    company: str
    kind: str
    stage: str
    qualification: str
    temperature: str
    temperature_pinned: bool
    score: int
    fit_score: int
    engagement_score: int
    source: str
    direction: str
    created_at: datetime
    last_touched_at: datetime
    next_follow_up_at: datetime | None
    stale_at: datetime | None
    first_contacted_at: datetime | None
    archived: bool
    owner: str
    industry: str
    icp_ticks: int
    icp_total: int
    version: int = 0  # moves on every edit (leadtui.record.versions); `edit --version` checks it
    stale: bool = False
    fits: bool = True  # ticks enough of the ideal customer profile

    def as_json(self) -> dict:
        return {
            "id": self.id, "name": self.name, "email": self.email, "phone": self.phone,
            "company": self.company, "kind": self.kind, "stage": self.stage,
            "qualification": self.qualification, "temperature": self.temperature,
            "temperature_pinned": self.temperature_pinned, "score": self.score,
            "fit": self.fit_score, "engagement": self.engagement_score, "source": self.source,
            "direction": self.direction, "owner": self.owner, "industry": self.industry,
            "version": self.version,
            "created_at": iso_utc(self.created_at), "last_touched_at": iso_utc(self.last_touched_at),
            "next_follow_up_at": iso_utc(self.next_follow_up_at),
            "first_contacted_at": iso_utc(self.first_contacted_at),
            "stale": self.stale, "archived": self.archived, "fits": self.fits,
        }


@dataclass
class LeadFilter:
    """What the list shows. `query` is the query language; `text` is plain search."""

    kind: str | None = None  # "prospect", "lead" or None for all
    stale: bool = False
    text: str = ""
    query: str = ""
    include_archived: bool = False
    # The list's default: prospects off the profile are left out unless the query asks about
    # `fits` (leadtui.scoring.icp). Exports and look-ups by name keep them (False).
    hide_off_profile: bool = False


def _rows(query, now: datetime, share: float | None = None) -> list[LeadRow]:
    """Rows with their derived flags; pass `share` (the profile's min_share) to skip reading it."""
    return _rows_of(query.dicts(), now, share)


def _rows_of(dicts, now: datetime, share: float | None = None) -> list[LeadRow]:
    share = icp.load_profile().min_share if share is None else share
    rows = []
    for data in dicts:
        if data["stage"] in CLOSED_STAGES:  # won, lost, disqualified: closed, never hot
            data["temperature"] = "closed"
        rows.append(LeadRow(**data, stale=is_stale(data["stale_at"], now),
                            fits=icp.IcpResult(data["icp_ticks"], data["icp_total"], [], share).fits))
    return rows


def fts_expression(text: str):
    """Lead ids matching free text (FTS5 prefix search on SQLite), or None for no words."""
    words = [w for w in text.split() if any(ch.isalnum() for ch in w)]
    return querylang.full_text(words) if words else None


def _filter(ctx: Context, flt: LeadFilter) -> tuple[list, object | None]:
    """The filter's conditions, and the condition of the leads it hides for being off the
    profile (None: it hides none)."""
    conditions = []
    if not flt.include_archived:
        conditions.append(Lead.archived == False)  # noqa: E712
    if flt.kind:
        conditions.append(Lead.kind == flt.kind)
    if flt.stale:
        conditions.append(stale_condition(ctx.now()))
    if flt.text.strip():
        conditions.append(fts_expression(flt.text))
    mentions_fits = False
    if flt.query.strip():
        compiled = querylang.compile_query(flt.query, ctx)
        mentions_fits = compiled.mentions_fits
        if compiled.include_archived:
            conditions = conditions[1:] if not flt.include_archived else conditions
        if compiled.where is not None:
            conditions.append(compiled.where)
    hidden = None
    if flt.hide_off_profile and not mentions_fits:
        hidden = icp.off_profile_condition(icp.load_profile())
    return [c for c in conditions if c is not None], hidden


def _where(ctx: Context, flt: LeadFilter):
    conditions, hidden = _filter(ctx, flt)
    return conditions if hidden is None else [*conditions, ~hidden]


def count_leads(ctx: Context, flt: LeadFilter | None = None) -> int:
    return count_shown_and_hidden(ctx, flt)[0]


def count_hidden(ctx: Context, flt: LeadFilter) -> int:
    """The prospects off the profile the filter leaves out (0 when it leaves none out)."""
    conditions, hidden = _filter(ctx, flt)
    return 0 if hidden is None else Lead.select().where(*conditions, hidden).count()


def count_shown_and_hidden(ctx: Context, flt: LeadFilter | None = None) -> tuple[int, int]:
    """The leads the filter shows, and those it leaves out for being off the profile, in one read."""
    flt = flt or LeadFilter()
    conditions, hidden = _filter(ctx, flt)
    if hidden is None:
        query = Lead.select()
        return (query.where(*conditions) if conditions else query).count(), 0
    if not (flt.text.strip() or flt.query.strip()):
        # The list's default (a kind, stale ones): counted as before, less the prospects off the
        # profile counted in their own index (4.2 -> 5 ms at 100k leads, against 7 for both in one)
        everyone = Lead.select().where(*conditions).count()
        ((off,),) = _through_prospects(Lead.select(fn.COUNT(Lead.id)).where(*conditions, hidden))
        return everyone - off, off
    query = Lead.select(fn.COUNT(Lead.id), fn.SUM(Case(None, [(hidden, 1)], 0)))
    everyone, off = query.where(*conditions).tuples()[0]
    return everyone - int(off or 0), int(off or 0)


LEAD_REF = re.compile(r"#\s*(\d+)")


def lead_ref(text: str) -> int | None:
    """The lead id in a reference typed as `#123`, or None when the text is not one."""
    found = LEAD_REF.fullmatch(text.strip())
    return int(found.group(1)) if found else None


def lead_row(ctx: Context, lead_id: int) -> LeadRow | None:
    rows = _rows(Lead.select(*LIST_COLUMNS).where(Lead.id == lead_id), ctx.now())
    return rows[0] if rows else None


# ---- Today -----------------------------------------------------------------

@dataclass
class AgendaItem:
    """One row of Today: a lead, the follow-up that put it there (if any), and its priority."""

    section: str  # overdue, due, stale, inbound
    lead: LeadRow
    follow_up_id: int | None = None
    due_at: datetime | None = None
    what: str = ""  # the follow-up's purpose, as typed
    priority: Priority | None = None
    last_activity: str = ""  # "call: asked for the price list", the lead's latest activity

    def purpose(self) -> str:
        """What the row is about: the follow-up's purpose, else the last thing that happened, else "—"."""
        return self.what or (f"last {self.last_activity}" if self.last_activity else "—")


@dataclass
class TodayView:
    overdue: list[AgendaItem] = field(default_factory=list)
    due: list[AgendaItem] = field(default_factory=list)
    stale: list[AgendaItem] = field(default_factory=list)
    inbound: list[AgendaItem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    mine: bool = False  # only my leads (and nobody's), not the whole team's
    off_profile: int = 0  # prospects that would be on Today but no longer fit the profile (`fits:no`)

    def sections(self):
        return (("overdue", "Overdue", self.overdue), ("due", "Due today", self.due),
                ("stale", "Stale", self.stale), ("inbound", "New inbound awaiting first contact", self.inbound))

    def ranked(self, exact: bool = True) -> list[AgendaItem]:
        """Every section's items in one order, highest priority first.

        Each section holds its own best items only; below the last item of a section that has
        more, an item of that section could be missing, so an exact order stops there. Not
        exact (Today's screen): every item read, the ones below that point in their own order.
        """
        items = sorted((i for _, _, section in self.sections() for i in section),
                       key=lambda i: (-i.priority.total, SECTION_ORDER[i.section], i.lead.id))
        cut_offs = [section[-1].priority.total for key, _, section in self.sections()
                    if section and self.counts.get(key, 0) > len(section)]
        if cut_offs and exact:
            floor = max(cut_offs)
            items = [i for i in items if i.priority.total >= floor]
        return items


SECTION_ORDER = {"overdue": 0, "due": 1, "stale": 2, "inbound": 3}


def _ranked_rows(section: str, where: list, ctx: Context, now: datetime, share: float,
                 then_by: tuple, limit: int) -> list[tuple[LeadRow, Priority]]:
    """The section's best rows, highest priority first, each with its priority in words.

    The ranking reads only the ids (from an index holding every column the priority reads,
    and the fit: migrations 0015 and 0022); the rows shown are read after it, by id.
    """
    weights, target = ctx.config.priority, ctx.config.response_target_hours
    fresh_hours = 24 * min([*ctx.config.stale_days.values(), *ctx.config.stage_stale_days.values()])
    score = priority.expression(weights, section, now, target, fresh_hours).alias("priority")
    ids = [lead_id for lead_id, _ in Lead.select(Lead.id, score).where(*where)
           .order_by(SQL("priority").desc(), *then_by).limit(limit).tuples()]
    found = {}
    for data in Lead.select(*LIST_COLUMNS, Lead.value_cents, Lead.value_currency).where(Lead.id.in_(ids)).dicts():
        cents, currency = data.pop("value_cents"), data.pop("value_currency")
        row = _rows_of([data], now, share)[0]
        inputs = priority.PriorityInputs(row.temperature, row.fit_score + row.engagement_score, row.stage,
                                         cents, currency, row.next_follow_up_at, row.stale_at,
                                         row.created_at, row.last_touched_at)
        found[row.id] = (row, priority.breakdown(weights, section, inputs, now, target))
    return [found[i] for i in ids if i in found]


def _follow_up_items(section: str, where: list, ctx: Context, now: datetime, limit: int,
                     share: float) -> list[AgendaItem]:
    """One row per lead: its earliest open follow-up (Lead.next_follow_up_at, indexed)."""
    rows = _ranked_rows(section, where, ctx, now, share, (Lead.next_follow_up_at, Lead.id), limit)
    firsts: dict[int, tuple] = {}
    # No ORDER BY: sorting in SQL made SQLite walk every open follow-up's (done_at, due_at)
    # index instead of looking up these few leads by (lead_id, done_at).
    for fid, due, what, lead_id in (FollowUp.select(FollowUp.id, FollowUp.due_at, FollowUp.what, FollowUp.lead)
                                    .where(FollowUp.lead.in_([r.id for r, _ in rows]), FollowUp.done_at.is_null())
                                    .tuples()):
        best = firsts.get(lead_id)
        if best is None or (due, fid) < (best[1], best[0]):  # the earliest, then the oldest
            firsts[lead_id] = (fid, due, what)
    items = [AgendaItem(section, r, *firsts[r.id], priority=p) for r, p in rows if r.id in firsts]
    return items


def _counts(sections: dict[str, list], scope: list, off) -> tuple[dict[str, int], dict[str, int]]:
    """Each section's leads less the prospects off the profile, and those prospects per section.

    Each section is counted as it always was; the prospects off the profile in all of them
    come from one read of their own small index (prospects only, migration 0022): checking
    the fit on every stale lead's index entry took twice as long as counting them.
    """
    counts = {key: Lead.select().where(*where, *scope).count() for key, where in sections.items()}
    if off is None:
        return counts, dict.fromkeys(sections, 0)
    each = [fn.SUM(Case(None, [(reduce(operator.and_, where), 1)], 0)) for where in sections.values()]
    (numbers,) = _through_prospects(Lead.select(*each).where(off, *scope))
    left_off = {key: int(number or 0) for key, number in zip(sections, numbers, strict=True)}
    return {key: counts[key] - left_off[key] for key in sections}, left_off


def _through_prospects(query) -> list[tuple]:
    """`query`'s rows read through the prospects' index (SQLite cannot weigh a partial index
    without statistics and would read a wider one; PostgreSQL has them)."""
    sql, params = query.sql()
    if not is_postgres():
        table = f'FROM "{Lead._meta.table_name}" AS "t1"'
        sql = sql.replace(table, f'{table} INDEXED BY "lead_prospect_today"', 1)
    return list(database.execute_sql(sql, params).fetchall())


def today(ctx: Context, limit: int = 50, *, mine: bool | None = None) -> TodayView:
    """Each lead once: overdue, due today, stale, new inbound, in that order of precedence.

    A prospect that no longer fits the profile is on none of them (leadtui.scoring.icp);
    `TodayView.off_profile` counts those left off.

    Each section comes highest priority first (leadtui.finding.priority); `TodayView.ranked` merges them.
    A lead with a follow-up scheduled is handled by that follow-up: it leaves Stale and New
    inbound (snoozing one schedules a follow-up) and comes back when the follow-up is due.
    `mine` keeps my leads and unowned ones (default: mine when a team is configured).
    """
    # not on `add`/`log`'s start-up
    from leadtui.finding.owners import mine_by_default, mine_condition

    mine = mine_by_default(ctx.config) if mine is None else mine
    scope = [mine_condition(ctx.config)] if mine else []
    now = ctx.now()
    start, end = local_day_bounds(now)
    profile = icp.load_profile()
    share = profile.min_share
    view = TodayView(mine=mine)
    sections = {
        "overdue": [Lead.archived == False, Lead.next_follow_up_at < start],  # noqa: E712
        "due": [Lead.archived == False, Lead.next_follow_up_at >= start, Lead.next_follow_up_at < end],  # noqa: E712
        "stale": [stale_condition(now), Lead.next_follow_up_at.is_null()],
        "inbound": [Lead.direction == "inbound", Lead.first_contacted_at.is_null(), Lead.archived == False,  # noqa: E712
                    Lead.stage.not_in(CLOSED_STAGES), Lead.next_follow_up_at.is_null(), ~stale_condition(now)],
    }
    # Gone stale for not fitting the profile: on none of them
    off = icp.off_profile_condition(profile)
    view.counts, left_off = _counts(sections, scope, off)
    view.off_profile = sum(left_off.values())
    # A section none of whose leads is off the profile is ranked without checking each one's fit
    shown = {key: [*where, *scope, *([~off] if left_off[key] else [])] for key, where in sections.items()}
    view.overdue = _follow_up_items("overdue", shown["overdue"], ctx, now, limit, share)
    view.due = _follow_up_items("due", shown["due"], ctx, now, limit, share)
    view.stale = [AgendaItem("stale", r, priority=p) for r, p in _ranked_rows(
        "stale", shown["stale"], ctx, now, share, (Lead.stale_at, Lead.id), limit)]
    view.inbound = [AgendaItem("inbound", r, priority=p) for r, p in _ranked_rows(
        "inbound", shown["inbound"], ctx, now, share, (Lead.created_at, Lead.id), limit)]
    _add_last_activities(view)
    return view


def _add_last_activities(view: TodayView) -> None:
    """Each shown row without a purpose gets its lead's latest activity (a few leads: bounded)."""
    rows = [item for _key, _title, items in view.sections() for item in items if not item.what]
    latest: dict[int, str] = {}
    for lead_id, kind, body in (Activity.select(Activity.lead, Activity.kind, Activity.body)
                                .where(Activity.lead.in_({item.lead.id for item in rows}))
                                .order_by(Activity.at, Activity.id).tuples()):
        first_line = (body or "").strip().splitlines()[:1]
        latest[lead_id] = kind + (f": {first_line[0]}" if first_line else "")
    for item in rows:
        item.last_activity = latest.get(item.lead.id, "")


# ---- Detail ----------------------------------------------------------------

def today_section(ctx: Context, lead: Lead) -> str | None:
    """The section of Today the lead is in (as `today` places it), or None when it is not there."""
    now = ctx.now()
    start, end = local_day_bounds(now)
    if lead.archived:
        return None
    profile = icp.load_profile()
    fits = icp.IcpResult(lead.icp_ticks, lead.icp_total, [], profile.min_share).fits
    if icp.is_off_profile(lead.kind, fits, profile):  # gone stale for not fitting
        return None
    if lead.next_follow_up_at is not None:
        return "overdue" if lead.next_follow_up_at < start else "due" if lead.next_follow_up_at < end else None
    if is_stale(lead.stale_at, now):
        return "stale"
    if lead.direction == "inbound" and lead.first_contacted_at is None and lead.stage not in CLOSED_STAGES:
        return "inbound"
    return None


def lead_priority(ctx: Context, lead: Lead) -> Priority | None:
    """The lead's priority on Today, part by part; None when it is not on Today."""
    section = today_section(ctx, lead)
    if section is None:
        return None
    inputs = priority.PriorityInputs(
        lead.temperature, lead.fit_score + lead.engagement_score, lead.stage, lead.value_cents,
        lead.value_currency, lead.next_follow_up_at, lead.stale_at, lead.created_at, lead.last_touched_at)
    return priority.breakdown(ctx.config.priority, section, inputs, ctx.now(), ctx.config.response_target_hours)


def get_lead(lead_id: int | str) -> Lead:
    """The stored lead with this id (the write services change it); NotFound if there is none."""
    key = parse_id(lead_id)
    lead = Lead.get_or_none(Lead.id == key)
    if lead is None:
        raise NotFound(f"no lead with id {key}")
    return lead


TIMELINE_PAGE = 50  # activities (and changes) the lead page reads at a time


def lead_detail(ctx: Context, lead_id: int, *, timeline: int | None = None) -> LeadDetail:
    """The one builder of a lead's detail: the screen and `show` render what it returns.

    `timeline`: read only that many of the newest activities and changes (the screen pages
    through them); None reads them all (`show`).
    """
    # The rules and the lifecycle: not for the list's pages
    from leadtui.scoring import score as scoring

    lead = get_lead(lead_id)
    result = scoring.breakdown(ctx, lead)
    fit = result.icp
    activities = _newest(Activity.select().where(Activity.lead == lead.id)
                         .order_by(Activity.at.desc(), Activity.id.desc()), timeline)
    changes = _newest(StageChange.select().where(StageChange.lead == lead.id)
                      .order_by(StageChange.at.desc(), StageChange.id.desc()), timeline)
    return LeadDetail(
        lead=LeadFields.of(lead),
        row=lead_row(ctx, lead.id),
        tags=tuple(t.tag for t in LeadTag.select(LeadTag.tag).where(LeadTag.lead == lead.id)
                   .order_by(LeadTag.tag)),
        fit=Fit(fit.ticks, fit.total, fit.fits, tuple(fit.failed)),
        score=Score(result.fit, result.engagement,
                    tuple(ScoreLine(x.points, x.reason, x.at) for x in result.lines)),
        suggested_qualification=scoring.suggest_qualification(ctx, lead),
        follow_ups=tuple(FollowUpItem(f.id, lead.id, f.due_at, f.what, f.done_at, f.cancelled_at)
                         for f in FollowUp.select().where(FollowUp.lead == lead.id)
                         .order_by(FollowUp.done_at.is_null(False), FollowUp.due_at)),
        activities=tuple(ActivityItem(a.id, lead.id, a.kind, a.at, a.body, a.outcome, a.author)
                         for a in activities[:timeline]),
        changes=tuple(ChangeItem(c.field, c.from_value, c.to_value, c.at, c.author)
                      for c in changes[:timeline]),
        more_activities=timeline is not None and len(activities) > timeline,
        more_changes=timeline is not None and len(changes) > timeline,
        priority=lead_priority(ctx, lead),
    )


def _newest(query, limit: int | None) -> list:
    """The query's rows, or its first `limit` and one more (which tells whether more exist)."""
    return list(query if limit is None else query.limit(limit + 1))


def lead_json(ctx: Context, lead_id: int) -> dict:
    """Everything about one lead, as `show --format json` prints it."""
    return lead_detail(ctx, lead_id).as_json()
