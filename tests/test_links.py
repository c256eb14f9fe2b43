"""One check of http(s) addresses: config, fetches, opened links and exports agree."""

from __future__ import annotations

import pytest

from tuireader.links import export_url, http_url_problem, safe_url

# Each was accepted by one check and refused by another.
REFUSED = [
    ("http://h:abc/", "not a valid address"),  # safe_url opened it; config refused it
    ("https://example.org:99999999/x", "not a valid address"),
    ("https:///feed", "names no host"),
    ("file:///etc/passwd", "only http:// and https://"),
    ("javascript:alert(1)", "only http:// and https://"),
    (" https://example.org/", "spaces or control characters"),
    ("https://example.org/\x1b]0;x\x07", "spaces or control characters"),
]


@pytest.mark.parametrize(("url", "problem"), REFUSED)
def test_every_check_refuses_the_same_addresses(url: str, problem: str) -> None:
    found = http_url_problem(url)
    assert found is not None and problem in found
    assert safe_url(url) is None
    if url == url.strip() and url.isprintable():  # export_url strips and encodes the rest
        assert export_url(url) is None


@pytest.mark.parametrize("url", ["https://arxiv.org/abs/2611.00001", "http://h:8080/a?b=c#d"])
def test_every_check_accepts_a_clean_address(url: str) -> None:
    assert http_url_problem(url) is None
    assert safe_url(url) == url
    assert export_url(url) == url
