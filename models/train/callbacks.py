"""Training-time callbacks for the Triangulate spaCy recipes (passed with ``--code``).

Why these exist:

* ``triangulate.copy_norms.v1``: our English NER is trained in a blank ``en``
  pipeline but runs inside ``en_core_web_sm``, whose vocab carries a
  ``lexeme_norm`` table (spelling normalisations such as "colour" -> "color").
  The NORM feature the ner's hash embedding sees must be computed the same way
  in training and at run time, so we copy that table into the training vocab
  before initialisation.  It is read from the installed package: nothing is
  downloaded.
* ``triangulate.copy_ner_tok2vec.v1``: warm-starts the embedded tok2vec (and
  its projection) of our ner from the ner of an installed pipeline with the
  identical architecture (en_core_web_sm's ner: width 96, depth 4, rows
  5000/1000/2500/2500).  That tok2vec was trained on OntoNotes news NER, so
  CoNLL training starts from features that already know what names look like;
  only the label-specific output layer starts from scratch.
"""

from __future__ import annotations

from collections.abc import Callable

import spacy
from spacy.language import Language
from spacy.util import registry


@registry.callbacks("triangulate.copy_norms.v1")
def make_copy_norms(source: str) -> Callable[[Language], Language]:
    """Return a before_init callback copying ``lexeme_norm`` from pipeline ``source``."""

    def copy_norms(nlp: Language) -> Language:
        src = spacy.load(source, exclude=["tagger", "parser", "ner", "lemmatizer"])
        if src.vocab.lookups.has_table("lexeme_norm"):
            table = src.vocab.lookups.get_table("lexeme_norm")
            if nlp.vocab.lookups.has_table("lexeme_norm"):
                nlp.vocab.lookups.remove_table("lexeme_norm")
            nlp.vocab.lookups.set_table("lexeme_norm", table)
        return nlp

    return copy_norms


@registry.callbacks("triangulate.copy_ner_tok2vec.v1")
def make_copy_ner_tok2vec(source: str, component: str = "ner") -> Callable[[Language], Language]:
    """Return an after_init callback loading ``component``'s tok2vec weights from ``source``."""

    def copy_tok2vec(nlp: Language) -> Language:
        src = spacy.load(source)
        src_t2v = src.get_pipe(component).model.get_ref("tok2vec")  # type: ignore[attr-defined]
        dst_t2v = nlp.get_pipe("ner").model.get_ref("tok2vec")  # type: ignore[attr-defined]
        dst_t2v.from_bytes(src_t2v.to_bytes())
        return nlp

    return copy_tok2vec
