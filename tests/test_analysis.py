"""The per-article runner: batching, failure isolation, languages without pipelines."""

from __future__ import annotations

from typing import Any

import pytest
from spacy.tokens import Doc

from triangulate.analysis import analyze_article, analyze_articles, build_analysis
from triangulate.model import Article
from triangulate.sections import ARTICLE_SECTIONS


def test_one_failing_article_does_not_fail_its_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(doc: Doc) -> list[dict[str, Any]]:
        if "explode" in doc.text:
            raise ValueError("extractor broke")
        return []

    monkeypatch.setitem(ARTICLE_SECTIONS, "boom", explode)
    articles = [
        Article(text="The ferry left on time.", source="a", language="en"),
        Article(text="Please explode here.", source="b", language="en"),
        Article(text="The ferry came back.", source="c", language="en"),
    ]
    outcomes = analyze_articles(articles)
    assert isinstance(outcomes[1], ValueError)
    assert [isinstance(o, dict) for o in outcomes] == [True, False, True]


@pytest.mark.parametrize(
    "text",
    [
        "12345 67890 !!! ??? ... 42",
        "Ett, två, tre! Mixed 漢字 and кириллица and عربى in one line.",
        "Word " * 5,
    ],
)
def test_odd_texts_give_results(text: str) -> None:
    result = analyze_article(Article(text=text, source="odd"))
    assert result["article"]["sentences"] >= 1


def test_language_without_pipeline_uses_fallback() -> None:
    article = Article(
        text="Le ministre a démissionné vendredi à Paris.", source="fr", language="fr"
    )
    result = analyze_article(article)
    assert result["article"]["language"] == "fr"
    assert result["article"]["pipeline"].startswith("fr_")


def test_unknown_language_code_falls_back_to_multilingual() -> None:
    article = Article(
        text="Some text in a language spaCy does not know.", source="q", language="qq"
    )
    assert analyze_article(article)["article"]["sentences"] == 1


def test_build_analysis_of_nothing() -> None:
    analysis = build_analysis([])
    assert analysis["articles"] == []


def test_sentence_marks_are_linear_on_a_huge_paragraph() -> None:
    import spacy

    from triangulate.nlp.sentences import MAX_SENTENCE_TOKENS

    nlp = spacy.blank("en")
    nlp.add_pipe("tri_sentences")
    doc = nlp("word " * 200_000)  # one "sentence" of 200,000 tokens, no punctuation at all
    lengths = [len(s) for s in doc.sents]
    assert max(lengths) <= MAX_SENTENCE_TOKENS
    assert sum(lengths) == len(doc)


def test_sentence_start_inside_a_glued_token() -> None:
    import spacy

    nlp = spacy.blank("sv")
    nlp.add_pipe("tri_sentences")
    doc = nlp("Första stycket slutar här.\n\n– Andra stycket är ett citat, säger hon.")
    assert [s.text.strip() for s in doc.sents] == [
        "Första stycket slutar här.",
        "– Andra stycket är ett citat, säger hon.",
    ]
