"""Running the per-article pipeline and assembling analysis.json."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from triangulate import SCHEMA, __version__
from triangulate.model import Article
from triangulate.nlp.language import detect
from triangulate.nlp.pipelines import get_pipeline
from triangulate.sections import ARTICLE_SECTIONS, CORPUS_SECTIONS, ArticleResult
from triangulate.stages import load_stage_modules

#: Stored results older than this are recomputed on the next run.
PIPELINE_VERSION = f"{__version__}+1"


def analyze_article(article: Article) -> ArticleResult:
    """Run the language's pipeline over one article and extract every article section."""
    if not article.language:
        article.language = detect(article.text)
    nlp = get_pipeline(article.language)
    doc = nlp.make_doc(article.text)
    doc._.article = article
    doc = nlp(doc)
    meta = article.to_json()
    meta["sentences"] = sum(1 for _ in doc.sents) if len(doc) else 0
    meta["pipeline"] = nlp.meta.get("name", "blank")
    result: ArticleResult = {
        "article": meta,
        "sentences": [[s.start_char, s.end_char] for s in doc.sents] if len(doc) else [],
    }
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
