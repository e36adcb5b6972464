"""Rewrite the UD v1.0 Swedish-Talbanken training file with UD v2 relation labels.

Why: the only Talbanken *train* file available offline is the January 2015
UD v1.0 release, while the dev file (and everything Triangulate's parser output
is compared against) is UD v2.  A parser trained on v1 labels would emit
``dobj``/``nsubjpass``/``neg``/``name``/``mwe`` and never ``obj``/``obl``, so
every such arc would count as wrong against v2 and downstream code written for
v2 labels would miss them.  The mapping below is the one in the UD v2 migration
guidelines, as far as it can be applied without rewriting tree structure:

* dobj -> obj, nsubjpass -> nsubj:pass, csubjpass -> csubj:pass,
  auxpass -> aux:pass, name -> flat:name, mwe -> fixed, neg -> advmod
  (v2 folded negation into advmod; Swedish "inte" is an adverb);
* nmod -> obl when the head is a predicate (VERB/AUX/ADJ/ADV), since v2 split
  v1's nmod into obl (dependents of predicates) and nmod (of nominals);
  nmod:agent -> obl:agent likewise;
* UPOS: v1 ``CONJ`` -> ``CCONJ``; the possessive determiners that v1.0
  tagged ``DT`` (a non-UD tag: din, ditt, våra, ...) -> ``PRON`` with
  ``Poss=Yes|PronType=Prs`` as in v2; v1 had no ``AUX``, v2 tags every
  ``aux``/``aux:pass``/``cop`` dependent ``AUX``, so those VERBs become AUX;
* coordination: v1 attached ``cc`` (and the commas between conjuncts) to the
  first conjunct, v2 attaches them to the conjunct that follows them; each
  ``cc``/``punct`` dependent of a word that has ``conj`` dependents after it is
  moved to the nearest following conjunct (this alone took cc LAS from ~0.1);
* remnant -> orphan (v2's ellipsis label; the v1 trees attach remnants to their
  correspondents rather than promoting a dependent, so these few arcs remain
  structurally v1-style), dislocated is unchanged (it exists in v2).

The output is CoNLL-U that ``spacy convert -c conllu`` reads.  Lemmas stay ``_``
(v1.0 has none), which is why the Swedish pipeline ships no lemmatizer.

Usage: ``python convert_ud.py IN.conll OUT.conllu``
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

SIMPLE: dict[str, str] = {
    "dobj": "obj",
    "nsubjpass": "nsubj:pass",
    "csubjpass": "csubj:pass",
    "auxpass": "aux:pass",
    "name": "flat:name",
    "mwe": "fixed",
    "neg": "advmod",
    "remnant": "orphan",
}
PREDICATE_UPOS = {"VERB", "AUX", "ADJ", "ADV"}


def convert_sentence(rows: list[list[str]]) -> list[list[str]]:
    """Return the sentence's rows with v2 relation labels (columns unchanged otherwise)."""
    upos = {r[0]: r[3] for r in rows}
    out: list[list[str]] = []
    for r in rows:
        r = list(r)
        rel = r[7]
        base, _, sub = rel.partition(":")
        if rel in SIMPLE:
            rel = SIMPLE[rel]
        elif base == "nmod" and sub in ("", "agent"):
            head_upos = upos.get(r[6], "")
            if head_upos in PREDICATE_UPOS:
                rel = "obl" + (":" + sub if sub else "")
        r[7] = rel
        if r[3] == "CONJ":
            r[3] = "CCONJ"
        elif r[3] == "DT":
            r[3] = "PRON"
            feats = [] if r[5] == "_" else r[5].split("|")
            feats += ["Poss=Yes", "PronType=Prs"]
            r[5] = "|".join(sorted(set(feats), key=str.lower))
        elif r[3] == "VERB" and rel in ("aux", "aux:pass", "cop"):
            r[3] = "AUX"
        r[8] = "_"  # enhanced deps were not annotated in v1.0
        out.append(r)
    _reattach_coordination(out)
    return out


def _reattach_coordination(rows: list[list[str]]) -> None:
    """Move cc/punct from the first conjunct to the following conjunct (v2 rule), in place."""
    conjuncts: dict[str, list[int]] = {}
    for r in rows:
        if r[7] == "conj":
            conjuncts.setdefault(r[6], []).append(int(r[0]))
    for r in rows:
        if r[7] not in ("cc", "punct") or r[6] not in conjuncts:
            continue
        me, head = int(r[0]), int(r[6])
        if me < head:
            continue  # material before the first conjunct stays where it is
        following = [c for c in conjuncts[r[6]] if c > me]
        if following:
            r[6] = str(min(following))


def main() -> None:
    """Read IN (UD v1.0 CoNLL-X-like), write OUT (CoNLL-U with v2 labels)."""
    src, dst = Path(sys.argv[1]), Path(sys.argv[2])
    counts: Counter[str] = Counter()
    n = 0
    dst.parent.mkdir(parents=True, exist_ok=True)
    with src.open(encoding="utf-8") as fin, dst.open("w", encoding="utf-8") as fout:
        rows: list[list[str]] = []
        for line in [*fin, "\n"]:
            line = line.rstrip("\n")
            if line.startswith("#"):
                continue
            if line.strip():
                rows.append(line.split("\t"))
                continue
            if not rows:
                continue
            n += 1
            fout.write(f"# sent_id = talbanken-v1-train-{n}\n")
            fout.write("# text = " + " ".join(r[1] for r in rows) + "\n")
            for r in convert_sentence(rows):
                counts[r[7]] += 1
                fout.write("\t".join(r) + "\n")
            fout.write("\n")
            rows = []
    print(f"{dst}: {n} sentences; labels {dict(counts.most_common())}")


if __name__ == "__main__":
    main()
