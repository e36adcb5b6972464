"""``triangulate eval ner FILE [--lang xx] [--limit N]``: entity-level NER scores.

The system runs as in production: the language's pipeline with Triangulate's
entity stages (KB ruler, label normalisation, in-article resolution) on Docs
built from the gold words, so tokenisation matches the gold exactly. Stages
after ``tri_places`` cannot change entities and are skipped (``--full`` runs
them too). Scores are exact-match precision, recall and F1 over PER, ORG and
LOC (PERSON -> PER; GPE, LOC, FAC -> LOC; ORG -> ORG), per type, with MISC
(NORP and every other label) reported separately.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click
from spacy.language import Language
from spacy.tokens import Doc

from triangulate.eval.conll import Sentence, language_hint, looks_tagged, read_sentences
from triangulate.model import Article

#: The types the headline score is computed over.
CORE = ("PER", "ORG", "LOC")

_SYSTEM = {"PERSON": "PER", "PER": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
_GOLD = {
    "PER": "PER",
    "PERSON": "PER",
    "ORG": "ORG",
    "LOC": "LOC",
    "GPE": "LOC",
    "FAC": "LOC",
    "GPE_LOC": "LOC",
    "GPE_ORG": "ORG",
}
#: Stages that can change doc.ents; the rest are skipped unless --full.
_NER_STAGES = ("tri_sentences", "tri_entities", "tri_places")


def system_type(label: str) -> str:
    """A Triangulate (or raw model) label in the scoring scheme."""
    return _SYSTEM.get(label, "MISC")


def gold_type(label: str) -> str:
    """A gold label in the scoring scheme (NorNE's GPE_LOC is LOC, PROD is MISC...)."""
    return _GOLD.get(label.upper(), "MISC")


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": tp + fn}


def score(
    gold: list[set[tuple[int, int, int, str]]], pred: list[set[tuple[int, int, int, str]]]
) -> dict[str, Any]:
    """Exact-match scores: over PER/ORG/LOC together, per type, and MISC apart."""
    counts: dict[str, Counter[str]] = {t: Counter() for t in (*CORE, "MISC")}
    for g, p in zip(gold, pred, strict=True):
        for item in p:
            counts[item[3]]["tp" if item in g else "fp"] += 1
        for item in g - p:
            counts[item[3]]["fn"] += 1
    core = Counter[str]()
    for t in CORE:
        core.update(counts[t])
    out: dict[str, Any] = dict(_prf(core["tp"], core["fp"], core["fn"]))
    out["per_type"] = {t: _prf(c["tp"], c["fp"], c["fn"]) for t, c in counts.items() if t != "MISC"}
    misc = counts["MISC"]
    out["misc"] = _prf(misc["tp"], misc["fp"], misc["fn"])
    return out


def _gold_set(index: int, sentence: Sentence) -> set[tuple[int, int, int, str]]:
    return {(index, s, e, gold_type(t)) for s, e, t in sentence.spans()}


def _later_stages(nlp: Language) -> list[str]:
    """Triangulate stages after the entity ones: they cannot change ``doc.ents``."""
    return [p for p in nlp.pipe_names if p.startswith("tri_") and p not in _NER_STAGES]


def evaluate(
    sentences: Iterable[Sentence], lang: str, full: bool = False, batch_size: int = 64
) -> dict[str, Any]:
    """Run the pipeline over gold sentences and score it; also measures words per second."""
    from triangulate.kb.gazetteer import gazetteer
    from triangulate.nlp.pipelines import get_pipeline

    nlp = get_pipeline(lang)
    gazetteer()  # loaded once per process; not part of the per-word cost being measured
    items = list(sentences)
    docs = []
    for sentence in items:
        doc = Doc(nlp.vocab, words=sentence.words, spaces=_spaces(sentence))
        doc._.article = Article(text=doc.text, source="eval", language=lang)
        docs.append(doc)
    words = sum(len(s.words) for s in items)
    with nlp.select_pipes(disable=[] if full else _later_stages(nlp)):
        ran = list(nlp.pipe_names)
        started = time.perf_counter()
        predicted = list(nlp.pipe(docs, batch_size=batch_size))
        elapsed = time.perf_counter() - started
    gold = [_gold_set(i, s) for i, s in enumerate(items)]
    pred = [
        {(i, e.start, e.end, system_type(e.label_)) for e in doc.ents}
        for i, doc in enumerate(predicted)
    ]
    out = score(gold, pred)
    out["words_per_second"] = round(words / elapsed) if elapsed > 0 else None
    out["sentences"] = len(items)
    out["words"] = words
    out["lang"] = lang
    out["pipeline"] = ran
    return out


def _spaces(sentence: Sentence) -> list[bool]:
    spaces = (
        list(sentence.spaces)
        if len(sentence.spaces) == len(sentence.words)
        else [True] * len(sentence.words)
    )
    if spaces:
        spaces[-1] = False
    return spaces


def select(
    sentences: Iterable[Sentence], every: int = 0, limit: int | None = None
) -> list[Sentence]:
    """Every ``every``-th sentence (the training recipe's held-out split), at most ``limit``."""
    out = []
    for i, sentence in enumerate(sentences):
        if every and i % every != every - 1:
            continue
        out.append(sentence)
        if limit is not None and len(out) >= limit:
            break
    return out


def _detect_lang(sentences: list[Sentence]) -> str:
    from triangulate.nlp.language import detect

    return detect(" ".join(w for s in sentences[:300] for w in s.words))


@click.command("ner")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--lang",
    default=None,
    help="Language of the file (default: from WikiANN prefixes or detected).",
)
@click.option("--limit", type=int, default=None, help="Score only the first N sentences.")
@click.option(
    "--every",
    type=int,
    default=0,
    help="Score only every Nth sentence (the held-out split of models/train).",
)
@click.option("--full", is_flag=True, help="Run every Triangulate stage, not only the entity ones.")
def command(file: Path, lang: str | None, limit: int | None, every: int, full: bool) -> None:
    """Score the pipeline's entities against a CoNLL/CoNLL-U NER file; prints one JSON object."""
    from triangulate.errors import InputError

    sentences = select(read_sentences(file), every=every, limit=limit)
    if not sentences:
        raise InputError(str(file), "no sentences found")
    if not looks_tagged(sentences):
        raise InputError(str(file), "no NER tags found (expected CoNLL or CoNLL-U with NER tags)")
    lang = lang or language_hint(file) or _detect_lang(sentences)
    result = evaluate(sentences, lang, full=full)
    result["file"] = str(file)
    click.echo(json.dumps(result, ensure_ascii=False))
