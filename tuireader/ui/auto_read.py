"""The one rule for marking a paper read without the reader pressing ``m``.

Only a paper the reader moved to in the focused paper list (a key or a click there, or Enter
on it), and kept on screen for ``[ui].mark_read_delay`` seconds, is marked read for them.
Whatever else changes the highlight (start-up, a view change, search typing, a reload, a
filter) or takes the reader away from the paper cancels the wait; and a paper the reader
marked unread by hand is never marked read for them again in this session, until they mark
it read by hand.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable

from textual.message_pump import MessagePump
from textual.timer import Timer

from tuireader.config.settings import UIConfig


def auto_read_delay(ui: UIConfig) -> float:
    """The delay ``AutoRead`` waits; negative (never) with ``[ui].mark_read = "manual"``,
    where only ``m`` and ``A`` mark papers read."""
    return -1.0 if ui.mark_read == "manual" else ui.mark_read_delay


class AutoRead:
    """The pending automatic read mark (at most one) and the papers it must leave alone."""

    def __init__(
        self, owner: MessagePump, delay: Callable[[], float], mark: Callable[[str], None]
    ) -> None:
        self._owner = owner
        self._delay = delay  # read from the config each time: it may be reloaded
        self._mark = mark
        self._timer: Timer | None = None
        self._kept_unread: set[str] = set()
        self.pending: str | None = None
        """The paper that will be marked read when the delay is up, if any."""
        self.settled = asyncio.Event()
        """Set while nothing is pending: what a test awaits instead of sleeping."""
        self.settled.set()

    def start(self, key: str, *, is_read: bool) -> None:
        """The reader chose ``key``: mark it read once the delay is up."""
        self.cancel()
        delay = self._delay()
        if delay < 0 or is_read or key in self._kept_unread:
            return
        self.pending = key
        self.settled.clear()
        if delay == 0:
            self.fire()
        else:
            self._timer = self._owner.set_timer(delay, self.fire, name="auto-read")

    def cancel(self) -> None:
        """The highlight changed, the list was reloaded, or the reader went elsewhere."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.pending = None
        self.settled.set()

    def fire(self) -> None:
        """The delay is up (the timer calls this; a test may call it to skip the wait)."""
        key, self.pending, self._timer = self.pending, None, None
        self.settled.set()
        if key is not None:
            self._mark(key)

    def marked_unread(self, key: str) -> None:
        """The reader marked ``key`` unread by hand: never mark it read for them again."""
        self.cancel()
        self._kept_unread.add(key)

    def marked_read(self, keys: Iterable[str]) -> None:
        """The reader marked ``keys`` read by hand: the rule applies to them again."""
        self.cancel()
        self._kept_unread.difference_update(keys)
