"""One lead: every field, BANT, score breakdown, timeline, follow-ups and stage history."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import ScrollableContainer, VerticalScroll
from textual.message import Message
from textual.widgets import Static

from leadtui.finding import queries
from leadtui.finding.background import BackgroundRead, Interrupted
from leadtui.finding.priority import SECTION_NAMES
from leadtui.kit.fmt import ago, grouped, local_short
from leadtui.kit.money import format_money
from leadtui.kit.vocab import (
    ACTIVITY_KINDS,
    CLOSED_STAGES,
    CLOSING_LETTERS,
    QUALIFICATIONS,
    STAGES,
    stage_label,
)
from leadtui.leads import handoff, templates
from leadtui.leads import writes as leads
from leadtui.record.fields import BANT_PARTS, LEAD_FIELDS
from leadtui.record.readmodels import LeadDetail
from leadtui.screens.base import DataScreen
from leadtui.screens.dialogs import ChoiceDialog, ConfirmDialog
from leadtui.screens.edit import EditLeadDialog
from leadtui.screens.followups import FollowUpsDialog
from leadtui.screens.guard import attempt, attempt_read
from leadtui.screens.templates import OutreachDialog
from leadtui.screens.widgets.cells import temperature_cell
from leadtui.screens.widgets.footer import KeysFooter
from leadtui.screens.widgets.title_bar import TitleBar


def _contact(value: str, unverified: bool):
    """A phone or e-mail; one kept as written (an import could not check it) says so."""
    if not value or not unverified:
        return value
    return Text.assemble(value, ("  ⚠ unverified", "bold yellow"))


def _shown(field, value):
    """A plain row's value: whole numbers grouped (12 000), text as it is."""
    return grouped(value) if field.kind == "int" else value


def _yes_no(value) -> Text:
    if value is None:
        return Text("?", style="dim")
    return Text("✓ yes", style="green") if value else Text("✗ no", style="red")


class DetailColumns(ScrollableContainer, can_focus=False):
    """Side by side, each column scrolls; stacked (a narrow terminal), the two scroll as one.

    Stacked, the focused column has nothing of its own to scroll and lets the arrow keys,
    PageUp/PageDown and Home/End through to this container's.
    """


