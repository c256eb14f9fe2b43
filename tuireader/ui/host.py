"""What the reader screen needs of the app that shows it, as one typed interface.

The screen is given its host when it is made (``ReaderScreen(host)``), so it never calls
into ``self.app`` untyped, and the app never calls into the screen: the app's workers post
messages (ui/messages.py) and keys reach the screen through its own bindings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from textual.worker import Worker

    from tuireader.kinds.source import SourceConfig
    from tuireader.storage.home import Stores
    from tuireader.storage.list_rows import ListItem
    from tuireader.ui.radar_work import RadarWork


class ReaderHost(Protocol):
    """The stores, and the background work the screen asks for (HubreadApp is one)."""

    file_opener: Callable[[Path], bool]  # opens a file hubread saved (a PDF)

    @property
    def stores(self) -> Stores: ...

    @property
    def radar(self) -> RadarWork:
        """The radar's ranking and explanations, run in workers."""
        ...

    @property
    def sources_by_name(self) -> dict[str, SourceConfig]: ...

    def key_for(self, action_id: str) -> str:
        """The first key that runs the action named ``action_id``, for hints."""
        ...

    def first_page_if_ready(self) -> list[ListItem] | None:
        """The newest papers, read while the app started, if that has finished."""
        ...

    def first_paint_done(self) -> None:
        """The first page is on screen: the whole cache may load now."""
        ...

    def save_library(self, then: Callable[[], object] | None = None) -> Worker[None]:
        """Write library.json; ``then`` runs once the change is on disk."""
        ...

    def start_refresh(self, names: Sequence[str] | None, *, quiet: bool = False) -> None:
        """Refresh ``names`` (None: every enabled source) unless one is running."""
        ...

    def open_link(self, url: str) -> Worker[None]:
        """Open ``url`` (already checked to be http or https) in a browser."""
        ...

    def export_papers(self, keys: list[str], format_name: str, view: str) -> Worker[None]:
        """Write the papers ``keys`` in ``format_name`` to a new file named after ``view``."""
        ...
