"""Language identification for whole articles."""

from __future__ import annotations

import re

import py3langid

# py3langid reports Norwegian as "no"; spaCy and the NER data call it "nb".
_ALIASES = {"no": "nb"}
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)

#: Code used when a text has too few letters to identify (spaCy's multi-language class).
UNKNOWN = "xx"


def detect(text: str) -> str:
    """ISO 639-1 code of the text's language, or ``xx`` when it cannot be told."""
    sample = text[:20_000]
    if len(_LETTER.findall(sample)) < 20:
        return UNKNOWN
    code, _score = py3langid.classify(sample)
    return _ALIASES.get(code, code)
