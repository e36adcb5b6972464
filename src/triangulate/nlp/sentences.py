"""Sentence boundaries that hold for Swedish as well as English.

A paragraph break always ends a sentence: news paragraphs are short and a
Scandinavian dash quote ("– ...") opens a paragraph of its own. Within a
paragraph, blingfire's rule-based splitter handles abbreviations ("U.S.",
"Dr.", "t.ex.") far better than punctuation splitting. A hard cap on sentence
length keeps the parser linear on pathological input (a 1 MB paragraph).
"""

from __future__ import annotations

import re

import blingfire
import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

_PARAGRAPH = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*[–—-][ \t])")

#: Longest sentence, in tokens, before a break is forced.
MAX_SENTENCE_TOKENS = 250


def sentence_offsets(text: str) -> list[tuple[int, int]]:
    """Character offsets of the sentences in ``text`` (paragraph-aware)."""
    out: list[tuple[int, int]] = []
    start = 0
    for match in [*_PARAGRAPH.finditer(text), None]:
        end = match.start() if match else len(text)
        paragraph = text[start:end]
        if paragraph.strip():
            _, offsets = blingfire.text_to_sentences_and_offsets(paragraph)
            for a, b in offsets:
                if text[start + a : start + b].strip():
                    out.append((start + a, start + b))
        if match:
            start = match.end()
    return out


@Language.component("tri_sentences", assigns=["token.is_sent_start"])
def tri_sentences(doc: Doc) -> Doc:
    """Mark sentence starts from ``sentence_offsets``; a later parser respects them.

    Every token is marked explicitly (start or not a start) so that a parser
    downstream keeps these sentences and every language gets the same counts.
    The marks are written in one ``from_array`` call: setting
    ``token.is_sent_start`` token by token is quadratic in spaCy.
    """
    if not len(doc):
        return doc
    token_starts = numpy.fromiter((t.idx for t in doc), dtype=numpy.int64, count=len(doc))
    marks = numpy.full(len(doc), -1, dtype=numpy.int32)
    marks[0] = 1
    for offset, _end in sentence_offsets(doc.text):
        # The token containing the sentence's first character starts it, even
        # when the tokenizer glued it to the previous word ("end.Next").
        index = int(numpy.searchsorted(token_starts, offset, side="right")) - 1
        if index >= 0:
            marks[index] = 1
    since = 0
    for index in range(len(marks)):
        if marks[index] == 1:
            since = 0
            continue
        since += 1
        if since >= MAX_SENTENCE_TOKENS:
            marks[index] = 1
            since = 0
    doc.from_array([SENT_START], marks.reshape(-1, 1).astype(numpy.uint64))  # type: ignore[arg-type]
    return doc
