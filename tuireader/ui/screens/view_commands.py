"""The reader's palette commands that no key has: one per announce type, and "Save this
search" (the keys' own commands come from their bindings, in the app)."""

from __future__ import annotations

from collections.abc import Callable

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tuireader.query.announce import ANNOUNCE_LABELS
from tuireader.ui.screens import query_views


class ViewCommands(Provider):
    """Commands of the reader screen the palette was opened on."""

    def _commands(self) -> list[tuple[str, Callable[[], None], str]]:
        from tuireader.ui.screens.reader import ReaderScreen

        screen = self.screen
        if not isinstance(screen, ReaderScreen):
            return []

        def announce(wanted: str) -> Callable[[], None]:
            return lambda: query_views.cycle_announce(screen, wanted)

        commands = [
            (f"Show arXiv {label} only", announce(kind), f"announce type: {kind}")
            for kind, label in ANNOUNCE_LABELS.items()
        ]
        commands.append(("Show every announce type", announce("all"), "announce type: all"))
        commands.append(
            (
                "Save this search",
                lambda: query_views.save_search(screen),
                "the current search, as a source in the sources pane",
            )
        )
        return commands

    async def discover(self) -> Hits:
        for name, run, help_text in self._commands():
            yield DiscoveryHit(name, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, run, help_text in self._commands():
            if (score := matcher.match(name)) > 0:
                yield Hit(score, matcher.highlight(name), run, help=help_text)
