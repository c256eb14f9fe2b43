"""The app's keys as the user sees them: the ``[keys]`` remapping, the ``?`` help rows,
the command palette's entries, and the key names used in hints ("R refreshes").

One place for every binding the reader has (the app's and the reader screen's), so the
help, the palette and the hints always agree with the keys that really run.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode

from tuireader.config.key_names import current_names, renamed_notice
from tuireader.ui import key_conflicts
from tuireader.ui.screens.reader import ReaderScreen

if TYPE_CHECKING:
    from textual.screen import Screen

    from tuireader.storage.home import Stores


class AppKeys(App[int]):
    """The keys part of ``HubreadApp`` (a mixin: it has no state of its own)."""

    stores: Stores
    reader: ReaderScreen

    def _apply_keymap(self) -> None:
        keys = current_names(self.stores.config.keys)
        if renamed := renamed_notice(self.stores.config.keys):
            self.notify(renamed, severity="warning", timeout=15, markup=False)
        known = {b.id for b in self._all_bindings() if b.id}
        unknown = sorted(set(keys) - known)
        if unknown:  # short enough for 80x24: the closest names, not all forty of them
            guesses = [
                f"{name} (did you mean {close[0]}?)" if close else name
                for name in unknown
                for close in [difflib.get_close_matches(name, known, n=1)]
            ]
            self.notify(
                f"[keys] in config.toml names unknown actions: {', '.join(guesses)}. "
                "The names are listed under Keys in README.md.",
                severity="warning",
                timeout=15,
                markup=False,
            )
        keymap = {k: v for k, v in keys.items() if k in known}
        self.set_keymap(keymap)
        # Once the reader's widgets are there: their keys are part of its focus chains.
        self.call_after_refresh(key_conflicts.report, self, self.reader, keymap)

    def _all_bindings(self) -> Iterable[Binding]:
        for binding in [*self.BINDINGS, *ReaderScreen.BINDINGS]:
            if isinstance(binding, Binding):
                yield binding

    def _usable_bindings(self) -> Iterable[Binding]:
        """The bindings the help and the palette show: no LLM ones without [llm]."""
        for binding in self._all_bindings():
            if self.stores.config.llm is not None or binding.id not in ReaderScreen.LLM_ACTIONS:
                yield binding

    def help_rows(self) -> list[tuple[str, str]]:
        rows = [
            ("j/k ↓/↑", "move in the focused pane"),
            ("PgUp/PgDn g/G", "page up / down, top / bottom (every pane)"),
            ("Enter", "open the abstract (from the list), the papers (from sources)"),
        ]
        for binding in self._usable_bindings():
            rows.append((self.keys_of(binding), binding.description))
        rows.append(("Ctrl+P", "command palette: every action by name"))
        if self.stores.config.llm is None:
            from tuireader.ui.screens.brief_actions import HOW_TO_TURN_ON

            rows.append(("", HOW_TO_TURN_ON))
        return rows

    def action_help(self) -> None:
        from tuireader.ui.screens.help import HelpScreen  # dialogs load on first use

        self.push_screen(HelpScreen(self.help_rows()))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for binding in self._usable_bindings():
            if binding.id in ("quit", "next_pane", "prev_pane"):
                continue
            namespace: DOMNode = self if binding in self.BINDINGS else self.reader

            def run(action: str = binding.action, namespace: DOMNode = namespace) -> None:
                self.call_later(self.run_action, action, namespace)

            yield SystemCommand(binding.description, f"key: {self.keys_of(binding)}", run)

    def keys_of(self, binding: Binding) -> str:
        """The keys of ``binding`` after any [keys] remapping, as the user types them:
        ``?`` and ``/``, not Textual's ``question_mark`` and ``slash``."""
        remapped = current_names(self.stores.config.keys)
        keys = remapped.get(binding.id, binding.key) if binding.id else binding.key
        return ", ".join(
            self.get_key_display(Binding(key.strip(), binding.action))
            for key in keys.split(",")
            if key.strip()
        )

    def key_for(self, action_id: str) -> str:
        """The first key that runs the action named ``action_id``, for hints in messages."""
        for binding in self._all_bindings():
            if binding.id == action_id:
                return self.keys_of(binding).split(", ")[0]
        return action_id
