"""Readers for event gold data: PLOVER gold-standard records and PETRARCH validation XML.

Both become ``GoldSentence`` records: a text and the events coded in it, each
as a PLOVER 2021 type with source and target actor codes. Two conversions are
needed on the way:

* the PLOVER gold records (GSR, 2016) still use draft labels that the 2021
  manual renamed or merged: DEMAND is now REQUEST, DISAPPROVE and INVESTIGATE
  are ACCUSE (its "disapprove" and "investigate" modes), FIGHT is ASSAULT;
* PETRARCH codes CAMEO, which the manual's CAMEO-to-PLOVER table maps (01
  statements and 02 appeals are dropped by PLOVER, so they count as no event).

The GSR file is split deterministically for development: records whose
number (the last part of the id) is odd form the *tune* part, even ones the
*dev* part that rules are never tuned on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from triangulate.errors import InputError
from triangulate.stages.event_lexicon import modern_code

#: 2016 draft labels of the gold records -> PLOVER 2021 types (PLOVER manual, Draft 0.8).
LABELS_2016: dict[str, str] = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}

MAPPING_FILE = Path(__file__).resolve().parent.parent / "data" / "events" / "cameo_plover.tsv"

_SENTENCE = re.compile(r"<Sentence\b([^>]*)>(.*?)</Sentence>", re.S)
_CODING = re.compile(r"<EventCoding\b([^>]*)>", re.S)
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.S)
_ATTR = re.compile(r'(\w+)\s*=\s*"([^"]*)"')
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_WS = re.compile(r"\s+")


@dataclass(slots=True)
class GoldEvent:
    """One gold event: PLOVER type and the actor codes on each side."""

    type: str
    sources: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)


@dataclass(slots=True)
class GoldSentence:
    """A gold text and its events (an empty list: no event)."""

    id: str
    text: str
    language: str
    events: list[GoldEvent]


def plover_type(label: str) -> str | None:
    """A gold label in 2021 terms (None for labels PLOVER has no type for)."""
    label = label.strip().upper()
    label = LABELS_2016.get(label, label)
    return label or None


@cache
def cameo_mapping(path: Path = MAPPING_FILE) -> dict[str, str]:
    """CAMEO code -> PLOVER type, from the manual's conversion table (our TSV copy of its codes)."""
    table: dict[str, str] = {}
    if not path.is_file():
        return table
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = re.split(r"[\t:,]\s*", line.strip())
        if len(parts) >= 2 and parts[0].isdigit() and parts[1].isupper():
            table.setdefault(parts[0], parts[1])
    return table


def cameo_to_plover(code: str, mapping: dict[str, str] | None = None) -> str | None:
    """The PLOVER type of a CAMEO event code, most specific entry first; None if dropped."""
    table = cameo_mapping() if mapping is None else mapping
    code = code.strip()
    for key in (code, code[:3], code[:2]):
        if key in table:
            return table[key]
    return None


def actor_root(code: str) -> str:
    """The first three letters of an actor code: the country or IGO it belongs to.

    Old CAMEO country codes in gold files (JAP, ITL, ANG...) are read as the
    ISO 3166 codes the coder writes, as the GSR's 2016 event labels are read
    as the 2021 ones: a spelling of the same answer is no error.
    """
    return modern_code(code.strip().upper())[:3]


def _codes(value: object) -> list[str]:
    if not isinstance(value, list):
        return []
    out = []
    for item in value:
        if isinstance(item, dict) and item.get("code"):
            out.append(str(item["code"]))
    return out


def _number(record_id: str) -> int:
    tail = record_id.rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def in_split(record_id: str, split: str) -> bool:
    """Whether a GSR record belongs to ``split`` (all, tune: odd numbers, dev: even)."""
    if split == "all":
        return True
    odd = _number(record_id) % 2 == 1
    return odd if split == "tune" else not odd


def read_gsr(path: Path, split: str = "all") -> Iterator[GoldSentence]:
    """PLOVER gold-standard records (a JSON list); records without text are skipped."""
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"not a PLOVER gold-record file ({exc})") from None
    if not isinstance(records, list):
        raise InputError(str(path), "expected a JSON list of records")
    for n, record in enumerate(records):
        if not isinstance(record, dict) or not record.get("text"):
            continue
        label = plover_type(str(record.get("event") or ""))
        if label is None or label == "DOCUMENT":
            continue
        record_id = str(record.get("id") or f"record-{n}")
        if not in_split(record_id, split):
            continue
        event = GoldEvent(label, _codes(record.get("source")), _codes(record.get("target")))
        yield GoldSentence(
            record_id, str(record["text"]), str(record.get("language") or "en"), [event]
        )


def read_petrarch(path: Path, mapping: dict[str, str] | None = None) -> Iterator[GoldSentence]:
    """PETRARCH validation records; CAMEO codes mapped to PLOVER, dropped codes ignored."""
    try:
        raw = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(str(path), f"cannot read ({exc})") from None
    raw = _COMMENT.sub(" ", raw)
    for match in _SENTENCE.finditer(raw):
        attrs = dict(_ATTR.findall(match.group(1)))
        body = match.group(2)
        text_match = _TEXT.search(body)
        if not text_match:
            continue
        text = _WS.sub(" ", text_match.group(1)).strip()
        if not text:
            continue
        events = []
        for coding in _CODING.finditer(body):
            fields = dict(_ATTR.findall(coding.group(1)))
            label = cameo_to_plover(fields.get("eventcode", ""), mapping)
            if label is None:
                continue
            source = [c for c in [fields.get("sourcecode", "")] if c and c != "---"]
            target = [c for c in [fields.get("targetcode", "")] if c and c != "---"]
            events.append(GoldEvent(label, source, target))
        yield GoldSentence(attrs.get("id", f"sentence-{len(text)}"), text, "en", events)
