"""Factuality: how firmly a report stands behind each of its sentences.

Every sentence gets one label, the strongest hedge found in it wins:
``denied`` > ``unconfirmed`` > ``alleged`` > ``reported`` > ``hypothetical``
> ``asserted`` (no hedge: the outlet states it in its own voice). The words
that triggered the label are kept as spans, so a reader can see why a claim
was marked "allegedly" or "Reuters was not able to confirm". Later stages
(quotes, events) read the label of the sentence they sit in through
``factuality_at``.

The records reach analysis.json as the ``factuality`` section and inside the
``sourcing`` section (see ``triangulate.stages.quotes``). The trigger phrases,
reporting verbs and source nouns live in ``triangulate/data/quotes/<lang>.json``;
this module also loads them for the quote stage, which runs right after it.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from triangulate.sections import Record, article_section

#: Labels from the strongest hedge to none at all; the first one found wins.
LABELS: tuple[str, ...] = (
    "denied",
    "unconfirmed",
    "alleged",
    "reported",
    "hypothetical",
    "asserted",
)

_QUOTE_CHARS = frozenset('"“”«»„')
_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "parataxis"})

if not Doc.has_extension("factuality"):
    Doc.set_extension("factuality", default=None)


@dataclass(frozen=True)
class Lexicon:
    """One language's cue verbs, source nouns and hedge triggers (from its data file)."""

    lang: str
    cue_lemmas: frozenset[str] = frozenset()
    cue_forms: frozenset[str] = frozenset()
    weak_cue_lemmas: frozenset[str] = frozenset()
    told_lemmas: frozenset[str] = frozenset()
    spoke_with: tuple[tuple[str, ...], ...] = ()
    told_preps: frozenset[str] = frozenset()
    according_to: tuple[tuple[str, ...], ...] = ()
    not_sources: frozenset[str] = frozenset()
    pronouns: dict[str, str] = field(default_factory=dict)
    relatives: frozenset[str] = frozenset()
    anonymous_nouns: frozenset[str] = frozenset()
    anonymous_markers: tuple[str, ...] = ()
    outlet_nouns: dict[str, str] = field(default_factory=dict)
    document_nouns: frozenset[str] = frozenset()
    statement_words: frozenset[str] = frozenset()
    determiners: frozenset[str] = frozenset()
    definite_markers: frozenset[str] = frozenset()
    definite_nouns: frozenset[str] = frozenset()
    clause_stops: frozenset[str] = frozenset()
    finite_suffixes: tuple[str, ...] = ()
    no_source_lemmas: frozenset[str] = frozenset()
    #: lemma -> dependent -> how often that dependent held the content (learnt from data).
    content_deps: dict[str, dict[str, float]] = field(default_factory=dict)
    learned_min_precision: float = 1.0
    triggers: dict[str, re.Pattern[str]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """True for a language with no data file: only quotation marks are found."""
        return not self.cue_forms and not self.cue_lemmas

    @cached_property
    def according_heads(self) -> frozenset[str]:
        """The first words of the "according to" phrases ("according", "enligt"): no cue verbs."""
        return frozenset(p[0] for p in self.according_to if p)


def _words(data: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in data.get(key, []))


def _phrases(data: dict[str, Any], key: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(str(p).lower().split()) for p in data.get(key, []))


def _trigger_pattern(phrases: list[str]) -> re.Pattern[str]:
    # Longest first, so "enligt uppgift" wins over "enligt" at the same place.
    body = "|".join(sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


def _content_deps(lang: str) -> dict[str, dict[str, float]]:
    """``<lang>_cues.tsv``: which dependent of which verb is what was said.

    Written by ``triangulate eval quotes TRAIN_DIR --learn``; the precision is
    smoothed (held / (seen + 1)) so that a verb seen twice cannot score 1.0.
    """
    path = resources.files("triangulate.data") / "quotes" / f"{lang}_cues.tsv"
    out: dict[str, dict[str, float]] = {}
    if not path.is_file():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("#") or len(cols) != 4 or not cols[2].isdigit() or not cols[3].isdigit():
            continue
        held, seen = int(cols[2]), int(cols[3])
        out.setdefault(cols[0], {})[cols[1]] = held / (seen + 1)
    return out


@cache
def load_lexicon(lang: str) -> Lexicon:
    """The lexicon for ``lang`` (an empty one when the language has no data file yet)."""
    path = resources.files("triangulate.data") / "quotes" / f"{lang}.json"
    if not path.is_file():
        return Lexicon(lang=lang)
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    triggers = {
        label: _trigger_pattern([str(p) for p in phrases])
        for label, phrases in data.get("factuality", {}).items()
        if label in LABELS and phrases
    }
    return Lexicon(
        lang=lang,
        cue_lemmas=_words(data, "cue_lemmas"),
        cue_forms=_words(data, "cue_forms"),
        weak_cue_lemmas=_words(data, "weak_cue_lemmas"),
        told_lemmas=_words(data, "told_lemmas"),
        spoke_with=_phrases(data, "spoke_with"),
        told_preps=_words(data, "told_preps"),
        according_to=_phrases(data, "according_to"),
        not_sources=_words(data, "not_sources"),
        pronouns={str(k).lower(): str(v) for k, v in data.get("pronouns", {}).items()},
        relatives=_words(data, "relatives"),
        anonymous_nouns=_words(data, "anonymous_nouns"),
        anonymous_markers=tuple(str(m).lower() for m in data.get("anonymous_markers", [])),
        outlet_nouns={str(k).lower(): str(v) for k, v in data.get("outlet_nouns", {}).items()},
        document_nouns=_words(data, "document_nouns"),
        statement_words=_words(data, "statement_words"),
        determiners=_words(data, "determiners"),
        definite_markers=_words(data, "definite_markers"),
        definite_nouns=_words(data, "definite_nouns"),
        clause_stops=_words(data, "clause_stops"),
        finite_suffixes=tuple(str(x).lower() for x in data.get("finite_suffixes", [])),
        no_source_lemmas=_words(data, "no_source_lemmas"),
        content_deps=_content_deps(lang),
        learned_min_precision=float(data.get("learned_min_precision", 1.0)),
        triggers=triggers,
    )


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once: spaCy rebuilds it from every token on each access."""
    cached = doc.user_data.get("tri_text")
    if not isinstance(cached, str):
        cached = doc.text
        doc.user_data["tri_text"] = cached
    return cached


def has_lemmas(doc: Doc) -> bool:
    """Whether the pipeline lemmatised the Doc (checked once: the check scans every token)."""
    return _annotated(doc, "LEMMA")


def has_parse(doc: Doc) -> bool:
    """Whether the pipeline parsed the Doc (checked once)."""
    return _annotated(doc, "DEP")


def _annotated(doc: Doc, attr: str) -> bool:
    key = f"tri_has_{attr}"
    cached = doc.user_data.get(key)
    if not isinstance(cached, bool):
        cached = doc.has_annotation(attr)
        doc.user_data[key] = cached
    return cached


def doc_lexicon(doc: Doc) -> Lexicon:
    """The lexicon for a Doc's article language (falls back to the Doc's own language)."""
    article = doc._.article
    lang = (getattr(article, "language", None) or doc.lang_ or "xx").split("-")[0].lower()
    return load_lexicon(lang)


def _strong_cues(doc: Doc, start: int, end: int, lexicon: Lexicon) -> list[tuple[int, int]]:
    """Reporting verbs in a sentence that make it a report of someone else's words.

    With a parse, the verb must govern a clause ("said the plan failed") or the
    sentence must hold a quotation: "tried to maintain an understanding" and
    "did not respond to requests" are not reported speech.
    """
    out: list[tuple[int, int]] = []
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return out
    lemmas = has_lemmas(doc)
    parsed = has_parse(doc)
    quoted = any(ch in _QUOTE_CHARS for ch in doc_text(doc)[start:end])
    for token in span:
        if lemmas:
            lemma = token.lemma_.lower()
            hit = (
                token.pos_ in {"VERB", "AUX"}
                and lemma in lexicon.cue_lemmas
                and lemma not in lexicon.weak_cue_lemmas
            )
        else:
            lower = token.lower_
            hit = lower in lexicon.cue_forms and lower not in lexicon.according_heads
        if hit and parsed and not quoted:
            hit = token.dep_ == "parataxis" or any(
                c.dep_ in _CLAUSE_DEPS
                or (c.dep_ == "obl" and any(g.dep_ == "mark" for g in c.children))
                for c in token.children
            )
        if hit:
            out.append((token.idx, token.idx + len(token)))
    return out


def classify(doc: Doc, start: int, end: int, lexicon: Lexicon) -> tuple[str, list[Record]]:
    """The factuality label of ``doc.text[start:end]`` and the spans that triggered it."""
    full = doc_text(doc)
    text = full[start:end]
    found: dict[str, list[tuple[int, int]]] = {}
    for label, pattern in lexicon.triggers.items():
        for match in pattern.finditer(text):
            a, b = match.span()
            # "May" the month, "If" inside a title: a capitalised hedge word only
            # counts at the start of the sentence.
            if label == "hypothetical" and a > 0 and text[a].isupper():
                continue
            found.setdefault(label, []).append((start + a, start + b))
    if "reported" not in found:
        cues = _strong_cues(doc, start, end, lexicon)
        if cues:
            found["reported"] = cues
    for label in LABELS:
        spans = found.get(label)
        if spans:
            triggers = [{"start": a, "end": b, "text": full[a:b]} for a, b in sorted(set(spans))]
            return label, triggers
    return "asserted", []


@Language.factory(
    "tri_factuality",
    requires=["token.is_sent_start"],
    assigns=["doc._.factuality"],
)
def make_factuality(nlp: Language, name: str) -> Factuality:
    """Build the factuality component (one label per sentence, with its triggers)."""
    return Factuality()


class Factuality:
    """Labels each sentence asserted, reported, alleged, unconfirmed, denied or hypothetical."""

    def __call__(self, doc: Doc) -> Doc:
        """Set ``doc._.factuality``: one record per sentence."""
        records: list[Record] = []
        article = doc._.article
        article_id = getattr(article, "id", "") or ""
        lexicon = doc_lexicon(doc)
        if len(doc):
            for sent in doc.sents:
                start, end = sent.start_char, sent.end_char
                label, triggers = classify(doc, start, end, lexicon)
                records.append(
                    {
                        "article": article_id,
                        "sentence": [start, end],
                        "label": label,
                        "triggers": triggers,
                    }
                )
        doc._.factuality = records
        return doc


def _sentence_start(record: Record) -> int:
    return int(record["sentence"][0])


def factuality_at(doc: Doc, char_offset: int) -> str:
    """The factuality label of the sentence holding ``char_offset`` (for events and quotes)."""
    records: list[Record] | None = doc._.factuality
    if not records:
        return "asserted"
    i = bisect.bisect_right(records, char_offset, key=_sentence_start) - 1
    if i < 0:
        return "asserted"
    record = records[i]
    if record["sentence"][0] <= char_offset < max(record["sentence"][1], record["sentence"][0] + 1):
        return str(record["label"])
    return "asserted"


def sentence_record(doc: Doc, char_offset: int) -> Record | None:
    """The factuality record of the sentence holding ``char_offset``, if any."""
    records: list[Record] | None = doc._.factuality
    if not records:
        return None
    i = bisect.bisect_right(records, char_offset, key=_sentence_start) - 1
    if i < 0:
        return None
    record: Record = records[i]
    return record if char_offset < record["sentence"][1] else None


@article_section("factuality")
def factuality_section(doc: Doc) -> list[Record]:
    """Per-sentence factuality records as documented in docs/analysis-schema.md."""
    return list(doc._.factuality or [])
