"""Reading NER gold data in the CoNLL family of formats.

Accepted, detected per file:

* CoNLL columns (CoNLL-2003, WikiANN, swedish-ner-corpus): one token per line,
  whitespace- or tab-separated, the token first and the tag in the last column,
  blank lines between sentences, ``-DOCSTART-`` lines ignored. WikiANN's
  ``xx:`` token prefixes are removed.
* CoNLL-U (UD, NorNE, UniversalNER): ``#`` comment lines, an integer id in
  the first column, the token in the second, and the NER tag either in the
  MISC column (``NER=B-PER``, ``name=B-PER``) or in a tag column of its own.

Tags may be IOB1, IOB2, BIOES/BILOU or bare types (``PER``, with ``O`` or
``0`` outside); all become entity spans over token indices.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

_OUTSIDE = frozenset({"O", "0", "_", "", "-"})
_TAG = re.compile(r"^(?:[BIESLU][-_])?[A-Za-z][A-Za-z_]*$|^[O0]$")
_MISC_KEYS = ("ner", "name", "entity", "ne")
_LANG_PREFIX = re.compile(r"^([a-z]{2,3}):(?=.)")
_ID = re.compile(r"^\d+(?:[-.]\d+)?$")


@dataclass(slots=True)
class Sentence:
    """One gold sentence: its tokens and their raw tags."""

    words: list[str]
    tags: list[str]
    spaces: list[bool] = field(default_factory=list)
    #: True when the sentence starts a new document (``-DOCSTART-``, ``# newdoc``).
    new_doc: bool = False

    def spans(self) -> list[tuple[int, int, str]]:
        """Gold entities as ``(start, end, type)`` over token indices."""
        return tags_to_spans(self.tags)


def split_tag(tag: str) -> tuple[str, str | None]:
    """``B-PER`` -> ("B", "PER"); ``PER`` -> ("", "PER"); outside -> ("O", None)."""
    tag = tag.strip()
    if tag in _OUTSIDE:
        return "O", None
    if len(tag) > 2 and tag[0] in "BIESLU" and tag[1] in "-_":
        return tag[0], tag[2:]
    return "", tag


def tags_to_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Entity spans from IOB1, IOB2, BIOES/BILOU or bare tags (one algorithm for all).

    A span starts at B/S/U, or at any tag whose type differs from the open
    span's, or after a span closed by E/L/S/U; bare runs of one type are one span.
    """
    spans: list[tuple[int, int, str]] = []
    start: int | None = None
    label: str | None = None
    for i, tag in enumerate(tags):
        prefix, type_ = split_tag(tag)
        if type_ is None:
            if start is not None and label is not None:
                spans.append((start, i, label))
            start, label = None, None
            continue
        if start is None or prefix in ("B", "S", "U") or type_ != label:
            if start is not None and label is not None:
                spans.append((start, i, label))
            start, label = i, type_
        if prefix in ("E", "L", "S", "U"):
            spans.append((start, i + 1, type_))
            start, label = None, None
    if start is not None and label is not None:
        spans.append((start, len(tags), label))
    return spans


def _is_conllu(lines: list[str]) -> bool:
    rows = [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]
    if not rows:
        return False
    with_id = sum(1 for r in rows if len(r) >= 3 and _ID.match(r[0].strip()))
    return with_id >= 0.9 * len(rows)


def _misc_tag(misc: str) -> str | None:
    for item in misc.split("|"):
        key, sep, value = item.partition("=")
        if sep and key.strip().lower() in _MISC_KEYS:
            return value.strip()
    return None


def _tag_column(rows: list[list[str]]) -> int:
    """Which CoNLL-U column holds NER tags (for files without them in MISC)."""
    best, best_score = len(rows[0]) - 1 if rows else 2, -1
    width = min(len(r) for r in rows) if rows else 0
    for col in range(2, width):
        values = [r[col].strip() for r in rows]
        tagged = sum(1 for v in values if _TAG.match(v) and (v in ("O", "0") or "-" in v))
        entities = sum(1 for v in values if v not in _OUTSIDE and "-" in v)
        score = tagged + entities
        if tagged >= 0.9 * len(values) and score > best_score:
            best, best_score = col, score
    return best


