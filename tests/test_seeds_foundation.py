"""The seeds read right: four articles, their languages, their dates (never invented)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from triangulate.cli import main


def test_analyze_seeds_writes_four_articles(
    seeds_dir: Path, expected: dict[str, Any], tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        main, ["analyze", str(seeds_dir), "--db", str(tmp_path / "s.db"), "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    analysis = json.loads((tmp_path / "analysis.json").read_text(encoding="utf-8"))
    assert len(analysis["articles"]) == 4
    by_key = {Path(a["source"]).name[:3]: a for a in analysis["articles"]}
    for key, want in expected["articles"].items():
        assert by_key[key]["language"] == want["language"], key
        assert by_key[key]["published"] == want["published"], key
        assert by_key[key]["sentences"] >= 5


def test_seed_offsets_point_into_the_original_text(seed_articles: dict[str, Any]) -> None:
    raw = (Path(seed_articles["002"].source)).read_text(encoding="utf-8")
    article = seed_articles["002"]
    # The date header is metadata, not text: the body is the file minus that prefix.
    assert raw.endswith(article.text)
    assert not article.text.startswith(" date")
