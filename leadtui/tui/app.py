"""The Textual app: a thin shell that composes the screens and runs the staleness timer.

Built through `build_app(db_path, ctx)` so tests pass a temporary database and
a fake clock. textual is imported here only; the CLI imports this module only
when it opens the TUI.
"""

from __future__ import annotations

import asyncio
import difflib
import importlib
import pkgutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import AwaitMount

import leadtui.screens
from leadtui.context import Context
from leadtui.db.clean import printable
from leadtui.db.connection import data_version, database
from leadtui.db.url import DatabaseUrl
from leadtui.errors import ConfigError
from leadtui.screens.guard import attempt
from leadtui.screens.textual_internals import (
    all_screens,
    mark_styled,
    take_down_notifications,
    write_to_terminal,
)
from leadtui.tui import collector

if TYPE_CHECKING:
    from textual.worker import Worker

    from leadtui.tui.timers import TickResult

# The worker group of each start screen's first read (the list's page, Today's agenda).
FIRST_READS = {"leads": "lead-list", "today": "today"}


def _styled(make_screen):
    """A mode's screen, marked as styled with the stylesheet as it is now.

    Textual re-parses every stylesheet (each widget's and app.tcss) when a mode's screen is
    made, and again when it first shows, in case the styles changed while it was away. A
    screen made once the app runs is styled by the rules in force, so both passes are
    skipped; a later change of theme still restyles it as any other. Not for the screen the
    app opens on (made while no screen is shown yet): it is made while the app's theme is
    still being applied.
    """

    def make():
        screen = make_screen()
        if screen.app.screen_stack:  # another screen shows: the app runs, its styles are set
            mark_styled(screen, screen.app)
        return screen

    return make


class LeadApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "leadtui"
    COMMANDS = App.COMMANDS | {lambda: _lead_commands()}
    # Each screen is imported when first opened: start-up loads the one it opens on only.
    MODES = {"today": _styled(lambda: _today_screen()), "leads": _styled(lambda: _leads_screen()),
             "profile": _styled(lambda: _profile_screen()), "rules": _styled(lambda: _rules_screen()),
             "templates": _styled(lambda: _templates_screen()),
             "reports": _styled(lambda: _reports_screen()), "board": _styled(lambda: _board_screen())}
    DEFAULT_MODE = "today"
    # config.START_SCREENS (as the tabs are called) -> the mode showing it.
    START_MODES = {"today": "today", "leads": "leads", "pipeline": "board", "reports": "reports",
                   "profile": "profile", "rules": "rules", "templates": "templates"}
    # Screens (dialogs too) get -narrow/-normal/-wide and -short/-tall classes: the stylesheet
    # compacts dialogs on short terminals and stacks the lead's columns on narrow ones.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-normal"), (160, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    BINDINGS = [
        # The footer shows few keys with short names, so it fits 80 columns; `?` lists them all.
        Binding("a", "quick_add", "Add", tooltip="Add lead", id="app.quick_add"),
        Binding("1", "show_today", "Today", id="app.today", show=False),
        Binding("2", "show_leads", "Leads", id="app.leads", show=False),
        Binding("3", "switch_mode('profile')", "Profile", id="app.profile", show=False),
        Binding("4", "switch_mode('rules')", "Rules", id="app.rules", show=False),
        Binding("5", "switch_mode('templates')", "Templates", id="app.templates", show=False),
        Binding("I", "import_file", "Import", tooltip="Import leads from a file", id="app.import",
                show=False),
        Binding("D", "duplicates", "Duplicates", tooltip="Leads that look like one person",
                id="app.duplicates", show=False),
        Binding("6", "switch_mode('reports')", "Reports", id="app.reports", show=False),
        Binding("7", "switch_mode('board')", "Pipeline", tooltip="Pipeline board", id="app.board", show=False),
        Binding("u,ctrl+z", "undo", "Undo", tooltip="Undo the last change", id="app.undo"),
        Binding("ctrl+y", "redo", "Redo", tooltip="Redo the change undone last", id="app.redo", show=False),
        Binding("question_mark", "help", "Keys", tooltip="Keys (this list)", id="app.help"),
        # Priority: quits from dialogs and the key help too (a modal screen hides the app's keys).
        Binding("ctrl+q", "quit", "Quit", id="app.quit", show=False, priority=True),
    ]

    EXTRA_ACTIONS = (
        ("Profile", "The ideal customer profile leads are ticked against", "switch_mode('profile')"),
        ("Scoring rules", "Points per activity and the silence penalty", "switch_mode('rules')"),
        ("Templates", "Outreach e-mail templates and call scripts", "switch_mode('templates')"),
        ("Reports", "Funnel, sources, response time, weekly/monthly, planner, workload",
         "switch_mode('reports')"),
        ("Pipeline board", "A column per stage with counts and deal value; ] and [ move a lead",
         "switch_mode('board')"),
        ("Rescore all leads", "Recompute every score in the background", "rescore"),
        ("Sync conflicts", "Fields this laptop and the team's server both changed: keep one", "sync_conflicts"),
        ("Import leads", "From CSV (CRM exports, spreadsheets), vCard or leadtui JSON", "import_file"),
        ("Duplicates", "Leads with the same e-mail or phone, or a similar name; merge them",
         "duplicates"),
        ("Ingest mail and calendars", "Log mail and meetings from an mbox, Maildir, .eml or .ics path",
         "ingest"),
        ("Export leads", "As CSV, JSON (a complete copy), vCard or calendar, to a file", "export"),
        ("Back up the database", "A safe copy into the backup folder now (restore takes it back)",
         "backup"),
    )
    EXPORT_FORMATS = (("csv", "CSV: spreadsheets and CRMs", "csv"),
                      ("json", "JSON: a complete copy leadtui imports again", "json"),
                      ("vcard", "vCard 3.0: address books and phones", "vcf"),
                      ("ics", "Calendar: the open follow-ups as events", "ics"))

    class ScoresCaughtUp(Message):
        """The start-up check rescored leads whose score moment had passed."""

    class MailIngested(Message):
        """Watched folders or a path given in the palette were read: what was logged."""

        def __init__(self, report) -> None:
            super().__init__()
            self.report = report

    class RescoreProgress(Message):
        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done, self.total = done, total

    def __init__(self, db_path: Path | str | DatabaseUrl, ctx: Context, start_screen: str | None = None) -> None:
        # Textual makes the screen of DEFAULT_MODE when the app starts, and no other: read here,
        # before App.__init__ sets the first mode up. The rest are made when first opened.
        self.DEFAULT_MODE = self.START_MODES[start_screen or ctx.config.start_screen]
        self._checks_wait = self.DEFAULT_MODE in FIRST_READS
        super().__init__()
        self.db_path = db_path if isinstance(db_path, DatabaseUrl) else Path(db_path)
        self.ctx = ctx
        self.last_tick: datetime = ctx.now()
        self.last_version: int | None = None
        self._mail_watch = None  # leadtui.capture.watch.MailWatch, made on the first tick
        self._mail_reading = False
        # A laptop copy of a team database syncs on the timer (leadtui.sync); None: not known
        # yet, False: this file syncs with no server.
        self._sync_next: datetime | None = None
        self._sync_running = False
        self._sync_off = False
        self._sync_status = None  # leadtui.sync.status.SyncStatus, for the subtitle
        self.sub_title = str(self.db_path)
        self.start_notice = ""  # shown once the first screen is up (the demo says where it lives)
        if ctx.config.keymap:  # [keys] in config.toml, checked by check_keymap at start-up
            self.set_keymap(ctx.config.keymap)

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = True) -> None:
        """Every notification is plain text: the messages carry lead names, notes and file
        contents, which markup would restyle, hide, turn into actions or fail to parse, and
        whose control characters would reach the terminal."""
        super().notify(printable(message), title=printable(title), severity=severity, timeout=timeout,
                       markup=False)

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        self.last_version = attempt(self, data_version)[1]  # None: the first tick takes it
        self.set_interval(self.ctx.config.tick_seconds, self.tick, name="staleness")
        self.set_timer(collector.SETTLE_AFTER, collector.settle, name="settle-collector")
        if self.DEFAULT_MODE not in FIRST_READS:  # else the first read lets it go, once (it may
            self._catch_up_scores()  # end before this mount on a busy machine)
        if self.start_notice:
            self.notify(self.start_notice, title="Demo", timeout=20)

    def first_read_ended(self, worker: Worker) -> None:
        """A screen's worker ended; the first screen's first read lets the start-up check go.

        It waits for that read and its paint: its queries and imports would hold them up
        (one interpreter lock for both threads).
        """
        if self._checks_wait and worker.group == FIRST_READS[self.DEFAULT_MODE] and worker.is_finished:
            self._checks_wait = False
            # After the refresh that shows what was read, and the idle turn after it.
            self.call_after_refresh(lambda: self.call_after_refresh(self._catch_up_scores))

    @work(thread=True, exclusive=True, group="score-moments")
    def _catch_up_scores(self) -> int:
        """At start, off the screen's thread: finish a rescore that was interrupted (Ctrl-C, a
        kill), else the scores that changed with time while nobody looked (many after an
        upgrade). A database that cannot be read is a notification; the app stays open."""
        from leadtui.record.progress import pending
        from leadtui.scoring.rescore import rescore_due

        try:
            read, interrupted = attempt(self, pending)
            if not read:
                return 0
            if interrupted is not None:
                return self._rescore_all()  # here: the start-up's own worker does it all
            done = attempt(self, rescore_due, self.ctx)[1] or 0  # one indexed query when none is due
        finally:
            database.close()  # this thread's own connection
        if done:
            self.post_message(self.ScoresCaughtUp())  # never waits: the app may be closing meanwhile
        return done

    def on_lead_app_scores_caught_up(self, message: ScoresCaughtUp) -> None:
        self.refresh_screens()

    # -- the background timer --------------------------------------------------
    def tick(self) -> TickResult | None:
        """Cheap change check plus indexed queries; refreshes screens when anything moved.

        A database that cannot be read right now (busy, damaged) is reported, and the next
        tick tries again: the app never exits on it.
        """
        from leadtui.tui.timers import check_for_changes

        checked, result = attempt(self, check_for_changes, self.last_tick, self.ctx.now(),
                                  self.last_version, self.ctx)
        if not checked:
            return None
        self.last_tick, self.last_version = result.now, result.version
        if result.went_stale:
            n = result.went_stale
            self.notify(f"{n} lead{'s' if n != 1 else ''} went stale", title="Staleness", severity="warning")
        if result.became_due:
            n = result.became_due
            self.notify(f"{n} follow-up{'s' if n != 1 else ''} now due", title="Follow-ups")
        if result.hot_went_stale or result.became_due:
            self.alert(_alert_text(result))
        if result.anything:
            self.refresh_screens()
        if self.ctx.config.mail_watch and not self._mail_reading:
            self._mail_reading = True
            self._read_watched_mail()
        self._sync_when_due(result.now)
        return result

    # -- the laptop's sync ------------------------------------------------------
    class SyncDone(Message):
        """A background sync ended (or found the server away): what came in, and the status."""

        def __init__(self, outcome) -> None:
            super().__init__()
            self.outcome = outcome

    def _sync_when_due(self, now: datetime) -> None:
        if self._sync_status is not None:
            self.sub_title = f"{self.db_path} · {self._sync_status.title(now)}"
        if self._sync_off or self._sync_running or isinstance(self.db_path, DatabaseUrl):
            return
        if self._sync_next is not None and now < self._sync_next:
            return
        self._sync_running = True
        self._sync_in_background()

    @work(thread=True, exclusive=True, group="sync")
    def _sync_in_background(self) -> None:
        """Off the screen's thread: a sync when the server answers, else the offline status."""
        from leadtui.sync.run import background_sync  # only for a laptop copy, after the paint

        try:
            done, outcome = attempt(self, background_sync, self.ctx)
        finally:
            database.close()  # this thread's own connection
        self.post_message(self.SyncDone(outcome if done else False))

    def on_lead_app_sync_done(self, message: SyncDone) -> None:
        from leadtui.sync.run import BACKGROUND_EVERY_SECONDS

        self._sync_running = False
        outcome, now = message.outcome, self.ctx.now()
        if outcome is None:
            self._sync_off = True  # this file syncs with no server
            return
        if outcome is False:  # a failure already shown: try again later
            self._sync_next = now + timedelta(seconds=BACKGROUND_EVERY_SECONDS)
            return
        self._sync_status = outcome.status
        offline = outcome.status.offline_since is not None
        self._sync_next = now if offline else now + timedelta(seconds=BACKGROUND_EVERY_SECONDS)
        self.sub_title = f"{self.db_path} · {outcome.status.title(now)}"
        if outcome.received:
            said = ", ".join(f"{n} {what}" for what, n in outcome.received.items())
            self.notify(f"received {said}", title="Sync")
            self.refresh_screens()
        if outcome.new_conflicts:
            self.notify(f"{outcome.new_conflicts} field(s) changed on both sides: the server's value "
                        "stands, yours is kept (leadtui sync --conflicts)", title="Sync", severity="warning")

    @work(thread=True, group="mail")
    def _read_watched_mail(self) -> None:
        """[mail] watch: what arrived since the last tick, off the screen's thread."""
        from leadtui.capture.watch import MailWatch, watch_once  # only with folders to watch

        try:
            if self._mail_watch is None:
                self._mail_watch = MailWatch(self.ctx.config.mail_watch)
            read, report = attempt(self, watch_once, self.ctx, self._mail_watch)
        finally:
            self._mail_reading = False
            database.close()  # this thread's own connection
        if read and report is not None and (report.entries or report.warnings):
            self.post_message(self.MailIngested(report))

    def action_ingest(self) -> None:
        from leadtui.screens.dialogs import TextDialog

        def chosen(path: str | None) -> None:
            if path:
                self._ingest_path(path)

        self.push_screen(TextDialog("Ingest mail or calendar", "~/Mail/INBOX, invitation.eml, calendar.ics"),
                         chosen)

    @work(thread=True, group="mail")
    def _ingest_path(self, path: str) -> None:
        from leadtui.capture.ingest import ingest

        try:
            read, report = attempt(self, ingest, self.ctx, [path])
        finally:
            database.close()
        if read:
            self.post_message(self.MailIngested(report))

    def on_lead_app_mail_ingested(self, message: MailIngested) -> None:
        report = message.report
        leads_named = len({e.lead_id for e in report.entries})
        for warning in report.warnings[:3]:
            self.notify(warning, title="Mail", severity="warning")
        if report.entries or not report.warnings:
            self.notify(f"{len(report.entries)} logged for {leads_named} lead{'s' if leads_named != 1 else ''}"
                        f" from {report.messages} message{'s' if report.messages != 1 else ''}", title="Mail")
        if report.entries:
            self.refresh_screens()

    def alert(self, text: str) -> None:
        """Reach a user who is in another window: the bell, and a desktop notification through
        OSC 9 (iTerm2, WezTerm, kitty, Windows Terminal) and OSC 777 (foot, Konsole, VTE),
        each as `[notify]` in config.toml allows."""
        config = self.ctx.config
        if config.notify_bell:
            self.bell()
        if config.notify_osc:
            message = printable(text).replace("\x07", "").replace("\x1b", "").replace(";", ",")
            write_to_terminal(self, f"\x1b]9;{message}\x07\x1b]777;notify;leadtui;{message}\x07")

    def data_changed(self) -> None:
        """Called after this app wrote data: redraw now, not on the next tick.

        (Our own writes leave PRAGMA data_version alone; only other connections move it.)
        """
        self.refresh_screens()

    def refresh_screens(self) -> None:
        for screen in self.screen_stack:
            reload = getattr(screen, "reload", None)
            if reload is not None and screen.is_mounted:
                reload()

    # -- actions available everywhere -----------------------------------------
    def action_quick_add(self) -> None:
        def added(result: tuple[int, bool] | None) -> None:
            if result is not None:
                lead_id, open_it = result
                self.data_changed()
                if open_it:
                    self.open_lead(lead_id)
                else:
                    self.notify(f"Added lead #{lead_id} (Ctrl+O in quick add saves and opens it)")

        from leadtui.screens.quick_add import QuickAddDialog

        self.push_screen(QuickAddDialog(), added)

    def action_import_file(self) -> None:
        from leadtui.screens.interop import ImportScreen

        self.push_screen(ImportScreen())

    def action_sync_conflicts(self) -> None:
        from leadtui.screens.sync import ConflictsScreen

        self.push_screen(ConflictsScreen())

    def action_duplicates(self) -> None:
        from leadtui.screens.interop import DuplicatesScreen

        self.push_screen(DuplicatesScreen())

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("undo", "redo"):  # not behind an open dialog: it would change what the dialog shows
            return not isinstance(self.screen, ModalScreen)
        return True

    def action_undo(self) -> None:
        from leadtui.record import undo

        self._undo_or_redo(undo.undo_last, undo.NothingToUndo, "Undone", "Undo", "Nothing to undo")

    def action_redo(self) -> None:
        from leadtui.record import undo

        self._undo_or_redo(undo.redo_last, undo.NothingToRedo, "Redone", "Redo", "Nothing to redo")

    def _undo_or_redo(self, step, nothing: type, done: str, title: str, empty: str) -> None:
        ran, result = attempt(self, _step_or_none, step, nothing, self.ctx)
        if not ran:
            return
        if result is None:
            self.notify(empty, severity="warning")
            return
        self.notify(f"{done}: {result.label}", title=title)
        self.data_changed()
        if result.needs_rescore:  # the rules or the profile came back: every score follows them
            self.rescore_in_background()

    def push_screen(self, screen, *args, **kwargs):
        self._take_down_start_notice()
        return super().push_screen(screen, *args, **kwargs)

    def _take_down_start_notice(self) -> None:
        """The demo's notice says where its database is until the user opens something: at
        80x24 it would cover the key help or a dialog pressed right away."""
        if self.start_notice:
            self.start_notice = ""
            take_down_notifications(self, "Demo")

    def switch_mode(self, mode: str):
        """A screen holding unsaved edits (the profile) is asked first: save, discard or stay."""
        self._take_down_start_notice()
        before_leaving = getattr(self.screen, "before_leaving", None)
        if mode != self.current_mode and before_leaving is not None:
            if before_leaving(lambda: super(LeadApp, self).switch_mode(mode)):
                return AwaitMount(self.screen, [])
        return super().switch_mode(mode)

    async def action_quit(self) -> None:
        """Unsaved profile edits (on any screen) and text typed in a dialog are asked about
        before quitting; Ctrl+Q again while asked quits."""
        if getattr(self.screen, "asked_before_quitting", False):
            self.exit()
            return
        for screen in all_screens(self):
            ask = getattr(screen, "before_quitting", None) or getattr(screen, "before_leaving", None)
            if ask is not None and ask(self.exit):
                return
        self.exit()

    def action_show_today(self) -> None:
        self.switch_mode("today")

    def action_show_leads(self) -> None:
        self.switch_mode("leads")

    def action_help(self) -> None:
        from leadtui.screens.help import HelpDialog, bindings_of

        screen = self.screen
        self.push_screen(HelpDialog(screen.title or self.title, bindings_of(screen)))

    def get_system_commands(self, screen):
        """Textual's own palette entries but its "Keys": the palette's "Keys" lists leadtui's keys."""
        for command in super().get_system_commands(screen):
            if command.title != "Keys":
                yield command

    def action_export(self) -> None:
        """Pick a format, then a file: every lead that is not archived, as `leadtui export`."""
        from leadtui.screens.dialogs import ChoiceDialog, TextDialog

        def format_chosen(fmt: str | None) -> None:
            if fmt is None:
                return
            suffix = next(ext for key, _label, ext in self.EXPORT_FORMATS if key == fmt)
            default = f"~/leads-{self.ctx.now():%Y-%m-%d}.{suffix}"

            def file_chosen(path: str | None) -> None:
                if path:
                    self._export(fmt, path)

            self.push_screen(TextDialog("Export to the file", default, value=default), file_chosen)

        self.push_screen(ChoiceDialog("Export leads as", [(key, label) for key, label, _ in self.EXPORT_FORMATS]),
                         format_chosen)

    @work(thread=True, group="export")
    def _export(self, fmt: str, path: str) -> None:
        from leadtui.interop.export import export_to_file

        try:
            done, result = attempt(self, export_to_file, self.ctx, fmt, path)
        finally:
            database.close()  # this thread's own connection
        if done:
            out, written = result
            what = f"{out.events} follow-ups of {out.leads} leads" if out.format == "ics" else f"{out.leads} leads"
            self.notify(f"Exported {what} to {written}", title="Export")

    def action_backup(self) -> None:
        if isinstance(self.db_path, DatabaseUrl):
            self.notify("A PostgreSQL database is backed up on the server (pg_dump)", severity="warning")
            return
        self._backup()

    @work(thread=True, group="backup")
    def _backup(self) -> None:
        from leadtui.safety.backup import backup_now

        try:
            done, made = attempt(self, backup_now, self.db_path, self.ctx.config, self.ctx.now())
        finally:
            database.close()
        if done:
            self.notify(f"Backed up to {made.path}", title="Backup")

    def action_rescore(self) -> None:
        self.rescore_in_background()

    def rescore_in_background(self) -> None:
        """Rules or the profile changed: rescore every lead in a thread, reporting progress."""
        self._rescore()

    @work(thread=True, exclusive=True, group="rescore")
    def _rescore(self) -> int:
        try:
            return self._rescore_all()
        finally:
            database.close()  # this thread's own connection

    def _rescore_all(self) -> int:
        """In a worker: every lead a pending rescore has not reached (all when none is pending),
        its progress posted as RescoreProgress; a database failure is a notification. Nothing
        here waits for the app's thread, so an app closing meanwhile never holds the process."""
        from leadtui.scoring.rescore import rescore_all

        return attempt(self, rescore_all, self.ctx,
                       lambda done, total: self.post_message(self.RescoreProgress(done, total)))[1] or 0

    def on_lead_app_rescore_progress(self, message: RescoreProgress) -> None:
        for screen in self.screen_stack:
            for widget in screen.query("#rescore-progress"):
                widget.update(f"Rescoring… {message.done:,}/{message.total:,}" if message.done < message.total
                              else f"Rescored {message.total:,} leads")
        if message.done >= message.total:
            self.notify(f"Rescored {message.total:,} leads")
            self.refresh_screens()

    def show_view(self, query: str, name: str = "") -> None:
        """Open the lead list filtered by a saved view's query (its name in the title)."""
        self.switch_mode("leads")
        self.call_after_refresh(lambda: self.screen.apply_query(query, name))

    def open_lead(self, lead_id: int) -> None:
        from leadtui.screens.detail import LeadDetailScreen

        self.push_screen(LeadDetailScreen(lead_id))


