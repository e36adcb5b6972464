"""The seed acceptance test for entities and places (../shared/seeds/expected.json).

Every entity and alias listed there must resolve to one entity of the right
name and type in analysis.json; the listed places must be geocoded (within
10 km where coordinates are given) in the articles listed.
"""

from __future__ import annotations

import math
import re
from typing import Any

from triangulate import kb
from triangulate.kb import normalise


def _occurrences(text: str, alias: str) -> list[tuple[int, int]]:
    pattern = re.compile(r"(?<!\w)" + re.escape(alias).replace("'", "['’]") + r"(?!\w)")
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def _resolve(
    alias: str, etype: str, texts: dict[str, str], mentions: list[dict[str, Any]]
) -> set[str]:
    """Entity ids an alias resolves to where it occurs (longest mention inside each occurrence)."""
    inside: set[str] = set()
    around: set[str] = set()
    for article, text in texts.items():
        here = [m for m in mentions if m["article"] == article]
        for start, end in _occurrences(text, alias):
            within = [m for m in here if start <= m["start"] and m["end"] <= end]
            if within:
                inside.add(max(within, key=lambda m: m["end"] - m["start"])["entity_id"])
                continue
            # "revolutionsgarde" inside "Irans revolutionsgarde": the enclosing mention names it.
            around.update(m["entity_id"] for m in here if m["start"] <= start and end <= m["end"])
    if inside or around:
        return inside or around
    # Not in the seed texts at all ("Islamic Republic"): the knowledge base must still know it.
    return {kb.entity_id_for(alias, etype, None)}


def test_every_expected_entity_and_alias_resolves(
    expected: dict[str, Any], seed_analysis: dict[str, Any], seed_articles: dict[str, Any]
) -> None:
    texts = {a.id: a.text for a in seed_articles.values()}
    mentions = [
        {"article": m["article"], "start": m["start"], "end": m["end"], "entity_id": e["id"]}
        for e in seed_analysis["entities"]
        for m in e["mentions"]
    ]
    by_id = {e["id"]: e for e in seed_analysis["entities"]}
    problems = []
    for exp in expected["entities"]:
        resolved: dict[str, set[str]] = {}
        for alias in dict.fromkeys([exp["name"], *exp["aliases"]]):
            resolved[alias] = _resolve(alias, exp["type"], texts, mentions)
        ids = set().union(*resolved.values())
        if len(ids) != 1:
            problems.append(f"{exp['name']}: aliases resolve to {resolved}")
            continue
        ident = ids.pop()
        record = by_id.get(ident) or {}
        if normalise(record.get("name", "")) != normalise(exp["name"]):
            problems.append(f"{exp['name']}: entity {ident} is named {record.get('name')!r}")
        if record.get("type") != exp["type"]:
            problems.append(f"{exp['name']}: entity {ident} has type {record.get('type')!r}")
    assert not problems, "\n".join(problems)


def test_no_expected_entity_is_split(
    expected: dict[str, Any], seed_analysis: dict[str, Any]
) -> None:
    names = [normalise(e["name"]) for e in seed_analysis["entities"]]
    for exp in expected["entities"]:
        assert names.count(normalise(exp["name"])) <= 1, (
            f"{exp['name']} appears as several entities"
        )


def test_trump_administration_is_the_us_government(seed_analysis: dict[str, Any]) -> None:
    record = next(e for e in seed_analysis["entities"] if e["name"] == "Trump administration")
    assert record["actor_code"] == "USAGOV"


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def test_expected_places_are_geocoded(
    expected: dict[str, Any], seed_analysis: dict[str, Any], seed_articles: dict[str, Any]
) -> None:
    problems = []
    for exp in expected["places"]:
        names = {normalise(n) for n in [exp["name"], *exp.get("aliases", [])]}
        found = [
            p
            for p in seed_analysis["places"]
            if names & {normalise(a) for a in p["aliases"]} or normalise(p["name"]) in names
        ]
        if not found:
            problems.append(f"{exp['name']}: no place record")
            continue
        place = found[0]
        if place["country"] != exp["country"]:
            problems.append(f"{exp['name']}: country {place['country']}")
        if "lat" in exp:
            distance = _km(place["lat"], place["lon"], exp["lat"], exp["lon"])
            if distance > 10:
                problems.append(f"{exp['name']}: {distance:.1f} km from the expected point")
        wanted = {seed_articles[key].id for key in exp["articles"]}
        seen = {a for p in found for a in p["articles"]}
        if not wanted <= seen:
            missing = sorted(k for k in exp["articles"] if seed_articles[k].id not in seen)
            problems.append(f"{exp['name']}: not found in articles {missing}")
    assert not problems, "\n".join(problems)


def test_mentions_point_into_the_text(
    seed_results: dict[str, Any], seed_articles: dict[str, Any]
) -> None:
    for key, result in seed_results.items():
        text = seed_articles[key].text
        assert result["mentions"], key
        for m in result["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
            assert m["entity_id"]


def test_unknown_spellings_merge_across_articles() -> None:
    from triangulate.corpus.entities import build_entities

    def mention(article: str, text: str, ident: str) -> dict[str, Any]:
        return {
            "article": article,
            "start": 0,
            "end": len(text),
            "text": text,
            "entity_id": ident,
            "name": text,
            "type": "PERSON",
            "label": "PERSON",
        }

    results = [
        {
            "article": {"id": "a"},
            "mentions": [
                mention("a", "Karzan Rashidi", "name:per:karzan-rashidi"),
                mention("a", "Rashidi", "name:per:rashidi"),
            ],
        },
        {
            "article": {"id": "b"},
            "mentions": [
                mention("b", "Karzan Rashidy", "name:per:karzan-rashidy"),
                mention("b", "Maria Lind", "name:per:maria-lind"),
            ],
        },
        {
            "article": {"id": "c"},
            "mentions": [
                mention("c", "Karzan Rashidi", "name:per:karzan-rashidi"),
                mention("c", "Mario Lind", "name:per:mario-lind"),
            ],
        },
    ]
    entities = {e["id"]: e for e in build_entities(results)}
    rashidi = entities["name:per:karzan-rashidi"]
    assert set(rashidi["aliases"]) == {"Karzan Rashidi", "Karzan Rashidy", "Rashidi"}
    assert rashidi["articles"] == ["a", "b", "c"]
    # Different first names are different people.
    assert {"name:per:maria-lind", "name:per:mario-lind"} <= set(entities)
