"""Focus mode: Today one lead at a time, highest priority first; one key per action, then the next."""

from __future__ import annotations

from datetime import timedelta

from rich.console import Group
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from leadtui.finding.background import BackgroundRead, Interrupted
from leadtui.finding.priority import SECTION_NAMES
from leadtui.kit.fmt import ago, local_short
from leadtui.kit.money import format_money
from leadtui.kit.vocab import ACTIVITY_KINDS, CLOSING_LETTERS, STAGES, stage_label
from leadtui.leads import focus, followups, templates
from leadtui.leads import writes as leads
from leadtui.screens.base import DataScreen
from leadtui.screens.dialogs import ChoiceDialog, LogActivityDialog, LogResult
from leadtui.screens.guard import attempt, attempt_read
from leadtui.screens.templates import OutreachDialog
from leadtui.screens.widgets.cells import temperature_cell
from leadtui.screens.widgets.footer import KeysFooter
from leadtui.screens.widgets.packed import Packed
from leadtui.screens.widgets.title_bar import TitleBar

LAST_TOUCHES = 3


class FocusScreen(DataScreen):
    BINDINGS = [
        Binding("c", "log('call')", "Call", tooltip="Log a call and the next follow-up", id="focus.call"),
        Binding("e", "log('email')", "E-mail", tooltip="Log an e-mail and the next follow-up", id="focus.email"),
        Binding("m", "log('meeting')", "Meeting", tooltip="Log a meeting and the next follow-up",
                id="focus.meeting"),
        Binding("z", "snooze", "Snooze", tooltip="Snooze +1 day", id="focus.snooze"),
        Binding("d", "done", "Done", tooltip="Follow-up done", id="focus.done"),
        Binding("x", "disqualify", "Disqualify", tooltip="Disqualify the lead (u undoes)", id="focus.disqualify",
                show=False),
        Binding("g", "stage", "Stage", tooltip="Move to a stage: its digit, or w won, l lost, x disqualified",
                id="focus.stage", show=False),
        Binding("o", "template", "Template", tooltip="Fill in an outreach template", id="focus.template",
                show=False),
        Binding("n", "skip", "Next", tooltip="Leave this one for now: the next lead", id="focus.next", show=False),
        Binding("enter", "open", "Open", tooltip="The lead's whole page", id="focus.open", show=False),
        Binding("escape", "back", "Back", tooltip="Back to Today", id="focus.back", show=False),
    ]

    holds_keys_until_read = True  # keys typed before the first lead is read act on it once it is

    class Loaded(Message):
        def __init__(self, number: int, found: focus.FocusItem | None) -> None:
            super().__init__()
            self.number, self.found = number, found


    def __init__(self, mine: bool | None = None) -> None:
        super().__init__()
        self.mine = mine
        self.handled: set[int] = set()  # leads acted on in this sitting
        self.skipped: set[int] = set()  # leads left for now (n): still on Today, not handled
        self.current: focus.FocusItem | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="focus-body"):
            yield Static("Reading Today…", id="focus-lead")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "Focus"
        self.reload()

    def reload(self) -> None:
        self._fetch(*self.newest_read(), frozenset(self.handled | self.skipped))

    @work(thread=True, exclusive=True, group="focus")
    def _fetch(self, number: int, read: BackgroundRead, passed: frozenset[int]) -> None:
        try:
            loaded, found = attempt_read(self, read, focus.next_up, self.app.ctx, passed, self.mine)
        except Interrupted:
            return
        if loaded:
            self.post_message(self.Loaded(number, found))

    def on_focus_screen_loaded(self, message: Loaded) -> None:
        if message.number == self._requests:
            self._show(message.found)
            self.first_read_in()

    def _show(self, found: focus.FocusItem | None) -> None:
        self.current = found
        done = f"{len(self.handled)} handled" + (f" · {len(self.skipped)} skipped" if self.skipped else "")
        body = self.query_one("#focus-lead", Static)
        if found is None:
            self.sub_title = f"{done} · nothing left"
            body.update(Text("Nothing left on Today. Esc goes back.", style="bold green"))
            return
        self.sub_title = f"{done} · {found.left} left on Today"
        body.update(_card(found, self.app.ctx.now()))

    # -- actions ------------------------------------------------------------------------------
    def _next(self, message: str) -> None:
        """The lead is handled: say so, and bring up the next one."""
        self.handled.add(self.current.item.lead.id)
        self.notify(message)
        self.app.data_changed()  # Today (below) and this screen read again

    def action_log(self, kind: str) -> None:
        found = self.current
        if found is None:
            return
        lead = found.item.lead

        def logged(result: LogResult | None) -> None:
            if result is None:
                return
            ok, _ = attempt(self, leads.record_activity, self.app.ctx, lead.id, result.kind, result.note,
                            next_at=result.next_at, force=result.force, at=result.at,
                            answers=found.item.follow_up_id, next_what=result.next_what)
            if ok:
                when = f"; next {local_short(result.next_at, self.app.ctx.now())}" if result.next_at else ""
                self._next(f"Logged {ACTIVITY_KINDS[result.kind].lower()} for {lead.name}{when}")

        self.app.push_screen(LogActivityDialog(lead.name, kind, next_text=found.next_text), logged)

    def action_snooze(self) -> None:
        found = self.current
        if found is None:
            return
        item = found.item
        if item.follow_up_id:
            ok, follow_up = attempt(self, leads.snooze_follow_up, self.app.ctx, item.follow_up_id, timedelta(days=1))
        else:
            ok, follow_up = attempt(self, followups.snooze_lead, self.app.ctx, item.lead.id, 1)
        if ok:
            self._next(f"{item.lead.name}: next {local_short(follow_up.due_at, self.app.ctx.now())}")

    def action_done(self) -> None:
        found = self.current
        if found is None:
            return
        if not found.item.follow_up_id:
            self.notify("No follow-up to mark done: c, e or m logs a touch", severity="warning")
            return
        if attempt(self, leads.complete_follow_up, self.app.ctx, found.item.follow_up_id)[0]:
            self._next(f"Done: {found.item.lead.name}")

    def action_disqualify(self) -> None:
        found = self.current
        if found is not None and attempt(self, leads.change_stage, self.app.ctx, found.item.lead.id,
                                         "disqualified")[0]:
            self._next(f"Disqualified {found.item.lead.name} (u undoes it)")

    def action_stage(self) -> None:
        found = self.current
        if found is None:
            return
        lead = found.item.lead

        def picked(stage: str | None) -> None:
            if stage is not None and attempt(self, leads.change_stage, self.app.ctx, lead.id, stage)[0]:
                self._next(f"{lead.name}: {stage_label(stage)}")

        self.app.push_screen(ChoiceDialog("Move to stage", list(STAGES.items()), lead.stage, CLOSING_LETTERS), picked)

    def action_template(self) -> None:
        found = self.current
        if found is None:
            return
        if not found.templates:
            self.notify("No templates yet: press 5 to write one", severity="warning")
            return
        lead = found.item.lead

        def used(logged) -> None:
            if logged:
                self._next(f"Logged the template for {lead.name}")

        def picked(choice) -> None:
            if choice is None:
                return
            ok, text = attempt(self, templates.render_template, self.app.ctx, int(choice), lead.id)
            if ok:
                self.app.push_screen(OutreachDialog(lead.id, int(choice), text), used)

        self.app.push_screen(ChoiceDialog("Outreach template", [(str(t.id), f"{t.name} ({t.channel})")
                                                                for t in found.templates]), picked)

    def action_skip(self) -> None:
        if self.current is not None:
            self.skipped.add(self.current.item.lead.id)
            self.reload()

    def action_open(self) -> None:
        if self.current is not None:
            self.app.open_lead(self.current.item.lead.id)

    def action_back(self) -> None:
        self.dismiss()


