"""Which characters a regular expression's match can start with, read from its parsed form.

A grammar that tries dozens of anchored patterns at every word start spends most
of its time on patterns that cannot match there: "the 1990s" cannot start at
"M". Knowing each pattern's possible first characters lets the caller try only
the few that can. The reading is conservative: a construct it does not know, a
class such as ``\\w``, or a pattern that may match the empty string gives None
(any character), so skipping by it never changes what matches.
"""

from __future__ import annotations

import re._parser as _sre_parser
from typing import Any

_DIGITS = frozenset("0123456789")


def first_chars(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """The lower-cased ASCII characters a match of ``pattern`` can start with; None: any.

    Lower-cased because the callers match case-insensitively; a non-ASCII first
    character makes the answer None, as case folding beyond ASCII has surprises
    (the Kelvin sign matches "k").
    """
    try:
        chars, nullable = _first_of_sequence(list(_sre_parser.parse(pattern, flags)))
    except Exception:  # an unknown parser shape only costs the shortcut
        return None
    return None if chars is None or nullable else frozenset(chars)


def _first_of_sequence(items: list[Any]) -> tuple[set[str] | None, bool]:
    """First characters of a sequence of items, and whether it may match nothing."""
    found: set[str] = set()
    for op, av in items:
        chars, nullable = _first_of_item(op, av)
        if chars is None:
            return None, False
        found |= chars
        if not nullable:
            return found, False
    return found, True


def _first_of_item(op: Any, av: Any) -> tuple[set[str] | None, bool]:
    name = str(op)
    if name == "LITERAL":
        char = chr(av)
        return ({char.lower()} if char.isascii() else None), False
    if name == "IN":
        chars: set[str] = set()
        for kind, value in av:
            kind = str(kind)
            if kind == "LITERAL" and chr(value).isascii():
                chars.add(chr(value).lower())
            elif kind == "RANGE" and value[1] < 128:
                chars.update(chr(c).lower() for c in range(value[0], value[1] + 1))
            elif kind == "CATEGORY" and str(value) == "CATEGORY_DIGIT":
                chars |= _DIGITS
            else:
                return None, False
        return chars, False
    if name in ("SUBPATTERN", "ATOMIC_GROUP"):
        return _first_of_sequence(list(av[-1] if name == "SUBPATTERN" else av))
    if name == "BRANCH":
        union: set[str] = set()
        any_nullable = False
        for branch in av[1]:
            chars_b, nullable = _first_of_sequence(list(branch))
            if chars_b is None:
                return None, False
            union |= chars_b
            any_nullable = any_nullable or nullable
        return union, any_nullable
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        chars_r, nullable = _first_of_sequence(list(av[2]))
        return chars_r, nullable or av[0] == 0
    if name in ("ASSERT", "ASSERT_NOT", "AT"):
        return set(), True  # zero-width: the next item starts the match
    return None, False
