"""A push as the reader and ``hubread zotero push`` make it: the papers with their tags and
note from the library, into the named collection or the one selected in Zotero."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from tuireader.config.settings import Config
from tuireader.model import Paper
from tuireader.storage.library import LibraryStore
from tuireader.zotero.client import (
    Outgoing,
    PushResult,
    SaveTarget,
    Target,
    ZoteroClient,
    ZoteroError,
)
from tuireader.zotero.lookup import ZoteroIndex, already_there, read_index


def open_client(config: Config) -> ZoteroClient:
    """A client for ``[zotero]``; ZoteroError "disabled" when it is turned off."""
    if not config.zotero.enabled:
        raise ZoteroError(
            "disabled", f"Zotero is turned off ([zotero].enabled = false in {config.path})"
        )
    return ZoteroClient(config.zotero, config.network)


def outgoing(library: LibraryStore, papers: Iterable[Paper]) -> list[Outgoing]:
    """Each paper with hubread's tags and note for it: they go with the item."""
    return [Outgoing(p, library.tags(p.key), library.note(p.key)) for p in papers]


def choose_target(config: Config, where: SaveTarget, name: str | None) -> Target | None:
    """The target ``name`` (else ``[zotero].collection``) names; None: Zotero's selected."""
    if name:
        return where.find(name)
    if not config.zotero.collection:
        return None
    try:
        return where.find(config.zotero.collection)
    except ZoteroError as exc:  # the user did not type it here: say where it comes from
        raise ZoteroError(exc.kind, f"{exc} ([zotero].collection in {config.path})") from None


def push_papers(
    client: ZoteroClient,
    library: LibraryStore,
    papers: Sequence[Paper],
    where: SaveTarget,
    target: Target | None,
    on_progress: Callable[[str], None] | None = None,
) -> PushResult:
    return client.push(outgoing(library, papers), where, target, on_progress=on_progress)


def split_known(
    client: ZoteroClient, papers: Sequence[Paper]
) -> tuple[list[Paper], list[Paper], ZoteroIndex | None]:
    """The papers not yet in Zotero, those that are (by the local API; none without it),
    and the index that said so."""
    index = read_index(client)
    known = already_there(index, papers)
    keys = {p.key for p in known}
    return [p for p in papers if p.key not in keys], known, index


def summarized(problems: Sequence[str], keep: int = 2) -> list[str]:
    """At most ``keep`` lines for a screen: a view of 18 papers whose PDFs all failed is
    one warning and a count, not 18 toasts (the command line prints each)."""
    if len(problems) <= keep:
        return list(problems)
    rest = len(problems) - keep + 1
    return [*problems[: keep - 1], f"… and {rest} more PDFs not attached"]
