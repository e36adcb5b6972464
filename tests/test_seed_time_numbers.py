"""The seeds (../shared/seeds): the dates and numbers that expected.json requires.

Offsets are not given in expected.json, so expressions are found by their
words; the seed texts are read at run time and never copied here.
"""

from __future__ import annotations

from typing import Any

import pytest

from triangulate.stages.timex import date_for


@pytest.fixture(scope="module")
def seed_docs(seed_articles: dict[str, Any]) -> dict[str, Any]:
    """The seeds analysed as ``analyze_article`` does it: language detected first.

    (The shared ``seed_docs`` fixture passes ``article.language`` as read, which is
    None for plain-text seeds, so it depends on which test ran first.)
    """
    from triangulate.nlp.language import detect
    from triangulate.nlp.pipelines import get_pipeline

    docs = {}
    for key, article in sorted(seed_articles.items()):
        language = article.language or detect(article.text)
        nlp = get_pipeline(language)
        doc = nlp.make_doc(article.text)
        doc._.article = article
        article.language = language
        docs[key] = nlp(doc)
    return docs


def _timexes(docs: dict[str, Any], key: str) -> list[dict[str, Any]]:
    doc = docs[key]
    return [dict(s._.timex) | {"text": s.text} for s in doc.spans["timex"]]


def _sentence_with(doc: Any, words: str) -> tuple[int, int]:
    at = doc.text.index(words)
    return at, at + len(words)


def test_sunday_call_in_002(seed_docs: dict[str, Any], expected: dict[str, Any]) -> None:
    assert expected["articles"]["002"]["published"] == "2026-03-04"
    doc = seed_docs["002"]
    sundays = [t for t in _timexes(seed_docs, "002") if t["text"] == "Sunday"]
    assert sundays and sundays[0]["value"] == "2026-03-01" and sundays[0]["resolved"]
    # The call itself (the event trigger "spoke") gets that date.
    start, end = _sentence_with(doc, "spoke")
    found = date_for(doc, start, end)
    assert found is not None and found["value"] == "2026-03-01"


def test_friday_threat_in_003(seed_docs: dict[str, Any], expected: dict[str, Any]) -> None:
    threat = next(e for e in expected["events"] if e["type"] == "THREATEN")
    doc = seed_docs["003"]
    fridays = [t for t in _timexes(seed_docs, "003") if t["text"] == "Friday"]
    assert fridays and all(t["value"] == threat["date"] == "2026-03-06" for t in fridays)
    start, end = _sentence_with(doc, "threatened")
    found = date_for(doc, start, end)
    assert found is not None and found["value"] == threat["date"]


def test_end_of_last_month_in_003(seed_docs: dict[str, Any]) -> None:
    doc = seed_docs["003"]
    (end_of_month,) = [t for t in _timexes(seed_docs, "003") if "end of last month" in t["text"]]
    assert end_of_month["precision"] == "range" and end_of_month["timeml"] == "2026-02"
    assert end_of_month["value"]["from"].startswith("2026-02-")
    assert end_of_month["value"]["to"] == "2026-02-28"
    start, end = _sentence_with(doc, "announced")
    found = date_for(doc, start, end)
    assert found is not None and found["value"] == end_of_month["value"]


def test_ranges_in_003(seed_docs: dict[str, Any]) -> None:
    by_text = {t["text"]: t for t in _timexes(seed_docs, "003")}
    year = by_text["around a year"]
    assert year["value"] == {"from": "2025-03-06", "to": "2026-03-06"}
    week = by_text["a week"]
    assert week["signal"] == "within" and week["value"] == {
        "from": "2026-03-06",
        "to": "2026-03-13",
    }


def test_no_dates_resolved_without_publication_date(
    seed_docs: dict[str, Any], expected: dict[str, Any]
) -> None:
    for key in ("000", "001"):
        assert expected["articles"][key]["published"] is None
        assert not any(
            t["resolved"] and t["type"] in ("DATE", "TIME") for t in _timexes(seed_docs, key)
        )
    # The Swedish one still finds its relative expressions, marked unresolved.
    texts = {t["text"] for t in _timexes(seed_docs, "000")}
    assert {"nyligen", "inom de närmaste dagarna"} <= texts


def _number(records: list[dict[str, Any]], covered: str) -> dict[str, Any]:
    matches = [r for r in records if r["text"].lower() == covered.lower()]
    assert matches, f"{covered!r} not among {[r['text'] for r in records]}"
    return matches[0]


def test_the_four_numbers(seed_analysis: dict[str, Any], expected: dict[str, Any]) -> None:
    ids = {a["source"].rsplit("/", 1)[-1][:3]: a["id"] for a in seed_analysis["articles"]}
    wanted = {
        "5,000-8,000": ({"low": 5000, "high": 8000}, "strength"),
        "thousands": ({"magnitude": 1000}, "fighters"),
        "five": (5, "groups"),
        "tusentals": ({"magnitude": 1000}, "stridande"),
    }
    assert len(expected["numbers"]) == len(wanted)
    for item in expected["numbers"]:
        records = [r for r in seed_analysis["numbers"] if r["article"] == ids[item["article"]]]
        record = _number(records, item["value"])
        value, noun = wanted[item["value"]]
        assert record["value"] == value
        assert noun in (record["counts"] or "")
        if "according_to" in item:
            assert (record["attributed_to"] or "").lower() == item["according_to"]
        start, end = record["sentence"]
        assert start <= record["start"] < record["end"] <= end
