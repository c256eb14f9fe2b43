"""What the reader's keys do to papers: star, read, tags, note, open, copy and export.
Every mark is recorded for undo (undo_actions.py).

Each function acts on the reader screen it is given; the screen's ``action_*`` methods (its
bindings) call them. Marks change in the library at once and are saved by the host's
worker; what the screen then shows as done has been saved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tuireader.links import safe_url
from tuireader.ui.screens.undo_actions import quoted, record
from tuireader.wording import plural

if TYPE_CHECKING:
    from tuireader.ui.screens.reader import ReaderScreen


def star(screen: ReaderScreen) -> None:
    if (paper := screen.current_paper()) is not None:
        library = screen.stores.library
        title = quoted(screen.latex.shown(paper.title))
        label = f"{'unstarred' if library.is_starred(paper.key) else 'starred'} {title}"
        starred = record(screen, label, [("stars", paper.key)], lambda: library.toggle_star(paper))

        def saved() -> None:
            screen.refresh_marks()
            if library.write_error is None:  # else "Not saved" said so
                screen.notify("Starred." if starred else "Unstarred.", timeout=2)
            screen.host.radar.rank()  # a new positive: the radar learns from it

        screen.host.save_library(then=saved)


def toggle_read(screen: ReaderScreen) -> None:
    if (paper := screen.current_paper()) is not None:
        library = screen.stores.library
        title = quoted(screen.latex.shown(paper.title))
        label = f"marked {title} {'unread' if library.is_read(paper.key) else 'read'}"
        if record(screen, label, [("read", paper.key)], lambda: library.toggle_read(paper.key)):
            library.mark_opened(paper.key)  # the radar's weak negative
            screen.auto_read.marked_read([paper.key])
        else:
            screen.auto_read.marked_unread(paper.key)
        screen.host.save_library(then=screen.refresh_marks)


def mark_all_read(screen: ReaderScreen) -> None:
    library = screen.stores.library
    keys = [i.key for i in screen.listed() if not library.is_read(i.key)]
    if not keys:
        screen.notify("Everything here is read already.", timeout=3)
        return

    def answered(yes: bool | None) -> None:
        if yes:
            label = f"marked {plural(len(keys), 'paper')} read"
            record(screen, label, [("read", k) for k in keys], lambda: library.mark_read(keys))
            screen.auto_read.marked_read(keys)
            screen.host.save_library(then=screen.refresh_marks)
            screen.notify(f"Marked {plural(len(keys), 'paper')} read.", timeout=3)

    from tuireader.ui.screens.confirm import ConfirmScreen  # dialogs load on first use

    screen.app.push_screen(
        ConfirmScreen(f"Mark {plural(len(keys), 'unread paper')} in this view as read?"), answered
    )


def edit_tags(screen: ReaderScreen) -> None:
    if (paper := screen.current_paper()) is None:
        return
    library = screen.stores.library

    def done(tags: list[str] | None) -> None:
        if tags is not None:
            label = f"changed the tags of {quoted(screen.latex.shown(paper.title))}"
            record(screen, label, [("tags", paper.key)], lambda: library.set_tags(paper.key, tags))
            screen.host.save_library(then=screen.refresh_marks)
            screen.host.radar.rank()  # the tag models learn from tags

    from tuireader.ui.screens.tags import TagEditor

    screen.app.push_screen(
        TagEditor(screen.latex.shown(paper.title), library.tags(paper.key), library.all_tags()),
        done,
    )


def edit_note(screen: ReaderScreen) -> None:
    if (paper := screen.current_paper()) is None:
        return
    library = screen.stores.library
    base = library.note(paper.key)

    def done(note: str | None) -> None:
        if note is not None:  # merged with a note another hubread saved meanwhile
            record(
                screen,
                f"edited the note of {quoted(screen.latex.shown(paper.title))}",
                [("notes", paper.key)],
                lambda: library.set_note(paper.key, note, base=base),
            )
            screen.host.save_library(then=screen.refresh_marks)

    from tuireader.ui.screens.note import NoteEditor

    screen.app.push_screen(NoteEditor(screen.latex.shown(paper.title), base), done)


def open_link(screen: ReaderScreen, pdf: bool) -> None:
    """Open the paper's abstract page (or PDF): only http and https links."""
    if (paper := screen.current_paper()) is None:
        return
    url, what = (paper.pdf_url, "PDF") if pdf else (paper.abs_url, "abstract page")
    if (safe := safe_url(url)) is None:
        screen.notify(
            f"This paper has no {what} link that is safe to open (only http and "
            "https links are opened).",
            severity="warning",
            timeout=5,
            markup=False,
        )
        return
    screen.host.open_link(safe)


def copy_bibtex(screen: ReaderScreen) -> None:
    if (paper := screen.current_paper()) is not None:
        from tuireader.export.bibtex import to_bibtex  # the exporters load on first use

        screen.app.copy_to_clipboard(to_bibtex([paper]))
        screen.notify("BibTeX copied to the clipboard.", timeout=3)


def export_view(screen: ReaderScreen) -> None:
    keys = [i.key for i in screen.listed()]
    if not keys:
        screen.notify("Nothing to export in this view.", severity="warning", timeout=3)
        return
    view = f"search “{screen.search_query}”" if screen.search_ids is not None else screen.view_label

    def chosen(format_name: str | None) -> None:
        if format_name:
            screen.host.export_papers(keys, format_name, view)

    from tuireader.ui.screens.export import ExportPicker

    screen.app.push_screen(ExportPicker(len(keys), view), chosen)
