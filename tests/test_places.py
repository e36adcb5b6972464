"""Geocoding: the gazetteer (exact, fuzzy, homonyms) and the tri_places stage."""

from __future__ import annotations

import math

import pytest
from spacy.tokens import Doc

from triangulate.kb.gazetteer import gazetteer
from triangulate.model import Article
from triangulate.nlp.pipelines import get_pipeline


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


@pytest.mark.parametrize(
    ("name", "context", "country", "lat", "lon"),
    [
        # Transliteration variants (fuzzy) and alternate names.
        ("Oshnavieh", ["IR"], "IR", 37.04, 45.10),
        ("Ushnu", [], "IR", 37.04, 45.10),
        ("Piranshahr", ["IR"], "IR", 36.70, 45.14),
        ("Sulaimaniyah", ["IQ"], "IQ", 35.56, 45.43),
        ("Erbil", [], "IQ", 36.19, 44.01),
        ("Arbil", [], "IQ", 36.19, 44.01),
        # Regions gazetteers lack.
        ("västra Iran", [], "IR", 34.8, 46.9),
        ("irakiska Kurdistan", [], "IQ", 36.19, 44.01),
        ("Rojhelat", [], "IR", 35.8, 46.3),
    ],
)
def test_gazetteer_finds_places(
    name: str, context: list[str], country: str, lat: float, lon: float
) -> None:
    found = gazetteer().candidates(name, context)
    assert found, name
    best = found[0].place
    assert best.country == country
    assert best.lat is not None and best.lon is not None
    assert _km(best.lat, best.lon, lat, lon) < 15


def test_country_context_decides_homonyms() -> None:
    gaz = gazetteer()
    assert gaz.candidates("Paris", [])[0].place.country == "FR"
    assert gaz.candidates("Paris", ["US"])[0].place.country == "US"
    assert gaz.candidates("Tripoli", ["LB"])[0].place.country == "LB"
    assert gaz.candidates("Tripoli", ["LY"])[0].place.country == "LY"


def test_fuzzy_matching_is_not_reckless() -> None:
    gaz = gazetteer()
    assert gaz.candidates("Xqzvbnm", ["IR"]) == []
    assert gaz.candidates("", ["IR"]) == []
    assert gaz.candidates("!!!", []) == []


def _run(text: str, lang: str) -> Doc:
    nlp = get_pipeline(lang)
    doc = nlp.make_doc(text)
    doc._.article = Article(text=text, source="test", language=lang)
    return nlp(doc)


def test_places_stage_geocodes_with_article_context() -> None:
    text = (
        "Iran moved troops towards the border with Iraq on Tuesday. "
        "Residents of Oshnavieh and Mahabad reported convoys, while officials in Tehran said "
        "the deployment was routine. Fighting was also reported in western Iran."
    )
    doc = _run(text, "en")
    places = {e.text: e._.place for e in doc.ents if e._.place}
    assert places["Oshnavieh"]["country"] == "IR"
    assert places["Mahabad"]["country"] == "IR"
    # A capital used for a government is the country as an actor, the city as a place.
    tehran = next(e for e in doc.ents if e.text == "Tehran")
    assert tehran._.entity_id == "country:IR"
    assert tehran._.place["kind"] == "city"
    assert _km(tehran._.place["lat"], tehran._.place["lon"], 35.69, 51.39) < 10
    assert places["western Iran"]["id"] == "region:western-iran"
    assert places["Iran"]["kind"] == "country"
    oshnavieh = next(e for e in doc.ents if e.text == "Oshnavieh")
    assert oshnavieh._.place_candidates and oshnavieh._.place_candidates[0]["match"] >= 86


def test_places_in_swedish() -> None:
    doc = _run("Striderna fortsatte i irakiska Kurdistan och nära Bagdad.", "sv")
    places = {e.text: e._.place for e in doc.ents if e._.place}
    assert places["irakiska Kurdistan"]["country"] == "IQ"
    assert places["Bagdad"]["country"] == "IQ"
    assert places["Bagdad"]["kind"] == "city"
