"""Who the actors of an event are: entities, group descriptions and resolved pronouns.

Actors are entities from ``tri_entities`` (``span._.entity_id``,
``span._.actor_code``) or *group actors* built from a national or ethnic
adjective and a sector noun ("Iranian Kurdish militias" -> ``IRNREBkur``,
"kurdiska grupper" -> ``KUROPP``), so that a group no single entity names is
kept rather than dropped. :class:`ActorContext` holds one document's state
(entities by token, earlier mentions for pronouns, cached codes) so that the
parse coder and the fallback coder code actors the same way.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import replace
from functools import cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from triangulate.stages.event_lexicon import Lexicon, modern_code
from triangulate.stages.event_records import NON_STATE, Actor, Event, is_state
from triangulate.stages.event_syntax import (
    MODIFIERS,
    SUBJ,
    aimed_heads,
    is_plural,
    prep_objects,
    tree_depth,
)

#: Entity labels that can be an actor (CoNLL's PER/LOC/MISC and OntoNotes' alike).
ACTOR_LABELS = frozenset({"PERSON", "PER", "ORG", "GPE", "LOC", "NORP", "FAC", "MISC"})
#: Entity labels that can be where an event happened.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: How many tokens back a pronoun or bare group looks for what it stands for.
_MAX_SCAN_BACK = 120


#: Parts of speech that never name a country (skipped when looking for one).
_NO_ACTOR_POS = frozenset(
    {"ADP", "AUX", "CCONJ", "DET", "NUM", "PART", "PRON", "PUNCT", "SCONJ", "SYM", "VERB"}
)

#: Any word character: a token without one (punctuation) names no actor.
_WORD = re.compile(r"\w", re.UNICODE)


def without_genitive(text: str) -> str:
    """A name without its genitive ending: "Iraq's", "Iraq’s", Swedish "USA:s" -> the name."""
    return text.removesuffix("'s").removesuffix("’s").removesuffix(":s")


def span_ext(span: Span, name: str) -> Any:
    """A span extension's value, or None when no stage registered it (a bare pipeline)."""
    return getattr(span._, name) if Span.has_extension(name) else None


@cache
def _kb_hit(name: str, lang: str) -> tuple[str, str, str, bool] | None:
    """(code, kind, canonical name, exact) from the entity stage's knowledge base, if any.

    ``kind`` is ours: country, ethnic, igo or actor; ``exact`` says the name is
    one of the entry's aliases as written (the KB ignores case, so Swedish
    "finns", "there is", would otherwise be the Finns). Without the KB module
    (or on any KB error) events fall back to the lexicon's actor words.
    """
    try:
        from triangulate import kb
    except ImportError:
        return None
    try:
        entry = kb.lookup(name, lang)
    except Exception:  # a KB problem must not cost the article its events
        return None
    code = getattr(entry, "actor_code", None) if entry is not None else None
    if entry is None or not code:
        return None
    kb_kind = str(getattr(entry, "kind", "") or "")
    if kb_kind == "group":
        kind = "ethnic"
    elif str(code).startswith(("IGO", "NGO")):
        kind = "igo"
    elif kb_kind in ("country", "demonym", "capital"):
        kind = "country"
    else:
        kind = "actor"
    exact = name in tuple(getattr(entry, "aliases", ())) or name == getattr(entry, "name", None)
    return str(code), kind, str(getattr(entry, "name", name)), exact


def _sentences(doc: Doc) -> list[Span]:
    """The Doc's sentences; the whole Doc as one when nothing set boundaries."""
    if not len(doc):
        return []
    try:
        return list(doc.sents)
    except ValueError:
        return [doc[:]]


#: A wire dateline opening a text: "BOGOTA, March 14 (Reuters) - ", "BUFFALO, N.Y. (AP) -- ".
_DATELINE = re.compile(
    r"\A\s*[A-Z][A-Z.'\- ]{2,30}"
    r"(?:(?:,\s*[A-Z][A-Za-z.]{1,10}(?:\s+\d{1,2})?)*(?:,\s*\d{4})?\s*\([A-Za-z&.\- ]{1,30}\)"
    r"|,\s*[A-Z][a-z]{2,9}\.?\s+\d{1,2}(?:,\s*\d{4})?)"
    r"\s*(?:--|[-\u2013\u2014])\s+"
)


def dateline_end(text: str) -> int:
    """Where a wire dateline at the top of a text ends (0 when there is none).

    The city and agency of "BOGOTA, March 14 (Reuters) - Leftist guerrillas
    ambushed ..." say where and by whom the report was filed: neither is a
    side of what it reports (Reuters is no attacker, Bogota no target).
    """
    m = _DATELINE.match(text)
    return m.end() if m else 0


