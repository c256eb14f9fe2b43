"""The reader's keys act in the order they were typed, even within one terminal read:
``s/`` stars, then searches; ``/morph`` searches for "morph"; ``n``, a paste and Ctrl+S
save the pasted note.

Textual resolves a key's bindings once the key has bubbled up to the app, against the focus
of that moment. The keys that open a text field (``/``, ``t``, ``n``) are ordinary
bindings, so the keys typed before them act with the list focused, as typed. The keys typed
right after them in the same read were already on their way to the list when the field (or
the dialog) opened: they reach the app through the reader, where Textual would resolve
them against the field and drop them. Here they are delivered again, as if typed now: to
the focused search field, or to the dialog's screen (which puts typing in its field).
"""

from __future__ import annotations

import weakref
from typing import Any

from textual import events
from textual.app import App
from textual.screen import Screen

Typing = events.Key | events.Paste
_through: weakref.WeakKeyDictionary[events.Event, Screen[Any]] = weakref.WeakKeyDictionary()
_into_field: weakref.WeakSet[events.Event] = weakref.WeakSet()  # a field of the reader's saw it
_redelivered: weakref.WeakSet[events.Event] = weakref.WeakSet()  # never delivered twice


def passed_screen(screen: Screen[Any], event: Typing) -> None:
    """``event`` bubbled through ``screen`` (the reader): it was typed there."""
    _through.setdefault(event, screen)


def reached_field(event: Typing) -> None:
    """``event`` was delivered to a text field of the reader (the search bar)."""
    _into_field.add(event)


def redeliver(app: App[Any], event: Typing) -> bool:
    """Deliver ``event`` again, as if typed now, when it was typed into the reader before a
    field or a dialog took over; True if it was (the app then leaves it alone)."""
    typed_in = _through.get(event)
    if typed_in is None or event in _redelivered:
        return False
    screen = app.screen
    focused = screen.focused
    # Still the reader on top: stale only if a field has the focus now and never saw it.
    if screen is typed_in and (focused is None or event in _into_field or not _takes_text(focused)):
        return False
    again: Typing = (
        events.Key(event.key, event.character)
        if isinstance(event, events.Key)
        else events.Paste(event.text)
    )
    _redelivered.add(again)
    # A dialog takes it on its screen, which puts typing in its field (focused or not yet).
    (screen if screen is not typed_in or focused is None else focused).post_message(again)
    return True


def redelivered(event: Typing) -> bool:
    """Whether ``event`` is one this module delivered again (not one a field has seen)."""
    return event in _redelivered


def _takes_text(widget: Any) -> bool:
    return bool(widget.check_consume_key("a", "a"))
