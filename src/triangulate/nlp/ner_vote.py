"""``ner_vote``: a majority vote of several NER models over the same text.

Why: one small NER model trained on a small, noisily annotated corpus (the
Swedish one) swings by a point or two from one training seed or checkpoint to
the next, and each run makes its own idiosyncratic mistakes. Models trained
alike but from different seeds disagree mostly where they are wrong, so a
name that most of them read the same way is far more often right than the
reading of any one of them.

The pipeline's own ``ner`` runs as usual; this component, placed right after
it, runs the member NER components (loaded with the pipeline but disabled, so
spaCy does not run them by itself) over copies of each document and keeps a
span with its label when a strict majority of all the models (the ``ner`` and
the members) predict exactly that span and label. Spans of one model never
overlap, so two majority spans cannot either.

A pipeline that uses it must be loaded after this module is imported (the
factory must be registered): ``import triangulate.nlp.ner_vote`` before
``spacy.load``; ``triangulate.nlp.pipelines`` does this.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch


class NerVote:
    """Keeps the entities that a strict majority of the NER models agree on."""

    def __init__(self, nlp: Language, name: str, members: list[str]) -> None:
        self.nlp = nlp
        self.name = name
        self.members = list(members)

    def __call__(self, doc: Doc) -> Doc:
        """Vote on one document (the pipeline's ``ner`` has already run on it)."""
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Vote on a stream of documents, running each member over a batch at once."""
        for batch in minibatch(docs, size=batch_size):
            readings: list[list[set[tuple[int, int, str]]]] = [[_spans(doc)] for doc in batch]
            for member in self.members:
                component = self.nlp.get_pipe(member)
                copies = [_copy(doc) for doc in batch]
                for n, copy in enumerate(component.pipe(copies)):  # type: ignore[attr-defined]
                    readings[n].append(_spans(copy))
            for doc, votes in zip(batch, readings, strict=True):
                _keep_majority(doc, votes)
            yield from batch


def _spans(doc: Doc) -> set[tuple[int, int, str]]:
    return {(e.start, e.end, e.label_) for e in doc.ents}


def _copy(doc: Doc) -> Doc:
    """The same tokens and sentence starts, without annotations (NER must see a bare doc)."""
    return Doc(
        doc.vocab,
        words=[t.text for t in doc],
        spaces=[bool(t.whitespace_) for t in doc],
        sent_starts=[t.is_sent_start for t in doc],
    )


def _keep_majority(doc: Doc, readings: list[set[tuple[int, int, str]]]) -> None:
    counts: Counter[tuple[int, int, str]] = Counter()
    for reading in readings:
        counts.update(reading)
    need = len(readings) // 2 + 1
    kept = sorted(span for span, n in counts.items() if n >= need)
    doc.set_ents([Span(doc, s, e, label=label) for s, e, label in kept], default="outside")


@Language.factory("ner_vote", default_config={"members": []})
def make_ner_vote(nlp: Language, name: str, members: list[str]) -> NerVote:
    """spaCy factory: ``members`` are the names of the disabled NER components."""
    return NerVote(nlp, name, members)