def _alert_text(result) -> str:
    """"leadtui: 1 hot lead went stale, 2 follow-ups now due"."""
    parts = []
    if result.hot_went_stale:
        n = result.hot_went_stale
        parts.append(f"{n} hot lead{'s' if n != 1 else ''} went stale")
    if result.became_due:
        n = result.became_due
        parts.append(f"{n} follow-up{'s' if n != 1 else ''} now due")
    return "leadtui: " + ", ".join(parts)


def _lead_commands():
    from leadtui.screens.palette import LeadCommands

    return LeadCommands


def _today_screen():
    from leadtui.screens.today import TodayScreen

    return TodayScreen()


def _leads_screen():
    from leadtui.screens.leads import LeadsScreen

    return LeadsScreen()


def _profile_screen():
    from leadtui.screens.profile import ProfileScreen

    return ProfileScreen()


def _rules_screen():
    from leadtui.screens.rules import RulesScreen

    return RulesScreen()


def _templates_screen():
    from leadtui.screens.templates import TemplatesScreen

    return TemplatesScreen()


def _board_screen():
    from leadtui.screens.board import BoardScreen

    return BoardScreen()


def _reports_screen():
    from leadtui.screens.reports import ReportsScreen

    return ReportsScreen()


def _step_or_none(step, nothing: type, ctx: Context):
    """The step undone or redone, or None when there is none (a warning, not an error)."""
    try:
        return step(ctx)
    except nothing:
        return None


