"""``triangulate eval quotes``: the BRAT reader, the scorer, the CLI and the quality gate."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from triangulate.cli import main
from triangulate.errors import InputError
from triangulate.eval.brat import GoldAttribution, GoldDocument, parse_ann, read_brat
from triangulate.eval.quotes import evaluate, score

#: Pinned minimum scores on the first GATE_FILES PolNeAR dev files; raise them as the
#: system improves, never lower them silently.
GATE_FILES = 12
GATE = {
    "attribution": 0.68,
    "content_overlap": 0.80,
    "content_exact": 0.52,
    "source": 0.74,
    "cue": 0.74,
}

TEXT = (
    "The harbour will close, the mayor said on Monday. "
    "“We have no choice,” she added.\n\nAccording to port workers, the cranes are old."
)


def _at(word: str) -> str:
    start = TEXT.index(word)
    return f"{start} {start + len(word)}"


ANN = f"""T1\tContent {_at("The harbour will close")}\tThe harbour will close
T2\tSource {_at("the mayor")}\tthe mayor
T3\tCue {_at("said")}\tsaid
T4\tAttribution {_at("said")}\tsaid
E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2
T5\tContent {_at("We have")};{_at("no choice")}\tx
T6\tCue {_at("added")}\tadded
T7\tSource {_at("she")}\tshe
E2\tAttribution:T4 Content:T5 Cue:T6 Source:T7
T8\tContent {_at("the cranes are old")}\tthe cranes are old
T9\tCue {_at("According to")}\tAccording to
E3\tAttribution-no-source:T4 Content:T8 Cue:T9
this line is broken
T10\tDiscuss 1 2\tx
"""


@pytest.fixture
def brat_dir(tmp_path: Path) -> Path:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "harbour.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "harbour_ab12.ann").write_text(ANN, encoding="utf-8")
    return tmp_path


def test_parse_ann_reads_discontinuous_and_sourceless_attributions() -> None:
    gold = parse_ann(ANN)
    assert len(gold) == 3
    assert len(gold[1].content) == 2
    assert gold[2].source == ()
    assert gold[0].cue == ((34, 38),)


def test_read_brat_pairs_texts_with_annotator_files(brat_dir: Path, tmp_path: Path) -> None:
    [doc] = list(read_brat(brat_dir))
    assert doc.text == TEXT and len(doc.attributions) == 3
    flat = tmp_path / "flat"
    flat.mkdir()
    shutil.copy(brat_dir / "text" / "harbour.txt", flat / "harbour.txt")
    shutil.copy(brat_dir / "attributions" / "harbour_ab12.ann", flat / "harbour_ab12.ann")
    assert len(list(read_brat(flat))) == 1
    with pytest.raises(InputError):
        list(read_brat(tmp_path / "text"))


def test_score_is_one_for_gold_and_zero_for_nothing() -> None:
    gold = parse_ann(ANN)
    doc = GoldDocument("x", Path("x"), TEXT, gold)
    perfect = score([(doc, list(gold))])
    for key in ("content_exact", "content_overlap", "source", "cue", "attribution"):
        assert perfect[key]["f1"] == 1.0, key
    empty = score([(doc, [])])
    assert empty["attribution"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    wrong_source = [GoldAttribution(g.content, g.cue, ((0, 3),)) for g in gold]
    assert score([(doc, wrong_source)])["attribution"]["f1"] < 1.0


def test_evaluate_runs_the_pipeline(brat_dir: Path) -> None:
    result = evaluate(brat_dir)
    assert result["documents"] == 1 and result["gold"] == 3
    assert result["content_overlap"]["recall"] > 0.5


def test_cli_in_process_and_as_subprocess(brat_dir: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        main, ["eval", "quotes", str(brat_dir), "--format", "brat", "--limit", "1"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"content_exact", "content_overlap", "source", "cue", "attribution"}
    assert set(data["attribution"]) == {"precision", "recall", "f1"}
    proc = subprocess.run(
        [sys.executable, "-m", "triangulate", "eval", "quotes", str(brat_dir)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["documents"] == 1


def test_quality_gate_on_polnear_dev_sample(dev_data: Path) -> None:
    dev = dev_data / "polnear" / "dev"
    if not dev.is_dir():
        pytest.skip(f"PolNeAR dev split not found at {dev}")
    result = evaluate(dev, limit=GATE_FILES)
    low = {k: (result[k]["f1"], floor) for k, floor in GATE.items() if result[k]["f1"] < floor}
    assert not low, f"quote scores fell below the pinned gate: {low}"
