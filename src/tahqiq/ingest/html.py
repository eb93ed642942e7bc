"""Article text and metadata from saved HTML pages, and plain text from HTML fragments.

trafilatura finds the article body among menus and sidebars and reads the page's own metadata
(title, date, site name, canonical URL). It is imported only when an HTML page is met, since
its import costs more than reading a whole folder of text files. It works on the string given
and never fetches anything. When it fails or finds nothing (badly broken markup), selectolax's
lenient parser takes the page's visible text instead, so a malformed page is only skipped when
it has no text at all.
"""

from __future__ import annotations

import functools
import html as html_lib
from dataclasses import dataclass
from typing import Any

import regex

# Tags whose end starts a new line of text; everything else is inline.
_BLOCK_TAG = regex.compile(
    r"<br\s*/?>|</?(?:p|div|li|ul|ol|h[1-6]|tr|table|blockquote|section|article|header|footer|pre|dd|dt|figcaption)\b[^>]*>",
    regex.I,
)
_HIDDEN_TAGS = ["script", "style", "noscript", "template", "svg", "iframe", "form", "button", "select"]
_CHROME_TAGS = ["nav", "header", "footer", "aside"]
_BREAK = "\ue000"  # a private-use character marking block boundaries through the parser
_SPACE_RUN = regex.compile(r"\s+")
_LINE_BREAKS = regex.compile(r"\s*\ue000[\s\ue000]*")
_TABLE_ROW = regex.compile(r"^\|(.*)\|[ \t]*$", regex.M)
_TAG_HINT = regex.compile(r"<(?:/?[a-z][a-z0-9]*\b[^<>]*|!--)>?", regex.I)


@dataclass(frozen=True)
class PageText:
    """What a page yields before trimming: body text plus any metadata the page declares."""

    text: str
    title: str = ""
    date: str | None = None
    site_name: str | None = None
    url: str | None = None
    author: str | None = None
    description: str | None = None
    extractor: str = "trafilatura"


def looks_like_html(text: str) -> bool:
    """Whether a text field holds markup (a feed description, a JSON "content") rather than plain text."""
    return "<" in text and _TAG_HINT.search(text) is not None


def html_to_text(fragment: str) -> str:
    """Visible text of an HTML fragment: block elements become lines, inline markup is dropped."""
    if "<" not in fragment:
        return _collapse(html_lib.unescape(fragment))
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(_BLOCK_TAG.sub(lambda m: m.group(0) + _BREAK, fragment))
    tree.strip_tags(_HIDDEN_TAGS)
    root = tree.body if tree.body is not None else tree.root
    return _collapse(root.text(separator="") if root is not None else "")


def _collapse(text: str) -> str:
    """Fold source whitespace to single spaces and block markers to line breaks."""
    text = _SPACE_RUN.sub(" ", text)
    return str(_LINE_BREAKS.sub("\n", text)).strip()


@functools.cache
def _trafilatura_config() -> Any:
    from trafilatura.settings import use_config

    config = use_config()
    # No SIGALRM-based timeout: it only works in the main thread, and the server reads pages in workers.
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


def extract_page(page: str) -> PageText | None:
    """Article text and metadata of a full HTML page, or None when neither extractor finds text."""
    found = _with_trafilatura(page)
    if found is not None and found.text.strip():
        return found
    fallback = _with_selectolax(page)
    if fallback is None:
        return None
    if found is not None:  # keep the metadata trafilatura did read
        return PageText(
            text=fallback.text,
            title=found.title or fallback.title,
            date=found.date,
            site_name=found.site_name or fallback.site_name,
            url=found.url or fallback.url,
            author=found.author,
            description=found.description,
            extractor="selectolax",
        )
    return fallback


def _with_trafilatura(page: str) -> PageText | None:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            page,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
            config=_trafilatura_config(),
        )
    except Exception:  # third-party parser on untrusted markup: any failure means "try the fallback"
        return None
    if doc is None:
        return None

    def field(name: str) -> object:
        return doc.get(name) if isinstance(doc, dict) else getattr(doc, name, None)

    return PageText(
        text=_untable(_str(field("text")) or ""),
        title=_str(field("title")) or "",
        date=_str(field("date")),
        site_name=_str(field("sitename")),
        url=_str(field("url")),
        author=_str(field("author")),
        description=_str(field("description")),
    )


def _untable(text: str) -> str:
    """Turn trafilatura's "| cell | cell |" table rows back into plain lines of cell text."""
    if "|" not in text:
        return text
    return str(
        _TABLE_ROW.sub(lambda m: " ".join(c.strip() for c in m.group(1).split("|") if c.strip()), text)
    )


def _with_selectolax(page: str) -> PageText | None:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(_BLOCK_TAG.sub(lambda m: m.group(0) + _BREAK, page))
    title = _meta(tree, 'meta[property="og:title"]') or _node_text(tree, "title") or _node_text(tree, "h1")
    site = _meta(tree, 'meta[property="og:site_name"]')
    url = _attr(tree, 'link[rel="canonical"]', "href") or _meta(tree, 'meta[property="og:url"]')
    tree.strip_tags(_HIDDEN_TAGS + _CHROME_TAGS)
    root = tree.css_first("article") or tree.css_first("main") or tree.body or tree.root
    text = _collapse(root.text(separator="")) if root is not None else ""
    if not text:
        return None
    return PageText(text=text, title=title or "", site_name=site, url=url, extractor="selectolax")


def _str(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _node_text(tree: Any, selector: str) -> str | None:
    node = tree.css_first(selector)
    return _str(_collapse(node.text(separator="")).replace("\n", " ")) if node is not None else None


def _attr(tree: Any, selector: str, name: str) -> str | None:
    node = tree.css_first(selector)
    return _str(node.attributes.get(name)) if node is not None else None


def _meta(tree: Any, selector: str) -> str | None:
    return _attr(tree, selector, "content")
