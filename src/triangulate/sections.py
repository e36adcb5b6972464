"""How stage results become sections of analysis.json.

Two kinds of section exist. An *article section* is extracted from one
analysed Doc (quotes, events, numbers...) and stored with the article, so a
re-run never recomputes it. A *corpus section* is built from all stored
article results together (entities resolved across articles, places, stories,
derivations, claims), which is what lets a new article join existing stories.
Stage modules register their sections with the decorators below.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.tokens import Doc

Record = dict[str, Any]
#: One article's stored result: ``{"article": {...}, "<section>": [records...]}``.
ArticleResult = dict[str, Any]
ArticleSection = Callable[[Doc], list[Record]]
CorpusSection = Callable[[list[ArticleResult]], list[Record]]

ARTICLE_SECTIONS: dict[str, ArticleSection] = {}
CORPUS_SECTIONS: dict[str, CorpusSection] = {}


def article_section(name: str) -> Callable[[ArticleSection], ArticleSection]:
    """Register a function that extracts one section's records from an analysed Doc."""

    def register(func: ArticleSection) -> ArticleSection:
        ARTICLE_SECTIONS[name] = func
        return func

    return register


def corpus_section(name: str) -> Callable[[CorpusSection], CorpusSection]:
    """Register a function that builds one section from all article results."""

    def register(func: CorpusSection) -> CorpusSection:
        CORPUS_SECTIONS[name] = func
        return func

    return register
