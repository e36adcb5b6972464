"""Convert the NER corpora in dev-data into spaCy DocBin (.spacy) files.

Why a script of our own instead of ``spacy convert``: the corpora come in six
slightly different column layouts (CoNLL-2003 four columns, UNER with comment
lines, NorNE with its nine-way tag set, the swedish-ner-corpus with bare tags
and no B-/I- prefixes, and WikiANN with an ``xx:`` language prefix on every
token), and every one has to be mapped onto the single tag set
PER/ORG/LOC/MISC that Triangulate uses.  Doing it here keeps the mapping in one
reviewed place and makes the held-out Swedish dev split deterministic.

Usage::

    python convert_ner.py FORMAT INPUT [INPUT ...] --out OUT.spacy
        [--lang sv] [--every N --keep train|dev] [--drop-misc] [--retokenize]

FORMAT is one of ``conll2003``, ``bare``, ``uner``, ``norne``, ``wikiann``.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

# NorNE (and Danish DaN+) tags folded into the 4-class CoNLL scheme.  GPE_* are
# split by their function in the sentence (place vs. actor), which is exactly
# what LOC vs. ORG means in CoNLL; PROD/EVT/DRV are names that are neither
# people, organisations nor places, i.e. CoNLL's MISC.
LABEL_MAP: dict[str, str | None] = {
    "PER": "PER",
    "ORG": "ORG",
    "LOC": "LOC",
    "MISC": "MISC",
    "GPE_LOC": "LOC",
    "GPE_ORG": "ORG",
    "PROD": "MISC",
    "EVT": "MISC",
    "DRV": "MISC",
    "OTH": "MISC",
}

Sentence = tuple[list[str], list[str]]

_WIKIANN_PREFIX = re.compile(r"^[a-z]{2,3}:(?=.)")
# An elided article or preposition split off by spaCy's tokenizer (French l', d', qu').
_ELISION = re.compile(r"^[A-Za-z]{1,2}['’]$")


def _map_iob(tag: str, drop_misc: bool) -> str:
    """Map one IOB2 tag onto the PER/ORG/LOC/MISC scheme (or O)."""
    if tag in ("O", "0", "_", ""):
        return "O"
    prefix, _, label = tag.partition("-")
    if prefix not in ("B", "I") or not label:
        return "O"
    mapped = LABEL_MAP.get(label)
    if mapped is None or (drop_misc and mapped == "MISC"):
        return "O"
    return f"{prefix}-{mapped}"


def _bare_to_iob(tags: list[str]) -> list[str]:
    """Turn bare type tags into IOB2.

    The swedish-ner-corpus has no B-/I- prefixes, so a run of tokens with the
    same type is one entity (two adjacent same-type names cannot be told apart;
    that is a property of the data, not something we can recover).  ``0`` is
    outside; the single malformed tag (``bn``) is treated as outside too.
    """
    out: list[str] = []
    prev = "O"
    for tag in tags:
        label = tag if tag in ("PER", "ORG", "LOC", "MISC") else "O"
        if label == "O":
            out.append("O")
        elif label == prev:
            out.append(f"I-{label}")
        else:
            out.append(f"B-{label}")
        prev = label
    return out


def _read_blocks(path: Path) -> Iterator[list[list[str]]]:
    """Yield sentences as lists of whitespace-split rows, skipping comments."""
    rows: list[list[str]] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip():
                if rows:
                    yield rows
                rows = []
                continue
            if line.startswith("#") and "\t" not in line:
                continue
            # The swedish corpus mixes tabs and runs of spaces as separators.
            rows.append(line.split("\t") if "\t" in line else line.split())
    if rows:
        yield rows


def read_sentences(fmt: str, path: Path, drop_misc: bool) -> Iterator[Sentence]:
    """Read one file of the given format as (words, IOB2 tags) sentences."""
    for rows in _read_blocks(path):
        if fmt == "conll2003":
            if rows[0][0] == "-DOCSTART-":
                continue
            words = [r[0] for r in rows]
            tags = [_map_iob(r[-1], drop_misc) for r in rows]
        elif fmt == "bare":
            words = [r[0] for r in rows]
            tags = [_map_iob(t, drop_misc) for t in _bare_to_iob([r[-1] for r in rows])]
        elif fmt == "uner":
            # idx token tag ...; multi-word token ranges ("3-4") never occur in
            # UNER but skip them defensively, they carry no tag.
            rows = [r for r in rows if r[0].isdigit()]
            words = [r[1] for r in rows]
            tags = [_map_iob(r[2], drop_misc) for r in rows]
        elif fmt == "norne":
            words = [r[0] for r in rows]
            tags = [_map_iob(r[1], drop_misc) for r in rows]
        elif fmt == "wikiann":
            # ``de:Berlin<TAB>B-LOC``: strip the language prefix (only the
            # first colon; the token itself may contain colons).
            words = [_WIKIANN_PREFIX.sub("", r[0], count=1) for r in rows]
            tags = [_map_iob(r[-1], drop_misc) for r in rows]
        else:
            raise ValueError(f"unknown format {fmt!r}")
        if words:
            yield words, _repair_iob(tags)


def _repair_iob(tags: list[str]) -> list[str]:
    """Make the sequence valid IOB2 (an I- after O or another type starts an entity)."""
    out: list[str] = []
    prev = "O"
    for tag in tags:
        if tag.startswith("I-") and prev[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        out.append(tag)
        prev = tag
    return out


def _retokenize(nlp: Language, words: list[str], tags: list[str]) -> Sentence:
    """Re-split a sentence with spaCy's tokenizer for ``nlp.lang``; entities keep their text.

    WikiANN keeps French elisions in one token ("l'Union", "d'Uruguay") where
    spaCy, and so Triangulate at run time, splits them ("l'", "Union").  A model
    that never saw a lone "l'" runs names on past it ("armée israélienne a
    frappé ..."), so the recipe trains on both tokenisations.  The gold tokens
    are joined by spaces, so spaCy only splits them further and every entity
    still starts and ends on a token boundary; a leading elided article is
    dropped from the entity ("l'Union européenne" -> "Union européenne").
    """
    doc = nlp.make_doc(" ".join(words))
    offsets, pos = [], 0
    for word in words:
        offsets.append((pos, pos + len(word)))
        pos += len(word) + 1
    out = ["O"] * len(doc)
    for start, end, label in _iob_spans(tags):
        span = doc.char_span(offsets[start][0], offsets[end - 1][1])
        if span is None:
            continue
        first = span.start
        while first < span.end - 1 and _ELISION.match(doc[first].text):
            first += 1
        out[first] = f"B-{label}"
        for i in range(first + 1, span.end):
            out[i] = f"I-{label}"
    return [t.text for t in doc], out


def _iob_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) token spans of a valid IOB2 sequence."""
    spans: list[tuple[int, int, str]] = []
    for i, tag in enumerate(tags):
        if tag.startswith("B-"):
            spans.append((i, i + 1, tag[2:]))
        elif tag.startswith("I-") and spans and spans[-1][1] == i:
            spans[-1] = (spans[-1][0], i + 1, spans[-1][2])
    return spans


def main() -> None:
    """Command-line entry point: convert, split and write one DocBin."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("fmt", choices=["conll2003", "bare", "uner", "norne", "wikiann"])
    ap.add_argument("inputs", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--lang", default="en")
    ap.add_argument("--every", type=int, default=0, help="hold out every Nth sentence")
    ap.add_argument("--keep", choices=["train", "dev"], default="train")
    ap.add_argument("--drop-misc", action="store_true")
    ap.add_argument(
        "--group", type=int, default=10, help="sentences per Doc (context for batching)"
    )
    ap.add_argument(
        "--retokenize",
        action="store_true",
        help="re-split the gold tokens with spaCy's tokenizer for --lang (see _retokenize)",
    )
    args = ap.parse_args()

    nlp = spacy.blank(args.lang)
    sents: list[Sentence] = []
    for path in args.inputs:
        for i, sent in enumerate(read_sentences(args.fmt, path, args.drop_misc)):
            # Deterministic hold-out: sentence i (0-based) goes to dev when
            # i % N == N - 1, i.e. every Nth sentence of each file.
            is_dev = args.every > 0 and i % args.every == args.every - 1
            if args.every == 0 or is_dev == (args.keep == "dev"):
                sents.append(sent)

    if args.retokenize:
        sents = [_retokenize(nlp, words, tags) for words, tags in sents]

    db = DocBin(store_user_data=False)
    counts: Counter[str] = Counter()
    n_tokens = 0
    for start in range(0, len(sents), args.group):
        chunk = sents[start : start + args.group]
        words = [w for ws, _ in chunk for w in ws]
        tags = [t for _, ts in chunk for t in ts]
        sent_starts: list[bool | int | None] = [j == 0 for ws, _ in chunk for j in range(len(ws))]
        doc = Doc(nlp.vocab, words=words, ents=tags, sent_starts=sent_starts)
        counts.update(ent.label_ for ent in doc.ents)
        n_tokens += len(doc)
        db.add(doc)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(args.out)
    print(f"{args.out}: {len(sents)} sentences, {n_tokens} tokens, entities {dict(counts)}")


if __name__ == "__main__":
    main()