def _card(found: focus.FocusItem, now) -> Group:
    """Everything needed to act on one lead: who, why now, the follow-up, the last touches."""
    item, detail = found.item, found.detail
    lead = detail.lead
    who = Text(lead.name, style="bold")
    if lead.title or lead.company:
        who.append(" — " + ", ".join(p for p in (lead.title, lead.company) if p))
    contact = Text(" · ".join(p for p in (lead.email, lead.phone) if p) or "no e-mail or phone", style="dim")
    why = Text.assemble((f"{SECTION_NAMES[item.section]}", "bold"),
                        f" · priority {item.priority.total:.0f}: {item.priority.reason_line()}")
    facts = Text.assemble(temperature_cell(lead.temperature), f" · {stage_label(lead.stage)} · score {lead.score}")
    if lead.value_cents is not None:
        facts.append(f" · {format_money(lead.value_cents, lead.value_currency)}")
    lines = [who, contact, Text(""), why, facts, Text("")]
    open_items = detail.open_follow_ups
    follow = Text("Follow-up  ", style="bold")
    if open_items:
        first = open_items[0]
        follow.append(f"{local_short(first.due_at, now)}  {first.what or '(no purpose given)'}")
        if len(open_items) > 1:
            follow.append(f"  (+{len(open_items) - 1} more)", style="dim")
    else:
        follow.append("none", style="dim")
    lines += [follow, Text.assemble(("Interest   ", "bold"), lead.interest or "—"), Text("")]
    lines.append(Text("Last touches", style="bold"))
    for activity in detail.activities[:LAST_TOUCHES]:
        body = activity.body.splitlines()[0] if activity.body else ""
        lines.append(Text(f"  {ago(activity.at, now):>9}  {ACTIVITY_KINDS.get(activity.kind, activity.kind)}"
                          + (f"  {body}" if body else "")))
    if not detail.activities:
        lines.append(Text("  none yet", style="dim"))
    lines.append(Text(""))
    names = [f"{t.name} ({t.channel})" for t in found.templates] or ["none yet (5 writes one)"]
    names[0] = Text.assemble(("Templates  ", "bold"), names[0])
    lines.append(Packed([*names, Text("o opens one", style="dim")]))
    lines.append(Text(""))
    lines.append(Packed(["c call", "e e-mail", f"m meeting (next follow-up proposed: {found.next_text})",
                         "z snooze", "d done", "x disqualify", "g stage", "o template", "n next",
                         "Enter the whole lead", "Esc back"], style="dim"))
    return Group(*lines)
