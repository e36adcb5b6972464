"""Publication dates from metadata strings; never invented."""

from __future__ import annotations

import re
from datetime import date, datetime

_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def parse_date(value: str | None) -> date | None:
    """Parse a metadata date (ISO first, then common formats); None if unsure."""
    if not value or not value.strip():
        return None
    match = _ISO.match(value)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    import dateparser  # imported lazily: it is slow to load and rarely needed

    parsed = dateparser.parse(
        value, settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]}
    )
    if isinstance(parsed, datetime):
        return parsed.date()
    return None
