"""Numbers in the text: cardinals, ranges and orders of magnitude, with what they count.

A casualty figure or a troop strength is a claim like any other: the reader
needs the number, what it counts ("fighters") and who gives it ("according to
independent estimates"). Detection works on the raw text with a lexicon per
language (``data/numbers/<lang>.json``) so that it runs with or without a
parser; when a dependency parse is present it finds the counted noun and the
source through the tree, otherwise it falls back to the next content word and
to "according to"-style phrases.

``doc._.numbers`` holds one dict per number: ``start``, ``end``, ``text``,
``value`` (a number, ``{"low", "high"}`` for a range or ``{"magnitude"}`` for
"thousands"), ``kind`` (exact, range, magnitude), ``qualifier`` ("about",
"above"...), ``counts``, ``attributed_to`` and ``sentence``.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from triangulate.sections import Record, article_section

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "numbers"

if not Doc.has_extension("numbers"):
    Doc.set_extension("numbers", default=None)

#: Whitespace that may group thousands ("5 000"): space, no-break and narrow no-break.
_GROUP_SPACE = " \u00a0\u202f"
_DIGITS = (
    r"\d{1,3}(?:(?:[,.'" + _GROUP_SPACE + r"])\d{3})+(?:[.,]\d+)?(?![.,]?\d)"
    r"|\d+(?:[.,]\d+)?"
)
#: Values beyond this are not counts of anything (serial numbers, garbage).
_MAX_VALUE = 10**15
#: Words after a number looked at when no parser ran.
_LOOKAHEAD_WORDS = 4
#: Longest counted-noun phrase kept, in tokens.
_MAX_PHRASE_TOKENS = 12


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _alternation(keys: Any) -> str:
    parts = sorted({k for k in keys if k}, key=len, reverse=True)
    return "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in parts) or r"(?!x)x"


@dataclass(slots=True)
class _Lexicon:
    lang: str
    decimal: str
    group: str
    words: dict[str, float]
    scales: dict[str, float]
    magnitudes: dict[str, float]
    range_words: frozenset[str]
    between: list[tuple[str, str]]
    qualifiers: dict[str, str]
    units: dict[str, str]
    skip_after: frozenset[str]
    stopwords: frozenset[str]
    according: list[str]
    attribution_verbs: frozenset[str]
    attribution_stop: frozenset[str]
    value_prepositions: frozenset[str]
    atom: re.Pattern[str]
    qualifier_before: re.Pattern[str]
    according_re: re.Pattern[str] | None


@cache
def lexicon(lang: str) -> _Lexicon | None:
    """The compiled number lexicon for a language, or None when it has none (loaded once)."""
    path = DATA_DIR / f"{lang}.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    words = {_norm(k): float(v) for k, v in data["words"].items()}
    scales = {_norm(k): float(v) for k, v in data["scales"].items()}
    magnitudes = {_norm(k): float(v) for k, v in data["magnitudes"].items()}
    word = _alternation([*words, *scales])
    atom = re.compile(
        rf"(?<![\w.,])(?<![^\W\d_]-)(?:"
        rf"(?P<mag>{_alternation(magnitudes)})"
        rf"|(?P<cur>[$€£])?(?P<dig>{_DIGITS})(?:\s?(?P<dscale>{_alternation(scales)}))?"
        rf"|(?P<word>(?:{word})(?:(?:\s+|-)(?:and\s+|och\s+)?(?:{word}))*)"
        rf")(?!\w)",
        re.IGNORECASE,
    )
    qualifiers = {_norm(k): v for k, v in data["qualifiers"].items()}
    qualifier_before = re.compile(rf"(?<!\w)({_alternation(qualifiers)})\s+$", re.IGNORECASE)
    according = list(data["attribution"]["according"])
    according_re = (
        re.compile(rf"(?<!\w)(?:{_alternation(according)})\s+([^,.;:()\n]+)", re.IGNORECASE)
        if according
        else None
    )
    return _Lexicon(
        lang=lang,
        decimal=data["decimal"],
        group=data["group"],
        words=words,
        scales=scales,
        magnitudes=magnitudes,
        range_words=frozenset(data["range"]),
        between=[(a, b) for a, b in data["between"]],
        qualifiers=qualifiers,
        units={k.lower(): v for k, v in data["units"].items()},
        skip_after=frozenset(w.lower() for w in data["skip_after"]),
        stopwords=frozenset(w.lower() for w in data["stopwords"]),
        according=according,
        attribution_verbs=frozenset(data["attribution"]["verbs"]),
        attribution_stop=frozenset(w.lower() for w in data["attribution"].get("stop", [])),
        value_prepositions=frozenset(data.get("value_prepositions", [])),
        atom=atom,
        qualifier_before=qualifier_before,
        according_re=according_re,
    )


# --- values ---------------------------------------------------------------------------------


def parse_digits(text: str, decimal: str = ".") -> float | None:
    """A digit string with any mix of separators, read the way the language writes numbers.

    With both "," and "." the last one is the decimal mark ("5,000.5", "5.000,5");
    a mark repeated or followed by exactly three digits groups thousands unless it
    is the language's decimal mark ("5.000" is 5000 in Swedish, 5.0 in English).
    """
    t = "".join(ch for ch in text if ch not in _GROUP_SPACE + "'")
    if not t or not re.fullmatch(r"[\d.,]+", t) or not t[0].isdigit():
        return None
    marks = [ch for ch in t if ch in ".,"]
    if not marks:
        return float(t)
    if "," in marks and "." in marks:
        dec = t[max(t.rfind(","), t.rfind("."))]
        grp = "," if dec == "." else "."
        t = t.replace(grp, "").replace(dec, ".")
    else:
        mark = marks[0]
        head, _, tail = t.rpartition(mark)
        if len(marks) > 1:
            t = t.replace(mark, "")
        elif len(tail) == 3 and mark != decimal:
            t = head + tail
        else:
            t = head.replace(mark, "") + "." + tail
    try:
        return float(t)
    except ValueError:
        return None


def parse_words(text: str, lex: _Lexicon) -> float | None:
    """A number written in words: "twenty-five thousand", "two hundred and five"."""
    whole = _norm(text)
    if whole in lex.words:
        return lex.words[whole]
    total = 0.0
    current = 0.0
    seen = False
    for part in re.split(r"[\s-]+", whole):
        if part in ("and", "och", ""):
            continue
        if part in lex.scales:
            scale = lex.scales[part]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
            seen = True
        elif part in lex.words:
            value = lex.words[part]
            # "twenty five" adds up; "five five" or "five twenty" is no number.
            if current % 100 and not (current % 10 == 0 and value < 10):
                return None
            current += value
            seen = True
        else:
            return None
    return total + current if seen else None


def _clean(value: float) -> float | int:
    return int(value) if float(value).is_integer() and abs(value) < _MAX_VALUE else value


@dataclass(slots=True)
class _Atom:
    start: int
    end: int
    value: float | None
    magnitude: float | None
    scale: float | None
    currency: str | None


def _atoms(text: str, lex: _Lexicon) -> list[_Atom]:
    out: list[_Atom] = []
    for m in lex.atom.finditer(text):
        if m.group("mag"):
            out.append(
                _Atom(
                    m.start(), m.end(), None, lex.magnitudes.get(_norm(m.group("mag"))), None, None
                )
            )
            continue
        if m.group("dig"):
            value = parse_digits(m.group("dig"), lex.decimal)
            scale = lex.scales.get(_norm(m.group("dscale") or ""))
            if value is not None and scale:
                value *= scale
            out.append(_Atom(m.start(), m.end(), value, None, scale, m.group("cur")))
            continue
        word = m.group("word") or ""
        value = parse_words(word, lex)
        last = _norm(word).split()[-1] if word.strip() else ""
        scale = lex.scales.get(last)
        out.append(_Atom(m.start(), m.end(), value, None, scale, None))
    return [a for a in out if a.value is not None or a.magnitude is not None]


# --- the record -------------------------------------------------------------------------------


@dataclass(slots=True)
class NumberMention:
    """One number found in the text, before the counted noun and source are attached."""

    start: int
    end: int
    text: str
    kind: str
    value: Any
    qualifier: str | None = None
    unit: str | None = None


def find_numbers(
    text: str, lang: str, skip: list[tuple[int, int]] | None = None
) -> list[NumberMention]:
    """Cardinals, ranges and orders of magnitude in ``text``, except inside ``skip`` (dates)."""
    lex = lexicon(lang)
    if lex is None or not text:
        return []
    blocked = sorted(skip or [])
    atoms = [a for a in _atoms(text, lex) if not _inside(a.start, a.end, blocked)]
    out: list[NumberMention] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        mention = None
        if (
            b is not None
            and a.value is not None
            and b.value is not None
            and _is_range(text, a, b, lex)
        ):
            low, high = a.value, b.value
            if b.scale and not a.scale and low < b.scale <= high:
                low *= b.scale  # "five to eight thousand", "5-8 million"
            # "between 5,000 and 8,000": the span starts at the number; "between" is context.
            start = a.start
            mention = NumberMention(
                start,
                b.end,
                text[start : b.end],
                "range",
                {"low": _clean(min(low, high)), "high": _clean(max(low, high))},
            )
            i += 2
        else:
            if a.magnitude is not None:
                mention = NumberMention(
                    a.start,
                    a.end,
                    text[a.start : a.end],
                    "magnitude",
                    {"magnitude": _clean(a.magnitude)},
                )
            elif a.value is not None and abs(a.value) < _MAX_VALUE:
                mention = NumberMention(
                    a.start, a.end, text[a.start : a.end], "exact", _clean(a.value)
                )
            i += 1
        if mention is None:
            continue
        if _skipped_after(text, mention.end, lex):
            continue
        q = lex.qualifier_before.search(text[max(0, mention.start - 25) : mention.start])
        if q:
            mention.qualifier = lex.qualifiers.get(_norm(q.group(1)))
        mention.unit = _unit(text, mention, atoms, lex)
        out.append(mention)
    return out


def _inside(start: int, end: int, blocked: list[tuple[int, int]]) -> bool:
    return any(a < end and start < b for a, b in blocked)


def _is_range(text: str, a: _Atom, b: _Atom, lex: _Lexicon) -> bool:
    gap = text[a.end : b.start]
    if len(gap) > 12:
        return False
    stripped = gap.strip().lower()
    if stripped in ("-", "–", "—") and len(gap) <= 3:
        return True
    if stripped in lex.range_words and gap != stripped:
        return True
    for first, second in lex.between:
        if stripped == second and re.search(
            rf"(?i)\b{re.escape(first)}\s+$", text[max(0, a.start - 12) : a.start]
        ):
            return True
    return False


def _skipped_after(text: str, end: int, lex: _Lexicon) -> bool:
    after = re.match(r"\s*([\w.']+)", text[end : end + 20])
    return bool(
        after
        and after.group(1).lower() in lex.skip_after
        and after.group(1).lower() not in lex.units
    )


def _unit(text: str, mention: NumberMention, atoms: list[_Atom], lex: _Lexicon) -> str | None:
    before = text[max(0, mention.start - 1) : mention.start]
    if mention.text[:1] in lex.units:
        return lex.units[mention.text[:1]]
    if before in lex.units:
        return lex.units[before]
    after = re.match(r"\s?(%|[^\W\d_]+(?:\s[^\W\d_]+)?)", text[mention.end : mention.end + 20])
    if after:
        for candidate in (after.group(1).lower(), after.group(1).split()[0].lower()):
            if candidate in lex.units:
                return lex.units[candidate]
    return None


# --- counted noun and attribution --------------------------------------------------------------


_NOUNISH = ("NOUN", "PROPN")
_NUMBER_DEPS = ("nummod", "quantmod", "det", "amod", "compound", "nmod", "npadvmod")


def _phrase(noun: Token, exclude: Span, text: str) -> str:
    """The noun with its left modifiers, minus determiners and the number itself."""
    # "about 5,000 protesters": the phrase starts after the number, not at its modifiers.
    first = exclude.end if noun.left_edge.i <= exclude.start < noun.i else noun.left_edge.i
    tokens = [t for t in noun.doc[first : noun.i + 1] if not (exclude.start <= t.i < exclude.end)]
    while tokens and (
        tokens[0].dep_ in ("det", "predet", "case", "cc")
        or tokens[0].like_num
        or tokens[0].is_punct
    ):
        tokens = tokens[1:]
    tokens = tokens[-_MAX_PHRASE_TOKENS:]
    if not tokens:
        return noun.text
    phrase = text[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]
    for child in noun.rights:
        # "strength of the militias", "fighters gathering on the border": short tails only.
        if child.dep_ in ("prep", "acl", "nmod") and child.right_edge.i - noun.i <= 8:
            if child.dep_ == "prep" and child.lower_ not in ("of", "av"):
                continue
            phrase = text[tokens[0].idx : child.right_edge.idx + len(child.right_edge.text)]
            break
    return phrase


def _counted_by_parse(span: Span, lex: _Lexicon) -> Token | None:
    token = span[-1]
    head = token.head
    if token.dep_ in _NUMBER_DEPS and head.pos_ in _NOUNISH and head.i >= span.end:
        return head
    # A number inside a larger number phrase ("5,000 - 8,000"): climb to its head first.
    for candidate in (token, *(t for t in span if t.head.i < span.start or t.head.i >= span.end)):
        for child in candidate.children:
            if child.dep_ in ("prep", "case") and child.lower_ in ("of", "av"):
                objects = [c for c in child.children if c.pos_ in _NOUNISH]
                if objects:
                    return objects[0]
            if child.dep_ == "nmod" and child.pos_ in _NOUNISH and child.i > candidate.i:
                return child
        # "put their strength at 5,000", "rose to 300": the verb's object is what is counted.
        # (The preposition is a child in UD, the head in spaCy's English scheme.)
        preps = {candidate.head.lower_} | {c.lower_ for c in candidate.children if c.dep_ == "case"}
        if candidate.dep_ in ("pobj", "obl", "nmod") and preps & lex.value_prepositions:
            verb = candidate.head.head if candidate.head.pos_ == "ADP" else candidate.head
            if verb.pos_ in ("VERB", "AUX"):
                for dep in ("dobj", "obj", "nsubjpass", "nsubj", "nsubj:pass"):
                    found = [c for c in verb.children if c.dep_ == dep and c.pos_ in _NOUNISH]
                    if found:
                        return found[0]
        if candidate.dep_ == "attr" and candidate.head.pos_ in ("VERB", "AUX"):
            subjects = [c for c in candidate.head.children if c.dep_ == "nsubj"]
            if subjects:
                return subjects[0]
    return None


def _next_noun(span: Span) -> str | None:
    """With a parse but no link from the number: the next noun before any verb or stop."""
    doc = span.doc
    for token in doc[span.end : min(len(doc), span.end + _LOOKAHEAD_WORDS)]:
        if token.pos_ in _NOUNISH:
            return token.text
        if token.i == span.end and token.tag_ == "VBN":
            return token.text  # "at least 82 killed": the participle names the count
        if token.i == span.end and token.pos_ == "ADJ":
            following = doc[token.i + 1] if token.i + 1 < len(doc) else None
            if following is None or following.pos_ not in _NOUNISH:
                return token.text  # a nominalised adjective: "tusentals stridande"
        if token.pos_ in ("VERB", "AUX", "PUNCT", "PRON", "SCONJ", "CCONJ") or token.is_sent_start:
            return None
    return None


def _counted_by_words(text: str, end: int, lex: _Lexicon) -> str | None:
    """The next content word after the number, when no parser ran."""
    for i, m in enumerate(re.finditer(r"[^\W\d_][\w'’-]*", text[end : end + 80])):
        if i >= _LOOKAHEAD_WORDS:
            break
        gap = text[end : end + m.start()]
        if any(ch in gap for ch in ".;:!?\n"):
            break
        word = m.group(0)
        if word.lower() in lex.stopwords or word.lower() in lex.qualifiers:
            continue
        return word
    return None


def _attribution_by_parse(span: Span, lex: _Lexicon, text: str) -> str | None:
    token = span.root
    for _ in range(10):
        head = token.head
        if head.i == token.i:  # spaCy makes a new Token per access: `is` never holds
            return None
        token = head
        # Word forms as well as lemmas: a pipeline may have no lemmatizer (Swedish).
        forms = {token.lemma_.lower(), token.lower_}
        if token.pos_ in ("VERB", "AUX") and forms & lex.attribution_verbs:
            subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubj:pass")]
            # "Two sources said": the number counts the speakers, it is not attributed to them.
            subject = next(
                (s for s in subjects if not s.left_edge.i <= span.root.i <= s.right_edge.i), None
            )
            if (
                subject is not None
                and subject.right_edge.i - subject.left_edge.i < _MAX_PHRASE_TOKENS
            ):
                start = subject.left_edge
                return text[start.idx : subject.right_edge.idx + len(subject.right_edge.text)]
    return None


def _attribution_by_words(sentence: str, lex: _Lexicon, number_at: int = -1) -> str | None:
    """The source named by "according to ..." / "enligt ...", up to where the clause goes on.

    ``number_at`` is the number's offset in ``sentence``: in "according to three
    sources" the number counts the sources and is attributed to no one.
    """
    if lex.according_re is None:
        return None
    m = lex.according_re.search(sentence)
    if not m:
        return None
    words: list[str] = []
    end = m.start(1)
    for word in re.finditer(r"\S+", m.group(1)):
        lower = word.group(0).lower()
        if (
            lower in lex.attribution_stop
            or lower in lex.magnitudes
            or len(words) >= _MAX_PHRASE_TOKENS
        ):
            break
        if re.fullmatch(r"[\d.,]+", lower) or lower in lex.words:
            break
        words.append(word.group(0))
        end = m.start(1) + word.end()
    if m.start() <= number_at < max(end, m.start(1) + 1):
        return None
    return " ".join(words) or None


def _language(doc: Doc, fallback: str) -> str:
    article = doc._.article if Doc.has_extension("article") else None
    return (getattr(article, "language", None) or fallback or "xx").split("-")[0].lower()


def _timex_spans(doc: Doc) -> list[tuple[int, int]]:
    spans = []
    for span in doc.spans.get("timex", []):
        info = span._.timex if Span.has_extension("timex") else None
        if info:
            spans.append(
                (int(info.get("start", span.start_char)), int(info.get("end", span.end_char)))
            )
        else:
            spans.append((span.start_char, span.end_char))
    return spans


class NumbersStage:
    """Adds ``doc._.numbers``; one instance per pipeline."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        """Find the numbers, what each counts and who gives it."""
        records: list[dict[str, Any]] = []
        lang = _language(doc, self.lang)
        lex = lexicon(lang)
        if lex is None or not len(doc):
            doc._.numbers = records
            return doc
        parsed = doc.has_annotation("DEP")
        text = doc.text  # Doc.text is rebuilt on every access: read it once
        sentences = (
            [(s.start_char, s.end_char) for s in doc.sents]
            if doc.has_annotation("SENT_START")
            else [(0, len(text))]
        )
        starts = [a for a, _ in sentences]
        for mention in find_numbers(text, lang, _timex_spans(doc)):
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            sent = sentences[max(0, bisect.bisect_right(starts, mention.start) - 1)]
            counts = mention.unit
            attributed = _attribution_by_words(
                text[sent[0] : sent[1]], lex, mention.start - sent[0]
            )
            if parsed:
                noun = _counted_by_parse(span, lex)
                if noun is not None and counts is None:
                    counts = _phrase(noun, span, text)
                attributed = attributed or _attribution_by_parse(span, lex, text)
            if counts is None and not parsed:
                counts = _counted_by_words(text, mention.end, lex)
            elif counts is None:
                counts = _next_noun(span)
            if counts is not None:
                # A table or list run together: keep to one line, single spaces.
                counts = " ".join(counts.split("\n")[0].split()) or None
            records.append(
                {
                    "start": mention.start,
                    "end": mention.end,
                    "text": mention.text,
                    "kind": mention.kind,
                    "value": mention.value,
                    "qualifier": mention.qualifier,
                    "counts": counts,
                    "attributed_to": attributed,
                    "sentence": [sent[0], sent[1]],
                }
            )
        doc._.numbers = records
        return doc


@Language.factory("tri_numbers", requires=["token.is_sent_start"], assigns=["doc._.numbers"])
def make_numbers(nlp: Language, name: str) -> NumbersStage:
    """Factory for the numbers stage."""
    return NumbersStage(nlp.lang or "xx")


@article_section("numbers")
def number_records(doc: Doc) -> list[Record]:
    """The ``numbers`` section of analysis.json."""
    article = doc._.article if Doc.has_extension("article") else None
    article_id = getattr(article, "id", None)
    return [{"article": article_id, **record} for record in doc._.numbers or []]