def _read_conllu(lines: list[str]) -> Iterator[Sentence]:
    block: list[list[str]] = []
    new_doc = False
    rows_all = [
        line.split("\t")
        for line in lines
        if line.strip() and not line.startswith("#") and _ID.match(line.split("\t")[0])
    ]
    in_misc = any(len(r) >= 10 and _misc_tag(r[9]) is not None for r in rows_all[:500])
    column = 9 if in_misc else _tag_column(rows_all[:2000])

    def flush() -> Iterator[Sentence]:
        nonlocal block, new_doc
        if block:
            words = [r[1] for r in block]
            tags = []
            for r in block:
                raw = r[column] if column < len(r) else "O"
                tag = _misc_tag(raw) if in_misc else raw
                tags.append(tag or "O")
            spaces = [not (len(r) >= 10 and "SpaceAfter=No" in r[9]) for r in block]
            yield Sentence(words, tags, spaces, new_doc)
        block, new_doc = [], False

    for line in lines:
        if not line.strip():
            yield from flush()
            continue
        if line.startswith("#"):
            if line.startswith(("# newdoc", "# doc")):
                new_doc = True
            continue
        row = line.rstrip("\n").split("\t")
        # Multi-word token ranges ("1-2") and empty nodes ("1.1") are not tokens.
        if len(row) < 3 or not row[0].strip().isdigit():
            continue
        block.append(row)
    yield from flush()


def _read_columns(lines: list[str]) -> Iterator[Sentence]:
    words: list[str] = []
    tags: list[str] = []
    new_doc = False
    prefix: str | None = None
    sample = [line.split()[0] for line in lines[:200] if line.strip() and len(line.split()) >= 2]
    found = {m.group(1) for w in sample if (m := _LANG_PREFIX.match(w))}
    if sample and len(found) == 1 and all(_LANG_PREFIX.match(w) for w in sample):
        prefix = next(iter(found)) + ":"
    for line in lines:
        cells = line.split("\t") if "\t" in line else line.split()
        cells = [c.strip() for c in cells]
        if not line.strip() or not cells:
            if words:
                yield Sentence(words, tags, [True] * len(words), new_doc)
                words, tags, new_doc = [], [], False
            continue
        if cells[0] == "-DOCSTART-":
            if words:
                yield Sentence(words, tags, [True] * len(words), new_doc)
                words, tags = [], []
            new_doc = True
            continue
        word = cells[0]
        if prefix and word.startswith(prefix):
            word = word[len(prefix) :]
        words.append(word)
        tags.append(cells[-1] if len(cells) > 1 else "O")
    if words:
        yield Sentence(words, tags, [True] * len(words), new_doc)


def read_sentences(path: Path | str) -> Iterator[Sentence]:
    """Gold sentences from a CoNLL-style or CoNLL-U file (format detected from its lines)."""
    text = Path(path).read_text(encoding="utf-8", errors="replace").lstrip("\ufeff")
    lines = text.splitlines()
    if _is_conllu(lines[:2000]):
        yield from _read_conllu(lines)
    else:
        yield from _read_columns(lines)


_GOLD_TAG = re.compile(r"^(?:[BIESLU][-_])?[A-Z][A-Z_]*$|^[O0_-]$")


def looks_tagged(sentences: list[Sentence]) -> bool:
    """Whether the last column really holds NER tags (O, B-PER, PER...) and names at least one."""
    tags = [t for s in sentences for t in s.tags]
    if not tags:
        return False
    valid = sum(1 for t in tags if _GOLD_TAG.match(t.strip()))
    return valid >= 0.95 * len(tags) and any(split_tag(t)[1] is not None for t in tags)


def language_hint(path: Path | str) -> str | None:
    """The language a file declares through WikiANN-style ``xx:`` token prefixes, if any."""
    with Path(path).open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if line.strip():
                match = _LANG_PREFIX.match(line.split()[0])
                return match.group(1) if match else None
    return None
