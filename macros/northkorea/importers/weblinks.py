"""Source URLs cited by the CNS export: host, kind, a stable id and the date a URL carries."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from macros.engine.schema import MONTH_NAMES

# Ids of the sources this importer creates start with this, so a re-run can tell its own
# records (regenerated every time) from sources added by hand (kept as written).
SOURCE_ID_PREFIX = "cns-ref-"

# Hosts whose URLs are dated in Korea or Japan time: a launch cannot be reported there on a
# Korean day before the launch's own.
ASIA_HOSTS = (
    "yonhapnews.co.kr",
    "yna.co.kr",
    "mod.go.jp",
    "japantimes.co.jp",
    "mnd.go.kr",
    "koreaherald.com",
    "joins.com",
    "chosun.com",
    "hani.co.kr",
    "nknews.org",
    "koreatimesus.com",
    "rodong.rep.kp",
)

_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("un-document", ("un.org",)),
    ("state-media", ("rodong.rep.kp", "kcna.kp", "people.com.cn")),
    (
        "government",
        ("mod.go.jp", "mnd.go.kr", "stratcom.mil", "pacom.mil", "defense.gov", ".mil", ".gov"),
    ),
    (
        "analysis",
        (
            "nti.org",
            "csis.org",
            "38north.org",
            "armscontrolwonk.com",
            "allthingsnuclear.org",
            "armscontrol.org",
            "iiss.org",
            "missiledefenseadvocacy.org",
            "nknews.org/pro",
        ),
    ),
    ("reference", ("wikipedia.org", "astronautix.com", "globalsecurity.org")),
)

# URLs the importer does not attach to launches, by what they are: a launch is sourced to
# reports (news, governments, research bodies), not to posts, photos, encyclopedias, blogs or
# aggregators. Each launch keeps the credit to the CNS database (which cites these pages)
# and the report that settled its day; the import report lists every URL left out.
_DROPPED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("a social media post", ("twitter.com", "facebook.com")),
    ("a photo", ("twimg.com", "flickr.com")),
    (
        "an encyclopedia article",
        ("wikipedia.org", "astronautix.com", "globalsecurity.org"),
    ),
    ("a blog post", ("armscontrolwonk.com", "allthingsnuclear.org", "defense-update.com")),
    ("a pro-North Korean website's copy of state media", ("web-uridongpo.com",)),
    (
        "an aggregator page (it reposts other outlets' reports)",
        ("missiledefenseadvocacy.org", "inverse.com"),
    ),
)

# Readable names of the publishers the CNS export cites (host without 'www.' -> name).
PUBLISHERS: dict[str, str] = {
    "38north.org": "38 North",
    "abc.net.au": "ABC News (Australia)",
    "aljazeera.com": "Al Jazeera",
    "allthingsnuclear.org": "All Things Nuclear (Union of Concerned Scientists)",
    "apnews.com": "Associated Press",
    "armscontrol.org": "Arms Control Association",
    "armscontrolwonk.com": "Arms Control Wonk",
    "astronautix.com": "Encyclopedia Astronautica",
    "bbc.com": "BBC News",
    "bloomberg.com": "Bloomberg",
    "buzzfeed.com": "BuzzFeed News",
    "cbsnews.com": "CBS News",
    "cnbc.com": "CNBC",
    "cnn.com": "CNN",
    "csis.org": "Center for Strategic and International Studies",
    "defense.gov": "US Department of Defense",
    "defense-update.com": "Defense Update",
    "defensenews.com": "Defense News",
    "economist.com": "The Economist",
    "edition.cnn.com": "CNN",
    "english.hani.co.kr": "The Hankyoreh",
    "english.yonhapnews.co.kr": "Yonhap",
    "en.yna.co.kr": "Yonhap",
    "m-en.yna.co.kr": "Yonhap",
    "foxnews.com": "Fox News",
    "ft.com": "Financial Times",
    "globalsecurity.org": "GlobalSecurity.org",
    "iiss.org": "International Institute for Strategic Studies",
    "japantimes.co.jp": "The Japan Times",
    "koreajoongangdaily.joins.com": "Korea JoongAng Daily",
    "korean.people.com.cn": "People's Daily (Korean edition)",
    "koreatimesus.com": "The Korea Times (US edition)",
    "mnd.go.kr": "South Korea's Ministry of National Defense",
    "mod.go.jp": "Japan's Ministry of Defense",
    "npr.org": "NPR",
    "nknews.org": "NK News",
    "nti.org": "Nuclear Threat Initiative",
    "nypost.com": "New York Post",
    "nytimes.com": "The New York Times",
    "pacom.mil": "US Pacific Command",
    "reuters.com": "Reuters",
    "rodong.rep.kp": "Rodong Sinmun (North Korean state newspaper)",
    "straitstimes.com": "The Straits Times",
    "stratcom.mil": "US Strategic Command",
    "thediplomat.com": "The Diplomat",
    "theguardian.com": "The Guardian",
    "un.org": "United Nations",
    "upi.com": "UPI",
    "usatoday.com": "USA Today",
    "voanews.com": "Voice of America",
    "washingtonpost.com": "The Washington Post",
    "washingtontimes.com": "The Washington Times",
    "web-uridongpo.com": "Uriminzokkiri Dongpo (pro-North Korean website)",
    "wsj.com": "The Wall Street Journal",
}

# What a document of each kind is called in a source's description.
_DOCUMENT = {
    "news": "report",
    "government": "statement",
    "un-document": "document",
    "dataset": "dataset",
    "report": "report",
    "analysis": "analysis",
    "reference": "reference entry",
    "state-media": "state media report",
}

_MONTH_ABBR = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


def host_of(url: str) -> str:
    """Return a URL's host without 'www.' (the publisher of a source created from it)."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def _matches(url: str, host: str, needle: str) -> bool:
    """Tell whether a host (or, for 'host/path' needles, the URL) matches a pattern."""
    if "/" in needle:
        return needle in url.lower()
    if needle.startswith("."):
        return host.endswith(needle)
    return host == needle or host.endswith("." + needle)


