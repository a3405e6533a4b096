"""Who owns which lead: "me", each owner's load, and spreading unowned leads across a team.

Rules (config `[team] rule`, or `leadtui assign --rule`):
- round-robin: owners in turn; the turn is stored, so new leads continue where the last left off.
- fewest-open: each lead to whoever has the fewest open leads at that moment (ties: list order).
- segment: by the lead's industry, else its location ([team.segments]: "saas" = "ann").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from peewee import fn

from leadtui.config import TEAM_RULES, Config
from leadtui.context import Context
from leadtui.db.connection import current_author, is_postgres, write_transaction
from leadtui.db.fold import fold
from leadtui.db.models import Lead, Setting, StageChange
from leadtui.errors import InvalidInput
from leadtui.finding.querylang import compile_query
from leadtui.kit.vocab import CLOSED_STAGES

TURN_KEY = "team.round_robin_turn"


def my_names(config: Config) -> list[str]:
    """My owner names: config's `owner` and `owner_email`, and on a server my login role."""
    login = current_author() if is_postgres() else ""
    return [fold(v) for v in (config.owner, config.owner_email, login) if v]


def mine_condition(config: Config):
    """Leads that are mine: owned by my name or e-mail, or by nobody yet."""
    return fn.lt_fold(Lead.owner).in_([*my_names(config), ""])


def mine_by_default(config: Config) -> bool:
    """With a team configured, Today starts on my own leads; alone, everything is mine anyway."""
    return bool(config.team_members)


def open_condition():
    return (Lead.archived == False) & Lead.stage.not_in(CLOSED_STAGES)  # noqa: E712


@dataclass(frozen=True)
class OwnerLoad:
    owner: str  # "" for leads nobody owns
    open_leads: int


def owner_loads(members: list[str] | None = None) -> list[OwnerLoad]:
    """Open leads per owner, most loaded first; `members` with none are listed with 0."""
    rows = (Lead.select(Lead.owner, fn.COUNT(Lead.id)).where(open_condition())
            .group_by(Lead.owner).tuples())
    counts = dict(rows)
    for name in members or []:
        counts.setdefault(name, 0)
    return sorted((OwnerLoad(o, n) for o, n in counts.items()), key=lambda x: (-x.open_leads, x.owner))


@dataclass(frozen=True)
class Assignment:
    rule: str
    assigned: dict[str, tuple[int, ...]] = field(default_factory=dict)  # owner -> lead ids
    unmatched: tuple[int, ...] = ()  # segment rule: leads no segment covers

    @property
    def total(self) -> int:
        return sum(len(ids) for ids in self.assigned.values())

    def as_json(self) -> dict:
        return {"rule": self.rule, "assigned": {o: list(ids) for o, ids in self.assigned.items()},
                "counts": {o: len(ids) for o, ids in self.assigned.items()},
                "unmatched": list(self.unmatched)}


def parse_owners(text: str) -> list[str]:
    owners = []
    for name in text.split(","):
        name = name.strip()
        if name and name not in owners:
            owners.append(name)
    if not owners:
        raise InvalidInput("--owners needs at least one name, as in --owners ann,bob,cy")
    return owners


def parse_segments(text: str) -> dict[str, str]:
    segments = {}
    for pair in text.split(","):
        key, sep, owner = pair.partition("=")
        if not sep or not key.strip() or not owner.strip():
            raise InvalidInput(f"a segment is INDUSTRY_OR_PLACE=OWNER, got {pair.strip()!r}")
        segments[fold(key.strip())] = owner.strip()
    return segments


def _check_rule(rule: str) -> str:
    if rule not in TEAM_RULES:
        raise InvalidInput(f"unknown rule {rule!r} (one of: {', '.join(TEAM_RULES)})")
    return rule


