"""tri_quotes: quote forms, speakers, outlets, sourcing, and hostile input.

All texts here are written for these tests.
"""

from __future__ import annotations

from typing import Any

import pytest
from spacy.tokens import Doc

from triangulate.analysis import analyze_article
from triangulate.model import Article
from triangulate.nlp.pipelines import get_pipeline
from triangulate.stages.quotes import find_quotation_marks


def _doc(text: str, lang: str) -> Doc:
    nlp = get_pipeline(lang)
    doc = nlp.make_doc(text)
    doc._.article = Article(text=text, source="test", language=lang)
    return nlp(doc)


def _quotes(text: str, lang: str = "en") -> list[dict[str, Any]]:
    quotes: list[dict[str, Any]] = _doc(text, lang)._.quotes
    for q in quotes:
        # Every offset points into the original text.
        assert text[q["content"]["start"] : q["content"]["end"]] == q["content"]["text"]
        if q["cue"]:
            assert text[q["cue"]["start"] : q["cue"]["end"]] == q["cue"]["text"]
    return quotes


def _one(quotes: list[dict[str, Any]], starts: str) -> dict[str, Any]:
    found = [q for q in quotes if q["content"]["text"].lstrip('"“”»«– ').startswith(starts)]
    assert found, [q["content"]["text"] for q in quotes]
    return found[0]


# -- quotation marks --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "He said “yes” twice.",
        'He said "yes" twice.',
        "Han sa ”ja” två gånger.",
        "Han sa »ja» två gånger.",
        "Han sa »ja« två gånger.",
        "Il a dit « oui » deux fois.",
        "Er sagte „ja“ zweimal.",
        "He said ‘yes’ twice.",
    ],
)
def test_every_kind_of_quotation_mark(text: str) -> None:
    [(a, b, _)] = find_quotation_marks(text)
    assert "ja" in text[a:b] or "yes" in text[a:b] or "oui" in text[a:b]
    assert text[a] not in " " and text[b - 1] not in " "


def test_unclosed_quote_ends_at_paragraph_end() -> None:
    text = "She said “this never closes and goes on\n\nA new paragraph without marks."
    [(a, b, _)] = find_quotation_marks(text)
    assert text[a:b] == "“this never closes and goes on"


def test_run_on_quote_spans_paragraphs_and_apostrophes_are_not_quotes() -> None:
    text = "“The first part runs on\n\n“and the second closes,” she said. The port’s cranes’ age."
    marks = find_quotation_marks(text)
    assert len(marks) == 2 and marks[0][2] == marks[1][2]
    quotes = _quotes(text)
    q = _one(quotes, "The first part")
    assert "second closes" in q["content"]["text"]


# -- English ------------------------------------------------------------------------


def test_direct_quote_with_cue_after() -> None:
    q = _one(_quotes("“We will not back down,” the minister said."), "We will not")
    assert q["kind"] == "direct"
    assert q["cue"]["text"] == "said"
    assert q["speaker"]["anonymous"] is True
    assert q["speaker"]["description"] == "the minister"


def test_indirect_speech_with_named_speaker_and_outlet() -> None:
    q = _one(_quotes("Maria Lindqvist told Reuters that the bridge would reopen in May."), "that")
    assert q["kind"] == "indirect"
    assert q["speaker"]["name"] == "Maria Lindqvist"
    assert q["speaker"]["entity_id"]
    assert q["told"]["name"] == "Reuters"
    assert q["factuality"] == "reported"


def test_pronoun_resolves_to_the_nearest_person() -> None:
    text = 'Maria Lindqvist runs the port authority. "Ships are waiting outside," she said.'
    q = _one(_quotes(text), "Ships")
    assert q["kind"] == "direct"
    assert q["speaker"]["name"] == "Maria Lindqvist"
    assert text[q["speaker"]["start"] : q["speaker"]["end"]] == "she"


def test_role_noun_and_outlet_noun_resolve_backwards() -> None:
    text = (
        "The plan was first reported by The Guardian. A senior port official told the "
        'newspaper that the cranes were broken.\n\n"We need new ones before winter," the '
        "official said."
    )
    quotes = _quotes(text)
    first = _one(quotes, "that the cranes")
    assert first["told"]["name"] == "The Guardian"
    second = _one(quotes, "We need")
    assert second["speaker"]["anonymous"] is True
    assert second["speaker"]["description"] == "A senior port official"
    assert second["told"]["name"] == "The Guardian"


def test_split_quote_is_one_quote_in_two_parts() -> None:
    quotes = _quotes('"The cranes," he said, "are older than I am."')
    assert len(quotes) == 1
    assert [p["text"] for p in quotes[0]["parts"]] == ['"The cranes,"', '"are older than I am."']
    assert quotes[0]["kind"] == "direct"


def test_according_to_and_colon_quote() -> None:
    q = _one(_quotes("According to two dock workers, the strike will last a week."), "the strike")
    assert q["cue"]["text"] == "According to"
    assert q["speaker"]["anonymous"] is True
    q = _one(_quotes('Harbour chief Tom Reed said: "We are ready for the storm."'), "We are ready")
    assert q["speaker"]["name"] == "Tom Reed"
    assert q["kind"] == "direct"


def test_mixed_quote_keeps_its_quoted_words() -> None:
    q = _one(_quotes('The mayor said the plan was "a disaster" for the town.'), "the plan")
    assert q["kind"] == "mixed"
    assert [x["text"] for x in q["quoted"]] == ['"a disaster"']


def test_stance_is_told_apart_from_speech() -> None:
    quotes = _quotes(
        "The union criticised the new harbour fees. The mayor said the fees would stay."
    )
    said = _one(quotes, "the fees would stay")
    assert said["cue_class"] == "speech"
    stance = [q for q in quotes if q["cue"] and q["cue"]["text"] == "criticised"]
    assert all(q["cue_class"] == "stance" for q in stance)


