"""``triangulate eval events``: gold readers, scoring, the CLI, a quality gate on PLOVER dev data.

Gold files in these tests are written here (our own sentences); the quality
gate reads the PLOVER gold records from ../shared/dev-data at run time.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from triangulate.cli import main
from triangulate.eval.events import evaluate, gold_category, judge, main_event, score
from triangulate.eval.plover import (
    GoldEvent,
    GoldSentence,
    cameo_to_plover,
    in_split,
    plover_type,
    read_gsr,
    read_petrarch,
)
from triangulate.stages.event_records import EVENT_TYPES

GSR = [
    {"id": "DOC-0001", "event": "DOCUMENT", "eventText": "header, no text"},
    {
        "id": "T-ASSAULT-0001",
        "event": "FIGHT",
        "text": "Syrian troops attacked Turkish positions near the border on Monday.",
        "source": [{"actorText": "Syrian troops", "code": "SYR"}],
        "target": [{"actorText": "Turkish positions", "code": "TUR"}],
        "language": "en",
    },
    {
        "id": "T-REQUEST-0002",
        "event": "DEMAND",
        "text": "Greece demanded that Albania release the detained fishermen.",
        "source": [{"actorText": "Greece", "code": "GRC"}],
        "target": [{"actorText": "Albania", "code": "ALB"}],
        "language": "en",
    },
    {"id": "T-AGREE-0003", "event": "AGREE", "source": [{"code": "USA"}], "language": "en"},
]

PETRARCH = """<Validation>
<!-- a comment with <Sentence> inside, to be ignored -->
<Sentences>
<Sentence date="20010101" id="OWN-01" category="X" sentence="true">
<EventCoding sourcecode="EGY" targetcode="LBY" eventcode="190"></EventCoding>
<Text>
Egyptian forces attacked Libyan
camps near the border.
</Text>
<Parse>(ROOT (S (NP (NNP Egypt))))</Parse>
</Sentence>
<Sentence date="20010101" id="OWN-02" category="X" sentence="true">
<EventCoding sourcecode="FRA" targetcode="DEU" eventcode="010"></EventCoding>
<Text>
The French minister made a statement about Germany.
</Text>
</Sentence>
<Sentence date="20010101" id="OWN-03" category="X" sentence="true">
<Text>
The weather was fine.
</Text>
</Sentence>
</Sentences>
</Validation>
"""


@pytest.fixture()
def gold_files(tmp_path: Path) -> tuple[Path, Path]:
    gsr = tmp_path / "gsr.txt"
    gsr.write_text(json.dumps(GSR), encoding="utf-8")
    xml = tmp_path / "petr.xml"
    xml.write_text(PETRARCH, encoding="utf-8")
    return gsr, xml


def test_2016_labels_map_to_2021_types() -> None:
    assert plover_type("DEMAND") == "REQUEST"
    assert plover_type("DISAPPROVE") == "ACCUSE"
    assert plover_type("INVESTIGATE") == "ACCUSE"
    assert plover_type("FIGHT") == "ASSAULT"
    assert plover_type("consult") == "CONSULT"


def test_cameo_codes_map_through_the_table() -> None:
    assert cameo_to_plover("190") == "ASSAULT"
    assert cameo_to_plover("0874") == "RETREAT"
    assert cameo_to_plover("1056") == "REQUEST"
    assert cameo_to_plover("163") == "COERCE"
    assert cameo_to_plover("010") is None  # statements: dropped by PLOVER
    assert cameo_to_plover("023") is None  # appeals: dropped by PLOVER


def test_gsr_reader_skips_records_without_text(gold_files: tuple[Path, Path]) -> None:
    records = list(read_gsr(gold_files[0]))
    assert [r.id for r in records] == ["T-ASSAULT-0001", "T-REQUEST-0002"]
    assert records[0].events[0] == GoldEvent("ASSAULT", ["SYR"], ["TUR"])
    assert records[1].events[0].type == "REQUEST"


def test_split_is_deterministic_and_disjoint() -> None:
    ids = [f"PLOVER-GSR01-AGREE-{n:04d}" for n in range(1, 21)]
    tune = {i for i in ids if in_split(i, "tune")}
    dev = {i for i in ids if in_split(i, "dev")}
    assert tune and dev and not tune & dev and tune | dev == set(ids)
    assert all(in_split(i, "all") for i in ids)


def test_petrarch_reader(gold_files: tuple[Path, Path]) -> None:
    records = {r.id: r for r in read_petrarch(gold_files[1])}
    assert set(records) == {"OWN-01", "OWN-02", "OWN-03"}
    assert records["OWN-01"].text == "Egyptian forces attacked Libyan camps near the border."
    assert records["OWN-01"].events == [GoldEvent("ASSAULT", ["EGY"], ["LBY"])]
    assert records["OWN-02"].events == []  # a statement is no PLOVER event
    assert records["OWN-03"].events == []


def test_unreadable_gold_is_an_input_error(tmp_path: Path) -> None:
    from triangulate.errors import InputError

    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError):
        list(read_gsr(bad))


def _event(
    etype: str, mode: str, source: list[str], target: list[str], depth: int = 0
) -> SimpleNamespace:
    return SimpleNamespace(
        type=etype,
        mode=mode,
        depth=depth,
        confidence=0.5,
        start=0,
        source=[SimpleNamespace(code=c) for c in source],
        target=[SimpleNamespace(code=c) for c in target],
    )


def test_judging_and_scoring() -> None:
    gold = GoldSentence("x", "text", "en", [GoldEvent("ASSAULT", ["SYR"], ["TUR"])])
    right = judge(gold, [_event("ASSAULT", "occurred", ["SYRMIL"], ["TUR"])])
    assert right == {
        "gold": "ASSAULT",
        "pred": "ASSAULT",
        "type": True,
        "source": True,
        "target": True,
    }
    wrong_side = judge(gold, [_event("ASSAULT", "occurred", ["TUR"], ["SYR"])])
    assert wrong_side["type"] and not wrong_side["source"] and not wrong_side["target"]
    # The main event is the shallowest: the embedded strike loses to the threat.
    threat = [
        _event("ASSAULT", "threatened", ["SYR"], ["TUR"], depth=1),
        _event("THREATEN", "occurred", ["SYR"], []),
    ]
    chosen = main_event(threat)
    assert chosen is not None and chosen.type == "THREATEN"
    nothing = judge(gold, [])
    assert not nothing["type"]
    empty_gold = GoldSentence("y", "text", "en", [])
    assert judge(empty_gold, [])["type"]
    figures = score([right, wrong_side, nothing])
    assert figures["type_accuracy"] == round(2 / 3, 4)
    assert figures["triple_accuracy"] == round(1 / 3, 4)
    assert set(figures) >= {
        "type_accuracy",
        "type_macro_f1",
        "source_accuracy",
        "target_accuracy",
        "triple_accuracy",
    }


def test_cli_in_process(gold_files: tuple[Path, Path]) -> None:
    gsr, xml = gold_files
    result = CliRunner().invoke(main, ["eval", "events", str(gsr), "--format", "plover-gsr"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["sentences"] == 2
    assert figures["type_accuracy"] == 1.0
    result = CliRunner().invoke(
        main, ["eval", "events", str(xml), "--format", "petrarch-xml", "--limit", "2"]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["sentences"] == 2
    assert set(figures) >= {
        "type_accuracy",
        "type_macro_f1",
        "source_accuracy",
        "target_accuracy",
        "triple_accuracy",
    }


def test_cli_as_a_subprocess(gold_files: tuple[Path, Path]) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "triangulate", "eval", "events", str(gold_files[0]), "--limit", "1"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["sentences"] == 1


# Pinned minimums on the first 60 dev records of the PLOVER gold file (a fixed,
# fast sample; the full dev figures are in the report). They may only
# go up: lower one only with a written reason.
GATE_SAMPLE = 60
GATE = {
    "type_accuracy": 0.60,
    "source_accuracy": 0.75,
    "target_accuracy": 0.60,
    "triple_accuracy": 0.48,
}


def test_quality_gate_on_plover_dev_sample(dev_data: Path) -> None:
    path = dev_data / "plover-ontology" / "PLOVER_GSR_CAMEO.txt"
    if not path.is_file():
        pytest.skip(f"{path} not present")
    figures = evaluate(path, "plover-gsr", limit=GATE_SAMPLE, split="dev")
    assert figures["sentences"] == GATE_SAMPLE
    for key, minimum in GATE.items():
        assert figures[key] >= minimum, f"{key} fell to {figures[key]} (pinned minimum {minimum})"


#: Our own wire-style sentences (English 200, Swedish 121, every PLOVER type), in
#: the gold-record format (``tests/data/events_own_{en,sv}.json``). They were
#: written to cover common phrasings and checked against the coder's output while
#: writing, so they are a regression gate for everyday news language, not an
#: estimate of accuracy. The last 30 English (OWN-ENH-*) and 28 Swedish (OWN-SVH-*)
#: ones were written before the lexicons were widened and scored once before
#: (type 0.733 and 0.679) and once after (0.833 and 0.964) without reading the
#: coder's output on them in between; a second blind English set (OWN-ENK-*, 30
#: sentences with reported speech, passives and nominal events) scored type 0.800,
#: source 0.867, target 0.633 before the fixes it then led to, and a third
#: (OWN-ENL-*, idioms: "initialled a treaty", "fired tear gas") type 0.567 blind;
#: a second blind Swedish set (OWN-SVK-*, 20, passives and reported speech) 0.550,
#: a third (OWN-SVL-*, 19) 0.500, a fourth (OWN-SVM-*, 20) 0.900;
#: a fourth English one in 1990s wire style (OWN-ENW-*, 20) 0.750, three of its
#: misses our own labels breaking the planned-cooperation-is-AGREE convention;
#: a fifth (OWN-ENM-*, 20) 0.800, five of its misses our labels.
OWN_GATE = {
    "en": {"type_accuracy": 0.91, "source_accuracy": 0.95, "target_accuracy": 0.85},
    "sv": {"type_accuracy": 0.93, "source_accuracy": 0.88, "target_accuracy": 0.86},
}


@pytest.mark.parametrize("lang", sorted(OWN_GATE))
def test_quality_gate_on_our_own_sentences(lang: str) -> None:
    path = Path(__file__).parent / "data" / f"events_own_{lang}.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    assert {r["language"] for r in records} == {lang}
    # Every PLOVER type is covered (English four times or more).
    counts = Counter(r["event"] for r in records)
    assert set(counts) == set(EVENT_TYPES)
    assert lang != "en" or min(counts.values()) >= 4
    figures = evaluate(path, "plover-gsr")
    assert figures["sentences"] == len(records)
    for key, minimum in OWN_GATE[lang].items():
        assert figures[key] >= minimum, f"{lang} {key} fell to {figures[key]} (pinned {minimum})"


#: Sets that helpers wrote and labelled (CAMEO code first, then the 2021 table) without
#: seeing our lists, our code or the GSR; each was scored blind, then led to entries, so
#: here they are regression gates pinned a little below the figures after.
#: * events_blind_en.json, 280: four sets of 40 (plain, present-day, regional wire, rarer
#:   types), 60 long multi-clause wire sentences of the 1980s-90s and 60 of today. Blind
#:   type 0.925, 0.800, 0.900, 0.550, 0.900, 0.900; all 280 with the coder of the start
#:   of that work 0.832 / 0.871 / 0.800 (type / source / target), after 0.929 / 0.946 / 0.879.
#: * events_cameo_en.json, 249: one sentence per CAMEO code (codes where table and
#:   manual disagree left out): 0.807 / 0.904 / 0.775 blind, 0.888 / 0.940 / 0.851 after.
#: * events_blind_sv.json, 100: 40 short Swedish news sentences (0.800 / 0.825 / 0.700
#:   blind) and 60 long ones with background clauses (0.600 / 0.650 / 0.533 blind); all
#:   100 at the start 0.650 / 0.720 / 0.630, after 0.760 / 0.770 / 0.650. The long ones
#:   show the Swedish parse's limit: a fronted adverbial ("På måndagen lovade Tyskland
#:   ...") often leaves the verb an adjective and the act uncoded.
#: * events_cameo_sv.json, 240: one Swedish sentence per CAMEO code: 0.650 / 0.688 /
#:   0.608 at the start, 0.867 / 0.850 / 0.788 after (with the shared name list).
HELPER_GATES = {
    "events_blind_en.json": ("en", 280, (0.90, 0.91, 0.85)),
    "events_cameo_en.json": ("en", 249, (0.86, 0.91, 0.82)),
    "events_blind_sv.json": ("sv", 100, (0.72, 0.71, 0.62)),
    "events_cameo_sv.json": ("sv", 240, (0.84, 0.82, 0.76)),
}


@pytest.mark.parametrize("name", sorted(HELPER_GATES))
def test_quality_gate_on_the_helpers_blind_sets(name: str) -> None:
    lang, count, minima = HELPER_GATES[name]
    path = Path(__file__).parent / "data" / name
    records = json.loads(path.read_text(encoding="utf-8"))
    assert len(records) == count and {r["language"] for r in records} == {lang}
    assert len({r["id"] for r in records}) == count
    figures = evaluate(path, "plover-gsr")
    assert figures["sentences"] == count
    keys = ("type_accuracy", "source_accuracy", "target_accuracy")
    for key, minimum in zip(keys, minima, strict=True):
        assert figures[key] >= minimum, f"{name} {key} fell to {figures[key]} (pinned {minimum})"


def test_petrarch_unit_tests_run(dev_data: Path) -> None:
    path = dev_data / "petrarch-unittests" / "PETR.UnitTest.records.en.xml"
    if not path.is_file():
        pytest.skip(f"{path} not present")
    figures = evaluate(path, "petrarch-xml", limit=20)
    assert figures["sentences"] == 20
    assert 0.0 <= figures["type_accuracy"] <= 1.0


def test_scene_setting_clause_is_not_the_main_event() -> None:
    from triangulate.eval.events import code_sentence

    events = code_sentence(
        "After Serbian jets shot down a helicopter, Italy announced a suspension of flights"
        " to Serbia."
    )
    assert {e.type for e in events} >= {"ASSAULT", "SANCTION"}
    chosen = main_event(events)
    assert chosen is not None and chosen.type == "SANCTION"


def test_announced_concessions_count_as_cameo_intentions() -> None:
    # CAMEO files an announced yield under 03 (intent), which PLOVER's table makes AGREE.
    assert gold_category("RETREAT", "planned") == "AGREE"
    assert gold_category("CONCEDE", "proposed") == "AGREE"
    assert gold_category("RETREAT", "occurred") == "RETREAT"
    assert gold_category("ASSAULT", "planned") == "THREATEN"
    assert gold_category("AID", "proposed") == "AGREE"


def test_old_cameo_country_codes_in_gold_are_iso() -> None:
    from triangulate.eval.plover import actor_root

    assert [actor_root(c) for c in ("JAP", "ITLGOV", "vtn", "ANGREB", "IGOUNO")] == [
        "JPN",
        "ITA",
        "VNM",
        "AGO",
        "IGO",
    ]
