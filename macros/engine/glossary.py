"""Glossary terms where a reader meets them: what an abbreviation stands for, and a link.

The link opens the term's entry on the glossary page (a tap works on a phone); an
abbreviation also carries its expansion as a tooltip.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping

from macros.engine.factbase import FactBase, UnknownIdError
from macros.engine.markup import PageContext, esc
from macros.engine.schema import Term

GLOSSARY_PAGE = "about/"
# Terms that read as abbreviations in running text: 'GDP', 'NATO', 'MaRV'.
_ABBREVIATION = re.compile(r"^[A-Z][A-Za-z]{1,5}$")


def get_term(fb: FactBase, term_id: str) -> Term:
    """Return a glossary term by id or raise UnknownIdError with the closest id."""
    try:
        return fb.terms[term_id]
    except KeyError:
        raise UnknownIdError("term", term_id, fb.terms) from None


def expansion(term: Term) -> str:
    """Return what an abbreviation stands for: the definition's words before its first colon.

    'Gross domestic product: the value of...' gives 'gross domestic product' (a common noun,
    so lower case inside a sentence); 'World Health Organization, the UN agency...' keeps its
    capitals. A definition without such a lead gives the term itself.
    """
    lead, colon, _rest = term.definition.partition(":")
    lead = " ".join(lead.split())
    if not colon or not lead or len(lead) > 80:
        # 'World Health Organization, the UN agency for health': a proper name before the
        # first comma also spells the abbreviation out.
        name = " ".join(term.definition.partition(",")[0].split())
        if len(name) <= 80 and all(word[:1].isupper() for word in name.split()):
            return name
        return term.term
    first, *others = lead.split(" ")
    if others and all(word[:1].islower() for word in others) and first[1:].islower():
        return first.lower() + (" " + " ".join(others))
    return lead


def term_link(ctx: PageContext, entry: Term, ending: str = "") -> str:
    """Return the link to a term's glossary entry; an abbreviation carries its expansion."""
    words = expansion(entry)
    href = f"{ctx.url(GLOSSARY_PAGE)}#{entry.id}"
    inner = (
        f'<abbr title="{esc(words)}">{esc(entry.term)}</abbr>'
        if words != entry.term
        else esc(entry.term)
    )
    return f'<a class="term-link" href="{esc(href)}">{inner}{esc(ending)}</a>'


def abbreviations(fb: FactBase) -> dict[str, Term]:
    """Return the glossary's abbreviations by their written form ('GDP' -> its term)."""

    def make() -> dict[str, Term]:
        return {
            t.term: t
            for t in fb.terms.values()
            if _ABBREVIATION.match(t.term) and expansion(t) != t.term
        }

    return fb.remember(("abbreviations",), dict, make)


def _pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """Match any of the names as a whole word, with an optional plural 's'."""
    return _pattern_of(frozenset(names))


@functools.lru_cache(maxsize=4096)
def _pattern_of(names: frozenset[str]) -> re.Pattern[str] | None:
    """Return the pattern of a set of names, made once (each entry of a list asks for one).

    The longest name is tried first; among names of one length the order cannot change
    a match (two different names of one length never match the same text).
    """
    ordered = sorted(names, key=lambda name: (-len(name), name))
    if not ordered:
        return None
    return re.compile(r"(?<![\w&#])(" + "|".join(map(re.escape, ordered)) + r")(s?)(?![\w;])")


def explain_first(
    ctx: PageContext,
    html_text: str,
    terms: Mapping[str, Term],
    seen: set[str],
    *,
    link: bool = True,
) -> str:
    """Explain the first use, not yet in `seen`, of each abbreviation in escaped text.

    `html_text` is text already escaped with esc() (no tags); `seen` collects the
    abbreviations explained so far in one list, so each is explained once per list. With
    link=False (for text that is itself inside a link, such as an entry's title) the
    abbreviation is spelled out in brackets after it instead of linked to the glossary:
    a tap on a phone follows the title's link and shows no tooltip, so the words are in the
    text itself (the tooltip stays for a mouse).
    """
    key = "" if link else "tooltip:"
    pattern = _pattern(name for name in terms if key + name not in seen)
    if pattern is None:
        return html_text

    def explain(match: re.Match[str]) -> str:
        name, ending = match.group(1), match.group(2)
        if key + name in seen:
            return match.group(0)
        seen.add(key + name)
        if link:
            return term_link(ctx, terms[name], ending)
        return spelled_out(terms[name], ending)

    return pattern.sub(explain, html_text)


def spelled_out(entry: Term, ending: str = "") -> str:
    """Return an abbreviation followed by its expansion in brackets.

    'GDPs' gives 'GDPs (gross domestic products)'. For text inside a link,
    where a glossary link cannot go and a tooltip does not open on a touch screen.
    """
    words = expansion(entry)
    plural = ending if ending and not words.endswith(ending) else ""
    return (
        f'<abbr title="{esc(words)}">{esc(entry.term)}</abbr>{esc(ending)}'
        f' <span class="abbr-words">({esc(words + plural)})</span>'
    )


# A glossary abbreviation in a figure's label, marked for the page's own pass.
_MARK = re.compile(r'<abbr class="term-mark" data-term="([^"]+)" title="([^"]*)">([^<]*)</abbr>')


def mark_abbreviations(fb: FactBase, html_text: str) -> str:
    """Mark every glossary abbreviation in escaped text, with its expansion as a tooltip.

    A renderer's output is shared between pages, so it cannot know which use is a page's
    first: link_first_marks() turns the first mark of each term on a page into a link to
    its glossary entry once the page is whole, and leaves the others as tooltips.
    """
    terms = abbreviations(fb)
    pattern = _pattern(terms)
    if pattern is None:
        return html_text

    def mark(match: re.Match[str]) -> str:
        entry = terms[match.group(1)]
        return (
            f'<abbr class="term-mark" data-term="{esc(entry.id)}" '
            f'title="{esc(expansion(entry))}">{esc(match.group(1))}</abbr>{esc(match.group(2))}'
        )

    return pattern.sub(mark, html_text)


# A link to a glossary entry that the page already has (from term() or a timeline list).
_LINKED = re.compile(r'<a class="term-link" href="[^"#]*#([^"]+)">')


def link_first_marks(ctx: PageContext, html: str) -> str:
    """Link the first marked abbreviation of each term on a page; the rest keep a tooltip.

    A term the page has already linked above the mark (with term(), say) is not linked again.
    """
    linked: set[str] = set()

    def visit(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            linked.add(match.group(1))
            return match.group(0)
        term_id, title, text = match.group(2), match.group(3), match.group(4)
        if term_id in linked:
            return f'<abbr title="{title}">{text}</abbr>'
        linked.add(term_id)
        href = f"{ctx.url(GLOSSARY_PAGE)}#{term_id}"
        return f'<a class="term-link" href="{esc(href)}"><abbr title="{title}">{text}</abbr></a>'

    return re.sub(f"{_LINKED.pattern}|{_MARK.pattern}", visit, html)
