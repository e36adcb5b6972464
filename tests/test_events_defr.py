"""German and French event coding: our own sentences as a gate, and the separable particle.

German has no parser, so its events come from the surface coder
(``event_fallback``); French is coded from its UD parse, with the surface coder
as a backup for sentences the parse codes nothing in (``modes.json``
``surface_backup``: fr_core_news_sm tags "a expulsé" as a verb "a" with an
adverb "expulsé"). The sentences are our own.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Token

from triangulate.eval.events import evaluate
from triangulate.model import Article
from triangulate.nlp.pipelines import get_pipeline
from triangulate.stages.event_actors import ActorContext
from triangulate.stages.event_fallback import clause_end, separable_match
from triangulate.stages.event_lexicon import Pattern, load_lexicon
from triangulate.stages.events import Event

DATA = Path(__file__).parent / "data"

#: ``tests/data/events_own_{de,fr}.json``: OWN-XX-031..047 were written before
#: any change and held out (output never read) while the lexicons grew, as the
#: honest estimate: de .588/.529/.529, fr .706/.647/.706 (type, source,
#: target). Vocabulary they were known to use (würdigen, spenden,
#: zusammenkommen, aufrufen, einfrieren, Alarmbereitschaft; exprimer son
#: soutien, organiser des exercices, geler les avoirs, lever les restrictions)
#: was added last, so they no longer estimate anything and are part of the gate.
#: The others are development sentences (001..030; 048..066; German 067..080:
#: perfect tense, passive, reported clauses; German 081..089, French 067..076).
#: Measured when pinned: de (89) .978/.966/.933, fr (76) .974/.895/.868, then
#: .974/.947/.908 once French reflexives and adjectives after the noun were read;
#: the minima sit a little below.
DEFR_GATE = {
    "de": {"type_accuracy": 0.95, "source_accuracy": 0.94, "target_accuracy": 0.90},
    "fr": {"type_accuracy": 0.94, "source_accuracy": 0.91, "target_accuracy": 0.87},
}
DEFR_SIZE = {"de": 89, "fr": 76}


@pytest.mark.parametrize("lang", sorted(DEFR_GATE))
def test_quality_gate_on_our_german_and_french_sentences(lang: str) -> None:
    path = DATA / f"events_own_{lang}.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    assert {r["language"] for r in records} == {lang}
    assert len({r["id"] for r in records}) == len(records) == DEFR_SIZE[lang]
    figures = evaluate(path, "plover-gsr")
    assert figures["sentences"] == len(records)
    for key, minimum in DEFR_GATE[lang].items():
        assert figures[key] >= minimum, f"{lang} {key} fell to {figures[key]} (pinned {minimum})"


def _events(lang: str) -> Callable[[str], list[Event]]:
    nlp = get_pipeline(lang)

    def code(text: str) -> list[Event]:
        doc = nlp.make_doc(text)
        doc._.article = Article(text=text, source="test", language=lang)
        return list(nlp(doc)._.events or [])

    return code


@pytest.fixture(scope="module")
def german() -> Callable[[str], list[Event]]:
    """Code events in one German text with the production pipeline."""
    return _events("de")


@pytest.fixture(scope="module")
def french() -> Callable[[str], list[Event]]:
    """Code events in one French text with the production pipeline."""
    return _events("fr")


def _only(events: list[Event], etype: str) -> Event:
    hits = [e for e in events if e.type == etype]
    assert hits, f"no {etype} among {[(e.type, e.text) for e in events]}"
    return hits[0]


def _roots(event: Event, side: str) -> set[str]:
    return {(a.code or "")[:3] for a in getattr(event, side)}


# -- the separable particle, on a bare German Doc ---------------------------------


def _context(text: str) -> tuple[list[Token], ActorContext]:
    doc = spacy.blank("de")(text)
    ctx = ActorContext(doc, load_lexicon("de"))
    return list(doc), ctx


def _pattern(words: str) -> Pattern:
    return Pattern(
        tuple(frozenset(w.split("|")) for w in words.split()), "SANCTION", frozenset({"separable"})
    )


def test_particle_is_found_at_the_end_of_its_clause() -> None:
    tokens, ctx = _context("London wies am Montag zwei Diplomaten der Botschaft aus.")
    found = separable_match(tokens, 1, _pattern("wies aus"), ctx)
    assert found is not None and tokens[found[0]].text == "aus"


def test_particle_search_stops_at_the_clause_end() -> None:
    # "aus" after the comma belongs to the next clause: no "wies ... aus".
    tokens, ctx = _context("London wies die Kritik zurück, die Diplomaten reisten aus.")
    assert clause_end(tokens, 1) == 5
    assert separable_match(tokens, 1, _pattern("wies aus"), ctx) is None
    assert separable_match(tokens, 1, _pattern("wies zurück"), ctx) == [4]
    tokens, ctx = _context("London wies die Kritik zurück; die Diplomaten reisten aus")
    assert separable_match(tokens, 1, _pattern("wies aus"), ctx) is None


def test_particle_must_close_its_clause() -> None:
    # A preposition inside the clause is no particle ("sagte zu Reportern").
    tokens, ctx = _context("Der Minister sagte zu Reportern in Berlin nichts.")
    assert separable_match(tokens, 2, _pattern("sagte zu"), ctx) is None
    # ... and the last "an" closes it ("griffen Stellungen an der Grenze an").
    tokens, ctx = _context("Truppen griffen Stellungen an der Grenze an.")
    assert separable_match(tokens, 1, _pattern("griffen an"), ctx) == [6]
    # A coordinator closes a clause too ("ließ ... frei und ...").
    tokens, ctx = _context("Israel ließ die Gefangenen frei und schickte sie heim.")
    assert separable_match(tokens, 1, _pattern("ließ frei"), ctx) == [4]


def test_only_german_opts_into_the_surface_rules() -> None:
    """English and Swedish name no separable pattern and no German surface rule: Swedish
    opts into verb-second order alone ("I går angrep Ryssland ...")."""
    for lang in ("en", "sv"):
        lex = load_lexicon(lang)
        assert not any("separable" in p.flags for ps in lex.verbs.values() for p in ps)
        assert set(lex.cues.get("fallback_rules", frozenset())) <= {"v2"}
        assert not lex.cues.get("place_target_types")
    assert load_lexicon("sv").cues["fallback_rules"] == {"v2"}
    assert "split_names" in load_lexicon("de").cues["fallback_rules"]


# -- German through the production pipeline -----------------------------------------


@pytest.mark.parametrize(
    ("text", "etype", "source", "target"),
    [
        ("Großbritannien wies zwei russische Diplomaten aus.", "SANCTION", "GBR", "RUS"),
        ("Israel ließ am Sonntag 200 palästinensische Gefangene frei.", "RETREAT", "ISR", "PSE"),
        ("Ägypten hob das Verbot von Oppositionsparteien auf.", "CONCEDE", "EGY", "EGY"),
        ("Russische Truppen zogen sich aus Cherson zurück.", "RETREAT", "RUS", None),
        ("Iran lehnte den amerikanischen Vorschlag ab.", "REJECT", "IRN", "USA"),
    ],
)
def test_german_separable_verbs(
    german: Callable[[str], list[Event]],
    text: str,
    etype: str,
    source: str,
    target: str | None,
) -> None:
    event = _only(german(text), etype)
    assert event.method == "fallback"
    assert _roots(event, "source") == {source}
    assert _roots(event, "target") == ({target} if target else set())


def test_german_verb_inside_a_long_name_still_triggers(
    german: Callable[[str], list[Event]],
) -> None:
    # The NER may read "Deutschland lobte Polen für die Aufnahme" as one place.
    event = _only(german("Deutschland lobte Polen für die Aufnahme von Flüchtlingen."), "SUPPORT")
    assert _roots(event, "source") == {"DEU"}
    assert _roots(event, "target") == {"POL"}


def test_german_verb_after_a_nationality_word_still_triggers(
    german: Callable[[str], list[Event]],
) -> None:
    # The shared surface reader joins "Israelis demonstrierten" as a group ("kurdiska mål").
    event = _only(german("Tausende Israelis demonstrierten in Haifa."), "PROTEST")
    assert _roots(event, "source") == {"ISR"}


def test_german_adjective_of_an_event_noun_names_its_actor(
    german: Callable[[str], list[Event]],
) -> None:
    events = german("Russland wies die amerikanischen Vorwürfe zurück.")
    assert _roots(_only(events, "REJECT"), "target") == {"USA"}
    assert _roots(_only(events, "ACCUSE"), "source") == {"USA"}


def test_german_own_forces_moved_are_no_target(german: Callable[[str], list[Event]]) -> None:
    event = _only(german("Russland zog seine Soldaten aus der Region ab."), "RETREAT")
    assert _roots(event, "source") == {"RUS"}
    assert _roots(event, "target") == set()


@pytest.mark.parametrize(
    ("text", "etype", "source", "target"),
    [
        # Perfect tense: both actors before the participle, subject before "hat".
        ("Russland hat in der Nacht ukrainische Städte angegriffen.", "ASSAULT", "RUS", "UKR"),
        # A place leads: the subject is the first actor after the auxiliary.
        ("In Kairo haben Tausende Studenten protestiert.", "PROTEST", "EGY", None),
        # Passive: the subject is the target, the "von" phrase the source.
        ("Ein israelischer Soldat wurde von syrischen Kämpfern getötet.", "ASSAULT", "SYR", "ISR"),
        # A place that leads the clause is where the attack struck.
        ("Im Jemen haben Milizen ein Dorf überfallen.", "ASSAULT", "YEM", "YEM"),
        # Reported clause after a comma, with the attack's place as target.
        ("Ein Sprecher sagte, Israel habe Ziele im Libanon angegriffen.", "ASSAULT", "ISR", "LBN"),
    ],
)
def test_german_verb_final_clauses(
    german: Callable[[str], list[Event]],
    text: str,
    etype: str,
    source: str,
    target: str | None,
) -> None:
    event = _only(german(text), etype)
    assert _roots(event, "source") == {source}
    assert _roots(event, "target") == ({target} if target else set())


def test_german_event_noun_under_a_verb_is_not_the_main_event() -> None:
    from triangulate.eval.events import code_sentence, main_event

    chosen = main_event(code_sentence("Kuba hat die Forderungen Washingtons abgelehnt.", "de"))
    assert chosen is not None and chosen.type == "REJECT"


def test_german_joint_actors_over_an_article(german: Callable[[str], list[Event]]) -> None:
    event = _only(german("Russland und die Ukraine einigten sich auf einen Austausch."), "AGREE")
    assert _roots(event, "source") == {"RUS", "UKR"}


def test_german_event_noun_keeps_its_adjective_out_of_the_actors(
    german: Callable[[str], list[Event]],
) -> None:
    # "einem russischen Angriff": the noun stays a trigger, not a group "russischen Angriff".
    events = german("Polen warnte vor einem russischen Angriff.")
    assert any(e.type == "ASSAULT" for e in events)


# -- French ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "etype", "source", "target"),
    [
        ("Le Royaume-Uni a expulsé deux diplomates russes.", "SANCTION", "GBR", "RUS"),
        ("Israël a libéré dimanche 200 prisonniers palestiniens.", "RETREAT", "ISR", None),
        ("Le Brésil a reconnu la Palestine comme un État indépendant.", "SUPPORT", "BRA", "PSE"),
        ("La Russie a massé des troupes à la frontière avec l'Ukraine.", "MOBILIZE", "RUS", None),
        ("Le Royaume-Uni a exhorté l'Iran à libérer les marins détenus.", "REQUEST", "GBR", "IRN"),
    ],
)
def test_french_verbs(
    french: Callable[[str], list[Event]],
    text: str,
    etype: str,
    source: str,
    target: str | None,
) -> None:
    event = _only(french(text), etype)
    assert _roots(event, "source") == {source}
    if target:
        assert target in _roots(event, "target")


def test_french_nationality_adjectives_in_every_form() -> None:
    lex = load_lexicon("fr")
    for word, code in [
        ("russes", "RUS"),
        ("syriennes", "SYR"),
        ("israéliens", "ISR"),
        ("égyptienne", "EGY"),
        ("turques", "TUR"),
    ]:
        assert lex.actor(word) == (code, "country")


def test_french_reflexive_subject_does_the_act(french: Callable[[str], list[Event]]) -> None:
    # fr_core_news_sm marks "se" of "se retirer" as expl:pass and the subject nsubj:pass.
    event = _only(french("Les soldats se sont retirés de la ville mardi."), "RETREAT")
    assert [a.text for a in event.source] == ["soldats"]


def test_french_adjective_after_its_noun_names_the_country(
    french: Callable[[str], list[Event]],
) -> None:
    event = _only(
        french("Le ministre chinois a rencontré son homologue indien à Pékin."), "CONSULT"
    )
    assert "IND" in _roots(event, "target")
    strike = _only(french("Des avions israéliens ont frappé des cibles au Liban."), "ASSAULT")
    assert _roots(strike, "source") == {"ISR"}
