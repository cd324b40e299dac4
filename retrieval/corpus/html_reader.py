"""A saved news page (.html/.htm) → its article text and metadata, through trafilatura.

trafilatura finds the article body among the header, menus, related-article lists, comments and footer,
and reads title, author, date (htmldate), site name and URL from the page's meta tags and JSON-LD.
"""

from __future__ import annotations

import logging
import re

from retrieval.corpus.formats import (
    FileMetadata,
    ReadDocument,
    UnreadableDocument,
    clean_author,
    clean_title,
    clean_url,
    iso_date,
)

logger = logging.getLogger(__name__)


def read_html(raw: bytes) -> ReadDocument:
    """The article of a saved page; UnreadableDocument when the page holds no article text."""
    import trafilatura

    tree = trafilatura.load_html(raw)  # guesses the encoding from the bytes and the <meta charset>
    if tree is None:
        raise UnreadableDocument("không đọc được trang HTML")
    # Read before extraction, which prunes the tree it is given.
    canonical, visible = _canonical(tree), _visible_text(tree)
    dateline, byline = _printed_date_and_byline(tree)
    found = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        # The date the page states (meta tags, JSON-LD, <time>), the first publication rather than an update;
        # no guessing from dates anywhere in the text, which the text rules do with more care.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if found is None or not (found.text or "").strip():
        raise UnreadableDocument("không tìm thấy nội dung bài viết trong trang")
    paragraphs = [_clean_line(line) for line in found.text.splitlines()]
    paragraphs = [p for p in paragraphs if p]
    lede = _lede(found.description, paragraphs, visible)
    # The date and the byline the page prints by its headline, which extraction leaves out with the page's
    # furniture: kept as lines of their own, so an answer about them quotes the page.
    head = [dateline] if dateline and not any(dateline in p for p in paragraphs[:3]) else []
    tail = [byline] if byline and not any(byline == p for p in paragraphs) else []
    paragraphs = head + ([lede] if lede else []) + paragraphs + tail
    lede = None
    metadata = FileMetadata(
        title=clean_title(found.title),
        date=iso_date(found.date),
        author=clean_author(found.author),
        outlet=" ".join((found.sitename or "").split()) or None,
        url=clean_url(canonical or found.url),
    )
    return ReadDocument(tuple(paragraphs), metadata)


_PRINTED_DATE = re.compile(r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}")
_MAX_DATELINE_CHARS = 80
_MAX_BYLINE_CHARS = 60
# The first elements after the headline that a site marks as the date or the author; comments and related
# lists come later on the page.
_DATE_ELEMENTS = (
    "following::*[self::time or contains(@class, 'date') or contains(@class, 'time') or contains(@class, 'publish')]"
    "[position() <= 3]"
)
_AUTHOR_ELEMENTS = "following::*[contains(@class, 'author') or contains(@class, 'byline')][position() <= 2]"


def _printed_date_and_byline(tree: object) -> tuple[str | None, str | None]:
    """The date line and the byline the page prints after its headline ("Thứ ba, 16/01/2024 09:15"), if any."""
    heads = tree.xpath("//body//h1")  # type: ignore[attr-defined]
    if not heads:
        return None, None
    dateline = byline = None
    for element in heads[0].xpath(_DATE_ELEMENTS):
        text = " ".join(element.text_content().split())
        if len(text) <= _MAX_DATELINE_CHARS and _PRINTED_DATE.search(text):
            dateline = text
            break
    for element in heads[0].xpath(_AUTHOR_ELEMENTS):
        text = " ".join(element.text_content().split())
        if 2 <= len(text) <= _MAX_BYLINE_CHARS and not _PRINTED_DATE.search(text):
            byline = text
            break
    return dateline, byline


def _canonical(tree: object) -> str | None:
    """<link rel="canonical">: the address the site itself names, before og:url (which may carry tracking)."""
    hrefs = tree.xpath('//head/link[translate(@rel, "CANONIL", "canonil")="canonical"]/@href')  # type: ignore[attr-defined]
    return str(hrefs[0]).strip() if hrefs else None


def _lede(description: str | None, paragraphs: list[str], visible: str) -> str | None:
    """The page's description when the page prints it and the extracted body lacks it.

    Vietnamese news sites print the lede (sapo) above the body container, where extraction leaves it out,
    and repeat it word for word as the page's description. A description the page does not print (a
    summary written for search engines) is not taken: a quote must be the article's own words.
    """
    text = " ".join((description or "").split())
    if not text or text not in visible or any(text in p for p in paragraphs[:3]):
        return None
    return text


def _visible_text(tree: object) -> str:
    """The text of the page's body, spaces collapsed (scripts and styles left out)."""
    parts = tree.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]")  # type: ignore[attr-defined]
    return " ".join(" ".join(str(part) for part in parts).split())


def _clean_line(line: str) -> str:
    """One extracted line; cells of a layout table come with " | " edges."""
    return " ".join(line.strip().strip("|").split())
