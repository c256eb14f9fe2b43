"""Safe, fast XML for the known feed formats.

Feeds are parsed with lxml (libxml2): building and walking the tree takes half the time
ElementTree does, which is most of the cost of reading a 700-item listing. It is set never
to expand entities, load a DTD or touch the network. A document that declares a DTD
subset, or that libxml2 rejects, also goes through defusedxml (expat), which names what is
unsafe: entity declarations and external references (billion laughs, XXE) become a
``FeedError`` rather than being expanded, fetched, or handed to the fallback parser.
"""

from __future__ import annotations

import threading
from typing import TypeAlias
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from lxml import etree

from tuireader.feeds.errors import FeedError, MalformedXML

Element: TypeAlias = etree._Element
_local = threading.local()  # an lxml parser is not to be shared between threads


def _parser() -> etree.XMLParser:
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
            collect_ids=False,
        )
    return parser


NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "arxiv": "http://arxiv.org/schemas/atom",
    "dc": "http://purl.org/dc/elements/1.1/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rss1": "http://purl.org/rss/1.0/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "prism": "http://prismstandard.org/namespaces/basic/2.0/",
    "prism1": "http://purl.org/rss/1.0/modules/prism/",
    "opensearch": "http://a9.com/-/spec/opensearch/1.1/",
}


def parse_xml(body: bytes) -> Element:
    """Parse a document, refusing DTD entity tricks; raises ``FeedError`` on any problem.

    ``MalformedXML`` (a ``FeedError``) means the document is not well-formed but not unsafe
    either, so a forgiving parser may try it.
    """
    if not body.strip():
        raise FeedError("empty response body")
    try:
        root = etree.fromstring(body, _parser())
    except etree.XMLSyntaxError as exc:
        _check_with_expat(body)  # names the problem, or says that it is unsafe
        raise MalformedXML(f"malformed XML: {exc}") from None
    if root.getroottree().docinfo.internalDTD is not None:
        _check_with_expat(body)
    return root


def _check_with_expat(body: bytes) -> None:
    """Raise the ``FeedError`` defusedxml finds in ``body``; return when it finds none."""
    try:
        SafeET.fromstring(body, forbid_dtd=False, forbid_entities=True)
    except DefusedXmlException as exc:
        raise FeedError(f"refused unsafe XML ({type(exc).__name__})") from exc
    except ParseError as exc:
        raise MalformedXML(f"malformed XML: {exc}") from exc
    except LookupError as exc:  # <?xml encoding="..."?> names a codec nobody has
        raise FeedError(f"the XML declares an encoding hubread cannot read ({exc})") from None
    except ValueError as exc:  # expat reads no multi-byte encoding: unsafe is not ruled out
        raise FeedError(f"malformed XML in an encoding hubread cannot check ({exc})") from None


def text_of(element: Element | None, path: str | None = None) -> str:
    """Text of ``element`` (or its child at ``path``), '' when absent."""
    if element is None:
        return ""
    if path is not None:
        element = element.find(path, NS)
        if element is None:
            return ""
    if len(element) == 0:  # the common case: no child elements, just text
        return element.text or ""
    return "".join(element.itertext())


def local_name(tag: str) -> str:
    """``{namespace}name`` -> ``name``."""
    return tag.rsplit("}", 1)[-1]
