"""Who a quote's source phrase stands for.

A source phrase is a name ("Alex Plitsas"), a pronoun ("säger hon"), a role
noun pointing back ("fortsätter tjänstemannen", "the official said"), a
relative pronoun ("Trump, who said"), an anonymous description ("a senior
Kurdish official", "personer med insyn i diskussionerna") or an organisation
("the premier's media office"). Anonymous sources stay anonymous with their
description: forcing them onto a named entity would invent a fact.

The resolver walks the quotes in text order and remembers the speakers it has
seen, which is what lets "säger Plitsas" reuse "Alex Plitsas" and "the
official" inherit the outlet the official spoke to.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from spacy.tokens import Doc, Span

from triangulate.stages.factuality import Lexicon, doc_text, has_parse

#: Entity labels that name a person (the project NER and spaCy's stock labels).
PERSON_LABELS = frozenset({"PERSON", "PER"})
#: Entity labels that name an organisation or a government.
ORG_LABELS = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC"})

_NAME_TOKEN = re.compile(r"^(?:[a-z]{1,3}[-'’])?[A-ZÀ-ÖØ-Þ][\w'’.-]*$")
_SLUG = re.compile(r"[^\w]+")


@dataclass(slots=True)
class Speaker:
    """A resolved speaker; ``start``/``end`` locate the phrase as written in this quote."""

    name: str | None
    entity_id: str | None
    anonymous: bool
    description: str | None
    start: int | None
    end: int | None
    kind: str
    members: list[Speaker] = field(default_factory=list)
    told: Any = None

    def to_json(self) -> dict[str, Any]:
        """The speaker as it appears in a quote record of analysis.json."""
        out: dict[str, Any] = {
            "entity_id": self.entity_id,
            "name": self.name,
            "anonymous": self.anonymous,
            "description": self.description,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
        }
        if self.members:
            out["members"] = [m.to_json() for m in self.members]
        return out


@cache
def _kb_function(name: str) -> Callable[..., Any] | None:
    """A function of ``triangulate.kb`` (``lookup``, ``entity_id_for``), or None without a KB."""
    try:
        module = importlib.import_module("triangulate.kb")
    except ImportError:
        return None
    func = getattr(module, name, None)
    return func if callable(func) else None


def _id_of(found: Any) -> str | None:
    if found is None:
        return None
    if isinstance(found, str):
        return found or None
    if isinstance(found, dict):
        value = found.get("id") or found.get("entity_id")
        return str(value) if value else None
    value = getattr(found, "id", None) or getattr(found, "entity_id", None)
    return str(value) if value else None


def local_id(name: str) -> str:
    """A stable id for a name the knowledge base does not know (same name, same id)."""
    return "local:" + _SLUG.sub("-", name.casefold()).strip("-")


def _linked_ents(doc: Doc) -> list[tuple[int, int, str]]:
    """(start, end, entity id) of the entity stage's mentions, read once per Doc."""
    cached = doc.user_data.get("tri_linked_ents")
    if isinstance(cached, list):
        return cached
    out: list[tuple[int, int, str]] = []
    if Span.has_extension("entity_id"):
        for ent in doc.ents:
            if ent._.entity_id:
                out.append((ent.start_char, ent.end_char, str(ent._.entity_id)))
    doc.user_data["tri_linked_ents"] = out
    return out


