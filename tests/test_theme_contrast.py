"""Every shipped theme's text reaches WCAG 2.x AA contrast (4.5:1) against its backgrounds.

The colours are the ones Textual resolves from the theme (``Theme.to_color_system()``), with
``auto`` and translucent colours (``$text-muted`` is ``auto 60%``) composited onto the
background they are drawn on, as the terminal shows them.
"""

from __future__ import annotations

import pytest
from textual.color import Color
from textual.theme import Theme

from tuireader.ui.themes import DEFAULT_THEME, load_themes, shipped_themes_dir

AA = 4.5  # WCAG 2.x success criterion 1.4.3, normal text

# The variables the reader draws text in (grep the CSS and render.py for `$...`):
# primary and secondary text, and the accents used for titles, badges, markers and hints.
TEXT_VARIABLES = (
    "foreground",
    "text",
    "text-muted",
    "primary",
    "secondary",
    "accent",
    "warning",
    "error",
    "success",
)
# The themes' own text colours ([variables] in the theme files), when a theme sets them.
OWN_TEXT_VARIABLES = ("paper-unread", "paper-read", "paper-star", "radar-highlight")
BACKGROUNDS = ("background", "surface")  # the panes, and the dialogs
# Text Textual's own widgets draw on their own backgrounds: the header (title, and the
# refresh progress) and the footer's keys.
PAIRS = (
    ("foreground", "panel"),
    ("text-muted", "panel"),
    ("footer-key-foreground", "footer-background"),
    ("footer-description-foreground", "footer-background"),
)


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(color: Color) -> float:
    """WCAG 2.x relative luminance of an opaque sRGB colour."""
    return 0.2126 * _channel(color.r) + 0.7152 * _channel(color.g) + 0.0722 * _channel(color.b)


def contrast_ratio(a: Color, b: Color) -> float:
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def resolve(value: str, background: Color) -> Color:
    """A theme variable as drawn on ``background``: ``auto N%`` is Textual's contrasting
    text at that alpha; any alpha is composited onto the background."""
    name, _, alpha = value.partition(" ")
    fraction = float(alpha.rstrip("%")) / 100 if alpha else 1.0
    if name == "auto":
        color = background.get_contrast_text(fraction)
    else:
        color = Color.parse(name)
        color = color.with_alpha(color.a * fraction)
    return background + color


def shipped() -> list[Theme]:
    themes = load_themes(shipped_themes_dir())
    assert not themes.errors
    return themes.themes


def test_the_formula_on_known_pairs() -> None:
    """The formula itself, on the pairs every WCAG calculator agrees on."""
    black, white = Color.parse("#000000"), Color.parse("#FFFFFF")
    assert contrast_ratio(black, white) == pytest.approx(21.0)
    assert contrast_ratio(white, white) == pytest.approx(1.0)
    assert contrast_ratio(Color.parse("#777777"), white) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio(Color.parse("#767676"), white) == pytest.approx(4.54, abs=0.01)


def test_every_shipped_theme_is_checked() -> None:
    names = {t.name for t in shipped()}
    assert {DEFAULT_THEME, "hubread-light", "hubread-contrast"} <= names


@pytest.mark.parametrize("theme", shipped(), ids=lambda t: t.name)
def test_text_reaches_aa_contrast(theme: Theme) -> None:
    colors = {**theme.to_color_system().generate(), **theme.variables}
    failing = []
    for back_name in BACKGROUNDS:
        back = Color.parse(colors[back_name])
        for name in (*TEXT_VARIABLES, *(v for v in OWN_TEXT_VARIABLES if v in colors)):
            ratio = contrast_ratio(resolve(colors[name], back), back)
            if ratio < AA:
                failing.append(f"${name} on ${back_name}: {ratio:.2f}:1")
        # The cursor row, focused and not: one colour pair on the cursor's own background.
        for cursor_name in ("block-cursor", "block-cursor-blurred"):
            cursor = resolve(colors[f"{cursor_name}-background"], back)
            ratio = contrast_ratio(resolve(colors[f"{cursor_name}-foreground"], cursor), cursor)
            if ratio < AA:
                failing.append(f"${cursor_name} row on ${back_name}: {ratio:.2f}:1")
    for name, back_name in PAIRS:
        back = Color.parse(colors[back_name])
        ratio = contrast_ratio(resolve(colors[name], back), back)
        if ratio < AA:
            failing.append(f"${name} on ${back_name}: {ratio:.2f}:1")
    assert not failing, f"{theme.name}: {', '.join(failing)}"
