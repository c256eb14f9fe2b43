"""Safe, fast XML for the known feed formats.

defusedxml's ElementTree refuses entity declarations and external references, so a
billion-laughs or XXE document becomes a ``FeedError`` instead of being expanded or fetched.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from tuireader.sources.errors import FeedError, MalformedXML

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
    """Parse a document, refusing DTD entity tricks; raises ``FeedError`` on any problem."""
    if not body.strip():
        raise FeedError("empty response body")
    try:
        return SafeET.fromstring(body, forbid_dtd=False, forbid_entities=True)
    except DefusedXmlException as exc:
        raise FeedError(f"refused unsafe XML ({type(exc).__name__})") from exc
    except ParseError as exc:
        raise MalformedXML(f"malformed XML: {exc}") from exc


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
