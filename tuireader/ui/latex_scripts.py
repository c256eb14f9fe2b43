"""Sub- and superscripts kept in abstracts as ``$^{5}$`` / ``$_{2}$`` (see cleantext), shown
on screen as Unicode where every character has a Unicode form; the record keeps the LaTeX."""

from __future__ import annotations

import re

_SUPERSCRIPTS = str.maketrans("0123456789+-−=()niab", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱᵃᵇ")
_SUBSCRIPTS = str.maketrans("0123456789+-−=()aeoxhklmnpst", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜ")
_LATEX_SCRIPT_RE = re.compile(r"\$([\^_])\{([^{}$]{1,40})\}\$")


def _unicode_script(match: re.Match[str]) -> str:
    inner = match.group(2)
    table = _SUPERSCRIPTS if match.group(1) == "^" else _SUBSCRIPTS
    shown = inner.translate(table)
    # Only where every character has a Unicode form; "$^{ab c}$" stays as written.
    return shown if all(ord(c) > 0x7F for c in shown) else match.group(0)


def unicode_scripts(text: str) -> str:
    """``10$^{5}$`` -> ``10⁵`` and ``CO$_{2}$`` -> ``CO₂`` for the screen, where possible."""
    return _LATEX_SCRIPT_RE.sub(_unicode_script, text) if "$" in text else text
