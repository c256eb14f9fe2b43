"""The Radar entry of the reader: its papers, its sources-pane row, and the keys ``x``
(not interested, undone by the general undo) and ``w`` (why?).

The screen keeps a ``RadarState``; rankings and explanations arrive as messages from the
host's radar workers (ui/radar_work.py), so no key waits for the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tuireader.query.list_items import ViewEntry
from tuireader.sanitize import clean
from tuireader.ui.screens.undo_actions import quoted, record

if TYPE_CHECKING:
    from textual.content import Content

    from tuireader.radar.ranking import Ranked, Why
    from tuireader.storage.list_rows import ListItem
    from tuireader.ui.messages import RadarExplained, RadarRanked, TagRanked
    from tuireader.ui.screens.reader import ReaderScreen

RADAR_SORTS = ("score", "date")


@dataclass
class RadarState:
    """What the screen knows of the radar: the last scores and the order of the Radar."""

    scores: dict[str, Ranked] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)  # the Radar's keys, best first
    status: str = ""
    sort: str = "score"
    tags: dict[str, dict[str, Ranked]] = field(default_factory=dict)  # tag -> its radar
    why_key: str | None = None
    why: Why | None = None
    missing: str | None = None

    def row_parts(self, key: str, threshold: float) -> tuple[Ranked | None, bool]:
        """The paper's score (None: not scored) and whether it passes the threshold."""
        ranked = self.scores.get(key)
        return ranked, ranked is not None and ranked.muted is None and ranked.score >= threshold


def ranked(screen: ReaderScreen, message: RadarRanked) -> None:
    """A ranking arrived: keep it, and show it if the Radar is on screen."""
    state = screen.radar
    state.scores = message.scores
    if message.view is not None:
        state.order = [r.key for r in message.view.visible]
        state.status = message.view.status
    else:  # the saved scores, until the up-to-date ranking comes
        state.order = [
            r.key
            for r in sorted(message.scores.values(), key=lambda r: -r.score)
            if r.muted is None
        ]
    screen.rebuild()


def tag_ranked(screen: ReaderScreen, message: TagRanked) -> None:
    """A tag's own radar arrived (best first)."""
    screen.radar.tags[message.tag] = {r.key: r for r in message.ranked}
    screen.rebuild()


def is_radar(view_id: str) -> bool:
    """The Radar, or a tag's radar (``radar:<tag>``)."""
    return view_id == "radar" or view_id.startswith("radar:")


def _scores(screen: ReaderScreen, view_id: str) -> dict[str, Ranked]:
    if view_id.startswith("radar:"):
        return screen.radar.tags.get(view_id[6:], {})
    return screen.radar.scores


def items(
    screen: ReaderScreen, all_items: list[ListItem], view_id: str = "radar"
) -> list[ListItem]:
    """A radar's papers: by score (or date), without the ones dismissed since."""
    library = screen.stores.library
    by_key = {i.key: i for i in all_items}
    order = screen.radar.order if view_id == "radar" else list(_scores(screen, view_id))
    shown = [by_key[k] for k in order if k in by_key and not library.is_dismissed(k)]
    if screen.radar.sort == "date":
        shown.sort(key=lambda i: i.date, reverse=True)
    return shown


def entries(screen: ReaderScreen, all_items: list[ListItem]) -> list[ViewEntry]:
    """The sources pane's Radar row and each tag's radar, with unread and total counts."""
    library = screen.stores.library
    rows = []
    for view_id, label in [
        ("radar", "Radar"),
        *((f"radar:{tag}", f"◆ #{tag}") for tag in sorted(screen.radar.tags)),
    ]:
        shown = items(screen, all_items, view_id)
        unread = sum(not library.is_read(i.key) for i in shown)
        rows.append(ViewEntry(view_id, label, unread, len(shown)))
    return rows


def lead_and_tail(screen: ReaderScreen, key: str) -> tuple[Content | None, str]:
    """In the Radar: the score bar before the title and the main reason after it."""
    from tuireader.ui.radar_render import score_lead

    scores = _scores(screen, screen.view_id)
    ranked = scores.get(key)
    if not is_radar(screen.view_id) or ranked is None:
        return None, ""
    best = max((r.score for r in scores.values()), default=0.0)
    return score_lead(ranked, best), ranked.reason


def dismiss(screen: ReaderScreen) -> None:
    """``x``: not interested. A negative for the radar, gone from the Radar, undoable."""
    if (paper := screen.current_paper()) is None:
        return
    library = screen.stores.library
    fields = [("dismissed", paper.key)]
    shown = screen.latex.shown(paper.title)  # as the list shows it (L)
    if library.is_dismissed(paper.key):  # x again, where the paper is still listed
        record(
            screen,
            f"interested again in {quoted(shown)}",
            fields,
            lambda: library.undismiss(paper.key),
        )
        text = f"Interesting again: {clean(shown)}"
    else:
        record(
            screen,
            f"not interested in {quoted(shown)}",
            fields,
            lambda: library.dismiss(paper),
        )
        undo = screen.host.key_for("undo")
        again = "" if is_radar(screen.view_id) else f"{screen.host.key_for('dismiss')} again or "
        text = f"Not interested: {clean(shown)} — {again}{undo} to undo"

    def saved() -> None:
        screen.rebuild()
        if library.write_error is None:
            screen.notify(text, timeout=6, markup=False)
        screen.host.radar.rank()

    screen.host.save_library(then=saved)


def why(screen: ReaderScreen) -> None:
    """``w``: explain the current paper's score above its abstract (computed in a worker)."""
    item = screen.listed_current()
    if item is None:
        screen.notify("No paper selected.", severity="warning", timeout=3)
        return
    screen.notify("Asking the radar…", timeout=2)
    screen.host.radar.explain(item.key)


def explained(screen: ReaderScreen, message: RadarExplained) -> None:
    state = screen.radar
    state.why_key, state.why, state.missing = message.key, message.why, message.missing
    if screen.shown is not None and screen.shown.key == message.key:
        screen.show_current(keep_scroll=False)


def why_lines(screen: ReaderScreen, key: str) -> Content | None:
    """The explanation to show above ``key``'s abstract, if ``w`` asked for it."""
    from tuireader.ui.radar_render import why_content

    state = screen.radar
    if state.why_key != key:
        return None
    threshold = screen.stores.config.radar.threshold
    return why_content(state.why, state.missing, threshold, state.status, shown=screen.latex.shown)


def jump_nearest(screen: ReaderScreen, index: int) -> None:
    """A click on a nearest starred paper: go to it in the Starred view."""
    state = screen.radar
    if state.why is None or not 0 <= index < len(state.why.nearest):
        return
    key = state.why.nearest[index][0]
    screen.go_to_paper("starred", key)


def passes(screen: ReaderScreen, key: str) -> bool:
    """Whether the row of ``key`` gets the radar marker, in any view."""
    return screen.radar.row_parts(key, screen.stores.config.radar.threshold)[1]
