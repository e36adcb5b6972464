"""``triangulate eval timex DIR --format timeml``: detection and normalisation scores.

Scoring follows TempEval-3: *strict* counts a prediction whose span equals a
gold span, *relaxed* one that overlaps it (one-to-one), and value accuracy is
the share of relaxed matches whose normalised value equals the gold value.
Values are compared as strings after undoing two spellings of the same value
found in the gold files: week numbers without their zero ("2000-W7" is
"2000-W07"), hours without minutes ("T17" is "T17:00") and decades or
centuries in the older TIMEX2 style ("198X" is TIMEX3's "198", "19XX" is
"19"). A second, labelled
figure (``value_accuracy_unspecified_trimmed``) also drops trailing
placeholders from gold values ("1968-XX" counts as "1968"): the annotators'
way of saying "some month of 1968", which no system can guess from the text.
The system runs as in production (the language's base pipeline, sentence
splitting, ``tri_timex``) with the document creation time as publication date.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from spacy.language import Language

from triangulate.eval.timeml import GoldDocument, GoldTimex, iter_documents
from triangulate.model import Article


@dataclass(slots=True)
class Predicted:
    """A system time expression, reduced to what is scored."""

    start: int
    end: int
    type: str
    value: str


def timex_pipeline(lang: str = "en") -> Language:
    """The production base pipeline for ``lang`` with only the stages time needs."""
    import spacy

    from triangulate.nlp import sentences as _sentences  # noqa: F401  (registers tri_sentences)
    from triangulate.nlp.pipelines import describe
    from triangulate.stages import timex as _timex  # noqa: F401  (registers tri_timex)

    name = describe(lang)
    # NER is the one component time expressions never read.
    nlp = spacy.blank(lang) if name.startswith("blank:") else spacy.load(name, exclude=["ner"])
    first = nlp.pipe_names[0] if nlp.pipe_names else None
    if first:
        nlp.add_pipe("tri_sentences", before=first)
    else:
        nlp.add_pipe("tri_sentences")
    nlp.add_pipe("tri_timex")
    return nlp


def predict(nlp: Language, doc: GoldDocument, lang: str = "en") -> list[Predicted]:
    """The system's time expressions for one gold document."""
    spacy_doc = nlp.make_doc(doc.text)
    spacy_doc._.article = Article(text=doc.text, source=doc.name, language=lang, published=doc.dct)
    spacy_doc = nlp(spacy_doc)
    out = []
    for span in spacy_doc.spans.get("timex", []):
        info = span._.timex or {}
        start, end = int(info.get("start", span.start_char)), int(info.get("end", span.end_char))
        if any(start < b and a < end for a, b in doc.ignore):
            continue
        if doc.scored_until is not None and start >= doc.scored_until:
            continue
        out.append(Predicted(start, end, str(info.get("type")), str(info.get("timeml") or "")))
    return out


_WEEK = re.compile(r"-W(\d)(?!\d)")
_HOUR = re.compile(r"T(\d\d)$")
_DECADE = re.compile(r"^(\d{2,3})X{1,2}$")


def same_value(predicted: str, gold: str) -> bool:
    """Whether two TimeML values are the same, modulo zero-padding and the decade spelling."""

    def canonical(value: str) -> str:
        value = value.strip()
        if len(value) == 4 and _DECADE.match(value):
            value = _DECADE.sub(r"\1", value)
        return _HOUR.sub(r"T\1:00", _WEEK.sub(r"-W0\1", value))

    return canonical(predicted) == canonical(gold)


