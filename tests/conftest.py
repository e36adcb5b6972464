"""Shared fixtures: the seeds, dev data and analysed documents.

The seeds (``../shared/seeds``) and dev data (``../shared/dev-data``) live
beside the repository, never inside it; tests that need them skip with a
clear reason when they are absent.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TRIANGULATE_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
DEV_DATA = SHARED / "dev-data"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The directory of the four seed reports (skips when absent)."""
    if not (SEEDS / "expected.json").is_file():
        pytest.skip(f"seed reports not found at {SEEDS} (set TRIANGULATE_SHARED)")
    return SEEDS


@pytest.fixture(scope="session")
def expected(seeds_dir: Path) -> dict[str, Any]:
    """seeds/expected.json: what a correct analysis of the seeds contains."""
    return json.loads((seeds_dir / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def dev_data() -> Path:
    """The dev-data directory (skips when absent)."""
    if not DEV_DATA.is_dir():
        pytest.skip(f"dev data not found at {DEV_DATA} (set TRIANGULATE_SHARED)")
    return DEV_DATA


@pytest.fixture(scope="session")
def seed_articles(seeds_dir: Path) -> dict[str, Any]:
    """The seeds read as Articles, keyed by their three-digit number."""
    from triangulate.ingest import read_inputs
    from triangulate.model import Article

    out: dict[str, Any] = {}
    for result in read_inputs([str(seeds_dir)]):
        assert isinstance(result, Article), result
        out[Path(result.source).name[:3]] = result
    return out


@pytest.fixture(scope="session")
def seed_results(seed_articles: dict[str, Any]) -> dict[str, Any]:
    """Each seed's full per-article result (analysis run once per test session)."""
    from triangulate.analysis import analyze_article

    return {key: analyze_article(article) for key, article in sorted(seed_articles.items())}


@pytest.fixture(scope="session")
def seed_analysis(seed_results: dict[str, Any]) -> dict[str, Any]:
    """analysis.json for the four seeds."""
    from triangulate.analysis import build_analysis

    return build_analysis([seed_results[k] for k in sorted(seed_results)])


@pytest.fixture(scope="session")
def seed_docs(seed_articles: dict[str, Any]) -> dict[str, Any]:
    """The seeds as analysed spaCy Docs, keyed by number."""
    from triangulate.nlp.language import detect
    from triangulate.nlp.pipelines import get_pipeline

    docs = {}
    for key, article in sorted(seed_articles.items()):
        if not article.language:
            article.language = detect(article.text)
        nlp = get_pipeline(article.language)
        doc = nlp.make_doc(article.text)
        doc._.article = article
        docs[key] = nlp(doc)
    return docs
