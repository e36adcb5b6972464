"""Numbers: values in words and digits, ranges, magnitudes, counted nouns and attribution."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from triangulate.model import Article
from triangulate.stages.numbers import find_numbers, lexicon, number_records, parse_digits


def _values(text: str, lang: str = "en") -> list[Any]:
    return [m.value for m in find_numbers(text, lang)]


def _doc(text: str, lang: str, published: date | None = None) -> Any:
    from triangulate.nlp.pipelines import get_pipeline

    nlp = get_pipeline(lang)
    doc = nlp.make_doc(text)
    doc._.article = Article(text=text, source="test", language=lang, published=published)
    return nlp(doc)


@pytest.mark.parametrize(
    ("text", "decimal", "value"),
    [
        ("5,000", ".", 5000),
        ("5,000.5", ".", 5000.5),
        ("5.000,5", ",", 5000.5),
        ("5 000", ",", 5000),
        ("5\u00a0000", ".", 5000),
        ("5.000", ",", 5000),  # Swedish and German group with a point
        ("5.000", ".", 5.0),  # English reads a point as decimal
        ("5,5", ",", 5.5),
        ("1.000.000", ".", 1000000),
        ("1,000,000.25", ".", 1000000.25),
        ("12", ".", 12),
    ],
)
def test_separators_by_language(text: str, decimal: str, value: float) -> None:
    assert parse_digits(text, decimal) == value


def test_words_ranges_and_magnitudes() -> None:
    assert _values("Five groups and twenty-five thousand people") == [5, 25000]
    assert _values("one hundred and five men") == [105]
    assert _values("two hundred twenty two boats") == [222]
    assert _values("nine nine nine") == []  # not a number, just words in a row
    assert _values("två hundra båtar och tre tusen man", "sv") == [200, 3000]
    assert _values("The militias number 5,000-8,000.") == [{"low": 5000, "high": 8000}]
    assert _values("between 200 and 300 people") == [{"low": 200, "high": 300}]
    assert _values("two to three thousand fighters") == [{"low": 2000, "high": 3000}]
    assert _values("5-8 million dollars") == [{"low": 5000000, "high": 8000000}]
    assert _values("thousands of fighters and tens of thousands of refugees") == [
        {"magnitude": 1000},
        {"magnitude": 10000},
    ]
    assert _values("tusentals stridande och hundratals civila", "sv") == [
        {"magnitude": 1000},
        {"magnitude": 100},
    ]
    assert _values("fem grupper, 5 000 man och 2,5 miljoner kronor", "sv") == [5, 5000, 2500000]


def test_not_numbers() -> None:
    assert _values("F-16 jets, COVID-19 and the G7 summit") == []
    assert _values("one of them said") == [1]  # a cardinal all the same
    assert _values("en grupp och ett parti", "sv") == []  # articles, not the number one


def test_qualifiers_and_units() -> None:
    (about,) = find_numbers("about 5,000 troops", "en")
    assert about.qualifier == "about" and about.value == 5000
    (money,) = find_numbers("a $4.5 billion deal", "en")
    assert money.value == 4500000000 and money.unit == "US dollars"
    (share,) = find_numbers("turnout was 40% in the north", "en")
    assert share.unit == "percent"


def test_counted_noun_and_attribution_with_parser() -> None:
    text = (
        "Independent estimates put the rebels' combined strength at 3,000-4,000. "
        "Officials said hundreds of families were leaving the valley. "
        "Seven opposition parties signed the pact, according to the state broadcaster."
    )
    by_text = {r["text"]: r for r in _doc(text, "en")._.numbers}
    strength = by_text["3,000-4,000"]
    assert strength["value"] == {"low": 3000, "high": 4000}
    assert "strength" in strength["counts"]
    assert strength["attributed_to"].lower() == "independent estimates"
    families = by_text["hundreds"]
    assert families["value"] == {"magnitude": 100} and "families" in families["counts"]
    assert families["attributed_to"] == "Officials"
    parties = by_text["Seven"]
    assert parties["value"] == 7 and "parties" in parties["counts"]
    assert parties["attributed_to"] == "the state broadcaster"


def _unparsed_doc(text: str, lang: str) -> Any:
    """A Doc through a blank pipeline (sentences, times, numbers): no tagger, no parser."""
    import spacy

    from triangulate.stages import load_stage_modules

    load_stage_modules()
    nlp = spacy.blank(lang)
    for name in ("tri_sentences", "tri_timex", "tri_numbers"):
        nlp.add_pipe(name)
    doc = nlp.make_doc(text)
    doc._.article = Article(text=text, source="test", language=lang)
    return nlp(doc)


def test_counted_noun_without_parser() -> None:
    doc = _unparsed_doc("Enligt armén finns tusentals soldater vid gränsen.", "sv")
    assert not doc.has_annotation("DEP")
    (record,) = doc._.numbers
    assert record["value"] == {"magnitude": 1000}
    assert record["counts"] == "soldater"
    assert record["attributed_to"] == "armén"


def test_english_without_parser() -> None:
    doc = _unparsed_doc("Police said about 2,000 protesters and two journalists were there.", "en")
    by_text = {r["text"]: r for r in doc._.numbers}
    assert by_text["2,000"]["counts"] == "protesters" and by_text["2,000"]["qualifier"] == "about"
    assert by_text["two"]["counts"] == "journalists"


def test_numbers_inside_dates_are_not_counts() -> None:
    doc = _doc("On March 3, 2026, five ministers resigned within two days.", "en", date(2026, 3, 4))
    assert [r["value"] for r in doc._.numbers] == [5]


def test_section_records() -> None:
    text = "Police counted 12 protesters."
    doc = _doc(text, "en")
    (record,) = number_records(doc)
    assert record["article"] == doc._.article.id
    assert text[record["start"] : record["end"]] == "12" == record["text"]
    assert record["sentence"] == [0, len(text)] and record["counts"] == "protesters"


@pytest.mark.parametrize(
    "text",
    [
        "5.000 5 000 5,000.5 5,000,00 1,2,3 ,,, ... 0000 99999999999999999999999",
        "1" * 5000,
        "nine " * 1000,
        "thousands " * 500 + "-" * 100,
        "between and to or - – 5 -",
        "",
        "\x00\ufeff 12\u202f000 €\u00a05",
    ],
)
def test_hostile_input_never_raises(text: str) -> None:
    for lang in ("en", "sv", "zz"):
        for mention in find_numbers(text, lang):
            assert 0 <= mention.start < mention.end <= len(text)


def test_long_sentence_through_the_stage() -> None:
    text = " ".join(["twelve soldiers and"] * 400) + " 5,000 more."
    doc = _doc(text, "en")
    assert len(doc._.numbers) == 401


def test_unknown_language() -> None:
    assert lexicon("zz") is None
    assert find_numbers("5 000", "zz") == []


def test_number_inside_the_attribution_is_not_attributed() -> None:
    doc = _doc("The talks stalled, according to three diplomats in the capital.", "en")
    (record,) = doc._.numbers
    assert record["value"] == 3 and "diplomats" in record["counts"]
    assert record["attributed_to"] is None


def test_counted_noun_edge_cases_with_parser() -> None:
    doc = _doc(
        "At least 82 killed, officials said. One claimed the attack. "
        "The ambassador was among hundreds injured.",
        "en",
    )
    by_text = {r["text"]: r for r in doc._.numbers}
    assert by_text["82"]["counts"] == "killed" and by_text["82"]["qualifier"] == "at least"
    assert by_text["One"]["counts"] is None  # a pronoun, nothing counted after it
    assert by_text["hundreds"]["counts"] != "ambassador"
