"""The data model: the article owns the text, everything else is a span into it.

Every annotation Triangulate produces (a mention, a quote, an event trigger, a
time expression) is expressed as character offsets into ``Article.text``, the
original text as read, never a normalised copy. That is what lets every fact
link back to the exact sentence it came from.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

_WS = re.compile(r"\s+")


def normalise_for_id(text: str) -> str:
    """Normalise text so that trivially different copies of a report share an id.

    Unicode compatibility forms, case and runs of whitespace carry no meaning for
    identity; punctuation and words do.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    return _WS.sub(" ", text).strip()


def article_id(text: str) -> str:
    """A stable id for an article, derived from its normalised content."""
    digest = hashlib.sha256(normalise_for_id(text).encode("utf-8")).hexdigest()
    return digest[:16]


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range ``[start, end)`` of characters in one article's text."""

    article_id: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def text_in(self, article: Article) -> str:
        """The covered text, checked against the article the span belongs to."""
        if article.id != self.article_id:
            raise ValueError(f"span of {self.article_id} applied to article {article.id}")
        return article.text[self.start : self.end]

    def to_json(self) -> dict[str, Any]:
        """The span as it appears in analysis.json."""
        return {"article": self.article_id, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Article:
    """One report as read from its source; ``text`` is the original body."""

    text: str
    source: str
    title: str | None = None
    language: str | None = None
    published: date | None = None
    outlet: str | None = None
    byline: str | None = None
    url: str | None = None
    id: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = article_id(self.text)

    def span(self, start: int, end: int) -> Span:
        """A span into this article, bounds-checked."""
        if end > len(self.text):
            raise ValueError(f"span end {end} beyond article {self.id} ({len(self.text)} chars)")
        return Span(self.id, start, end)

    def to_json(self) -> dict[str, Any]:
        """The article's metadata (not its text) as in analysis.json."""
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "language": self.language,
            "published": self.published.isoformat() if self.published else None,
            "outlet": self.outlet,
            "byline": self.byline,
            "url": self.url,
        }


@dataclass(slots=True)
class Mention:
    """A name in the text that refers to an entity."""

    span: Span
    text: str
    label: str
    entity_id: str | None = None


@dataclass(slots=True)
class Entity:
    """One real-world actor or place, whatever the spelling or language."""

    id: str
    name: str
    type: str
    kb_id: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


def record(obj: Any) -> dict[str, Any]:
    """Turn a dataclass record into its JSON form (spans become offset objects)."""
    out = asdict(obj)
    return out
