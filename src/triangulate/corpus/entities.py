"""Corpus sections ``entities`` and ``places``: one record per actor and per place, across articles.

Both are built from the per-article ``mentions`` records (``tri_entities`` and
``tri_places``), so a new article only adds mentions. Entity ids are already
stable across articles and languages (KB ids, or ids derived from the
normalised name and type); the one cross-article merge left is a bare surname
("Plitsas") in an article that never gives the full name, which joins the one
full name ending with it elsewhere in the corpus.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from triangulate import kb
from triangulate.sections import ArticleResult, Record, corpus_section


def _mentions(results: list[ArticleResult]) -> list[Record]:
    out: list[Record] = []
    for result in results:
        for mention in result.get("mentions") or []:
            if isinstance(mention, dict) and mention.get("entity_id"):
                out.append(mention)
    return out


def _surname_merges(mentions: list[Record]) -> dict[str, str]:
    """Unknown one-word person ids -> the single unknown full-name id that ends with that word."""
    full: dict[str, set[str]] = defaultdict(set)
    single: set[str] = set()
    for m in mentions:
        ident = str(m["entity_id"])
        if not ident.startswith("name:per:"):
            continue
        tail = ident.removeprefix("name:per:")
        if "-" in tail:
            full[tail.rsplit("-", 1)[1]].add(ident)
        else:
            single.add(tail)
    merges = {}
    for word in single:
        targets = full.get(word, set())
        if len(targets) == 1:
            merges[f"name:per:{word}"] = next(iter(targets))
    return merges


#: Spelling variants of one unknown name across reports ("Mustafa Hejri", "Mustafa Hijri").
SPELLING_SIMILARITY = 92.0


def _spelling_merges(mentions: list[Record]) -> dict[str, str]:
    """Unknown multi-word ids of one type whose names differ by a letter or two -> the commonest."""
    from rapidfuzz import fuzz

    counts: Counter[str] = Counter(
        str(m["entity_id"]) for m in mentions if str(m["entity_id"]).startswith("name:")
    )
    by_group: dict[str, list[str]] = defaultdict(list)
    for ident in counts:
        group, _, name = ident.removeprefix("name:").partition(":")
        if name.count("-") >= 1 and len(name) >= 10:
            by_group[group].append(ident)
    merges: dict[str, str] = {}
    for idents in by_group.values():
        # Commonest first, so variants join the most used spelling.
        idents.sort(key=lambda i: (-counts[i], i))
        for n, ident in enumerate(idents):
            if ident in merges:
                continue
            name = ident.rsplit(":", 1)[1]
            for other in idents[n + 1 :]:
                other_name = other.rsplit(":", 1)[1]
                # Same number of words and the same first letter: a spelling, not another person.
                same_shape = other_name.count("-") == name.count("-") and other_name[0] == name[0]
                close = same_shape and fuzz.ratio(name, other_name) >= SPELLING_SIMILARITY
                if other not in merges and close:
                    merges[other] = ident
    return merges


def _span(m: Record) -> dict[str, Any]:
    return {
        "article": m.get("article"),
        "start": m.get("start"),
        "end": m.get("end"),
        "text": m.get("text"),
    }


@corpus_section("entities")
def build_entities(results: list[ArticleResult]) -> list[Record]:
    """One record per entity: id, name, type, kb_id, actor_code, aliases and every mention."""
    mentions = _mentions(results)
    merges = _surname_merges(mentions)
    spelling = _spelling_merges(mentions)
    merges = {k: spelling.get(v, v) for k, v in merges.items()} | spelling
    groups: dict[str, list[Record]] = defaultdict(list)
    for m in mentions:
        ident = str(m["entity_id"])
        groups[merges.get(ident, ident)].append(m)
    out: list[Record] = []
    for ident, items in groups.items():
        entry = kb.get(ident)
        types = Counter(str(m.get("type") or m.get("label")) for m in items)
        if entry is not None:
            name, type_, kb_id, code = entry.name, entry.type, entry.kb_id, entry.actor_code
        else:
            names = Counter(str(m.get("name") or m.get("text")) for m in items)
            # The longest of the most used names: "Alex Plitsas" over "Plitsas".
            name = max(names, key=lambda n: (len(n.split()), names[n], len(n)))
            type_ = types.most_common(1)[0][0]
            kb_id = None
            code = next((m.get("actor_code") for m in items if m.get("actor_code")), None)
        aliases = Counter(str(m.get("text")) for m in items)
        out.append(
            {
                "id": ident,
                "name": name,
                "type": type_,
                "kb_id": kb_id,
                "actor_code": code,
                "aliases": [a for a, _ in aliases.most_common()],
                "articles": sorted({str(m.get("article")) for m in items}),
                "mentions": [_span(m) for m in items],
            }
        )
    out.sort(key=lambda r: (-len(r["mentions"]), r["id"]))
    return out


@corpus_section("places")
def build_places(results: list[ArticleResult]) -> list[Record]:
    """One record per geocoded place: id, name, country, lat, lon, kind, aliases, mentions."""
    groups: dict[str, list[Record]] = defaultdict(list)
    places: dict[str, dict[str, Any]] = {}
    for m in _mentions(results):
        place = m.get("place")
        if not isinstance(place, dict) or not place.get("id"):
            continue
        groups[str(place["id"])].append(m)
        places.setdefault(str(place["id"]), place)
    out: list[Record] = []
    for ident, items in groups.items():
        place = places[ident]
        aliases = Counter(str(m.get("text")) for m in items)
        out.append(
            {
                "id": ident,
                "name": place.get("name"),
                "country": place.get("country"),
                "lat": place.get("lat"),
                "lon": place.get("lon"),
                "kind": place.get("kind"),
                "entity_ids": sorted({str(m.get("entity_id")) for m in items}),
                "aliases": [a for a, _ in aliases.most_common()],
                "articles": sorted({str(m.get("article")) for m in items}),
                "mentions": [_span(m) for m in items],
            }
        )
    out.sort(key=lambda r: (-len(r["mentions"]), r["id"]))
    return out
