"""Where a citation points: the article's URL with the quote highlighted, else the file and line. Built here once."""

from __future__ import annotations

from urllib.parse import quote as url_quote

from retrieval.models import Citation, Document, Passage

# Words of a quote a text fragment names at each end when the quote is too long to name whole.
_FRAGMENT_EDGE_WORDS = 5


def _fragment_part(text: str) -> str:
    # Text fragments reserve "-", "," and "&"; quote() leaves "-" alone, so it is escaped by hand.
    return url_quote(text, safe="").replace("-", "%2D")


def text_fragment(quote: str) -> str:
    """A `#:~:text=` fragment that highlights the quote in a browser."""
    words = quote.split()
    if len(words) <= 2 * _FRAGMENT_EDGE_WORDS:
        return "#:~:text=" + _fragment_part(" ".join(words))
    start = " ".join(words[:_FRAGMENT_EDGE_WORDS])
    end = " ".join(words[-_FRAGMENT_EDGE_WORDS:])
    return f"#:~:text={_fragment_part(start)},{_fragment_part(end)}"


def source_link(document: Document, passage: Passage, quote: str) -> str:
    """The article's URL with the quote highlighted when known, else `seeds/<file>.txt#L<line>`."""
    if document.url:
        return document.url.split("#", 1)[0] + text_fragment(quote)
    return f"{document.source}#L{passage.line}"


def citation_link(citation: Citation) -> str:
    return source_link(citation.document, citation.passage, citation.quote)


def _openable(link: str | None) -> str | None:
    # A chat opens web links only; a file path such as seeds/<file>.txt#L15 is no link there.
    return link if link and link.startswith(("https://", "http://")) else None


def web_link(citation: Citation) -> str | None:
    """The article's URL with the quote highlighted, or None when the article has no web address."""
    return _openable(citation_link(citation))


def article_web_link(document: Document) -> str | None:
    """The article's URL, or None when it has no web address."""
    return _openable(document.url)
