"""The Swedish double-subject repair: on hand-built parses, and through the pipeline.

Sentences are our own.
"""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from triangulate.model import Article
from triangulate.nlp.parse_repair import repair_double_subjects
from triangulate.nlp.pipelines import get_pipeline


def _parsed(words: list[str], heads: list[int], deps: list[str], pos: list[str]) -> Doc:
    return Doc(spacy.blank("sv").vocab, words=words, heads=heads, deps=deps, pos=pos)


def test_a_second_subject_after_the_verb_is_its_object() -> None:
    doc = _parsed(
        ["Ryssland", "anföll", "ukrainska", "ställningar"],
        [1, 1, 3, 1],
        ["nsubj", "ROOT", "amod", "nsubj"],
        ["PROPN", "VERB", "ADJ", "NOUN"],
    )
    assert repair_double_subjects(doc) == 1
    assert [t.dep_ for t in doc] == ["nsubj", "ROOT", "amod", "obj"]


def test_flattened_coordinated_subjects_stay_subjects() -> None:
    doc = _parsed(
        ["USA", "och", "Israel", "anföll", "mål"],
        [3, 3, 3, 3, 3],
        ["nsubj", "cc", "nsubj", "ROOT", "nsubj"],
        ["PROPN", "CCONJ", "PROPN", "VERB", "NOUN"],
    )
    repair_double_subjects(doc)
    assert [t.dep_ for t in doc] == ["nsubj", "cc", "nsubj", "ROOT", "obj"]


def test_inverted_clause_keeps_the_first_subject_after_the_verb() -> None:
    doc = _parsed(
        ["Då", "anföll", "Ryssland", "staden"],
        [1, 1, 1, 1],
        ["advmod", "ROOT", "nsubj", "nsubj"],
        ["ADV", "VERB", "PROPN", "NOUN"],
    )
    repair_double_subjects(doc)
    assert [t.dep_ for t in doc] == ["advmod", "ROOT", "nsubj", "obj"]


def test_fronted_objects_placeholders_copulas_and_questions_are_left_alone() -> None:
    cases = [
        # "Den idén följer man inte": the object is fronted, "man" is the subject.
        (["Den", "idén", "följer", "man"], [1, 2, 2, 2], ["det", "nsubj", "ROOT", "nsubj"]),
        # "Det uppstår en konflikt": "det" holds the place of the subject after the verb.
        (["Det", "uppstår", "en", "konflikt"], [1, 1, 3, 1], ["nsubj", "ROOT", "det", "nsubj"]),
        # "Planen är ett fiasko": a predicative, no object.
        (["Planen", "är", "ett", "fiasko"], [1, 1, 3, 1], ["nsubj", "ROOT", "det", "nsubj"]),
        (["Vem", "anföll", "staden", "?"], [1, 1, 1, 1], ["nsubj", "ROOT", "nsubj", "punct"]),
    ]
    for words, heads, deps in cases:
        pos = ["VERB" if d == "ROOT" else "NOUN" if d == "nsubj" else "X" for d in deps]
        doc = _parsed(words, heads, deps, pos)
        assert repair_double_subjects(doc) == 0, words
        assert [t.dep_ for t in doc] == deps


def test_one_subject_unparsed_and_non_verbs_are_left_alone() -> None:
    doc = _parsed(
        ["Ryssland", "anföll", "staden"],
        [1, 1, 1],
        ["nsubj", "ROOT", "obj"],
        ["PROPN", "VERB", "NOUN"],
    )
    assert repair_double_subjects(doc) == 0
    noun_head = _parsed(["A", "B", "C"], [1, 1, 1], ["nsubj", "ROOT", "nsubj"], ["X", "NOUN", "X"])
    assert repair_double_subjects(noun_head) == 0
    assert repair_double_subjects(spacy.blank("sv")("Inget parse här.")) == 0
    assert repair_double_subjects(spacy.blank("sv")("")) == 0


def test_swedish_events_get_their_target_back() -> None:
    nlp = get_pipeline("sv")
    assert "tri_parse_repair" in nlp.pipe_names
    text = "USA och Israel anföll iranska mål på söndagen."
    doc = nlp.make_doc(text)
    doc._.article = Article(text=text, source="test", language="sv")
    events = [e for e in nlp(doc)._.events or [] if e.type == "ASSAULT"]
    assert events
    assert {(a.code or "")[:3] for a in events[0].source} == {"USA", "ISR"}
    assert {(a.code or "")[:3] for a in events[0].target} == {"IRN"}
