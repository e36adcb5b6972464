"""Settings, declared once as (name, default, help).

Every setting can be given as an environment variable ``TRIANGULATE_<NAME>``;
``docs/settings.md`` documents each one and a test fails when one is missing
from it, so the documentation cannot drift from the code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Setting:
    """One tunable: its name, default value and a sentence of help."""

    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "triangulate.db", "Database: a SQLite file path or any SQLAlchemy URL."),
    Setting("max_bytes", 20_000_000, "Largest input file or download accepted, in bytes."),
    Setting("max_chars", 2_000_000, "Largest article text accepted, in characters."),
    Setting("url_timeout", 20.0, "Seconds before a URL fetch is abandoned."),
    Setting("allow_private", False, "Fetch URLs on loopback, private or link-local addresses."),
    Setting("follow_feed_links", False, "Fetch the page behind each feed item."),
    Setting("batch_size", 32, "Articles written per database transaction."),
    Setting("workers", 1, "Processes for the per-article pipeline."),
    Setting(
        "ner_vote",
        True,
        "Pipelines with several NER models (Swedish) keep the names most of them agree on; "
        "off: the first model alone, faster and less accurate.",
    ),
    Setting(
        "pipelines",
        "",
        "Per-language spaCy pipeline overrides, e.g. 'fr=fr_core_news_sm,de=/models/de'.",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> Any:
    """The value of a setting: the environment variable if set, else the default."""
    setting = _BY_NAME[name]
    raw = os.environ.get(f"TRIANGULATE_{name.upper()}")
    if raw is None:
        return setting.default
    if isinstance(setting.default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(setting.default, int):
        return int(raw)
    if isinstance(setting.default, float):
        return float(raw)
    return raw
