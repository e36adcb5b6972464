"""Expanding inputs (paths, directories, globs, URLs, ``-``) and choosing a reader."""

from __future__ import annotations

import glob
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from triangulate import config
from triangulate.errors import InputError
from triangulate.ingest.decode import decode
from triangulate.ingest.feeds import looks_like_feed, parse_feed
from triangulate.ingest.html import looks_like_html, parse_html
from triangulate.ingest.jsonl import parse_jsonl
from triangulate.ingest.text import parse_text
from triangulate.ingest.urls import fetch, is_url
from triangulate.model import Article

ReadResult = Article | InputError

#: Extensions picked up when walking a directory; anything else there is not a report.
KNOWN_SUFFIXES = frozenset(
    {".txt", ".text", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson", ".rss", ".atom", ".xml"}
)
_HTML = {".html", ".htm", ".xhtml"}
_JSONL = {".jsonl", ".ndjson"}
_FEED = {".rss", ".atom"}


def read_inputs(
    inputs: Iterable[str],
    *,
    allow_private: bool | None = None,
    follow_links: bool | None = None,
    stdin: bytes | None = None,
) -> Iterator[ReadResult]:
    """Yield an Article or an InputError for every report found in ``inputs``.

    ``allow_private`` and ``follow_links`` default to their settings.
    """
    allow = config.get("allow_private") if allow_private is None else allow_private
    follow = config.get("follow_feed_links") if follow_links is None else follow_links
    options = _Options(allow, follow)
    for item in inputs:
        if item == "-":
            data = stdin if stdin is not None else sys.stdin.buffer.read()
            yield from _guard(
                "<stdin>",
                lambda d=data: read_bytes(d, "<stdin>", allow_private=allow, follow_links=follow),
            )
        elif is_url(item):
            yield from _guard(
                item, lambda u=item: read_url(u, allow_private=allow, follow_links=follow)
            )
        elif any(ch in item for ch in "*?[") and not Path(item).exists():
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                yield InputError(item, "no files match this pattern")
            for match in matches:
                yield from _read_path(Path(match), options)
        else:
            yield from _read_path(Path(item), options)


@dataclass(frozen=True, slots=True)
class _Options:
    allow_private: bool
    follow_links: bool


def _read_path(path: Path, options: _Options) -> Iterator[ReadResult]:
    """Read one path; directories are walked recursively in a stable order."""
    name = str(path)
    try:
        if path.is_dir():
            children = sorted(p for p in path.iterdir() if not p.name.startswith("."))
            for child in children:
                if child.is_dir() or child.suffix.lower() in KNOWN_SUFFIXES:
                    yield from _read_path(child, options)
            return
        if not path.exists():
            yield InputError(name, "no such file or directory")
            return
        size = path.stat().st_size
        limit = config.get("max_bytes")
        if size > limit:
            yield InputError(
                name, f"too large: {size} bytes (limit {limit}, TRIANGULATE_MAX_BYTES)"
            )
            return
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(name, f"unreadable: {exc.strerror or exc}")
        return
    yield from _guard(
        name,
        lambda: read_bytes(
            data,
            name,
            suffix=path.suffix.lower(),
            allow_private=options.allow_private,
            follow_links=options.follow_links,
        ),
    )


def read_url(
    url: str, *, allow_private: bool = False, follow_links: bool = False
) -> Iterator[ReadResult]:
    """Fetch a URL and read it as the reader for its content type."""
    fetched = fetch(url, allow_private=allow_private)
    suffix = ".html" if "html" in fetched.content_type else ""
    if "rss" in fetched.content_type or "atom" in fetched.content_type:
        suffix = ".rss"
    for result in read_bytes(
        fetched.body,
        url,
        suffix=suffix,
        url=fetched.url,
        allow_private=allow_private,
        follow_links=follow_links,
    ):
        if isinstance(result, Article) and not result.url:
            result.url = fetched.url
        yield result


def read_bytes(
    data: bytes,
    name: str,
    *,
    suffix: str = "",
    url: str | None = None,
    allow_private: bool = False,
    follow_links: bool = False,
) -> Iterator[ReadResult]:
    """Decode raw bytes and dispatch to the reader that fits them."""
    if not data.strip():
        raise InputError(name, "empty file")
    text = decode(data, name)
    if not text.strip():
        raise InputError(name, "empty file (whitespace only)")
    if suffix in _JSONL:
        yield from parse_jsonl(text, name)
    elif suffix == ".json":
        yield from _parse_json(text, name)
    elif suffix in _FEED or (suffix in {".xml", ""} and looks_like_feed(text)):
        yield from parse_feed(text, name, follow_links=follow_links, allow_private=allow_private)
    elif suffix in _HTML or looks_like_html(text):
        yield parse_html(text, name, url=url)
    else:
        yield _checked(parse_text(text, name))


def _parse_json(text: str, name: str) -> Iterator[ReadResult]:
    """A .json file named explicitly: one article object or a list of them."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(name, f"malformed JSON ({exc.msg} at line {exc.lineno})") from None
    records = data if isinstance(data, list) else [data]
    lines = "\n".join(json.dumps(r) for r in records)
    yield from parse_jsonl(lines, name)


def _checked(article: Article) -> Article:
    """Refuse texts too long to analyse in one piece."""
    limit = config.get("max_chars")
    if len(article.text) > limit:
        raise InputError(
            article.source, f"too long: {len(article.text)} characters (limit {limit})"
        )
    return article


def _guard(name: str, produce: object) -> Iterator[ReadResult]:
    """Run a reader, turning its InputError (or any crash) into a result for ``name``."""
    assert callable(produce)
    try:
        yield from produce()
    except InputError as exc:
        yield exc
    except RecursionError:
        yield InputError(name, "input nested too deeply to parse")
    except Exception as exc:  # a reader bug must cost one input, not the run
        yield InputError(name, f"could not be read ({type(exc).__name__}: {exc})")
