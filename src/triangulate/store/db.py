"""Opening a store and reading/writing articles and their analyses."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.exc import SQLAlchemyError

from triangulate.errors import StoreError
from triangulate.model import Article
from triangulate.sections import ArticleResult
from triangulate.store.schema import analyses, article_sources, articles, metadata


def database_url(db: str) -> str:
    """A SQLAlchemy URL for ``db``: a URL is kept, anything else is a SQLite file path."""
    if "://" in db:
        return db
    return f"sqlite:///{db}"


def open_store(db: str) -> Store:
    """Open (creating if needed) the store named by a path or SQLAlchemy URL.

    A SQLite path's missing folders are created, as ``--out`` creates its folder,
    so that ``--db runs/today.db`` works without a separate ``mkdir``.
    """
    url = database_url(db)
    try:
        if url != db:  # a file path, not a URL
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, future=True)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        metadata.create_all(engine)
    except (SQLAlchemyError, OSError, ModuleNotFoundError) as exc:
        reason = getattr(exc, "orig", None) or exc  # the driver's words, not SQLAlchemy's links
        kind = type(reason).__name__
        raise StoreError(f"{db}: cannot open database ({kind}: {reason})") from None
    return Store(engine)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    """WAL lets readers (the web app) work while a run writes; FKs keep cascades honest."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class Store:
    """Articles and their analysis results in one database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def close(self) -> None:
        """Release the connection pool."""
        self.engine.dispose()

    def known(self, ids: Iterable[str], version: str) -> set[str]:
        """The ids among ``ids`` whose analysis at ``version`` is already stored."""
        wanted = list(ids)
        found: set[str] = set()
        with self.engine.connect() as conn:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                rows = conn.execute(
                    select(analyses.c.article_id).where(
                        analyses.c.article_id.in_(chunk), analyses.c.version == version
                    )
                )
                found.update(row[0] for row in rows)
        return found

    def save(self, batch: list[tuple[Article, ArticleResult, float]], version: str) -> None:
        """Write a batch of articles with their results in ONE transaction.

        An interrupted run therefore leaves whole articles or nothing; rerunning
        skips what is complete and redoes the rest.
        """
        now = datetime.now(UTC)
        ids = list(dict.fromkeys(article.id for article, _, _ in batch))
        try:
            with self.engine.begin() as conn:
                # Set-based statements: one round trip per table, not per article.
                present = {
                    row[0]
                    for row in conn.execute(select(articles.c.id).where(articles.c.id.in_(ids)))
                }
                sourced = {
                    (row[0], row[1])
                    for row in conn.execute(
                        select(article_sources.c.article_id, article_sources.c.source).where(
                            article_sources.c.article_id.in_(ids)
                        )
                    )
                }
                new_articles = []
                new_sources = []
                for article, _, _ in batch:
                    if article.id not in present:
                        present.add(article.id)
                        new_articles.append({**_article_row(article), "added": now})
                    if (article.id, article.source) not in sourced:
                        sourced.add((article.id, article.source))
                        new_sources.append({"article_id": article.id, "source": article.source})
                if new_articles:
                    conn.execute(articles.insert(), new_articles)
                if new_sources:
                    conn.execute(article_sources.insert(), new_sources)
                conn.execute(analyses.delete().where(analyses.c.article_id.in_(ids)))
                rows = {
                    article.id: {
                        "article_id": article.id,
                        "version": version,
                        "result": json.dumps(result, ensure_ascii=False),
                        "seconds": round(seconds),
                        "analysed": now,
                    }
                    for article, result, seconds in batch
                }
                conn.execute(analyses.insert(), list(rows.values()))
        except SQLAlchemyError as exc:
            raise StoreError(
                f"cannot write to the database ({type(exc).__name__}: {exc})"
            ) from None

    def add_source(self, article_id: str, source: str) -> None:
        """Remember another source for an article already stored."""
        with self.engine.begin() as conn:
            exists = conn.execute(
                select(article_sources.c.article_id).where(
                    article_sources.c.article_id == article_id, article_sources.c.source == source
                )
            ).first()
            if exists is None:
                conn.execute(article_sources.insert().values(article_id=article_id, source=source))

    def articles(self) -> list[dict[str, Any]]:
        """Stored article metadata, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(
                    articles.c.id,
                    articles.c.source,
                    articles.c.title,
                    articles.c.language,
                    articles.c.published,
                    articles.c.outlet,
                ).order_by(articles.c.added, articles.c.source)
            )
            return [{**row._asdict(), "published": _iso(row.published)} for row in rows]

    def article(self, article_id: str) -> Article | None:
        """One stored article with its text, or None."""
        with self.engine.connect() as conn:
            row = conn.execute(select(articles).where(articles.c.id == article_id)).first()
        if row is None:
            return None
        data = row._asdict()
        data.pop("added")
        return Article(**data)

    def results(self, ids: Iterable[str] | None = None) -> Iterator[ArticleResult]:
        """Stored article results (all, or those of ``ids``), in insertion order."""
        query = (
            select(analyses.c.result)
            .join(articles, articles.c.id == analyses.c.article_id)
            .order_by(articles.c.added, articles.c.source)
        )
        if ids is not None:
            query = query.where(analyses.c.article_id.in_(list(ids)))
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                yield json.loads(row[0])

    def count(self) -> int:
        """How many articles are stored."""
        with self.engine.connect() as conn:
            return len(conn.execute(select(articles.c.id)).all())


def _article_row(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "source": article.source,
        "title": article.title,
        "language": article.language,
        "published": article.published,
        "outlet": article.outlet,
        "byline": article.byline,
        "url": article.url,
        "text": article.text,
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
