"""BRAT standoff attribution data (PolNeAR-style): Source, Cue and Content spans.

A directory holds ``text/<article>.txt`` and ``attributions/<article>_<annotator>.ann``
(or each ``.txt`` beside its ``.ann``). ``T`` lines are spans (possibly
discontinuous: ``Content 10 20;25 40``); ``E`` lines link them into one
attribution (``E1 Attribution:T4 Content:T3 Cue:T2 Source:T1``; an
``Attribution-no-source`` event has no Source). Several annotators may have
annotated one article: each ``.ann`` file is one gold document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from triangulate.errors import InputError

Parts = tuple[tuple[int, int], ...]

_ANNOTATOR = re.compile(r"_[0-9a-f]{4}$")


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One attribution: what was said (content), the cue, and who said it (if given)."""

    content: Parts
    cue: Parts
    source: Parts


@dataclass(slots=True)
class GoldDocument:
    """One annotator's attributions over one article's text."""

    name: str
    text_path: Path
    text: str
    attributions: list[GoldAttribution] = field(default_factory=list)


def _parts(offsets: str) -> Parts:
    out = []
    for piece in offsets.split(";"):
        bits = piece.split()
        if len(bits) == 2 and bits[0].isdigit() and bits[1].isdigit():
            a, b = int(bits[0]), int(bits[1])
            if b > a:
                out.append((a, b))
    return tuple(sorted(out))


def parse_ann(content: str) -> list[GoldAttribution]:
    """The attributions of one ``.ann`` file; malformed lines are skipped."""
    spans: dict[str, tuple[str, Parts]] = {}
    events: list[list[tuple[str, str]]] = []
    for line in content.splitlines():
        cols = line.split("\t")
        if len(cols) < 2 or not cols[0]:
            continue
        if cols[0].startswith("T"):
            label, _, offsets = cols[1].partition(" ")
            spans[cols[0]] = (label, _parts(offsets))
        elif cols[0].startswith("E"):
            args = []
            for item in cols[1].split():
                role, _, ref = item.partition(":")
                if ref:
                    args.append((role, ref))
            events.append(args)
    out = []
    seen: set[tuple[Parts, Parts, Parts]] = set()
    for args in events:
        roles: dict[str, list[tuple[int, int]]] = {"Content": [], "Cue": [], "Source": []}
        for role, ref in args[1:]:
            base = role.rstrip("0123456789")
            if base in roles and ref in spans:
                roles[base].extend(spans[ref][1])
        if not roles["Content"]:
            continue
        key = (
            tuple(sorted(roles["Content"])),
            tuple(sorted(roles["Cue"])),
            tuple(sorted(roles["Source"])),
        )
        if key in seen:
            continue
        seen.add(key)
        out.append(GoldAttribution(*key))
    return out


def _text_for(ann: Path, root: Path) -> Path | None:
    stems = [ann.stem, _ANNOTATOR.sub("", ann.stem)]
    for stem in stems:
        for folder in (ann.parent, root / "text", ann.parent.parent / "text"):
            candidate = folder / f"{stem}.txt"
            if candidate.is_file():
                return candidate
    return None


def read_brat(directory: Path, limit: int | None = None) -> Iterator[GoldDocument]:
    """Gold documents from a PolNeAR-style directory, in file-name order."""
    folder = directory / "attributions"
    anns = sorted((folder if folder.is_dir() else directory).glob("*.ann"))
    if not anns:
        raise InputError(str(directory), "no .ann files (expected attributions/*.ann)")
    count = 0
    for ann in anns:
        text_path = _text_for(ann, directory)
        if text_path is None:
            continue
        text = text_path.read_text(encoding="utf-8")
        attributions = parse_ann(ann.read_text(encoding="utf-8"))
        yield GoldDocument(ann.stem, text_path, text, attributions)
        count += 1
        if limit is not None and count >= limit:
            return
