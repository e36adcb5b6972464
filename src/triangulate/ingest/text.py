"""Plain-text reports, with optional metadata headers.

Two header forms are understood, both stripped from the article text so that
offsets point into the report body:

* the seed form: the first line begins with `` date YYYY-MM-DD`` and the body
  follows on the same line;
* mail-style header lines at the top (``Title:``, ``Date:``, ``Source:``,
  ``Outlet:``, ``URL:``, ``Byline:``/``By:``, ``Language:``), ended by a blank line.
"""

from __future__ import annotations

import re
from typing import Any

from triangulate.errors import InputError
from triangulate.ingest.dates import parse_date
from triangulate.model import Article

_SEED_DATE = re.compile(r"^\s?date (\d{4}-\d{2}-\d{2})[ \t]+")
_HEADER = re.compile(
    r"^(title|date|published|source|outlet|url|byline|by|language|lang):[ \t]*(.*)$", re.I
)
_KEYS = {
    "title": "title",
    "date": "published",
    "published": "published",
    "source": "outlet",
    "outlet": "outlet",
    "url": "url",
    "byline": "byline",
    "by": "byline",
    "language": "language",
    "lang": "language",
}


def parse_text(text: str, source: str) -> Article:
    """Build an Article from decoded text, reading and stripping any header."""
    meta: dict[str, Any] = {}
    body = text.lstrip("\ufeff")
    seed = _SEED_DATE.match(body)
    if seed:
        meta["published"] = seed.group(1)
        body = body[seed.end() :]
    else:
        body = _strip_headers(body, meta)
    if not body.strip():
        raise InputError(source, "empty: no text after the header" if meta else "empty file")
    published = parse_date(meta.get("published"))
    return Article(
        text=body,
        source=source,
        title=meta.get("title") or _headline(body),
        language=(meta.get("language") or "").lower() or None,
        published=published,
        outlet=meta.get("outlet") or None,
        byline=meta.get("byline") or None,
        url=meta.get("url") or None,
    )


def _strip_headers(text: str, meta: dict[str, Any]) -> str:
    """Consume header lines at the top; they count only if a blank line ends them."""
    lines = text.split("\n")
    found: dict[str, str] = {}
    for index, line in enumerate(lines):
        if not line.strip():
            if found:
                meta.update(found)
                return "\n".join(lines[index + 1 :]).lstrip("\n")
            return text
        match = _HEADER.match(line.rstrip("\r"))
        if not match:
            return text
        found[_KEYS[match.group(1).lower()]] = match.group(2).strip()
    return text


_TERMINAL = (".", "!", "?", ":", ";", ",", '"', "”", "»")


def _headline(body: str) -> str | None:
    """A short first line standing alone, without end punctuation, is the headline.

    It stays in the text (offsets must not move); it is only copied as the title.
    """
    first, sep, _rest = body.lstrip().partition("\n")
    first = first.strip()
    if (
        sep
        and 0 < len(first) <= 150
        and not first.endswith(_TERMINAL)
        and body.lstrip()[len(first) :].startswith(("\n\n", "\r\n\r\n"))
    ):
        return first
    return None
