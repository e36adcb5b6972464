"""Event coding: who did what to whom, in the PLOVER ontology, with mode, place and date.

Two coders share one lexicon per language (``data/events/<lang>/``):

* **parse** (a dependency parse is present): a verb trigger takes its
  subject as source and its object or prepositional object as target; passive
  voice swaps them ("was attacked by militiamen"), coordination multiplies
  the actors ("the US and Israel struck"), an infinitive or clause below a
  trigger inherits the actors it lacks ("asked X not to block", "Israel has
  been bombing ... to support militias"), a noun trigger ("strikes on Iranian
  targets", "the consultations") takes its actors from possessives, national
  adjectives, prepositions or the light verb above it ("continue strikes"; a
  verb that is an act of its own keeps its subject: "condemned the attack"),
  and a definite nominal event with no actors of its own repeats the actors
  of the last event of its type. An event inside reported speech keeps the
  speaker in ``reported_by``; a reported event with no subject of its own is
  attributed to the speaker. A sentence whose main act no actor does ("riots
  broke out in Baghdad") still gets that one event, with empty sides, when it
  names a coded actor.
* **fallback** (no parser, e.g. Swedish on a blank pipeline): trigger phrases
  matched on the surface, the nearest actor before the trigger as source and
  the nearest after it as target, mode from cue words in a short window. It is
  weaker and every event it makes says ``"method": "fallback"``. A language
  switches to the parse coder by itself as soon as its pipeline has a parser.

Actors are entities from ``tri_entities`` (``span._.entity_id``,
``span._.actor_code``) or *group actors* built from a national or ethnic
adjective and a sector noun ("Iranian Kurdish militias" -> ``IRNREBkur``,
"kurdiska grupper" -> ``KUROPP``), so that a group no single entity names
is kept rather than dropped. Dates come from ``tri_timex`` and factuality
from ``tri_factuality`` when those stages exist.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from triangulate.sections import Record, article_section
from triangulate.stages.event_mode import is_negated, is_refusal, parsed_mode, window_mode

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "events"

#: PLOVER 2021 event types (INVESTIGATE of the 2016 draft is folded into ACCUSE).
EVENT_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "COOPERATE",
    "AID",
    "CONCEDE",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "MOBILIZE",
    "SANCTION",
    "COERCE",
    "ASSAULT",
)

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)

_ACTOR_LABELS = frozenset({"PERSON", "PER", "ORG", "GPE", "LOC", "NORP", "FAC", "MISC"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_SUBJ = frozenset({"nsubj"})
_PASS_SUBJ = frozenset({"nsubjpass", "nsubj:pass"})
_OBJ = frozenset({"dobj", "obj"})
_IOBJ = frozenset({"dative", "iobj"})
_PREP = frozenset({"prep"})
_UD_OBL = frozenset({"obl", "nmod", "obl:agent", "obl:arg"})
_PARTICLE = frozenset({"prt", "compound:prt"})
_AUX = frozenset({"aux", "auxpass", "aux:pass", "cop"})
_MODIFIERS = frozenset(
    {"amod", "compound", "nmod", "poss", "nmod:poss", "npadvmod", "flat", "flat:name"}
)
_CLAUSE_DOWN = frozenset({"xcomp", "ccomp", "advcl", "acl", "pcomp"})
_MAX_TRIGGERS_PER_SENTENCE = 40
#: Nouns of military exercises (joint ones are COOPERATE, single-country ones MOBILIZE).
_EXERCISES = frozenset({"exercise", "drill", "game", "games", "maneuver", "manoeuvre"})
#: Acts that, announced for the future, amount to a threat.
_COERCIVE = frozenset({"ASSAULT", "COERCE", "SANCTION", "REJECT"})
#: Acts whose announcement is a threat: coercion, and protest (CAMEO 134 and 1312,
#: "threaten political dissent", "threaten to boycott"; PLOVER THREATEN 'restrict').
_THREAT_CONTENT = _COERCIVE | {"PROTEST"}
#: Cooperative kinds of act, whose refusal ("will not negotiate") is a REJECT.
_COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"})
#: Kinds of act that, without a stated recipient, are aimed at the actor's own country.
_DOMESTIC = frozenset({"PROTEST", "CONCEDE", "REJECT", "REQUEST", "COERCE", "ACCUSE"})
_MAX_SCAN_BACK = 120
#: Words of office that may stand before a name ("President", "Foreign Minister").
_TITLE_WORDS = frozenset(
    [
        "president",
        "prime",
        "minister",
        "premier",
        "chancellor",
        "king",
        "queen",
        "emir",
        "sheikh",
        "prince",
        "mr",
        "mr.",
        "mrs",
        "ms",
        "dr",
        "dr.",
        "general",
        "gen.",
        "senator",
        "governor",
        "foreign",
        "defense",
        "defence",
        "interior",
        "secretary-general",
        "secretary",
        "chairman",
        "leader",
        "vice",
        "former",
        "acting",
        "opposition",
        "rebel",
    ]
)
#: Parts of speech that never name a country (skipped when looking for one).
_NO_ACTOR_POS = frozenset(
    {"ADP", "AUX", "CCONJ", "DET", "NUM", "PART", "PRON", "PUNCT", "SCONJ", "SYM", "VERB"}
)
#: Kinds of act whose object is what is moved or given, not whom the act aims at.
_NO_PATIENT = frozenset({"MOBILIZE", "AID", "COOPERATE"})
#: Code roots of actors that belong to no country (organisations, armed networks, firms).
_NON_STATE = frozenset({"IGO", "NGO", "IMG", "MNC", "INT", "UAF"})
#: Country codes of older CAMEO dictionaries -> the ISO 3166 codes the PLOVER data use.
_OLD_CODES = {
    "ANG": "AGO",
    "TMP": "TLS",
    "USR": "RUS",
    "SUN": "RUS",
    "YUG": "SRB",
    "SCG": "SRB",
    "DDR": "DEU",
    "CSK": "CZE",
    "ZAR": "COD",
    "ROM": "ROU",
    "BAH": "BHR",
}


def _modern_code(code: str) -> str:
    """An actor code with an old CAMEO country root replaced by its ISO one (ANGREB -> AGOREB)."""
    new = _OLD_CODES.get(code[:3])
    return new + code[3:] if new else code


_WORD = re.compile(r"\w", re.UNICODE)


# ---------------------------------------------------------------------------
# Records


@dataclass(slots=True)
class Actor:
    """One participant of an event: a named entity, a group description or a resolved pronoun."""

    name: str
    code: str | None
    entity_id: str | None
    start: int
    end: int
    text: str
    kind: str = "entity"
    plural: bool = False
    #: For a pronoun, the span of the mention it stands for: one mention, one side.
    refers: tuple[int, int] | None = None

    def to_json(self) -> dict[str, Any]:
        """The actor as it appears in analysis.json."""
        return {
            "entity_id": self.entity_id,
            "name": self.name,
            "actor_code": self.code,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
        }


@dataclass(slots=True)
class Event:
    """One coded event: trigger span, PLOVER type, mode, actors and where/when."""

    start: int
    end: int
    text: str
    type: str
    mode: str
    sentence: tuple[int, int]
    source: list[Actor] = field(default_factory=list)
    target: list[Actor] = field(default_factory=list)
    place: dict[str, Any] | None = None
    date: dict[str, Any] | None = None
    factuality: str | None = None
    confidence: float = 0.5
    method: str = "parse"
    reported_by: list[Actor] = field(default_factory=list)
    depth: int = 0
    token: Token | None = field(default=None, repr=False, compare=False)
    #: Triggered by the CAMEO dictionary (``cameo_verbs.tsv``: "die", "arrive",
    #: "stand by"), not the hand list: an event only between political actors (``_political``).
    weak: bool = field(default=False, repr=False, compare=False)

    def to_json(self, article: str, index: int, sentence_text: str = "") -> dict[str, Any]:
        """The event as an analysis.json record."""
        return {
            "id": f"{article}:e{index}",
            "article": article,
            "sentence": {"start": self.sentence[0], "end": self.sentence[1], "text": sentence_text},
            "trigger": {"start": self.start, "end": self.end, "text": self.text},
            "type": self.type,
            "mode": self.mode,
            "source": [a.to_json() for a in self.source],
            "target": [a.to_json() for a in self.target],
            "reported_by": [a.to_json() for a in self.reported_by],
            "place": self.place,
            "date": self.date,
            "factuality": self.factuality,
            "confidence": round(self.confidence, 2),
            "method": self.method,
        }


def plover_category(event_type: str, mode: str) -> str:
    """The single PLOVER category an event counts as in PLOVER-coded data.

    The manual folds future or offered cooperation (CONSULT, SUPPORT,
    COOPERATE, AID) into AGREE, and a coercive act or a protest announced for
    the future, held out ("would blockade the capital") or made conditional
    ("will boycott the elections unless ...") into THREATEN;
    Triangulate keeps the act and the mode apart, so scoring against PLOVER
    gold converts with this.
    """
    if mode in ("planned", "proposed") and event_type in ("CONSULT", "SUPPORT", "COOPERATE", "AID"):
        return "AGREE"
    if mode in ("planned", "proposed") and event_type == "RETREAT":
        return "CONCEDE"  # the manual: "announced ... would withdraw troops" is CONCEDE
    if mode == "threatened" or (
        mode in ("planned", "hypothetical") and event_type in _THREAT_CONTENT
    ):
        # "said they would boycott the talks": a coercive act held out is a threat.
        return "THREATEN"
    return event_type


# ---------------------------------------------------------------------------
# Lexicons


@dataclass(frozen=True, slots=True)
class Pattern:
    """A trigger pattern: the head's forms, then words required among its dependents."""

    words: tuple[frozenset[str], ...]
    type: str
    flags: frozenset[str]