# -- Swedish (the trained pipeline, and blank with no parser or NER) ---------------


SWEDISH = (
    "– Vi bygger en ny kaj i vår, säger Karin Berg, hamnchef i Luleå.\n\n"
    "– Det blir dyrt men nödvändigt, säger hon.\n\n"
    "– Kranarna är för gamla, säger en tjänsteman på kommunen till Sveriges Radio.\n\n"
    "– Vi har väntat i tio år, fortsätter tjänstemannen.\n\n"
    "Enligt två hamnarbetare varar strejken en vecka. ”Vi ger inte upp”, säger Karin Berg."
)


def test_swedish_dash_quotes_pronouns_and_role_nouns() -> None:
    quotes = _quotes(SWEDISH, "sv")
    first = _one(quotes, "Vi bygger")
    assert first["kind"] == "direct" and first["speaker"]["name"] == "Karin Berg"
    assert _one(quotes, "Det blir dyrt")["speaker"]["name"] == "Karin Berg"
    official = _one(quotes, "Kranarna")
    assert official["speaker"]["anonymous"] is True
    assert official["speaker"]["description"] == "en tjänsteman på kommunen"
    assert official["told"]["name"] == "Sveriges Radio"
    again = _one(quotes, "Vi har väntat")
    assert again["speaker"]["description"] == "en tjänsteman på kommunen"
    assert again["cue"]["text"] == "fortsätter"
    enligt = _one(quotes, "varar strejken")
    assert enligt["speaker"]["anonymous"] is True
    assert _one(quotes, "Vi ger inte upp")["speaker"]["name"] == "Karin Berg"


def test_swedish_without_parser_or_ner() -> None:
    import spacy

    from triangulate.stages import load_stage_modules

    load_stage_modules()
    nlp = spacy.blank("sv")
    for name in ("tri_sentences", "tri_factuality", "tri_quotes"):
        nlp.add_pipe(name)
    doc = nlp.make_doc(SWEDISH)
    doc._.article = Article(text=SWEDISH, source="test", language="sv")
    quotes = nlp(doc)._.quotes
    assert _one(quotes, "Det blir dyrt")["speaker"]["name"] == "Karin Berg"
    assert _one(quotes, "Vi har väntat")["speaker"]["description"] == "en tjänsteman på kommunen"
    assert _one(quotes, "Vi ger inte upp")["speaker"]["name"] == "Karin Berg"
    doc = nlp.make_doc("Hamnbolaget uppger att arbetet börjar i maj.")
    doc._.article = Article(text=doc.text, source="test", language="sv")
    assert _one(nlp(doc)._.quotes, "att arbetet")["cue"]["text"] == "uppger"


def test_swedish_indirect_speech() -> None:
    q = _one(_quotes("Hamnbolaget uppger att arbetet börjar i maj.", "sv"), "att arbetet")
    assert q["kind"] == "indirect" and q["cue"]["text"] == "uppger"


# -- sourcing and analysis.json ---------------------------------------------------------


def test_sourcing_lists_outlets_types_and_sentences() -> None:
    text = (
        "Maria Lindqvist told Reuters that the bridge would reopen. The Gazette has reported "
        "that the cranes are broken. Officials allegedly hid the report, something CNN was "
        "not able to confirm."
    )
    doc = _doc(text, "en")
    sourcing = doc._.sourcing
    names = {o["name"] for o in sourcing["outlets"]}
    assert {"Reuters", "CNN"} <= names
    for outlet in sourcing["outlets"]:
        for ev in outlet["evidence"]:
            assert text[ev["start"] : ev["end"]] == ev["text"]
    assert {t["type"] for t in sourcing["source_types"]} >= {"named person"}
    assert [s["label"] for s in sourcing["sentences"]][-1] == "unconfirmed"


def test_analysis_sections() -> None:
    article = Article(text="“We are ready,” the harbour chief said.", source="t", language="en")
    result = analyze_article(article)
    assert result["quotes"][0]["article"] == article.id
    assert result["quotes"][0]["sentence"] == [0, len(article.text)]
    assert result["sourcing"][0]["article"] == article.id
    assert [r["label"] for r in result["factuality"]] == ["reported"]


# -- hostile input ------------------------------------------------------------------------


HOSTILE = [
    "",
    "   \n\n  ",
    "“",
    '"""""',
    "”Omvänd« ordning »och „blandat“ ”",
    "He said “this never closes, said she. And “another one",
    "“Outer ‘inner “deep” still inner’ outer,” she said, “and ‘more’.”",
    "“Only a quote from start to end, with nothing else at all.”",
    "– \n\n– , säger\n\n– säger ,",
    "säger säger säger, säger att att.",
    "according to according to, said said: “",
    "The bridge is closed. " * 500,
    "x" * 5000,
    "\u200b“\u00a0”\ufeff",
]


@pytest.mark.parametrize("lang", ["en", "sv", "fi"])
@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_never_raises(text: str, lang: str) -> None:
    doc = _doc(text, lang)
    assert isinstance(doc._.quotes, list)
    assert isinstance(doc._.sourcing, dict)
    for q in doc._.quotes:
        assert 0 <= q["content"]["start"] <= q["content"]["end"] <= len(text)


def test_long_article_without_quotes_has_none() -> None:
    assert _quotes("The bridge is closed for repairs this week. " * 500) == []


def test_text_that_is_only_a_quote() -> None:
    quotes = _quotes("“Only a quote from start to end, with nothing else at all.”")
    assert len(quotes) == 1
    assert quotes[0]["kind"] == "direct"
    assert quotes[0]["speaker"] is None
