"""Export formats: each turns an analysis.json document into a file.

Stage modules register further formats (``events-csv``...) with ``exporter``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import IO, Any

Exporter = Callable[[dict[str, Any], IO[str]], None]
EXPORTERS: dict[str, Exporter] = {}

#: Modules that register exporters when imported.
EXPORTER_MODULES: tuple[str, ...] = ("triangulate.export_events",)


def exporter(name: str) -> Callable[[Exporter], Exporter]:
    """Register an export format under ``name``."""

    def register(func: Exporter) -> Exporter:
        EXPORTERS[name] = func
        return func

    return register


@exporter("json")
def export_json(analysis: dict[str, Any], out: IO[str]) -> None:
    """analysis.json itself (schema triangulate/1)."""
    json.dump(analysis, out, ensure_ascii=False, indent=2)
    out.write("\n")


def load_exporters() -> dict[str, Exporter]:
    """All registered formats, importing the modules that define them."""
    import importlib

    for name in EXPORTER_MODULES:
        importlib.import_module(name)
    return EXPORTERS