class LeadDetailScreen(DataScreen):
    BINDINGS = [
        Binding("escape", "back", "Back", id="detail.back", show=False),
        Binding("l", "log", "Log", tooltip="Log an activity", id="detail.log"),
        Binding("f", "follow_up", "Follow-up", tooltip="Schedule a follow-up", id="detail.follow_up"),
        Binding("c", "complete", "Complete follow-up", id="detail.complete", show=False),
        Binding("F", "manage_follow_ups", "Follow-ups",
                tooltip="The lead's follow-ups: reschedule, reword, cancel, done", id="detail.follow_ups",
                show=False),
        Binding("e", "edit", "Edit", tooltip="Edit every field", id="detail.edit"),
        Binding("g", "stage", "Stage", id="detail.stage"),
        Binding("p", "pin", "Pin temp", tooltip="Pin the temperature (or unpin)", id="detail.pin", show=False),
        Binding("q", "qualify", "MQL/SQL", id="detail.qualify", show=False),
        Binding("o", "outreach", "Template", tooltip="Fill in an outreach template", id="detail.outreach",
                show=False),
        Binding("A", "archive", "Archive", tooltip="Archive / restore", id="detail.archive"),
        Binding("delete", "delete_lead", "Delete", tooltip="Delete the lead and its history",
                id="detail.delete", show=False),
        Binding("m", "older", "Older", tooltip="Show older activities and changes", id="detail.older",
                show=False),
    ]

    class Loaded(Message):
        def __init__(self, number: int, detail: LeadDetail | None, problem: str) -> None:
            super().__init__()
            self.number, self.detail, self.problem = number, detail, problem

    def __init__(self, lead_id: int) -> None:
        super().__init__()
        self.lead_id = lead_id
        self.detail: LeadDetail | None = None  # until the first read is in
        self.timeline = queries.TIMELINE_PAGE  # how many activities and changes are read

    holds_keys_until_read = True  # keys typed before the lead is read act on it once it is

    def check_action(self, action: str, parameters) -> bool | None:
        # Every key but Back acts on the lead as read: nothing to act on before the first read.
        return self.detail is not None or action == "back"

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with DetailColumns(id="detail-columns"):
            with VerticalScroll(id="detail-left"):
                yield Static(id="detail-fields")
                yield Static(id="detail-score")
            with VerticalScroll(id="detail-right"):
                yield Static(id="detail-follow-ups")
                yield Static(id="detail-timeline")
                yield Static(id="detail-history")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the lead in a thread worker (its timeline grows with it); the newest read wins."""
        self._fetch(*self.newest_read(), self.timeline)

    @work(thread=True, exclusive=True, group="lead-detail")
    def _fetch(self, number: int, read: BackgroundRead, timeline: int) -> None:
        problems: list[str] = []
        try:
            _, detail = attempt_read(self, read, queries.lead_detail, self.app.ctx, self.lead_id,
                                     timeline=timeline, report=problems.append)
        except Interrupted:
            return
        self.post_message(self.Loaded(number, detail, problems[0] if problems else ""))

    def on_screen_suspend(self) -> None:
        super().on_screen_suspend()
        self.stop_read()

    def on_lead_detail_screen_loaded(self, message: Loaded) -> None:
        if message.number != self._requests:
            return
        if message.detail is None:  # removed meanwhile (another shell, a delete here), or a failure
            if self.app.screen is self:  # go back once
                self.notify(f"Lead #{self.lead_id}: {message.problem}", severity="warning")
                self.app.pop_screen()
            return
        self._show(message.detail)

    def _show(self, detail: LeadDetail) -> None:
        first = self.detail is None
        self.detail = detail
        self.title = detail.lead.name
        self.sub_title = (f"#{detail.lead.id} · {stage_label(detail.lead.stage)}"
                          + (" · ARCHIVED" if detail.lead.archived else ""))
        self.query_one("#detail-fields", Static).update(self._fields(detail))
        self.query_one("#detail-score", Static).update(self._score(detail))
        self.query_one("#detail-follow-ups", Static).update(self._follow_ups(detail))
        self.query_one("#detail-timeline", Static).update(self._timeline(detail))
        self.query_one("#detail-history", Static).update(self._history(detail))
        if first:
            self.refresh_bindings()  # the keys that act on the lead work from now on
            self.first_read_in()

    @staticmethod
    def _fit(d: LeadDetail) -> Text:
        fit = d.fit
        text = Text(fit.label() + (f"  failed: {', '.join(fit.failed)}" if fit.failed else ""))
        if d.off_profile:  # gone stale for not fitting: say where it went
            text.append("  off Today, the list and the board (fits:no lists it)", style="bold magenta")
        return text

    def action_older(self) -> None:
        if self.detail.more_activities or self.detail.more_changes:
            self.timeline += queries.TIMELINE_PAGE
            self.reload()
        else:
            self.notify("That is all of this lead's history")

    def _fields(self, d: LeadDetail):
        lead, row, now = d.lead, d.row, self.app.ctx.now()
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        touched = Text(ago(lead.last_touched_at, now))
        if row.stale:
            touched.append("  ⚠ stale", style="bold magenta")
        rows = [("Status", Text("ARCHIVED — A restores it", style="bold black on yellow"))] if lead.archived else []
        rows += [
            ("Company", f"{lead.company}" + (f" — {lead.title}" if lead.title else "")),
            ("E-mail", _contact(lead.email, lead.email_unverified)),
            ("Phone", _contact(lead.phone, lead.phone_unverified)), ("Website", lead.website),
            ("Kind", f"{lead.kind} ({lead.direction})"), ("Stage", stage_label(lead.stage)),
            ("Deal value", format_money(lead.value_cents, lead.value_currency)),
            ("Qualified", self._qualified(d)),
            ("Temperature", temperature_cell(lead.temperature, lead.temperature_pinned)),
            ("Score", f"{lead.score}  (fit {lead.fit_score} · engagement {lead.engagement_score})"),
            ("Profile fit", self._fit(d)),
            *((f.label, _shown(f, getattr(lead, f.name))) for f in LEAD_FIELDS if f.detail_row),
            ("Tags", ", ".join(d.tags)), ("Created", local_short(lead.created_at, self.app.ctx.now())),
            ("First contact", local_short(lead.first_contacted_at, self.app.ctx.now()) or "not yet"),
            ("Last touched", touched),
        ]
        for label, value in rows:
            if value not in (None, ""):
                table.add_row(label, value if isinstance(value, Text) else Text(str(value)))
        bant = Table.grid(padding=(0, 2))
        bant.add_column(style="bold")
        bant.add_column()
        for part in BANT_PARTS:
            bant.add_row(f"BANT {part}", _yes_no(getattr(lead, f"bant_{part}")))
        interest = Text.assemble(("Interest  ", "bold"), lead.interest or "—")
        return Group(table, Text(""), bant, Text(""), interest)

    def _qualified(self, d: LeadDetail) -> Text:
        text = Text(QUALIFICATIONS.get(d.lead.qualification, d.lead.qualification))
        suggested = d.suggested_qualification
        if suggested and not d.lead.archived and d.lead.stage not in CLOSED_STAGES:
            text.append(f"  suggested: {QUALIFICATIONS[suggested]} — press q to confirm", style="bold green")
        return text

    def _score(self, d: LeadDetail):
        result = d.score
        text = Text(f"\nScore {result.score} = fit {result.fit} + engagement {result.engagement}\n", style="bold")
        for line in result.lines:
            when = f"  {local_short(line.at, self.app.ctx.now())}" if line.at else ""
            text.append(f"  {line.points:+4d}  {line.reason}{when}\n",
                        style="green" if line.points > 0 else "red" if line.points < 0 else "")
        text.append_text(_priority(d.priority))
        return text

    def _follow_ups(self, d: LeadDetail):
        now = self.app.ctx.now()
        text = Text("Follow-ups", style="bold underline")
        text.append("  (F manage)\n", style="dim")
        open_items = d.open_follow_ups
        if not open_items:
            text.append("  none scheduled — press f\n", style="dim")
        for item in open_items:
            style = "bold red" if item.due_at < now else ""
            text.append(f"  {local_short(item.due_at, now)}  {item.what}\n", style=style)
        closed = [f for f in d.follow_ups if f.done_at is not None]
        for item in closed[:10]:  # done and cancelled ones stay visible
            mark = "✗ cancelled" if item.cancelled_at else "✓ done"
            text.append(f"  {local_short(item.due_at, now)}  {item.what}  {mark}\n",
                        style="dim strike" if item.cancelled_at else "dim")
        return text

    def _timeline(self, d: LeadDetail):
        heading = Text("\nTimeline", style="bold underline")
        if not d.activities:
            return Group(heading, Text("  nothing logged yet — press l", style="dim"), Text(""))
        # A note longer than the line wraps in its own column, not back under the dates.
        table = Table.grid(padding=(0, 2))
        table.add_column(style="dim", no_wrap=True)
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        now = self.app.ctx.now()
        for act in d.activities:
            kind = ACTIVITY_KINDS.get(act.kind, act.kind)
            body = f"{act.body}  (by {act.author})" if act.author else act.body
            table.add_row(f"  {local_short(act.at, now)}", Text(kind), Text(body))
        older = Text("  … older ones: press m", style="dim") if d.more_activities else Text("")
        return Group(heading, table, older)

    def _history(self, d: LeadDetail):
        text = Text("\nHistory\n", style="bold underline")
        for change in d.changes:
            old = stage_label(change.from_value) if change.field == "stage" else change.from_value
            new = stage_label(change.to_value) if change.field == "stage" else change.to_value
            arrow = f"{old} → {new}" if old else new
            by = f"  (by {change.author})" if change.author else ""
            text.append(f"  {local_short(change.at, self.app.ctx.now()):<17}{change.field}: {arrow}{by}\n")
        if d.more_changes:
            text.append("  … older ones: press m\n", style="dim")
        return text

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_log(self) -> None:
        self.log_for(self.lead_id, self.detail.lead.name)

    def action_follow_up(self) -> None:
        self.follow_up_for(self.lead_id, self.detail.lead.name)

    def action_manage_follow_ups(self) -> None:
        self.app.push_screen(FollowUpsDialog(self.lead_id, self.detail.lead.name))

    def action_complete(self) -> None:
        open_items = self.detail.open_follow_ups
        if not open_items:
            self.notify("No open follow-up", severity="warning")
            return
        if attempt(self, leads.complete_follow_up, self.app.ctx, open_items[0].id)[0]:
            self.notify(f"Completed the follow-up of {local_short(open_items[0].due_at, self.app.ctx.now())}")
            self.app.data_changed()

    def action_edit(self) -> None:
        def done(saved) -> None:
            if saved:
                self.notify("Saved")
                self.app.data_changed()

        self.app.push_screen(EditLeadDialog(self.detail), done)

    def _choose(self, title: str, choices, current, apply, letters: dict[str, str] | None = None) -> None:
        def done(choice) -> None:
            if choice is not None and attempt(self, apply, self.app.ctx, choice)[0]:
                self.app.data_changed()

        self.app.push_screen(ChoiceDialog(title, choices, current, letters), done)

    def action_stage(self) -> None:
        self._choose("Move to stage", list(STAGES.items()), self.detail.lead.stage,
                     lambda ctx, stage: leads.change_stage(ctx, self.lead_id, stage), CLOSING_LETTERS)

    def action_pin(self) -> None:
        choices = [("hot", "Hot"), ("warm", "Warm"), ("cold", "Cold"), ("auto", "Unpin (follow the score)")]
        current = self.detail.lead.temperature  # Enter pins what it is now; Unpin is one ↓ away
        self._choose("Temperature", choices, current,
                     lambda ctx, t: leads.pin_temperature(ctx, self.lead_id, None if t == "auto" else t))

    def action_qualify(self) -> None:
        choices = [("none", "Not qualified"), ("mql", "MQL — marketing qualified"), ("sql", "SQL — sales qualified")]
        current = self.detail.suggested_qualification or self.detail.lead.qualification
        self._choose("Qualification", choices, current, self._qualify)

    def _qualify(self, ctx, value: str):
        """SQL is the hand-off to sales: an owner (the team's rule, or asked), their first contact."""
        if value != "sql":
            return leads.set_qualification(ctx, self.lead_id, value)
        members = [m for m in ctx.config.team_members if m != self.detail.lead.owner]
        if ctx.config.team_rule or not members:
            return self._handed(handoff.hand_off(ctx, self.lead_id))

        def picked(owner: str | None) -> None:
            if owner is not None:
                done, result = attempt(self, handoff.hand_off, ctx, self.lead_id, None if owner == KEEP else owner)
                if done:
                    self._handed(result)
                    self.app.data_changed()

        keep = [(KEEP, f"keep {self.detail.lead.owner or 'no owner'}")]
        self.app.push_screen(ChoiceDialog("Hand to sales: who?", [(m, m) for m in members] + keep), picked)
        return None

    def _handed(self, result) -> object:
        self.notify(f"Handed to {result.owner or 'nobody'}: first contact by "
                    f"{local_short(result.follow_up.due_at, self.app.ctx.now())}")
        return result

    def action_outreach(self) -> None:
        loaded, items = attempt(self, templates.list_templates)
        if not loaded:
            return
        if not items:
            self.notify("No templates yet: press 5 to write one", severity="warning")
            return

        def picked(choice) -> None:
            if choice is None:
                return
            rendered, text = attempt(self, templates.render_template, self.app.ctx, int(choice), self.lead_id)
            if rendered:
                self.app.push_screen(OutreachDialog(self.lead_id, int(choice), text))

        self.app.push_screen(ChoiceDialog("Outreach template", [(str(t.id), f"{t.name} ({t.channel})") for t in items]),
                             picked)

    def action_delete_lead(self) -> None:
        lead = self.detail.lead
        activities, follow_ups = len(self.detail.activities), len(self.detail.follow_ups)
        question = (f"Delete {lead.name} with {activities} {'activity' if activities == 1 else 'activities'} "
                    f"and {follow_ups} follow-up{'' if follow_ups == 1 else 's'}? (u undoes it)")

        def done(yes) -> None:
            if yes and attempt(self, leads.delete_lead, self.lead_id, self.app.ctx)[0]:
                # Off the stack first: reloading a page whose lead is gone says "no lead with id".
                self.app.pop_screen()
                self.app.notify(f"Deleted {lead.name} — u brings it back")
                self.app.data_changed()

        self.app.push_screen(ConfirmDialog(question), done)

    def action_archive(self) -> None:
        archived = self.detail.lead.archived
        question = f"{'Restore' if archived else 'Archive'} {self.detail.lead.name}?"

        def done(yes) -> None:
            if yes and attempt(self, leads.set_archived, self.app.ctx, self.lead_id, not archived)[0]:
                self.notify("Restored" if archived else "Archived")
                self.app.data_changed()

        self.app.push_screen(ConfirmDialog(question), done)


KEEP = "=keep"  # the hand-off's choice to keep the lead's owner (no owner name starts with =)


def _priority(priority) -> Text:
    """Where the lead stands on Today and why, part by part (the row's reason is the top of it)."""
    if priority is None:
        return Text("\nNot on Today: no follow-up due, not stale, not new inbound\n", style="dim")
    text = Text(f"\nPriority on Today {priority.total:.0f} ({SECTION_NAMES[priority.section]}): "
                f"{priority.reason_line()}\n", style="bold")
    for part in priority.parts:
        text.append(f"  {part.points:+4.0f}  {part.detail}\n",
                    style="green" if part.points > 0 else "red" if part.points < 0 else "")
    return text
