"""Outreach templates: the list and editor, and filling one in for a lead."""

from __future__ import annotations

import re
import webbrowser

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Input, Label, Static, TextArea

from leadtui.kit.clipboard import copy_text
from leadtui.leads import templates
from leadtui.screens.dialogs import Dialog, FollowUpDialog
from leadtui.screens.guard import attempt
from leadtui.screens.widgets.columns import Col, FittedTable
from leadtui.screens.widgets.footer import KeysFooter
from leadtui.screens.widgets.record_list import RecordListScreen
from leadtui.screens.widgets.title_bar import TitleBar

PLACEHOLDER_HELP = ("Placeholders: {first_name} {last_name} {name} {company} {title} {email} {phone} "
                    "{interest} {source} {last_activity} {owner} {sender} {industry} {location}")


class TemplateDialog(Dialog):
    """Create or edit a template; dismisses with True when saved."""

    BINDINGS = [Binding("ctrl+s", "save", "Save", id="template.save")]

    def __init__(self, template: templates.TemplateInfo | None = None) -> None:
        super().__init__()
        self.template = template

    def compose(self) -> ComposeResult:
        t = self.template
        with Vertical(classes="dialog wide tall"):
            yield Label("Edit template" if t else "New template", classes="dialog-title")
            with Grid(classes="form template-fields"):  # labelled: a filled field shows no placeholder
                yield Label("Name")
                yield Input(t.name if t else "", placeholder="e.g. First contact", id="t-name")
                yield Label("Channel")
                yield Input(t.channel if t else "email", placeholder="email or call", id="t-channel")
                yield Label("Subject")
                yield Input(t.subject if t else "", placeholder="e-mail subject, e.g. {company} and us",
                            id="t-subject")
            yield TextArea(t.body if t else "", id="t-body")
            yield Static(PLACEHOLDER_HELP, classes="dialog-help")
            yield Static("", id="error")
            yield Label("Ctrl+S save · Esc cancel", classes="dialog-help")

    def on_mount(self) -> None:
        self._initial = self._fields()
        self.query_one("#t-name", Input).focus()

    def _fields(self) -> tuple[str, ...]:
        return (self.query_one("#t-name", Input).value, self.query_one("#t-channel", Input).value,
                self.query_one("#t-subject", Input).value, self.query_one("#t-body", TextArea).text)

    def action_cancel(self) -> None:
        self.cancel_asking(self._fields() != self._initial, "this template", self.action_save)

    def action_save(self) -> None:
        name = self.query_one("#t-name", Input).value
        channel = self.query_one("#t-channel", Input).value
        subject = self.query_one("#t-subject", Input).value
        body = self.query_one("#t-body", TextArea).text
        if self.template:
            saved, _ = attempt(self, templates.update_template, self.template.id, name=name, body=body,
                               subject=subject, channel=channel, ctx=self.app.ctx, report=self.show_error)
        else:
            saved, _ = attempt(self, templates.add_template, name, body, subject, channel, ctx=self.app.ctx,
                               report=self.show_error)
        if saved:
            self.dismiss(True)


class TemplatesScreen(RecordListScreen):
    MANAGER_ONLY = True
    TITLE = "Outreach templates"
    COLUMNS = (Col("name", "Name", 16, 0, grow=1, cap=40), Col("channel", "Channel", 7, 1))

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal():
            yield FittedTable(self.COLUMNS, id="templates-table", cursor_type="row")
            with VerticalScroll(id="template-preview-pane"):
                yield Static("", id="template-preview")
        yield KeysFooter()

    def load_records(self) -> list:
        return templates.list_templates()

    def row_for(self, item) -> tuple:
        return item.name, item.channel

    def dialog_for(self, item):
        return TemplateDialog(item)

    def delete_record(self, item) -> None:
        templates.delete_template(item.id, ctx=self.app.ctx)

    def describe(self, item) -> str:
        return f"the template '{item.name}'"

    def reload(self) -> None:
        super().reload()
        self._preview()

    def _preview(self) -> None:
        item = self.current()
        if item is None:
            self.query_one("#template-preview", Static).update("No templates yet — press n")
            return
        subject = Text.assemble((item.subject, "bold"), "\n\n") if item.subject else Text("")
        self.query_one("#template-preview", Static).update(subject + Text(item.body))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._preview()


