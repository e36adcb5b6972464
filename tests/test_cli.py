"""The command line, in process (CliRunner) and once as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from triangulate import SCHEMA, __version__
from triangulate.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_version_and_help() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0, result.output
    assert __version__ in result.output
    for args in (
        ["--help"],
        ["analyze", "--help"],
        ["articles", "--help"],
        ["export", "--help"],
        ["eval", "--help"],
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
        assert "Usage:" in result.output


def test_usage_error_exits_2() -> None:
    result = CliRunner().invoke(main, ["analyze"])
    assert result.exit_code == 2
    result = CliRunner().invoke(main, ["analyze", "x", "--workers", "0"])
    assert result.exit_code == 2


def test_analyze_examples_then_list_and_export(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "t.db")
    out = tmp_path / "out"
    result = runner.invoke(main, ["analyze", str(EXAMPLES), "--db", db, "--out", str(out)])
    assert result.exit_code == 0, result.output
    analysis = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    assert analysis["schema"] == SCHEMA
    assert len(analysis["articles"]) == 10
    assert {a["language"] for a in analysis["articles"]} == {"en", "sv", "de"}
    assert all(a["sentences"] > 0 for a in analysis["articles"])

    again = runner.invoke(main, ["analyze", str(EXAMPLES), "--db", db])
    assert again.exit_code == 0, again.output
    assert "0 analysed, 10 unchanged" in again.output

    listed = runner.invoke(main, ["articles", "--db", db, "--json"])
    assert listed.exit_code == 0, listed.output
    assert len(json.loads(listed.output)) == 10

    target = tmp_path / "export.json"
    exported = runner.invoke(main, ["export", "--db", db, "--format", "json", "-o", str(target)])
    assert exported.exit_code == 0, exported.output
    assert json.loads(target.read_text(encoding="utf-8"))["schema"] == SCHEMA
    bad_format = runner.invoke(main, ["export", "--db", db, "--format", "nope"])
    assert bad_format.exit_code == 2


def test_rejected_inputs_exit_1_with_one_line_each(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("The mayor resigned on Tuesday.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(
        main,
        ["analyze", str(tmp_path), "--db", str(tmp_path / "t.db"), "--out", str(tmp_path / "o")],
    )
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 2
    assert any("bad.txt" in line and "binary" in line for line in errors)
    assert any("empty.txt" in line and "empty" in line for line in errors)
    analysis = json.loads((tmp_path / "o" / "analysis.json").read_text(encoding="utf-8"))
    assert len(analysis["articles"]) == 1


def test_bad_database_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a").write_text("a file where a folder is needed")
    result = CliRunner().invoke(
        main,
        [
            "analyze",
            str(EXAMPLES / "01_nordic_wire.txt"),
            "--db",
            str(tmp_path / "a" / "b" / "c.db"),
        ],
    )
    assert result.exit_code == 4
    assert result.output.count("\n") == 1 and "cannot open database" in result.output


def test_subprocess_with_stdin(tmp_path: Path) -> None:
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "triangulate",
            "analyze",
            "-",
            "--db",
            str(tmp_path / "s.db"),
            "--out",
            str(tmp_path),
        ],
        input=b"Title: Piped\n\nThe harbour reopened on Wednesday after the storm.",
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr.decode()
    analysis = json.loads((tmp_path / "analysis.json").read_text(encoding="utf-8"))
    assert analysis["articles"][0]["title"] == "Piped"
    assert analysis["articles"][0]["source"] == "<stdin>"


def test_workers_pool_matches_single_process(tmp_path: Path) -> None:
    runner = CliRunner()
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"o{workers}"
        result = runner.invoke(
            main,
            [
                "analyze",
                str(EXAMPLES),
                "--db",
                str(tmp_path / f"{workers}.db"),
                "--out",
                str(out),
                "--workers",
                workers,
            ],
        )
        assert result.exit_code == 0, result.output
        outputs.append(json.loads((out / "analysis.json").read_text(encoding="utf-8")))
    assert [a["id"] for a in outputs[0]["articles"]] == [a["id"] for a in outputs[1]["articles"]]
    assert outputs[0]["articles"] == outputs[1]["articles"]
