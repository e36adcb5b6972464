"""``tri_places``: geocode every place mention, letting the article's countries decide homonyms.

A place mention (GPE, LOC or FAC from ``tri_entities``) gets candidates from
the gazetteer (exact names and alternate names first, then fuzzy matches for
transliteration variants) and the best one is chosen. Context is the set of
countries the article names (countries, capitals, demonyms, actors with a
country), most-mentioned first, so "Paris" in an article about Texas is Paris,
Texas. A capital used for its government ("Tehran said") still resolves, as a
place, to the city.
"""

from __future__ import annotations

from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc, Span

from triangulate import kb
from triangulate.kb.gazetteer import Candidate, gazetteer

for _name in ("place", "place_candidates"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)

#: Entity labels that name places.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def article_countries(doc: Doc) -> list[str]:
    """ISO codes of the countries an article is about, most-mentioned first."""
    counts: Counter[str] = Counter()
    for ent in doc.ents:
        ident = ent._.entity_id or ""
        entry = kb.get(ident)
        if entry is not None and entry.country:
            counts[entry.country] += 2 if entry.kind == "country" else 1
    return [code for code, _ in counts.most_common()]


def _strip(text: str) -> str:
    for prefix in ("the ", "The "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    for suffix in ("'s", "’s", ":s"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return text


class PlaceStage:
    """The tri_places component."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.lang = nlp.lang

    def __call__(self, doc: Doc) -> Doc:
        """Set ``span._.place`` (the chosen one) and ``span._.place_candidates`` on places."""
        ents = [e for e in doc.ents if e.label_ in PLACE_LABELS]
        if not ents:
            return doc
        context = article_countries(doc)
        cache: dict[str, list[Candidate]] = {}
        for ent in ents:
            key = ent.text
            if key not in cache:
                cache[key] = self._candidates(ent, context)
            found = cache[key]
            if not found:
                continue
            ent._.place = found[0].place.to_json()
            ent._.place_candidates = [
                {**c.place.to_json(), "match": round(c.match, 1)} for c in found[:3]
            ]
        return doc

    def _candidates(self, ent: Span, context: list[str]) -> list[Candidate]:
        gaz = gazetteer()
        entry = kb.get(ent._.entity_id or "")
        text = _strip(ent.text)
        if entry is not None and entry.id.startswith("region:"):
            place = gaz.places.get(entry.id)
            if place is not None:
                return [Candidate(place, 100.0, 200.0)]
        if entry is not None and entry.kind == "country":
            # "western Iran" stands for Iran as an actor; as a place it is the region.
            regions = [p for p in gaz.exact(text) if p.id.startswith("region:")]
            if regions:
                return [Candidate(regions[0], 100.0, 200.0)]
            # A capital stands for its country as an actor, but as a place it is the city.
            aliases = kb.knowledge_base().candidates(text, self.lang)
            if any(a.kind == "capital" and a.entry_id == entry.id for a in aliases):
                local = [
                    c for c in gaz.candidates(text, [entry.country or ""]) if c.place.kind == "city"
                ]
                if local and local[0].place.country == entry.country:
                    return local
            place = gaz.places.get(f"country:{entry.country}")
            if place is not None:
                return [Candidate(place, 100.0, 200.0)]
        found = gaz.candidates(text, context)
        if not found and self.lang in ("sv", "da", "nb", "nn", "de") and text.endswith("s"):
            found = gaz.candidates(text[:-1], context)
        return found


@Language.factory(
    "tri_places",
    requires=["doc.ents"],
    assigns=["span._.place"],
)
def make_places(nlp: Language, name: str) -> PlaceStage:
    """Build the geocoding stage."""
    return PlaceStage(nlp, name)