@dataclass(frozen=True)
class Lexicon:
    """One language's trigger patterns, nominal triggers, mode cues and actor words."""

    lang: str
    verbs: dict[str, tuple[Pattern, ...]] = field(default_factory=dict)
    nouns: dict[str, tuple[Pattern, ...]] = field(default_factory=dict)
    cues: dict[str, frozenset[str]] = field(default_factory=dict)
    actor_words: dict[str, tuple[str, str]] = field(default_factory=dict)
    max_actor_words: int = 1
    noun_suffixes: tuple[tuple[str, str], ...] = ()
    #: Office holders, towns and provinces of the CAMEO actor dictionaries (``cameo_actors.tsv``).
    named: dict[str, str] = field(default_factory=dict)
    #: Light verbs (``verbs.tsv`` flag ``light``): "launch an attack", "hålla samtal".
    light: frozenset[str] = frozenset()

    @property
    def empty(self) -> bool:
        """True for a language with no data: it gets no events."""
        return not self.verbs and not self.nouns

    def actor(self, text: str) -> tuple[str, str] | None:
        """(code, kind) for an actor word or phrase, or None."""
        key = text.strip().lower()
        hit = self.actor_words.get(key)
        if hit is None:
            return None
        # Short upper-case words ("US", "UN") only count when written in upper case,
        # so the pronoun "us" and the word "un" are not countries.
        if len(key) <= 3 and key.isalpha() and not text.strip().isupper() and hit[1] != "sector":
            return None
        return hit

    def named_code(self, text: str) -> str | None:
        """The code of a person or place the actor dictionaries name ("Yeltsin", "Kabul")."""
        if not self.named:
            return None
        key = " ".join(text.replace("’", "'").removesuffix("'s").lower().split())
        key = key.removeprefix("the ")
        hit = self.named.get(key)
        words = key.split()
        # "President Boris Yeltsin", "Prime Minister Hashimoto": the name without its titles.
        while hit is None and len(words) > 1 and words[0] in _TITLE_WORDS:
            words = words[1:]
            hit = self.named.get(" ".join(words))
        return _modern_code(hit) if hit else None

    def sector(self, word: str) -> str | None:
        """The sector code of a noun ("militias" -> REB), compounds included for Swedish."""
        hit = self.actor_words.get(word.lower())
        if hit and hit[1] == "sector":
            return hit[0]
        if self.lang in ("sv", "da", "nb", "no", "de", "nl") and len(word) > 6:
            low = word.lower()
            for suffix_len in range(len(low) - 3, 3, -1):
                tail = low[-suffix_len:]
                hit = self.actor_words.get(tail)
                if hit and hit[1] == "sector":
                    # The first part of the compound may carry the sector ("oppositionsgrupper").
                    head = self.actor_words.get(low[:-suffix_len].rstrip("s"))
                    if head and head[1] == "sector":
                        return head[0]
                    return hit[0]
        return None


def _read_tsv(path: Path) -> Iterator[list[str]]:
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if not row or not row[0].strip() or row[0].startswith("#"):
                continue
            yield [cell.strip() for cell in row]


def _pattern(text: str, etype: str, flags: str) -> Pattern:
    words = tuple(frozenset(alt.lower() for alt in word.split("|") if alt) for word in text.split())
    return Pattern(words, etype, frozenset(f.strip() for f in flags.split(",") if f.strip()))


_VOWELS = frozenset("aeiou")


def _english_forms(lemma: str) -> set[str]:
    """Regular inflections of an English verb, for pipelines without a lemmatizer."""
    if not lemma.isalpha():
        return set()
    forms = {lemma}
    if lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in _VOWELS:
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
        # "ban" -> "banned": a short final consonant after one vowel doubles.
        if len(lemma) <= 4 and lemma[-1] not in _VOWELS | {"w", "x", "y"} and lemma[-2] in _VOWELS:
            forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


def _inflect(patterns: list[Pattern], folder: Path) -> list[Pattern]:
    """English heads in every written form, so that an unlemmatized Doc still matches."""
    irregular: dict[str, set[str]] = {}
    for row in _read_tsv(folder / "irregular.tsv"):
        if len(row) >= 2:
            irregular[row[0].lower()] = {f.lower() for f in row[1].split("|") if f}
    out = []
    for pattern in patterns:
        heads = set(pattern.words[0])
        for lemma in pattern.words[0]:
            heads |= _english_forms(lemma) | irregular.get(lemma, set())
        out.append(Pattern((frozenset(heads), *pattern.words[1:]), pattern.type, pattern.flags))
    return out


def _index(patterns: Iterable[Pattern]) -> dict[str, tuple[Pattern, ...]]:
    table: dict[str, list[Pattern]] = {}
    for pattern in patterns:
        for form in pattern.words[0]:
            table.setdefault(form, []).append(pattern)
    # Negation-only patterns first, then the longest: the order ``_match`` tries them in.
    return {
        k: tuple(sorted(v, key=lambda p: ("neg" not in p.flags, -len(p.words))))
        for k, v in table.items()
    }


#: Cue lists whose verbs set a mode or report speech: never triggers by themselves.
_MODE_CUES = ("planned", "proposed", "threatened", "denied", "refusing", "speech", "participation")


def _general_verbs(
    folder: Path, hand: list[Pattern], cues: dict[str, frozenset[str]]
) -> list[Pattern]:
    """The broad verb-phrase lexicon (``cameo_verbs.tsv``) under the hand-written one.

    The hand list decides the verbs it names (it follows the PLOVER manual
    where the CAMEO codes differ: troops deployed are MOBILIZE, not AID); the
    CAMEO dictionary adds every other verb and its phrases ("abduct", "rush
    troops to border"), except mode and speech verbs ("plan", "say"), which
    only carry the act below them. A hand entry flagged ``phrases`` ("add",
    "exchange") is no event alone but lets the CAMEO phrases through
    ("exchange fire").
    """
    # Heads the hand list types, or marks as no event without a ``phrases`` flag.
    known = frozenset(form for p in hand if "phrases" not in p.flags for form in p.words[0])
    bare = frozenset(form for p in hand if "phrases" in p.flags for form in p.words[0])
    # Mode, speech and light verbs ("plan", "say", "announce") only carry the act below them.
    blocked = frozenset().union(*(cues.get(k, frozenset()) for k in _MODE_CUES))
    blocked |= {"accord"}  # "according to" is no accord
    blocked |= known
    out = []
    for row in _read_tsv(folder / "cameo_verbs.tsv"):
        if len(row) < 2:
            continue
        pattern = _pattern(row[0], row[1], ",".join([*row[2:3], "general"]))
        if pattern.words[0] & blocked or (len(pattern.words) == 1 and pattern.words[0] & bare):
            continue
        out.append(pattern)
    return out


@cache
def load_lexicon(lang: str) -> Lexicon:
    """The lexicon for a language (empty when it has no data folder)."""
    folder = DATA_DIR / lang
    if not folder.is_dir():
        return Lexicon(lang)
    verbs = [
        _pattern(row[0], row[1], row[2] if len(row) > 2 else "")
        for row in _read_tsv(folder / "verbs.tsv")
        if len(row) >= 2
    ]
    cues: dict[str, frozenset[str]] = {}
    modes = folder / "modes.json"
    if modes.is_file():
        for key, value in json.loads(modes.read_text(encoding="utf-8")).items():
            if isinstance(value, list):
                cues[key] = frozenset(str(v).lower() for v in value)
    verbs += _general_verbs(folder, verbs, cues)
    if lang == "en":
        verbs = _inflect(verbs, folder)
    # A multi-word noun ("hunger strike") is keyed on its last word, the head.
    nouns = []
    for row in _read_tsv(folder / "nouns.tsv"):
        if len(row) >= 2:
            words = row[0].split()
            nouns.append(_pattern(" ".join([words[-1], *words[:-1]]), row[1], ""))
    actor_words: dict[str, tuple[str, str]] = {}
    longest = 1
    for row in _read_tsv(folder / "actors.tsv"):
        if len(row) >= 3:
            for alt in row[0].split("|"):
                alt = alt.strip().lower()
                if alt:
                    actor_words.setdefault(alt, (row[1], row[2]))
                    longest = max(longest, len(alt.split()))
    suffixes: list[tuple[str, str]] = []
    if lang in ("sv", "da", "nb", "no", "de", "nl"):
        for noun in nouns:
            if len(noun.words) == 1:
                suffixes.extend((form, noun.type) for form in noun.words[0] if len(form) >= 5)
        suffixes.sort(key=lambda item: -len(item[0]))
    named = {
        row[0].lower(): row[1]
        for row in _read_tsv(folder / "cameo_actors.tsv")
        if len(row) >= 2 and row[1]
    }
    light = frozenset(form for p in verbs if "light" in p.flags for form in p.words[0])
    return Lexicon(
        lang,
        _index(verbs),
        _index(nouns),
        cues,
        actor_words,
        longest,
        tuple(suffixes),
        named,
        light,
    )


# ---------------------------------------------------------------------------
# Actors


def _ext(span: Span, name: str) -> Any:
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


