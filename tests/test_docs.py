"""Documentation that cannot drift: settings and analysis.json sections."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from triangulate.config import SETTINGS

DOCS = Path(__file__).resolve().parent.parent / "docs"
README = Path(__file__).resolve().parent.parent / "README.md"


def test_every_setting_is_documented() -> None:
    text = (DOCS / "settings.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.M))
    assert {s.name for s in SETTINGS} == documented


def test_every_analysis_section_is_documented(seed_analysis: dict[str, Any]) -> None:
    text = (DOCS / "analysis-schema.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^#{2,3} `([a-z_]+)`", text, flags=re.M))
    assert set(seed_analysis) <= headings


def test_readme_opens_with_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    commands = re.findall(r"^make (\w+)$", text, flags=re.M)
    assert commands[:2] == ["demo", "test"]
