"""HTML pages: trafilatura for the main text and metadata, htmldate for the date."""

from __future__ import annotations

import logging

from triangulate.errors import InputError
from triangulate.ingest.dates import parse_date
from triangulate.model import Article

# trafilatura and htmldate log every page they cannot parse at WARNING; the
# runner reports failures itself, once, so their chatter is silenced.
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)


def looks_like_html(text: str) -> bool:
    """Whether decoded text is an HTML document rather than prose."""
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in text[:4096].lower()


def parse_html(html: str, source: str, url: str | None = None) -> Article:
    """Extract the article body and metadata from an HTML page."""
    import trafilatura
    from htmldate import find_date

    try:
        document = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, favor_precision=True
        )
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        raise InputError(source, f"broken HTML ({type(exc).__name__})") from None
    if document is None:
        raise InputError(source, "no article text found in the HTML")
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    text = (data.get("text") or "").strip()
    if not text:
        raise InputError(source, "no article text found in the HTML")
    published = None
    try:
        found = find_date(html, url=url, original_date=True, extensive_search=False)
        published = parse_date(found)
    except Exception:  # htmldate fails on some malformed pages; a missing date is fine
        published = None
    language = data.get("language")
    return Article(
        text=text,
        source=source,
        title=data.get("title") or None,
        language=language.split("-")[0].lower() if isinstance(language, str) else None,
        published=published,
        outlet=data.get("sitename") or None,
        byline=data.get("author") or None,
        url=url or data.get("url") or None,
    )
