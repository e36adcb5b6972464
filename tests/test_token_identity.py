"""spaCy makes a new Token object on every access, so tokens are compared by index, never `is`."""

from __future__ import annotations

from collections import Counter
from typing import Any, ClassVar

from triangulate.stages.numbers import _attribution_by_parse, lexicon


class _FakeToken:
    """A token whose ``head`` is a fresh object on each access, as with spaCy."""

    visits: ClassVar[Counter[int]] = Counter()

    def __init__(self, i: int, heads: dict[int, int]) -> None:
        self.i, self._heads = i, heads
        self.pos_, self.dep_, self.children = "NOUN", "dep", []

    @property
    def head(self) -> _FakeToken:
        return _FakeToken(self._heads[self.i], self._heads)

    @property
    def lemma_(self) -> str:
        _FakeToken.visits[self.i] += 1
        return "word"

    lower_ = "word"


def test_numbers_stop_at_the_root() -> None:
    lex = lexicon("en")
    assert lex is not None
    heads = {0: 1, 1: 1}  # the number hangs on the root, which is its own head
    span: Any = type("Span", (), {"root": _FakeToken(0, heads)})()
    _FakeToken.visits.clear()
    assert _attribution_by_parse(span, lex, "") is None
    assert _FakeToken.visits[1] == 1  # the root is looked at once, not once per step


def test_spacy_tokens_are_new_objects() -> None:
    import spacy

    doc = spacy.blank("en")("Prices rose.")
    assert doc[0] is not doc[0] and doc[0].i == doc[0].i
