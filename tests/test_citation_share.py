"""scripts/citation_share.py (`make citations`): its reviewed table and the share it guards.

The table of hosts is reviewed by hand: every entry must name one of the kinds, and the
citations that data/sources.yml, data/history.yml, data/humanitarian.yml and data/terms.yml
put on the reader pages (the records audited in issue 11) must stay under 1 in 100 on
hosts of kind "other" (blogs, content farms, mirrors, aggregators, syndication copies).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from macros import site as this_site
from scripts import citation_share

AUDITED = ("data/sources.yml", "data/history.yml", "data/humanitarian.yml", "data/terms.yml")


def test_every_reviewed_host_names_a_kind() -> None:
    wrong = {
        host: kind
        for host, kind in citation_share.HOSTS.items()
        if kind not in citation_share.KINDS
    }
    assert not wrong, f"hosts with a kind that is not one of {citation_share.KINDS}: {wrong}"


def test_prose_superscripts_count_as_citations_of_their_sources() -> None:
    """A superscript a.cite-ref counts for the source its note li#ref-N names, as a link does."""
    page = (
        '<p>Text<sup class="cite-refs"><a href="#ref-2" class="cite-ref">2</a>,'
        '<a href="#ref-1" class="cite-ref">1</a></sup> and again'
        '<sup class="cite-refs"><a href="#ref-2" class="cite-ref">2</a></sup>.</p>'
        '<a href="../timeline/#an-event" class="event-link">an event</a>'
        '<span><a href="../sources/news-1/#linked" class="cite-link">Publisher</a></span>'
        '<ol><li id="ref-1"><a href="https://example.org/" class="ref-title">T</a> '
        '<a href="../sources/news-1/#first" class="ref-more">About</a></li>'
        '<li id="ref-2"><a href="../sources/news-2/#second" class="ref-more">About</a></li></ol>'
    )
    parser = citation_share._Cites()
    parser.feed(page)
    assert Counter(parser.ids) == Counter({"second": 2, "first": 1, "linked": 1})


def test_hosts_and_paths_are_looked_up_longest_first() -> None:
    assert citation_share.lookup("https://www.reuters.com/world/asia-pacific/x") == "reputable"
    assert citation_share.lookup("https://en.wikipedia.org/wiki/Hwasong-15") == "other"
    assert citation_share.lookup("https://example.invalid/page") is None


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
