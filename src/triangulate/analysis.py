"""Running the per-article pipeline and assembling analysis.json."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from triangulate import SCHEMA, __version__
from triangulate.model import Article
from triangulate.nlp.language import detect
from triangulate.nlp.pipelines import get_pipeline
from triangulate.sections import ARTICLE_SECTIONS, CORPUS_SECTIONS, ArticleResult
from triangulate.stages import load_stage_modules

#: Stored results older than this are recomputed on the next run (raise it whenever a
#: stage or model changes what it outputs).
PIPELINE_VERSION = f"{__version__}+4"


def analyze_article(article: Article) -> ArticleResult:
    """Run the language's pipeline over one article and extract every article section."""
    outcome = analyze_articles([article])[0]
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


def analyze_articles(articles: list[Article]) -> list[ArticleResult | Exception]:
    """Analyse a batch: one ``nlp.pipe`` per language, which is much faster than one call each.

    If a batch fails, its articles are redone one by one so that only the
    article that breaks the pipeline fails; its exception is returned in its place.
    """
    outcomes: list[ArticleResult | Exception | None] = [None] * len(articles)
    by_language: dict[str, list[int]] = {}
    for index, article in enumerate(articles):
        if not article.language:
            article.language = detect(article.text)
        by_language.setdefault(article.language, []).append(index)
    for language, indexes in by_language.items():
        nlp = get_pipeline(language)
        try:
            docs = list(nlp.pipe(_docs(nlp, [articles[i] for i in indexes]), batch_size=16))
            for index, doc in zip(indexes, docs, strict=True):
                outcomes[index] = _result(articles[index], doc, nlp)
        except Exception:  # isolate the culprit by redoing the batch one article at a time
            for index in indexes:
                try:
                    doc = nlp(_docs(nlp, [articles[index]])[0])
                    outcomes[index] = _result(articles[index], doc, nlp)
                except Exception as exc:
                    outcomes[index] = exc
    return [o if o is not None else RuntimeError("not analysed") for o in outcomes]


def _docs(nlp: Language, articles: list[Article]) -> list[Doc]:
    """Tokenised Docs that know their Article, ready for the pipeline's components."""
    docs = []
    for article in articles:
        doc = nlp.make_doc(article.text)
        doc._.article = article
        docs.append(doc)
    return docs


def _result(article: Article, doc: Doc, nlp: Language) -> ArticleResult:
    """The stored form of one analysed article: metadata, sentences, article sections."""
    sentences = [[s.start_char, s.end_char] for s in doc.sents] if len(doc) else []
    meta = article.to_json()
    meta["sentences"] = len(sentences)
    meta["pipeline"] = f"{nlp.meta.get('lang', '?')}_{nlp.meta.get('name', 'blank')}"
    result: ArticleResult = {"article": meta, "sentences": sentences}
    for name, extract in ARTICLE_SECTIONS.items():
        result[name] = extract(doc)
    return result


def build_analysis(results: list[ArticleResult]) -> dict[str, Any]:
    """analysis.json for a set of stored article results (schema ``triangulate/1``)."""
    load_stage_modules()
    started = time.perf_counter()
    out: dict[str, Any] = {
        "schema": SCHEMA,
        "generator": f"triangulate {__version__}",
        "generated": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "articles": [r["article"] for r in results],
    }
    for name, build in CORPUS_SECTIONS.items():
        out[name] = build(results)
    for name in ARTICLE_SECTIONS:
        if name in out:
            continue
        out[name] = [record for r in results for record in r.get(name, [])]
    out["timing"] = {"corpus_seconds": round(time.perf_counter() - started, 3)}
    return out
