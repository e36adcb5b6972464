"""Readers for gold time-expression data: TimeML (TimeBank, AQUAINT) and MEANTIME's token XML.

Both give the plain text, the document creation time and every TIMEX3 as
character offsets into that text, so a system's output can be scored by span.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from triangulate.errors import InputError


@dataclass(slots=True)
class GoldTimex:
    """One annotated time expression."""

    start: int
    end: int
    type: str
    value: str


@dataclass(slots=True)
class GoldDocument:
    """A document's text, creation date and time expressions (the creation time excluded)."""

    name: str
    text: str
    dct: date | None
    timexes: list[GoldTimex] = field(default_factory=list)
    #: Spans that hold the creation time itself (a dateline): not scored either way.
    ignore: list[tuple[int, int]] = field(default_factory=list)
    #: Where the annotated part of the text ends (MEANTIME marks time only near the top).
    scored_until: int | None = None


_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")


def _parse_date(value: str | None) -> date | None:
    m = _DATE.match(value or "")
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def split_of(name: str) -> str:
    """``tune`` or ``dev``: a fixed, content-independent split by file name (1 in 4 is dev)."""
    digest = hashlib.sha256(Path(name).name.encode("utf-8")).digest()
    return "dev" if digest[0] % 4 == 0 else "tune"


def read_timeml(path: Path) -> GoldDocument:
    """One TimeML file: the text of its TEXT element, with TIMEX3 offsets, and its DCT."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise InputError(str(path), f"not readable TimeML ({exc})") from None
    dct = None
    dct_el = root.find("DCT/TIMEX3")
    if dct_el is not None:
        dct = _parse_date(dct_el.get("value"))
    text_el = root.find("TEXT")
    if text_el is None:
        raise InputError(str(path), "TimeML without a TEXT element")
    parts: list[str] = []
    timexes: list[GoldTimex] = []
    length = 0

    def walk(el: ET.Element) -> None:
        nonlocal length
        start = length
        if el.text:
            parts.append(el.text)
            length += len(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                length += len(child.tail)
        if el.tag == "TIMEX3" and el.get("functionInDocument") != "CREATION_TIME":
            timexes.append(GoldTimex(start, length, el.get("type", ""), el.get("value", "")))

    walk(text_el)
    timexes.sort(key=lambda t: t.start)
    return GoldDocument(path.name, "".join(parts), dct, timexes)


#: MEANTIME annotates TIMEX3 in the title and the first sentences only (0-5).
MEANTIME_TIMEX_SENTENCES = 6


def read_meantime(path: Path) -> GoldDocument:
    """One MEANTIME document: tokens joined by spaces, a newline between sentences.

    Only its first sentences carry time annotation, so the rest is not scored.
    """
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise InputError(str(path), f"not readable MEANTIME XML ({exc})") from None
    offsets: dict[str, tuple[int, int]] = {}
    parts: list[str] = []
    length = 0
    sentence = None
    scored_until: int | None = None
    for token in root.iter("token"):
        if parts:
            sep = "\n" if token.get("sentence") != sentence else " "
            parts.append(sep)
            length += 1
        sentence = token.get("sentence")
        if scored_until is None and (sentence or "").isdigit():
            scored_until = length if int(sentence or 0) >= MEANTIME_TIMEX_SENTENCES else None
        word = token.text or ""
        offsets[token.get("t_id", "")] = (length, length + len(word))
        parts.append(word)
        length += len(word)
    doc = GoldDocument(path.name, "".join(parts), None, scored_until=scored_until)
    for el in root.iter("TIMEX3"):
        ids = [a.get("t_id", "") for a in el.iter("token_anchor")]
        anchors = [offsets[i] for i in ids if i in offsets]
        if el.get("functionInDocument") == "CREATION_TIME":
            doc.dct = _parse_date(el.get("value"))
            if anchors:
                doc.ignore.append((min(a[0] for a in anchors), max(a[1] for a in anchors)))
            continue
        if anchors:
            doc.timexes.append(
                GoldTimex(
                    min(a[0] for a in anchors),
                    max(a[1] for a in anchors),
                    el.get("type", ""),
                    el.get("value", ""),
                )
            )
    doc.timexes.sort(key=lambda t: t.start)
    return doc


def iter_documents(directory: Path, fmt: str, split: str = "all") -> Iterator[GoldDocument]:
    """Every gold document under ``directory`` in name order, restricted to a split."""
    suffix = {"timeml": ".tml", "meantime": ".xml"}[fmt]
    reader = read_timeml if fmt == "timeml" else read_meantime
    paths = sorted(p for p in directory.rglob(f"*{suffix}") if p.is_file())
    if not paths:
        raise InputError(str(directory), f"no {suffix} files under it")
    for path in paths:
        if split != "all" and split_of(path.name) != split:
            continue
        yield reader(path)
