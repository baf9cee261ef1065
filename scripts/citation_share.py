"""Count the citations on the built reader pages by kind of source.

    python scripts/citation_share.py [--site site] [--root .] [--list other]

What is counted: every citation a reader sees on a reader page (every built page but
/sources/, whose pages list the sources themselves, /embed/, which repeats the timeline's
entries and the map for other sites, the fragments a page's script loads into it, such as
timeline/entries.html, which repeats the year pages' entries, 404 and search), whatever its
markup. The report says how many citations the embeds and fragments carry and names any
source cited only there (a test keeps that list empty, so leaving them out hides no source):

  link         an a.cite-link (timeline entries, tables, figure tables): one citation of the
               source its #fragment names;
  superscript  a numbered marker a.cite-ref in the prose (cite() and figure() calls, figure
               notes, the corrections log): one citation per marker, of the source that its
               note li#ref-N in the page's source list (section.page-refs) names through its
               a.ref-more link. A source cited by three markers counts three times; its
               entry in the list is not counted again. An entry no marker points to counts
               once (the reader still sees it); a marker without its entry is an error;
  credit       a link of the page's dataset credit, p.ref-datasets ("Data on this page comes
               from: ..."): one citation of that dataset;
  other link   any other link into the source pages (sources/...#id), and any link out of
               the page to the exact URL of a known source, outside the source list: one
               citation of that source.

Links inside SVG pictures (xlink:href) count like any other link.

The source's publisher host (from its URL) decides its kind through the reviewed table HOSTS
below:

  primary    the primary document or an official body (UN, governments, CTBTO, IAEA, FAO...)
  state      state media (KCNA, Rodong Sinmun; also Chinese, Russian, Iranian state outlets)
  reputable  a wire service, major newspaper or broadcaster, or a recognised research body
  dataset    a credit to a dataset the page draws on (CNS/NTI database, its derived copy)
  other      anything else: blogs, content farms, mirrors, aggregators, syndication copies on
             small local sites, reference wikis, social media, and every host not in HOSTS

A host that is not in the table counts as "other" and is listed as unreviewed, so a new
publisher is looked at before it counts as reputable. A source without a URL is classified
by its `kind` (a UN document symbol or a ministry statement is primary).

Two tables are printed: every citation, and the hand-picked citations only (without the
dataset credits and the references imported with the CNS database, `cns-ref-*`), then the
count by markup, the unreviewed hosts and each page's share of kind "other".
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.engine.cli import Project  # noqa: E402
from macros.engine.factbase import load  # noqa: E402
from macros.engine.schema import Source  # noqa: E402
from macros.northkorea.topic import TOPIC  # noqa: E402

KINDS = ("primary", "state", "reputable", "dataset", "other")
EXCLUDED = ("sources/", "embed/", "404.html", "search/")
# Fragments a page's script fetches and shows inside it (the timeline's full list of entries,
# which repeats the year pages): left out like the embeds, and checked the same way.
FRAGMENTS = ("entries.html",)

# Content farms, mirrors, blogs, aggregators and syndication copies on small sites.
LOW_QUALITY = (
    "ecanadanepal.com",
    "spotlightnepal.com",
    "eastcoastdaily.in",
    "tag24.com",
    "wentworthreport.com",
    "lokmattimes.com",
    "news.am",
    "dailyexcelsior.com",
    "viewusglobal.com",
    "defence-industries.com",
    "thefederalnewswire.com",
    "news.ayozat.com",
    "emag.co.uk",
    "newtimes.co.rw",
    "iuvmpress.co",
    "babel.ua",
    "aboutcroatia.net",
    "dailyfinland.fi",
    "today.az",
    "asianews.eu",
    "anews.com.tr",
    "manila-stv.ph",
    "strategicstudyindia.com",
    "skepticreview.com",
    "aayubo.com",
    "worthynews.com",
    "paralel.az",
    "indiareportage.com",
    "dodofinance.com",
    "fast-gamers.netlify.app",
    "thailandenews.com",
    "tvcnews.tv",
    "tedmontgomery.com",
    "owiki.org",
    "infobalkans.com",
    "euromaidanpress.com",
    "news.az",
    "thefinancialexpress.com.bd",
    "mothership.sg",
    "turkiyenewspaper.com",
    "web-uridongpo.com",
    "koreatimesus.com",
    "defense-update.com",
    "inverse.com",
    "buzzfeed.com",
    "ibtimes.co.uk",
    "defence-blog.com",
    "helloscholar.in",
    "english.alahednews.com.lb",
    "newsx.com",
    "helm.news",
    "lfwp.net",
    "batonrougegazette.com",
    "head-post.com",
    "clamreport.com",
    "nextshark.com",
    "noticiasdopara.net",
    "republicworld.com",
)

# Reviewed host table. Keys match the host and every subdomain of it ("un.org" covers
# "press.un.org"); a key with a "/" matches the start of host + path.
HOSTS: dict[str, str] = {
    # --- primary documents and official bodies --------------------------------------
    "un.org": "primary",
    "undocs.org": "primary",
    "unocha.org": "primary",
    "reliefweb.int": "primary",  # OCHA's own publishing service for UN agency reports
    "unicef.org": "primary",
    "who.int": "primary",
    "fao.org": "primary",
    "wfp.org": "primary",
    "ohchr.org": "primary",
    "iaea.org": "primary",
    "ctbto.org": "primary",
    "msmt.info": "primary",
    "state.gov": "primary",
    "usmission.gov": "primary",
    "usembassy.gov": "primary",
    "whitehouse.gov": "primary",
    "defense.gov": "primary",
    "stratcom.mil": "primary",
    "pacom.mil": "primary",
    "treasury.gov": "primary",
    "congress.gov": "primary",
    "mofa.go.kr": "primary",
    "mnd.go.kr": "primary",
    "jcs.mil.kr": "primary",
    "unikorea.go.kr": "primary",
    "president.go.kr": "primary",
    "mod.go.jp": "primary",
    "mofa.go.jp": "primary",
    "kantei.go.jp": "primary",
    "china-un.org": "primary",
    "share.america.gov": "primary",  # the US State Department's ShareAmerica site
    "gao.gov": "primary",  # the US Government Accountability (formerly General Accounting) Office
    "fmprc.gov.cn": "primary",
    "mfa.gov.cn": "primary",
    "kremlin.ru": "primary",
    "mid.ru": "primary",
    "gov.uk": "primary",
    "consilium.europa.eu": "primary",
    "eeas.europa.eu": "primary",
    "usgs.gov": "primary",
    "kls.law.columbia.edu": "primary",  # the declaration's full text, as published
    # --- state media -------------------------------------------------------------------
    "kcna.kp": "state",
    "kcna.co.jp": "state",  # KCNA English site hosted by Korea News Service, Tokyo
    "kcnawatch.org": "state",
    "rodong.rep.kp": "state",
    "naenara.com.kp": "state",
    "vok.rep.kp": "state",
    "pyongyangtimes.com.kp": "state",  # The Pyongyang Times, North Korea's state weekly
    "tass.com": "state",
    "tass.ru": "state",
    "rt.com": "state",
    "sputnikglobe.com": "state",
    "xinhuanet.com": "state",
    "pna.gov.ph": "state",  # Philippine News Agency (the government's), here carrying Xinhua
    "news.cn": "state",
    "cgtn.com": "state",
    "chinadaily.com.cn": "state",
    "globaltimes.cn": "state",
    "people.com.cn": "state",
    "shine.cn": "state",
    "mehrnews.com": "state",
    "telesurenglish.net": "state",
    "trtworld.com": "state",
    "aa.com.tr": "state",
    "kuna.net.kw": "state",
    # --- wire services, newspapers, broadcasters, research bodies --------------------
    "reuters.com": "reputable",
    "apnews.com": "reputable",
    "afp.com": "reputable",
    "bloomberg.com": "reputable",
    "efe.com": "reputable",
    "yna.co.kr": "reputable",
    "yonhapnews.co.kr": "reputable",
    "kyodonews.net": "reputable",
    "jiji.com": "reputable",
    "nytimes.com": "reputable",
    "washingtonpost.com": "reputable",
    "wsj.com": "reputable",
    "ft.com": "reputable",
    "economist.com": "reputable",
    "latimes.com": "reputable",
    "usatoday.com": "reputable",
    "nypost.com": "reputable",
    "washingtontimes.com": "reputable",
    "washingtonexaminer.com": "reputable",  # a Washington, D.C. political news outlet
    "guampdn.com": "reputable",  # Pacific Daily News, Guam's daily newspaper (USA Today network)
    "csmonitor.com": "reputable",
    "time.com": "reputable",
    "newsweek.com": "reputable",
    "politico.com": "reputable",
    "politico.eu": "reputable",
    "theguardian.com": "reputable",
    "independent.co.uk": "reputable",
    "bbc.com": "reputable",
    "bbc.co.uk": "reputable",
    "cnn.com": "reputable",
    "cbsnews.com": "reputable",
    "nbcnews.com": "reputable",
    "abcnews.go.com": "reputable",
    "npr.org": "reputable",
    "pbs.org": "reputable",
    "cnbc.com": "reputable",
    "foxnews.com": "reputable",
    "scrippsnews.com": "reputable",
    "voanews.com": "reputable",
    "voakorea.com": "reputable",  # Voice of America's Korean service
    "voa.pangea-cms.com": "reputable",  # VOA's own publishing system
    "rfa.org": "reputable",
    "usagm.gov": "reputable",  # Radio Free Asia's records at its parent agency
    "abc.net.au": "reputable",
    "france24.com": "reputable",
    "dw.com": "reputable",
    "euronews.com": "reputable",
    "aljazeera.com": "reputable",
    "nhk.or.jp": "reputable",
    "japantimes.co.jp": "reputable",
    "nippon.com": "reputable",
    "asahi.com": "reputable",
    "mainichi.jp": "reputable",
    "asia.nikkei.com": "reputable",
    "koreaherald.com": "reputable",
    "koreatimes.co.kr": "reputable",
    "koreajoongangdaily.joins.com": "reputable",
    "chosun.com": "reputable",
    "hani.co.kr": "reputable",
    "kbs.co.kr": "reputable",
    "arirang.com": "reputable",
    "straitstimes.com": "reputable",
    "channelnewsasia.com": "reputable",
    "scmp.com": "reputable",
    "tribuneindia.com": "reputable",
    "deccanherald.com": "reputable",
    "indiatoday.in": "reputable",
    "livemint.com": "reputable",
    "irrawaddy.com": "reputable",
    "nationthailand.com": "reputable",
    "nationmultimedia.com": "reputable",  # The Nation (Thailand) under its former domain
    "kyivindependent.com": "reputable",
    "space.com": "reputable",
    "i24news.tv": "reputable",
    "stripes.com": "reputable",
    "usni.org": "reputable",
    "defensenews.com": "reputable",
    "janes.com": "reputable",
    "shephardmedia.com": "reputable",
    "thediplomat.com": "reputable",
    "nknews.org": "reputable",
    "38north.org": "reputable",
    "nti.org": "reputable",
    "csis.org": "reputable",
    "armscontrol.org": "reputable",
    "iiss.org": "reputable",
    "crisisgroup.org": "reputable",
    "cfr.org": "reputable",
    "brookings.edu": "reputable",
    "stimson.org": "reputable",
    "sipri.org": "reputable",
    "stratfor.com": "reputable",
    "dailysabah.com": "reputable",
    "grid.news": "reputable",
    "interfax.com": "reputable",
    "donga.com": "reputable",
    "kmib.co.kr": "reputable",  # Kukmin Ilbo, a Seoul national daily
    "sedaily.com": "reputable",  # Seoul Economic Daily, a Seoul national business daily
    "mbn.co.kr": "reputable",  # MBN (Maeil Broadcasting Network), Seoul news channel
    "asiatimes.com": "reputable",
    "nzherald.co.nz": "reputable",
    "philstar.com": "reputable",
    "mb.com.ph": "reputable",  # Manila Bulletin, a national Philippine daily
    "asil.org": "reputable",
    "miis.edu": "reputable",
    "wtop.com": "reputable",
    "thetimes.co.uk": "reputable",
    "bluewin.ch": "reputable",  # a national news portal carrying the dpa wire
    "businesstoday.in": "reputable",
    "forbesindia.com": "reputable",
    "dawn.com": "reputable",
    "yomiuri.co.jp": "reputable",
    "news1global.com": "reputable",
    "9news.com.au": "reputable",
    "sbs.com.au": "reputable",
    "nonproliferation.org": "reputable",  # CNS's own site
    "taipeitimes.com": "reputable",
    "thewest.com.au": "reputable",  # The West Australian, Perth daily newspaper
    "irishtimes.com": "reputable",
    "theage.com.au": "reputable",  # The Age, Melbourne daily newspaper
    "taiwannews.com.tw": "reputable",  # Taiwan News, English-language national daily in Taipei
    "bnnbloomberg.ca": "reputable",  # BNN Bloomberg, Bloomberg's Canadian business news channel
    "adnkronos.com": "reputable",  # Adnkronos, Italian news agency (carries Jiji Press)
    "jiia.or.jp": "reputable",  # The Japan Institute of International Affairs
    "thehindu.com": "reputable",
    "telegraphindia.com": "reputable",  # The Telegraph, Kolkata daily newspaper
    "hurriyetdailynews.com": "reputable",
    "fas.org": "reputable",
    "sipriyearbook.org": "reputable",
    "jurist.org": "reputable",
    "georgetownjournalofinternationalaffairs.org": "reputable",
    "unognewsroom.org": "primary",  # the UN Office at Geneva
    # national newspapers, broadcasters and agencies cited for launch dates (reviewed)
    "kyodonews.jp": "reputable",
    "chicagotribune.com": "reputable",
    "baltimoresun.com": "reputable",
    "honoluluadvertiser.com": "reputable",
    "ndtv.com": "reputable",
    "hindustantimes.com": "reputable",
    "indianexpress.com": "reputable",
    "newindianexpress.com": "reputable",  # national daily (The New Indian Express), AP copy
    "jpost.com": "reputable",
    "radionz.co.nz": "reputable",
    "rnz.co.nz": "reputable",
    "newshub.co.nz": "reputable",
    "standard.co.uk": "reputable",
    "the-independent.com": "reputable",
    "thejournal.ie": "reputable",
    "khaleejtimes.com": "reputable",
    "alarabiya.net": "reputable",
    "nationalpost.com": "reputable",
    "rappler.com": "reputable",
    "thestar.com.my": "reputable",
    "malaymail.com": "reputable",  # Malay Mail, a Malaysian national daily
    "tribune.com.pk": "reputable",
    "thenews.com.pk": "reputable",
    "nation.com.pk": "reputable",
    "pakistantoday.com.pk": "reputable",  # Pakistan Today, a Pakistani national daily
    "dailymaverick.co.za": "reputable",
    "bdnews24.com": "reputable",
    "prothomalo.com": "reputable",
    "nation.africa": "reputable",
    "nna.jp": "reputable",
    "marinecorpstimes.com": "reputable",
    "vice.com": "reputable",
    "cnbctv18.com": "reputable",
    "dailymail.co.uk/wires/reuters": "reputable",  # the Reuters wire as published there
    "aol.com": "other",  # an aggregator of syndicated copies
    "upi.com": "reputable",
    "wionews.com": "reputable",
    "khaosodenglish.com": "reputable",
    "brecorder.com": "reputable",
    "synapse.koreamed.org": "reputable",  # a peer-reviewed journal
    # --- dataset credits -----------------------------------------------------------------
    "nti.org/analysis/articles/cns-north-korea-missile-test-database": "dataset",
    "github.com/nagix/nk-missile-tests": "dataset",
    # --- reviewed 17:45 (hosts first cited by the new topic and 2025-2026 files) ---
    "china.org.cn": "state",  # China's state-run news portal
    "english.china.org.cn": "state",
    "semafor.com": "reputable",
    "wired.com": "reputable",
    "irishexaminer.com": "reputable",
    "businesstimes.com.sg": "reputable",
    "dhakatribune.com": "reputable",
    "ajupress.com": "reputable",  # Aju Business Daily, Seoul
    "m.ajupress.com": "reputable",
    "bairdmaritime.com": "reputable",  # maritime trade press
    "naturalearthdata.com": "dataset",
    # --- reviewed and counted as "other" (listed so that the review is on the record) ---
    "211.233.22.161": "other",  # a Hankyoreh page by IP address: a copy, not the outlet's address
    "dfnihf8fcqrzv.cloudfront.net": "other",  # a CDN copy of a Diplomat article
    "docslib.org": "other",  # a document mirror
    "wikileaks.jcvignoli.com": "other",  # a mirror
    "pressreader.com": "other",  # syndication copies of newspapers
    "newser.com": "other",  # an aggregator
    "newsmax.com": "other",
    "thinkprogress.org": "other",
    "strategypage.com": "other",
    "alert5.com": "other",  # a blog
    "armyrecognition.com": "other",
    "afsa.org": "other",  # a professional association's magazine (commentary)
    "globalr2p.org": "other",  # an advocacy group
    "sandiegouniontribune.com": "other",  # AP copy on a newspaper site
    "ajc.com": "other",  # AP copy on a newspaper site
    "krdo.com": "other",  # AP copy on a local TV station's site
    "wpxi.com": "other",
    "whdh.com": "other",
    "wsoctv.com": "other",
    "newson6.com": "other",
    "heraldtimesonline.com": "other",  # syndication copy
    "heraldtribune.com": "other",  # syndication copy
    "archives.lincolndailynews.com": "other",  # syndication copy
    "devdiscourse.com": "other",  # a content aggregator
    "theasialive.com": "other",
    "rifnotewire.com": "other",
    "finanznachrichten.de": "other",  # a wire aggregator
    "aicoin.com": "other",
    "breakingthenews.net": "other",
    "dailywrap.uk": "other",
    "newsbytesapp.com": "other",
    "seantel.news": "other",
    "en.wikipedia.org": "other",  # a reference wiki: cite what it cites
    "statista.com": "other",  # a chart aggregator
    "menafn.com": "other",  # a press-release and wire aggregator
    "yahoo.com": "other",  # an aggregator of syndicated copies
    "ballotpedia.org": "other",
    "twitter.com": "other",
    "x.com": "other",
    "twimg.com": "other",
    "facebook.com": "other",
    "flickr.com": "other",
    "astronautix.com": "other",
    "globalsecurity.org": "other",
    "armscontrolwonk.com": "other",  # an expert blog
    "allthingsnuclear.org": "other",  # an expert blog
    "missiledefenseadvocacy.org": "other",  # an advocacy group
    "mondaq.com": "other",  # law-firm article aggregator
    "thompsonhinesmartrade.com": "other",  # law-firm blog
    "internationaltradecomplianceupdate.com": "other",  # law-firm blog
    "cliffordchance.com": "other",  # law-firm client briefing
    "oodaloop.com": "other",  # brief summaries of other outlets' reports
    "kvia.com": "other",  # AP copy on a local TV station's site
    "kion546.com": "other",
    "localnews8.com": "other",
    "wjpa.com": "other",
    "iolaregister.com": "other",
    "gephardtdaily.com": "other",
    "bioethics.com": "other",
    "marketscreener.com": "other",
    "bnonews.com": "other",
    "chinascope.org": "other",
    "inform.kz": "state",  # Kazakhstan's state news agency
    **dict.fromkeys(LOW_QUALITY, "other"),
}


def host_key(url: str) -> tuple[str, str]:
    """Return (host without 'www.', path) of a URL, lowercased."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    return host, unquote(parts.path).lower().rstrip("/")


