"""Copy a trained pipeline into the Triangulate package, with meta data and no training hooks.

Why: ``spacy train`` writes a pipeline whose config still names the recipe's
training-time callbacks (``triangulate.copy_norms.v1`` etc., from
``callbacks.py``) and local corpus paths.  Those are only resolved when a
pipeline is (re)initialised, but a shipped artifact should not refer to code
or files that do not exist at run time, so they are blanked here.  The meta
gets a name, version, licence note and the data sources, which ``spacy.load``
users can read from ``nlp.meta``.

Optionally assembles a pipeline: ``--source-ner DIR`` adds the ``ner`` of
another trained pipeline (with its embedded tok2vec) to the first one, before
its parser; this is how the Swedish pipeline combines the UD-trained
tok2vec/morphologizer/parser with the NER trained on the NER corpora.  If that
ner uses static vectors, its vectors table is carried into the result.
``--vote-ner DIR`` (repeatable) adds the ner of more pipelines, trained alike
from other seeds, as disabled members ``ner_vote_1``... of a ``ner_vote``
component right after ``ner`` (``triangulate/nlp/ner_vote.py``): the pipeline
then keeps the names a majority of its NER models agree on.

Usage: ``python package.py MODEL_DIR OUT_DIR --name NAME [--source-ner DIR]
[--vote-ner DIR ...] [--sources TEXT] [--license TEXT]``
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import spacy


def main() -> None:
    """Load, optionally assemble, clean and save the pipeline."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("model", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--name", required=True)
    ap.add_argument("--version", default="0.1.0")
    ap.add_argument("--source-ner", type=Path, default=None)
    ap.add_argument("--vote-ner", type=Path, action="append", default=[])
    ap.add_argument("--description", default="")
    ap.add_argument("--sources", default="", help="semicolon-separated training data")
    ap.add_argument("--license", default="see MODEL_CARD.md")
    args = ap.parse_args()

    nlp = spacy.load(args.model)
    if args.source_ner is not None:
        ner_nlp = spacy.load(args.source_ner)
        if "ner" in nlp.pipe_names:
            nlp.remove_pipe("ner")
        # Before the parser: spaCy's ner never lets an entity cross a sentence
        # boundary that is already set, and the parser's boundaries cut names
        # (PER/ORG/LOC F1 0.756 after the parser vs 0.794 before it on the
        # Swedish dev).  The ner has its own tok2vec, so its place is free.
        before = "parser" if "parser" in nlp.pipe_names else None
        if ner_nlp.vocab.vectors.shape[0]:
            # A ner trained with static vectors (e5_vectors.py) reads them from
            # the pipeline's vocab: the assembled pipeline must carry them.
            nlp.vocab.vectors = ner_nlp.vocab.vectors
            nlp.config["initialize"]["vectors"] = None
        nlp.add_pipe("ner", source=ner_nlp, name="ner", before=before)

    if args.vote_ner:
        import triangulate.nlp.ner_vote  # noqa: F401  (registers the ner_vote factory)

        members = []
        for n, path in enumerate(args.vote_ner, start=1):
            name = f"ner_vote_{n}"
            after = members[-1] if members else "ner"
            nlp.add_pipe("ner", source=spacy.load(path), name=name, after=after)
            members.append(name)
        nlp.add_pipe("ner_vote", after=members[-1], config={"members": members})
        for name in members:
            nlp.disable_pipe(name)

    init = nlp.config["initialize"]
    init["before_init"] = None
    init["after_init"] = None
    for key in list(nlp.config["paths"]):
        nlp.config["paths"][key] = None
    nlp.meta.update(
        {
            "name": args.name,
            "version": args.version,
            "description": args.description,
            "license": args.license,
            "author": "Triangulate project (models/train recipe)",
            "sources": [{"name": s.strip()} for s in args.sources.split(";") if s.strip()],
        }
    )
    card = args.out / "MODEL_CARD.md"
    saved_card = card.read_text(encoding="utf-8") if card.exists() else None
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(args.out)
    if saved_card is not None:  # the card is written by hand; keep it across rebuilds
        card.write_text(saved_card, encoding="utf-8")
    print(f"saved {args.name} to {args.out}: pipeline {nlp.pipe_names}")


if __name__ == "__main__":
    main()
