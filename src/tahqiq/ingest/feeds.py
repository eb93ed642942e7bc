"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds: one article per item, the channel title as outlet.

Agencies and outlets publish feeds, and a saved feed is the quickest way to collect a day's
coverage of a claim. Parsing uses the standard library's expat-based ElementTree, which never
fetches external DTDs or entities; documents that declare their own entities are refused
outright (that is how "billion laughs" and external-entity attacks are written), so no
third-party XML hardening package is needed. Tag names are matched by local name, so
namespace prefixes do not matter.
"""

from __future__ import annotations

import html as html_lib
import xml.etree.ElementTree as ET
from typing import Any

import regex

from tahqiq.errors import InputError
from tahqiq.ingest.boilerplate import clean_body
from tahqiq.ingest.build import build_article
from tahqiq.ingest.html import html_to_text, looks_like_html
from tahqiq.ingest.plaintext import cleaned_metadata, require_text
from tahqiq.ingest.result import ReadResult
from tahqiq.records import ArticleInput

_FEED_ROOTS = frozenset({"rss", "rdf", "feed"})
_NAMED_ENTITY = regex.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
_SNIFF_ROOT = regex.compile(r"<(?:[\w-]+:)?(rss|RDF|feed)\b")


def local_name(tag: str) -> str:
    """A tag without its ``{namespace}``, lower-cased: ``{http://...}encoded`` -> ``encoded``."""
    return tag.rsplit("}", 1)[-1].lower()


def looks_like_feed(text: str) -> bool:
    """Whether the start of ``text`` shows an RSS, RDF or Atom root element."""
    head = text.lstrip()[:2000]
    return head.startswith("<") and _SNIFF_ROOT.search(head) is not None


def parse_xml(text: str) -> ET.Element:
    """Parse an XML document safely; raises :class:`InputError` with a one-line reason."""
    if "<!ENTITY" in text and "<!DOCTYPE" in text:
        raise InputError("XML declares its own entities; refused for safety")
    text = _NAMED_ENTITY.sub(_html_entity, text)
    try:
        return ET.fromstring(text)
    except ET.ParseError as exc:
        raise InputError(f"malformed XML: {exc}") from None


def _html_entity(match: regex.Match[str]) -> str:
    """Turn HTML-only entities (``&nbsp;``), common in hand-made feeds, into characters XML accepts."""
    entity = str(match.group(0))
    if match.group(1) in _XML_ENTITIES:
        return entity
    char = html_lib.unescape(entity)
    if char == entity:
        return entity  # unknown: let the parser report it
    return char.replace("&", "&amp;").replace("<", "&lt;")


def read_feed(
    text: str, *, source: str, result: ReadResult, outlet: str | None = None, warnings: tuple[str, ...] = ()
) -> None:
    """Add one article per feed item to ``result``; an item without text is skipped alone."""
    root = parse_xml(text)
    kind = local_name(root.tag)
    if kind not in _FEED_ROOTS:
        raise InputError(f"XML root <{kind}> is not an RSS or Atom feed")
    channel = root if kind == "feed" else _child(root, "channel")
    feed_title = _text(_child(channel, "title")) if channel is not None else ""
    # RSS 2.0 and Atom hold items in the channel (the Atom root); RSS 1.0 puts them beside it.
    holders = [root] if kind != "rss" else []
    if channel is not None and channel is not root:
        holders.append(channel)
    items = [el for holder in holders for el in holder if local_name(el.tag) in ("item", "entry")]
    if not items:
        raise InputError("feed has no items")
    for number, item in enumerate(items, 1):
        item_source = f"{source}#{number}"
        try:
            article = _item_article(item, item_source, outlet or feed_title or None, warnings)
        except InputError as exc:
            result.skip(item_source, str(exc))
            continue
        result.add(article, already_reported=warnings)


def _item_article(
    item: ET.Element, source: str, outlet: str | None, warnings: tuple[str, ...]
) -> ArticleInput:
    fields: dict[str, list[ET.Element]] = {}
    for child in item:
        fields.setdefault(local_name(child.tag), []).append(child)

    def first(*names: str) -> str:
        for name in names:
            for element in fields.get(name, []):
                value = _content(element)
                if value:
                    return value
        return ""

    title = first("title")
    summary = first("description", "summary")
    body = first("encoded", "content") or summary
    metadata: dict[str, Any] = {}
    if summary and summary != body:
        metadata["summary"] = summary
    author = first("creator", "author")
    if author:
        metadata["author"] = author
    categories = [c for c in (_content(e) or e.get("term", "") for e in fields.get("category", [])) if c]
    if categories:
        metadata["categories"] = categories
    guid = first("guid", "id")
    if guid:
        metadata["guid"] = guid
    # RSS <source> names the outlet an item was taken from; Atom's <source> is a nested feed record.
    credited = next((_content(e) for e in fields.get("source", []) if not len(e)), "")
    cleaned = clean_body(body, title, known_site=outlet)
    require_text(cleaned.body, cleaned.title)
    metadata.update(cleaned_metadata(cleaned))
    if credited and "credited_source" not in metadata:
        metadata["credited_source"] = credited
    byline_outlet = cleaned.byline.outlet if cleaned.byline is not None else None
    return build_article(
        text=cleaned.body,
        title=cleaned.title,
        source=source,
        url=_link(fields) or (guid if guid.startswith(("http://", "https://")) else None),
        outlet=outlet or byline_outlet,
        site_guess=cleaned.site_name,
        date_value=first("pubdate", "published", "date", "issued", "updated", "modified") or None,
        metadata=metadata,
        warnings=warnings,
    )


def _link(fields: dict[str, list[ET.Element]]) -> str | None:
    """The item's page: RSS ``<link>`` text, or Atom's ``rel="alternate"`` (or rel-less) ``href``."""
    for element in fields.get("link", []):
        href = element.get("href")
        if href is None:
            text = (element.text or "").strip()
            if text:
                return text
        elif element.get("rel", "alternate") == "alternate" and href.strip():
            return href.strip()
    return None


def _child(element: ET.Element, name: str) -> ET.Element | None:
    return next((child for child in element if local_name(child.tag) == name), None)


def _text(element: ET.Element | None) -> str:
    return _content(element) if element is not None else ""


def _content(element: ET.Element) -> str:
    """Plain text of a feed field, whether it holds text, escaped HTML, or inline XHTML (Atom)."""
    if element.get("type") == "xhtml" or len(element):
        if local_name(element.tag) == "author":  # Atom <author><name>…</name></author>
            name = _child(element, "name")
            return _text(name)
        markup = "".join(ET.tostring(child, encoding="unicode", method="html") for child in element)
        return html_to_text(
            regex.sub(r"<(/?)[\w-]+:", r"<\1", regex.sub(r'\sxmlns(:\w+)?="[^"]*"', "", markup))
        )
    value = (element.text or "").strip()
    return html_to_text(value) if looks_like_html(value) or "&" in value else " ".join(value.split())