def lookup(url: str) -> str | None:
    """Return the kind the table gives a URL, or None when its host is not in the table."""
    host, path = host_key(url)
    whole = f"{host}{path}"
    for key in sorted(HOSTS, key=len, reverse=True):
        if "/" in key:
            if whole == key or whole.startswith(key + "/"):
                return HOSTS[key]
        elif host == key or host.endswith("." + key):
            return HOSTS[key]
    return None


def classify(source: Source) -> tuple[str, bool]:
    """Return (kind, reviewed) for a source: its host's kind, or its `kind` without a URL."""
    if source.url:
        kind = lookup(source.url)
        return (kind, True) if kind is not None else ("other", False)
    by_kind = {"un-document": "primary", "government": "primary", "state-media": "state"}
    return by_kind.get(source.kind.value, "other"), True


MARKUPS = ("link", "superscript", "credit", "other link")
SOURCES_DIR = "sources"


def _source_fragment(href: str) -> str:
    """Return the source id a link into the source pages names (its #fragment), or ""."""
    if "#" not in href:
        return ""
    path, fragment = href.rsplit("#", 1)
    if path.startswith(("http:", "https:", "//", "mailto:")):
        return ""
    return unquote(fragment) if SOURCES_DIR in path.split("/") else ""


def _url_key(url: str) -> str:
    """Return a URL without scheme, 'www.' and trailing slash, to match a source's URL."""
    host, path = host_key(url)
    query = urlsplit(url).query
    return f"{host}{path}" + (f"?{query}" if query else "")


