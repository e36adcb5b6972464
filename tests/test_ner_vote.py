"""ner_vote: the majority of several NER models decides which names stand.

Entity rulers stand in for the member models: the vote only sees spans and
labels, and rulers make each member's reading exact and known.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from triangulate.nlp.ner_vote import _keep_majority
from triangulate.nlp.pipelines import MODELS_DIR, get_pipeline

TEXT = "Anna Berg met Volvo officials in Lund and Malmo on Monday."


def _voting(readings: list[dict[str, str]]) -> Language:
    nlp = spacy.blank("en")
    names = ["ner"] + [f"ner_vote_{n}" for n in range(1, len(readings))]
    for name, patterns in zip(names, readings, strict=True):
        ruler = nlp.add_pipe("entity_ruler", name=name)
        ruler.add_patterns([{"label": lab, "pattern": txt} for txt, lab in patterns.items()])  # type: ignore[attr-defined]
    nlp.add_pipe("ner_vote", config={"members": names[1:]})
    for name in names[1:]:
        nlp.disable_pipe(name)
    return nlp


def test_a_name_stands_when_most_models_read_it_alike() -> None:
    nlp = _voting(
        [
            {"Anna Berg": "PER", "Volvo": "ORG", "Lund": "PER", "Monday": "MISC"},
            {"Anna Berg": "PER", "Volvo": "LOC", "Lund": "LOC", "Malmo": "LOC"},
            {"Anna Berg": "PER", "Volvo": "ORG", "Lund": "LOC", "Malmo": "LOC"},
        ]
    )
    doc = nlp(TEXT)
    assert {(e.text, e.label_) for e in doc.ents} == {
        ("Anna Berg", "PER"),
        ("Volvo", "ORG"),  # two of three say ORG
        ("Lund", "LOC"),  # the members outvote the first model
        ("Malmo", "LOC"),  # the first model missed it, both members found it
    }  # "Monday": one vote of three


def test_a_boundary_disagreement_is_no_majority() -> None:
    nlp = _voting([{"Anna Berg": "PER"}, {"Anna": "PER"}, {"Berg": "PER"}])
    assert list(nlp(TEXT).ents) == []


def test_the_vote_streams_batches_and_keeps_order() -> None:
    nlp = _voting([{"Lund": "LOC"}, {"Lund": "LOC"}, {}])
    texts = [f"Report {n} from Lund." for n in range(300)]
    docs = list(nlp.pipe(texts, batch_size=7))
    assert [d.text for d in docs] == texts
    assert all([e.text for e in d.ents] == ["Lund"] for d in docs)


def test_no_reading_and_an_empty_doc() -> None:
    doc = spacy.blank("en")("Nothing to see here.")
    _keep_majority(doc, [set(), set(), set()])
    assert list(doc.ents) == []
    nlp = _voting([{"Lund": "LOC"}, {"Lund": "LOC"}, {"Lund": "LOC"}])
    assert list(nlp("").ents) == []


def test_the_swedish_pipeline_votes_with_five_models() -> None:
    if not (MODELS_DIR / "sv_core").is_dir():
        pytest.skip("sv_core is not built")
    nlp = get_pipeline("sv")
    assert "ner_vote" in nlp.pipe_names
    members = nlp.get_pipe("ner_vote").members  # type: ignore[attr-defined]
    assert len(members) == 4 and all(m in nlp.disabled for m in members)
    doc = nlp("Statsministern besökte Volvo i Göteborg i går.")
    assert "Göteborg" in {e.text for e in doc.ents}
