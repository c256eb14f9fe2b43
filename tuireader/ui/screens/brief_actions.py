"""The reader's LLM keys: `b` writes a brief of the listed papers, `Ctrl+B` reopens the
newest saved one (offline), `B` asks for a TL;DR of the selected paper (kept in tldr.json
and shown above its abstract from then on).

Present only with an ``[llm]`` table (the screen's ``check_action`` hides them otherwise).
A hosted server (not on this machine) is asked about once: the reader's yes is kept in
``llm-consent.json`` in the data dir, per server, so papers never leave the machine
without it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual.content import Content

from tuireader.atomic_files import atomic_write
from tuireader.briefing.client import ChatClient, LLMError
from tuireader.briefing.saved import (
    SavedBriefError,
    TldrStore,
    load_brief,
    saved_days,
    tldr_path,
)
from tuireader.briefing.service import one_tldr
from tuireader.net.endpoints import is_local, server_label
from tuireader.sanitize import clean

if TYPE_CHECKING:
    from tuireader.config.settings import LLMConfig
    from tuireader.ui.screens.reader import ReaderScreen

HOW_TO_TURN_ON = (
    "LLM briefs and TL;DRs (b, B, Ctrl+B) are off: add an [llm] table with base_url and "
    "model to config.toml to turn them on."
)


def consent_path(data_dir: Path) -> Path:
    return data_dir / "llm-consent.json"


def consented(data_dir: Path, server: str) -> bool:
    try:
        servers = json.loads(consent_path(data_dir).read_text("utf-8")).get("servers", [])
    except (OSError, ValueError, AttributeError):
        return False
    return isinstance(servers, list) and server in servers


def remember_consent(data_dir: Path, server: str) -> None:
    """Keep the reader's yes for ``server``; OSError when it cannot be written."""
    path = consent_path(data_dir)
    try:
        servers = list(json.loads(path.read_text("utf-8")).get("servers", []))
    except (OSError, ValueError, AttributeError, TypeError):
        servers = []
    servers.append(server)
    atomic_write(path, json.dumps({"servers": sorted(set(servers))}, indent=2).encode())


def with_consent(screen: ReaderScreen, llm: LLMConfig, then: Callable[[], None]) -> None:
    """Run ``then`` if ``llm`` is local or the reader has agreed to this server before;
    otherwise ask once."""
    data_dir = screen.stores.paths.data_dir
    server = server_label(llm.base_url)
    if is_local(llm.base_url) or consented(data_dir, server):
        then()
        return

    def answered(yes: bool | None) -> None:
        if not yes:
            screen.notify("Nothing was sent.", timeout=3)
            return
        try:
            remember_consent(data_dir, server)
        except OSError as exc:
            screen.notify(
                f"Your answer could not be kept ({exc.strerror or exc}); you will be asked "
                "again next time.",
                severity="warning",
            )
        then()

    from tuireader.ui.screens.confirm import ConfirmScreen

    screen.app.push_screen(
        ConfirmScreen(
            f"{server} is not on this machine. Send the titles, authors and abstracts of "
            "papers to it for briefs and TL;DRs? (Asked once per server.)"
        ),
        answered,
    )


def write_brief(screen: ReaderScreen) -> None:
    llm = screen.stores.config.llm
    if llm is None:
        screen.notify(HOW_TO_TURN_ON, severity="warning")
        return
    listed = screen.listed()
    if not listed:
        screen.notify("No papers in this view to brief.", severity="warning", timeout=3)
        return
    library = screen.stores.library
    starred = library.starred_keys()
    # Starred first, then as listed: when not all fit, the ones the reader cares about stay.
    keys = [i.key for i in listed if i.key in starred] + [
        i.key for i in listed if i.key not in starred
    ]
    papers = [p for key in keys[: llm.max_papers] if (p := screen.paper_for(key)) is not None]

    def start() -> None:
        from tuireader.ui.screens.brief import BriefScreen

        screen.app.push_screen(
            BriefScreen(
                client=ChatClient(llm),
                papers=papers,
                day=datetime.now(UTC).date(),
                starred_titles=[p.title for p in library.starred_papers()][:30],
                data_dir=screen.stores.paths.data_dir,
                shown=screen.latex.shown,
            ),
            screen.jump_to_paper,
        )

    with_consent(screen, llm, start)


