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
    """Mark sentence starts from ``sentence_offsets``; a later parser respects them."""
    if not len(doc):
        return doc
    starts = {a for a, _ in sentence_offsets(doc.text)}
    since = 0
    for token in doc:
        if token.i == 0:
            token.is_sent_start = True
            continue
        if token.idx in starts:
            token.is_sent_start = True
            since = 0
        else:
            since += 1
            if since >= MAX_SENTENCE_TOKENS:
                token.is_sent_start = True
                since = 0
            else:
                # Explicit "not a start": a later parser keeps these sentences,
                # so every language gets the same boundaries and counts.
                token.is_sent_start = False
    return doc