def predict_dateparser(doc: GoldDocument) -> list[Predicted]:
    """The baseline: dateparser's ``search_dates`` with the DCT as base, values at day level."""
    import warnings
    from datetime import datetime

    from dateparser.search import search_dates

    settings: dict[str, Any] = {}
    if doc.dct is not None:
        settings["RELATIVE_BASE"] = datetime(doc.dct.year, doc.dct.month, doc.dct.day)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            found = search_dates(doc.text, languages=["en"], settings=settings) or []
        except (ValueError, OverflowError, TypeError, AttributeError):
            found = []
    out: list[Predicted] = []
    cursor = 0
    for substring, when in found:
        start = doc.text.find(substring, cursor)
        if start < 0:
            continue
        cursor = start + len(substring)
        if any(start < b and a < cursor for a, b in doc.ignore):
            continue
        if doc.scored_until is not None and start >= doc.scored_until:
            continue
        out.append(Predicted(start, cursor, "DATE", when.date().isoformat()))
    return out


_UNSPECIFIED = re.compile(r"(?:-(?:W?XX|XX-XX|W?XX-XX))+$")


def _trimmed(value: str) -> str:
    return _UNSPECIFIED.sub("", value) if re.match(r"\d{4}", value) else value


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _truncated(predicted: str, gold: str) -> str:
    """A full date cut to the gold value's calendar granularity ("1998-08-07" -> "1998")."""
    if re.fullmatch(r"\d{4}(-\d\d){0,2}", gold) and re.match(r"\d{4}-\d\d-\d\d", predicted):
        return predicted[: len(gold)]
    return predicted


def _context(text: str, start: int, end: int, width: int = 50) -> str:
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    return " ".join(f"{before}[{text[start:end]}]{after}".split())


def _relaxed_matches(
    predicted: list[Predicted], gold: list[GoldTimex]
) -> Iterator[tuple[int, int]]:
    """(predicted index, gold index) of each relaxed match: in system order, the first
    overlapping gold expression not yet taken."""
    used: set[int] = set()
    for n, p in enumerate(predicted):
        for i, g in enumerate(gold):
            if i not in used and p.start < g.end and g.start < p.end:
                used.add(i)
                yield n, i
                break


def mistakes(
    pairs: Iterable[tuple[GoldDocument, list[Predicted]]],
) -> Iterator[dict[str, Any]]:
    """Each expression the scorer counts against the system, paired as ``score`` pairs them.

    ``value``: a relaxed match with another value; ``extent``: the right value over
    another span; ``missed`` and ``spurious``: a gold or system expression with no
    partner. For reading errors while writing rules: never on the held-out split.
    """
    for gold_doc, predicted in pairs:
        text, gold = gold_doc.text, gold_doc.timexes
        base = {
            "document": gold_doc.name,
            "dct": gold_doc.dct.isoformat() if gold_doc.dct else None,
        }
        matched = dict(_relaxed_matches(predicted, gold))
        for n, p in enumerate(predicted):
            if n not in matched:
                yield base | {
                    "kind": "spurious",
                    "predicted": p.value,
                    "context": _context(text, p.start, p.end),
                }
                continue
            g = gold[matched[n]]
            if not same_value(p.value, g.value):
                kind = "value"
            elif (p.start, p.end) != (g.start, g.end):
                kind = "extent"
            else:
                continue
            yield base | {
                "kind": kind,
                "gold": g.value,
                "predicted": p.value,
                "system_text": text[p.start : p.end],
                "context": _context(text, g.start, g.end),
            }
        used = set(matched.values())
        for i, g in enumerate(gold):
            if i not in used:
                yield base | {
                    "kind": "missed",
                    "gold": g.value,
                    "type": g.type,
                    "context": _context(text, g.start, g.end),
                }