class ActorContext:
    """Per-document state: entities by token, group mentions, and earlier events."""

    def __init__(self, doc: Doc, lex: Lexicon) -> None:
        self.doc = doc
        # spaCy rebuilds doc.text from every token on each access: keep one copy.
        self.text = doc.text
        self.lex = lex
        self.lang = lex.lang
        self.ent_at: dict[int, Span] = {}
        # doc.ents and token.sent build new objects on every access: take them once.
        self.dateline_end = dateline_end(self.text)
        self.ents: list[Span] = [e for e in doc.ents if e.start_char >= self.dateline_end]
        self.sentences: list[Span] = _sentences(doc)
        self._sent_of: list[int] = [0] * len(doc)
        for n, sent in enumerate(self.sentences):
            for i in range(sent.start, sent.end):
                self._sent_of[i] = n
        self._depths: dict[int, int] = {}
        self._token_codes: dict[int, tuple[str, str] | None] = {}
        for ent in self.ents:
            if ent.label_ in ACTOR_LABELS:
                for i in range(ent.start, ent.end):
                    self.ent_at[i] = ent
        self.places = [e for e in self.ents if e.label_ in PLACE_LABELS]
        self.events: list[Event] = []
        self._mentions: list[tuple[int, str, Actor]] | None = None
        self._ent_mentions: list[tuple[int, str, Actor]] | None = None
        self._countries: dict[int, str | None] = {}
        self._mentions_upto = 0
        self.sector_nouns: list[int] = []
        self._groups: dict[int, list[Actor]] = {}
        self._entity_actors: dict[tuple[int, int], Actor] = {}
        self._code_cache: dict[tuple[str, str], str | None] = {}
        self._surface: dict[int, list[Actor]] = {}

    # -- codes -------------------------------------------------------------

    def entity_code(self, ent: Span) -> str | None:
        """The actor code of an entity: the entity stage's, the KB's, or our fallback words."""
        code = span_ext(ent, "actor_code")
        if code:
            return modern_code(str(code))
        key = (ent.text, ent.label_)
        if key in self._code_cache:
            return self._code_cache[key]
        kb_hit = _kb_hit(ent.text, self.lang)
        found = kb_hit[0] if kb_hit else None
        if not found:
            text = ent.text
            for prefix in ("the ", "The "):
                if text.startswith(prefix):
                    text = text[len(prefix) :]
            hit = self.lex.actor(text) or self.lex.actor(without_genitive(text).removesuffix("s"))
            if hit and hit[1] != "sector":
                found = hit[0]
        if not found and ent.label_ not in ("NORP", "MISC"):
            # Office holders and places; a people or faith ("Christian") is neither, though
            # the dictionaries list some officials by a given name alone.
            found = self.lex.named_code(ent.text)
        if not found:
            found = self._words_code(ent)
        if found:
            found = modern_code(found)
        self._code_cache[key] = found
        return found

    def _words_code(self, ent: Span) -> str | None:
        # "Iraq's foreign ministry", "Irans revolutionsgarde": a country word plus a sector word.
        country: str | None = None
        sector: str | None = None
        for token in ent:
            hit = self.lex.actor(token.text) or self.lex.actor(without_genitive(token.text))
            if hit and hit[1] in ("country", "igo", "ngo", "ethnic") and country is None:
                country = hit[0]
            sec = self.lex.sector(token.text)
            if sec and sector is None:
                sector = sec
        if country:
            return country + (sector or "")
        return None

    def sent(self, token: Token) -> Span:
        """The sentence a token is in (precomputed; ``token.sent`` rescans the Doc)."""
        if not self.sentences:
            return token.doc[:]
        return self.sentences[self._sent_of[token.i]]

    def surface_actors(self, sent: Span) -> list[Actor]:
        """``read_surface_actors`` of a sentence, computed once (several events may ask)."""
        found = self._surface.get(sent.start)
        if found is None:
            found = self._surface[sent.start] = read_surface_actors(sent, self)
        return found

    def sent_ents(self, sent: Span) -> list[Span]:
        """The entities inside a sentence."""
        return [e for e in self.ents if sent.start <= e.start and e.end <= sent.end]

    def depth(self, token: Token) -> int:
        """How far a token is below its sentence root (cached)."""
        depth = self._depths.get(token.i)
        if depth is None:
            depth = self._depths[token.i] = tree_depth(token)
        return depth

    def token_code(self, token: Token) -> tuple[str, str] | None:
        """(code, kind) of a single modifier word (cached per token)."""
        if token.i not in self._token_codes:
            self._token_codes[token.i] = self._token_code(token)
        return self._token_codes[token.i]

    def _token_code(self, token: Token) -> tuple[str, str] | None:
        """(code, kind) of a single modifier word: a country, ethnic group or organisation."""
        if token.idx < self.dateline_end:
            return None
        ent = self.ent_at.get(token.i)
        if ent is not None and ent.label_ in ("GPE", "NORP", "ORG", "LOC"):
            code = self.entity_code(ent)
            if code:
                hit = _kb_hit(ent.text, self.lang) or self.lex.actor(ent.text)
                kind = hit[1] if hit else "country"
                return code, "country" if kind == "actor" else kind
        text = without_genitive(token.text)
        if not _WORD.search(text):
            return None
        if text.endswith("-led"):
            # "Vietnamese-led forces" are that country's; "Iranian-backed" ones are not.
            text = text[: -len("-led")]
        kb_hit = _kb_hit(text, self.lang)
        if kb_hit and kb_hit[1] != "actor" and (kb_hit[3] or text[:1].isupper()):
            return modern_code(kb_hit[0]), kb_hit[1]
        hit = self.lex.actor(text)
        if hit and hit[1] != "sector":
            return hit
        return None

    # -- mentions (for pronouns and bare groups) ------------------------------

    def mentions(self) -> list[tuple[int, str, Actor]]:
        """(token index, kind, actor) of every actor mention, in text order."""
        # Group nouns are collected as the sentences are read (``note_token``), so the
        # list grows; pronouns and bare groups only ever look back.
        if self._mentions is not None and self._mentions_upto == len(self.sector_nouns):
            return self._mentions
        if self._ent_mentions is None:
            # The named mentions never change: collect them once per document.
            named: list[tuple[int, str, Actor]] = []
            for ent in self.ents:
                if ent.label_ not in ACTOR_LABELS:
                    continue
                if ent.label_ == "LOC" and not is_state(self.entity_code(ent)):
                    # A place is no antecedent ("the region ... its"), but a country
                    # the NER calls LOC (CoNLL has no GPE) is: "urged Turkey to halt its".
                    continue
                kind = "person" if ent.label_ in ("PERSON", "PER") else "thing"
                if ent.label_ == "NORP" and ent.text.lower().endswith("s"):
                    kind = "plural"
                named.append((ent.end - 1, kind, self.entity_actor(ent)))
            self._ent_mentions = named
        out: list[tuple[int, str, Actor]] = list(self._ent_mentions)
        seen = self.ent_at
        for i in self.sector_nouns:
            if i in seen:
                continue
            token = self.doc[i]
            if i not in self._groups:
                groups = self.group_actors(token, inherit=False)
                root = None if all(a.code for a in groups) else self._sentence_country(token)
                for actor in groups:
                    if not actor.code and root:
                        # "militants ... in Iraq", later "they": the sentence's one country.
                        sector = self.lex.sector(token.text) or self.lex.sector(token.lemma_)
                        actor.code = root + (sector or "")
                self._groups[i] = [a for a in groups if a.code]
            kind = "plural" if is_plural(token) else "thing"
            out.extend((i, kind, actor) for actor in self._groups[i])
        out.sort(key=lambda item: item[0])
        self._mentions = out
        self._mentions_upto = len(self.sector_nouns)
        return out

    def note_token(self, token: Token) -> None:
        """Remember a group noun ("militias", "styrkor") for later pronouns and bare groups."""
        if token.pos_ not in ("NOUN", "PROPN") or token.i in self.ent_at:
            return
        if self.lex.sector(token.text) or self.lex.sector(token.lemma_):
            self.sector_nouns.append(token.i)

    def resolve_pronoun(self, token: Token) -> Actor | None:
        """The antecedent of a pronoun: the nearest earlier mention of the right kind."""
        low = token.lower_
        cues = self.lex.cues
        if low in cues.get("pronouns_plural", frozenset()):
            wanted = ("plural",)
        elif low in cues.get("pronouns_person", frozenset()):
            wanted = ("person",)
        elif low in cues.get("pronouns_thing", frozenset()):
            wanted = ("thing",)
        else:
            return None
        own = _clause_subjects(token) | _addressees(token)
        for index, kind, actor in reversed(self.mentions()):
            if index >= token.i:
                continue
            if token.i - index > _MAX_SCAN_BACK:
                break
            if kind in wanted and index not in own:
                return as_pronoun(actor, token)
        return None

    def inherit_group(self, token: Token, sector: str) -> str | None:
        """A bare group noun ("the militias") takes its nation from the last such group."""
        for index, _kind, actor in reversed(self.mentions()):
            if index >= token.i:
                continue
            if token.i - index > _MAX_SCAN_BACK * 3:
                break
            code = actor.code or ""
            # Armed and opposition groups are one family: "the groups" after "armed Kurdish groups".
            family = ("REB", "OPP") if sector in ("REB", "OPP") else (sector,)
            hit = next((f for f in family if f in code), None)
            if actor.kind == "group" and hit is not None and len(code) > len(hit):
                return code
        return None

    # -- actors from tokens ----------------------------------------------------

    def entity_actor(self, ent: Span) -> Actor:
        """An actor for a named entity (a fresh copy of the cached one)."""
        key = (ent.start, ent.end)
        if key not in self._entity_actors:
            self._entity_actors[key] = self._entity_actor(ent)
        return replace(self._entity_actors[key])

    def _entity_actor(self, ent: Span) -> Actor:
        entity_id = span_ext(ent, "entity_id")
        name = ent.text
        index = self.doc._.entity_index if Doc.has_extension("entity_index") else None
        if entity_id and isinstance(index, dict) and isinstance(index.get(entity_id), dict):
            name = str(index[entity_id].get("name") or name)
        code = self.entity_code(ent)
        home = self._of_country(ent.root) if ent.label_ in ("PERSON", "PER") else None
        if home is not None and (code or "")[:3] != home:
            # "King Hassan of Morocco": the country the text names beats a
            # dictionary's guess for the name (a King Hassan ruled Jordan too).
            code = home + (code or "")[3:]
        office = self._office_of(ent) if ent.label_ in ("PERSON", "PER") else None
        if office is not None:
            # "UN Secretary-General Antonio Guterres" speaks for the UN, not for Portugal.
            code = office
        return Actor(
            name,
            code,
            str(entity_id) if entity_id else None,
            ent.start_char,
            ent.end_char,
            ent.text,
            "entity",
            # "Albanians" tagged MISC by a WikiNER-style model is a people all the same.
            ent.label_ == "NORP" or ent.root.tag_ in ("NNS", "NNPS"),
        )

    def _office_of(self, ent: Span) -> str | None:
        """The international body whose office a named person holds, when the title
        right before the name says so ("UN Secretary-General ...", "FN:s generalsekreterare
        ...", "NATO chief ..."): up to four words back, no verb or punctuation between."""
        for i in range(ent.start - 1, max(ent.sent.start, ent.start - 5) - 1, -1):
            word = self.doc[i]
            if (word.is_punct and word.text not in ("-", "'s", "’s")) or word.pos_ in (
                "VERB",
                "AUX",
            ):
                return None
            hit = self.token_code(word)
            if hit is not None:
                return hit[0] if hit[0][:3] in ("IGO", "NGO") else None
        return None

    def modifier_actors(self, token: Token) -> list[Actor]:
        """Actors named by a modifier word and its conjuncts ("U.S. and Israeli")."""
        out = []
        for word in [token, *token.conjuncts]:
            hit = self.token_code(word)
            if hit is None:
                continue
            ent = self.ent_at.get(word.i)
            if ent is not None:
                out.append(self.entity_actor(ent))
            else:
                end = word.idx + len(word)
                out.append(Actor(word.text, hit[0], None, word.idx, end, word.text, "entity"))
        return out

    def group_actors(self, head: Token, inherit: bool = True) -> list[Actor]:
        """Group actors for a noun phrase headed by ``head`` ("U.S. and Israeli forces")."""
        sector = self.lex.sector(head.text) or self.lex.sector(head.lemma_)
        coded: list[Token] = []
        sector_mods: list[Token] = []
        left = [c for c in head.children if c.i < head.i]
        # French puts the adjective after its noun ("son homologue indien", "des avions
        # israéliens"): an adjective to the right counts as one to the left would.
        left += [c for c in head.children if c.i > head.i and c.dep_ == "amod"]
        # An adjective may hang on the adjective next to it ("iranska militära mål").
        left += [g for c in left if c.dep_ == "amod" for g in c.children if g.dep_ == "amod"]
        # "Vietnamese-led forces" split into three tokens: the leader's word hangs on "led".
        left += [g for c in left if c.lower_ == "led" for g in c.children if g.i < c.i]
        for child in sorted(left, key=lambda t: t.i):
            if child.dep_ not in MODIFIERS and child.dep_ != "det":
                continue
            if self.token_code(child):
                coded.append(child)
            elif self.lex.sector(child.text) or self.lex.sector(child.lemma_):
                sector_mods.append(child)
        # A sector modifier ("opposition groups", "security forces") decides over a generic head.
        phrase = self.lex.sector(f"{sector_mods[-1].text} {head.text}") if sector_mods else None
        if phrase:
            sector = phrase  # "armed forces" are the military, though "armed" alone is REB
        elif sector_mods:
            mod = sector_mods[-1]
            qualifier = self.lex.sector(mod.text) or self.lex.sector(mod.lemma_)
            # "opposition forces", "rebel soldiers": who they are beats what they are.
            if sector in (None, "OPP", "ELI", "CVL") or qualifier in ("REB", "OPP"):
                sector = qualifier or sector
        if not coded:
            # Only a sector noun itself makes a bare group ("the militias"): "military
            # aid" is no actor.
            if sector is None or not (self.lex.sector(head.text) or self.lex.sector(head.lemma_)):
                return []
            # "could not verify the figures": a word that names people only when qualified
            # ("opposition figures", "senior figures") is no group on its own.
            if head.lower_ in self.lex.cues.get("qualified_sectors", frozenset()) and not any(
                c.dep_ in MODIFIERS for c in head.children
            ):
                return []
            # "rebels in the Ivory Coast", "the Albanians of southern Serbia".
            for prep, obj in prep_objects(head):
                if prep in ("in", "of", "from", "i", "från") and self.token_code(obj):
                    return [self._group(head, [obj], sector, None, head.i)]
            # Only armed and opposition groups are resolved from context: "the regime"
            # or "officials" too often mean another country than the last one named.
            code = (
                self.inherit_group(head, sector) if inherit and sector in ("REB", "OPP") else None
            )
            if code is None and inherit:
                # "Angry activists ... in the Gaza Strip": the one country the sentence
                # names, though not the one their act is aimed at ("rebels fired at Israel").
                aimed = aimed_heads(head.head) if head.dep_ in SUBJ else set()
                root = self._sentence_country(head, aimed or None)
                code = root + sector if root else None
            return [self._group(head, [], sector, code, head.i)]
        # Coordinated modifiers ("U.S. and Israeli forces") make one actor each.
        alternatives: list[list[Token]] = []
        shared: list[Token] = []
        for mod in coded:
            members = [mod, *[c for c in mod.conjuncts if self.token_code(c)]]
            if len(members) > 1:
                alternatives.append(members)
            else:
                shared.append(mod)
        groups = [[*shared, m] for m in alternatives[0]] if alternatives else [shared]
        return [self._group(head, mods, sector, None, head.i) for mods in groups]

    def _of_country(self, head: Token) -> str | None:
        """The country of an "of" phrase on a person's name ("King Hassan of Morocco")."""
        for prep, obj in prep_objects(head):
            if prep in ("of", "av"):
                hit = self.token_code(obj)
                if hit is not None and hit[1] == "country" and hit[0][:3] not in NON_STATE:
                    return hit[0][:3]
        return None

    def _name_of(self, token: Token) -> list[Token]:
        ent = self.ent_at.get(token.i)
        return list(ent) if ent is not None and token.i == ent.end - 1 else [token]

    def _context_code(self, ent: Span, sector: str | None) -> str | None:
        """A person or body with no code of its own belongs to the nearest country named.

        Most reports of a named official are domestic ("Judge X opened investigations
        against 28 Chilean officials"); a guess, so only when the KB knows nothing.
        """
        root = self._sentence_country(ent[0], range(ent.start, ent.end))
        return root + (sector or "") if root else None

    def context_actors(self, noun: Token) -> list[Actor]:
        """A codeless noun ("prisoners", "a terror group") as an actor of the sentence's country."""
        if noun.pos_ not in ("NOUN", "PROPN") or noun.i in self.ent_at:
            return []
        root = self._sentence_country(noun) or self.located_root(self.sent(noun), range(0))
        if root is None:
            return []
        end = noun.idx + len(noun)
        sector = self.lex.sector(noun.text) or self.lex.sector(noun.lemma_) or ""
        # "implicit": the noun is in the clause, its country only in the sentence.
        return [
            Actor(
                noun.text,
                root + sector,
                None,
                noun.idx,
                end,
                noun.text,
                "implicit",
                is_plural(noun),
            )
        ]

    def people_word(self, token: Token) -> bool:
        """Whether a word names a people ("Albanians", "Kurds"), not a country ("Philippines")."""
        if not is_plural(token) or token.ent_type_ in ("GPE", "LOC", "ORG"):
            return False
        hit = _kb_hit(token.text, self.lang)
        if hit is not None:
            return hit[1] == "ethnic" or (hit[1] == "country" and hit[2] != token.text)
        word = self.lex.actor(token.text) or self.lex.actor(token.text.removesuffix("s"))
        return word is not None and word[1] in ("country", "ethnic")

    def located_root(self, sent: Span, skip: range) -> str | None:
        """The one country a sentence places its events in ("in southern Serbia", "near Gaza")."""
        preps = self.lex.cues.get("place_preps", frozenset())
        roots: set[str] = set()
        for ent in self.places:
            if ent.start < sent.start or ent.end > sent.end or ent.start in skip:
                continue
            window = [t.lower_ for t in self.doc[max(ent.start - 3, sent.start) : ent.start]]
            if not any(w in preps for w in window):
                continue
            hit = self.token_code(ent[-1]) or self.token_code(ent[0])
            if hit and hit[1] == "country" and hit[0][:3] not in NON_STATE:
                roots.add(hit[0][:3])
        return roots.pop() if len(roots) == 1 else None

    def located_people(self, actor: Actor, head: Token, ethnic: str) -> Actor:
        """A people named where they live ("ethnic Albanians in southern Serbia") is coded there.

        Event data code a people by the country an event places them in, with the
        people as a qualifier (``SRBalb``); elsewhere the people's own code stays.
        """
        sent = self.sent(head)
        lo = head.left_edge.i
        root = self.located_root(sent, range(lo, head.i + 1))
        if root is None or root == ethnic[:3]:
            return actor
        actor.code = root + (actor.code or "")[3:6] + ethnic[:3].lower()
        return actor

    def _sentence_country(self, token: Token, skip: Container[int] | None = None) -> str | None:
        """The one country a sentence names, if it names exactly one."""
        if skip is None:
            key = self._sent_of[token.i] if self.sentences else 0
            if key not in self._countries:
                self._countries[key] = self._one_country(token, None)
            return self._countries[key]
        return self._one_country(token, skip)

    def _one_country(self, token: Token, skip: Container[int] | None) -> str | None:
        roots: set[str] = set()
        for word in self.sent(token):
            if (skip is not None and word.i in skip) or word.pos_ in _NO_ACTOR_POS:
                continue
            hit = self.token_code(word)
            if hit and hit[1] == "country" and hit[0][:3] not in NON_STATE:
                roots.add(hit[0][:3])
        # With two countries in the sentence the guess is a coin toss: none.
        return roots.pop() if len(roots) == 1 else None

    def _group(
        self, head: Token, mods: list[Token], sector: str | None, inherited: str | None, _i: int
    ) -> Actor:
        root: str | None = None
        ethnic: str | None = None
        for mod in [*mods, head]:
            hit = self.token_code(mod)
            if not hit:
                continue
            code, kind = hit
            if kind == "ethnic":
                ethnic = ethnic or code
            elif root is None:
                root = code
        if root and ethnic:
            code_str: str | None = root[:3] + (sector or root[3:]) + ethnic[:3].lower()
        elif root:
            code_str = root[:3] + (sector or root[3:])
        elif ethnic:
            # "Tamil refugees" in a sentence about Sri Lanka alone are Sri Lanka's (the
            # country's code with the people's, as for "Albanians in southern Serbia").
            country = self._sentence_country(head)
            if country and country != ethnic[:3]:
                code_str = country + (sector or "") + ethnic[:3].lower()
            else:
                code_str = ethnic[:3] + (sector or "")
        else:
            code_str = inherited
        words = sorted([*mods, head], key=lambda t: t.i)
        modifiers = [
            t
            for t in head.children
            if t.i < head.i and t.dep_ in ("amod", "compound") and t not in words and not t.like_num
        ]
        words = sorted(
            [*words, *[m for m in modifiers if self.lex.sector(m.text)]], key=lambda t: t.i
        )
        # A modifier inside a name stands for the whole name ("Security Council resolution").
        words = sorted(
            {w.i: w for t in words for w in (self._name_of(t) if t != head else [t])}.values(),
            key=lambda t: t.i,
        )
        name = " ".join(t.text.removesuffix("'s") if t != head else t.text for t in words)
        left = min(t.idx for t in words)
        right = head.idx + len(head)
        return Actor(
            name,
            code_str,
            None,
            left,
            right,
            self.text[left:right],
            "group",
            is_plural(head),
        )

    def np_actors(self, token: Token, depth: int = 0) -> list[Actor]:
        """Every actor a noun phrase refers to, through coordination, "of" phrases and pronouns."""
        out: list[Actor] = []
        for head in [token, *token.conjuncts]:
            out.extend(self._head_actors(head, depth))
        unique: dict[tuple[int, int], Actor] = {}
        for actor in out:
            unique.setdefault((actor.start, actor.end), actor)
        return list(unique.values())

    def _head_actors(self, head: Token, depth: int) -> list[Actor]:
        if head.pos_ == "PRON" or head.lower_ in self.lex.cues.get("pronouns_plural", frozenset()):
            actor = self.resolve_pronoun(head)
            return [actor] if actor else []
        ent = self.ent_at.get(head.i)
        if (ent is not None and ent.label_ != "LOC") or (ent is not None and self.entity_code(ent)):
            assert ent is not None
            actor = self.entity_actor(ent)
            if actor.code is None:
                # "U.S. President Donald Trump": title words give the code the entity lacks.
                modifiers = [self.doc[i] for i in range(max(ent.start - 3, 0), ent.start)]
                country = next((h for m in modifiers if (h := self.token_code(m))), None)
                sector = next((s for m in modifiers if (s := self.lex.sector(m.text))), None)
                if country:
                    actor.code = country[0][:3] + (sector or "")
                elif ent.label_ in ("PERSON", "PER", "ORG"):
                    actor.code = self._context_code(ent, sector)
            if ent.label_ == "NORP" and ent.end - 1 == head.i and head.dep_ in MODIFIERS:
                return []
            if ent.label_ == "NORP" and ent.start == head.i:
                # "Iraqi Kurds": a people qualified by a country is a group of that country.
                groups = self.group_actors(head, inherit=False)
                if groups and groups[0].code and groups[0].code != actor.code:
                    return groups
            if ent.end - 1 == head.i and actor.code and self.people_word(head):
                return [self.located_people(actor, head, actor.code)]
            return [actor]
        groups = self.group_actors(head)
        if groups:
            return groups
        own = self.token_code(head)
        if own is not None and (head.text[:1].isupper() or is_plural(head)):
            # A country or people named without an entity span (no NER in the pipeline).
            end = head.idx + len(head)
            return [
                Actor(head.text, own[0], None, head.idx, end, head.text, "entity", is_plural(head))
            ]
        for child in head.children:
            if child.dep_ != "compound" or child.i > head.i:
                continue
            # "a Security Council resolution" parsed as a compound chain: the name inside.
            named = [self.ent_at[t.i] for t in child.subtree if t.i in self.ent_at]
            coded = [e for e in named if e.label_ in ("ORG", "GPE", "NORP") and self.entity_code(e)]
            if coded:
                return [self.entity_actor(coded[-1])]
            # "al-Qaeda terror network": a name the tagger missed, written as a compound.
            if child.i not in self.ent_at:
                name = self.doc[child.left_edge.i : child.i + 1]
                hit = _kb_hit(name.text, self.lang) if name.text[:1].isalpha() else None
                if hit and any(c.isupper() for c in name.text):
                    code = modern_code(hit[0])
                    start, end = name.start_char, head.idx + len(head)
                    text = self.text[start:end]
                    return [Actor(hit[2], code, None, start, end, text, "group", is_plural(head))]
        if depth < 2:
            # "welcomed Reagan's statement", "rejected Iran's proposal": the owner.
            for child in head.children:
                if child.dep_ in ("poss", "nmod:poss") and child.pos_ != "PRON":
                    found = self.np_actors(child, depth + 1)
                    if found:
                        return found
            # "the facilities of Iraq's autonomous region", "parts of western Iran".
            owners = self.lex.cues.get("owner_preps", frozenset()) | {"of", "for"}
            if is_plural(head) or self.lex.sector(head.text):
                # "delegates from Ethiopia", "a diplomat from Chile": people are their country's.
                owners = owners | {"from"}
            for prep, obj in prep_objects(head):
                if prep in owners:
                    found = self.np_actors(obj, depth + 1)
                    if found:
                        return found
        if ent is not None:
            actor = self.entity_actor(ent)
            if actor.code is None and head.left_edge.i < ent.start:
                # "Kenyan President Moi" with "Moi" taken for a place: the country and
                # title words of its own noun phrase still say whose official it is.
                modifiers = [self.doc[i] for i in range(head.left_edge.i, ent.start)]
                country = next((h for m in modifiers if (h := self.token_code(m))), None)
                sector = next((s for m in modifiers if (s := self.lex.sector(m.text))), None)
                if country and sector:
                    actor.code = country[0][:3] + sector
            return [actor]
        return []


