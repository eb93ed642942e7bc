"""What a page's URL says about it: the outlet that published it and, often, the day.

Why: a desk's pages come from scrapers and search results that rarely fill an ``outlet`` field,
but nearly always keep the URL. The domain names the outlet more reliably than anything read
from the page text (menus and login widgets are not outlets: «Arabic .», «Sign in Welcome !»),
and a date in the path (``/2017/12/17/``) was set by the publisher's CMS when the article went
out, unlike a date in the page header, which is often the day the page was fetched.

Outlet names come from ``data/lexicon/outlet_domains.tsv`` (longest matching suffix, so
``mubasher.aljazeera.net`` is not ``aljazeera.net``; a row may carry a path prefix for outlets
that share a domain, like ``bbc.com/arabic``); a domain not listed is its own name.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from urllib.parse import SplitResult, urlsplit

import regex

from tahqiq.text.lexicon import load_table

# Second-level labels under which registrations happen one level down (alquds.co.uk, not co.uk).
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "edu", "ac", "news", "info"})
# Host prefixes that are not part of an outlet's name.
_SERVICE_PREFIXES = ("www.", "www2.", "m.", "amp.", "mobile.")
MIN_URL_YEAR = 1995  # no Arabic news site published on the web before this
MAX_URL_YEAR = 2100

# /2017/12/17/ or /2017/12/17-title, 2017-12-17 or 2017_12_17 in a segment, or /20171217/.
_YMD = regex.compile(
    r"(?<![0-9])(?P<y>(?:19|20)[0-9]{2})(?P<sep>[/_-])(?P<m>[01]?[0-9])(?P=sep)(?P<d>[0-3]?[0-9])(?![0-9])"
)
_YEAR_MONTH = regex.compile(r"/(?P<y>(?:19|20)[0-9]{2})/(?P<m>[01]?[0-9])(?:/|$)")
_COMPACT = regex.compile(r"(?<![0-9])(?P<y>(?:19|20)[0-9]{2})(?P<m>[01][0-9])(?P<d>[0-3][0-9])(?![0-9])")


def _split(url: str | None) -> SplitResult | None:
    """``url`` split into its parts, or None when it is empty or not a URL Python can split."""
    if not url:
        return None
    try:
        return urlsplit(url.strip())
    except ValueError:
        return None


def host_of(url: str | None) -> str | None:
    """The lower-cased host of ``url`` without service prefixes (www., m., amp.), or None."""
    parts = _split(url)
    return _host(parts) if parts is not None else None


def _host(parts: SplitResult) -> str | None:
    try:
        host = parts.hostname
    except ValueError:  # a malformed host (a bad IPv6 literal) raises only when read
        return None
    if not host or "." not in host:
        return None
    for prefix in _SERVICE_PREFIXES:
        if host.startswith(prefix):
            host = host[len(prefix) :]
    return host


def registrable_domain(host: str) -> str:
    """The part of ``host`` an outlet registers: ``news.example.co.uk`` → ``example.co.uk``."""
    labels = host.split(".")
    keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


@cache
def _outlet_names() -> tuple[tuple[str, str], ...]:
    """(domain or domain/path prefix, name), longest first, so the most specific row wins."""
    table = load_table("outlet_domains", ("domain", "name"))
    rows = {row["domain"].lower().removeprefix("www."): row["name"] for row in table.rows}
    return tuple(sorted(rows.items(), key=lambda kv: -len(kv[0])))


def outlet_from_url(url: str | None) -> str | None:
    """The outlet's name for ``url``: from the domain table, else the registrable domain."""
    parts = _split(url)
    host = _host(parts) if parts is not None else None
    if parts is None or host is None:
        return None
    where = host + parts.path.lower()
    for key, name in _outlet_names():
        domain, _, prefix = key.partition("/")
        on_domain = host == domain or host.endswith("." + domain)
        if on_domain and (not prefix or where.startswith(f"{host}/{prefix}")):
            return name
    return registrable_domain(host)


def date_from_url(url: str | None) -> str | None:
    """The ISO date written in ``url``'s path, or None when it holds no full, valid date."""
    parts = _split(url)
    if parts is None:
        return None
    path = parts.path + ("?" + parts.query if parts.query else "")
    for pattern in (_YMD, _COMPACT):
        for m in pattern.finditer(path):
            year, month, day = int(m["y"]), int(m["m"]), int(m["d"])
            if not MIN_URL_YEAR <= year <= MAX_URL_YEAR:
                continue
            try:
                return date(year, month, day).isoformat()
            except ValueError:
                continue
    return None


def year_month_from_url(url: str | None) -> tuple[int, int] | None:
    """A ``/YYYY/MM/`` pair in ``url``'s path (many sites date only to the month), or None."""
    parts = _split(url)
    m = _YEAR_MONTH.search(parts.path) if parts is not None else None
    if m is None:
        return None
    year, month = int(m["y"]), int(m["m"])
    return (year, month) if MIN_URL_YEAR <= year <= MAX_URL_YEAR and 1 <= month <= 12 else None
