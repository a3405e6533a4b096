"""Who is already there: same e-mail or phone (a duplicate), or a similar name at the
same company or e-mail domain (a likely duplicate, rapidfuzz token-sort ratio ≥ 90)."""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from functools import cache, lru_cache, reduce

from leadtui.db.dialect import search
from leadtui.db.fold import search_tokens
from leadtui.db.models import Lead

LIKELY_SCORE = 90
# A shared free-mail domain says nothing about two people being one.
FREE_MAIL = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
    "yahoo.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me", "protonmail.com",
    "gmx.de", "gmx.net", "web.de", "yandex.ru", "mail.ru", "luukku.com", "suomi24.fi",
})
_SUFFIXES = re.compile(r"\b(oy|oyj|ab|as|a/s|aps|gmbh|ag|inc|llc|ltd|limited|corp|corporation|co|plc|sa|srl|bv|nv)\b\.?")


@lru_cache(maxsize=65536)  # a file names the same companies over and over
def company_key(company: str) -> str:
    text = _SUFFIXES.sub(" ", company.casefold())
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


_NOT_DIGIT = re.compile(r"\D+")
_PLACEHOLDER_RUNS = "0123456789 1234567890 9876543210"


def phone_key(phone: str, unverified: bool = False) -> str:
    """What two phones must share to be one. A checked phone is stored in one international
    form: the text itself. One kept unverified as written compares by its digits with other
    unverified ones ("070-123 45 67 ext" and "(070) 1234567 ext"), and not at all when it is
    too short or too plain to say anything (000-000-0000, 1234567890: a file full of
    placeholders is no file of duplicates)."""
    if not unverified or not phone:
        return phone
    digits = _NOT_DIGIT.sub("", phone)
    if len(digits) < 6 or digits in _PLACEHOLDER_RUNS or len(set(digits)) < 3:
        return ""
    return "#" + digits  # never equal to a checked phone, which starts with +


def mail_domain(email: str) -> str:
    domain = email.rpartition("@")[2].lower()
    return "" if domain in FREE_MAIL else domain


@dataclass(frozen=True)
class Match:
    lead_id: int  # an existing lead, or -(1 + index) of an earlier row in the same file
    name: str
    exact: bool
    why: str


@cache
def _rapidfuzz():
    """rapidfuzz's modules, imported on first use (a per-row import statement costs)."""
    from rapidfuzz import fuzz, process, utils

    return fuzz, process, utils


def name_key(name: str) -> str:
    """The name as rapidfuzz's token-sort ratio sees it: lower case, words sorted."""
    return " ".join(sorted(_rapidfuzz()[2].default_process(name).split()))


class DuplicateIndex:
    """Every lead's e-mail, phone, name and company, held in memory for one import.

    Similar names are only compared within a block: the same company or e-mail
    domain, and the same first two letters of the sorted name, so a big file
    costs a few comparisons per row rather than one per stored lead.
    """

    def __init__(self) -> None:
        self.by_email: dict[str, int] = {}
        self.by_phone: dict[str, int] = {}
        self.names: dict[int, str] = {}
        self.versions: dict[int, int] = {}  # stored leads' versions as they were read
        self.last_id = 0  # the highest stored lead id read
        self.blocks: dict[tuple[str, str], tuple[list[str], list[int]]] = {}
        self._last: tuple[tuple[str, str, str], tuple[str, list[str]]] | None = None

    def _keys(self, name: str, email: str, company: str) -> tuple[str, list[str]]:
        """The sorted name and the blocks of one row; `find` then `add` of the same row
        compute them once."""
        given = (name, email, company)
        if self._last is None or self._last[0] != given:
            self._last = (given, (name_key(name) if name else "", self._groups(email, company)))
        return self._last[1]

    @classmethod
    def from_database(cls) -> DuplicateIndex:
        index = cls()
        index.add_stored()
        return index

    def add_stored(self, after_id: int = 0) -> int:
        """Add the stored leads past `after_id` (all of them by default); the last id read,
        also kept as `last_id`."""
        query = (Lead.select(Lead.id, Lead.name, Lead.email, Lead.phone, Lead.phone_unverified,
                             Lead.company, Lead.version)
                 .where(Lead.id > after_id).order_by(Lead.id).tuples())
        last = after_id
        for lead_id, name, email, phone, unverified, company, version in query.iterator():
            self.add(lead_id, name, email, phone_key(phone, unverified), company)
            self.versions[lead_id] = version
            last = lead_id
        self.last_id = last
        return last

    def add(self, key: int, name: str, email: str, phone: str, company: str) -> None:
        """`phone` as phone_key gives it."""
        if email:
            self.by_email.setdefault(email.lower(), key)
        if phone:
            self.by_phone.setdefault(phone, key)
        self.names[key] = name
        processed, groups = self._keys(name, email, company)
        if not processed:
            return
        for group in groups:
            names, keys = self.blocks.setdefault((group, processed[:2]), ([], []))
            names.append(processed)
            keys.append(key)

    @staticmethod
    def _groups(email: str, company: str) -> list[str]:
        out = []
        key = company_key(company) if company else ""
        if key:
            out.append("c:" + key)
        domain = mail_domain(email) if email else ""
        if domain:
            out.append("d:" + domain)
        return out

    def find(self, name: str, email: str, phone: str, company: str) -> Match | None:
        """The exact duplicate, else the most similar likely one, else None. Empty values never match."""
        if email and email.lower() in self.by_email:
            key = self.by_email[email.lower()]
            return Match(key, self.names.get(key, ""), True, "same e-mail")
        if phone and phone in self.by_phone:
            key = self.by_phone[phone]
            return Match(key, self.names.get(key, ""), True, "same phone")
        processed, groups = self._keys(name, email, company)
        if not processed:
            return None
        fuzz, process, _ = _rapidfuzz()
        best: tuple[float, int, str] | None = None
        for group in groups:
            block = self.blocks.get((group, processed[:2]))
            if not block:
                continue
            hit = process.extractOne(processed, block[0], scorer=fuzz.token_sort_ratio,
                                     processor=None, score_cutoff=LIKELY_SCORE)
            if hit is not None and (best is None or hit[1] > best[0]):
                where = "company" if group.startswith("c:") else "e-mail domain"
                best = (hit[1], block[1][hit[2]], where)
        if best is None:
            return None
        score, key, where = best
        return Match(key, self.names[key], False, f"similar name ({score:.0f}%) at the same {where}")


