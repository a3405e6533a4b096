"""Generate a benchmark database of N leads, fast (raw executemany in one transaction).

Stored values follow what the services write: `stale_at` comes from
`staleness.stale_at_for` with the default `Config` thresholds, open follow-ups
set `next_follow_up_at`, and the staleness signature is stored so opening the
database does not recompute every deadline. The FTS5 triggers from the first
migration fill `lead_fts` (and append activity notes) on their own.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

FIRST = ("Aino", "Lars", "Olga", "Mika", "Sanna", "Jonas", "Eva", "Pekka", "Maria", "Ahmed",
         "Li", "Priya", "Tomas", "Anna", "Juho", "Kaisa", "Noah", "Emma", "Ville", "Sofia",
         "Ilkka", "Hanna", "Oskar", "Leena", "Daniel", "Fatima", "Kenji", "Marta", "Erik", "Nora")
LAST = ("Virtanen", "Nielsen", "Ivanova", "Korhonen", "Andersson", "Müller", "Rossi", "Smith",
        "Tanaka", "Khan", "Laine", "Heikkinen", "Garcia", "Novak", "Berg", "Lindqvist", "Mäkinen",
        "Jensen", "Dubois", "Kowalski", "Hämäläinen", "Chen", "Silva", "Olsen", "Koskinen")
COMPANY_A = ("Acme", "Nordic", "Blue", "Lumo", "Polar", "Vertex", "Kite", "Aurora", "Granite",
             "Helio", "Fjord", "Cobalt", "Birch", "Nimbus", "Tundra", "Quartz", "Orbit", "Saga")
COMPANY_B = ("Labs", "Systems", "Oy", "AB", "GmbH", "Logistics", "Health", "Foods", "Energy",
             "Software", "Media", "Partners", "Robotics", "Finance", "Retail", "Works")
INDUSTRIES = ("saas", "fintech", "retail", "logistics", "health", "energy", "manufacturing",
              "media", "education", "")
SOURCES = ("webinar", "referral", "cold-call", "website", "event", "linkedin", "ads", "")
CITIES = ("Helsinki", "Stockholm", "Oslo", "Copenhagen", "Berlin", "Tallinn", "Tampere", "Espoo",
          "London", "Paris", "")
INTERESTS = ("enterprise plan", "pricing", "API access", "onboarding help", "a demo",
             "integrations", "the mobile app", "data export", "annual billing", "SSO", "")
NOTES = ("left a voicemail", "asked for the price list", "wants a demo next week",
         "forwarded to their CTO", "budget approved for Q3", "not the decision maker",
         "interested in the enterprise plan", "will compare with a competitor", "")
TAGS = ("vip", "partner", "newsletter", "trial", "renewal", "eu", "smb", "enterprise")
OPEN = ("interest", "contact", "nurture", "offer", "decision")
CLOSED = ("won", "lost", "disqualified")
ACTIVITY = ("call", "email", "reply", "meeting", "note", "download", "form", "social", "event")
TOUCH = frozenset(ACTIVITY) - {"note"}
OUTREACH = frozenset({"call", "email", "meeting", "social", "event"})

LEAD_COLUMNS = (
    "name", "company", "title", "email", "phone", "website", "location", "industry", "employees",
    "revenue", "budget", "age", "income", "source", "direction", "kind", "stage", "qualification",
    "temperature", "temperature_pinned", "bant_authority", "bant_budget", "bant_need",
    "bant_timeline", "interest", "owner", "created_at", "updated_at", "first_contacted_at",
    "last_touched_at", "stale_at", "next_follow_up_at", "fit_score", "engagement_score", "score",
    "icp_ticks", "icp_total", "archived",
)


def _ts(value: datetime | None) -> str | None:
    # The same text sqlite3's datetime adapter (used by peewee) stores.
    return None if value is None else value.isoformat(" ")


def _insert(cursor, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    marks = ", ".join("?" for _ in columns)
    cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def generate(path: Path, n: int, now: datetime, *, seed: int = 7) -> dict[str, int]:
    """Create `path` (migrated, empty) and fill it with `n` leads; returns row counts."""
    from leadtui.config import Config
    from leadtui.db.connection import close_db, database, init_db
    from leadtui.record.staleness import SIGNATURE_KEY, stale_at_for

    config = Config(owner="me", default_region="FI")
    rng = random.Random(seed)
    init_db(path)
    now = now.replace(microsecond=0)
    today = datetime(now.year, now.month, now.day)
    leads: list[tuple] = []
    tags: list[tuple] = []
    activities: list[tuple] = []
    follow_ups: list[tuple] = []
    changes: list[tuple] = []
    for lead_id in range(1, n + 1):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        company = f"{rng.choice(COMPANY_A)} {rng.choice(COMPANY_B)}"
        domain = company.lower().replace(" ", "-")
        created = now - timedelta(days=rng.uniform(1, 720), seconds=rng.randrange(86400))
        created = created.replace(microsecond=0)
        touched = created
        first_contact = None
        # Activities: about half the leads have some, a few have many.
        n_act = rng.choice((0, 0, 0, 1, 1, 2, 3, 5)) if rng.random() < 0.7 else 0
        for _ in range(n_act):
            kind = rng.choice(ACTIVITY)
            at = created + (now - created) * rng.random()
            at = at.replace(microsecond=0)
            body = rng.choice(NOTES) if rng.random() < 0.4 else ""
            activities.append((lead_id, kind, _ts(at), body, "", _ts(at)))
            if kind in TOUCH and at > touched:
                touched = at
            if kind in OUTREACH and (first_contact is None or at < first_contact):
                first_contact = at
        archived = rng.random() < 0.03
        stage = rng.choice(CLOSED) if rng.random() < 0.12 else rng.choice(OPEN)
        engagement = max(0, int(rng.gauss(15, 18)))
        fit = rng.choice((0, 0, 10, 20, 30, 40, 60))
        pinned = rng.random() < 0.05
        if pinned:
            temperature = rng.choice(("cold", "warm", "hot"))
        else:
            temperature = ("hot" if engagement >= config.hot_at
                           else "warm" if engagement >= config.warm_at else "cold")
        stale_at = stale_at_for(config, last_touched_at=touched, temperature=temperature,
                                stage=stage, archived=archived)
        next_at = None
        if not archived and stage not in CLOSED and rng.random() < 0.3:
            # Open follow-ups: some overdue, some today, most ahead.
            r = rng.random()
            if r < 0.25:
                due = today - timedelta(days=rng.randint(1, 60), hours=-rng.randint(8, 17))
            elif r < 0.35:
                due = today + timedelta(hours=rng.randint(7, 18))
            else:
                due = today + timedelta(days=rng.randint(1, 90), hours=rng.randint(7, 18))
            follow_ups.append((lead_id, _ts(due), rng.choice(("call back", "send offer", "")),
                               None, _ts(created)))
            next_at = due
        if rng.random() < 0.1:
            done = created + (now - created) * rng.random()
            follow_ups.append((lead_id, _ts(done.replace(microsecond=0)), "intro call",
                               _ts(done.replace(microsecond=0)), _ts(created)))
        for tag in rng.sample(TAGS, rng.choice((0, 0, 1, 1, 2))):
            tags.append((lead_id, tag))
        changes.append((lead_id, "stage", "", stage, _ts(created)))
        direction = "inbound" if rng.random() < 0.35 else "outbound"
        leads.append((
            f"{first} {last}", company, rng.choice(("CEO", "CTO", "Head of Sales", "Buyer", "")),
            f"{first.lower()}.{last.lower()}.{lead_id}@{domain}.example",
            f"+358 40 {lead_id:07d}" if rng.random() < 0.5 else "",
            f"https://{domain}.example" if rng.random() < 0.3 else "", rng.choice(CITIES),
            rng.choice(INDUSTRIES), rng.choice((None, 5, 20, 80, 250, 1200)),
            rng.choice((None, 500_000, 2_000_000, 20_000_000)), rng.choice((None, 5000, 20000)),
            None, None, rng.choice(SOURCES), direction,
            "prospect" if rng.random() < 0.25 else "lead", stage,
            rng.choice(("none", "none", "none", "mql", "sql")), temperature, int(pinned),
            None, None, None, None, rng.choice(INTERESTS), "me",
            _ts(created), _ts(touched), _ts(first_contact), _ts(touched), _ts(stale_at),
            _ts(next_at), fit, engagement, fit + engagement, 0, 0, int(archived),
        ))
    with database.atomic():
        cursor = database.cursor()
        _insert(cursor, "lead", LEAD_COLUMNS, leads)
        _insert(cursor, "lead_tag", ("lead_id", "tag"), tags)
        _insert(cursor, "activity", ("lead_id", "kind", "at", "body", "outcome", "created_at"),
                activities)
        _insert(cursor, "follow_up", ("lead_id", "due_at", "what", "done_at", "created_at"),
                follow_ups)
        _insert(cursor, "stage_change", ("lead_id", "field", "from_value", "to_value", "at"),
                changes)
        cursor.execute("INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)",
                       (SIGNATURE_KEY, config.staleness_signature()))
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    close_db()
    return {"leads": len(leads), "activities": len(activities), "follow_ups": len(follow_ups),
            "tags": len(tags)}
