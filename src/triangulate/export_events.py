"""``triangulate export --format events-csv``: one row per event, in PLOVER/POLECAT-style columns.

Event-data users load CSV into R or pandas; the columns follow the names they
know (``event_type``, ``source_code``...) and keep the link back to the text
(``article`` id and the ``sentence`` itself). Several actors on one side are
joined with ``; `` in one cell, as POLECAT does, rather than multiplied into
dyads.
"""

from __future__ import annotations

import csv
from typing import IO, Any

from triangulate.exports import exporter

#: Column order of the events CSV.
COLUMNS: tuple[str, ...] = (
    "id",
    "date",
    "event_type",
    "mode",
    "source_name",
    "source_code",
    "target_name",
    "target_code",
    "place",
    "lat",
    "lon",
    "article",
    "sentence",
)


def _actors(actors: object, key: str) -> str:
    if not isinstance(actors, list):
        return ""
    values = [str(a.get(key) or "") for a in actors if isinstance(a, dict)]
    return "; ".join(v for v in values if v)


def _date(date: object) -> str:
    """An ISO day, or a ``from/to`` range; unresolved dates stay empty."""
    if not isinstance(date, dict) or not date.get("resolved", True):
        return ""
    value = date.get("value")
    if isinstance(value, dict):
        start, end = value.get("from") or "", value.get("to") or ""
        return f"{start}/{end}" if start != end else str(start)
    return str(value or "")


def _sentence(event: dict[str, Any], texts: dict[str, str]) -> str:
    """The event's sentence: carried in the record, else cut from the article text."""
    sentence = event.get("sentence")
    if not isinstance(sentence, dict):
        return ""
    if isinstance(sentence.get("text"), str):
        return " ".join(sentence["text"].split())
    text = texts.get(str(event.get("article")))
    start, end = sentence.get("start"), sentence.get("end")
    if not (text is not None and isinstance(start, int) and isinstance(end, int)):
        return ""
    if 0 <= start <= end <= len(text):
        return " ".join(text[start:end].split())
    return ""


def event_rows(
    analysis: dict[str, Any], texts: dict[str, str] | None = None
) -> list[dict[str, str]]:
    """The CSV rows for every event of an analysis (``texts``: article id -> text, if known)."""
    texts = texts or {}
    rows = []
    for event in analysis.get("events") or []:
        if not isinstance(event, dict):
            continue
        place = event.get("place") if isinstance(event.get("place"), dict) else {}
        assert isinstance(place, dict)
        rows.append(
            {
                "id": str(event.get("id") or ""),
                "date": _date(event.get("date")),
                "event_type": str(event.get("type") or ""),
                "mode": str(event.get("mode") or ""),
                "source_name": _actors(event.get("source"), "name"),
                "source_code": _actors(event.get("source"), "actor_code"),
                "target_name": _actors(event.get("target"), "name"),
                "target_code": _actors(event.get("target"), "actor_code"),
                "place": str(place.get("name") or ""),
                "lat": "" if place.get("lat") is None else str(place.get("lat")),
                "lon": "" if place.get("lon") is None else str(place.get("lon")),
                "article": str(event.get("article") or ""),
                "sentence": _sentence(event, texts),
            }
        )
    return rows


def _texts(analysis: dict[str, Any]) -> dict[str, str]:
    """Article texts, when the analysis carries them (it usually does not: offsets only)."""
    out: dict[str, str] = {}
    for article in analysis.get("articles") or []:
        if isinstance(article, dict) and isinstance(article.get("text"), str):
            out[str(article.get("id"))] = article["text"]
    return out


@exporter("events-csv")
def export_events_csv(analysis: dict[str, Any], out: IO[str]) -> None:
    """One CSV row per event: id, date, type, mode, actors and codes, place, article, sentence."""
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(event_rows(analysis, _texts(analysis)))
