"""A brief from start to end: budget, prompt, stream, one retry on a context-length error,
then the checks hubread can make of the answer (citations in range, a TL;DR per paper).

Runs in whatever thread calls it (the reader's worker, the CLI's main thread); text comes
back through ``on_text`` as it streams, and ``ChatClient.cancel`` from another thread stops
it with ``LLMError("cancelled")``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date

from tuireader.briefing.budget import BRIEF_TOKEN_BUDGET, Budgeted, fit
from tuireader.briefing.client import ChatClient, LLMError
from tuireader.briefing.prompts import TLDR_HEADING, brief_messages, tldr_messages
from tuireader.briefing.saved import BriefPaper, SavedBrief
from tuireader.model import Paper
from tuireader.sanitize import clean

_CITATION = re.compile(r"\[(\d{1,4}(?:\s*[,;–-]\s*\d{1,4})*)\]")
_TLDR_LINE = re.compile(r"^\s*(?:[-*]\s*|\d+[.)]\s*)?\**\[(\d{1,4})\]\**[:.\s-]*(.*)$")
MAX_BRIEF_TOKENS = 2048


def cited_numbers(text: str) -> list[int]:
    """Every paper number cited as [n], [n, m] or [n-m] in ``text``, in order."""
    numbers: list[int] = []
    for match in _CITATION.finditer(text):
        for part in re.split(r"\s*[,;]\s*", match.group(1)):
            low, _, high = part.replace("–", "-").partition("-")
            start, end = int(low), int(high.strip() or low)
            numbers.extend(range(start, min(end, start + 50) + 1) if end > start else [start])
    return numbers


def tldr_lines(text: str) -> dict[int, str]:
    """The "[n] sentence" lines under the TL;DR heading, by paper number."""
    found: dict[int, str] = {}
    heading = re.search(r"^#+\s*TL;?DR.*$", text, re.IGNORECASE | re.MULTILINE)
    if heading is None:
        return found
    for line in text[heading.end() :].splitlines():
        if line.startswith("#"):
            break
        match = _TLDR_LINE.match(line)
        if match and match.group(2).strip():
            found.setdefault(int(match.group(1)), match.group(2).strip())
    return found


def check_answer(text: str, count: int) -> list[str]:
    """What is wrong with an answer about ``count`` papers, as notes for the reader."""
    notes = []
    wrong = sorted({n for n in cited_numbers(text) if not 1 <= n <= count})
    if wrong:
        notes.append(
            f"The model cited {', '.join(f'[{n}]' for n in wrong)}, which "
            f"{'is' if len(wrong) == 1 else 'are'} not among the {count} papers."
        )
    tldrs = tldr_lines(text)
    missing = [n for n in range(1, count + 1) if n not in tldrs]
    if missing:
        listed = ", ".join(f"[{n}]" for n in missing)
        has_heading = re.search(r"^#+\s*TL;?DR", text, re.IGNORECASE | re.MULTILINE)
        where = (
            f"its {TLDR_HEADING} section skips them"
            if has_heading
            else f"the answer has no {TLDR_HEADING} section"
        )
        notes.append(f"No TL;DR from the model for {listed}: {where}.")
    return notes


def write_brief(
    client: ChatClient,
    papers: Sequence[Paper],
    *,
    day: date,
    starred_titles: Sequence[str] = (),
    on_text: Callable[[str], None] = lambda _text: None,
    on_note: Callable[[str], None] = lambda _note: None,
    token_budget: int = BRIEF_TOKEN_BUDGET,
) -> SavedBrief:
    """Brief ``papers`` (ranked: the first are kept when not all fit). A context-length
    error is retried once with half the papers, and ``on_note`` says so; any other
    ``LLMError`` is raised as it is."""
    config = client.config
    budgeted = fit(papers, max_papers=config.max_papers, token_budget=token_budget)
    notes: list[str] = []
    for attempt in (1, 2):
        if not budgeted.items:
            raise LLMError("context_length", f"{client.server}: no paper fits the budget")
        messages = brief_messages(
            budgeted.items,
            language=config.language,
            starred_titles=starred_titles,
            instructions=config.brief_prompt,
        )
        parts: list[str] = []
        try:
            for piece in client.stream(messages, max_tokens=MAX_BRIEF_TOKENS):
                parts.append(piece)
                on_text(piece)
            break
        except LLMError as exc:
            if exc.kind != "context_length" or attempt == 2 or budgeted.covered < 2:
                raise
            fewer = budgeted.covered // 2
            note = (
                f"The model's context was too small for {budgeted.covered} papers; "
                f"retried with {fewer}."
            )
            notes.append(note)
            on_note(note)
            budgeted = fit(papers[:fewer], max_papers=fewer, token_budget=token_budget)
            budgeted = Budgeted(budgeted.items, len(papers))
    body = "".join(parts)
    notes += check_answer(body, budgeted.covered)
    return SavedBrief(
        day=day,
        model=config.model,
        server=client.server,
        papers=tuple(
            BriefPaper(i.number, i.paper.key, clean(i.paper.title), i.paper.link or "")
            for i in budgeted.items
        ),
        body=body,
        coverage=budgeted.coverage(),
        notes=tuple(notes),
    )


def one_tldr(client: ChatClient, paper: Paper) -> str:
    """A one-sentence TL;DR of ``paper`` in the configured language (non-streaming)."""
    text = client.complete(tldr_messages(paper, language=client.config.language), max_tokens=160)
    line = clean(text).strip().strip('"').strip()
    if not line:
        raise LLMError("malformed", f"{client.server}: the model answered with no TL;DR")
    return line
