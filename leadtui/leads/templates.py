"""Outreach templates: e-mails and call scripts with the lead's details filled in.

Placeholders are written `{first_name}`; `{{` and `}}` are literal braces. A
placeholder the lead has no value for is shown as a visible marker
("[company?]") and listed in `Rendered.missing`, so nothing half-filled goes
out unnoticed. An unknown placeholder is an error that lists the known ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

from leadtui.config import Config
from leadtui.context import Context
from leadtui.db.connection import write_transaction
from leadtui.db.models import Activity, Lead, Template
from leadtui.errors import InvalidInput, NotFound
from leadtui.kit.fmt import local_day
from leadtui.kit.names import find_by_name
from leadtui.leads.writes import get_lead, log_activity
from leadtui.record import undo
from leadtui.record.fields import LEAD_FIELDS
from leadtui.record.readmodels import ActivityItem

# The lead's fields a template may fill in (leadtui.record.fields), between the name's parts
# and what is worked out.
PLACEHOLDERS = {
    "first_name": "the first word of the name",
    "last_name": "the rest of the name",
    **{f.name: f.placeholder for f in LEAD_FIELDS if f.placeholder},
    "last_activity": "the latest contact, e.g. 'call on 3 Nov'",
    "sender": "you, who send it: owner in config.toml (else \"The sales team\")",
}
CHANNELS = {"email": "email", "call": "call"}  # channel -> activity kind logged on use
PLACEHOLDER_RE = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
ACTIVITY_WORDS = {"call": "call", "email": "e-mail", "reply": "your reply", "meeting": "meeting",
                  "download": "download", "form": "web form", "social": "social media",
                  "event": "event"}


@dataclass
class TemplateInfo:
    id: int
    name: str
    channel: str
    subject: str
    body: str

    def as_json(self) -> dict:
        return {"id": self.id, "name": self.name, "channel": self.channel, "subject": self.subject,
                "body": self.body}


@dataclass
class Rendered:
    subject: str
    body: str
    missing: list[str] = field(default_factory=list)
    mailto: str = ""
    template: str = ""
    channel: str = "email"
    email: str = ""  # the lead's address, for a mailto: link with edited text

    def as_json(self) -> dict:
        return {"template": self.template, "channel": self.channel, "subject": self.subject,
                "body": self.body, "missing": self.missing, "mailto": self.mailto}


def placeholders_in(text: str) -> list[str]:
    return [m.group(1) for m in PLACEHOLDER_RE.finditer(text) if m.group(1) is not None]


def check_placeholders(*texts: str) -> None:
    unknown = sorted({p for text in texts for p in placeholders_in(text) if p.strip() not in PLACEHOLDERS})
    if unknown:
        names = ", ".join("{" + p + "}" for p in unknown)
        known = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
        raise InvalidInput(f"unknown placeholder {names} (known: {known})")


def _info(row: Template) -> TemplateInfo:
    return TemplateInfo(row.id, row.name, row.channel, row.subject, row.body)


def list_templates() -> list[TemplateInfo]:
    return [_info(r) for r in Template.select().order_by(Template.id)]


def _named(name: str) -> Template | None:
    return find_by_name(Template, name)


def _row(name_or_id) -> Template:
    text = str(name_or_id).strip()
    row = None
    if text.isascii() and text.isdigit() and len(text) < 19:
        row = Template.get_or_none(Template.id == int(text))
    if row is None:
        row = _named(" ".join(text.split()))
    if row is None:
        known = ", ".join(t.name for t in list_templates()) or "none"
        raise NotFound(f"no template {name_or_id!r} (templates: {known})")
    return row


def get_template(name_or_id) -> TemplateInfo:
    return _info(_row(name_or_id))


def channel_key(channel: str) -> str:
    key = channel.strip().lower().replace("e-mail", "email")
    if key not in CHANNELS:
        raise InvalidInput(f"unknown channel {channel!r} (one of: {', '.join(CHANNELS)})")
    return key


def add_template(name: str, body: str, subject: str = "", channel: str = "email", *,
                 ctx: Context | None = None) -> TemplateInfo:
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("a template needs a name")
    if name.isdigit():
        raise InvalidInput("a template name cannot be just a number")
    if not body.strip():
        raise InvalidInput("a template needs a body")
    check_placeholders(subject, body)
    with write_transaction():
        if _named(name) is not None:
            raise InvalidInput(f"a template named {name!r} already exists")
        undo.remember_table(ctx or Context(), "templates", f"add template '{name}'")
        return _info(Template.create(name=name, body=body, subject=subject, channel=channel_key(channel)))


def update_template(name_or_id, *, name: str | None = None, body: str | None = None,
                    subject: str | None = None, channel: str | None = None,
                    ctx: Context | None = None) -> TemplateInfo:
    with write_transaction():
        undo.remember_table(ctx or Context(), "templates", f"edit template '{_row(name_or_id).name}'")
        return _update(name_or_id, name, body, subject, channel)


def _update(name_or_id, name, body, subject, channel) -> TemplateInfo:
    row = _row(name_or_id)
    new_body = row.body if body is None else body
    new_subject = row.subject if subject is None else subject
    if not new_body.strip():
        raise InvalidInput("a template needs a body")
    check_placeholders(new_subject, new_body)
    if name is not None:
        name = " ".join(name.split())
        if not name or name.isdigit():
            raise InvalidInput("a template needs a name that is not just a number")
        twin = _named(name)
        if twin is not None and twin.id != row.id:
            raise InvalidInput(f"a template named {name!r} already exists")
        row.name = name
    row.body, row.subject = new_body, new_subject
    if channel is not None:
        row.channel = channel_key(channel)
    row.save()
    return _info(row)


def delete_template(name_or_id, *, ctx: Context | None = None) -> None:
    with write_transaction():
        row = _row(name_or_id)
        undo.remember_table(ctx or Context(), "templates", f"delete template '{row.name}'")
        row.delete_instance()


# ---- filling in ----------------------------------------------------------------

def _last_activity(lead: Lead, now) -> str:
    act = (Activity.select(Activity.kind, Activity.at)
           .where(Activity.lead == lead.id, Activity.kind != "note")
           .order_by(Activity.at.desc(), Activity.id.desc()).first())
    if act is None:
        return ""
    return f"{ACTIVITY_WORDS.get(act.kind, act.kind)} on {local_day(act.at, now)}"


NEUTRAL_SENDER = "The sales team"  # signs for a user whose name config.toml does not give


def lead_values(lead: Lead, now=None, config: Config | None = None) -> dict[str, str]:
    """Every placeholder's value for this lead ("" when unknown).

    A login name ("root") is never written into a message: `{sender}` and an `{owner}` that is
    only the login name become NEUTRAL_SENDER.
    """
    config = config or Config()
    login = config.owner if config.owner_is_login else None
    parts = lead.name.split()
    fields = {f.name: getattr(lead, f.name) for f in LEAD_FIELDS if f.placeholder}
    return {
        "first_name": parts[0] if parts else "",
        "last_name": " ".join(parts[1:]),
        **{name: "" if value is None else str(value) for name, value in fields.items()},
        "owner": NEUTRAL_SENDER if lead.owner and lead.owner == login else lead.owner,
        "last_activity": _last_activity(lead, now or lead.updated_at),
        "sender": config.sender() or NEUTRAL_SENDER,
    }


def fill(text: str, values: dict[str, str], missing: list[str]) -> str:
    def one(match: re.Match) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        key = match.group(1).strip()
        if key not in PLACEHOLDERS:
            check_placeholders(token)
        value = (values.get(key) or "").strip()
        if value:
            return value
        if key not in missing:
            missing.append(key)
        return f"[{key}?]"

    return PLACEHOLDER_RE.sub(one, text)


def mailto(email: str, subject: str, body: str) -> str:
    if not email:
        return ""
    return f"mailto:{quote(email, safe='@')}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"


def render_template(ctx: Context, template_name_or_id, lead_id) -> Rendered:
    row = _row(template_name_or_id)
    lead = get_lead(lead_id)
    values = lead_values(lead, ctx.now(), ctx.config)
    missing: list[str] = []
    subject = fill(row.subject, values, missing)
    body = fill(row.body, values, missing)
    link = mailto(lead.email, subject, body) if row.channel == "email" else ""
    return Rendered(subject, body, missing, link, row.name, row.channel, lead.email)


def use_template(ctx: Context, template_name_or_id, lead_id, *, next_at=None, next_what: str = "",
                 force: bool = False) -> ActivityItem:
    """Record that the template was sent (e-mail) or the script was called (call), and optionally
    when to follow up next (one step, one undo)."""
    row = _row(template_name_or_id)
    return log_activity(ctx, lead_id, CHANNELS.get(row.channel, "email"), row.name, next_at=next_at,
                        next_what=next_what, force=force)
