"""Work the reader runs in a thread: always on the app, never failing silently.

Every such worker is ``thread=True`` (files, SQLite, HTTP and models would block input)
and ``exit_on_error=False`` (a failure is reported by the app's one
``on_worker_state_changed`` and the log, and the reader goes on). One function so that no
new worker forgets either, or is made on a screen, whose failures would not reach the app:
``Worker.StateChanged`` does not bubble.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.app import App
from textual.worker import Worker

T = TypeVar("T")


def in_thread(
    app: App[Any],
    work: Callable[[], T],
    *,
    name: str,
    group: str,
    description: str,
    exclusive: bool = False,
) -> Worker[T]:
    """Run ``work`` in a thread worker of ``app`` named ``name``; ``exclusive`` cancels the
    ``group``'s earlier worker (its result is no longer wanted)."""
    return app.run_worker(
        work,
        name=name,
        group=group,
        description=description,
        exclusive=exclusive,
        thread=True,
        exit_on_error=False,
    )
