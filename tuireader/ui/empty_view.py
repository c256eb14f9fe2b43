"""What the abstract pane says when the paper list is empty: what is empty, and why.

An empty search, an empty Starred view, a filter hiding read papers, a failing source and
a source never fetched each need a different next step; one sentence for all of them
("No papers here") leaves the reader guessing.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content

from tuireader.kinds.source import SourceConfig
from tuireader.sanitize import clean
from tuireader.storage.cache import SourceState
from tuireader.wording import plural

KeyFor = Callable[[str], str]  # action id -> the key the reader presses for it


def empty_message(
    view_id: str,
    label: str,
    *,
    search: str | None,
    hidden_read: int,
    source: SourceConfig | None,
    state: SourceState | None,
    key_for: KeyFor,
) -> Content:
    """The sentence for an empty list, as plain text (names and errors are not markup)."""
    return Content(
        clean(
            _sentence(
                view_id,
                label,
                search=search,
                hidden_read=hidden_read,
                source=source,
                state=state,
                key_for=key_for,
            ),
            multiline=True,
        )
    )


def _sentence(
    view_id: str,
    label: str,
    *,
    search: str | None,
    hidden_read: int,
    source: SourceConfig | None,
    state: SourceState | None,
    key_for: KeyFor,
) -> str:
    unread_only = key_for("unread_only")
    if search is not None:
        if hidden_read:
            return (
                f"No unread papers match “{search}”: the unread-only filter hides "
                f"{plural(hidden_read, 'read paper')} that do ({unread_only} shows them)."
            )
        return f"No papers match “{search}”. Escape clears the search."
    if hidden_read:
        return (
            f"No unread papers in {label}: the unread-only filter hides "
            f"{plural(hidden_read, 'read paper')} ({unread_only} shows them)."
        )
    if view_id == "starred":
        return f"No starred papers yet: {key_for('star')} stars the selected paper."
    if view_id == "unread":
        return "No unread papers: everything here is read."
    if view_id.startswith("tag:"):
        return f"No papers tagged “{label}”: {key_for('tags')} tags the selected paper."
    if view_id.startswith("folder:"):
        return f"No papers from the sources tagged “{label}” yet."
    if view_id.startswith("src:"):
        return _source_sentence(label, source, state, key_for("refresh_source"))
    return f"No papers yet: {key_for('refresh_all')} refreshes every source."


def _source_sentence(
    name: str, source: SourceConfig | None, state: SourceState | None, refresh: str
) -> str:
    if state is not None and state.failing and state.last_error_at is not None:
        return (
            f"No papers from {name}: its last refresh failed "
            f"({state.last_error_at.astimezone():%Y-%m-%d %H:%M}): {state.last_error}. "
            f"{refresh} tries again."
        )
    if state is None or state.last_attempt is None:
        if source is not None and not source.enabled:
            return f"{name} is disabled in config.toml (enabled = false): it is never fetched."
        return f"{name} has not been fetched yet: {refresh} fetches it."
    when = state.last_success or state.last_attempt
    return (
        f"{name} had no papers at its last refresh ({when.astimezone():%Y-%m-%d %H:%M}); "
        f"{refresh} refreshes it."
    )