def kind_of(url: str) -> str:
    """Guess the kind of document a URL points to, from its host."""
    host = host_of(url)
    for kind, needles in _KINDS:
        if any(_matches(url, host, needle) for needle in needles):
            return kind
    return "news"


def dropped_reason(url: str) -> str | None:
    """Return what a URL is when the importer does not attach it ("a photo"), else None."""
    host = host_of(url)
    for reason, needles in _DROPPED:
        if any(_matches(url, host, needle) for needle in needles):
            return reason
    return None


def is_dropped(url: str) -> bool:
    """Tell whether a URL is a post, photo, encyclopedia article or aggregator page."""
    return dropped_reason(url) is not None


def publisher_of(url: str) -> str:
    """Return the readable name of a URL's publisher (the host when it is not known)."""
    host = host_of(url)
    return PUBLISHERS.get(host) or next(
        (name for known, name in PUBLISHERS.items() if host.endswith("." + known)), host
    )


def describe(url: str, days: Sequence[str]) -> str:
    """Return a readable title for a cited URL: what it is and which launches it is cited for.

    The publisher is shown beside the title, so the title does not repeat it.
    """
    what = _DOCUMENT.get(kind_of(url), "report").capitalize()
    shown = [_long_day(day) for day in sorted(set(days))]
    if not shown:
        return f"{what} cited in the CNS missile test database"
    launches = "the launch of " + shown[0] if len(shown) == 1 else "the launches of "
    if len(shown) > 1:
        launches += ", ".join(shown[:-1]) + " and " + shown[-1]
    return f"{what} cited for {launches} in the CNS missile test database"


def _long_day(iso: str) -> str:
    """Return '29 November 2017' (or 'May 1990' for a month-only date)."""
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 2:
        return f"{MONTH_NAMES[parts[1]]} {parts[0]}"
    return f"{parts[2]} {MONTH_NAMES[parts[1]]} {parts[0]}"


def is_asian(url: str) -> bool:
    """Tell whether a URL's host publishes in Korea or Japan time."""
    host = host_of(url)
    return any(_matches(url, host, needle) for needle in ASIA_HOSTS)


def source_id(url: str) -> str:
    """Return a stable id for a URL: prefix, host and a short hash of the whole URL."""
    host = re.sub(r"[^a-z0-9]+", "-", host_of(url)).strip("-")[:40].strip("-") or "web"
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:8]
    return f"{SOURCE_ID_PREFIX}{host}-{digest}"


def _valid(year: int, month: int, day: int) -> dt.date | None:
    """Return the date if it exists and is plausible for this data, else None."""
    if not 1980 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def date_in_url(url: str) -> dt.date | None:
    """Return the publication date a URL path spells out (/2017/11/29/, 2016-09-09, AEN2019...)."""
    path = urlsplit(url).path + "?" + urlsplit(url).query
    patterns = (
        r"(?<!\d)((?:19|20)\d{2})[/-](\d{2})[/-](\d{2})(?!\d{2})",
        r"/((?:19|20)\d{2})/([a-z]{3})/(\d{1,2})/",
        r"AEN((?:19|20)\d{2})(\d{2})(\d{2})",
    )
    for pattern in patterns:
        match = re.search(pattern, path, flags=re.IGNORECASE if "a-z" in pattern else 0)
        if not match:
            continue
        month_text = match.group(2).lower()
        month = _MONTH_ABBR.get(month_text, 0) if month_text.isalpha() else int(month_text)
        found = _valid(int(match.group(1)), month, int(match.group(3)))
        if found is not None:
            return found
    return None
