"""The ideal customer profile: criteria a lead is ticked against ("4/5 ✓").

B2C criteria: age range, income range, locations. B2B: industries, budget,
revenue range, employee range, locations. Only the criteria the user set
count. A lead fits when it ticks at least `min_share` of them (default 75%).

Prospects that no longer fit go stale (the source documents' rule): a prospect (not yet
shown interest) whose stored ticks fall short under the current profile is off profile:
it leaves Today and the default list, `fits:no` finds it, and it comes back as soon as it
fits again (the profile changed and the rescore reached it, or its own fields changed) or
shows interest (it becomes a lead). A lead that has shown interest stays wherever it is:
someone who replied is never hidden. A profile with no criteria: everyone fits.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field

from peewee import SQL

from leadtui.context import Context
from leadtui.db.connection import write_transaction
from leadtui.db.models import Lead, Setting
from leadtui.errors import InvalidInput
from leadtui.kit.money import parse_amount

PROFILE_KEY = "icp_profile"
MAX_NUMBER = 10**15  # far above any revenue or income, well inside SQLite's integers

RANGE_CRITERIA = {  # criterion -> lead field
    "age": "age",
    "income": "income",
    "revenue": "revenue",
    "employees": "employees",
}


@dataclass
class Profile:
    age: tuple[int | None, int | None] = (None, None)
    income: tuple[int | None, int | None] = (None, None)
    revenue: tuple[int | None, int | None] = (None, None)
    employees: tuple[int | None, int | None] = (None, None)
    budget_min: int | None = None
    locations: list[str] = field(default_factory=list)
    industries: list[str] = field(default_factory=list)
    min_share: float = 0.75

    def criteria(self) -> list[str]:
        active = [name for name in RANGE_CRITERIA if getattr(self, name) != (None, None)]
        if self.budget_min is not None:
            active.append("budget")
        if self.locations:
            active.append("location")
        if self.industries:
            active.append("industry")
        return active

    def describe(self) -> list[str]:
        out = []
        for name in RANGE_CRITERIA:
            low, high = getattr(self, name)
            if (low, high) != (None, None):
                out.append(f"{name} {_fmt(low)}–{_fmt(high)}")
        if self.budget_min is not None:
            out.append(f"budget ≥ {self.budget_min:,}")
        if self.locations:
            out.append("location in " + ", ".join(self.locations))
        if self.industries:
            out.append("industry in " + ", ".join(self.industries))
        return out


def _fmt(value) -> str:
    return "…" if value is None else f"{value:,}"


@dataclass
class IcpResult:
    ticks: int
    total: int
    failed: list[str]
    min_share: float = 0.75

    @property
    def fits(self) -> bool:
        """No profile means nothing to fail; otherwise enough ticks."""
        return self.total == 0 or self.ticks >= math.ceil(self.min_share * self.total - 1e-9)

    def label(self) -> str:
        if not self.total:
            return "no profile"
        return f"{self.ticks}/{self.total} {'✓' if self.fits else '✗'}"


def _in_range(value, bounds) -> bool:
    low, high = bounds
    if value is None:
        return False
    return (low is None or value >= low) and (high is None or value <= high)


def _in_list(value: str, choices: list[str]) -> bool:
    value = (value or "").strip().lower()
    return bool(value) and any(value == c.lower() or c.lower() in value.split(", ") for c in choices)


def evaluate(lead: Lead, profile: Profile) -> IcpResult:
    failed: list[str] = []
    criteria = profile.criteria()
    for name in criteria:
        if name in RANGE_CRITERIA:
            ok = _in_range(getattr(lead, RANGE_CRITERIA[name]), getattr(profile, name))
        elif name == "budget":
            ok = lead.budget is not None and lead.budget >= profile.budget_min
        elif name == "location":
            ok = _in_list(lead.location, profile.locations)
        else:
            ok = _in_list(lead.industry, profile.industries)
        if not ok:
            failed.append(name)
    return IcpResult(len(criteria) - len(failed), len(criteria), failed, profile.min_share)


def fits_condition(min_share: float):
    """Leads whose stored ticks fit: icp_ticks >= ceil(min_share × icp_total), in integers."""
    share = round(min_share * 10000)
    return (Lead.icp_total == 0) | (Lead.icp_ticks * 10000 >= Lead.icp_total * share)


# The query that lists exactly the prospects off_profile_condition leaves out (`fits:no` alone
# lists the leads that fail the profile too, which are never left out): the hints name it.
OFF_PROFILE_QUERY = "kind:prospect fits:no"


def off_profile_condition(profile: Profile):
    """Prospects that no longer fit `profile` (SQL over stored, indexed columns); None: none can."""
    if not profile.criteria():
        return None
    # The kind as a literal, not a parameter: SQLite reads a partial index on prospects only
    # (migration 0022) when the query names the same value.
    return (Lead.kind == SQL("'prospect'")) & ~fits_condition(profile.min_share)


def is_off_profile(kind: str, fits: bool, profile: Profile) -> bool:
    """The same rule for one lead already read: a prospect that does not fit a profile that has criteria."""
    return kind == "prospect" and not fits and bool(profile.criteria())


def load_profile() -> Profile:
    row = Setting.get_or_none(Setting.key == PROFILE_KEY)
    if row is None or not row.value:
        return Profile()
    data = json.loads(row.value)
    for name in RANGE_CRITERIA:
        if name in data:
            data[name] = tuple(data[name])
    return Profile(**data)


def save_profile(profile: Profile, ctx: Context | None = None, *, undoable: bool = True) -> None:
    """Store the profile; a user's change is one undo step (the demo's first profile is not)."""
    if not 0 < profile.min_share <= 1:
        raise InvalidInput("min_share must be between 0 and 1")
    for name in RANGE_CRITERIA:
        low, high = getattr(profile, name)
        if low is not None and high is not None and low > high:
            raise InvalidInput(f"{name}: the low end {low} is above the high end {high}")
    # the undo log and the rescore marker: only when saving
    from leadtui.record import progress, undo

    with write_transaction():
        if undoable:
            undo.remember_setting(ctx or Context(), "profile", PROFILE_KEY, "profile edit")
        Setting.put(PROFILE_KEY, json.dumps(asdict(profile)))
        progress.mark_needed()  # saved with the profile: an interrupted rescore is noticed later


def parse_range(text: str) -> tuple[int | None, int | None]:
    """"30-40", "40000..60000", "-100", "50+" or "" (no criterion)."""
    text = text.strip().replace(" ", "").replace("\u00a0", "")
    if not text:
        return (None, None)
    if text.endswith("+"):
        return (_int(text[:-1]), None)
    for sep in ("..", "–", "-"):
        if sep in text:  # "-100" is "up to 100", "30-" is "30 and up"
            low, high = text.split(sep, 1)
            if not low and not high:
                raise InvalidInput(f"not a range: {text!r}")
            return (_int(low) if low else None, _int(high) if high else None)
    value = _int(text)
    return (value, value)


def _int(text: str) -> int:
    """One end of a range, read as every amount is ("40k", "1.5M", "€40,000")."""
    try:
        value, _ = parse_amount(text)
    except InvalidInput:
        value = None
    if value is None:
        raise InvalidInput(f"not a number: {text!r} (e.g. 40000, €40,000, 40k)")
    if not abs(value) <= MAX_NUMBER:  # also refuses inf and nan
        raise InvalidInput(f"{text!r} is not a number between -{MAX_NUMBER:,} and {MAX_NUMBER:,}")
    return round(value)


def parse_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]
