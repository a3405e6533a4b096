"""The words of the domain: lifecycle stages, activity kinds, temperatures.

Stored values are the short keys; labels are what users read.
"""

from __future__ import annotations

import difflib

from leadtui.errors import InvalidInput

# The 5-stage lifecycle from the source documents (1 shows interest, 2 leaves contact details,
# 3 contact and marketing communication, 4 requests an offer, 5 purchase decision), then the
# closed outcomes: key -> (name, its short form for narrow columns). Every screen, the CLI and
# the reports take the names from here; the short form is always the name cut short.
STAGE_NAMES: dict[str, tuple[str, str]] = {
    "interest": ("1 Interest", "1 Interest"),
    "contact": ("2 Contact details", "2 Contact"),
    "nurture": ("3 Communication", "3 Comm."),
    "offer": ("4 Offer requested", "4 Offer"),
    "decision": ("5 Decision", "5 Decision"),
    "won": ("Won", "Won"),
    "lost": ("Lost", "Lost"),
    "disqualified": ("Disqualified", "Disqualified"),
}
STAGES: dict[str, str] = {key: name for key, (name, _) in STAGE_NAMES.items()}
STAGE_SHORT: dict[str, str] = {key: short for key, (_, short) in STAGE_NAMES.items()}
STAGE_NUMBERS = {"1": "interest", "2": "contact", "3": "nurture", "4": "offer", "5": "decision"}
OPEN_STAGES = ("interest", "contact", "nurture", "offer", "decision")
CLOSED_STAGES = ("won", "lost", "disqualified")
CLOSING_LETTERS = {"w": "won", "l": "lost", "x": "disqualified"}  # the keys that close a lead in a stage pick

ACTIVITY_KINDS: dict[str, str] = {
    "call": "Phone call",
    "email": "E-mail sent",
    "reply": "E-mail reply received",
    "meeting": "Meeting",
    "note": "Note",
    "download": "Downloaded material",
    "form": "Filled a web form",
    "social": "Social media contact",
    "event": "Met at an event",
}
KIND_ALIASES = {
    "phone": "call",
    "email_sent": "email",
    "mail": "email",
    "email_reply": "reply",
    "replied": "reply",
    "visit": "meeting",
    "web_form": "form",
}
# What we do to reach the lead: the first of these sets first_contacted_at.
OUTREACH_KINDS = frozenset({"call", "email", "meeting", "social", "event"})
# What shows interest and so turns a prospect into a lead: a reply, a form, a download,
# meeting them (at an event too).
INTEREST_KINDS = frozenset({"reply", "form", "download", "meeting", "event"})
# A note is bookkeeping, not contact: it does not reset the staleness clock.
TOUCH_KINDS = frozenset(ACTIVITY_KINDS) - {"note"}

TEMPERATURES = ("cold", "warm", "hot")
QUALIFICATIONS = {"none": "—", "mql": "MQL", "sql": "SQL"}
LEAD_KINDS = ("prospect", "lead")
DIRECTIONS = ("inbound", "outbound")


def _suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f"; did you mean {close[0]}?" if close else ""


def parse_stage(text: str) -> str:
    key = text.strip().lower().replace(" ", "_")
    if key in STAGES:
        return key
    if key in STAGE_NUMBERS:
        return STAGE_NUMBERS[key]
    for stage, label in STAGES.items():
        if label.lower().lstrip("12345 ").startswith(key) and key:
            return stage
    known = ", ".join(f"{n}/{s}" for n, s in STAGE_NUMBERS.items()) + ", won, lost, disqualified"
    raise InvalidInput(f"unknown stage {text!r}{_suggest(key, STAGES)} (stages: {known})")


def parse_activity_kind(text: str) -> str:
    key = text.strip().lower().replace("-", "_")
    key = KIND_ALIASES.get(key, key)
    if key in ACTIVITY_KINDS:
        return key
    raise InvalidInput(
        f"unknown activity kind {text!r}{_suggest(key, ACTIVITY_KINDS)} "
        f"(kinds: {', '.join(ACTIVITY_KINDS)})"
    )


def parse_choice(text: str, choices, what: str) -> str:
    key = text.strip().lower()
    if key in choices:
        return key
    raise InvalidInput(f"unknown {what} {text!r}{_suggest(key, choices)} (one of: {', '.join(choices)})")


def stage_label(stage: str, short: bool = False) -> str:
    return (STAGE_SHORT if short else STAGES).get(stage, stage)
