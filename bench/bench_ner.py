"""Words per second of NER plus linking, per language, beside spaCy's NER alone on the same text.

For each language, in one process and over the same texts (best of N runs,
phases interleaved so that machine noise hits them alike):

1. ``spacy-ner``: the language's base spaCy pipeline with only its NER (and the
   tok2vec it listens to) enabled: the issue's yardstick;
2. ``base``: the whole base pipeline (tagger, parser, NER...);
3. ``triangulate``: the base pipeline plus sentence splitting and Triangulate's
   entity stages (KB ruler, resolution, geocoding): NER plus linking as shipped;
4. ``stages-only``: tri_entities and tri_places alone on already parsed Docs.

Texts are dev-data sentences grouped twenty to an article (CoNLL-2003 eng.testa
for English, the swedish-ner-corpus for Swedish, WikiANN for German and French)
when ``../shared`` is present, else a small generated news text.

``base-one-ner`` (Swedish) is the base pipeline without its NER majority vote.

Usage: python bench/bench_ner.py [WORDS_PER_LANGUAGE] [REPEATS] [LANGS]
(defaults 20000, 3 and en,sv,de,fr)
"""

from __future__ import annotations

import json
import sys
import time

from spacy.language import Language
from spacy.tokens import Doc

from _common import SHARED
from triangulate.eval.conll import read_sentences
from triangulate.kb.gazetteer import gazetteer
from triangulate.model import Article
from triangulate.nlp.pipelines import get_pipeline

SOURCES = {
    "en": "conll2003-en/eng.testa",
    "sv": "swedish-ner-corpus/train_corpus.txt",
    "de": "wikiann-rahimi/de/dev",
    "fr": "wikiann-rahimi/fr/dev",
}
_FALLBACK = (
    "Officials in Baghdad said on Monday that the Kurdistan Regional Government had asked "
    "Washington for air support, while Maria Lindqvist of the Harbour Valley Workers "
    "Federation warned that fighting near Piranshahr could spread. "
)


def _texts(lang: str, words: int) -> list[str]:
    path = SHARED / "dev-data" / SOURCES[lang]
    if not path.is_file():
        unit = _FALLBACK
        return [unit * 20] * max(1, words // (len(unit.split()) * 20))
    texts: list[str] = []
    group: list[str] = []
    count = 0
    for sentence in read_sentences(path):
        group.append(" ".join(sentence.words))
        count += len(sentence.words)
        if len(group) == 20:
            texts.append("\n\n".join(group))
            group = []
        if count >= words:
            break
    if group:
        texts.append("\n\n".join(group))
    return texts


def _docs(nlp: Language, texts: list[str], lang: str) -> list[Doc]:
    out = []
    for text in texts:
        doc = nlp.make_doc(text)
        doc._.article = Article(text=text, source="bench", language=lang)
        out.append(doc)
    return out


def _time(run: object) -> float:
    started = time.perf_counter()
    assert callable(run)
    run()
    return time.perf_counter() - started


def bench(lang: str, words: int, repeats: int) -> dict[str, object]:
    """Best-of-N words per second of each phase for one language."""
    nlp = get_pipeline(lang)
    texts = _texts(lang, words)
    n_words = sum(len(t.split()) for t in texts)
    base = [p for p in nlp.pipe_names if not p.startswith("tri_")]
    ours = ["tri_sentences", *base, "tri_entities", "tri_places"]
    ner_only = [p for p in base if p in ("tok2vec", "ner")]
    best: dict[str, float] = {}
    parsed: list[Doc] = []

    def run(enabled: list[str]) -> list[Doc]:
        with nlp.select_pipes(enable=enabled):
            return list(nlp.pipe(_docs(nlp, texts, lang), batch_size=32))

    def stages_only() -> None:
        for doc in parsed:
            for name in ("tri_entities", "tri_places"):
                nlp.get_pipe(name)(doc)

    run(ours)  # warm-up: KB, gazetteer and model caches
    for _ in range(repeats):
        phases = {"triangulate": lambda: run(ours), "base": lambda: run(base)}
        if "ner" in base:
            phases["spacy-ner"] = lambda: run(ner_only)
        if "ner_vote" in base:
            # Swedish: the same base with its first NER model alone (no majority vote).
            phases["base-one-ner"] = lambda: run([p for p in base if p != "ner_vote"])
        for name, phase in phases.items():
            best[name] = min(best.get(name, float("inf")), _time(phase))
        with nlp.select_pipes(enable=["tri_sentences", *base]):
            parsed = list(nlp.pipe(_docs(nlp, texts, lang), batch_size=32))
        best["stages-only"] = min(best.get("stages-only", float("inf")), _time(stages_only))
    out: dict[str, object] = {"lang": lang, "words": n_words, "texts": len(texts), "base": base}
    out["words_per_second"] = {name: round(n_words / seconds) for name, seconds in best.items()}
    return out


def main() -> None:
    """Print one JSON line per language."""
    words = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    started = time.perf_counter()
    gazetteer()
    print(json.dumps({"gazetteer_load_seconds": round(time.perf_counter() - started, 2)}))
    langs = sys.argv[3].split(",") if len(sys.argv) > 3 else list(SOURCES)
    for lang in langs:
        print(json.dumps(bench(lang, words, repeats)), flush=True)


if __name__ == "__main__":
    main()
