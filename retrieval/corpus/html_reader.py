"""A saved news page (.html/.htm) → its article text and metadata, through trafilatura.

trafilatura finds the article body among the header, menus, related-article lists, comments and footer,
and reads title, author, date (htmldate), site name and URL from the page's meta tags and JSON-LD.
"""

from __future__ import annotations

import logging

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
    metadata = FileMetadata(
        title=clean_title(found.title),
        date=iso_date(found.date),
        author=clean_author(found.author),
        outlet=" ".join((found.sitename or "").split()) or None,
        url=clean_url(canonical or found.url),
    )
    return ReadDocument(tuple(([lede] if lede else []) + paragraphs), metadata)


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
