"""RSS and Atom feeds: each item becomes an article.

The item's own content (or summary) is the article text; following each item's
link to read the full page is possible but off by default, because it
multiplies network traffic and most feeds carry enough to cluster stories.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import feedparser

from triangulate.errors import InputError
from triangulate.model import Article

_TAG = re.compile(r"<[^>]+>")


def looks_like_feed(text: str) -> bool:
    """Whether decoded text is an RSS or Atom document."""
    head = text[:4096].lower()
    return "<rss" in head or "<feed" in head or "<rdf:rdf" in head


def parse_feed(
    text: str, source: str, *, follow_links: bool = False, allow_private: bool = False
) -> Iterator[Article | InputError]:
    """Yield one Article per feed item with text, and an InputError per unusable item."""
    parsed = feedparser.parse(text)
    if parsed.bozo and not parsed.entries:
        reason = type(parsed.get("bozo_exception")).__name__
        yield InputError(source, f"malformed feed ({reason})")
        return
    outlet = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, start=1):
        name = f"{source}#{number}"
        link = entry.get("link")
        if follow_links and link:
            from triangulate.ingest.sources import read_url

            try:
                yield from read_url(link, allow_private=allow_private)
                continue
            except InputError as exc:
                yield exc
        body = _entry_text(entry)
        if not body:
            yield InputError(name, "feed item has no text")
            continue
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        yield Article(
            text=body,
            source=link or name,
            title=entry.get("title") or None,
            published=date(published.tm_year, published.tm_mon, published.tm_mday)
            if published
            else None,
            outlet=outlet,
            byline=entry.get("author") or None,
            url=link,
        )


def _entry_text(entry: feedparser.FeedParserDict) -> str:
    """The longest text the item carries, with markup removed."""
    candidates = [c.get("value", "") for c in entry.get("content", [])]
    candidates.append(entry.get("summary", ""))
    best = max(candidates, key=len)
    import html

    text = html.unescape(_TAG.sub(" ", best))
    return "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip())
