"""Ingestion throughput: articles/s and peak memory on a generated corpus.

Phases, all in one process on the same files so that machine noise cancels:

1. baseline: reading the raw bytes of every file;
2. readers: decoding, header parsing and Article construction;
3. read + store: the same plus writing each article to a fresh SQLite store
   in batches (the per-article NLP is left out; see bench_pipeline figures);
4. full analyse on a sample, for scale.

Usage: python bench/bench_ingest.py [N_ARTICLES]   (default 10000)
"""

from __future__ import annotations

import json
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from triangulate.analysis import PIPELINE_VERSION, analyze_article, analyze_articles
from triangulate.ingest import read_inputs
from triangulate.model import Article
from triangulate.store import open_store

_WORDS = [
    "the",
    "council",
    "harbour",
    "minister",
    "said",
    "on",
    "Monday",
    "that",
    "ships",
    "workers",
    "strike",
    "talks",
    "government",
    "officials",
    "reported",
    "rain",
    "storm",
    "coast",
    "city",
    "port",
    "agreement",
    "rejected",
    "police",
    "crowd",
    "protest",
    "election",
    "budget",
    "vote",
    "opposition",
    "parliament",
    "river",
    "bridge",
]


def _paragraph(rng: random.Random, sentences: int) -> str:
    out = []
    for _ in range(sentences):
        words = rng.choices(_WORDS, k=rng.randint(8, 20))
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


def generate(root: Path, n: int, seed: int = 7) -> None:
    """Write ``n`` articles: 60% header text files, 40% in JSONL files of 100 lines."""
    rng = random.Random(seed)
    text_count = int(n * 0.6)
    for i in range(text_count):
        body = "\n\n".join(_paragraph(rng, rng.randint(2, 4)) for _ in range(rng.randint(3, 6)))
        header = f"Title: Report {i}\nDate: 2026-05-{1 + i % 28:02d}\nSource: Outlet {i % 17}\n\n"
        (root / f"r{i:05d}.txt").write_text(header + body, encoding="utf-8")
    lines: list[str] = []
    for i in range(text_count, n):
        body = "\n\n".join(_paragraph(rng, rng.randint(2, 4)) for _ in range(rng.randint(3, 6)))
        lines.append(json.dumps({"text": body, "title": f"Item {i}", "date": "2026-05-02"}))
        if len(lines) == 100:
            (root / f"j{i:05d}.jsonl").write_text("\n".join(lines), encoding="utf-8")
            lines = []
    if lines:
        (root / "jlast.jsonl").write_text("\n".join(lines), encoding="utf-8")


def _measure(
    label: str, func: Callable[[], int], *, trace: bool = True
) -> tuple[str, int, float, float]:
    """Time one phase; tracemalloc (Python heap peak) slows C-heavy NLP badly, so it is optional."""
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    count = func()
    seconds = time.perf_counter() - started
    peak = 0
    if trace:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return label, count, seconds, peak / 1e6


def main() -> None:
    """Generate the corpus, run each phase, print a table."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus"
        root.mkdir()
        generate(root, n)
        files = sorted(root.iterdir())

        def raw() -> int:
            total = 0
            for path in files:
                total += len(path.read_bytes())
            return n

        def readers() -> int:
            return sum(1 for r in read_inputs([str(root)]) if isinstance(r, Article))

        def read_store() -> int:
            store = open_store(str(Path(tmp) / "bench.db"))
            batch = []
            count = 0
            for item in read_inputs([str(root)]):
                if not isinstance(item, Article):
                    continue
                batch.append((item, {"article": item.to_json()}, 0.0))
                if len(batch) == 32:
                    store.save(batch, PIPELINE_VERSION)
                    count += len(batch)
                    batch = []
            if batch:
                store.save(batch, PIPELINE_VERSION)
                count += len(batch)
            store.close()
            return count

        texts = [str(p) for p in files if p.suffix == ".txt"][:101]
        sample = [r for r in read_inputs(texts) if isinstance(r, Article)]
        analyze_article(sample[0])  # load the pipeline outside the timing

        def analyse() -> int:
            analyze_articles(sample[1:])
            return len(sample) - 1

        rows = [
            _measure("baseline: raw file reads", raw),
            _measure("readers (decode, headers, Article)", readers),
            _measure("read + store (SQLite, batches of 32)", read_store),
            _measure("full per-article analysis (sample)", analyse, trace=False),
        ]
    print(f"{'phase':40} {'articles':>9} {'seconds':>8} {'articles/s':>11} {'heap MB':>8}")
    for label, count, seconds, peak in rows:
        heap = f"{peak:8.1f}" if peak else f"{'-':>8}"
        print(f"{label:40} {count:9d} {seconds:8.2f} {count / seconds:11.1f} {heap}")
    print("heap MB: peak Python allocations during the phase (tracemalloc); '-': not traced")
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS: {maxrss:.0f} MB")


if __name__ == "__main__":
    main()
