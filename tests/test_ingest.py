"""Readers: each source kind, and every kind of broken input."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from triangulate.errors import InputError
from triangulate.ingest import read_inputs
from triangulate.ingest.decode import decode
from triangulate.ingest.text import parse_text
from triangulate.model import Article, article_id

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _read(*inputs: str, **kwargs: object) -> tuple[list[Article], list[InputError]]:
    articles: list[Article] = []
    errors: list[InputError] = []
    for item in read_inputs(list(inputs), **kwargs):  # type: ignore[arg-type]
        (articles if isinstance(item, Article) else errors).append(item)  # type: ignore[arg-type]
    return articles, errors


def test_seed_style_date_header_is_stripped_and_parsed() -> None:
    article = parse_text(" date 2026-03-04 Rebels met envoys on Sunday.\n\nMore text.", "a.txt")
    assert article.published == date(2026, 3, 4)
    assert article.text.startswith("Rebels met envoys")


def test_header_lines() -> None:
    raw = (
        "Title: A headline\nDate: 2026-05-12\nSource: The Outlet\nURL: https://x.test/a\n\n"
        "Body text here."
    )
    article = parse_text(raw, "a.txt")
    assert (article.title, article.published, article.outlet, article.url) == (
        "A headline",
        date(2026, 5, 12),
        "The Outlet",
        "https://x.test/a",
    )
    assert article.text == "Body text here."


def test_text_without_header_keeps_everything_and_invents_no_date() -> None:
    raw = "Note: this line looks like a header but no blank line follows\nand the text goes on."
    article = parse_text(raw, "a.txt")
    assert article.text == raw
    assert article.published is None


def test_invalid_header_date_is_dropped_not_guessed() -> None:
    article = parse_text("Date: 2026-02-31\n\nBody.", "a.txt")
    assert article.published is None


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-16", b""), ("cp1252", b""), ("utf-8", b"\xef\xbb\xbf")],
)
def test_encodings_are_detected(encoding: str, prefix: bytes) -> None:
    text = "Gävle och Malmö: « citat » — smörgåsbord för Åsa, Øystein och Ærø. " * 5
    assert decode(prefix + text.encode(encoding), "x") == text


def test_article_id_ignores_case_and_whitespace_only() -> None:
    assert article_id("Hello   world\n") == article_id("hello world")
    assert article_id("Hello world") != article_id("Hello, world")


def test_examples_read_in_every_format() -> None:
    articles, errors = _read(str(EXAMPLES))
    assert errors == []
    assert len(articles) == 10
    from triangulate.nlp.language import detect

    assert {detect(a.text) for a in articles} == {"en", "sv", "de"}
    html = next(a for a in articles if a.source.endswith(".html"))
    assert html.title == "Halvard Shipping rejects engine failure claims"
    assert html.published == date(2026, 5, 13)
    assert "Jonas Brandt" in html.text and "All rights reserved" not in html.text
    jsonl = [a for a in articles if ".jsonl:" in a.source]
    assert [a.source.rsplit(":", 1)[1] for a in jsonl] == ["1", "2", "3"]
    assert jsonl[0].outlet == "Nordic Wire"


def test_glob_and_missing_pattern() -> None:
    articles, errors = _read(str(EXAMPLES / "0[12]_*.txt"), str(EXAMPLES / "nothing*.txt"))
    assert len(articles) == 2
    assert len(errors) == 1 and "no files match" in errors[0].reason


def test_stdin() -> None:
    articles, errors = _read("-", stdin=b"Title: T\n\nFrom standard input.")
    assert not errors and articles[0].source == "<stdin>" and articles[0].title == "T"


def test_feed_items_become_articles(tmp_path: Path) -> None:
    feed = tmp_path / "news.rss"
    feed.write_text(
        """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
        <item><title>One</title><link>https://x.test/1</link>
        <pubDate>Tue, 12 May 2026 08:00:00 GMT</pubDate>
        <description>&lt;p&gt;First item text.&lt;/p&gt;</description></item>
        <item><title>Two</title><link>https://x.test/2</link><description></description></item>
        </channel></rss>""",
        encoding="utf-8",
    )
    articles, errors = _read(str(feed))
    assert [a.title for a in articles] == ["One"]
    assert articles[0].text == "First item text."
    assert articles[0].published == date(2026, 5, 12)
    assert articles[0].outlet == "Wire"
    assert len(errors) == 1 and "no text" in errors[0].reason


def test_atom_feed(tmp_path: Path) -> None:
    feed = tmp_path / "news.xml"
    feed.write_text(
        """<?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>
        <entry><title>A</title><link href="https://x.test/a"/><updated>2026-05-12T10:00:00Z</updated>
        <content type="html">Atom body.</content></entry></feed>""",
        encoding="utf-8",
    )
    articles, errors = _read(str(feed))
    assert not errors and articles[0].text == "Atom body." and articles[0].url == "https://x.test/a"


# --- bad input: each one named, with a reason, and the good inputs survive --------------


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    files = {
        "binary": (tmp_path / "image.txt", bytes(range(256)) * 40),
        "empty": (tmp_path / "empty.txt", b""),
        "blank": (tmp_path / "blank.txt", b"  \n\n\t "),
        "undecodable": (tmp_path / "latin.txt", b"\xff\xfe\x00" + b"\x81\x8d\x8f\x90\x9d" * 50),
        "jsonl": (
            tmp_path / "bad.jsonl",
            b'{"text": "Good line."}\n{not json\n[1, 2]\n{"title": "no text"}\n',
        ),
        "html": (
            tmp_path / "broken.html",
            b"<html><head><script>var x = '<p>';</script><body><div",
        ),
        "json": (tmp_path / "bad.json", b"{truncated"),
    }
    out = {}
    for key, (path, data) in files.items():
        path.write_bytes(data)
        out[key] = path
    return out


def test_bad_inputs_are_reported_one_line_each_and_good_ones_survive(tmp_path: Path) -> None:
    bad = _bad_inputs(tmp_path)
    good = tmp_path / "good.txt"
    good.write_text("A perfectly good report about a ship.", encoding="utf-8")
    inputs = [str(p) for p in bad.values()] + [str(good), str(tmp_path / "missing.txt")]
    articles, errors = _read(*inputs)
    texts = sorted(a.text for a in articles)
    assert texts == ["A perfectly good report about a ship.", "Good line."]
    messages = [e.format_message() for e in errors]
    assert all("\n" not in m for m in messages)
    by_name = {e.name: e.reason for e in errors}
    assert "binary" in by_name[str(bad["binary"])]
    assert "empty" in by_name[str(bad["empty"])]
    assert "empty" in by_name[str(bad["blank"])]
    assert str(bad["undecodable"]) in by_name
    assert "malformed JSON" in by_name[f"{bad['jsonl']}:2"]
    assert "JSON object" in by_name[f"{bad['jsonl']}:3"]
    assert "text" in by_name[f"{bad['jsonl']}:4"]
    assert str(bad["html"]) in by_name
    assert "malformed JSON" in by_name[str(bad["json"])]
    assert "no such file" in by_name[str(tmp_path / "missing.txt")]


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: 100 MB on paper, nothing on disk
    articles, errors = _read(str(big))
    assert not articles
    assert "too large" in errors[0].reason and str(big) in errors[0].format_message()


def test_too_long_text_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIANGULATE_MAX_CHARS", "100")
    path = tmp_path / "long.txt"
    path.write_text("word " * 100, encoding="utf-8")
    _, errors = _read(str(path))
    assert "too long" in errors[0].reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("hidden", encoding="utf-8")
    path.chmod(0)
    _, errors = _read(str(path))
    assert "unreadable" in errors[0].reason


def test_unreadable_directory_entry_does_not_stop_walk(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("First report.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "skipped.png").write_bytes(b"\x89PNG")
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "c.txt").write_text("Nested report.", encoding="utf-8")
    articles, errors = _read(str(tmp_path))
    assert sorted(a.text for a in articles) == ["First report.", "Nested report."]
    assert [Path(e.name).name for e in errors] == ["b.txt"]


def test_recoverable_broken_html_is_read(tmp_path: Path) -> None:
    path = tmp_path / "sloppy.html"
    path.write_bytes(
        b"<html><body><p>The minister resigned on Friday after a long row over the budget"
        b"<p>Her deputy will lead the ministry <b>until an election is held</div>"
    )
    articles, errors = _read(str(path))
    assert not errors and "minister resigned" in articles[0].text


def test_explicit_json_list(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text(
        json.dumps([{"text": "One."}, {"text": "Two.", "date": "2026-01-02"}]), encoding="utf-8"
    )
    articles, errors = _read(str(path))
    assert not errors and [a.published for a in articles] == [None, date(2026, 1, 2)]


def test_unusable_path_name_is_reported(tmp_path: Path) -> None:
    name = str(tmp_path / ("x" * 300 + ".txt"))
    articles, errors = _read(name)
    assert not articles and errors[0].name == name and "unreadable" in errors[0].reason


def test_symlink_loop_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    articles, errors = _read(str(tmp_path / "a.txt"))
    assert not articles and len(errors) == 1
