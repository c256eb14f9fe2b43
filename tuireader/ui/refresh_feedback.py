"""What ``r`` and ``R`` say: which sources a view refreshes, the progress line, the last toast.

``r`` refreshes the sources of the view on screen (a source: that one; a folder: its
sources; a tag or Starred: the sources its papers came from; All, Unread, the radars, the
date views and a search: every enabled source), and every refresh the user starts says which
("Refreshing all 12 sources") and ends with one toast ("arXiv cs.AI: 42 new, 3 updated";
"12 sources: 120 new · 3 failed", the failed ones named).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tuireader.sanitize import clean
from tuireader.ui.render import failures_toast, warnings_toast
from tuireader.wording import plural

if TYPE_CHECKING:
    from textual.widget import Widget

    from tuireader.fetch.outcomes import RefreshReport
    from tuireader.kinds.source import SourceConfig
    from tuireader.storage.list_rows import ListItem

NAMED = 3  # sources named in a start toast before "and N more"


def view_sources(
    view_id: str,
    listed: Sequence[ListItem],
    sources: Sequence[SourceConfig],
    *,
    searching: bool = False,
) -> list[str] | None:
    """The names of the sources that feed view ``view_id`` (listing ``listed``), in config
    order; None for every enabled source (All, Unread, the radars, date views, a search).
    Only a source's own view refreshes it when it is disabled: the user picked it."""
    if searching:
        return None
    if view_id.startswith("src:"):
        return [view_id[4:]]
    if view_id.startswith("folder:"):
        folder = view_id[7:]
        names = [s.name for s in sources if s.enabled and folder in s.tags]
    elif view_id.startswith("tag:") or view_id == "starred":
        feeding = {name for item in listed for name in item.sources}
        names = [s.name for s in sources if s.enabled and s.name in feeding]
    else:
        return None
    return names or None  # a view no configured source feeds: refresh them all


def start_text(names: Sequence[str], everything: bool) -> str:
    """ "Refreshing all 12 sources", "Refreshing arXiv cs.AI", "Refreshing 3 sources: …"."""
    shown = [clean(n) for n in names]
    if everything and len(shown) != 1:
        return f"Refreshing all {plural(len(shown), 'source')}"
    if len(shown) == 1:
        return f"Refreshing {shown[0]}"
    listed = ", ".join(shown[:NAMED])
    more = f" and {len(shown) - NAMED} more" if len(shown) > NAMED else ""
    return f"Refreshing {plural(len(shown), 'source')}: {listed}{more}"


def progress_text(names: Sequence[str], done: int, failed: int) -> str:
    """The subtitle while a refresh runs: "Refreshing 3/12 sources… · 1 failed"."""
    if len(names) == 1:
        line = f"Refreshing {clean(names[0])}…"
    else:
        line = f"Refreshing {done}/{len(names)} sources…"
    return line + (f" · {failed} failed" if failed else "")


def _counts(new: int, updated: int) -> str:
    parts = [f"{new} new"] if new else []
    if updated:
        parts.append(f"{updated} updated")
    return ", ".join(parts) or "nothing new"


def summary(report: RefreshReport) -> tuple[str, str, bool]:
    """Title, text and whether it failed, for the toast that ends a refresh."""
    outcomes = report.outcomes
    updated = sum(o.updated for o in outcomes)
    failed = report.failed
    lines = failures_toast(failed)[1] if failed else ""
    if len(outcomes) == 1:
        one = outcomes[0]
        if failed:
            return "Refresh failed", lines, True
        note = f" ({clean(one.message)})" if one.message and not (one.new or one.updated) else ""
        return "", f"{clean(one.name)}: {_counts(one.new, one.updated)}{note}", False
    head = f"{plural(len(outcomes), 'source')}: {_counts(report.new, updated)}".replace(", ", " · ")
    if failed:
        head += f" · {len(failed)} failed"
    if failed:
        return head, lines, True
    return "", head, False


def show_finished(to: Widget, report: RefreshReport, *, quiet: bool) -> None:
    """The one toast a refresh ends with; a refresh the reader started by itself (at start,
    every ``refresh_interval``) speaks only when papers arrived or a source failed. A stale
    listing (stored, with a warning) gets a warning toast of its own, quiet or not."""
    if report.warned:
        title, text = warnings_toast(report.warned)
        to.notify(text, title=title, severity="warning", timeout=10, markup=False)
    if not report.outcomes or (quiet and not report.new and not report.failed):
        return
    title, text, failed = summary(report)
    to.notify(
        text,
        title=title,
        severity="error" if failed else "information",
        timeout=10 if failed else 5,
        markup=False,
    )