class _Context:
    """Per-document state: entities by token, group mentions, and earlier events."""

    def __init__(self, doc: Doc, lex: Lexicon) -> None:
        self.doc = doc
        # spaCy rebuilds doc.text from every token on each access: keep one copy.
        self.text = doc.text
        self.lex = lex
        self.lang = lex.lang
        self.ent_at: dict[int, Span] = {}
        # doc.ents and token.sent build new objects on every access: take them once.
        self.ents: list[Span] = list(doc.ents)
        self.sentences: list[Span] = _sentences(doc)
        self._sent_of: list[int] = [0] * len(doc)
        for n, sent in enumerate(self.sentences):
            for i in range(sent.start, sent.end):
                self._sent_of[i] = n
        self._depths: dict[int, int] = {}
        self._token_codes: dict[int, tuple[str, str] | None] = {}
        for ent in self.ents:
            if ent.label_ in _ACTOR_LABELS:
                for i in range(ent.start, ent.end):
                    self.ent_at[i] = ent
        self.places = [e for e in self.ents if e.label_ in _PLACE_LABELS]
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
        code = _ext(ent, "actor_code")
        if code:
            return _modern_code(str(code))
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
            hit = self.lex.actor(text) or self.lex.actor(text.removesuffix("'s").removesuffix("s"))
            if hit and hit[1] != "sector":
                found = hit[0]
        if not found and ent.label_ not in ("NORP", "MISC"):
            # Office holders and places; a people or faith ("Christian") is neither, though
            # the dictionaries list some officials by a given name alone.
            found = self.lex.named_code(ent.text)
        if not found:
            found = self._words_code(ent)
        if found:
            found = _modern_code(found)
        self._code_cache[key] = found
        return found

    def _words_code(self, ent: Span) -> str | None:
        # "Iraq's foreign ministry", "Irans revolutionsgarde": a country word plus a sector word.
        country: str | None = None
        sector: str | None = None
        for token in ent:
            hit = self.lex.actor(token.text) or self.lex.actor(token.text.removesuffix("'s"))
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
        """``_surface_actors`` of a sentence, computed once (several events may ask)."""
        found = self._surface.get(sent.start)
        if found is None:
            found = self._surface[sent.start] = _surface_actors(sent, self)
        return found

    def sent_ents(self, sent: Span) -> list[Span]:
        """The entities inside a sentence."""
        return [e for e in self.ents if sent.start <= e.start and e.end <= sent.end]

    def depth(self, token: Token) -> int:
        """How far a token is below its sentence root (cached)."""
        depth = self._depths.get(token.i)
        if depth is None:
            depth = self._depths[token.i] = _depth(token)
        return depth

    def token_code(self, token: Token) -> tuple[str, str] | None:
        """(code, kind) of a single modifier word (cached per token)."""
        if token.i not in self._token_codes:
            self._token_codes[token.i] = self._token_code(token)
        return self._token_codes[token.i]

    def _token_code(self, token: Token) -> tuple[str, str] | None:
        """(code, kind) of a single modifier word: a country, ethnic group or organisation."""
        ent = self.ent_at.get(token.i)
        if ent is not None and ent.label_ in ("GPE", "NORP", "ORG", "LOC"):
            code = self.entity_code(ent)
            if code:
                hit = _kb_hit(ent.text, self.lang) or self.lex.actor(ent.text)
                kind = hit[1] if hit else "country"
                return code, "country" if kind == "actor" else kind
        text = token.text.removesuffix("'s").removesuffix("’s")
        if not _WORD.search(text):
            return None
        if text.endswith("-led"):
            # "Vietnamese-led forces" are that country's; "Iranian-backed" ones are not.
            text = text[: -len("-led")]
        kb_hit = _kb_hit(text, self.lang)
        if kb_hit and kb_hit[1] != "actor" and (kb_hit[3] or text[:1].isupper()):
            return _modern_code(kb_hit[0]), kb_hit[1]
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
                if ent.label_ not in _ACTOR_LABELS:
                    continue
                if ent.label_ == "LOC" and not _is_state(self.entity_code(ent)):
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
            kind = "plural" if _plural(token) else "thing"
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
        for index, kind, actor in reversed(self.mentions()):
            if index >= token.i:
                continue
            if token.i - index > _MAX_SCAN_BACK:
                break
            if kind in wanted:
                return _as_pronoun(actor, token)
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
        entity_id = _ext(ent, "entity_id")
        name = ent.text
        index = self.doc._.entity_index if Doc.has_extension("entity_index") else None
        if entity_id and isinstance(index, dict) and isinstance(index.get(entity_id), dict):
            name = str(index[entity_id].get("name") or name)
        return Actor(
            name,
            self.entity_code(ent),
            str(entity_id) if entity_id else None,
            ent.start_char,
            ent.end_char,
            ent.text,
            "entity",
            # "Albanians" tagged MISC by a WikiNER-style model is a people all the same.
            ent.label_ == "NORP" or ent.root.tag_ in ("NNS", "NNPS"),
        )

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
        # An adjective may hang on the adjective next to it ("iranska militära mål").
        left += [g for c in left if c.dep_ == "amod" for g in c.children if g.dep_ == "amod"]
        # "Vietnamese-led forces" split into three tokens: the leader's word hangs on "led".
        left += [g for c in left if c.lower_ == "led" for g in c.children if g.i < c.i]
        for child in sorted(left, key=lambda t: t.i):
            if child.dep_ not in _MODIFIERS and child.dep_ != "det":
                continue
            if self.token_code(child):
                coded.append(child)
            elif self.lex.sector(child.text) or self.lex.sector(child.lemma_):
                sector_mods.append(child)
        # A sector modifier ("opposition groups", "security forces") decides over a generic head.
        if sector_mods:
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
            # "rebels in the Ivory Coast", "the Albanians of southern Serbia".
            for prep, obj in _preps(head):
                if prep in ("in", "of", "from", "i", "från") and self.token_code(obj):
                    return [self._group(head, [obj], sector, None, head.i)]
            # Only armed and opposition groups are resolved from context: "the regime"
            # or "officials" too often mean another country than the last one named.
            code = (
                self.inherit_group(head, sector) if inherit and sector in ("REB", "OPP") else None
            )
            if code is None and inherit:
                # "Angry activists ... in the Gaza Strip": the one country the sentence names.
                root = self._sentence_country(head)
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
        return [
            Actor(noun.text, root + sector, None, noun.idx, end, noun.text, "group", _plural(noun))
        ]

    def _people_word(self, token: Token) -> bool:
        """Whether a word names a people ("Albanians", "Kurds"), not a country ("Philippines")."""
        if not _plural(token) or token.ent_type_ in ("GPE", "LOC", "ORG"):
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
            if hit and hit[1] == "country" and hit[0][:3] not in _NON_STATE:
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

    def _sentence_country(self, token: Token, skip: range | None = None) -> str | None:
        """The one country a sentence names, if it names exactly one."""
        if skip is None:
            key = self._sent_of[token.i] if self.sentences else 0
            if key not in self._countries:
                self._countries[key] = self._one_country(token, None)
            return self._countries[key]
        return self._one_country(token, skip)

    def _one_country(self, token: Token, skip: range | None) -> str | None:
        roots: set[str] = set()
        for word in self.sent(token):
            if (skip is not None and word.i in skip) or word.pos_ in _NO_ACTOR_POS:
                continue
            hit = self.token_code(word)
            if hit and hit[1] == "country" and hit[0][:3] not in _NON_STATE:
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
            _plural(head),
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
            if ent.label_ == "NORP" and ent.end - 1 == head.i and head.dep_ in _MODIFIERS:
                return []
            if ent.label_ == "NORP" and ent.start == head.i:
                # "Iraqi Kurds": a people qualified by a country is a group of that country.
                groups = self.group_actors(head, inherit=False)
                if groups and groups[0].code and groups[0].code != actor.code:
                    return groups
            if ent.end - 1 == head.i and actor.code and self._people_word(head):
                return [self.located_people(actor, head, actor.code)]
            return [actor]
        groups = self.group_actors(head)
        if groups:
            return groups
        own = self.token_code(head)
        if own is not None and (head.text[:1].isupper() or _plural(head)):
            # A country or people named without an entity span (no NER in the pipeline).
            end = head.idx + len(head)
            return [
                Actor(head.text, own[0], None, head.idx, end, head.text, "entity", _plural(head))
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
                    code = _modern_code(hit[0])
                    start, end = name.start_char, head.idx + len(head)
                    text = self.text[start:end]
                    return [Actor(hit[2], code, None, start, end, text, "group", _plural(head))]
        if depth < 2:
            # "welcomed Reagan's statement", "rejected Iran's proposal": the owner.
            for child in head.children:
                if child.dep_ in ("poss", "nmod:poss") and child.pos_ != "PRON":
                    found = self.np_actors(child, depth + 1)
                    if found:
                        return found
            # "the facilities of Iraq's autonomous region", "parts of western Iran".
            owners = self.lex.cues.get("owner_preps", frozenset()) | {"of", "for"}
            if _plural(head) or self.lex.sector(head.text):
                # "delegates from Ethiopia", "a diplomat from Chile": people are their country's.
                owners = owners | {"from"}
            for prep, obj in _preps(head):
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


def _plural(token: Token) -> bool:
    if token.tag_ in ("NNS", "NNPS"):
        return True
    number = token.morph.get("Number", [])
    if number:
        return "Plur" in number
    return token.lower_.endswith(("s", "er", "ar", "or", "na"))


# ---------------------------------------------------------------------------
# Dependency helpers (spaCy English labels and Universal Dependencies alike)


def _preps(token: Token) -> list[tuple[str, Token]]:
    """(preposition, object) pairs hanging from a token."""
    out: list[tuple[str, Token]] = []
    for child in token.children:
        if child.dep_ in _PREP:
            for obj in child.children:
                if obj.dep_ in ("pobj", "pcomp"):
                    out.append((child.lower_, obj))
        elif child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    out.append(("by", obj))
        elif child.dep_ in _UD_OBL:
            case = next((c.lower_ for c in child.children if c.dep_ == "case"), "")
            if case:
                out.append((case, child))
            elif child.dep_ == "obl:agent":
                out.append(("by", child))
    return out


def _children(token: Token, deps: frozenset[str]) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _forms(token: Token) -> set[str]:
    return {token.lower_, token.lemma_.lower()} - {""}


def _depth(token: Token) -> int:
    depth = 0
    while token.head != token and depth < 50:
        token = token.head
        depth += 1
    return depth


# ---------------------------------------------------------------------------
# Parse coder


@dataclass(slots=True)
class _Trigger:
    token: Token
    pattern: Pattern
    used: set[int]
    noun: bool


def _match(
    token: Token, patterns: tuple[Pattern, ...], negated: bool = False
) -> tuple[Pattern, set[int]] | None:
    """The longest pattern whose words all hang from ``token`` (negation-only ones when negated)."""
    available: dict[str, Token] = {}
    for child in token.children:
        if child.dep_ in ("aux", "auxpass", "aux:pass", "mark", "punct", "nsubj"):
            # The infinitive "to" is no preposition of the pattern ("to protest"), and
            # the subject no part of the phrase ("the talks ended" is no "end talks").
            continue
        for form in _forms(child):
            available.setdefault(form, child)
        if child.dep_ in _PREP | _OBJ | _UD_OBL | _PARTICLE | {
            "attr",
            "acomp",
            "dobj",
            "advmod",
            "npadvmod",
        }:
            for grandchild in child.children:
                if grandchild.dep_ in (
                    "pobj",
                    "case",
                    "prep",
                    "compound",
                    "amod",
                    "det",
                    "dobj",
                    "obj",
                ):
                    for form in _forms(grandchild):
                        available.setdefault(form, grandchild)
                # "handed over 700 kg of medicine": look through a quantity to what it counts.
                if grandchild.dep_ == "prep" and grandchild.lower_ == "of":
                    for counted in grandchild.children:
                        if counted.dep_ == "pobj":
                            for form in _forms(counted):
                                available.setdefault(form, counted)
    has_object = any(c.dep_ in _OBJ for c in token.children)
    for pattern in patterns:  # in the order ``_index`` sorted them
        if "neg" in pattern.flags and not negated:
            continue
        if "obj" in pattern.flags and not has_object:
            continue  # "sought refuge" is a request, "sought to destroy" is not
        used: set[int] = set()
        for alternatives in pattern.words[1:]:
            hit = next((available[a] for a in alternatives if a in available), None)
            if hit is None:
                break
            used.add(hit.i)
        else:
            return pattern, used
    # A weak parser may hang "mot" or "with" elsewhere: the words right after the
    # head still make the phrase ("har även Israel slagit mot iranska mål").
    doc = token.doc
    end = len(doc)
    # Only patterns whose second word is among the next three words can match here.
    nearby: set[str] = set()
    for i in range(token.i + 1, min(token.i + 4, end)):
        if not doc[i].is_sent_start:
            nearby |= _forms(doc[i])
    if not nearby:
        return None
    for pattern in patterns:
        if len(pattern.words) < 2 or "neg" in pattern.flags or pattern.words[1].isdisjoint(nearby):
            continue
        pos = token.i
        used = set()
        for alternatives in pattern.words[1:]:
            window = [i for i in range(pos + 1, min(pos + 4, end)) if not doc[i].is_sent_start]
            nxt = next((i for i in window if _forms(doc[i]) & alternatives), None)
            if nxt is None:
                break
            used.add(nxt)
            pos = nxt
        else:
            return pattern, used | {-1}
    return None


def _noun_match(token: Token, patterns: tuple[Pattern, ...]) -> tuple[Pattern, set[int]] | None:
    left = {f: c for c in token.children if c.i < token.i for f in _forms(c)}
    for pattern in patterns:
        used: set[int] = set()
        for alternatives in pattern.words[1:]:
            hit = next((left[a] for a in alternatives if a in left), None)
            if hit is None:
                break
            used.add(hit.i)
        else:
            return pattern, used
    return None


def _find_triggers(sent: Span, ctx: _Context) -> list[_Trigger]:
    lex = ctx.lex
    found: list[_Trigger] = []
    consumed: set[int] = set()
    has_pos = sent.doc.has_annotation("POS")
    for token in sent:
        ctx.note_token(token)
        if len(found) >= _MAX_TRIGGERS_PER_SENTENCE:
            # Past the cap only the group nouns are still noted, for later pronouns.
            continue
        ent = ctx.ent_at.get(token.i)
        if ent is not None and ent.label_ in ("PERSON", "PER", "ORG", "FAC", "MISC", "GPE", "NORP"):
            continue
        pos = token.pos_ if has_pos else ""
        # A weak tagger may call a predicate ADV or ADJ: its place in the tree says verb.
        predicate = token.dep_ in ("ROOT", "root", "acomp", "ccomp", "xcomp", "advcl", "conj")
        if pos in ("VERB", "AUX", "") or (pos in ("ADJ", "ADV") and predicate):
            patterns = lex.verbs.get(token.lemma_.lower()) or lex.verbs.get(token.lower_)
            # "striking workers", "the banned party", "occupied territories": a participle
            # that only describes a noun reports no act of this sentence.
            # (English participle tags only: a weaker parser may call a French main verb amod.)
            attribute = (
                token.dep_ == "amod"
                and token.tag_ in ("VBN", "VBG")
                and not any(c.dep_ in _OBJ for c in token.children)
            )
            if patterns and not attribute and (pos != "AUX" or token.dep_ in ("ROOT", "root")):
                match = _match(token, patterns, is_negated(token, lex.cues))
                if match and match[0].type != "-" and token.i not in consumed:
                    found.append(_Trigger(token, match[0], match[1], False))
                    consumed.update(match[1])
                    # Words inside the phrase ("providing targeting intelligence") are no triggers.
                    inside = [i for i in match[1] if i > token.i]
                    if inside and max(inside) - token.i <= 3:
                        consumed.update(range(token.i + 1, max(inside)))
                    continue
        gerund = (
            pos == "VERB"
            and token.tag_ == "VBG"
            and token.dep_ in ("dobj", "pobj", "nsubj", "attr")
        )
        if pos in ("NOUN", "PROPN", "") or gerund:
            patterns = lex.nouns.get(token.lemma_.lower()) or lex.nouns.get(token.lower_)
            if not patterns and lex.noun_suffixes and pos != "PROPN":
                low = token.lower_
                etype = next((t for s, t in lex.noun_suffixes if low.endswith(s)), None)
                if etype:
                    patterns = (Pattern((frozenset({low}),), etype, frozenset()),)
            if patterns and not _ignored(token, lex):
                match = _noun_match(token, patterns)
                if match:
                    found.append(_Trigger(token, match[0], match[1], True))
    return [t for t in found if not (t.noun and t.token.i in consumed)]


def _ignored(token: Token, lex: Lexicon) -> bool:
    """Set phrases that look like events and are not ("requests for comment")."""
    following = token.doc[token.i : token.i + 3].text.lower()
    return any(
        following.startswith(phrase) for phrase in lex.cues.get("ignore_phrases", frozenset())
    )


def _agentive_participle(token: Token) -> bool:
    """A past participle modifying a noun and naming its agent ("backed by Iran")."""
    if token.dep_ != "acl":
        return False
    if token.tag_ != "VBN" and "Part" not in token.morph.get("VerbForm", []):
        return False
    return any(prep in ("by", "av") for prep, _ in _preps(token))


def _subject(token: Token) -> tuple[list[Token], bool]:
    """The subject tokens of a verb and whether the verb is passive."""
    passive = _children(token, _PASS_SUBJ)
    if passive:
        return passive, True
    subjects = _children(token, _SUBJ)
    if not subjects:
        # "ska han ha talat med ...": a subject misattached to an auxiliary.
        for aux in _children(token, frozenset({"aux"})):
            subjects.extend(_children(aux, _SUBJ))
    return subjects, any(c.dep_ in ("auxpass", "aux:pass") for c in token.children)


def _controller(token: Token, ctx: _Context, steps: int = 0) -> list[Token]:
    """Who does the act of an infinitive, conjunct or relative clause that has no subject."""
    head = token.head
    dep = token.dep_
    if head == token or steps > 6:
        return []
    if dep in ("relcl", "acl:relcl"):
        return [head]
    if dep == "acl":
        # "militants attempting to cross": the noun acts; "any plan to send": its owner does.
        if head.pos_ == "PROPN" or ctx.np_actors(head):
            return [head]
        return _noun_controller(head, ctx, steps + 1)
    if dep == "conj":
        subjects, _ = _subject(head)
        return subjects or _controller(head, ctx, steps + 1)
    if dep in ("xcomp", "advcl", "ccomp"):
        # Object control: "asked the Kurds to ...", "urged X to ...".
        if dep == "xcomp" and _forms(head) & ctx.lex.cues.get("object_control", frozenset()):
            objects = _children(head, _OBJ | _IOBJ)
            if objects:
                return objects
        subjects, _ = _subject(head)
        if subjects:
            return subjects
        if dep != "ccomp":
            return _controller(head, ctx, steps + 1)
        return []
    if dep in ("pcomp", "pobj") and head.dep_ == "prep":
        governor = head.head
        if governor.pos_ in ("NOUN", "PROPN"):
            return _noun_controller(governor, ctx, steps + 1)
        if dep == "pcomp" and head.lower_ in ("of", "for", "against", "from"):
            # "accused Eritrea of breaking", "blamed the rebels for attacking", "warned
            # Somalia against sheltering", "barred Syria from sending": the one
            # accused, warned or barred is who (would) act, when it is an actor.
            objects = [o for o in _children(governor, _OBJ) if ctx.np_actors(o)]
            if objects:
                return objects
        subjects, _ = _subject(governor)
        return subjects or _controller(governor, ctx, steps + 1)
    if dep in ("acomp", "oprd") and token.pos_ in ("ADJ", "VERB"):
        # "are guilty of violating", "is ready to talk": the copula's subject.
        subjects, _ = _subject(head)
        return subjects
    return []


def _noun_controller(noun: Token, ctx: _Context, steps: int) -> list[Token]:
    """Whose plan, aim or history a noun is: its possessor, or the subject of its verb."""
    owners = [c for c in noun.children if c.dep_ in ("poss", "nmod:poss")]
    if owners:
        return owners
    if noun.dep_ in _OBJ | {"attr", "nsubj"}:
        verb = noun.head
        subjects, _ = _subject(verb)
        if subjects and noun.dep_ != "nsubj":
            return subjects
        return _controller(verb, ctx, steps + 1)
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep":
        return _controller(noun, ctx, steps + 1)
    return []


def _speech_governor(token: Token, ctx: _Context) -> Token | None:
    speech = ctx.lex.cues.get("speech", frozenset())
    current = token
    for _ in range(8):
        head = current.head
        if head == current:
            return None
        if _forms(head) & speech and current.dep_ in (
            "ccomp",
            "xcomp",
            "advcl",
            "conj",
            "parataxis",
        ):
            return head
        current = head
    # "..., the ministry said": the reporting verb is the root, the event its clausal complement.
    root = ctx.sent(token).root
    if root != token and _forms(root) & speech:
        return root
    return None


def _speakers(verb: Token, ctx: _Context) -> list[Actor]:
    subjects, _ = _subject(verb)
    out: list[Actor] = []
    for subject in subjects:
        out.extend(ctx.np_actors(subject))
    if not out:
        for prep, obj in _preps(verb):
            if prep in ("to", "according"):
                out.extend(ctx.np_actors(obj))
    return out


def _targets_of(
    token: Token, ctx: _Context, skip: set[int], patient_objects: bool = True
) -> list[Actor]:
    """The target of a verb: object, indirect object, then prepositional object.

    The first candidate with an actor code wins; a codeless one ("the
    militants") is kept only when nothing better follows.
    """
    preps = ctx.lex.cues.get("target_preps", frozenset())
    reflexive = ctx.lex.cues.get("reflexive", frozenset())
    # Every object counts: a parser may hang the second of two coordinated
    # objects on the verb ("samtal med både X och Y").
    merged: list[Actor] = []
    fallback: list[Actor] = []
    # "deployed peacekeepers in Iraq", "massed troops": what is moved is no target.
    moved = not patient_objects and bool(_forms(token) & ctx.lex.cues.get("moving", frozenset()))
    for obj in _children(token, _OBJ):
        ignored = obj.i in skip or obj.lower_ in reflexive or moved
        actors = [] if ignored else ctx.np_actors(obj)
        if not any(a.code for a in actors):
            # "a truce with Moslem forces", "strikes on Iranian targets" as an object.
            for prep, pobj in _preps(obj):
                if prep in preps or prep == "by":
                    found = ctx.np_actors(pobj)
                    if any(a.code for a in found):
                        actors = found
                        break
                    fallback = fallback or found
        fallback = fallback or actors
        merged.extend(a for a in actors if a.code)
    if merged:
        return merged
    for actors in _target_candidates(token, ctx, skip):
        if any(a.code for a in actors):
            return actors
        fallback = fallback or actors
    # "expelled two Russian diplomats": the expelled are the target; "sent fighters":
    # the fighters are what is sent, not whom it is sent to.
    for actors in _consumed_objects(token, ctx, skip) if patient_objects else ():
        if any(a.code for a in actors):
            return actors
    return fallback


def _consumed_objects(token: Token, ctx: _Context, skip: set[int]) -> Iterator[list[Actor]]:
    """Objects inside the trigger phrase ("expelled two Russian diplomats"): a last resort."""
    for obj in _children(token, _OBJ):
        if obj.i in skip:
            yield ctx.np_actors(obj)


def _target_candidates(token: Token, ctx: _Context, skip: set[int]) -> Iterator[list[Actor]]:
    preps = ctx.lex.cues.get("target_preps", frozenset())
    for obj in _children(token, _IOBJ):
        yield ctx.np_actors(obj)
    ranked = sorted(_preps(token), key=lambda item: _prep_rank(item[0], preps))
    for prep, obj in ranked:
        if prep not in preps or obj.i in skip:
            continue
        ent = ctx.ent_at.get(obj.i)
        if prep in ("in", "i") and ent is not None and ent.label_ in _PLACE_LABELS:
            continue
        yield ctx.np_actors(obj)


def _prep_rank(prep: str, preps: frozenset[str]) -> int:
    order = ("with", "med", "against", "mot", "on", "på", "at", "to", "till", "into")
    return order.index(prep) if prep in order else len(order)


def _code_verb(trigger: _Trigger, ctx: _Context) -> Event | None:
    token = trigger.token
    pattern = trigger.pattern
    cues = ctx.lex.cues
    negated = is_negated(token, cues)
    if "neg" in pattern.flags and not negated:
        return None
    subjects, passive = _subject(token)
    if not passive and not subjects and _agentive_participle(token):
        # "rebels backed by Iran", "a truce mediated by Egypt": a participle with a
        # "by" agent is passive; the noun it modifies, if an actor, receives the act.
        passive = True
        subjects = [token.head] if ctx.np_actors(token.head) else []
    reflexive = cues.get("reflexive", frozenset())
    if pattern.type in ("SUPPORT", "AID") and any(
        o.lower_ in reflexive for o in _children(token, _OBJ)
    ):
        # "as it defends itself": self-defence is no support given to anyone.
        return None
    source: list[Actor] = []
    target: list[Actor] = []
    if passive:
        for subject in subjects:
            target.extend(ctx.np_actors(subject))
        for prep, obj in _preps(token):
            if prep in ("by", "av"):
                source.extend(ctx.np_actors(obj))
    else:
        for subject in subjects:
            if subject.pos_ == "PRON" and token.dep_ == "ccomp":
                # "Iran warned the KRG that it would retaliate": "it" is the warner.
                outer, _ = _subject(token.head)
                outer = outer or _controller(token.head, ctx)
                resolved = [a for o in outer if o.pos_ != "PRON" for a in ctx.np_actors(o)]
                if resolved:
                    source.extend(resolved)
                    continue
            found = ctx.np_actors(subject)
            if not found:
                # "talks between Greece and Turkey ended without agreement": the parties
                # of a meeting or dispute that is the subject act through it.
                for prep, obj in _preps(subject):
                    if prep in ("between", "among"):
                        found = ctx.np_actors(obj)
                        break
            source.extend(found)
        if not subjects:
            for controller in _controller(token, ctx):
                source.extend(ctx.np_actors(controller))
        if not subjects and not source and token.dep_ in ("ROOT", "root"):
            # A main verb without a subject is a parse error ("har även Israel slagit",
            # Israel hung on "även"): the nearest actor before it, as the fallback does.
            before = [
                a
                for a in ctx.surface_actors(ctx.sent(token))
                if a.end <= token.idx and not _after_prep(a, ctx.text, cues, any_prep=True)
            ]
            source = _left_actors(before, ctx.text)
        patient = pattern.type not in _NO_PATIENT
        target = _targets_of(token, ctx, trigger.used, patient)
        if subjects and not any(a.code for a in source):
            # "Prisoners rioted at a jail in Dili", "a roadside bombing near Samarra
            # killed ...": people or acts no name codes belong to the country the
            # sentence names or places them in (event-data practice), unless that is
            # the target's country ("hackers defaced Danish web sites").
            aimed = {(a.code or "")[:3] for a in target}
            found = ctx.context_actors(subjects[0])
            if found and (found[0].code or "")[:3] not in aimed:
                source = found
    if "inverse" in pattern.flags:
        # "Kurdish forces would receive U.S. air support": the subject receives.
        target, source = source, []
        for obj in _children(token, _OBJ):
            for child in obj.children:
                if child.i < obj.i and child.dep_ in _MODIFIERS:
                    source.extend(ctx.np_actors(child))
        for prep, obj in _preps(token):
            if prep in ("from", "från", "av"):
                source.extend(ctx.np_actors(obj))
    if -1 in trigger.used:
        # Matched on the surface: the target is what follows the phrase's last word.
        last = token.doc[max(trigger.used)]
        after = [a for a in ctx.surface_actors(ctx.sent(token)) if a.start > last.idx]
        near = [a for a in after if a.start - last.idx < 40]
        if near and not passive:
            target = near[:1]
    if not target and not passive and "inverse" not in pattern.flags:
        target = _clause_target(token, pattern, ctx)
    if "neg" in pattern.flags and passive:
        # "Iraq should not be used as a base": a refusal by whoever says so.
        target = []
    event = _event(
        token,
        pattern,
        source,
        target,
        ctx,
        negation_used="neg" in pattern.flags,
        agentless=passive and not source,
    )
    # "slagit till mot", "held talks with": the trigger covers the phrase when it is contiguous.
    words = sorted(i for i in trigger.used if i > token.i)
    if words and words[-1] - token.i <= len(words) + 1 and words[-1] < ctx.sent(token).end:
        last = token.doc[words[-1]]
        event.end = last.idx + len(last)
        event.text = ctx.text[event.start : event.end]
    return event


def _clause_target(token: Token, pattern: Pattern, ctx: _Context) -> list[Actor]:
    """The target of an act carried by the clause below it.

    "demanded that the US cancel ...": the one asked is the clause's subject;
    "offered to hand over to Great Britain ...": the clause's own target.
    """
    if pattern.type == "THREATEN":
        # "threatened to stop the talks if the United States goes ahead": who must yield.
        for clause in token.subtree:
            if clause.dep_ == "advcl" and any(
                c.lower_ in ("if", "unless") for c in clause.children
            ):
                subjects, _ = _subject(clause)
                actors = [a for subject in subjects for a in ctx.np_actors(subject)]
                if any(a.code for a in actors):
                    return actors
    for clause in _children(token, frozenset({"xcomp", "ccomp"})):
        helped = pattern.type in ("AID", "SUPPORT") and not _children(token, _OBJ)
        if (pattern.type in ("REQUEST", "ACCUSE", "THREATEN") and clause.dep_ == "ccomp") or helped:
            # "demanded that the US cancel", "would help Sudan rebuild": the clause's subject.
            subjects, _ = _subject(clause)
            actors = [a for subject in subjects for a in ctx.np_actors(subject)]
            if actors:
                return actors
        # "refused to deploy peacekeepers in Iraq": troops or aid sent are not whom
        # the refusal is aimed at (as for the deploying itself).
        patterns = ctx.lex.verbs.get(clause.lemma_.lower()) or ctx.lex.verbs.get(clause.lower_)
        found = _match(clause, patterns) if patterns else None
        patient = found is None or found[0].type not in _NO_PATIENT
        actors = _targets_of(clause, ctx, set(), patient)
        if actors:
            return actors
    return []


def _code_noun(trigger: _Trigger, ctx: _Context) -> Event | None:
    token = trigger.token
    cues = ctx.lex.cues
    source: list[Actor] = []
    target: list[Actor] = []
    target_preps = cues.get("target_preps", frozenset()) - {"in", "i", "for", "för", "from", "från"}
    for child in token.children:
        if child.i < token.i and child.dep_ in _MODIFIERS and child.i not in trigger.used:
            # "Palestinian riots", "U.S. and Israeli strikes": the adjective is the actor.
            source.extend(ctx.np_actors(child) or ctx.modifier_actors(child))
    if not source:
        # "Trump held calls with ..." parsed with "held" as a modifier of "calls".
        for child in token.children:
            if child.dep_ in ("amod", "acl") and child.pos_ == "VERB":
                for subject in _children(child, _SUBJ):
                    source.extend(ctx.np_actors(subject))
    # "a mediation effort between X and Y", "10 days of war games": the phrase the
    # noun sits in stands where the noun would.
    anchor = token
    if token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN"):
        if token.head.lemma_.lower() not in ctx.lex.cues.get("event_heads", frozenset()):
            return None  # "war crimes", "attack helicopter": a modifier, not an event
        anchor = token.head
    elif token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ == "NOUN":
        anchor = token.head.head
    while anchor.dep_ == "conj" and anchor.head.pos_ in ("NOUN", "PROPN"):
        # "launched artillery, mortar and rocket fire": the list is the verb's object.
        anchor = anchor.head
    head = anchor.head
    # "in support of the US": the "of" phrase is who benefits.
    benefit_of = token.dep_ == "pobj" and head.lower_ in ("in", "i", "till")
    for prep, obj in [*_preps(token), *(_preps(anchor) if anchor != token else [])]:
        if prep in ("by", "av") or (prep == "from" and not source):
            source.extend(ctx.np_actors(obj))
        elif (prep in target_preps or (benefit_of and prep in ("of", "för"))) and not target:
            target.extend(ctx.np_actors(obj))
    # Whether the verb the noun hangs from lends it its subject: "launched an attack",
    # "in support of" do; "condemned the attack", "arrested for the attack" do not.
    lent = True
    framed = False  # the noun is the object of a light or framing verb ("staged protests")
    if head != anchor:
        in_clause = (
            anchor.dep_ == "pobj"
            and head.dep_ == "prep"
            and head.lower_ in ("in", "i", "for", "at")
        )
        if anchor.dep_ in _OBJ | {"attr"} or in_clause:
            verb = head if anchor.dep_ in _OBJ | {"attr"} else head.head
            lent = (
                anchor.dep_ == "attr"
                or (in_clause and head.lower_ in ("in", "i"))
                or _lends_subject(verb, trigger.pattern.type, ctx)
            )
            framed = lent and verb.pos_ == "VERB" and anchor.dep_ != "attr"
            subjects, passive = _subject(verb)
            if not source and not passive and lent:
                for subject in subjects:
                    source.extend(ctx.np_actors(subject))
                if not subjects:
                    for controller in _controller(verb, ctx):
                        source.extend(ctx.np_actors(controller))
    if not source and not target:
        definite = token.dep_ in ("nsubj", "nsubjpass") and any(
            c.dep_ == "det" for c in token.children
        )
        # "The consultations come as ...": the last event of this type, retold.
        earlier = definite and next(
            (
                e
                for e in reversed(ctx.events)
                if e.type == trigger.pattern.type and (e.source or e.target)
            ),
            None,
        )
        if earlier:
            source, target = list(earlier.source), list(earlier.target)
        elif definite or not (
            framed or (token.dep_ == "nsubj" and token.head.dep_ in ("ROOT", "root"))
        ):
            # "the proposal ...": refers back to an act; "during the war", "the drive to
            # meet demand": a mention, not an act the sentence reports.
            return None
        else:
            # "Riots broke out in Baghdad", "took part in insurgencies": no actor named.
            # Kept aside with empty sides (a speaker or governing act is not its agent);
            # see _code_parsed.
            event = _event(token, trigger.pattern, [], [], ctx, noun=True, lent=False)
            event.source, event.target, event.reported_by = [], [], []
            return event
    return _event(token, trigger.pattern, source, target, ctx, noun=True, lent=lent)


#: Cue lists whose verbs frame the act of the noun below them ("planned an attack",
#: "refused talks", "took part in the strikes"): their subject does that act.
_FRAMING_CUES = ("planned", "proposed", "threatened", "denied", "refusing", "participation")


def _lends_subject(verb: Token, etype: str, ctx: _Context) -> bool:
    """Whether a verb's subject also does the act of an event noun it governs.

    A light verb ("launch an attack", "hålla samtal") or a verb that only frames
    the act ("planned an attack", "refused talks") does; a verb that is an act of
    its own does not: in "the minister condemned the attack" the minister
    condemns, someone else attacked; nor does a verb no list names ("witnesses
    described the attack"). An act of the noun's own type does ("signed an
    agreement": the signing is the agreeing).
    """
    forms = _forms(verb)
    lex = ctx.lex
    if forms & lex.light or verb.pos_ == "AUX":
        return True
    if any(forms & lex.cues.get(key, frozenset()) for key in _FRAMING_CUES):
        return True
    patterns = lex.verbs.get(verb.lemma_.lower()) or lex.verbs.get(verb.lower_)
    if not patterns:
        return False  # "witnesses described the attack": no list says the subject acts
    # A listed verb that is no act here ("maintain an understanding") frames it.
    match = _match(verb, patterns, is_negated(verb, lex.cues))
    return match is None or match[0].type in ("-", etype)


def _named_subject(token: Token) -> bool:
    """True when the verb has a subject that is a noun phrase, not a pronoun."""
    return any(
        child.dep_ in _SUBJ | _PASS_SUBJ and child.pos_ in ("NOUN", "PROPN")
        for child in token.children
    )


def _event(
    token: Token,
    pattern: Pattern,
    source: list[Actor],
    target: list[Actor],
    ctx: _Context,
    negation_used: bool = False,
    noun: bool = False,
    agentless: bool = False,
    lent: bool = True,
) -> Event:
    sent = ctx.sent(token)
    mode = parsed_mode(token, pattern.type, ctx.lex.cues, negation_used)
    if negation_used:
        # "would not permit", "must not be used": the refusal itself is the act.
        mode = "occurred"
    elif mode == "negated" and pattern.type in _COOPERATIVE and is_refusal(token, ctx.lex.cues):
        # "will not negotiate with the strikers", "cannot accept the plan": a refusal
        # to cooperate is itself an act (REJECT), not a cooperation that did not happen.
        pattern = replace(pattern, type="REJECT")
        mode = "occurred"
    reported: list[Actor] = []
    governor = _governing_event(token, ctx)
    if mode == "occurred" and governor is not None and governor.type in ("CONSULT", "REQUEST"):
        # "talks about giving military support", "samtal om att ge stöd": under discussion.
        topic = ctx.lex.cues.get("topic_preps", frozenset())
        if any(
            c.dep_ in ("case", "mark", "prep") and c.lower_ in topic for c in token.children
        ) or (token.dep_ in ("pobj", "pcomp") and token.head.lower_ in topic):
            mode = "proposed"
    if not lent:
        # "condemned the attack", "criticized the talks": the governing act is another's.
        governor = None
    if (not source or (not target and pattern.type != "CONSULT")) and governor is not None:
        if not source:
            source = list(governor.source)
        if not target and governor.type in ("CONSULT", "REQUEST", "AGREE", "THREATEN"):
            target = [a for a in governor.target if all(a.start != s.start for s in source)]
    speech = _speech_governor(token, ctx)
    if speech is not None:
        reported = _speakers(speech, ctx)
        # "civilians were killed, police said": the police report, they did not kill.
        # Nor do "birds are dying, the director said" or "tugboats arrived, the coast
        # guard said" make the speaker the doer: only an unresolved pronoun or a
        # missing subject ("said it would retaliate") points back at the speaker.
        if not source and reported and not agentless and not _named_subject(token):
            source = list(reported)
    target = _except(target, source)
    depth = ctx.depth(token)
    confidence = (0.55 if noun else 0.75) - 0.04 * min(depth, 5)
    if not source:
        confidence -= 0.15
    if not target:
        confidence -= 0.05
    return Event(
        start=token.idx,
        end=token.idx + len(token),
        text=token.text,
        type=pattern.type,
        mode=mode,
        sentence=(sent.start_char, sent.end_char),
        source=source,
        target=target,
        confidence=max(confidence, 0.05),
        method="parse",
        reported_by=reported,
        depth=depth,
        token=token,
        weak="general" in pattern.flags,
    )


def _governing_event(token: Token, ctx: _Context) -> Event | None:
    by_start = {e.start: e for e in ctx.events if e.sentence[0] <= token.idx < e.sentence[1]}
    current = token
    for _ in range(6):
        head = current.head
        if head == current:
            return None
        hit = by_start.get(head.idx)
        if hit is not None:
            return hit
        current = head
    return None


def _implicit_target(event: Event, ctx: _Context) -> list[Actor]:
    """The recipient a report leaves implicit, following event-data coding practice.

    An act with no stated recipient is taken as directed at the country where it
    happens ("rioted at a jail in northern Israel"), and a domestic kind of act
    (protest, concession, refusal, demand, coercion, accusation) at the actor's
    own country. A recipient the report names without a code ("arrested a
    journalist") counts as unstated here: the country is added beside it.
    Such actors carry ``kind: "implicit"``.
    """
    place = _place_for(event, ctx)
    code: str | None = None
    name = ""
    span = (event.start, event.end)
    if place is not None:
        ent = ctx.doc.char_span(place["start"], place["end"], alignment_mode="expand")
        if ent is not None:
            hit = ctx.token_code(ent[-1]) or ctx.token_code(ent[0])
            if hit:
                code, name, span = hit[0][:3], str(place["name"]), (place["start"], place["end"])
    if code is None and event.type in _DOMESTIC and event.source:
        roots = {a.code[:3] for a in event.source if a.code}
        # A country acting as a whole ("Iran declined the invitation") has no
        # domestic recipient: its own code would be a loop, not a recipient.
        whole = any(_is_state(a.code) and a.kind != "group" for a in event.source)
        # Nor has an international body ("the UN appealed for access"): no home country.
        if len(roots) == 1 and not whole and not roots & _NON_STATE:
            code = roots.pop()
            name = event.source[0].name
            span = (event.source[0].start, event.source[0].end)
    if code is None:
        return []
    text = ctx.text[span[0] : span[1]]
    return [Actor(name, code, None, span[0], span[1], text, "implicit")]


def _obligations(sent: Span, ctx: _Context) -> list[Event]:
    """ "X said Y must do Z": a demand by X on Y, though no demand verb is used."""
    cues = ctx.lex.cues
    obligation = cues.get("obligation_aux", frozenset())
    speech = cues.get("speech", frozenset())
    out: list[Event] = []
    for token in sent:
        if token.dep_ != "ccomp" or not _forms(token.head) & speech:
            continue
        if not any(c.dep_ == "aux" and c.lower_ in obligation for c in token.children):
            continue
        if is_negated(token, cues):
            continue  # "must not be used": a refusal, coded by the REJECT patterns
        subjects, passive = _subject(token)
        speakers = _speakers(token.head, ctx)
        if passive or not subjects or not speakers:
            continue
        targets = [a for s in subjects for a in ctx.np_actors(s)]
        if not targets:
            continue
        verb = token.head
        out.append(
            Event(
                start=verb.idx,
                end=verb.idx + len(verb),
                text=verb.text,
                type="REQUEST",
                mode="occurred",
                sentence=(sent.start_char, sent.end_char),
                source=speakers,
                target=targets,
                confidence=0.5,
                method="parse",
                depth=ctx.depth(verb),
            )
        )
    return out


def _code_parsed(doc: Doc, ctx: _Context) -> list[Event]:
    for sent in ctx.sentences:
        ctx.events.extend(_obligations(sent, ctx))
        triggers = _find_triggers(sent, ctx)
        # Governors first, so that an embedded event can inherit their actors.
        triggers.sort(key=lambda t: (ctx.depth(t.token), t.token.i))
        bare: list[Event] = []
        for trigger in triggers:
            event = _code_noun(trigger, ctx) if trigger.noun else _code_verb(trigger, ctx)
            if event is None:
                continue
            if event.type == "CONSULT" and _press_only(event):
                # "officials, who spoke with The Washington Post": talking to reporters.
                continue
            if not event.source and not event.target:
                # No actor named: kept aside, not inherited by the events below it.
                if trigger.noun or trigger.token.dep_ in ("ROOT", "root"):
                    bare.append(event)
                continue
            ctx.events.append(event)
        here = (sent.start_char, sent.end_char)
        if (
            bare
            and not any(e.sentence == here for e in ctx.events)
            and any(a.code for a in ctx.surface_actors(sent))
        ):
            # "Riots broke out in Baghdad": a sentence whose main act no actor does
            # is still an event, with empty sides, rather than none; only where the
            # sentence names a coded actor (a country, a place, an organisation), so
            # that "experts warn of risks" stays out, and only its most central one.
            ctx.events.append(min(bare, key=lambda e: (e.depth, e.start)))
        inside = [e for e in ctx.events if e.sentence == here]
        for event in inside:
            _manual_rules(event, ctx.lex.cues)
        _promised_force(inside)
        _complete_targets(inside)
        _complete_sources(inside)
    for event in ctx.events:
        if not _codes(event.target):
            # "arrested a journalist": a recipient no code names still has a country.
            event.target = [*event.target, *_implicit_target(event, ctx)]
        _sentence_sides(event, ctx)
    ctx.events = [e for e in ctx.events if _political(e)]
    return ctx.events


def _political(event: Event) -> bool:
    """False for a CAMEO-dictionary trigger with no coded actor the parse found on either side.

    CAMEO's dictionary lists verbs and phrases such as "die", "arrive" or "stand
    by" because between political actors they are acts (killing, visiting,
    backing); PETRARCH codes them only when it finds those actors. Without one
    ("birds are dying", "the agency stood by its estimate") they are not events.
    The hand-written list (``verbs.tsv``) is trusted without that check.
    """
    if not event.weak:
        return True
    return any(a.code and a.kind != "implicit" for a in [*event.source, *event.target])


def _is_state(code: str | None) -> bool:
    """A bare country code ("TUR"), not a sector, place-derived or non-state code."""
    return bool(code) and len(str(code)) == 3 and str(code) not in _NON_STATE


def _codes(actors: list[Actor]) -> set[str]:
    """The country roots (first three letters) of the coded actors in a list."""
    return {a.code[:3] for a in actors if a.code}


def _sentence_sides(event: Event, ctx: _Context) -> None:
    """Sides the parse left uncoded, from the coded actors the sentence names.

    Event-data coders read a side off the sentence when the clause gives none
    that codes: "a car bombing near Kirkuk killed two engineers" is Iraq's,
    "Peruvian minister Alvaro Quispe summoned Bolivia's envoy" the Peruvian
    side's (the sentence says "Peruvian", the name codes nothing). The source
    is then the sentence's first coded actor that is neither the target nor
    the trigger; the target the first coded actor after the trigger inside
    its own clause ("trained officers capable of raids against smugglers from
    Togo"), never a reporter's clause ("..., a Brazilian mediator said"), and
    not for a joint act whose sides are already two countries ("the Chilean
    and Argentine delegations agreed"), which has no recipient. Such actors
    carry ``kind: "implicit"``; an uncoded actor of the parse stays in front.
    """
    if _codes(event.source) and _codes(event.target):
        return
    token = event.token
    first = token
    if first is None:
        # A surface-coded event has no token: its trigger's first one stands in.
        span = ctx.doc.char_span(event.start, event.end, alignment_mode="expand")
        if span is None or not len(span):
            return
        first = span[0]
    actors = [a for a in ctx.surface_actors(ctx.sent(first)) if a.code]
    if not actors:
        return
    if not _codes(event.source) and not _under_other_act(event, ctx):
        aimed = _codes(event.target)
        patients = _patient_part(token)
        found = next(
            (
                a
                for a in actors
                if (a.code or "")[:3] not in aimed
                and not a.start <= event.start < a.end
                and a.start not in patients
            ),
            None,
        )
        if found is not None:
            event.source = [*event.source, _implicit(found)]
    sources = _codes(event.source)
    if token is None or _codes(event.target) or len(sources) >= 2:
        return
    clause = {t.idx for t in token.subtree}
    found = next(
        (
            a
            for a in actors
            if a.start > event.start and a.start in clause and (a.code or "")[:3] not in sources
        ),
        None,
    )
    if found is not None:
        event.target = [*event.target, _implicit(found)]


def _patient_part(token: Token | None) -> set[int]:
    """Character offsets of the phrases that undergo an act: its object or passive subject.

    "A missionary from Calgary was arrested": Calgary is the arrested man's
    town, never the arrester, whatever else the sentence leaves unsaid.
    """
    if token is None:
        return set()
    return {
        t.idx
        for child in token.children
        if child.dep_ in _OBJ | _PASS_SUBJ | _IOBJ
        for t in child.subtree
    }


def _under_other_act(event: Event, ctx: _Context) -> bool:
    """Whether another event's trigger governs this one's ("condemned the attack on ...").

    Such an act keeps its own, unnamed agent: the sentence's actors are the
    governing act's ("the minister condemned the attack": no attacker named).
    """
    token = event.token
    if token is None:
        return False
    above = {t.i for t in token.ancestors}
    return any(
        other.token is not None and other.token.i in above
        for other in ctx.events
        if other is not event and other.type != event.type
    )


def _implicit(actor: Actor) -> Actor:
    """A copy of an actor marked as read off the sentence rather than the parse."""
    return replace(actor, kind="implicit")


def _press_only(event: Event) -> bool:
    return bool(event.target) and all((a.code or "").endswith("MED") for a in event.target)


def _manual_rules(event: Event, cues: dict[str, frozenset[str]]) -> None:
    """Distinctions the PLOVER manual draws that a trigger word alone cannot.

    Military exercises by two or more countries are COOPERATE, by one country
    MOBILIZE; a protest lodged by a state is a diplomatic ACCUSE, not a PROTEST;
    a strike that hits nothing is a labour strike (PROTEST), not an attack.
    """
    roots = {(a.code or "")[:3] for a in event.source if a.code}
    lemma = event.token.lemma_.lower() if event.token is not None else event.text.lower()
    # "held exercises" carries the noun in its phrase: any exercise word of the trigger counts.
    drill = lemma in _EXERCISES or (
        event.type == "COOPERATE"
        and any(
            w in _EXERCISES or w.removesuffix("s") in _EXERCISES
            for w in event.text.lower().split()[1:]
        )
    )
    partners = roots | {(a.code or "")[:3] for a in event.target if a.code}
    if event.type == "MOBILIZE" and drill and len(partners) >= 2:
        event.type = "COOPERATE"  # "staged exercises with Egypt": a partner is named
    elif event.type == "COOPERATE" and drill and len(roots) == 1 and not event.target:
        event.type = "MOBILIZE"  # "Jordan held exercises in the desert": one country alone
    states = all(
        a.kind == "entity" and not a.plural and (a.code or "")[3:] in ("", "GOV")
        for a in event.source
    )
    if event.type == "PROTEST" and lemma == "protest" and event.source and states:
        event.type = "ACCUSE"
    token = event.token
    if event.type == "ASSAULT" and lemma == "strike" and token is not None and token.pos_ == "VERB":
        # "the unions will strike", "teachers struck for a week": a strike with nothing
        # struck (no object, no "at", "into" or "against") is a walkout, not an attack.
        aimed = any(c.dep_ in _OBJ | _PASS_SUBJ for c in token.children) or any(
            p in ("at", "against", "into") for p, _ in _preps(token)
        )
        subjects, _ = _subject(token)
        strikers = cues.get("strikers", frozenset())
        # The subject, or the actor a pronoun subject stands for ("they would strike").
        words = [s.lemma_.lower() for s in subjects]
        words += [w.lower().removesuffix("s") for a in event.source for w in a.text.split()]
        labour = any(w in strikers for w in words)
        if not aimed and labour:
            event.type = "PROTEST"


def _promised_force(inside: list[Event]) -> None:
    """A promise to use force is a threat: "vowed to attack" is THREATEN, not AGREE.

    ``inside``: the events of one sentence.
    """
    by_start = {e.start: e for e in inside}
    for event in inside:
        if event.type != "AGREE":
            continue
        below = [e for e in inside if e.depth == event.depth + 1 and e.type in _THREAT_CONTENT]
        if any(_governing_event_of(e, by_start) is event for e in below):
            event.type = "THREATEN"


def _governing_event_of(event: Event, by_start: dict[int, Event]) -> Event | None:
    token = event.token
    if token is None:
        return None
    head = token.head
    return by_start.get(head.idx) if head != token else None


def _except(actors: list[Actor], other: list[Actor]) -> list[Actor]:
    """``actors`` less the mentions already on the other side (one mention, one side).

    A pronoun on the other side takes its antecedent's mention too: in "urged
    Turkey to halt its operations", "its" is Turkey, which the target the request
    lends would otherwise name again as the recipient of its own act.
    """
    taken = {(a.start, a.end) for a in other} | {a.refers for a in other if a.refers}
    return [a for a in actors if (a.start, a.end) not in taken]


def _complete_targets(inside: list[Event]) -> None:
    """A threat or request with no target of its own aims at the target of what it threatens.

    ``inside``: the events of one sentence.
    """
    for event in inside:
        if event.target or event.type not in ("THREATEN", "REQUEST", "AGREE", "REJECT"):
            continue
        below = [e for e in inside if e is not event and e.depth > event.depth and e.target]
        if below:
            nearest = min(below, key=lambda e: (e.depth, abs(e.start - event.start)))
            event.target = _except(nearest.target, event.source)


def _complete_sources(inside: list[Event]) -> None:
    """An act with no agent takes it from a clause of the same act that tells how it came about.

    "Six people were killed when security forces opened fire": the killing is
    the firing's. ``inside``: the events of one sentence.
    """
    for event in inside:
        if event.source or event.token is None:
            continue
        for other in inside:
            token = other.token
            if (
                other is not event
                and other.type == event.type
                and other.source
                and token is not None
                and token.head == event.token
                and token.dep_ in ("advcl", "conj")
            ):
                event.source = _except(other.source, event.target)
                break


# ---------------------------------------------------------------------------
# Fallback coder (no parser)


def _surface_actors(sent: Span, ctx: _Context) -> list[Actor]:
    """Entities plus runs of nationality and sector words ("kurdiska grupper"), without a parse."""
    stop = ctx.lex.cues.get("stopwords", frozenset())
    out: list[Actor] = []
    taken: set[int] = set()
    for ent in ctx.sent_ents(sent):
        if ent.label_ in _ACTOR_LABELS and ent.label_ != "NORP":
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
        if nations and not sectors and j < len(tokens):
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
            ) and not _plural(word):
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
        text = ctx.text[start:end]
        kind = "group" if sectors or len(run) > 1 or last != run[-1][0] else "entity"
        out.append(Actor(text, code, None, start, end, text, kind, _plural(last)))
        taken.update(range(token.i, last.i + 1))
        i = j
    # Nationality entities the runs did not absorb ("Kurds") count too.
    for ent in ctx.sent_ents(sent):
        absorbed = any(a.start <= ent.start_char < a.end for a in out)
        if ent.label_ == "NORP" and not absorbed and _plural(ent[-1]):
            out.append(ctx.entity_actor(ent))
    out.sort(key=lambda a: a.start)
    return out


