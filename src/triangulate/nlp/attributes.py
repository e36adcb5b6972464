"""An exact, faster stand-in for spaCy's ``attribute_ruler``.

The packaged pipelines map fine-grained tags to coarse POS and morphology
with an ``AttributeRuler``: 179 Matcher patterns in ``en_core_web_sm``, almost
all of them one token with exact values or value sets ("TAG is VBD", "TAG is
VBZ and LOWER is in {is, 's}"). spaCy's Matcher tries every pattern at every
token, which made this lookup table cost about a third as much as NER itself.

This component gives the same result from hash lookups. Each one-token pattern
is indexed by the values it requires (a value set becomes one entry per value;
``NOT_IN`` conditions are checked after the lookup). Patterns of several tokens
go to a Matcher that runs only on docs containing their first token's value,
and the few that start with a regular expression go to one that always runs.
Matches are applied in the ruler's own order (by rule number, later rules
overriding earlier ones), so the output is identical; ``tests/test_attributes.py``
checks that token by token against the stock component.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import srsly
from spacy.attrs import DEP, IS_SPACE, LOWER, NORM, ORTH, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Span
from spacy.tokens._retokenize import normalize_token_attrs, set_token_attrs
from spacy.util import SimpleFrozenList
from spacy.vocab import Vocab

#: Token attributes whose ``Doc.to_array`` value is the string's hash (or a flag),
#: so that a pattern's values can be looked up directly. POS is not among them
#: (its array value is an enum); a pattern testing it goes to the Matcher.
_INDEXABLE = {
    "TAG": TAG,
    "LOWER": LOWER,
    "DEP": DEP,
    "IS_SPACE": IS_SPACE,
    "ORTH": ORTH,
    "NORM": NORM,
}

#: Which attribute gates a multi-token pattern best: word forms are rarer than tags.
_SELECTIVITY = ("ORTH", "LOWER", "NORM", "TAG", "DEP", "IS_SPACE")

#: The name the packaged pipelines give their ruler; kept so that pipe names do not change.
NAME = "attribute_ruler"

#: A rule number and the (column, excluded values) checks its NOT_IN conditions need.
_Entry = tuple[int, tuple[tuple[int, frozenset[int]], ...]]


class FastAttributeRuler:
    """Set token attributes from AttributeRuler patterns, exactly as spaCy would."""

    def __init__(self, vocab: Vocab, name: str = NAME) -> None:
        self.vocab = vocab
        self.name = name
        self._patterns: list[dict[str, Any]] = []
        self._attrs: list[dict[int, Any]] = []
        self._indices: list[int] = []
        #: One table per set of tested attributes: required values -> entries.
        self._groups: dict[tuple[int, ...], dict[tuple[int, ...], list[_Entry]]] = {}
        #: Every attribute a rule tests by value (NOT_IN ones included): the columns to read.
        self._tested: set[int] = set()
        #: Compiled by ``add_patterns``: the columns read from each doc, in
        #: ``Doc.to_array`` order, and per table a key getter over a row of them.
        self._columns: list[int | str] = []
        self._position: dict[int | str, int] = {}
        self._lookups: list[tuple[Callable[[list[int]], Any], bool, dict[Any, list[_Entry]]]] = []
        self._gated = Matcher(vocab)
        self._free = Matcher(vocab)
        #: First-token values that make the gated Matcher worth running, by attribute.
        self._gates: dict[int, set[int]] = {}

    def add_patterns(self, patterns: Iterable[dict[str, Any]]) -> None:
        """Add rules in AttributeRuler's format (``patterns``, ``attrs``, ``index``)."""
        for rule in patterns:
            number = len(self._patterns)
            index = int(rule.get("index", 0))
            self._patterns.append(
                {"patterns": rule["patterns"], "attrs": rule["attrs"], "index": index}
            )
            self._attrs.append(normalize_token_attrs(self.vocab, rule["attrs"]))
            self._indices.append(index)
            for pattern in rule["patterns"]:
                if not self._index(pattern, number, index):
                    self._add_to_matcher(pattern, number)
        self._columns = sorted(self._tested | set(self._gates))
        self._position = {attr: i for i, attr in enumerate(self._columns)}
        # itemgetter of several columns returns a tuple, the table's key type;
        # one-attribute tables are keyed by 1-tuples, so their scalar is wrapped.
        self._lookups = [
            (operator.itemgetter(*(self._position[a] for a in attrs)), len(attrs) == 1, table)
            for attrs, table in self._groups.items()
        ]

    def _values(self, key: str, value: Any) -> list[int] | None:
        """The array values a condition accepts, or None if it is not a plain value or IN set."""
        if isinstance(value, dict):
            if set(value) != {"IN"}:
                return None
            return [self._hash(key, item) for item in value["IN"]]
        return [self._hash(key, value)]

    def _hash(self, key: str, value: Any) -> int:
        """The integer ``Doc.to_array`` gives for this attribute value."""
        if key == "IS_SPACE":
            return int(bool(value))
        return int(self.vocab.strings.add(str(value)))

    def _index(self, pattern: list[dict[str, Any]], number: int, index: int) -> bool:
        """File a one-token pattern under the values it requires; False if it cannot be."""
        if len(pattern) != 1 or index not in (0, -1) or not pattern[0]:
            return False
        token = pattern[0]
        if any(key not in _INDEXABLE for key in token):
            return False
        required: dict[str, list[int]] = {}
        excluded: list[tuple[int, frozenset[int]]] = []
        for key, value in token.items():
            accepted = self._values(key, value)
            if accepted is not None:
                required[key] = accepted
            elif isinstance(value, dict) and set(value) == {"NOT_IN"}:
                banned = frozenset(self._hash(key, item) for item in value["NOT_IN"])
                excluded.append((_INDEXABLE[key], banned))
            else:
                return False
        if not required:
            return False
        keys = sorted(required)
        attrs = tuple(_INDEXABLE[key] for key in keys)
        table = self._groups.setdefault(attrs, {})
        self._tested.update(attrs, (attr for attr, _ in excluded))
        entry: _Entry = (number, tuple(excluded))
        for values in itertools.product(*(required[key] for key in keys)):
            table.setdefault(values, []).append(entry)
        return True

    def _add_to_matcher(self, pattern: list[dict[str, Any]], number: int) -> None:
        """Longer or odd patterns go to a Matcher.

        One whose first token needs exact values ("gon" + "na") runs only on docs
        that contain one of them; the rest (regular expressions) always run.
        """
        first = pattern[0] if pattern else {}
        for key in _SELECTIVITY:
            values = self._values(key, first[key]) if key in first else None
            if values is not None:
                self._gates.setdefault(_INDEXABLE[key], set()).update(values)
                self._gated.add(str(number), [pattern])
                return
        self._free.add(str(number), [pattern])

    @property
    def patterns(self) -> list[dict[str, Any]]:
        """All rules, in the format they were added in."""
        return list(self._patterns)

    def _matches(self, doc: Doc) -> Iterator[tuple[int, int, int]]:
        """(rule number, start, end) for every match, in no particular order."""
        if not len(doc) or not self._columns:
            yield from self._matcher_matches(doc, gated=True)
            return
        array = doc.to_array(self._columns)
        rows = array.tolist()
        position = self._position
        for pick, single, table in self._lookups:
            keys = ((pick(row),) for row in rows) if single else map(pick, rows)
            for i, key in enumerate(keys):
                entries = table.get(key)
                if not entries:
                    continue
                row = rows[i]
                for number, excluded in entries:
                    if not any(row[position[attr]] in banned for attr, banned in excluded):
                        yield number, i, i + 1
        present = any(
            not values.isdisjoint(array[:, position[attr]].tolist())
            for attr, values in self._gates.items()
        )
        yield from self._matcher_matches(doc, gated=present)

    def _matcher_matches(self, doc: Doc, gated: bool) -> Iterator[tuple[int, int, int]]:
        for matcher in (self._free, self._gated) if gated else (self._free,):
            if len(matcher):
                for match_id, start, end in matcher(doc, allow_missing=True, as_spans=False):
                    yield int(self.vocab.strings[match_id]), start, end

    def __call__(self, doc: Doc) -> Doc:
        """Apply every rule, later rules overriding earlier ones (spaCy's order)."""
        for number, start, end in sorted(self._matches(doc)):
            # A one-token match needs no Span: its index is 0 or -1, the token itself.
            one = end - start == 1
            token = doc[start] if one else Span(doc, start, end)[self._indices[number]]
            set_token_attrs(token, self._attrs[number])
        return doc

    def to_bytes(self, exclude: Iterable[str] = SimpleFrozenList()) -> bytes:
        """Serialise the rules, so that a pickled or saved pipeline keeps them."""
        return bytes(srsly.msgpack_dumps(self._patterns))

    def from_bytes(
        self, data: bytes, exclude: Iterable[str] = SimpleFrozenList()
    ) -> FastAttributeRuler:
        """Load rules written by ``to_bytes``."""
        self.add_patterns(srsly.msgpack_loads(data))
        return self


@Language.factory("tri_attribute_ruler")
def make_fast_attribute_ruler(nlp: Language, name: str) -> FastAttributeRuler:
    """Factory so that spaCy can build, copy and serialise the component."""
    return FastAttributeRuler(nlp.vocab, name)


def speed_up_attribute_ruler(nlp: Language) -> None:
    """Replace a pipeline's stock ``attribute_ruler`` by the indexed one, rules unchanged."""
    if NAME not in nlp.pipe_names:
        return
    stock = nlp.get_pipe(NAME)
    if not isinstance(stock, AttributeRuler):
        return  # already replaced, or somebody's own component under that name
    patterns = stock.patterns
    fast = nlp.replace_pipe(NAME, "tri_attribute_ruler")
    assert isinstance(fast, FastAttributeRuler)
    fast.add_patterns(patterns)