# Leads read per company or domain when one new lead is checked: bounds the work at a huge company.
SIMILAR_CANDIDATES = 5000


def similar_leads(name: str, email: str = "", company: str = "", *,
                  exclude_id: int | None = None, limit: int = 3) -> list[Match]:
    """Stored leads whose name is similar (≥ LIKELY_SCORE) at the same company or e-mail
    domain: the import's likely-duplicate rule for one lead, most similar first.

    The search index narrows the leads to those holding the company's or domain's words;
    the rule itself (company key, domain, name score) is then applied to each.
    """
    key = company_key(company) if company else ""
    domain = mail_domain(email) if "@" in email else ""
    if not name.strip():
        return []
    wanted = [words for words in (search_tokens(key), search_tokens(domain)) if words]
    if not wanted:
        return []
    rows = (Lead.select(Lead.id, Lead.name, Lead.email, Lead.company)
            .where(reduce(operator.or_, [search(Lead.id, words) for words in wanted]))
            .limit(SIMILAR_CANDIDATES).tuples())
    same: list[tuple[int, str, str]] = []  # (id, name, where)
    for lead_id, other, other_email, other_company in rows:
        if lead_id == exclude_id:
            continue
        if key and other_company and company_key(other_company) == key:
            same.append((lead_id, other, "company"))
        elif domain and mail_domain(other_email) == domain:
            same.append((lead_id, other, "e-mail domain"))
    if not same:
        return []
    from rapidfuzz import fuzz, process

    hits = process.extract(name_key(name), [name_key(other) for _, other, _ in same],
                           scorer=fuzz.token_sort_ratio, processor=None,
                           score_cutoff=LIKELY_SCORE, limit=limit)
    return [Match(same[i][0], same[i][1], False,
                  f"similar name ({score:.0f}%) at the same {same[i][2]}")
            for _, score, i in hits]


@dataclass(frozen=True)
class DuplicatePair:
    first_id: int
    first_name: str
    second_id: int
    second_name: str
    why: str


def duplicate_pairs(limit: int = 200) -> list[DuplicatePair]:
    """Pairs of stored leads that are duplicates or likely duplicates, oldest lead first."""
    index = DuplicateIndex()
    pairs: list[DuplicatePair] = []
    query = (Lead.select(Lead.id, Lead.name, Lead.email, Lead.phone, Lead.phone_unverified,
                         Lead.company)
             .where(Lead.archived == False).order_by(Lead.id).tuples())  # noqa: E712
    for lead_id, name, email, phone, unverified, company in query.iterator():
        phone = phone_key(phone, unverified)
        match = index.find(name, email, phone, company)
        if match is not None:
            pairs.append(DuplicatePair(match.lead_id, match.name, lead_id, name, match.why))
            if len(pairs) >= limit:
                break
        index.add(lead_id, name, email, phone, company)
    return pairs


@dataclass(frozen=True)
class LeadSide:
    id: int
    name: str
    company: str
    email: str
    phone: str


def lead_sides(ids) -> dict[int, LeadSide]:
    """What the Duplicates screen shows of each lead of a pair."""
    rows = (Lead.select(Lead.id, Lead.name, Lead.company, Lead.email, Lead.phone)
            .where(Lead.id.in_(list(ids))).tuples())
    return {row[0]: LeadSide(*row) for row in rows}
