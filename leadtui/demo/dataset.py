"""A realistic demo dataset (`leadtui --demo` opens the TUI on it in a throwaway folder).

`generate_demo` fills an open database with a few hundred leads (Finnish,
Danish, Russian and English names), their activities over the last 120 days,
stage moves and follow-ups, relative to the context's clock. The rows are
written in bulk, but what each activity and stage move does to a lead (touches,
first contact, prospect → lead, change events) comes from `leadtui.record.lifecycle`,
the rules the services follow; scores, temperatures and staleness deadlines come
from `rescore_all`, pins and archiving from the services themselves. A fixed
seed and a fixed clock give the same database every time.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import SimpleNamespace

import phonenumbers
from peewee import chunked, fn

from leadtui.context import Context
from leadtui.db.connection import write_transaction
from leadtui.db.models import Activity, FollowUp, Lead, LeadTag, StageChange, Template, UndoStep
from leadtui.kit.clock import FixedClock, local_day_bounds
from leadtui.kit.validation import normalise_email, normalise_phone
from leadtui.kit.vocab import OPEN_STAGES
from leadtui.leads import writes as leads
from leadtui.record.fields import BANT_PARTS, LEAD_FIELDS
from leadtui.record.lifecycle import LEAD_STAGES, activity_effect, kind_after_stage
from leadtui.record.staleness import stale_at_for
from leadtui.scoring import icp
from leadtui.scoring import score as scoring
from leadtui.scoring.rescore import rescore_all

HISTORY_DAYS = 120

# ---- people and companies ------------------------------------------------------------

# (first names, last names, companies (stem, suffix), domain suffix, cities, phone maker)
_FI_FIRST = ["Aino", "Eero", "Mikko", "Laura", "Juha", "Sanna", "Ville", "Katja", "Timo", "Noora",
             "Antti", "Heidi", "Petri", "Elina", "Jussi", "Riikka", "Olli", "Maija", "Tuomas", "Satu"]
_FI_LAST = ["Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Hämäläinen", "Laine", "Heikkinen",
            "Koskinen", "Järvinen", "Lehtonen", "Saarinen", "Salminen", "Heinonen", "Niemi", "Kinnunen"]
_FI_COMPANIES = ["Lumo", "Kuusi Solutions", "Revontuli", "Saimaa Logistics", "Aalto Works", "Pohjola Data",
                 "Kide Systems", "Sisu Rakennus", "Vire Health", "Tunturi Energy", "Lakeus Retail",
                 "Kaamos Studio"]
_DK_FIRST = ["Lars", "Mette", "Søren", "Camilla", "Anders", "Louise", "Rasmus", "Sofie", "Jesper",
             "Line", "Mads", "Ida", "Henrik", "Freja", "Niels"]
_DK_LAST = ["Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
            "Rasmussen", "Jørgensen", "Madsen", "Kristensen"]
_DK_COMPANIES = ["Fjord", "Nordlys", "Havn Logistik", "Bølge Software", "Kløver Retail", "Tårn Byg",
                 "Lindholm Energi", "Skov Health", "Vestkyst Data", "Ravn Design"]
# Russian names: (as written in the lead, as written in the e-mail address), by gender so
# surnames agree; a third are written in Cyrillic.
_RU_MEN = [("Dmitri", "dmitri"), ("Sergei", "sergei"), ("Alexei", "alexei"), ("Pavel", "pavel"),
           ("Дмитрий", "dmitrii"), ("Михаил", "mikhail")]
_RU_WOMEN = [("Olga", "olga"), ("Natalia", "natalia"), ("Irina", "irina"), ("Yulia", "yulia"),
             ("Ольга", "olga"), ("Анна", "anna")]
_RU_SURNAMES = [  # (male Latin, female Latin, male Cyrillic, female Cyrillic, e-mail stem)
    ("Ivanov", "Ivanova", "Иванов", "Иванова", "ivanov"),
    ("Smirnov", "Smirnova", "Смирнов", "Смирнова", "smirnov"),
    ("Kuznetsov", "Kuznetsova", "Кузнецов", "Кузнецова", "kuznetsov"),
    ("Popov", "Popova", "Попов", "Попова", "popov"),
    ("Sokolov", "Sokolova", "Соколов", "Соколова", "sokolov"),
    ("Volkov", "Volkova", "Волков", "Волкова", "volkov"),
    ("Morozov", "Morozova", "Морозов", "Морозова", "morozov"),
]
_RU_COMPANIES = ["Sever", "Volga Trade", "Ural Steel", "Baikal Soft", "Neva Logistics", "Kama Retail",
                 "Altai Energy", "Sibir Data"]
_EN_FIRST = ["James", "Emma", "Oliver", "Charlotte", "Harry", "Amelia", "George", "Sophie", "Jack",
             "Grace", "Thomas", "Emily", "William", "Chloe", "Daniel"]
_EN_LAST = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas", "Roberts",
            "Walker", "Wright", "Hughes", "Green", "Clarke"]
_EN_COMPANIES = ["Brightwell", "Northgate Systems", "Oakridge Retail", "Harbour Logistics", "Kestrel Health",
                 "Bluefin Analytics", "Thistle Energy", "Copperleaf Media", "Ashford Build"]

_COUNTRIES = {
    "fi": dict(weight=40, suffix="Oy", tld="fi", mail="posti-mail.fi",
               cities=["Helsinki", "Espoo", "Tampere", "Turku", "Oulu", "Jyväskylä", "Vantaa"]),
    "dk": dict(weight=22, suffix="ApS", tld="dk", mail="postkasse-mail.dk",
               cities=["Copenhagen", "Aarhus", "Odense", "Aalborg"]),
    "ru": dict(weight=18, suffix="LLC", tld="ru", mail="pochta-mail.ru",
               cities=["Moscow", "St Petersburg", "Kazan", "Novosibirsk"]),
    "en": dict(weight=20, suffix="Ltd", tld="co.uk", mail="inbox-mail.co.uk",
               cities=["London", "Manchester", "Leeds", "Bristol", "Edinburgh"]),
}

_TITLES = ["CEO", "CTO", "CFO", "Head of Sales", "Purchasing Manager", "Marketing Director",
           "Operations Manager", "HR Manager", "Founder", "IT Manager", "Product Owner"]
_INDUSTRIES = ["saas", "manufacturing", "retail", "logistics", "healthcare", "fintech",
               "construction", "education", "hospitality", "energy"]
_TAGS = ["vip", "q1", "partner", "renewal", "needs-demo", "budget-approved", "eu-funding",
         "pilot", "slush", "upsell"]
_TEAM = ["mikko", "sofie", "olga"]

# What each lead asked about: noun phrases, as the demo's templates use them ("Thank you for
# asking about {interest}.", "We last spoke about {interest}", "Recap: they asked about {interest}").
_INTERESTS = [
    "a quote for {n} seats",
    "pricing for the Pro plan",
    "the reporting module",
    "how we compare with two other vendors",
    "an ERP integration",
    "replacing spreadsheets before {month}",
    "what the product can do",
    "a pilot for a team of {n}",
    "customer references",
    "the webinar recording",
    "a discount on the yearly plan",
    "renewing an old contract",
]
# The demo's templates, written with its interests; signed by `owner` from config.toml, or by a
# neutral name (templates.NEUTRAL_SENDER), never the login name.
DEMO_TEMPLATES = [
    {"name": "First contact", "channel": "email", "subject": "Your question about {interest}",
     "body": "Hi {first_name},\n\nThank you for asking about {interest}. Would a 20-minute call this "
             "week suit you? I can show you how it would work at {company}.\n\nBest regards,\n{sender}"},
    {"name": "Follow-up after silence", "channel": "email", "subject": "Still thinking about {interest}?",
     "body": "Hi {first_name},\n\nWe last spoke about {interest} ({last_activity}). Is it still on your "
             "list at {company}? If the timing is wrong, just say so and I will get back to you "
             "later.\n\nBest regards,\n{sender}"},
    {"name": "Discovery call", "channel": "call", "subject": "",
     "body": "Call {first_name} at {company} ({phone}).\n1. Recap: they asked about {interest}.\n"
             "2. Budget and timeline?\n3. Who else decides?\n4. Agree a next step."},
]
_MONTHS = ["January", "February", "March", "April", "the summer", "Q2"]

_BODIES = {
    "call": ["Intro call, went through their needs", "No answer, left a voicemail",
             "Discussed the quote; wants {n} seats", "Call with the decision maker",
             "Short check-in call", "Went through the pilot setup"],
    "email": ["Sent intro and a case study", "Sent the offer", "Followed up on the quote",
              "Sent the webinar recording", "Sent pricing and references"],
    "reply": ["Replied: interested, asks for pricing", "Replied: not before next quarter",
              "Replied: please call next week", "Replied: forwarded to the CFO"],
    "meeting": ["Demo meeting at their office", "Video meeting with the team",
                "Workshop on requirements", "Lunch meeting"],
    "note": ["Decision maker is the CFO", "Budget approved for next year",
             "Uses a competitor today", "Prefers e-mail over calls"],
    "download": ["Downloaded the buyer's guide", "Downloaded the pricing sheet",
                 "Downloaded the webinar slides", "Downloaded the case study"],
    "form": ["Filled the contact form: asks for a demo", "Signed up for the newsletter",
             "Filled the quote request form"],
    "social": ["Connected on LinkedIn", "Commented on our LinkedIn post"],
    "event": ["Met at our trade-fair stand", "Met at the webinar Q&A", "Met at a partner event"],
}

INBOUND_SOURCES = ("webinar", "web-form", "newsletter", "referral")
OUTBOUND_SOURCES = ("cold-call", "linkedin", "purchased-list", "trade-fair", "referral")
SOURCES = ("webinar", "referral", "trade-fair", "cold-call", "linkedin", "web-form", "newsletter",
           "purchased-list")

# Each lead follows one story; the cycle guarantees every story (and so every Today
# section and every stage) appears even in a small dataset.
_STORY_CYCLE = (
    "active", "fresh_inbound", "stale", "active", "prospect", "hot", "active", "won", "stale",
    "active", "fresh_inbound", "prospect", "active", "lost", "hot", "active", "stale", "active",
    "disqualified", "prospect",
)


@dataclass
class _Person:
    name: str
    email: str
    phone: str
    company: str
    title: str
    location: str
    industry: str
    extra: dict = field(default_factory=dict)


def _ascii(text: str) -> str:
    table = str.maketrans({"ä": "a", "ö": "o", "å": "a", "ø": "o", "æ": "ae", "é": "e", "ü": "u"})
    return text.lower().translate(table).replace(" ", "-")


def _phone_candidate(rng: random.Random, country: str) -> str:
    digits = lambda n: "".join(str(rng.randint(0, 9)) for _ in range(n))  # noqa: E731
    if country == "fi":
        return f"+358 {rng.choice(['40', '44', '45', '50'])} {digits(7)}"
    if country == "dk":
        return f"+45 {rng.choice([26, 27, 28, 81])} {digits(2)} {digits(2)} {digits(2)}"
    if country == "ru":
        return f"+7 9{rng.randint(10, 39)} {digits(3)} {digits(2)} {digits(2)}"
    return f"+44 7{rng.randint(400, 599)} {digits(6)}"


def _phone(rng: random.Random, country: str) -> str:
    """A random mobile number that passes validation (a few ranges are unassigned)."""
    for _ in range(50):
        candidate = _phone_candidate(rng, country)
        if phonenumbers.is_valid_number(phonenumbers.parse(candidate)):
            return candidate
    return "+358 40 1234567"


def _person(rng: random.Random, b2c: bool) -> _Person:
    countries = list(_COUNTRIES)
    country = rng.choices(countries, weights=[_COUNTRIES[c]["weight"] for c in countries])[0]
    info = _COUNTRIES[country]
    if country == "fi":
        first, last = rng.choice(_FI_FIRST), rng.choice(_FI_LAST)
        first_mail, last_mail, stem = _ascii(first), _ascii(last), rng.choice(_FI_COMPANIES)
    elif country == "dk":
        first, last = rng.choice(_DK_FIRST), rng.choice(_DK_LAST)
        first_mail, last_mail, stem = _ascii(first), _ascii(last), rng.choice(_DK_COMPANIES)
    elif country == "ru":
        female = rng.random() < 0.5
        first, first_mail = rng.choice(_RU_WOMEN if female else _RU_MEN)
        male_lat, female_lat, male_cyr, female_cyr, last_mail = rng.choice(_RU_SURNAMES)
        cyrillic = not first.isascii()
        last = (female_cyr if female else male_cyr) if cyrillic else (female_lat if female else male_lat)
        last_mail += "a" if female else ""
        stem = rng.choice(_RU_COMPANIES)
    else:
        first, last = rng.choice(_EN_FIRST), rng.choice(_EN_LAST)
        first_mail, last_mail, stem = _ascii(first), _ascii(last), rng.choice(_EN_COMPANIES)
    location = rng.choice(info["cities"])
    if b2c:
        return _Person(
            name=f"{first} {last}", email=f"{first_mail}.{last_mail}{rng.randint(1, 99)}@{info['mail']}",
            phone=_phone(rng, country), company="", title="", location=location, industry="",
            extra={"age": rng.randint(22, 66), "income": rng.randrange(24_000, 95_000, 1000)},
        )
    employees = rng.choice([4, 8, 12, 25, 40, 60, 120, 250, 480, 900, 2500])
    employees = max(2, int(employees * rng.uniform(0.7, 1.3)))
    revenue = int(employees * rng.uniform(70_000, 180_000)) // 10_000 * 10_000
    extra = {"employees": employees, "revenue": revenue}
    if rng.random() < 0.5:
        extra["budget"] = rng.choice([5_000, 10_000, 20_000, 50_000, 100_000])
    domain = f"{_ascii(stem.split()[0])}.{info['tld']}"
    email = f"{first_mail}.{last_mail}@{domain}" if rng.random() < 0.8 else f"{first_mail}@{domain}"
    return _Person(
        name=f"{first} {last}", email=email, phone=_phone(rng, country) if rng.random() < 0.85 else "",
        company=f"{stem} {info['suffix']}", title=rng.choice(_TITLES), location=location,
        industry=rng.choice(_INDUSTRIES), extra=extra,
    )


def _fill(rng: random.Random, template: str, industry: str) -> str:
    return template.format(n=rng.choice([5, 10, 15, 25, 40, 60, 120]), month=rng.choice(_MONTHS),
                           industry=industry or "their field")


# ---- stories -------------------------------------------------------------------------

@dataclass
class _Story:
    created: datetime
    direction: str
    kind: str
    source: str
    activities: list[tuple[datetime, str]]
    stage_path: tuple[str, ...]  # stages moved through after creation, in order
    start_stage: str = "interest"
    follow_up: str = ""  # overdue, due, future or ""
    done_follow_ups: int = 0
    archived: bool = False
    pin: str | None = None


def _spread(rng: random.Random, begin: datetime, end: datetime, n: int) -> list[datetime]:
    if end <= begin:
        return [begin] * n
    span = (end - begin).total_seconds()
    return sorted(begin + timedelta(seconds=rng.uniform(0, span)) for _ in range(n))


def _story(rng: random.Random, kind_of_story: str, now: datetime) -> _Story:
    days = lambda a, b: timedelta(days=rng.uniform(a, b))  # noqa: E731
    if kind_of_story == "fresh_inbound":
        created = now - timedelta(hours=rng.uniform(1, 96))
        first = rng.choice(["form", "download", "form"])
        acts = [(created, first)]
        if rng.random() < 0.3:
            acts.append((created + timedelta(minutes=rng.randint(5, 300)), "download"))
        acts = [(min(t, now), k) for t, k in acts]
        return _Story(created, "inbound", "lead", rng.choice(INBOUND_SOURCES), acts, (),
                      start_stage=rng.choice(["interest", "contact"]),
                      follow_up=rng.choice(["", "", "due", "future"]))
    if kind_of_story == "prospect":
        created = now - days(3, HISTORY_DAYS)
        acts: list[tuple[datetime, str]] = []
        if rng.random() < 0.6:
            acts.append((created + days(0, min(10, (now - created).days or 1)), rng.choice(["email", "call", "social"])))
        if acts and rng.random() < 0.25:
            acts.append((acts[-1][0] + days(1, 6), "note"))
        if acts and rng.random() < 0.4:  # they answered: showing interest makes the prospect a lead
            acts.append((acts[0][0] + days(0.5, 8), rng.choice(("reply", "reply", "meeting"))))
        return _Story(created, "outbound", "prospect", rng.choice(("cold-call", "linkedin", "purchased-list", "trade-fair")),
                      [(min(t, now), k) for t, k in acts], (),
                      follow_up=rng.choice(["", "future", "overdue", ""]))
    direction = "inbound" if rng.random() < 0.45 else "outbound"
    source = rng.choice(INBOUND_SOURCES if direction == "inbound" else OUTBOUND_SOURCES)
    if kind_of_story == "stale":
        created = now - days(40, HISTORY_DAYS)
        last = now - days(9, max(10, (now - created).days - 1))
        n = rng.randint(1, 4)
        kinds = [rng.choice(["email", "email", "call", "reply", "note", "social"]) for _ in range(n)]
        kinds[-1] = rng.choice(["email", "call", "meeting"])
        times = _spread(rng, created, last, n - 1) + [last]
        path = OPEN_STAGES[1 : rng.randint(1, 3)]
        return _Story(created, direction, "lead", source, list(zip(times, kinds, strict=True)), path,
                      follow_up=rng.choice(["", "", "overdue"]), done_follow_ups=rng.randint(0, 1))
    if kind_of_story in ("won", "lost", "disqualified"):
        created = now - days(25, HISTORY_DAYS)
        last = now - days(0.5, 20)
        n = rng.randint(2, 7) if kind_of_story != "disqualified" else rng.randint(1, 2)
        kinds = [rng.choice(["email", "call", "reply", "meeting", "download", "note"]) for _ in range(n)]
        times = _spread(rng, created, last, n)
        reach = rng.randint(2, 5) if kind_of_story != "disqualified" else rng.randint(1, 2)
        path = (*OPEN_STAGES[1:reach], kind_of_story)
        return _Story(created, direction, "lead", source, list(zip(times, kinds, strict=True)), path,
                      done_follow_ups=rng.randint(0, 2), archived=kind_of_story == "lost" and rng.random() < 0.2)
    if kind_of_story == "hot":
        created = now - days(10, 60)
        n = rng.randint(4, 8)
        kinds = ["call", "download", "reply", "meeting"] + [
            rng.choice(["call", "reply", "email", "meeting", "download"]) for _ in range(n - 4)]
        rng.shuffle(kinds)
        times = _spread(rng, created, now - days(0.05, 2.5), n)
        path = OPEN_STAGES[1 : rng.randint(4, 5)]
        return _Story(created, direction, "lead", source, list(zip(times, kinds, strict=True)), path,
                      follow_up=rng.choice(["due", "due", "future", "overdue"]),
                      done_follow_ups=rng.randint(0, 2))
    # active: in dialogue, touched in the last week
    created = now - days(5, HISTORY_DAYS)
    n = rng.randint(2, 6)
    kinds = [rng.choice(["email", "call", "reply", "download", "meeting", "note", "social", "email"])
             for _ in range(n)]
    last = now - days(0.05, 6)
    times = _spread(rng, created, last, n - 1) + [max(created, last)]
    kinds[-1] = rng.choice(["call", "email", "reply", "meeting"])
    path = OPEN_STAGES[1 : rng.randint(1, 5)]
    return _Story(created, direction, "lead", source, list(zip(times, kinds, strict=True)), path,
                  follow_up=rng.choice(["overdue", "due", "future", "future", "future", ""]),
                  done_follow_ups=rng.randint(0, 2), pin="hot" if rng.random() < 0.03 else None)


def _follow_up_time(rng: random.Random, which: str, now: datetime) -> datetime:
    start, end = local_day_bounds(now)
    at_hour = timedelta(hours=rng.choice([8, 9, 9, 10, 11, 13, 14, 15, 16]),
                        minutes=rng.choice([0, 0, 15, 30]))
    if which == "overdue":
        return start - timedelta(days=rng.randint(1, 10)) + at_hour
    if which == "due":
        return min(start + at_hour, end - timedelta(minutes=1))
    return start + timedelta(days=rng.randint(1, 21)) + at_hour


_WHAT = ["send the offer", "call back about the quote", "check the pilot results", "book a demo",
         "ask about the budget decision", "send the case study", "", "", "follow up on the reply"]


# ---- generation ----------------------------------------------------------------------

# Every row names the same columns (one insert for many rows): each field's column at its
# default until the person or the story sets it, and the scores the rescore fills in.
_LEAD_DEFAULTS = {
    **{column: Lead._meta.fields[column].default for f in LEAD_FIELDS for column in f.stored_in},
    "fit_score": 0, "engagement_score": 0, "score": 0, "icp_ticks": 0, "icp_total": 0,
}


@dataclass
class _Rows:
    leads: list[dict] = field(default_factory=list)
    tags: list[dict] = field(default_factory=list)
    activities: list[dict] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)
    follow_ups: list[dict] = field(default_factory=list)
    pins: list[tuple[int, str]] = field(default_factory=list)
    archive: list[int] = field(default_factory=list)


def generate_demo(ctx: Context, count: int = 300, seed: int = 7) -> None:
    """Fill the open database with `count` demo leads, relative to `ctx.now()`.

    In bulk, so a few hundred leads take a fraction of a second (see the module docstring).
    """
    rng = random.Random(seed)
    now = ctx.now().replace(microsecond=0)
    rows = _Rows()
    with write_transaction():
        # The ids follow the highest one stored when the write lock is taken: read before it,
        # a lead another process added meanwhile would already hold the first of them.
        first_id = (Lead.select(fn.MAX(Lead.id)).scalar() or 0) + 1
        last_step = UndoStep.select(fn.MAX(UndoStep.id)).scalar() or 0
        for index in range(count):
            if index < 2 * len(_STORY_CYCLE):
                kind_of_story = _STORY_CYCLE[index % len(_STORY_CYCLE)]
            else:
                kind_of_story = rng.choice(_STORY_CYCLE)
            story = _story(rng, kind_of_story, now)
            person = _person(rng, b2c=rng.random() < 0.18)
            owner = ctx.config.owner if rng.random() < 0.7 else rng.choice(_TEAM)
            _build(rng, ctx, rows, first_id + index, story, person, owner, now)
        _lived_temperatures(ctx, rows, now)
        if not icp.load_profile().criteria():
            icp.save_profile(DEMO_PROFILE, undoable=False)
        if first_id == 1:  # a new demo database: its templates are the demo's
            Template.delete().execute()
            Template.insert_many(DEMO_TEMPLATES).execute()
        for model, data in ((Lead, rows.leads), (LeadTag, rows.tags), (Activity, rows.activities),
                            (StageChange, rows.changes), (FollowUp, rows.follow_ups)):
            if data:
                size = max(1, 900 // len(data[0]))  # stay under SQLite's variable limit
                for chunk in chunked(data, size):
                    model.insert_many(chunk).execute()
        rescore_all(ctx)
        touched = {lead["id"]: lead["last_touched_at"] for lead in rows.leads}
        for lead_id, temperature in rows.pins:  # pinned by hand soon after the last contact
            when = min(touched[lead_id] + timedelta(minutes=10), now)
            leads.pin_temperature(Context(FixedClock(when), ctx.config), lead_id, temperature)
        for lead_id in rows.archive:
            leads.set_archived(ctx, lead_id, True)
        # The demo's own pins and archiving are its history, not the user's: `u` undoes
        # nothing the user did not do.
        UndoStep.delete().where(UndoStep.id > last_step).execute()


# B2B: the companies the demo sells to. B2C leads (age, income) tick none of it: `fits:no`.
DEMO_PROFILE = icp.Profile(
    employees=(10, 1000),
    industries=["saas", "fintech", "logistics", "manufacturing", "retail"],
    locations=["Helsinki", "Espoo", "Tampere", "Copenhagen", "Aarhus", "London", "Moscow"],
    min_share=0.6,
)


def _lived_temperatures(ctx: Context, rows: _Rows, now: datetime) -> None:
    """Each lead's temperature changes at the moments they happened (an activity, the end of
    a silent period), not all at once when the demo is made."""
    rules = scoring.active_rules()
    acts: dict[int, list] = {}
    for act in rows.activities:
        acts.setdefault(act["lead"], []).append((act["kind"], act["at"]))
    for lead in rows.leads:
        history = acts.get(lead["id"], [])
        view = SimpleNamespace(**lead)
        moments = sorted({at for _, at in history})
        temperature, at = "cold", lead["created_at"]
        while at is not None and at <= now:
            lines, following = scoring.engagement_result(view, history, at, rules)
            reached = scoring.temperature_for(ctx, sum(line.points for line in lines))
            if reached != temperature:
                rows.changes.append({"lead": lead["id"], "field": "temperature", "from_value": temperature,
                                     "to_value": reached, "at": at})
                temperature = reached
            later = [m for m in moments if m > at]
            candidates = [m for m in (following, later[0] if later else None) if m is not None]
            at = min(candidates) if candidates else None
        lead["temperature"] = temperature


def _at_work(rng: random.Random, at: datetime, low: datetime, high: datetime) -> datetime:
    """The same day during office hours, kept within [low, high]."""
    moved = at.replace(hour=rng.randint(7, 15), minute=rng.choice((0, 10, 15, 20, 30, 40, 45, 50)),
                       second=0, microsecond=0)
    if moved > high:
        moved = high - timedelta(minutes=rng.randint(5, 50))
    return max(moved, low)


def _build(rng: random.Random, ctx: Context, rows: _Rows, lead_id: int, story: _Story,
           person: _Person, owner: str, now: datetime) -> None:
    created = story.created.replace(second=0, microsecond=0)
    if story.kind != "lead" or story.direction == "outbound" or story.stage_path:
        created = _at_work(rng, created, created - timedelta(hours=12), now)
    activities = sorted((_at_work(rng, t, created, now), kind) for t, kind in story.activities)
    if story.activities and story.activities[0][0] == story.created:
        activities[0] = (created, activities[0][1])  # the form that created the lead
        activities.sort()
    times = [t for t, _ in activities] or [created]

    kind, stage = story.kind, story.start_stage
    changes = [("stage", "", stage, created)]
    # Stage moves are spread over the activities: reassessed at each step of the funnel.
    events: list[tuple[datetime, int, str, str]] = [(t, 0, "activity", k) for t, k in activities]
    for number, new_stage in enumerate(story.stage_path, start=1):
        at = times[min(len(times) - 1, number * len(times) // (len(story.stage_path) + 1))]
        events.append((min(at + timedelta(minutes=5 * number), now), 1, "stage", new_stage))
    last_touched, first_contacted, updated = created, None, created
    for at, _, what, value in sorted(events):
        updated = max(updated, at)
        if what == "stage":
            changes.append(("stage", stage, value, at))
            stage = value
            if kind_after_stage(stage, kind) != kind:
                changes.append(("kind", kind, kind_after_stage(stage, kind), at))
                kind = kind_after_stage(stage, kind)
            continue
        rows.activities.append({"lead": lead_id, "kind": value, "at": at, "outcome": "", "created_at": at,
                                "body": _fill(rng, rng.choice(_BODIES[value]), person.industry)})
        effect = activity_effect(value, at, lead_kind=kind, last_touched_at=last_touched,
                                 first_contacted_at=first_contacted)
        if effect.kind != kind:
            changes.append(("kind", kind, effect.kind, at))
        last_touched, first_contacted, kind = (effect.last_touched_at, effect.first_contacted_at,
                                               effect.kind)

    qualification = "none"
    if stage in LEAD_STAGES and rng.random() < 0.7:
        qualification = "sql"
    elif stage in ("contact", "nurture") and rng.random() < 0.35:
        qualification = "mql"
    if qualification != "none":
        changes.append(("qualification", "none", qualification, min(updated + timedelta(minutes=2), now)))

    next_follow_up = None
    if story.done_follow_ups and len(times) > 1:
        for _ in range(story.done_follow_ups):
            made = rng.choice(times[:-1])
            due = _at_work(rng, made + timedelta(days=rng.randint(1, 5)), made, now)
            done = min(due + timedelta(hours=rng.randint(0, 30)), now)
            rows.follow_ups.append({"lead": lead_id, "due_at": due, "what": rng.choice(_WHAT),
                                    "done_at": done, "created_at": made})
            updated = max(updated, done)
    if story.follow_up and stage not in ("won", "lost", "disqualified"):
        next_follow_up = _follow_up_time(rng, story.follow_up, now)
        rows.follow_ups.append({"lead": lead_id, "due_at": next_follow_up, "what": rng.choice(_WHAT),
                                "done_at": None, "created_at": times[-1]})
        updated = max(updated, times[-1])

    lead = dict(_LEAD_DEFAULTS)
    lead.update(person.extra)
    if person.company:
        lead["website"] = "https://" + person.email.split("@", 1)[1]
        if rng.random() < 0.4:
            for part in BANT_PARTS:
                if rng.random() < 0.5:
                    lead[f"bant_{part}"] = rng.random() < 0.75
    lead.update(
        id=lead_id, name=person.name, company=person.company, title=person.title,
        email=normalise_email(person.email).lower(),
        phone=normalise_phone(person.phone, ctx.config.default_region) if person.phone else "",
        location=person.location, industry=person.industry, source=story.source,
        direction=story.direction, kind=kind, stage=stage, qualification=qualification,
        interest=_fill(rng, rng.choice(_INTERESTS), person.industry) if rng.random() < 0.8 else "",
        owner=owner, created_at=created, updated_at=updated, first_contacted_at=first_contacted,
        last_touched_at=last_touched, next_follow_up_at=next_follow_up,
        stale_at=stale_at_for(ctx.config, last_touched_at=last_touched, temperature="cold",
                              stage=stage, archived=False),
    )
    rows.leads.append(lead)
    rows.tags += [{"lead": lead_id, "tag": tag}
                  for tag in leads.normalise_tags(rng.sample(_TAGS, k=rng.choice([0, 0, 1, 1, 2])))]
    rows.changes += [{"lead": lead_id, "field": f, "from_value": old, "to_value": new, "at": at}
                     for f, old, new, at in changes]
    if story.pin:
        rows.pins.append((lead_id, story.pin))
    if story.archived:
        rows.archive.append(lead_id)
