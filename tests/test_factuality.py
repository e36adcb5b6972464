"""tri_factuality: one label per sentence, with the words that triggered it."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from spacy.tokens import Doc

from triangulate.model import Article
from triangulate.nlp.pipelines import get_pipeline
from triangulate.stages.factuality import LABELS, factuality_at, load_lexicon


def _doc(text: str, lang: str) -> Doc:
    nlp = get_pipeline(lang)
    doc = nlp.make_doc(text)
    doc._.article = Article(text=text, source="test", language=lang)
    return nlp(doc)


def _labels(text: str, lang: str) -> list[tuple[str, list[str]]]:
    doc = _doc(text, lang)
    return [(r["label"], [t["text"] for t in r["triggers"]]) for r in doc._.factuality]


@pytest.mark.parametrize(
    ("text", "label", "trigger"),
    [
        ("The harbour master allegedly sold the cranes.", "alleged", "allegedly"),
        ("The ferry company denied any wrongdoing.", "denied", "denied"),
        (
            "The figures could not be independently verified.",
            "unconfirmed",
            "could not be independently verified",
        ),
        (
            "The Gazette was not able to confirm the account.",
            "unconfirmed",
            "was not able to confirm",
        ),
        ("The navy reportedly moved two ships north.", "reported", "reportedly"),
        ("The mayor said the bridge would reopen.", "reported", "said"),
        ("If the talks fail, fuel prices might rise.", "hypothetical", "If"),
        ("The bridge opened in 1932.", "asserted", None),
        ("Fuel prices rose in May.", "asserted", None),
        ("The authorities have long tried to maintain calm.", "asserted", None),
        ("The ministry did not respond to requests for comment.", "asserted", None),
    ],
)
def test_english_labels(text: str, label: str, trigger: str | None) -> None:
    [(got, triggers)] = _labels(text, "en")
    assert got == label, triggers
    if trigger:
        assert any(trigger in t for t in triggers), triggers


@pytest.mark.parametrize(
    ("text", "label", "trigger"),
    [
        ("Hon ska enligt uppgift ha lämnat landet.", "reported", "enligt uppgift"),
        ("Uppgifterna har inte kunnat bekräftas.", "unconfirmed", "inte kunnat bekräftas"),
        ("Ministern förnekar anklagelserna.", "denied", "förnekar"),
        ("Färjan uppges ha gått på grund.", "reported", "uppges"),
        ("– Vi bygger en ny kaj, säger hamnchefen.", "reported", "säger"),
        ("Bron öppnade 1932.", "asserted", None),
    ],
)
def test_swedish_labels(text: str, label: str, trigger: str | None) -> None:
    [(got, triggers)] = _labels(text, "sv")
    assert got == label, triggers
    if trigger:
        assert any(trigger in t for t in triggers), triggers


def test_strongest_hedge_wins_and_spans_point_into_the_text() -> None:
    text = "The ministry denied reports that the ships allegedly left port."
    doc = _doc(text, "en")
    [record] = doc._.factuality
    assert record["label"] == "denied"
    for trig in record["triggers"]:
        assert text[trig["start"] : trig["end"]] == trig["text"]
    assert record["sentence"] == [0, len(text)]


def test_factuality_at_finds_the_sentence() -> None:
    text = "The bridge opened in 1932. The navy reportedly moved north."
    doc = _doc(text, "en")
    assert factuality_at(doc, 3) == "asserted"
    assert factuality_at(doc, text.index("navy")) == "reported"
    assert factuality_at(doc, len(text) + 50) == "asserted"
    assert factuality_at(doc, -5) == "asserted"


def test_language_without_lexicon_and_empty_text() -> None:
    doc = _doc("Silta avattiin vuonna 1932. Laiva lähti.", "fi")
    assert {r["label"] for r in doc._.factuality} == {"asserted"}
    assert load_lexicon("fi").empty
    empty = _doc("", "en")
    assert empty._.factuality == []
    assert factuality_at(empty, 0) == "asserted"


def test_lexicon_files_are_well_formed() -> None:
    folder = resources.files("triangulate.data") / "quotes"
    langs = [p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json")]
    assert {"en", "sv"} <= set(langs)
    for lang in langs:
        data = json.loads((folder / f"{lang}.json").read_text(encoding="utf-8"))
        assert set(data["factuality"]) <= set(LABELS)
        lexicon = load_lexicon(lang)
        assert lexicon.cue_forms and lexicon.anonymous_nouns, lang
        assert set(lexicon.triggers) == set(data["factuality"])
