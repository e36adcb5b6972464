"""``triangulate eval events FILE --format plover-gsr|petrarch-xml``: event-coding scores.

Each gold sentence runs through the production English pipeline (all stages,
``tri_events`` last) and is scored on its *main* event: the one nearest the
root of the sentence, then the most confident. Its type counts in PLOVER's
single-category convention (offered or planned cooperation is AGREE, see
``plover_category``; an announced concession too, as in CAMEO, see
``gold_category``). Sides are compared on the three-letter root of the
actor codes (``USAGOV`` and ``USA`` are both the United States), with the
lenient dyad match event-data evaluations use: a side is right when the
predicted and gold code sets share a root, or when both are empty.

* ``type_accuracy``: main event type equals a gold type (no event predicted
  for a sentence without gold events counts as right);
* ``type_macro_f1``: per-type F1 averaged over the types in the gold data;
* ``source_accuracy`` / ``target_accuracy``: side right, over all sentences;
* ``triple_accuracy``: type, source and target all right.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click

from triangulate.eval.plover import (
    GoldEvent,
    GoldSentence,
    actor_root,
    cameo_mapping,
    read_gsr,
    read_petrarch,
)
from triangulate.model import Article
from triangulate.stages.event_lexicon import load_lexicon
from triangulate.stages.event_syntax import BACKGROUND_WORDS, in_background, in_condition

#: Subordinators of clauses that set the scene for the main event ("after X shot down ...").
_BACKGROUND_MARKS = BACKGROUND_WORDS | {
    # Subordinators too ambiguous to read on the words alone ("as well", "since 1990").
    "before",
    "as",
    "when",
    "since",
    "following",
    "until",
    "när",
    "då",
}


def _on_the_reporter(token: Any) -> bool:
    """Whether a noun hangs by a preposition on a reporting verb that reports a clause."""
    prep = token.head
    verb = prep.head
    speech = load_lexicon(token.doc.lang_).cues.get("speech", frozenset())
    if prep.dep_ != "prep" or verb.lemma_.lower() not in speech:
        return False
    return verb.dep_ == "parataxis" or any(c.dep_ in ("ccomp", "parataxis") for c in verb.children)


def _salience(event: Any) -> float:
    """How deep an event counts for being the main one (lower: more central).

    A scene-setting clause ("after a jet shot down ...", "as talks stalled")
    or a relative clause ranks below everything in the main clause.
    """
    depth = float(event.depth)
    token = getattr(event, "token", None)
    if token is None:
        return depth
    if in_condition(token):
        return depth + 10  # below any depth the misparsed main clause gets
    if in_background(token):
        return depth + 6
    dep = token.dep_
    if dep in ("advcl", "conj"):
        # A conjunct with a subordinator of its own ("..., a day after Israeli jets
        # struck ...") is a misparsed adverbial clause.
        marks = {c.lower_ for c in token.children if c.dep_ in ("mark", "prep", "case")}
        if marks & _BACKGROUND_MARKS:
            return depth + 3
        if not marks and token.tag_ == "VBG" and token.i > token.head.i:
            # "set off a bomb outside a police station, injuring six": what followed
            return depth + 2
    if dep == "pobj" and _on_the_reporter(token):
        return depth + 3  # "..., the minister said on a visit to Gdansk": the reporter's
    if dep in ("relcl", "acl", "acl:relcl"):
        return depth + 3
    if dep == "pcomp" and token.head.lower_ in _BACKGROUND_MARKS:
        return depth + 3
    if dep == "pobj" and token.head.lower_ in _BACKGROUND_MARKS:
        return depth + 2
    return depth


def main_event(events: list[Any]) -> Any | None:
    """The event a one-event gold record is about: the most central trigger, then most confident."""
    if not events:
        return None
    ranked = sorted(
        events, key=lambda e: (e.mode == "negated", _salience(e), -e.confidence, e.start)
    )
    return ranked[0]


def _roots(actors: Iterable[Any]) -> set[str]:
    return {actor_root(a.code) for a in actors if getattr(a, "code", None)}


def _side_ok(predicted: set[str], gold: list[str]) -> bool:
    gold_roots = {actor_root(c) for c in gold if c}
    if not gold_roots:
        return not predicted
    return bool(predicted & gold_roots)


def gold_category(event_type: str, mode: str) -> str:
    """The category an event counts as against CAMEO-derived gold (both formats here).

    ``plover_category`` follows the 2021 manual, which keeps a concession or
    retreat announced for the future apart (CONCEDE). Both gold sets were
    coded in CAMEO first: the GSR records are CAMEO manual examples and the
    PETRARCH records carry CAMEO codes, and CAMEO files every announced
    intention, an intention to yield included (035 "express intent to
    yield"), under 03, which the manual's own conversion table makes AGREE.
    """
    from triangulate.stages.events import plover_category

    if mode in ("planned", "proposed") and event_type in ("CONCEDE", "RETREAT"):
        return "AGREE"
    return plover_category(event_type, mode)


def judge(gold: GoldSentence, events: list[Any]) -> dict[str, Any]:
    """Scores of one sentence: predicted type and whether type and sides are right."""
    event = main_event(events)
    predicted = gold_category(event.type, event.mode) if event is not None else None
    if not gold.events:
        ok = event is None
        return {"gold": None, "pred": predicted, "type": ok, "source": ok, "target": ok}
    matching: list[GoldEvent] = [g for g in gold.events if g.type == predicted] or gold.events[:1]
    reference = matching[0]
    sources = _roots(event.source) if event is not None else set()
    targets = _roots(event.target) if event is not None else set()
    type_ok = predicted == reference.type
    source_ok = event is not None and any(_side_ok(sources, g.sources) for g in matching)
    target_ok = event is not None and any(_side_ok(targets, g.targets) for g in matching)
    return {
        "gold": reference.type,
        "pred": predicted,
        "type": type_ok,
        "source": source_ok,
        "target": target_ok,
    }


def _macro_f1(judgements: list[dict[str, Any]]) -> float:
    gold_types = sorted({j["gold"] for j in judgements if j["gold"]})
    if not gold_types:
        return 0.0
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for j in judgements:
        if j["pred"] == j["gold"] and j["gold"]:
            tp[j["gold"]] += 1
            continue
        if j["pred"]:
            fp[j["pred"]] += 1
        if j["gold"]:
            fn[j["gold"]] += 1
    scores = []
    for label in gold_types:
        p = tp[label] / (tp[label] + fp[label]) if tp[label] + fp[label] else 0.0
        r = tp[label] / (tp[label] + fn[label]) if tp[label] + fn[label] else 0.0
        scores.append(2 * p * r / (p + r) if p + r else 0.0)
    return sum(scores) / len(scores)


def score(judgements: list[dict[str, Any]]) -> dict[str, Any]:
    """The five figures over a list of per-sentence judgements."""
    n = len(judgements)

    def rate(key: str) -> float:
        return round(sum(1 for j in judgements if j[key]) / n, 4) if n else 0.0

    triple = sum(1 for j in judgements if j["type"] and j["source"] and j["target"])
    return {
        "type_accuracy": rate("type"),
        "type_macro_f1": round(_macro_f1(judgements), 4),
        "source_accuracy": rate("source"),
        "target_accuracy": rate("target"),
        "triple_accuracy": round(triple / n, 4) if n else 0.0,
        "sentences": n,
    }


def read_gold(
    path: Path, fmt: str, split: str = "all", mapping: Path | None = None
) -> Iterator[GoldSentence]:
    """Gold sentences from a file in one of the supported formats."""
    if fmt == "plover-gsr":
        yield from read_gsr(path, split)
    else:
        yield from read_petrarch(path, cameo_mapping(mapping) if mapping else None)


def code_sentence(text: str, lang: str = "en") -> list[Any]:
    """Run the production pipeline over one text and return its events."""
    from triangulate.nlp.pipelines import get_pipeline

    nlp = get_pipeline(lang)
    doc = nlp.make_doc(text)
    doc._.article = Article(text=text, source="gold", language=lang)
    doc = nlp(doc)
    return list(doc._.events or [])


def evaluate(
    path: Path,
    fmt: str = "plover-gsr",
    limit: int | None = None,
    split: str = "all",
    mapping: Path | None = None,
) -> dict[str, Any]:
    """Score the event coder on a gold file; returns the figures as a dict."""
    started = time.perf_counter()
    judgements = []
    for n, gold in enumerate(read_gold(path, fmt, split, mapping)):
        if limit is not None and n >= limit:
            break
        judgements.append(judge(gold, code_sentence(gold.text, gold.language or "en")))
    result = score(judgements)
    result["format"] = fmt
    result["split"] = split
    result["seconds"] = round(time.perf_counter() - started, 2)
    return result


@click.command("events")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["plover-gsr", "petrarch-xml"]),
    default="plover-gsr",
    show_default=True,
    help="Gold format: PLOVER gold records (JSON list) or PETRARCH validation XML.",
)
@click.option("--limit", type=int, default=None, help="Score only the first N gold sentences.")
@click.option(
    "--split",
    type=click.Choice(["all", "tune", "dev"]),
    default="all",
    show_default=True,
    help="PLOVER records only: odd-numbered ids are 'tune', even ones 'dev' (never tuned on).",
)
@click.option(
    "--mapping",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="CAMEO-to-PLOVER table (CAMEO2PLOVER-2021.txt); the shipped copy of its codes by default.",
)
def command(path: Path, fmt: str, limit: int | None, split: str, mapping: Path | None) -> None:
    """Score event coding (type, source, target) against gold event records."""
    click.echo(json.dumps(evaluate(path, fmt, limit, split, mapping), indent=2))
