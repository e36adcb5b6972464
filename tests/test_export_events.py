"""``triangulate export --format events-csv``: one row per event in PLOVER/POLECAT-style columns."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from triangulate.cli import main
from triangulate.export_events import COLUMNS, export_events_csv
from triangulate.exports import load_exporters

ANALYSIS: dict[str, Any] = {
    "articles": [{"id": "a1"}],
    "events": [
        {
            "id": "a1:e1",
            "article": "a1",
            "sentence": {"start": 0, "end": 40, "text": "Syrian troops  attacked\nTurkish posts."},
            "trigger": {"start": 14, "end": 22, "text": "attacked"},
            "type": "ASSAULT",
            "mode": "occurred",
            "source": [{"name": "Syrian troops", "actor_code": "SYRMIL", "entity_id": None}],
            "target": [
                {"name": "Turkish posts", "actor_code": "TUR", "entity_id": None},
                {"name": "Kurds", "actor_code": "KUR", "entity_id": "norp:kurds"},
            ],
            "place": {"id": "city:1", "name": "Kobane", "lat": 36.89, "lon": 38.35},
            "date": {"value": "2026-03-01", "resolved": True, "precision": "day"},
        },
        {
            "id": "a1:e2",
            "article": "a1",
            "sentence": {"start": 41, "end": 60},
            "type": "CONSULT",
            "mode": "planned",
            "source": [],
            "target": [],
            "place": None,
            "date": {"value": {"from": "2026-03-02", "to": "2026-03-08"}, "resolved": True},
        },
        {
            "id": "a1:e3",
            "article": "a1",
            "type": "AGREE",
            "date": {"value": "XXXX", "resolved": False},
        },
        "not an event",
    ],
}


def _rows(analysis: dict[str, Any]) -> list[dict[str, str]]:
    out = io.StringIO()
    export_events_csv(analysis, out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_registered_as_a_format() -> None:
    assert "events-csv" in load_exporters()


def test_columns_and_rows() -> None:
    out = io.StringIO()
    export_events_csv(ANALYSIS, out)
    header = out.getvalue().splitlines()[0]
    assert header.split(",") == list(COLUMNS)
    rows = _rows(ANALYSIS)
    assert [r["id"] for r in rows] == ["a1:e1", "a1:e2", "a1:e3"]
    first = rows[0]
    assert first["event_type"] == "ASSAULT"
    assert first["date"] == "2026-03-01"
    assert first["source_name"] == "Syrian troops"
    assert first["source_code"] == "SYRMIL"
    assert first["target_name"] == "Turkish posts; Kurds"
    assert first["target_code"] == "TUR; KUR"
    assert (first["place"], first["lat"], first["lon"]) == ("Kobane", "36.89", "38.35")
    assert first["sentence"] == "Syrian troops attacked Turkish posts."
    second = rows[1]
    assert second["date"] == "2026-03-02/2026-03-08"
    assert second["place"] == second["lat"] == second["source_name"] == ""
    # An unresolved date stays empty rather than a placeholder.
    assert rows[2]["date"] == ""


def test_empty_analysis_writes_only_the_header() -> None:
    out = io.StringIO()
    export_events_csv({}, out)
    assert out.getvalue().strip() == ",".join(COLUMNS)


def test_export_command_on_an_analysed_article(tmp_path: Path) -> None:
    text = (
        "Syrian troops attacked Turkish positions near Kobane on Monday, officials said.\n\n"
        "Turkey's foreign minister threatened to suspend talks with Damascus."
    )
    source = tmp_path / "report.txt"
    source.write_text(text, encoding="utf-8")
    db = str(tmp_path / "store.db")
    runner = CliRunner()
    result = runner.invoke(
        main, ["analyze", str(source), "--db", db, "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    target = tmp_path / "events.csv"
    result = runner.invoke(
        main, ["export", "--db", db, "--format", "events-csv", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows, "the two events should be exported"
    types = {r["event_type"] for r in rows}
    assert "ASSAULT" in types
    assault = next(r for r in rows if r["event_type"] == "ASSAULT")
    assert assault["source_code"].startswith("SYR")
    assert assault["target_code"].startswith("TUR")
    assert assault["sentence"].startswith("Syrian troops attacked")
    assert all(r["article"] for r in rows)
