"""The store: idempotent ingestion, whole-batch transactions, SQLite and PostgreSQL."""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from triangulate.analysis import PIPELINE_VERSION
from triangulate.errors import InputError, StoreError
from triangulate.ingest.sources import ReadResult
from triangulate.model import Article
from triangulate.run.local import run
from triangulate.store import Store, open_store

PG_URL = os.environ.get("TRIANGULATE_TEST_PG_URL")


def _articles(n: int) -> list[Article]:
    return [
        Article(text=f"Report number {i}: the council met on Monday and voted.", source=f"r{i}.txt")
        for i in range(n)
    ]


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        opened = open_store(str(tmp_path / "t.db"))
        yield opened
        opened.close()
        return
    if not PG_URL:
        pytest.skip("no PostgreSQL server: set TRIANGULATE_TEST_PG_URL (.ci/run does)")
    schema = f"t_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in PG_URL else "?"
    opened = open_store(f"{PG_URL}{separator}options=-csearch_path%3D{schema}")
    yield opened
    opened.close()
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


def test_same_article_twice_is_stored_once(store: Store) -> None:
    first = Article(text="The  council met.", source="a.txt")
    copy = Article(text="the council met.\n", source="b.txt")
    assert first.id == copy.id
    report = run([first, copy], store)
    assert report.analysed == 1 and store.count() == 1
    again = run([first], store)
    assert again.analysed == 0 and again.unchanged == 1 and store.count() == 1
    with store.engine.connect() as conn:
        sources = conn.execute(text("SELECT source FROM article_sources ORDER BY source")).all()
    assert [s[0] for s in sources] == ["a.txt", "b.txt"]


def test_interrupted_run_leaves_whole_batches_and_rerun_completes(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRIANGULATE_BATCH_SIZE", "2")
    articles = _articles(5)

    def interrupted() -> Iterator[ReadResult]:
        yield from articles[:3]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(interrupted(), store)
    assert store.count() == 2  # the first batch committed; the third article was never half-written
    assert store.known([a.id for a in articles], PIPELINE_VERSION) == {a.id for a in articles[:2]}
    report = run(articles, store)
    assert (report.analysed, report.unchanged) == (3, 2)
    assert store.count() == 5
    results = list(store.results())
    assert [r["article"]["id"] for r in results] == [a.id for a in articles]


def test_errors_are_reported_and_others_stored(store: Store) -> None:
    items: list[ReadResult] = [InputError("bad.txt", "binary file"), *_articles(2)]
    report = run(items, store)
    assert report.analysed == 2 and [e.name for e in report.errors] == ["bad.txt"]


def test_article_round_trip(store: Store) -> None:
    article = Article(text="Åsa sa: «Hej».", source="s.txt", title="T", outlet="O")
    run([article], store)
    back = store.article(article.id)
    assert back is not None and back.text == article.text and back.outlet == "O"
    assert store.article("nope") is None


def test_sqlite_file_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    store = open_store(str(path))
    run(_articles(1), store)
    store.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_missing_folders_of_a_sqlite_path_are_created(tmp_path: Path) -> None:
    path = tmp_path / "runs" / "today" / "x.db"
    store = open_store(str(path))
    run(_articles(1), store)
    store.close()
    assert path.is_file()


def test_unopenable_database_is_a_store_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(StoreError, match=r"cannot open database \(") as err:
        open_store(str(tmp_path / "file" / "x.db"))
    assert "sqlalche.me" not in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(StoreError, match="cannot open database"):
        open_store(str(tmp_path))
    with pytest.raises(StoreError):
        open_store("nosuchdialect://x")
