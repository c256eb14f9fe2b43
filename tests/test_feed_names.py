"""Names a feed writes in parts ("Garcia Marquez, G.") keep those parts in the record.

The display string "G. Garcia Marquez" parses back into the given name "G. Garcia": the
parsers keep the source's parts, through the cache, into the citation exports. Feeds in
the real shapes of bioRxiv's RDF and a journal's dc:creator lists (tests/fixtures).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tests.fixtures import demo_papers as demo
from tests.fixtures import feedwriter as fw
from tuireader.export.bibtex import to_bibtex
from tuireader.kinds.registry import parse_feed
from tuireader.names import PersonName
from tuireader.storage.cache import CacheStore

BIORXIV = replace(
    demo.BIORXIV[0],
    creator_text="Garcia Marquez, G., van der Berg, A., Hou, N., Le Cun, Y. A.",
)


def test_biorxiv_surnames_of_several_words_stay_family_names(tmp_path: Path) -> None:
    (paper,) = parse_feed("biorxiv", fw.biorxiv_rdf([BIORXIV], "Genomics").encode(), "bio")
    assert paper.authors == ("G. Garcia Marquez", "A. van der Berg", "N. Hou", "Y. A. Le Cun")
    assert paper.people[0] == PersonName("G.", "Garcia Marquez")
    assert paper.people[1] == PersonName("A.", "Berg", particle="van der")
    cache = CacheStore(tmp_path / "cache.sqlite3")
    cache.store_papers("bio", [paper])
    stored = cache.paper(paper.key)
    cache.close()
    assert stored is not None and stored.people == paper.people
    assert "author = {{Garcia Marquez}, G. and van der Berg, A. and Hou, N." in to_bibtex([stored])


def test_journal_creators_written_family_first_keep_their_parts() -> None:
    journal = [
        replace(demo.NATURE[0], authors=["García Márquez, Gabriel; van der Berg, Anna"]),
        replace(demo.NATURE[1], authors=["Ann Lee", "Bo Chen"]),
    ]
    first, second = parse_feed("feed", fw.nature_rdf(journal).encode(), "nature")
    assert first.authors == ("Gabriel García Márquez", "Anna van der Berg")
    assert first.people == (
        PersonName("Gabriel", "García Márquez"),
        PersonName("Anna", "Berg", particle="van der"),
    )
    # Names that parse back from their display strings are not stored twice.
    assert second.names == () and second.people == (
        PersonName("Ann", "Lee"),
        PersonName("Bo", "Chen"),
    )
