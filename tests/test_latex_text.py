"""LaTeX in titles and abstracts shown as readable Unicode (tuireader.latex_text).

The inputs are written the way arXiv titles and abstracts are (its listings and API give
the authors' LaTeX source as typed); every case says what a reader should see.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tuireader.latex_text import MAX_RENDERED, looks_like_latex, render_latex, render_latex_styled

CASES = [
    # math: Greek, fonts, operators, sub- and superscripts
    (r"$\alpha$-stable L\'evy processes", "α-stable Lévy processes"),
    (r"An $O(n^2)$ algorithm for matching", "An O(n²) algorithm for matching"),
    (r"Sorting in $\mathcal{O}(n\log n)$ comparisons", "Sorting in 𝒪(n log n) comparisons"),
    (r"Bounds of $\mathcal{O}$ type", "Bounds of 𝒪 type"),
    (r"Flows on $\mathbb{R}^n$ and $\mathbb{C}^{d}$", "Flows on ℝⁿ and ℂᵈ"),
    (r"Emissions of CO$_{2}$ and CH$_4$", "Emissions of CO₂ and CH₄"),
    (r"rates of 10$^{-3}$ per step", "rates of 10⁻³ per step"),
    (r"the weights $x_{ij}^{2}$", "the weights xᵢⱼ²"),
    (r"a term $x^{ab c}$ with no Unicode form", "a term x^(ab c) with no Unicode form"),
    (r"$\epsilon$-greedy with $\gamma \to 1$", "ϵ-greedy with γ → 1"),
    (r"error $\leq 10\%$ and $\geq$ half", "error ≤ 10% and ≥ half"),
    (r"a $\frac{1}{2}$-approximation", "a 1/2-approximation"),
    (r"$\ell_1$ and $\| x \|$ norms", "ℓ₁ and ‖ x ‖ norms"),
    (r"$\tilde{O}(\sqrt{T})$ regret", "Õ(√(T)) regret"),
    (r"pairs $\alpha$ $\beta$ of $x$ $y$", "pairs α β of x y"),  # spaces between formulas
    # a macro right before a script keeps both (it was one unknown macro, "\alphaᵢ")
    (r"$x_i^2 + \beta_{k}$", "xᵢ² + βₖ"),
    (r"$\alpha_i$", "αᵢ"),
    (r"$\sum_i x_i$", "∑ᵢ xᵢ"),
    (r"$\sum_{i=1}^n x_i \leq \epsilon$", "∑ᵢ₌₁ⁿ xᵢ ≤ ϵ"),
    (r"$\sum_{i = 1}^{n} x_i$", "∑ᵢ₌₁ⁿ xᵢ"),
    (r"$\epsilon_{\rm mach}$", "ϵ_(mach)"),
    (r"$\mathbb{R}^d$", "ℝᵈ"),
    (r"$x^{-1}$", "x⁻¹"),
    (r"$\hat{x}_t$", "x̂ₜ"),
    (r"$10^{-3}$", "10⁻³"),
    (r"$a_{ij}$", "aᵢⱼ"),
    (r"$\log_2 n$", "log₂ n"),
    (r"$e^{i\pi}$", "e^(iπ)"),
    (r"$x_\alpha$ and $x^\top A x$", "x_α and xᵀ A x"),
    (r"$f^{\prime}$ and $x^q$", "f′ and x^q"),
    (r"$x_{\mathrm{max}}$, $\theta^*$ and $x^{(t)}$", "xₘₐₓ, θ^* and x⁽ᵗ⁾"),
    (r"{\bf Big} data and {\it small} data", "Big data and small data"),
    (r"$x^$ and $\{x_\}$", "x^ and {x_}"),  # nothing to raise: the author's character
    ("snake_case and a^b outside math", "snake_case and a^b outside math"),
    (r"\^o and \_ in text", "ô and _ in text"),
    # citations and cross-references show what was written, not "<cit.>"
    (r"as in \cite{smith2020}.", "as in [smith2020]."),
    (r"methods \citep{a, b} and \citet{c}", "methods [a, b] and [c]"),
    (r"\citep[see][p.~3]{x} and \cite[Thm.~2]{y}", "[see x, p. 3] and [y, Thm. 2]"),
    (r"Section~\ref{sec:intro}, Eq.~\eqref{eq:loss}", "Section [sec:intro], Eq. (eq:loss)"),
    # accents and names
    (r"On a problem of Erd{\H o}s", "On a problem of Erdős"),
    (r"Schr\"odinger bridges", "Schrödinger bridges"),
    (r"{\L}{\'o}d{\'z} and Pi\v{z}anec", "Łódź and Pižanec"),
    (r"Jonas M{\o}ller and \c{C}elik", "Jonas Møller and Çelik"),
    # text macros and links
    (r"We \emph{prove} it, \textit{twice} and \textbf{fast}", "We prove it, twice and fast"),
    (r"\emph{fast} \textbf{and} exact", "fast and exact"),
    (
        r"Code at \href{https://github.com/x/y}{our repo}.",
        "Code at our repo <https://github.com/x/y>.",
    ),
    (r"Write to \href{mailto:a@b.org}{the authors}.", "Write to the authors."),
    (r"See \url{https://example.org/data}", "See <https://example.org/data>"),
    (r"see https://x.org/~user/a_b%20c#frag now", r"see https://x.org/~user/a_b%20c#frag now"),
    (r"\url{https://x.org/~u_v}", "<https://x.org/~u_v>"),
    (r"Implemented in \texttt{torch.compile}", "Implemented in torch.compile"),
    (r"``Quoted'' text", "“Quoted” text"),
    # characters the author meant literally
    (r"50\% fewer and 5% more", "50% fewer and 5% more"),
    (r"values $<$ 3 and $>$ 1", "values < 3 and > 1"),
    ("R&D at A & B, issue #12", "R&D at A & B, issue #12"),
    (r"costs $5 per query", "costs $5 per query"),
    (r"$\alpha$ costs $5", "α costs $5"),
    ("between $5 and $10 billion", "between $5 and $10 billion"),
    ("from $5-$10 each", "from $5-$10 each"),
    (r"errors of $<$1\% and $>$90\% recall", "errors of <1% and >90% recall"),
    (r"priced at $3$ to $4$ units", "priced at 3 to 4 units"),
    (r"a $ \sim $ sign, spaced", "a ∼ sign, spaced"),
    ("~100 samples", "~100 samples"),
    ("Fig.~3 shows", "Fig. 3 shows"),
    (r"the set \{a, b\}", "the set {a, b}"),
    ("a closing } brace", "a closing } brace"),
    (r"an {opening brace and $\beta$", "an {opening brace and β"),
    # braces
    ("{GPT}-4 and {BERT}", "GPT-4 and BERT"),
    ("nested {a {b {c}}} groups", "nested a b c groups"),
    # macros pylatexenc does not know stay readable, never vanish
    (r"the \foo{bar} operator", r"the \foo{bar} operator"),
    (r"a \newthing here", r"a \newthing here"),
    (r"$\unknownsym$ in math", r"\unknownsym in math"),
    # hand spacing means nothing on a terminal
    (
        r"the logics $\mathcal{E\mkern-2mu L}$ and $\mathcal{E\mkern-2mu LI}$",
        "the logics ℰℒ and ℰℒℐ",
    ),
    (r"up to 6.01$\times$ faster, $I$-$V$ curves", "up to 6.01× faster, I-V curves"),
    # whole abstracts, as arXiv gives them
    (
        r"We study $\alpha$-stable processes on $\mathbb{R}^d$ and show that the"
        "\n"
        r"empirical risk converges at rate $O(n^{-1/2})$ (\emph{without} moment"
        "\n"
        r"assumptions). On 50\% of the benchmarks, our estimator beats Erd{\H o}s--R\'enyi"
        "\n"
        r"baselines. Code: \href{https://github.com/ex/stable}{github.com/ex/stable}.",
        "We study α-stable processes on ℝᵈ and show that the\n"
        "empirical risk converges at rate O(n^(-1/2)) (without moment\n"
        "assumptions). On 50% of the benchmarks, our estimator beats Erdős–Rényi\n"
        "baselines. Code: github.com/ex/stable <https://github.com/ex/stable>.",
    ),
    (
        r"Transformers cost $\mathcal{O}(n^2)$ in the sequence length $n$. We present a"
        r" kernel with $\mathcal{O}(n\log n)$ cost and $<$1\% accuracy loss, reaching"
        r" 10$^{5}$ tokens on one GPU (\textasciitilde 3$\times$ faster than FlashAttention).",
        "Transformers cost 𝒪(n²) in the sequence length n. We present a"
        " kernel with 𝒪(n log n) cost and <1% accuracy loss, reaching"
        " 10⁵ tokens on one GPU (~3× faster than FlashAttention).",
    ),
    # nothing to do
    ("Plain title: no LaTeX at all", "Plain title: no LaTeX at all"),
    ("", ""),
]


@pytest.mark.parametrize(("source", "shown"), CASES)
def test_latex_is_shown_as_unicode(source: str, shown: str) -> None:
    assert render_latex(source) == shown


def test_text_without_latex_is_not_parsed() -> None:
    assert not looks_like_latex("Language agents that ask: 41% fewer questions")
    assert looks_like_latex(r"$\alpha$")


@pytest.mark.parametrize(
    "source",
    [
        "$",
        "{",
        "}",
        "\\",
        r"\href{",
        r"\href{https://x}",
        r"\begin{itemize} never ends",
        r"$\frac{1}$",
        r"\end{equation}",
        "$$ $$ $",
        "\ue000 private use",
    ],
)
def test_broken_latex_never_raises_and_keeps_its_text(source: str) -> None:
    shown = render_latex(source)
    assert isinstance(shown, str)
    # Nothing the author wrote disappears entirely: every letter is still there.
    letters = [c for c in source if c.isalpha()]
    assert all(c in shown for c in letters)


@pytest.mark.parametrize(
    "source",
    [
        "{" * 3000 + "x" + "}" * 3000,
        r"\emph{" * 2000 + "x" + "}" * 2000,
        "$a^" + "{" * 900 + "}" * 900 + "$",
    ],
)
def test_braces_nested_thousands_deep_are_shown_as_written(source: str) -> None:
    assert render_latex(source) == source


def test_a_huge_text_is_shown_as_written_not_converted() -> None:
    source = r"$\alpha$ " * 2000  # 18,000 characters: converting would freeze the reader
    assert len(source) > MAX_RENDERED
    assert render_latex(source) == source
    assert render_latex(source[:MAX_RENDERED]).startswith("α α")


def test_control_characters_are_not_introduced() -> None:
    shown = render_latex(r"line one \\ line two")
    assert "line one" in shown and "line two" in shown


LATEXISH = st.lists(
    st.sampled_from([*"ab $\\{}^_%&#~'`\"\n", r"\alpha", r"\H", r"\emph", r"\href", "$x^"]),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(LATEXISH)
def test_any_latexish_text_converts_without_raising(source: str) -> None:
    shown = render_latex(source)
    assert isinstance(shown, str)
    # No placeholder of ours ever reaches the screen.
    assert not any("\ue000" <= c <= "\ue013" for c in shown)


def test_emphasis_comes_with_its_spans() -> None:
    styled = render_latex_styled(r"We \emph{prove} it and \textbf{fast \textit{really}} $\alpha$")
    assert styled.text == "We prove it and fast really α"
    spans = {(styled.text[a:b], style) for a, b, style in styled.spans}
    assert spans == {("prove", "italic"), ("fast really", "bold"), ("really", "italic")}
    assert render_latex_styled("plain").spans == ()
    assert render_latex(r"\emph{x} y") == "x y"  # plain text has no marks left
