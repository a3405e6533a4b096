"""Who carries what: open leads and open follow-ups per owner, so an uneven load shows."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from leadtui.context import Context
from leadtui.insight.sql import count_if, fetch, share, t

_CLOSED = "('won', 'lost', 'disqualified')"


@dataclass(frozen=True)
class OwnerLoad:
    owner: str
    leads: int  # open (not closed, not archived)
    hot: int
    stale: int
    follow_ups: int  # open
    overdue: int
    share: float | None  # of all open leads

    def as_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Workload:
    owners: tuple[OwnerLoad, ...]  # most open leads first

    def as_json(self) -> list[dict]:
        return [owner.as_json() for owner in self.owners]


def workload(ctx: Context) -> Workload:
    now = t(ctx.now())
    sql = f"""
    WITH leads AS (
        SELECT owner, COUNT(*) AS n, {count_if("temperature = 'hot'")} AS hot,
               {count_if("stale_at IS NOT NULL AND stale_at <= :now")} AS stale
        FROM lead WHERE NOT archived AND stage NOT IN {_CLOSED} GROUP BY owner),
    follow AS (
        SELECT l.owner, COUNT(*) AS n, {count_if("f.due_at < :now")} AS overdue
        FROM follow_up f JOIN lead l ON l.id = f.lead_id
        WHERE f.done_at IS NULL AND NOT l.archived GROUP BY l.owner),
    owners AS (SELECT owner FROM leads UNION SELECT owner FROM follow)
    SELECT o.owner, COALESCE(l.n, 0), COALESCE(l.hot, 0), COALESCE(l.stale, 0),
           COALESCE(f.n, 0), COALESCE(f.overdue, 0)
    FROM owners o LEFT JOIN leads l ON l.owner = o.owner LEFT JOIN follow f ON f.owner = o.owner
    """
    rows = fetch(sql, {"now": now})
    total = sum(r[1] for r in rows)
    owners = [OwnerLoad(owner, n, hot, stale, fu, overdue, share(n, total))
              for owner, n, hot, stale, fu, overdue in rows]
    owners.sort(key=lambda o: (-o.leads, -o.follow_ups, o.owner))
    return Workload(tuple(owners))