def open_saved_brief(screen: ReaderScreen) -> None:
    data_dir = screen.stores.paths.data_dir
    days = saved_days(data_dir)
    if not days:
        screen.notify(f"No saved brief yet: {screen.host.key_for('brief')} writes one.", timeout=4)
        return
    try:
        brief = load_brief(data_dir, days[0])
    except SavedBriefError as exc:
        screen.notify(str(exc), title="Brief not opened", severity="error", timeout=10)
        return
    if brief is None:  # removed meanwhile
        screen.notify("The saved brief is gone.", severity="warning")
        return
    from tuireader.ui.screens.brief import BriefScreen

    screen.app.push_screen(
        BriefScreen(day=brief.day, saved=brief, data_dir=data_dir, shown=screen.latex.shown),
        screen.jump_to_paper,
    )


def tldr_store(screen: ReaderScreen) -> TldrStore:
    """The reader's TL;DR cache (tldr.json), read on first use; a damaged file is said."""
    if screen.tldrs is None:
        screen.tldrs = TldrStore(tldr_path(screen.stores.paths.data_dir))
        if screen.tldrs.problem:
            screen.notify(screen.tldrs.problem, title="TL;DRs", severity="warning", timeout=10)
    return screen.tldrs


def with_tldr(screen: ReaderScreen, key: str, abstract: Content) -> Content:
    """``abstract`` with the paper's TL;DR above it, when there is one (and [llm])."""
    if screen.stores.config.llm is None:
        return abstract
    tldr = tldr_store(screen).get(key)
    if tldr is None:
        return abstract
    line = Content.assemble(("TL;DR ", "bold $accent"), clean(tldr.text))
    return Content("\n").join([line, Content(""), abstract])


def ask_tldr(screen: ReaderScreen) -> None:
    """`B`: a one-sentence TL;DR of the selected paper, in a worker, then shown."""
    llm = screen.stores.config.llm
    if llm is None:
        screen.notify(HOW_TO_TURN_ON, severity="warning")
        return
    if (paper := screen.current_paper()) is None:
        return
    store = tldr_store(screen)

    client = ChatClient(llm)

    def work() -> None:
        screen.llm_clients.add(client)  # cancelled if the reader quits meanwhile
        try:
            text = one_tldr(client, paper)
        except LLMError as exc:
            if not client.cancelled:
                screen.app.call_from_thread(
                    screen.notify, str(exc), title="No TL;DR", severity="error", timeout=10
                )
            return
        finally:
            screen.llm_clients.discard(client)
        problem = ""
        try:
            store.put(paper.key, text, language=llm.language, model=llm.model)
        except OSError as exc:
            problem = f"The TL;DR could not be saved: {exc.strerror or exc}"
        screen.app.call_from_thread(_tldr_arrived, screen, paper.key, problem)

    def start() -> None:
        screen.notify(f"Asking {llm.model} for a TL;DR …", timeout=3)
        screen.run_worker(
            work,
            thread=True,
            group="tldr",
            name="one_tldr",
            description="Asking the language model for a TL;DR",
            exit_on_error=False,
        )

    with_consent(screen, llm, start)


def _tldr_arrived(screen: ReaderScreen, key: str, problem: str) -> None:
    """A TL;DR for ``key`` is in: show it if that paper is still shown."""
    if problem:
        screen.notify(problem, severity="warning", timeout=8)
    if screen.shown is not None and screen.shown.key == key:
        screen.show_current(keep_scroll=True)
