"""JSON Lines: one article per line with ``text`` and optional metadata."""

from __future__ import annotations

import json
from collections.abc import Iterator

from triangulate.errors import InputError
from triangulate.ingest.dates import parse_date
from triangulate.model import Article


def parse_jsonl(text: str, source: str) -> Iterator[Article | InputError]:
    """Yield one Article per good line and one InputError (naming the line) per bad one."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(name, f"malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(record, dict):
            yield InputError(name, "expected a JSON object per line")
            continue
        body = record.get("text")
        if not isinstance(body, str) or not body.strip():
            yield InputError(name, "no 'text' field with content")
            continue
        yield Article(
            text=body,
            source=name,
            title=_str(record.get("title")),
            language=_str(record.get("language") or record.get("lang")),
            published=parse_date(_str(record.get("date") or record.get("published"))),
            outlet=_str(record.get("outlet") or record.get("source")),
            byline=_str(record.get("byline") or record.get("author")),
            url=_str(record.get("url")),
        )


def _str(value: object) -> str | None:
    """Metadata values are kept only when they are non-empty strings."""
    return value.strip() or None if isinstance(value, str) else None
