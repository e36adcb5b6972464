"""What every benchmark in bench/ shares: where the data is, the seeds, and timing.

The benches run as scripts (``python bench/bench_x.py``), so this module is
imported by its plain name from the same folder.
"""

from __future__ import annotations

import os
import random
import time
from datetime import date
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from triangulate.model import Article

#: ../shared seen from the repository root, or wherever TRIANGULATE_SHARED says.
SHARED = Path(
    os.environ.get("TRIANGULATE_SHARED", Path(__file__).resolve().parents[1].parent / "shared")
)


def english_seeds() -> list[str]:
    """The three English seed reports, or nothing when ../shared is absent."""
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        return []
    return [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("00[123]_*.txt"))]


def generated_articles(sentences: list[str], n: int, per_article: int, seed: int) -> list[str]:
    """``n`` articles of ``per_article`` paragraphs drawn from ``sentences`` (no ../shared)."""
    rng = random.Random(seed)
    return ["\n\n".join(rng.choice(sentences) for _ in range(per_article)) for _ in range(n)]


def article_doc(nlp: Language, text: str, published: date | None = None) -> Doc:
    """An unprocessed Doc carrying its Article, as the runner hands them to stages."""
    doc = nlp.make_doc(text)
    doc._.article = Article(text=text, source="bench", language="en", published=published)
    return doc


def time_pipeline(
    nlp: Language,
    texts: list[str],
    disable: tuple[str, ...] = (),
    published: date | None = None,
) -> float:
    """Seconds for the per-article pipeline over ``texts``, one article at a time."""
    started = time.perf_counter()
    with nlp.select_pipes(disable=[name for name in disable if name in nlp.pipe_names]):
        for text in texts:
            nlp(article_doc(nlp, text, published))
    return time.perf_counter() - started


def time_plain(nlp: Language, texts: list[str], batch_size: int | None = None) -> float:
    """Seconds for a stock spaCy pipeline over raw ``texts`` (the baselines).

    One text at a time by default, as the per-article pipeline runs; with
    ``batch_size``, through ``nlp.pipe`` as spaCy is usually benchmarked.
    """
    started = time.perf_counter()
    if batch_size is None:
        for text in texts:
            nlp(text)
    else:
        for _ in nlp.pipe(texts, batch_size=batch_size):
            pass
    return time.perf_counter() - started


def parsed_without(
    nlp: Language, texts: list[str], stages: tuple[str, ...], published: date | None = None
) -> list[Doc]:
    """Docs analysed by every component except ``stages``, ready to time those alone."""
    with nlp.select_pipes(disable=[name for name in stages if name in nlp.pipe_names]):
        return [nlp(article_doc(nlp, text, published)) for text in texts]


def time_stages(nlp: Language, docs: list[Doc], stages: tuple[str, ...]) -> float:
    """Seconds for ``stages`` alone over already analysed ``docs``."""
    procs = [nlp.get_pipe(name) for name in stages]
    started = time.perf_counter()
    for doc in docs:
        for proc in procs:
            proc(doc)
    return time.perf_counter() - started