def assign(ctx: Context, query: str = "", *, owners: list[str] | None = None, rule: str | None = None,
           reassign: bool = False, segments: dict[str, str] | None = None) -> Assignment:
    """Give the leads matching `query` (unowned ones, or all with `reassign`) to `owners` by `rule`."""
    config = ctx.config
    rule = _check_rule(rule or config.team_rule or "round-robin")
    owners = owners or list(config.team_members)
    segments = config.team_segments if segments is None else segments
    if rule != "segment" and not owners:
        raise InvalidInput("no owners: pass --owners ann,bob or set [team] members in config.toml")
    if rule == "segment" and not segments:
        raise InvalidInput("the segment rule needs segments: --segments saas=ann,helsinki=bob "
                           "or [team.segments] in config.toml")
    compiled = compile_query(query, ctx)
    conditions = [] if compiled.include_archived else [Lead.archived == False]  # noqa: E712
    if compiled.where is not None:
        conditions.append(compiled.where)
    if not reassign:
        conditions.append(Lead.owner == "")
    with write_transaction():
        picked = list(Lead.select(*PICKED).where(*conditions).order_by(Lead.id).tuples())
        return _distribute(ctx, rule, owners, segments, picked)


def assign_new_leads(ctx: Context, lead_ids: list[int]) -> Assignment | None:
    """New unowned leads (imported, inbound) go to the team by the configured rule, if there is one.

    Call inside the write transaction that created them.
    """
    config = ctx.config
    if not config.team_rule or not lead_ids:
        return None
    picked = list(Lead.select(*PICKED).where(Lead.id.in_(lead_ids), Lead.owner == "")
                  .order_by(Lead.id).tuples())
    return _distribute(ctx, config.team_rule, list(config.team_members), config.team_segments, picked)


PICKED = (Lead.id, Lead.industry, Lead.location, Lead.owner, Lead.archived, Lead.stage)


def assign_by_rule(ctx: Context, lead_id: int) -> None:
    """One lead, owned or not, to the team by the configured rule (a hand-off to sales).

    Call inside the caller's write transaction.
    """
    config = ctx.config
    picked = list(Lead.select(*PICKED).where(Lead.id == lead_id).tuples())
    _distribute(ctx, config.team_rule, list(config.team_members), config.team_segments, picked)


def _distribute(ctx: Context, rule: str, owners: list[str], segments: dict[str, str],
                picked: list[tuple]) -> Assignment:
    plan: dict[str, list[int]] = {o: [] for o in owners}
    unmatched = []
    if rule == "round-robin":
        turn = _turn()
        for lead_id, *_ in picked:
            plan[owners[turn % len(owners)]].append(lead_id)
            turn += 1
        Setting.put(TURN_KEY, str(turn % len(owners)))
    elif rule == "fewest-open":
        counted = (Lead.select(Lead.owner, fn.COUNT(Lead.id))
                   .where(open_condition(), Lead.owner.in_(owners)).group_by(Lead.owner).tuples())
        load = {o: 0 for o in owners} | dict(counted)
        for _id, _industry, _location, owner, archived, stage in picked:
            if owner in load and not archived and stage not in CLOSED_STAGES:
                load[owner] -= 1  # a lead being handed out again counts for nobody yet
        for lead_id, *_ in picked:
            owner = min(owners, key=lambda o: load[o])  # min keeps the first of equals: list order
            plan[owner].append(lead_id)
            load[owner] += 1
    else:
        for lead_id, industry, location, *_ in picked:
            owner = segments.get(fold(industry or "")) or segments.get(fold(location or ""))
            if owner:
                plan.setdefault(owner, []).append(lead_id)
            else:
                unmatched.append(lead_id)
    _write_owners(ctx, plan, {lead_id: owner for lead_id, _i, _l, owner, *_ in picked})
    return Assignment(rule, {o: tuple(ids) for o, ids in plan.items() if ids or o in owners},
                      tuple(unmatched))


def _write_owners(ctx: Context, plan: dict[str, list[int]], previous: dict[int, str]) -> None:
    """Give each lead its new owner: a new version and an owner event in its field history.

    Leads that already had that owner are left as they are.
    """
    now = ctx.now()
    for owner, ids in plan.items():
        changed = [lead_id for lead_id in ids if previous[lead_id] != owner]
        for start in range(0, len(changed), 500):
            chunk = changed[start:start + 500]
            (Lead.update(owner=owner, updated_at=now, version=Lead.version + 1)
             .where(Lead.id.in_(chunk)).execute())
            StageChange.insert_many([{"lead": lead_id, "field": "owner", "from_value": previous[lead_id],
                                      "to_value": owner, "at": now} for lead_id in chunk]).execute()


def _turn() -> int:
    row = Setting.get_or_none(Setting.key == TURN_KEY)
    try:
        return int(row.value) if row else 0
    except ValueError:
        return 0