def entity_ref(
    doc: Doc, start: int, end: int, name: str, lang: str, label: str = "PERSON"
) -> str | None:
    """The entity id of a name at ``[start, end)``: the entity stage's, the KB's or a local one."""
    for a, b, ent_id in _linked_ents(doc):
        if a >= start and b <= end:
            return ent_id
    if not name.strip():
        return None
    id_for = _kb_function("entity_id_for")
    lookup = _kb_function("lookup")
    try:
        # The KB's own id scheme keeps ids equal to those the entity stage gives.
        if id_for is not None:
            return str(id_for(name, label, lang))
        if lookup is not None:
            found = _id_of(lookup(name, lang))
            if found:
                return found
    except Exception:
        # A KB still being built must not break quote extraction.
        pass
    return local_id(name)


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[\w'’-]+", text.casefold()) if w]


def _same_word(a: str, b: str) -> bool:
    """Inflected forms of one noun: "official"/"officials", "tjänsteman"/"tjänstemannen"."""
    short, long = sorted((a, b), key=len)
    if short == long:
        return True
    if len(short) >= 5 and long.startswith(short):
        return True
    # Swedish plural stems change a vowel ("tjänsteman" / "tjänstemännen").
    return len(short) >= 9 and long[: len(short) - 3] == short[: len(short) - 3]


def looks_like_name(tokens: list[str]) -> bool:
    """True for a run of capitalised words ("Alex Plitsas", "al-Sudani")."""
    return bool(tokens) and all(_NAME_TOKEN.match(t) for t in tokens) and len(tokens) <= 5


class SpeakerResolver:
    """Resolves source phrases in text order, remembering the speakers seen so far."""

    def __init__(self, doc: Doc, lexicon: Lexicon, quoted: list[tuple[int, int]]) -> None:
        """Collect the person mentions outside quoted words (antecedents for pronouns)."""
        self.doc = doc
        self.lexicon = lexicon
        self.lang = lexicon.lang
        self.parsed = has_parse(doc)
        self.history: list[tuple[int, Speaker]] = []
        self._quoted = sorted(quoted)
        self.persons: list[tuple[int, int, str]] = []
        self.orgs: list[tuple[int, int, str]] = []
        for ent in doc.ents:
            if self._inside_quote(ent.start_char):
                continue
            if ent.label_ in PERSON_LABELS:
                self.persons.append((ent.start_char, ent.end_char, ent.text))
            elif ent.label_ in ORG_LABELS:
                self.orgs.append((ent.start_char, ent.end_char, ent.text))

    def _inside_quote(self, offset: int) -> bool:
        return any(a < offset < b for a, b in self._quoted)

    # -- entry point -------------------------------------------------------

    def resolve(self, start: int, end: int) -> Speaker:
        """The speaker for the source phrase ``doc_text(doc)[start:end]``."""
        start, end = self._trim(start, end)
        text = doc_text(self.doc)[start:end]
        speaker = self._resolve(start, end, text)
        self.history.append((start, speaker))
        if speaker.kind == "person" and speaker.name and speaker.start is not None:
            self.persons.append((start, end, speaker.name))
        return speaker

    def remember_told(self, speaker: Speaker, told: Any) -> None:
        """Keep the outlet a speaker talked to, for later role-noun references."""
        speaker.told = told

    # -- rules -------------------------------------------------------------

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        text = doc_text(self.doc)
        while start < end and (text[start].isspace() or text[start] in ',;:–—-"“”«»'):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in ',;:."“”«»'):
            end -= 1
        return start, end

    def _resolve(self, start: int, end: int, text: str) -> Speaker:
        lex = self.lexicon
        words = _words(text)
        if not words:
            return Speaker(None, None, False, None, None, None, "unknown")
        lower = text.casefold().strip()
        if lower in lex.pronouns:
            return self._pronoun(start, end, text, lex.pronouns[lower])
        if lower in lex.relatives:
            return self._relative(start, end, text)
        persons = self._persons_in(start, end)
        if len(persons) > 1:
            members = [self._named(a, b, n) for a, b, n in persons]
            name = "; ".join(m.name or "" for m in members)
            return Speaker(name, members[0].entity_id, False, text, start, end, "person", members)
        if persons:
            a, b, n = persons[0]
            named = self._named(a, b, n)
            named.start, named.end = start, end
            rest = text.replace(n, "").strip(" ,")
            named.description = rest or None
            return named
        if self._is_role_reference(words):
            found = self._antecedent(words, start)
            if found is not None:
                return replace(found, start=start, end=end, members=[])
        if self._is_anonymous(words, lower):
            return Speaker(None, None, True, text, start, end, "anonymous")
        tokens = text.split()
        if looks_like_name(tokens) and words[0] not in lex.determiners:
            return self._heuristic_name(start, end, text)
        orgs = [o for o in self.orgs if o[0] >= start and o[1] <= end]
        if orgs:
            a, b, n = orgs[0]
            kind = "statement" if self._is_statement(words) else "organisation"
            if b - a >= 0.6 * (end - start):
                ref = entity_ref(self.doc, a, b, n, self.lang, "ORG")
                return Speaker(n, ref, False, text, start, end, kind)
            return Speaker(text, None, False, text, start, end, kind)
        if any(w in lex.document_nouns for w in words[-2:]):
            return Speaker(text, None, False, text, start, end, "document")
        if self._is_statement(words):
            return Speaker(text, None, False, text, start, end, "statement")
        return Speaker(text, None, False, text, start, end, "other")

    def _persons_in(self, start: int, end: int) -> list[tuple[int, int, str]]:
        seen: dict[tuple[int, int], str] = {}
        for a, b, n in self.persons:
            if a >= start and b <= end:
                seen[(a, b)] = n
        return [(a, b, n) for (a, b), n in sorted(seen.items())]

    def _full_name(self, name: str, before: int) -> str:
        """An earlier, longer form of a name: "Plitsas" -> "Alex Plitsas"."""
        parts = name.split()
        for a, _b, n in reversed(self.persons):
            if a >= before:
                continue
            other = n.split()
            if len(other) > len(parts) and other[-len(parts) :] == parts:
                return n
        return name

    def _named(self, start: int, end: int, name: str) -> Speaker:
        full = self._full_name(name, start)
        return Speaker(
            full,
            entity_ref(self.doc, start, end, full, self.lang),
            False,
            None,
            start,
            end,
            "person",
        )

    def _heuristic_name(self, start: int, end: int, text: str) -> Speaker:
        from triangulate.stages.outlets import outlet_named

        outlet = outlet_named(text)
        if outlet:
            ref = entity_ref(self.doc, start, end, outlet[0], self.lang, "ORG")
            return Speaker(outlet[0], ref, False, None, start, end, "outlet")
        name = self._full_name(text, start)
        ref = entity_ref(self.doc, start, end, name, self.lang)
        # One capitalised word may be a sentence-initial noun ("Hamnen uppger"): a person
        # only when it shortens a known full name or is written with a first name.
        known = name != text or len(text.split()) > 1
        return Speaker(name, ref, False, None, start, end, "person" if known else "name")

    def _pronoun(self, start: int, end: int, text: str, number: str) -> Speaker:
        if number == "sg":
            earlier = [p for p in self.persons if p[1] <= start]
            if earlier:
                a, b, n = earlier[-1]
                out = self._named(a, b, n)
                out.start, out.end = start, end
                return out
        elif number == "org":
            earlier_orgs = [o for o in self.orgs if o[1] <= start]
            if earlier_orgs:
                a, b, n = earlier_orgs[-1]
                ref = entity_ref(self.doc, a, b, n, self.lang, "ORG")
                return Speaker(n, ref, False, None, start, end, "organisation")
        else:
            for _pos, seen in reversed(self.history):
                if seen.anonymous or seen.members or seen.kind == "organisation":
                    return replace(seen, start=start, end=end)
        return Speaker(text, None, False, None, start, end, "pronoun")

    def _relative(self, start: int, end: int, text: str) -> Speaker:
        """ "Trump, who said": the noun the relative clause hangs on."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is not None and self.parsed:
            token = span[0]
            clause = token.head
            if clause.dep_ in {"relcl", "acl:relcl", "acl"} and clause.head.i < token.i:
                noun = clause.head
                left = min(t.i for t in noun.subtree if t.i <= noun.i)
                phrase = self.doc[left : noun.i + 1]
                found = self._resolve(phrase.start_char, phrase.end_char, phrase.text)
                return replace(found, start=start, end=end)
        for a, b, n in reversed(self.persons):
            if b <= start and start - b < 4:
                out = self._named(a, b, n)
                out.start, out.end = start, end
                return out
        return Speaker(text, None, False, None, start, end, "pronoun")

    def _is_role_reference(self, words: list[str]) -> bool:
        lex = self.lexicon
        if words[0] in lex.definite_nouns:
            return True
        return words[0] in lex.definite_markers and any(w in lex.anonymous_nouns for w in words)

    def _antecedent(self, words: list[str], before: int) -> Speaker | None:
        lex = self.lexicon
        wanted = [w for w in words if w not in lex.determiners and w not in lex.definite_markers]
        if not wanted:
            return None
        for pos, seen in reversed(self.history):
            if pos >= before or not seen.anonymous or not seen.description:
                continue
            theirs = _words(seen.description)
            if all(any(_same_word(w, t) for t in theirs) for w in wanted):
                return seen
        return None

    def _is_anonymous(self, words: list[str], lower: str) -> bool:
        lex = self.lexicon
        if any(marker in lower for marker in lex.anonymous_markers):
            return True
        return any(w in lex.anonymous_nouns for w in words)

    def _is_statement(self, words: list[str]) -> bool:
        return any(w in self.lexicon.statement_words for w in words)