def _clause_subjects(pronoun: Token) -> set[int]:
    """Token indices of the subject of the clause a non-subject pronoun sits in.

    "Beijing rejected the report, calling it biased": a plain pronoun object
    never stands for its own clause's subject (that would be "itself"), so
    "it" is the report, not Beijing. A participle or infinitive without a
    subject of its own takes the one of the verb it hangs on.
    """
    if pronoun.dep_ in ("nsubj", "nsubjpass", "nsubj:pass", "poss", "nmod:poss"):
        return set()
    verb = pronoun.head
    if verb.dep_ in ("prep", "case") or verb.pos_ == "ADP":
        verb = verb.head
    for _ in range(3):
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass", "nsubjpass")]
        if subjects:
            return {i for s in subjects for i in range(s.left_edge.i, s.right_edge.i + 1)}
        if verb.dep_ not in ("advcl", "xcomp", "conj") or verb.head is verb:
            break
        verb = verb.head
    return set()


def _addressees(pronoun: Token) -> set[int]:
    """Token indices of whom a report is told to, for the subject pronoun of what is told.

    "North Korea told the United States it was willing to return to talks":
    "it" is the teller; the one told would be "you" in the words reported.
    """
    if pronoun.dep_ not in ("nsubj", "nsubjpass", "nsubj:pass") or pronoun.head.dep_ != "ccomp":
        return set()
    verb = pronoun.head.head
    return {
        i
        for c in verb.children
        if c.dep_ in ("dobj", "obj", "dative", "iobj") and c.i < pronoun.i
        for i in range(c.left_edge.i, c.right_edge.i + 1)
    }


