"""Per-language event lexicons: trigger patterns, mode cues and actor words.

A language's data live in ``data/events/<lang>/`` as plain files (``verbs.tsv``,
``nouns.tsv``, ``actors.tsv``, ``modes.json``, ``cameo_verbs.tsv``,
``cameo_actors.tsv``), so that a linguist can extend a language without
touching code. This module reads them once per process into an indexed
:class:`Lexicon`; both coders (parse and fallback) match against it.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import pycountry

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "events"


MAX_TRIGGERS_PER_SENTENCE = 40


#: Words of office that may stand before a name ("President", "Foreign Minister").
TITLE_WORDS = frozenset(
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
    # Codes the PLOVER gold records still use for three countries.
    "JAP": "JPN",
    "ITL": "ITA",
    "VTN": "VNM",
}


#: Roots of dissolved unions whose CAMEO codes go on with the member state: USRUKR is
#: Soviet Ukraine, today Ukraine, not Russia; YUGHRV is Croatia.
_UNIONS = frozenset({"USR", "SUN", "YUG", "SCG", "CSK"})


def modern_code(code: str) -> str:
    """An actor code with an old CAMEO country root replaced by its ISO one (ANGREB -> AGOREB).

    A dissolved union's code followed by a member state's (USRUKR for Kharkiv)
    becomes that state's (UKR); the union alone goes to its successor (USR -> RUS).
    """
    if code[:3] in _UNIONS and _is_country(code[3:6]):
        return code[3:]
    new = _OLD_CODES.get(code[:3])
    return new + code[3:] if new else code


@cache
def _is_country(root: str) -> bool:
    """Whether three letters are an ISO 3166 alpha-3 country code (UKR, KAZ; not GOV)."""
    if len(root) != 3 or not root.isalpha() or not root.isupper():
        return False
    return pycountry.countries.get(alpha_3=root) is not None


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
    #: ``modes.json`` ``"surface_backup": true``: the language's parser is weak, so a
    #: sentence its parse codes no event in is read by the surface coder as well.
    surface_backup: bool = False

    @property
    def empty(self) -> bool:
        """True for a language with no data: it gets no events."""
        return not self.verbs and not self.nouns

    @cached_property
    def _suffix_index(self) -> tuple[dict[str, str], tuple[int, ...]]:
        # The first (longest) suffix of ``noun_suffixes`` decides, as a scan of it would.
        index: dict[str, str] = {}
        for suffix, etype in self.noun_suffixes:
            index.setdefault(suffix, etype)
        return index, tuple(sorted({len(s) for s in index}, reverse=True))

    def suffix_type(self, word: str) -> str | None:
        """The event type of a compound by its noun tail ("gränsattacken" -> ASSAULT).

        A dictionary lookup per possible tail length, longest first: the same
        answer as trying every suffix in turn, which cost a third of Swedish
        event coding when each lower-case word was tried against them all.
        """
        index, lengths = self._suffix_index
        for length in lengths:
            if length <= len(word):
                hit = index.get(word[-length:])
                if hit is not None:
                    return hit
        return None

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
        while hit is None and len(words) > 1 and words[0] in TITLE_WORDS:
            words = words[1:]
            hit = self.named.get(" ".join(words))
        return modern_code(hit) if hit else None

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


def _s_passives(patterns: list[Pattern]) -> list[Pattern]:
    """Swedish heads with their s-passive forms: "grep" -> "greps", "griper" -> "grips".

    News reports acts in the passive ("har gripits av iranska säkerhetsstyrkor",
    "dödades"); the lists name active forms, and each passive form is the active
    one plus -s (a present in -er or -ar drops its -r or -er: "grips", "dödas").
    """
    out = []
    for pattern in patterns:
        heads = set(pattern.words[0])
        for form in pattern.words[0]:
            if form.endswith("s"):
                continue  # already passive or deponent ("enas", "slåss")
            if form.endswith("er"):
                heads.add(form[:-2] + "s")
            elif form.endswith("ar"):
                heads.add(form[:-1] + "s")
            else:
                heads.add(form + "s")
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
    bare = frozenset(form for p in hand if "phrases" in p.flags for form in p.words[0])
    # A head the hand list both types in some phrases ("exchange intelligence") and
    # flags ``phrases`` keeps CAMEO's other phrases for it ("exchange prisoners").
    known = frozenset(form for p in hand if "phrases" not in p.flags for form in p.words[0])
    known -= bare
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
def _names(path: Path) -> dict[str, str]:
    """A CAMEO name list as alias -> code, read once however many languages share it."""
    return {row[0].lower(): row[1] for row in _read_tsv(path) if len(row) >= 2 and row[1]}


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
    surface_backup = False
    modes = folder / "modes.json"
    if modes.is_file():
        for key, value in json.loads(modes.read_text(encoding="utf-8")).items():
            if isinstance(value, list):
                cues[key] = frozenset(str(v).lower() for v in value)
            elif key == "surface_backup":
                surface_backup = value is True
    verbs += _general_verbs(folder, verbs, cues)
    if lang == "en":
        verbs = _inflect(verbs, folder)
    elif lang == "sv":
        verbs = _s_passives(verbs)
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
    # Names of people, towns and groups are the same in every Latin-script language
    # ("Boko Haram", "al-Shabaab", "Mogadishu"): a language without its own list
    # shares the English one.
    names = folder / "cameo_actors.tsv"
    named = _names(names if names.is_file() else DATA_DIR / "en" / "cameo_actors.tsv")
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
        surface_backup,
    )
