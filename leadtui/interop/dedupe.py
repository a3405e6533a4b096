"""Who is already there: same e-mail or phone (a duplicate), or a similar name at the
same company or e-mail domain (a likely duplicate, rapidfuzz token-sort ratio ≥ 90)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from leadtui.db.models import Lead

LIKELY_SCORE = 90
# A shared free-mail domain says nothing about two people being one.
FREE_MAIL = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
    "yahoo.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me", "protonmail.com",
    "gmx.de", "gmx.net", "web.de", "yandex.ru", "mail.ru", "luukku.com", "suomi24.fi",
})
_SUFFIXES = re.compile(r"\b(oy|oyj|ab|as|a/s|aps|gmbh|ag|inc|llc|ltd|limited|corp|corporation|co|plc|sa|srl|bv|nv)\b\.?")


def company_key(company: str) -> str:
    text = _SUFFIXES.sub(" ", company.casefold())
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def mail_domain(email: str) -> str:
    domain = email.rpartition("@")[2].lower()
    return "" if domain in FREE_MAIL else domain


@dataclass(frozen=True)
class Match:
    lead_id: int  # an existing lead, or -(1 + index) of an earlier row in the same file
    name: str
    exact: bool
    why: str


class DuplicateIndex:
    """Every lead's e-mail, phone, name and company, held in memory for one import."""

    def __init__(self) -> None:
        self.by_email: dict[str, int] = {}
        self.by_phone: dict[str, int] = {}
        self.names: dict[int, str] = {}
        self.groups: dict[str, list[int]] = {}  # "c:company" / "d:domain" -> ids

    @classmethod
    def from_database(cls) -> DuplicateIndex:
        index = cls()
        query = Lead.select(Lead.id, Lead.name, Lead.email, Lead.phone, Lead.company).tuples()
        for lead_id, name, email, phone, company in query.iterator():
            index.add(lead_id, name, email, phone, company)
        return index

    def add(self, key: int, name: str, email: str, phone: str, company: str) -> None:
        if email:
            self.by_email.setdefault(email.lower(), key)
        if phone:
            self.by_phone.setdefault(phone, key)
        self.names[key] = name
        for group in self._groups(email, company):
            self.groups.setdefault(group, []).append(key)

    @staticmethod
    def _groups(email: str, company: str) -> list[str]:
        out = []
        if company and company_key(company):
            out.append("c:" + company_key(company))
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
        if not name:
            return None
        keys = {k for g in self._groups(email, company) for k in self.groups.get(g, ())}
        if not keys:
            return None
        from rapidfuzz import fuzz, process, utils

        choices = {k: self.names[k] for k in keys}
        best = process.extractOne(name, choices, scorer=fuzz.token_sort_ratio,
                                  processor=utils.default_process, score_cutoff=LIKELY_SCORE)
        if best is None:
            return None
        other, score, key = best
        where = "company" if company and company_key(company) and key in self.groups.get(
            "c:" + company_key(company), ()) else "e-mail domain"
        return Match(key, other, False, f"similar name ({score:.0f}%) at the same {where}")


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
    query = (Lead.select(Lead.id, Lead.name, Lead.email, Lead.phone, Lead.company)
             .where(Lead.archived == False).order_by(Lead.id).tuples())  # noqa: E712
    for lead_id, name, email, phone, company in query.iterator():
        match = index.find(name, email, phone, company)
        if match is not None:
            pairs.append(DuplicatePair(match.lead_id, match.name, lead_id, name, match.why))
            if len(pairs) >= limit:
                break
        index.add(lead_id, name, email, phone, company)
    return pairs