class OutreachDialog(Dialog):
    """A template filled in for one lead: copy it, open it in the mail client, or mark it used."""

    BINDINGS = [
        Binding("c", "copy", "Copy", id="outreach.copy"),
        Binding("m", "mail", "Open in mail", id="outreach.mail"),
        Binding("u", "use", "Mark sent/called", id="outreach.use"),
        Binding("e", "edit", "Edit text", id="outreach.edit"),
    ]
    AUTO_FOCUS = ""  # nothing focused: c, m, u act; e puts the cursor in the text


    def __init__(self, lead_id: int, template_id: int, rendered: templates.Rendered) -> None:
        super().__init__()
        self.lead_id = lead_id
        self.template_id = template_id
        self.rendered = rendered  # read by the caller through the guard: a failure never opens this

    def compose(self) -> ComposeResult:
        r = self.rendered
        with Vertical(classes="dialog wide"):
            yield Label(Text(f"{r.template} ({r.channel})"), classes="dialog-title")
            if r.missing:
                yield Static(Text.assemble(("Missing values: ", "bold yellow"), ", ".join(r.missing),
                                           " — fill them in on the lead (e to edit) or in the text"), id="missing")
            if r.subject:
                yield Label(Text.assemble(("Subject: ", "bold"), r.subject), id="outreach-subject")
            yield TextArea(r.body, id="outreach-body", soft_wrap=True)
            mail = "m open in mail · " if r.channel == "email" else ""
            yield Label(f"e edit the text · c copy · {mail}u mark as sent/called (logs it) · Esc close",
                        classes="dialog-help")

    def _text(self) -> str:
        r = self.rendered
        return (f"Subject: {r.subject}\n\n" if r.subject else "") + self._body()

    def _body(self) -> str:
        return self.query_one("#outreach-body", TextArea).text

    def action_edit(self) -> None:
        self.query_one("#outreach-body", TextArea).focus()

    def action_cancel(self) -> None:
        if isinstance(self.focused, TextArea):  # Esc leaves the text, a second Esc closes
            self.set_focus(None)
            return
        super().action_cancel()

    def action_copy(self) -> None:
        if copy_text(self._text()):
            self.notify("Copied to the clipboard")
            return
        # No clipboard tool here: ask the terminal (OSC 52). Whether it obeys cannot be known.
        self.app.copy_to_clipboard(self._text())
        self.notify("Asked the terminal to copy it (no clipboard tool found; in tmux it needs "
                    "set-clipboard on)", severity="warning")

    def action_mail(self) -> None:
        if not self.rendered.mailto:
            self.notify("This lead has no e-mail address" if self.rendered.channel == "email"
                        else "A call script has no e-mail to open", severity="warning")
            return
        link = templates.mailto(self.rendered.email, self.rendered.subject, self._body())
        if not webbrowser.open(link):
            where = "is on the clipboard" if copy_text(link) else "could not be copied either"
            self.notify(f"No mail client found here; the mailto: link {where}", severity="warning")

    def action_use(self) -> None:
        unfilled = sorted(set(re.findall(r"\[[a-z_]+\?\]", self._text())))
        if unfilled:
            self.notify(f"Fill in {', '.join(unfilled)} first (e edits the text, or edit the lead)",
                        severity="warning")
            return

        def next_chosen(result) -> None:
            kwargs = {} if result is None else {"next_at": result.due_at, "next_what": result.what,
                                                "force": result.force}
            used, _ = attempt(self, templates.use_template, self.app.ctx, self.template_id, self.lead_id,
                              **kwargs)
            if not used:
                return
            self.notify(f"Logged: {self.rendered.template}")
            self.app.data_changed()
            self.dismiss(True)

        self.app.push_screen(FollowUpDialog(self.rendered.template, "Logged — next follow-up? (Esc: none)"),
                             next_chosen)
