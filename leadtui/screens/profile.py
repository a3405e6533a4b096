"""The ideal customer profile: the criteria every lead is ticked against."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.widgets import Input, Label, Static

from leadtui.errors import InvalidInput
from leadtui.scoring import icp
from leadtui.screens.base import DataScreen
from leadtui.screens.dialogs import UnsavedDialog
from leadtui.screens.guard import attempt
from leadtui.screens.widgets.footer import KeysFooter
from leadtui.screens.widgets.title_bar import TitleBar

# (criterion, label, example): the example shows in the empty field, so the label fits its column.
RANGES = (("age", "Age range (B2C)", "e.g. 30-40"), ("income", "Income range (B2C)", "e.g. 40000-60000 or 40k-60k"),
          ("revenue", "Revenue range (B2B)", "e.g. 1M-10M or 1000000+"),
          ("employees", "Employees range (B2B)", "e.g. 10-200"))
OTHERS = (("budget_min", "Budget at least (B2B)", "e.g. 20000 or 20k"),
          ("locations", "Locations (comma-separated)", "e.g. Helsinki, Espoo"),
          ("industries", "Industries (comma-separated)", "e.g. saas, fintech"),
          ("min_share", "Share of ticks to fit (0–1)", "e.g. 0.6 (empty: 0.75)"))


def _range_text(bounds) -> str:
    low, high = bounds
    if low is None and high is None:
        return ""
    if high is None:
        return f"{low}+"
    return f"{'' if low is None else low}-{high}"


class ProfileScreen(DataScreen):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save + rescore", id="profile.save"),
        Binding("escape", "leave", "Back", tooltip="Back to Today (asks before dropping unsaved edits)",
                id="profile.back"),
    ]
    _saved: dict[str, str] | None = None  # what the form showed when last loaded or saved

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "save" and not self.app.ctx.may_manage:
            return False  # a team rep reads the profile; only a manager changes it
        return True

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll():
            yield Static("The more ticks, the better the prospect. Only the criteria you fill in count; "
                         "a lead fits when it ticks at least the share below.", classes="intro")
            with Grid(classes="form"):
                for key, label, example in RANGES + OTHERS:
                    yield Label(label)
                    yield Input(id=f"p-{key}", placeholder=example)
            yield Static("", id="error")
            yield Static("", id="profile-summary")
            yield Static("", id="rescore-progress")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "Ideal customer profile"
        self.reload()

    def reload(self, keep_edits: bool = True) -> None:
        """Show the stored profile; a form with unsaved edits keeps them (only the summary moves)."""
        loaded, profile = attempt(self, icp.load_profile)
        if not loaded:
            return
        self._summarize(profile)
        if keep_edits and self.dirty():
            return
        for key, _, _ in RANGES:
            self.query_one(f"#p-{key}", Input).value = _range_text(getattr(profile, key))
        self.query_one("#p-budget_min", Input).value = "" if profile.budget_min is None else str(profile.budget_min)
        self.query_one("#p-locations", Input).value = ", ".join(profile.locations)
        self.query_one("#p-industries", Input).value = ", ".join(profile.industries)
        self.query_one("#p-min_share", Input).value = str(profile.min_share)
        self._saved = self._values()

    def _summarize(self, profile: icp.Profile) -> None:
        described = profile.describe()
        self.query_one("#profile-summary", Static).update(
            Text("Current profile: " + ("; ".join(described) if described else "none set — every lead fits")))

    def _values(self) -> dict[str, str]:
        return {box.id: box.value for box in self.query(Input)}

    def dirty(self) -> bool:
        return self._saved is not None and self._values() != self._saved

    def action_leave(self) -> None:
        self.app.switch_mode("today")

    def before_leaving(self, go) -> bool:
        """Leaving (Esc, a screen's digit, the palette): with unsaved edits, ask to save, discard
        or stay, and call `go` once saved or discarded. True when it asked."""
        if not self.dirty():
            return False

        def answered(answer) -> None:
            if answer == "save" and self.action_save():
                go()
            elif answer == "discard":
                self.reload(keep_edits=False)
                go()

        self.app.push_screen(UnsavedDialog("the profile"), answered)
        return True

    def _value(self, key: str) -> str:
        return self.query_one(f"#p-{key}", Input).value.strip()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> bool:
        error = self.query_one("#error", Static)
        if not attempt(self, self._save, report=lambda message: error.update(Text(message, style="bold red")))[0]:
            return False
        error.update("")
        self._saved = self._values()
        self.notify("Profile saved; rescoring every lead…")
        self.app.rescore_in_background()
        return True

    def _save(self) -> None:
        """Read the form into a profile and store it (InvalidInput on a bad value)."""
        budget = self._value("budget_min")
        share = self._value("min_share") or "0.75"
        try:
            min_share = float(share)
        except ValueError:
            raise InvalidInput(f"share of ticks must be a number between 0 and 1, got {share!r}") from None
        profile = icp.Profile(
            **{key: icp.parse_range(self._value(key)) for key, _, _ in RANGES},
            budget_min=icp.parse_range(budget)[0] if budget else None,
            locations=icp.parse_list(self._value("locations")),
            industries=icp.parse_list(self._value("industries")),
            min_share=min_share,
        )
        icp.save_profile(profile, self.app.ctx)