def _people_noun(word: Token, ctx: ActorContext) -> bool:
    """A people named by a noun ("israeler"), not a nationality adjective ("amerikanska").

    Swedish tags and morphology call both plural; the adjective's -sk ending tells.
    """
    if ctx.lang == "sv" and word.lower_.endswith(("sk", "ska", "skt", "ske")):
        return False
    return ctx.people_word(word)


def _genitive_owner(found: list[Actor], token: Token, ctx: ActorContext) -> Actor | None:
    """The coded country right before ``token`` in the genitive ("USA:s", "Irans"), if any."""
    if token.i == 0:
        return None
    before = token.doc[token.i - 1]
    if not before.text.endswith(("s", ":s", "'s")):
        return None
    return next(
        (a for a in found if a.end == before.idx + len(before) and a.code and is_state(a.code)),
        None,
    )


def read_surface_actors(sent: Span, ctx: ActorContext) -> list[Actor]:
    """Entities plus runs of nationality and sector words ("kurdiska grupper"), without a parse."""
    stop = ctx.lex.cues.get("stopwords", frozenset())
    out: list[Actor] = []
    taken: set[int] = set()
    for ent in ctx.sent_ents(sent):
        if ent.label_ in ACTOR_LABELS and ent.label_ != "NORP":
            out.append(ctx.entity_actor(ent))
            taken.update(range(ent.start, ent.end))
    tokens = [t for t in sent]
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.i in taken:
            i += 1
            continue
        run: list[tuple[Token, tuple[str, str] | None, str | None]] = []
        j = i
        while j < len(tokens) and tokens[j].i not in taken:
            word = tokens[j]
            nation = ctx.token_code(word)
            sector = None if nation else ctx.lex.sector(word.text)
            if nation is None and sector is None:
                break
            run.append((word, nation, sector))
            j += 1
        if not run:
            i += 1
            continue
        nations = [n for _, n, _ in run if n]
        sectors = [s for _, _, s in run if s]
        last = run[-1][0]
        # "kurdiska mål": a nationality adjective before an ordinary noun still names a group.
        if nations and not sectors and j < len(tokens) and not _people_noun(run[-1][0], ctx):
            # ("israeler demonstrerade": a people noun takes no noun after it.)
            nxt = tokens[j]
            if (
                nxt.text[:1].islower()
                and nxt.lower_ not in stop
                and _WORD.search(nxt.text)
                and len(nxt) > 2
            ):
                last = nxt
                j += 1
        if len(run) == 1 and not sectors and last == run[0][0]:
            word = run[0][0]
            # A lone nationality adjective ("iranska") is no actor; a proper name ("Israel") is.
            if not (
                word.text[:1].isupper() or (nations and nations[0][1] == "igo")
            ) and not is_plural(word):
                i = j
                continue
        root = next((c for c, k in nations if k != "ethnic"), None)
        ethnic = next((c for c, k in nations if k == "ethnic"), None)
        sector = sectors[-1] if sectors else None
        if root and ethnic:
            code: str | None = root[:3] + (sector or root[3:]) + ethnic[:3].lower()
        elif root:
            code = root[:3] + (sector or root[3:])
        elif ethnic:
            code = ethnic[:3] + (sector or "")
        else:
            code = None
        start, end = token.idx, last.idx + len(last)
        owner = _genitive_owner(out, token, ctx) if code is None and sector else None
        if owner is not None:
            # "USA:s utrikesdepartement", "Irans revolutionsgarde": the owner's office.
            out.remove(owner)
            start, code = owner.start, (owner.code or "")[:3] + (sector or "")
        text = ctx.text[start:end]
        kind = "group" if sectors or len(run) > 1 or last != run[-1][0] else "entity"
        out.append(Actor(text, code, None, start, end, text, kind, is_plural(last)))
        taken.update(range(token.i, last.i + 1))
        i = j
    # Nationality entities the runs did not absorb ("Kurds") count too.
    for ent in ctx.sent_ents(sent):
        absorbed = any(a.start <= ent.start_char < a.end for a in out)
        if ent.label_ == "NORP" and not absorbed and is_plural(ent[-1]):
            out.append(ctx.entity_actor(ent))
    out.sort(key=lambda a: a.start)
    return out