def build_app(db_path: Path | str | DatabaseUrl, ctx: Context, start_screen: str | None = None) -> LeadApp:
    """The app on `db_path`, opening on `start_screen` (config.START_SCREENS; default: the config's)."""
    return LeadApp(db_path, ctx, start_screen)


def binding_ids() -> set[str]:
    """Every binding id of the app and its screens and widgets: what [keys] may remap."""
    for info in pkgutil.walk_packages(leadtui.screens.__path__, "leadtui.screens."):
        importlib.import_module(info.name)
    ids: set[str] = set()
    classes = [LeadApp, *DOMNode.__subclasses__()]
    while classes:
        cls = classes.pop()
        classes.extend(cls.__subclasses__())
        if cls.__module__.startswith("leadtui."):
            ids.update(b.id for b in cls.__dict__.get("BINDINGS", ()) if isinstance(b, Binding) and b.id)
    return ids


def check_keymap(keymap: dict[str, str]) -> None:
    """An unknown binding id in [keys] is a config error naming it, with the closest id."""
    if not keymap:
        return
    known = binding_ids()
    for binding_id in sorted(set(keymap) - known):
        close = difflib.get_close_matches(binding_id, sorted(known), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else " (see the README for the binding ids)"
        raise ConfigError(f"unknown key 'keys.{binding_id}': no binding has that id{hint}")


_running: list[tuple[App, asyncio.AbstractEventLoop]] = []  # what run_tui runs, for ask_to_exit


def run_tui(db_path: Path | str | DatabaseUrl, ctx: Context, notice: str = "") -> int:
    """Run the TUI until it quits; `notice` (the demo's "where and how") shows when it is up."""
    check_keymap(ctx.config.keymap)
    app = build_app(db_path, ctx)
    app.start_notice = notice
    asyncio.run(_serve(app))
    return app.return_code or 0  # 1 after a crash: a script must not read it as a clean exit


async def _serve(app: App) -> None:
    """Run the app (as App.run does) on a loop a signal handler can reach."""
    running = (app, asyncio.get_running_loop())
    _running.append(running)
    try:
        await app.run_async()
    finally:
        _running.remove(running)


def ask_to_exit() -> bool:
    """From a signal handler: the running app ends as after Ctrl+Q (its loop closes the terminal
    mode and its workers); False when no app's loop runs, so the caller must stop things itself."""
    if not _running or _running[-1][1].is_closed():
        return False
    app, loop = _running[-1]
    loop.call_soon_threadsafe(_exit_once_shown, app, loop)
    return True


def _exit_once_shown(app: App, loop) -> None:
    """Ending an app whose first screen is still mounting spills Textual's MountError on the
    terminal, so the exit waits for that screen (checked every 50 ms on the app's own loop)."""
    try:
        shown = app.is_running and app.screen.is_mounted
    except Exception:  # no screen pushed yet
        shown = False
    if shown:
        app.call_later(app.exit)  # after the messages already queued (the mounts)
    elif not loop.is_closed():
        loop.call_later(0.05, _exit_once_shown, app, loop)