def _surface_triggers(sent: Span, ctx: _Context) -> list[tuple[int, int, Pattern]]:
    """(first token, last token, pattern) of each trigger phrase; gaps of up to two plain words."""
    lex = ctx.lex
    tokens = list(sent)
    found: list[tuple[int, int, Pattern]] = []
    covered: set[int] = set()
    for k, token in enumerate(tokens):
        if token.i in covered or ctx.ent_at.get(token.i) is not None:
            continue
        forms = _forms(token)
        patterns: list[Pattern] = []
        for form in forms:
            patterns.extend(lex.verbs.get(form, ()))
        best: tuple[int, int, Pattern] | None = None
        for pattern in sorted(patterns, key=lambda p: -len(p.words)):
            if pattern.type == "-" or "neg" in pattern.flags or "inverse" in pattern.flags:
                continue
            pos = k
            ok = True
            for alternatives in pattern.words[1:]:
                window = tokens[pos + 1 : pos + 4]
                nxt = next((m for m, t in enumerate(window) if _forms(t) & alternatives), None)
                gap = window[: nxt or 0]
                # No gap over a name or another form of the head ("har ... haft kontakt").
                if nxt is None or any(
                    t.text[:1].isupper()
                    or ctx.ent_at.get(t.i) is not None
                    or _forms(t) & pattern.words[0]
                    for t in gap
                ):
                    ok = False
                    break
                pos = pos + 1 + nxt
            if ok:
                best = (token.i, tokens[pos].i, pattern)
                break
        if best is None:
            noun_patterns: list[Pattern] = []
            for form in forms:
                noun_patterns.extend(p for p in lex.nouns.get(form, ()) if len(p.words) == 1)
            if not noun_patterns and lex.noun_suffixes and token.text[:1].islower():
                low = token.lower_
                etype = next((t for s, t in lex.noun_suffixes if low.endswith(s)), None)
                if etype:
                    noun_patterns = [Pattern((frozenset({low}),), etype, frozenset())]
            if noun_patterns:
                best = (token.i, token.i, noun_patterns[0])
        if best is not None:
            found.append(best)
            covered.update(range(best[0], best[1] + 1))
    return found


