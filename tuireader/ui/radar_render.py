"""The radar's parts of the reader, as ``Content``: the score before a Radar row, and the
"why?" explanation above the abstract.

Titles, authors, keywords and the model's words all come from papers or config: they are
added as plain text (cleaned), never parsed as markup. A nearest starred paper is a link
by its position (``screen.jump_nearest(0)``), so no paper text ever reaches an action.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content, Span

from tuireader.radar.ranking import Ranked, Why
from tuireader.sanitize import clean

BAR = 5  # cells of the score bar


def score_lead(ranked: Ranked, best: float) -> Content:
    """``▮▮▮▯▯ 2.3 `` before a Radar row: the bar is relative to the view's best score."""
    filled = round(BAR * max(0.0, ranked.score) / best) if best > 0 else 0
    filled = min(BAR, filled)
    return Content.assemble(
        ("▮" * filled, "$success"),
        ("▯" * (BAR - filled), "$text-muted"),
        (f" {ranked.score:4.1f} ", "$text-muted"),
    )


def why_content(
    why: Why | None,
    missing: str | None,
    threshold: float,
    status: str = "",
    *,
    shown: Callable[[str], str] = str,
) -> Content:
    """The full explanation: every rule that matched, the learned part, the nearest
    starred papers (clickable) and the words that pushed the score up and down; ``status``
    says how the radar ranks now ("learned from 12 papers · without embeddings: ...").
    ``shown`` gives a paper's title as the reader shows it (LaTeX rendered or as written)."""
    lines: list[Content] = [Content("Why this score?").stylize("bold")]
    if status:
        lines.append(Content(clean(f"Radar: {status}")).stylize("$text-muted"))
    if missing:
        lines.append(Content(clean(f"Not on the Radar: {missing}")).stylize("$warning"))
    if why is None:
        lines.append(Content("The radar does not know this paper."))
        return Content("\n").join(lines)
    ranked = why.ranked
    passes = "passes" if ranked.score >= threshold else "below"
    model = f" · {why.model}" if why.model else ""
    lines.append(
        Content(clean(f"score {ranked.score:.2f} ({passes} threshold {threshold:g}){model}"))
    )
    if ranked.muted:
        lines.append(Content(clean(f"muted: {ranked.muted}")).stylize("$warning"))
    for part in ranked.contributions:
        lines.append(Content(clean(f"  {part.value:+.2f}  {part.reason}")))
    if why.nearest:
        lines.append(Content("Nearest starred papers (click to go there):"))
        for i, (_key, title, cosine) in enumerate(why.nearest):
            text = clean(f"  {shown(title)} ({cosine:.2f})")
            link = Span(2, len(text), f"underline @click=screen.jump_nearest({i})")
            lines.append(Content(text, [link]))
    if why.similar:  # [radar].embeddings_url: the closest by meaning, not by words
        lines.append(Content("Closest liked papers by embeddings:"))
        lines.extend(
            Content(clean(f"  {shown(title)} ({cosine:.2f})")) for _k, title, cosine in why.similar
        )
    if why.up:
        lines.append(Content(clean("words that pushed it up: " + ", ".join(why.up))))
    if why.down:
        lines.append(Content(clean("words that pushed it down: " + ", ".join(why.down))))
    return Content("\n").join(lines).stylize("$text")
