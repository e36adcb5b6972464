"""The seed acceptance test for quotes, sourcing and hedges (seeds/expected.json).

Speakers are compared through the expected entities' names and aliases, so a
speaker written "Plitsas" or "U.S. President Donald Trump" counts; anonymous
speakers are compared by their description (shared words, or an alias of an
entity the description names, which is what carries "official in the Trump
administration" over to "en tjänsteman i Trumpadministrationen").
"""

from __future__ import annotations

import re
from typing import Any

import pytest

#: The label each expected hedge must get (the test's own reading of the words).
HEDGE_LABELS = {
    "allegedly": "alleged",
    "reportedly": "reported",
    "enligt uppgift": "reported",
    "was not able to confirm": "unconfirmed",
}
_MARKS = '"“”«»„‘’–— '
_STOP = {"the", "of", "in", "from", "a", "an", "and", "i", "en", "ett", "för"}


def _norm(text: str) -> str:
    text = " ".join(text.split()).strip(_MARKS)
    for lead in ("that ", "att "):
        if text.casefold().startswith(lead):
            text = text[len(lead) :].lstrip(_MARKS)
    return text.casefold()


def _names(expected: dict[str, Any], name: str) -> set[str]:
    for entity in expected["entities"]:
        if entity["name"] == name:
            return {a.casefold() for a in [entity["name"], *entity.get("aliases", [])]}
    return {name.casefold()}


def _starts(record: dict[str, Any], starts: str) -> bool:
    wanted = _norm(starts)
    texts = [record["content"]["text"]] + [q["text"] for q in record.get("quoted", [])]
    return any(_norm(t).startswith(wanted) for t in texts)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.casefold()) if w not in _STOP and len(w) > 3}


def _anonymous_matches(expected: dict[str, Any], speaker: dict[str, Any], wanted: str) -> bool:
    if not speaker.get("anonymous"):
        return False
    description = (speaker.get("description") or "").casefold()
    if len(_words(description) & _words(wanted)) >= 2:
        return True
    for entity in expected["entities"]:
        if entity["name"].casefold() in wanted.casefold():
            names = _names(expected, entity["name"])
            if any(name in description for name in names):
                return True
    return False


def _speaker_matches(expected: dict[str, Any], speaker: dict[str, Any] | None, wanted: str) -> bool:
    if speaker is None:
        return False
    if wanted.startswith("anonymous:"):
        return _anonymous_matches(expected, speaker, wanted.partition(":")[2].strip())
    people = [w.strip() for w in wanted.split(";")]
    if len(people) > 1:
        members = speaker.get("members") or []
        got = {(m.get("name") or "").casefold() for m in members}
        return all(got & _names(expected, person) for person in people)
    return (speaker.get("name") or "").casefold() in _names(expected, wanted)


def _quotes(seed_results: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return list(seed_results[key].get("quotes", []))


def test_every_expected_quote_found_with_speaker_and_outlet(
    expected: dict[str, Any], seed_results: dict[str, Any]
) -> None:
    problems = []
    for item in expected["quotes"]:
        found = [q for q in _quotes(seed_results, item["article"]) if _starts(q, item["starts"])]
        if not found:
            problems.append(f"{item['article']}: no quote starting {item['starts']!r}")
            continue
        right = [q for q in found if _speaker_matches(expected, q["speaker"], item["speaker"])]
        if not right:
            got = [q["speaker"] for q in found]
            problems.append(
                f"{item['article']} {item['starts']!r}: speaker {got} != {item['speaker']}"
            )
            continue
        if "told" in item:
            names = _names(expected, item["told"])
            if not any(q["told"] and q["told"]["name"].casefold() in names for q in right):
                problems.append(f"{item['article']} {item['starts']!r}: told {right[0]['told']}")
        if item.get("kind") and not any(q["kind"] == item["kind"] for q in right):
            problems.append(f"{item['article']} {item['starts']!r}: kind {right[0]['kind']}")
    assert not problems, "\n".join(problems)


def test_hedges_found_with_their_label(
    expected: dict[str, Any], seed_results: dict[str, Any]
) -> None:
    problems = []
    for hedge in expected["hedges"]:
        words = hedge["words"].casefold()
        label = next(lab for key, lab in HEDGE_LABELS.items() if key in words)
        sourcing = seed_results[hedge["article"]]["sourcing"][0]
        hits = [
            s
            for s in sourcing["sentences"]
            for t in s["triggers"]
            if t["text"].casefold() in words or words in t["text"].casefold()
        ]
        if not any(s["label"] == label for s in hits):
            problems.append(f"{hedge['article']} {hedge['words']!r}: {[s['label'] for s in hits]}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("key", ["000", "001", "002", "003"])
def test_cited_outlets(expected: dict[str, Any], seed_results: dict[str, Any], key: str) -> None:
    sourcing = seed_results[key]["sourcing"][0]
    cited = {o["name"].casefold() for o in sourcing["outlets"]}
    for outlet in expected["articles"][key]["cites_outlets"]:
        assert cited & _names(expected, outlet), (outlet, sourcing["outlets"])
    for outlet in sourcing["outlets"]:
        assert outlet["evidence"], outlet