def _code_fallback(doc: Doc, ctx: _Context) -> list[Event]:
    cues = ctx.lex.cues
    infinitive = cues.get("fallback_infinitive", frozenset())
    speech = cues.get("speech", frozenset())
    known: list[Actor] = []
    for sent in ctx.sentences:
        actors = _surface_actors(sent, ctx)
        previous: Event | None = None
        for first, last, pattern in _surface_triggers(sent, ctx)[:_MAX_TRIGGERS_PER_SENTENCE]:
            start = doc[first].idx
            end = doc[last].idx + len(doc[last])
            if any(a.start <= start < a.end for a in actors):
                continue  # "Beväpnade kurdiska grupper": a modifier inside a group, not an act.
            before = [
                a
                for a in actors
                if a.end <= start and not _after_prep(a, ctx.text, cues, any_prep=True)
            ]
            after = _right_actors(ctx.text, end, sent, actors, cues, speech)
            before_words = [t.text for t in doc[max(sent.start, first - 8) : first]]
            controlled = (
                previous is not None
                and bool(before_words)
                and before_words[-1].lower() in infinitive
            )
            if controlled and previous is not None:
                source = list(previous.source)
                target = after or [a for a in previous.target if not _after_prep(a, ctx.text, cues)]
                mode = {"CONSULT": "proposed", "REQUEST": "proposed", "THREATEN": "threatened"}.get(
                    previous.type, window_mode(before_words, cues)
                )
            else:
                source = _left_actors(before, ctx.text)
                if not source:
                    source = _pronoun_source(doc[sent.start : first], ctx, known)
                target = after
                if (
                    not source
                    and target
                    and _after_prep(target[0], ctx.text, cues, source_only=True)
                ):
                    # "anklagelser från kurdiskt håll": the "from" phrase is the source.
                    source, target = target[:1], target[1:]
                mode = window_mode(before_words, cues)
            if not source and not target:
                continue
            event = Event(
                start=start,
                end=end,
                text=ctx.text[start:end],
                type=pattern.type,
                mode=mode,
                sentence=(sent.start_char, sent.end_char),
                source=source,
                target=target,
                confidence=0.4 if source and target else 0.3,
                method="fallback",
                depth=0 if not controlled else 1,
            )
            ctx.events.append(event)
            previous = event
        known.extend(actors)
    return ctx.events


