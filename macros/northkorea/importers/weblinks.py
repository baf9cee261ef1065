"""Source URLs cited by the CNS export: host, kind, a stable id and the date a URL carries."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from urllib.parse import urlsplit

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

# Social posts, image hosts and photo sets: cite only when nothing better exists.
_WEAK_HOSTS = ("twitter.com", "twimg.com", "facebook.com", "flickr.com", "inverse.com")

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


def is_weak(url: str) -> bool:
    """Tell whether a URL is a social post or image rather than a document."""
    host = host_of(url)
    return any(_matches(url, host, needle) for needle in _WEAK_HOSTS)


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
