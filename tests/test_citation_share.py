"""scripts/citation_share.py (`make citations`): what it counts, its reviewed table, the share.

The counter must see every citation a reader sees on a reader page: the citation links of
timeline entries and tables, the superscript markers of the prose (resolved through the
page's source list to the source they name), the dataset credits and any other link to a
source. The table of hosts is reviewed by hand: every entry must name one of the kinds.
On the real built site, fewer than 1 citation in 100 may rest on hosts of kind "other"
(blogs, content farms, mirrors, aggregators, syndication copies), counting every citation
and counting the hand-picked ones alone.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from macros import site as this_site
from scripts import citation_share

AUDITED = ("data/sources.yml", "data/history.yml", "data/humanitarian.yml", "data/terms.yml")

PAGE = (
    '<p>Text<sup class="cite-refs"><a href="#ref-2" class="cite-ref">2</a>,'
    '<a href="#ref-1" class="cite-ref">1</a></sup> and again'
    '<sup class="cite-refs"><a href="#ref-2" class="cite-ref">2</a></sup>.</p>'
    '<a href="../timeline/#an-event" class="event-link">an event</a>'
    '<span><a href="../sources/news-1/#linked" class="cite-link">Publisher</a></span>'
    '<p>Corrected: <a href="../sources/research/#named">a named source</a>, see also '
    '<a href="https://www.example.org/story/">the story itself</a> and '
    '<a href="https://example.org/unknown">a page that is no source</a>.</p>'
    '<svg><a xlink:href="../sources/official/#in-a-picture"><text>mark</text></a></svg>'
    '<section class="page-refs"><h2 id="sources-on-this-page">Sources</h2>'
    '<p class="ref-datasets">Data on this page comes from: '
    '<a href="../sources/data/#a-dataset">A dataset</a>.</p>'
    '<ol><li id="ref-1"><a href="https://example.org/first" class="ref-title">T</a> '
    '<a href="../sources/news-1/#first" class="ref-more">About</a></li>'
    '<li id="ref-2"><a href="../sources/news-2/#second" class="ref-more">About</a></li>'
    '<li id="ref-3"><a href="../sources/news-2/#unmarked" class="ref-more">About</a></li>'
    "</ol></section>"
)


def test_every_reviewed_host_names_a_kind() -> None:
    wrong = {
        host: kind
        for host, kind in citation_share.HOSTS.items()
        if kind not in citation_share.KINDS
    }
    assert not wrong, f"hosts with a kind that is not one of {citation_share.KINDS}: {wrong}"


def test_every_markup_of_a_citation_is_counted_once_per_citation() -> None:
    """Markers count for the source their entry names (once each), and the entry not again."""
    parser = citation_share._Cites({"example.org/story": "story"})
    parser.feed(PAGE)
    assert Counter(parser.cited) == Counter(
        {
            ("second", "superscript"): 2,
            ("first", "superscript"): 1,
            ("unmarked", "superscript"): 1,
            ("linked", "link"): 1,
            ("a-dataset", "credit"): 1,
            ("named", "other link"): 1,
            ("story", "other link"): 1,
            ("in-a-picture", "other link"): 1,
        }
    )
    assert parser.broken == []


def test_a_marker_without_its_entry_in_the_source_list_stops_the_count(tmp_path: Path) -> None:
    page = tmp_path / "essay" / "index.html"
    page.parent.mkdir()
    page.write_text(PAGE.replace('<li id="ref-2">', '<li id="ref-9">'), encoding="utf-8")
    with pytest.raises(SystemExit, match=r"essay/#ref-2"):
        citation_share.cited_by_page(tmp_path)


def test_hosts_and_paths_are_looked_up_longest_first() -> None:
    assert citation_share.lookup("https://www.reuters.com/world/asia-pacific/x") == "reputable"
    assert citation_share.lookup("https://en.wikipedia.org/wiki/Hwasong-15") == "other"
    assert citation_share.lookup("https://example.invalid/page") is None


def _markers_by_source(html: str) -> Counter[str]:
    """Count a built page's superscript markers by the source of their entry, by regex."""
    entries = dict(
        re.findall(r'<li id="(ref-\d+)">.*?href="[^"#]*#([^"]+)" class="ref-more"', html)
    )
    return Counter(entries[ref] for ref in re.findall(r'href="#(ref-\d+)" class="cite-ref"', html))