def _after_prep(
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


def _left_actors(before: list[Actor], text: str) -> list[Actor]:
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


def _right_actors(
    text: str,
    end: int,
    sent: Span,
    actors: list[Actor],
    cues: dict[str, frozenset[str]],
    speech: frozenset[str],
) -> list[Actor]:
    """The actors right after a trigger, up to a clause break or a reporting verb."""
    limit = sent.end_char
    for token in sent:
        if token.idx < end:
            continue
        if token.text in (",", ";", ":", "–", "—", ".") or token.lower_ in speech:
            limit = token.idx
            break
    chosen: list[Actor] = []
    for actor in actors:
        if actor.start < end or actor.start >= limit or actor.start - end > 60:
            continue
        if _after_prep(actor, text, cues):
            continue  # "i Irak": a place, not a target
        if chosen and actor.start - chosen[-1].end > 8:
            break
        chosen.append(actor)
    return chosen[:3]


def _pronoun_source(before: Span, ctx: _Context, known: list[Actor]) -> list[Actor]:
    """A subject pronoun ("han", "they") resolved to the last actor of the right kind."""
    cues = ctx.lex.cues
    for token in reversed(list(before)):
        low = token.lower_
        if low in cues.get("pronouns_person", frozenset()):
            for ent in reversed([e for e in ctx.ents if e.end <= token.i]):
                if ent.label_ in ("PERSON", "PER"):
                    return [_as_pronoun(ctx.entity_actor(ent), token)]
            return []
        if low in cues.get("pronouns_plural", frozenset()):
            for actor in reversed(known):
                if actor.plural and actor.code:
                    return [_as_pronoun(actor, token)]
            return []
    return []


def _as_pronoun(actor: Actor, token: Token) -> Actor:
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


# ---------------------------------------------------------------------------
# Places, dates, factuality


def _place_for(event: Event, ctx: _Context) -> dict[str, Any] | None:
    used = {(a.start, a.end) for a in [*event.source, *event.target]}
    lo, hi = event.sentence
    best: tuple[int, Span] | None = None
    place_preps = ctx.lex.cues.get("place_preps", frozenset())
    for ent in ctx.places:
        if ent.start_char < lo or ent.end_char > hi:
            continue
        # A place is where something happens: "in western Iran", "near the border town X".
        window = [t.lower_ for t in ctx.doc[max(ent.start - 3, 0) : ent.start]]
        if not any(w in place_preps for w in window):
            continue
        if any(s <= ent.start_char and ent.end_char <= e for s, e in used):
            continue
        distance = abs(ent.start_char - event.start)
        if best is None or distance < best[0]:
            best = (distance, ent)
    if best is None:
        return None
    ent = best[1]
    place = _ext(ent, "place")
    record: dict[str, Any] = {"name": ent.text, "start": ent.start_char, "end": ent.end_char}
    if isinstance(place, dict):
        record.update({k: place.get(k) for k in ("id", "name", "country", "lat", "lon", "kind")})
    else:
        record.update({"id": None, "country": None, "lat": None, "lon": None, "kind": None})
    return record


def _annotate(doc: Doc, events: list[Event], ctx: _Context) -> None:
    try:
        from triangulate.stages.timex import date_for
    except ImportError:
        date_for = None  # type: ignore[assignment]
    try:
        from triangulate.stages.factuality import factuality_at
    except ImportError:
        factuality_at = None  # type: ignore[assignment]
    for event in events:
        event.place = _place_for(event, ctx)
        if date_for is not None:
            try:
                event.date = date_for(doc, event.start, event.end)
            except Exception:  # nor a date problem
                event.date = None
        if factuality_at is not None:
            try:
                event.factuality = factuality_at(doc, event.start)
            except Exception:  # nor a factuality problem
                event.factuality = None
        if event.reported_by and event.factuality in (None, "asserted"):
            event.factuality = "reported"


# ---------------------------------------------------------------------------
# The stage


def code_events(doc: Doc, lang: str | None = None) -> list[Event]:
    """Code every event in an analysed Doc; never raises on odd input."""
    if not len(doc):
        return []
    lex = load_lexicon(lang or doc.lang_ or "xx")
    if lex.empty:
        return []
    ctx = _Context(doc, lex)
    try:
        events = _code_parsed(doc, ctx) if doc.has_annotation("DEP") else _code_fallback(doc, ctx)
    except (IndexError, KeyError, ValueError, RecursionError):
        # A malformed parse (cycles, odd heads) costs this document its parse
        # events, not the run: the surface coder still runs.
        ctx.events = []
        events = _code_fallback(doc, ctx)
    events.sort(key=lambda e: (e.start, e.type))
    _annotate(doc, events, ctx)
    return events


class EventStage:
    """The ``tri_events`` component: codes events and stores them on ``doc._.events``."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        """Code the Doc's events."""
        doc._.events = code_events(doc, self.lang)
        return doc


@Language.factory(
    "tri_events",
    requires=["token.is_sent_start"],
    assigns=["doc._.events"],
)
def make_events(nlp: Language, name: str) -> EventStage:
    """Factory for the event-coding stage."""
    return EventStage(nlp.lang or "xx")


@article_section("events")
def event_records(doc: Doc) -> list[Record]:
    """The ``events`` section of analysis.json."""
    events: list[Event] | None = doc._.events
    if not events:
        return []
    article = doc._.article if Doc.has_extension("article") else None
    article_id = article.id if article is not None else ""
    text = article.text if article is not None else doc.text
    return [
        event.to_json(article_id, i, text[event.sentence[0] : event.sentence[1]])
        for i, event in enumerate(events, 1)
    ]