def score(
    pairs: Iterable[tuple[GoldDocument, list[Predicted]]], lenient_values: bool = False
) -> dict[str, Any]:
    """Strict and relaxed detection P/R/F1, value and type accuracy over relaxed matches.

    ``lenient_values`` compares a day-level prediction at the gold value's
    granularity: the baseline only ever produces full dates.
    """
    n_gold = n_pred = strict = relaxed = value_ok = type_ok = trimmed_ok = 0
    docs = 0
    for gold_doc, predicted in pairs:
        docs += 1
        gold = gold_doc.timexes
        n_gold += len(gold)
        n_pred += len(predicted)
        gold_spans = {(g.start, g.end) for g in gold}
        strict += sum(1 for p in predicted if (p.start, p.end) in gold_spans)
        for n, i in _relaxed_matches(predicted, gold):
            p, g = predicted[n], gold[i]
            relaxed += 1
            value = _truncated(p.value, g.value) if lenient_values else p.value
            value_ok += same_value(value, g.value)
            trimmed_ok += same_value(value, _trimmed(g.value))
            type_ok += p.type == g.type
    return {
        "strict": _prf(strict, n_pred, n_gold),
        "relaxed": _prf(relaxed, n_pred, n_gold),
        "value_accuracy": round(value_ok / relaxed, 4) if relaxed else 0.0,
        "value_accuracy_unspecified_trimmed": round(trimmed_ok / relaxed, 4) if relaxed else 0.0,
        "type_accuracy": round(type_ok / relaxed, 4) if relaxed else 0.0,
        "documents": docs,
        "gold": n_gold,
        "predicted": n_pred,
    }


def _pairs(
    directory: Path, fmt: str, limit: int | None, split: str, system: str, counter: list[int]
) -> Iterator[tuple[GoldDocument, list[Predicted]]]:
    """Each gold document with the system's expressions (``counter[0]`` adds up its words)."""
    nlp = timex_pipeline("en") if system == "triangulate" else None
    for n, doc in enumerate(iter_documents(directory, fmt, split)):
        if limit is not None and n >= limit:
            return
        counter[0] += len(doc.text.split())
        yield doc, predict(nlp, doc) if nlp is not None else predict_dateparser(doc)


def evaluate(
    directory: Path,
    fmt: str = "timeml",
    limit: int | None = None,
    split: str = "all",
    system: str = "triangulate",
) -> dict[str, Any]:
    """Run the system over a gold directory and score it (the command's figures)."""
    started = time.perf_counter()
    counter = [0]
    pairs = _pairs(directory, fmt, limit, split, system, counter)
    result = score(pairs, lenient_values=system == "dateparser")
    elapsed = time.perf_counter() - started
    words = counter[0]
    result["split"] = split
    result["system"] = system
    if system == "dateparser":
        result["values_compared_at_gold_granularity"] = True
    result["words_per_second"] = round(words / elapsed) if elapsed else None
    return result


@click.command("timex")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["timeml", "meantime"]),
    default="timeml",
    show_default=True,
    help="timeml: .tml files with TIMEX3 and DCT; meantime: MEANTIME token XML.",
)
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Score the first N files.")
@click.option(
    "--split",
    type=click.Choice(["all", "tune", "dev"]),
    default="all",
    show_default=True,
    help="Fixed split by file name: 'dev' is held out from rule tuning.",
)
@click.option(
    "--system",
    type=click.Choice(["triangulate", "dateparser"]),
    default="triangulate",
    show_default=True,
    help="dateparser: the search_dates baseline, scored the same way.",
)
@click.option(
    "--errors",
    "show_errors",
    is_flag=True,
    help="Print each mistake (one JSON object a line) instead of the figures: TimeML's "
    "tune split only (dev is held out), or MEANTIME.",
)
def command(
    directory: Path, fmt: str, limit: int | None, split: str, system: str, show_errors: bool
) -> None:
    """Score time-expression detection and normalisation against TimeML gold files."""
    if show_errors:
        if fmt == "timeml" and split != "tune":
            # Rules are written while reading errors: the held-out part stays unread.
            raise click.UsageError("--errors reads TimeML's tune split only: add --split tune")
        for record in mistakes(_pairs(directory, fmt, limit, split, system, [0])):
            click.echo(json.dumps(record, ensure_ascii=False))
        return
    click.echo(json.dumps(evaluate(directory, fmt, limit, split, system), indent=2))
