"""What every main screen shares: data refresh after changes, and the lead actions."""

from __future__ import annotations

from textual import events
from textual.screen import Screen

from leadtui.finding.background import BackgroundRead
from leadtui.kit.fmt import local_short
from leadtui.screens import SCREENS_CSS
from leadtui.screens.guard import attempt

# Keys that act at once even before the first read: going back needs nothing read.
KEYS_NOT_HELD = frozenset({"escape"})


class DataScreen(Screen):
    """A screen showing stored data; `reload()` re-reads it from the services."""

    CSS_PATH = SCREENS_CSS  # Today and the lead list set None: app.tcss has theirs
    _suspended = False
    # The screen's keys act on what its first read brings (the lead page, focus mode): keys
    # typed before it is in wait for it, then act in the order typed (`first_read_in`).
    holds_keys_until_read = False
    _first_read_done = False
    _held_keys: list[tuple[str, str | None]] | None = None

    def on_key(self, event: events.Key) -> None:
        if not self.holds_keys_until_read or self._first_read_done or event.key in KEYS_NOT_HELD:
            return
        event.stop()
        event.prevent_default()
        if self._held_keys is None:
            self._held_keys = []
        self._held_keys.append((event.key, event.character))

    def first_read_in(self) -> None:
        """The first read is shown: the keys typed meanwhile go to the app again, in order."""
        if self._first_read_done:
            return
        self._first_read_done = True
        for key, character in self._held_keys or ():
            # As the terminal sends it (from the app): sent from here, the key would stop at
            # this screen on its way back up and never reach the bindings.
            self.app.post_message(events.Key(key, character).set_sender(self.app))
        self._held_keys = None

    def reload(self) -> None:  # overridden
        pass

    _requests = 0  # the number of the newest read: a result of an older one is not drawn
    _read: BackgroundRead | None = None

    def newest_read(self) -> tuple[int, BackgroundRead]:
        """A new read's number and its handle; the read before it is stopped (the newest wins)."""
        self._requests += 1
        self.stop_read()
        self._read = BackgroundRead()
        return self._requests, self._read

    def stop_read(self) -> None:
        if self._read is not None:
            self._read.interrupt()

    def on_screen_suspend(self) -> None:
        self._suspended = True

    def on_screen_resume(self) -> None:
        # Coming back to the screen re-reads it; the first showing follows on_mount, which
        # has just loaded (Textual may send that first showing more than one resume).
        if self._suspended and self.reload_on_resume():
            self._suspended = False
            self.reload()

    def on_worker_state_changed(self, event) -> None:
        self.app.first_read_ended(event.worker)  # the first one lets the start-up check go

    def reload_on_resume(self) -> bool:  # overridden by screens holding unsaved edits
        return True

    def log_for(self, lead_id: int, lead_name: str, follow_up_id: int | None = None, kind: str = "call",
                next_text: str = "") -> None:
        """Open the log dialog; saving logs the touch, closes the handled follow-up, schedules the next."""
        # the write services and the dialogs: loaded when first used
        from leadtui.leads import writes as leads
        from leadtui.screens.dialogs import LogActivityDialog, LogResult

        def done(result: LogResult | None) -> None:
            if result is None:
                return
            logged, _ = attempt(self, leads.record_activity, self.app.ctx, lead_id, result.kind,
                                result.note, next_at=result.next_at, force=result.force, at=result.at,
                                answers=follow_up_id, next_what=result.next_what)
            if not logged:
                return
            when = ""
            if result.next_at:
                when = f"; next {local_short(result.next_at, self.app.ctx.now())}"
            self.notify(f"Logged {result.kind} for {lead_name}{when}")
            self.app.data_changed()

        self.app.push_screen(LogActivityDialog(lead_name, kind, next_text), done)

    def follow_up_for(self, lead_id: int, lead_name: str) -> None:
        from leadtui.leads import writes as leads
        from leadtui.screens.dialogs import FollowUpDialog

        def done(result) -> None:
            if result is None:
                return
            if attempt(self, leads.schedule_follow_up, self.app.ctx, lead_id, result.due_at,
                       result.what, force=result.force)[0]:
                self.notify(f"Follow-up with {lead_name} {local_short(result.due_at, self.app.ctx.now())}")
                self.app.data_changed()

        self.app.push_screen(FollowUpDialog(lead_name), done)