class _Cites(HTMLParser):
    """Collect the source id and markup of every citation on a page (see the module's text).

    `by_url` maps a known source URL (through _url_key) to its id, so that a plain link out
    of the page to a source counts too.
    """

    def __init__(self, by_url: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self.by_url = by_url or {}
        self.found: list[tuple[str, str]] = []
        self.refs: list[str] = []
        self.notes: dict[str, str] = {}
        self._note: str | None = None
        self._credit = False

    @property
    def cited(self) -> list[tuple[str, str]]:
        """Every citation as (source id, markup): markers resolved to the sources they name."""
        marked = set(self.refs)
        out = list(self.found)
        out += [(self.notes[r], "superscript") for r in self.refs if r in self.notes]
        out += [(sid, "superscript") for note, sid in self.notes.items() if note not in marked]
        return out

    @property
    def ids(self) -> list[str]:
        """The cited source ids, one per citation."""
        return [source_id for source_id, _ in self.cited]

    @property
    def broken(self) -> list[str]:
        """Markers that point to no entry of the page's source list."""
        return sorted({r for r in self.refs if r not in self.notes})

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Note a citation link, a superscript marker, a credit or a note of the source list."""
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if tag == "li" and (values.get("id") or "").startswith("ref-"):
            self._note = values.get("id")
            return
        if tag == "p" and "ref-datasets" in classes:
            self._credit = True
            return
        if tag != "a":
            return
        href = values.get("href") or values.get("xlink:href") or ""
        if "cite-ref" in classes and href.startswith("#"):
            self.refs.append(unquote(href[1:]))
            return
        fragment = _source_fragment(href)
        if self._note is not None:
            if fragment and "ref-more" in classes:
                self.notes[self._note] = fragment
            return
        if fragment:
            markup = "link" if "cite-link" in classes else "other link"
            self.found.append((fragment, "credit" if self._credit else markup))
        elif href.startswith(("http:", "https:")) and _url_key(href) in self.by_url:
            self.found.append((self.by_url[_url_key(href)], "other link"))

    def handle_endtag(self, tag: str) -> None:
        """Leave a note of the source list or the dataset credit."""
        if tag == "li":
            self._note = None
        elif tag == "p":
            self._credit = False


def page_name(site: Path, page: Path) -> str:
    """Return a page's address below the site: "timeline/" for timeline/index.html."""
    relative = page.relative_to(site)
    if relative.name == "index.html":
        return "" if relative.parent == Path() else relative.parent.as_posix() + "/"
    return relative.as_posix()


def _is_fragment(page: Path) -> bool:
    """Tell whether a built file is a fragment that a page's script loads (no page of its own)."""
    return page.name in FRAGMENTS


def reader_pages(site: Path) -> Iterator[Path]:
    """Yield the built reader pages: every page but the source list, embeds, fragments, 404."""
    for page in sorted(site.rglob("*.html")):
        excluded = page.relative_to(site).as_posix().startswith(EXCLUDED)
        if not excluded and not _is_fragment(page):
            yield page


def repeated_pages(site: Path) -> Iterator[Path]:
    """Yield what the share leaves out as repeats: the embeds and the script-loaded fragments."""
    for page in sorted(site.rglob("*.html")):
        if page.relative_to(site).as_posix().startswith("embed/") or _is_fragment(page):
            yield page


def embed_citations(site: Path) -> Counter[str]:
    """Count citations per source id on the repeats (embeds, fragments) the share leaves out."""
    counts: Counter[str] = Counter()
    for page in repeated_pages(site):
        parser = _Cites()
        parser.feed(page.read_text(encoding="utf-8"))
        counts.update(parser.ids)
    return counts


def cited_by_page(
    site: Path, by_url: Mapping[str, str] | None = None
) -> dict[str, list[tuple[str, str]]]:
    """Return each reader page's citations as (source id, markup); stop on a broken marker."""
    out: dict[str, list[tuple[str, str]]] = {}
    broken: list[str] = []
    for page in reader_pages(site):
        parser = _Cites(by_url)
        parser.feed(page.read_text(encoding="utf-8"))
        name = page_name(site, page) or "./"
        broken += [f"{name}#{ref}" for ref in parser.broken]
        out[name] = parser.cited
    if broken:
        raise SystemExit(f"markers without an entry in the page's source list: {broken}")
    return out


def citations_by_page(
    site: Path, by_url: Mapping[str, str] | None = None
) -> dict[str, Counter[str]]:
    """Count citations per source id on each reader page."""
    return {
        page: Counter(source_id for source_id, _ in cited)
        for page, cited in cited_by_page(site, by_url).items()
    }


def source_urls(sources: Mapping[str, Source]) -> dict[str, str]:
    """Map each source's URL (through _url_key) to its id, for plain links to a source."""
    return {_url_key(str(s.url)): sid for sid, s in sources.items() if s.url}


def citations(site: Path, by_url: Mapping[str, str] | None = None) -> Counter[str]:
    """Count citations per source id over the reader pages."""
    counts: Counter[str] = Counter()
    for page_counts in citations_by_page(site, by_url).values():
        counts.update(page_counts)
    return counts


def is_hand_picked(source_id: str, source: Source) -> bool:
    """Tell whether a source was chosen by hand (not a dataset or an imported reference)."""
    return not source_id.startswith("cns-ref-") and source.kind.value != "dataset"


def table(title: str, counts: Counter[str], sources: dict[str, Source]) -> list[str]:
    """Return the lines of one share table."""
    by_kind: Counter[str] = Counter()
    for source_id, n in counts.items():
        by_kind[classify(sources[source_id])[0]] += n
    total = sum(by_kind.values())
    lines = [title, f"  {'kind':<10} {'citations':>9} {'share':>7}"]
    for kind in KINDS:
        share = 100 * by_kind[kind] / total if total else 0.0
        lines.append(f"  {kind:<10} {by_kind[kind]:>9} {share:>6.1f}%")
    lines.append(f"  {'total':<10} {total:>9}")
    return lines


def report(site: Path, root: Path, listed: Iterable[str], files: Iterable[str] = ()) -> str:
    """Return the printed report (only sources defined in `files`, when given)."""
    settings = Project(root, TOPIC).settings() if (root / "mkdocs.yml").is_file() else None
    fb = load(root / "data", root / "seeds", root, TOPIC, settings)
    sources = dict(fb.sources)
    wanted = set(files)
    by_page = {
        page: [
            (k, markup)
            for k, markup in cited
            if not wanted or fb.origins.get(k, ("", 0))[0] in wanted
        ]
        for page, cited in cited_by_page(site, source_urls(sources)).items()
    }
    counts: Counter[str] = Counter(k for cited in by_page.values() for k, _ in cited)
    unknown = sorted(set(counts) - set(sources))
    if unknown:
        raise SystemExit(f"citations of sources not in data/: {', '.join(unknown)}")
    picked = Counter({k: n for k, n in counts.items() if is_hand_picked(k, sources[k])})
    lines = table("All citations on reader pages", counts, sources)
    lines += table(
        "Hand-picked citations (no dataset credits, no imported CNS references)", picked, sources
    )
    lines.append("All citations by markup and kind")
    lines.append(f"  {'markup':<12}" + "".join(f" {kind:>9}" for kind in KINDS) + f" {'total':>7}")
    for markup in MARKUPS:
        row: Counter[str] = Counter(
            classify(sources[k])[0] for cited in by_page.values() for k, m in cited if m == markup
        )
        cells = "".join(f" {row[kind]:>9}" for kind in KINDS)
        lines.append(f"  {markup:<12}{cells} {sum(row.values()):>7}")
    embedded = embed_citations(site)
    only_embedded = sorted(set(embedded) - set(counts)) if not wanted else []
    lines.append(
        f"Embeds and fragments (/embed/, entries.html; left out above): "
        f"{sum(embedded.values())} citations of "
        f"{len(embedded)} sources; cited only there: {', '.join(only_embedded) or 'none'}"
    )
    unreviewed: Counter[str] = Counter()
    for source_id, n in counts.items():
        if not classify(sources[source_id])[1] and sources[source_id].url:
            unreviewed[host_key(str(sources[source_id].url))[0]] += n
    if unreviewed:
        lines.append("Hosts not in the reviewed table (counted as other):")
        lines += [f"  {n:>5}  {host}" for host, n in unreviewed.most_common()]
    lines.append("Hand-picked citations per page: total and share of kind 'other'")
    for page, cited in sorted(by_page.items()):
        mine = [k for k, _ in cited if is_hand_picked(k, sources[k])]
        other = sum(1 for k in mine if classify(sources[k])[0] == "other")
        if mine:
            lines.append(f"  {page:<28} {len(mine):>5} {100 * other / len(mine):>6.1f}%")
    for kind in listed:
        lines.append(f"Sources of kind {kind}, most cited first (data file in brackets):")
        rows = [(n, k) for k, n in counts.items() if classify(sources[k])[0] == kind]
        for n, source_id in sorted(rows, key=lambda r: (-r[0], r[1])):
            url = sources[source_id].url or "(no url)"
            origin = fb.origins.get(source_id, ("?", 0))[0]
            lines.append(f"  {n:>5}  {source_id}  {url}  [{origin}]")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="built site folder")
    parser.add_argument("--root", type=Path, default=ROOT, help="project with data/, seeds/")
    parser.add_argument(
        "--sources-from",
        action="append",
        default=[],
        metavar="FILE",
        help="count only citations of sources defined in this data file (e.g. data/sources.yml)",
    )
    parser.add_argument(
        "--list",
        action="append",
        default=[],
        choices=KINDS,
        help="also list the sources of this kind",
    )
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"error: no built site at {args.site} (run `make build` first)", file=sys.stderr)
        return 2
    print(report(args.site, args.root, args.list, args.sources_from))
    return 0


if __name__ == "__main__":
    sys.exit(main())