def test_every_superscript_of_the_built_pages_counts_for_its_source(built_site: Path) -> None:
    """Checked against a count by regex of the markers of every reader page."""
    by_page = citation_share.cited_by_page(built_site)
    markers_seen = 0
    for page in citation_share.reader_pages(built_site):
        name = citation_share.page_name(built_site, page) or "./"
        expected = _markers_by_source(page.read_text(encoding="utf-8"))
        counted = Counter(k for k, markup in by_page[name] if markup == "superscript")
        assert counted == expected, (
            f"{name}: superscripts counted {counted}, on the page {expected}"
        )
        markers_seen += sum(expected.values())
    # The essays and topic pages cite in their prose: hundreds of markers in all.
    assert markers_seen > 400, f"only {markers_seen} superscript markers on the reader pages"
    human_rights = Counter(k for k, _ in by_page["human-rights/"])
    assert sum(human_rights.values()) >= 30, f"/human-rights/ counted {human_rights}"


def test_the_embeds_cite_no_source_that_the_reader_pages_do_not(built_site: Path) -> None:
    """The share leaves /embed/ and script-loaded fragments out as repeats: they must be."""
    pages = [
        p.relative_to(built_site).as_posix() for p in citation_share.repeated_pages(built_site)
    ]
    assert "embed/timeline/index.html" in pages, pages
    assert "timeline/entries.html" in pages, pages
    embedded = citation_share.embed_citations(built_site)
    assert sum(embedded.values()) > 100, f"only {sum(embedded.values())} citations in /embed/"
    only_there = sorted(set(embedded) - set(citation_share.citations(built_site)))
    assert not only_there, f"sources cited in /embed/ but on no reader page: {only_there}"


def test_the_audited_records_cite_weak_hosts_less_than_once_in_a_hundred(built_site: Path) -> None:
    fb = this_site.load()
    sources = dict(fb.sources)
    counts = citation_share.citations(built_site)
    audited = Counter(
        {
            k: n
            for k, n in counts.items()
            if fb.origins.get(k, ("", 0))[0] in AUDITED
            and citation_share.is_hand_picked(k, sources[k])
        }
    )
    weak = {k: n for k, n in audited.items() if citation_share.classify(sources[k])[0] == "other"}
    total = sum(audited.values())
    assert total > 300, f"only {total} citations of the audited records found on the pages"
    assert 100 * sum(weak.values()) < total, (
        f"{sum(weak.values())} of {total} citations of the audited records rest on hosts of "
        f"kind 'other' (target: under 1 in 100): {sorted(weak)}"
    )


def test_the_reader_pages_cite_weak_hosts_less_than_once_in_a_hundred(built_site: Path) -> None:
    """Site-wide, every markup counted: all citations, and the hand-picked ones alone."""
    fb = this_site.load()
    sources = dict(fb.sources)
    cited = [
        pair
        for page in citation_share.cited_by_page(
            built_site, citation_share.source_urls(sources)
        ).values()
        for pair in page
    ]
    markups = Counter(markup for _, markup in cited)
    assert markups["superscript"] > 400, markups
    assert markups["link"] > 1000, markups
    assert markups["credit"] > 0, markups
    unknown = sorted({k for k, _ in cited} - set(sources))
    assert not unknown, f"citations of sources not in data/: {unknown}"
    everything = Counter(k for k, _ in cited)
    picked = Counter(
        {k: n for k, n in everything.items() if citation_share.is_hand_picked(k, sources[k])}
    )
    for label, counts in (("all", everything), ("hand-picked", picked)):
        weak = {
            k: n for k, n in counts.items() if citation_share.classify(sources[k])[0] == "other"
        }
        total = sum(counts.values())
        assert 100 * sum(weak.values()) < total, (
            f"{sum(weak.values())} of {total} {label} citations on the reader pages rest on "
            f"hosts of kind 'other' (target: under 1 in 100): "
            + ", ".join(
                f"{k} ({fb.origins.get(k, ('?', 0))[0]}) x{n}" for k, n in sorted(weak.items())
            )
        )
