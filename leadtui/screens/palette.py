"""Command palette entries: every leadtui action, and "open lead" by name or by `#id`."""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from leadtui.finding import paging, queries, views
from leadtui.finding.background import BackgroundRead, Interrupted
from leadtui.screens.guard import attempt, attempt_read

ACTIONS = (
    ("Today", "What is due, overdue, stale, and new inbound", "show_today"),
    ("Leads", "All leads and prospects", "show_leads"),
    ("Quick add lead", "Add a lead: name first, the rest optional", "quick_add"),
    ("Keys", "Every key of the current screen, and the app's", "help"),
)


def highlight(matcher: Matcher, candidate: str) -> Content:
    """The candidate with the typed letters marked, as plain text.

    `Matcher.highlight` reads the candidate as markup, and these hold lead and view names.
    """
    content = Content(candidate)
    _, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    for offset in offsets:
        if not candidate[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class LeadCommands(Provider):
    def _commands(self):
        """(title, help, callback) for every app action and every saved view."""
        actions = ACTIONS + tuple(getattr(self.app, "EXTRA_ACTIONS", ()))
        for title, help_text, action in actions:
            yield title, help_text, partial(self.app.run_action, action)
        # The app's other keys (Undo, Redo…): with the lists above, every action the footer shows.
        # Read from the app's own list: behind the open palette, Undo and Redo are switched off.
        seen = {action for _, _, action in actions} | {"quit", "command_palette"}  # Quit: Textual's entry
        keymap = self.app.ctx.config.keymap  # [keys] in config.toml
        for binding in self.app.BINDINGS:
            if binding.description and binding.action not in seen:
                seen.add(binding.action)
                key = keymap.get(binding.id, binding.key).split(",")[0]
                yield (binding.description, f"{binding.tooltip or binding.description} · key: {key}",
                       partial(self.app.run_action, binding.action))
        # The keys of the screen the palette was opened on: every action is reachable by name.
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if active.node is self.screen and binding.description and binding.action not in seen:
                seen.add(binding.action)
                yield (f"{binding.tooltip or binding.description} ({self.screen.title or 'this screen'})",
                       f"key: {key}",
                       partial(self.screen.run_action, binding.action))
        for view in attempt(self.app, views.list_views)[1] or ():
            yield f"View: {view.name}", view.query, partial(self.app.show_view, view.query, view.name)

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(Content(title), callback, help=Content(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, highlight(matcher, title), callback, help=Content(help_text))
        ref = queries.lead_ref(query)
        if ref is not None:
            row = await self._lead_by_id(ref)
            if row is None:
                label = f"No lead #{ref}"
                yield Hit(1.0, label, partial(self.app.notify, label, severity="warning"),
                          help="no lead has that number")
            else:
                label = f"Open lead #{row.id}: {row.name}" + (f" ({row.company})" if row.company else "")
                yield Hit(1.0, Content(label), partial(self.app.open_lead, row.id),
                          help=f"{row.stage} · {row.temperature}")
            return
        if len(query.strip()) >= 2:
            for row in await self._find_leads(query):
                label = f"Open lead: {row.name}" + (f" ({row.company})" if row.company else "")
                yield Hit(max(matcher.match(label), 0.5), highlight(matcher, label),
                          partial(self.app.open_lead, row.id), help=f"#{row.id} · {row.stage} · {row.temperature}")

    async def _lead_by_id(self, lead_id: int) -> queries.LeadRow | None:
        ctx = self.app.ctx

        def find() -> queries.LeadRow | None:
            with BackgroundRead():
                return queries.lead_row(ctx, lead_id)

        try:
            return await asyncio.to_thread(find)
        except Interrupted:
            return None

    async def _find_leads(self, text: str) -> list[queries.LeadRow]:
        """Leads matching the typed words, read on a thread; the palette cancels this search
        when the next key arrives, and the cancel interrupts the read."""
        read = BackgroundRead()
        ctx = self.app.ctx

        def find() -> list[queries.LeadRow]:
            found, page = attempt_read(self.app, read, paging.first_page, ctx, queries.LeadFilter(text=text),
                                       "recent", 10)
            return list(page.rows) if found else []

        try:
            return await asyncio.to_thread(find)
        except asyncio.CancelledError:
            read.interrupt()
            raise
        except Interrupted:
            return []
