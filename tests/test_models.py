"""Shipped trained models: a missing or corrupt one is one clear error naming it and its rebuild."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from triangulate.cli import main
from triangulate.errors import ModelError
from triangulate.nlp import pipelines

REAL_MODELS = pipelines.MODELS_DIR


@pytest.fixture
def models_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private copy of the shipped models that a test may break."""
    copy = tmp_path / "models"
    shutil.copytree(REAL_MODELS, copy)
    monkeypatch.setattr(pipelines, "MODELS_DIR", copy)
    pipelines.get_pipeline.cache_clear()
    yield copy
    pipelines.get_pipeline.cache_clear()


def test_every_shipped_model_is_present_with_a_card() -> None:
    for model in pipelines.SHIPPED.values():
        assert (REAL_MODELS / model / "meta.json").is_file(), model
        assert (REAL_MODELS / model / "MODEL_CARD.md").is_file(), model


def test_missing_model_names_it_and_its_rebuild(models_copy: Path) -> None:
    shutil.rmtree(models_copy / "sv_core")
    with pytest.raises(ModelError) as err:
        pipelines.get_pipeline("sv")
    message = str(err.value)
    assert "sv_core" in message and "missing" in message
    assert "make -C models/train sv-core" in message and "\n" not in message


@pytest.mark.parametrize(
    ("lang", "model", "damage"),
    [
        ("sv", "sv_core", "ner/model"),
        ("de", "de_ner", "ner/model"),
        ("de", "de_ner", "config.cfg"),
        ("en", "en_ner", "meta.json"),
    ],
)
def test_corrupt_model_names_it_and_its_rebuild(
    models_copy: Path, lang: str, model: str, damage: str
) -> None:
    (models_copy / model / damage).write_bytes(b"\x00garbage, not a model\xff" * 3)
    with pytest.raises(ModelError) as err:
        pipelines.get_pipeline(lang)
    message = str(err.value)
    assert model in message and f"make -C models/train {model.replace('_', '-')}" in message
    assert "\n" not in message


def test_cli_reports_a_broken_model_on_one_line(models_copy: Path, tmp_path: Path) -> None:
    (models_copy / "de_ner" / "ner" / "model").write_bytes(b"broken")
    text = tmp_path / "bericht.txt"
    text.write_text(
        "Die Reederei in Hamburg meldete am Montag einen Schaden am Frachter. "
        "Der Kapitän sagte, niemand sei verletzt worden.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main, ["analyze", str(text), "--db", str(tmp_path / "t.db"), "--lang", "de"]
    )
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert any("de_ner" in line and "make -C models/train de-ner" in line for line in lines)
    assert len(lines) == 1, result.output
