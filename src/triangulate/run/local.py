"""The local executor: read, analyse (in this process or a pool), store in batches."""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from triangulate import config
from triangulate.analysis import PIPELINE_VERSION, analyze_articles
from triangulate.errors import InputError, TriangulateError
from triangulate.ingest.sources import ReadResult
from triangulate.model import Article
from triangulate.sections import ArticleResult
from triangulate.store.db import Store


@dataclass(slots=True)
class RunReport:
    """What a run did: counts, and one line per rejected input."""

    analysed: int = 0
    unchanged: int = 0
    errors: list[InputError] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    seconds: float = 0.0


Outcome = tuple[Article, ArticleResult | None, float, str | None]


def _analyse(chunk: list[Article]) -> list[Outcome]:
    """Analyse a chunk; failures are returned, not raised, so the pool keeps going."""
    started = time.perf_counter()
    results = analyze_articles(chunk)
    each = (time.perf_counter() - started) / max(1, len(chunk))
    out: list[Outcome] = []
    for article, result in zip(chunk, results, strict=True):
        if isinstance(result, TriangulateError):
            raise result  # a broken model is fatal for every article: stop with its message
        if isinstance(result, Exception):
            out.append((article, None, 0.0, f"analysis failed ({type(result).__name__}: {result})"))
        else:
            out.append((article, result, each, None))
    return out


def _chunks(articles: Iterator[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for article in articles:
        chunk.append(article)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run(
    inputs: Iterable[ReadResult],
    store: Store,
    *,
    workers: int = 1,
    on_error: Callable[[InputError], None] | None = None,
    on_article: Callable[[Article], None] | None = None,
) -> RunReport:
    """Analyse every new article from ``inputs`` and store it, batch by batch."""
    report = RunReport()
    started = time.perf_counter()
    batch_size = int(config.get("batch_size"))
    seen: set[str] = set()
    # Other sources of content already seen; recorded once their article is stored.
    extra_sources: list[tuple[str, str]] = []

    def fresh() -> Iterator[Article]:
        for item in inputs:
            if isinstance(item, InputError):
                report.errors.append(item)
                if on_error:
                    on_error(item)
                continue
            if item.id in seen:
                extra_sources.append((item.id, item.source))
                continue
            seen.add(item.id)
            report.article_ids.append(item.id)
            if store.known([item.id], PIPELINE_VERSION):
                report.unchanged += 1
                extra_sources.append((item.id, item.source))
                if on_article:
                    on_article(item)
                continue
            yield item

    chunk_size = max(1, min(batch_size, 16))
    chunked: Iterator[list[Outcome]]
    pool = None
    if workers > 1:
        pool = multiprocessing.get_context("spawn").Pool(workers)
        chunked = pool.imap(_analyse, _chunks(fresh(), chunk_size))
    else:
        chunked = map(_analyse, _chunks(fresh(), chunk_size))
    outcomes = (outcome for chunk in chunked for outcome in chunk)
    try:
        batch: list[tuple[Article, ArticleResult, float]] = []
        for article, result, seconds, failure in outcomes:
            if on_article:
                on_article(article)
            if result is None:
                error = InputError(article.source, failure or "analysis failed")
                report.errors.append(error)
                if on_error:
                    on_error(error)
                continue
            batch.append((article, result, seconds))
            if len(batch) >= batch_size:
                store.save(batch, PIPELINE_VERSION)
                report.analysed += len(batch)
                batch = []
        if batch:
            store.save(batch, PIPELINE_VERSION)
            report.analysed += len(batch)
        stored = store.known({i for i, _ in extra_sources}, PIPELINE_VERSION)
        for article_id, source in extra_sources:
            if article_id in stored:
                store.add_source(article_id, source)
    finally:
        if pool is not None:
            pool.terminate()
    report.seconds = time.perf_counter() - started
    return report