def after_prep(
    actor: Actor,
    text: str,
    cues: dict[str, frozenset[str]],
    any_prep: bool = False,
    source_only: bool = False,
) -> bool:
    """True when a preposition stands right before the actor ("i Irak", "enligt källor")."""
    words = text[max(actor.start - 20, 0) : actor.start].split()
    if not words:
        return False
    word = words[-1].lower()
    if source_only:
        return word in cues.get("source_preps", frozenset())
    preps = cues.get("place_preps", frozenset())
    if any_prep:
        preps = preps | cues.get("target_preps", frozenset()) | cues.get("topic_preps", frozenset())
        preps = preps | cues.get("source_preps", frozenset()) | cues.get("speech", frozenset())
    return word in preps


def left_actors(before: list[Actor], text: str) -> list[Actor]:
    """The actor nearest before a trigger, with those coordinated to it: the surface source."""
    if not before:
        return []
    # The nearest actor, with the ones coordinated to it ("X och Y", "X and Y").
    chosen = [before[-1]]
    for actor in reversed(before[:-1]):
        between = text[actor.end : chosen[0].start].strip().lower()
        if between in (",", "and", "och", "og", "und", "et", "y", "e", "en", "eller", "or"):
            chosen.insert(0, actor)
        else:
            break
    return chosen


def as_pronoun(actor: Actor, token: Token) -> Actor:
    """``actor`` as named by the pronoun ``token``: its identity, the pronoun's span."""
    return replace(
        actor,
        start=token.idx,
        end=token.idx + len(token),
        text=token.text,
        kind="pronoun",
        plural=False,
        refers=(actor.start, actor.end),
    )
