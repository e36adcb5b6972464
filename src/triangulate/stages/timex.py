"""Time expressions, found by a per-language grammar and resolved against the publication date.

dateparser resolves absolute dates well but takes spans that swallow their
neighbours and sends bare weekdays and months into the future, which is wrong
for news (most reported events lie in the past). So detection is a regex
grammar kept as data (``data/time/<lang>.json``: lexicons plus rules with
``{macro}`` placeholders) and resolution is our own: a weekday goes back or
forward from the publication date according to the tense around it, and an
article without a publication date (nor a dateline, a date on a line of its own
at the top) keeps its relative expressions unresolved rather than guessing.

Each expression becomes a span in ``doc.spans["timex"]`` whose ``span._.timex``
is a dict: ``type`` (DATE, TIME, DURATION, SET), ``value`` (TimeML-style string
or a ``{"from", "to"}`` range of ISO dates), ``precision`` (time, day, week,
month, quarter, season, year, decade, century, range, duration, set, ref),
``resolved``, ``timeml`` (the TimeML value, used for evaluation), ``mod`` and
``signal`` (the preposition before it, such as "within").
"""

from __future__ import annotations

import bisect
import calendar
import itertools
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from spacy.attrs import IDX, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.symbols import AUX, VERB
from spacy.tokens import Doc, Span, Token

from triangulate.regex_starts import first_chars
from triangulate.sections import Record, article_section

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "time"
SPAN_KEY = "timex"
_SENTENCES_KEY = "triangulate.timex_sentences"

if not Span.has_extension("timex"):
    Span.set_extension("timex", default=None)

# Built-in macros; every other {name} comes from the language's lexicon.
_BUILTIN = {
    "year": r"(?P<{g}>(?:1[0-9]|20|21)\d\d)",
    "day": r"(?P<{g}>[0-3]?\d)",
}
_MACRO = re.compile(r"\{([a-z_]\w*)(?:@(\w+))?\}")
_UNIT_DAYS = {"D": 1, "W": 7, "WE": 2, "2W": 14}
# How far "the coming days/weeks/..." reaches, in days: a reading, not a fact.
_COMING_DAYS = {"D": 7, "W": 28, "M": 90, "Y": 730, "H": 1, "E": 3650}
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_PART_TIME = {"MO", "AF", "EV", "NI"}
_RECENT = frozenset({"recent", "senaste"})
_SIGNAL_WINDOW = 30
#: Sentences an anaphoric expression ("a year earlier") may reach back for its anchor.
_REF_REACH = 3
_MAX_YEAR_SHIFT = 5000


@dataclass(slots=True)
class Timex:
    """One time expression: where it is and what it means."""

    start: int
    end: int
    text: str
    type: str
    value: Any
    precision: str
    resolved: bool
    timeml: str
    mod: str | None = None
    signal: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The annotation stored on ``span._.timex`` (offsets live on the span)."""
        return {
            "type": self.type,
            "value": self.value,
            "precision": self.precision,
            "resolved": self.resolved,
            "timeml": self.timeml,
            "mod": self.mod,
            "signal": self.signal,
        }


@dataclass(slots=True)
class _Grammar:
    lang: str
    lexicon: dict[str, dict[str, Any]]
    rules: list[tuple[str, re.Pattern[str]]]
    capitalised_only: frozenset[str]
    not_alone: frozenset[str]
    after_number_only: frozenset[str]
    future: re.Pattern[str] | None
    past: re.Pattern[str] | None
    signal: re.Pattern[str] | None
    trigger: re.Pattern[str]
    numbers: dict[str, Any] = field(default_factory=dict)
    anaphoric: frozenset[str] = frozenset()
    future_verbs: frozenset[str] = frozenset()
    future_aux: frozenset[str] = frozenset()
    #: Verbs whose present tense reports rather than schedules ("says"); a language
    #: that lists them reads other present-tense verbs with a weekday as ahead.
    present_reporting: frozenset[str] = frozenset()
    #: Parts of the day (TimeML codes such as "EV") that a weekday's value keeps:
    #: "Friday evening" is 2025-03-07TEV where the data lists EV, else the day.
    weekday_parts: frozenset[str] = frozenset()
    #: Per rule, a pattern the text must contain somewhere for the rule to be tried at all
    #: (a rare word such as "century"): checked once per text, it spares the per-start tries.
    requires: list[re.Pattern[str] | None] = field(default_factory=list)
    #: Expressions that read as an ordinal when a content word follows ("a second term"):
    #: a duration only before punctuation or one of ``ordinal_ok_after``.
    ordinal_before_word: frozenset[str] = frozenset()
    ordinal_ok_after: frozenset[str] = frozenset()
    #: Per rule, the lower-cased ASCII characters a match can start with (None: any):
    #: most rules cannot start at most word starts, and skipping them there is cheap.
    firsts: list[frozenset[str] | None] = field(default_factory=list)


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _alternation(keys: Iterable[str]) -> str:
    # Longest first so that "the end of" wins over "the end".
    parts = sorted({k for k in keys if k}, key=len, reverse=True)
    return "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in parts) or r"(?!x)x"


def _num_pattern(numbers: dict[str, Any]) -> str:
    tens = [k for k, v in numbers.items() if isinstance(v, int) and v % 10 == 0 and 20 <= v <= 90]
    ones = [k for k, v in numbers.items() if isinstance(v, int) and 1 <= v <= 9 and len(k) > 2]
    compound = f"(?:{_alternation(tens)})[- ](?:{_alternation(ones)})" if tens and ones else ""
    alts = [r"\d+(?:[.,]\d+)?"]
    if compound:
        alts.append(compound)
    alts.append(_alternation(numbers))
    return "|".join(alts)


def _expand(pattern: str, lexicon: dict[str, dict[str, Any]]) -> str:
    def repl(m: re.Match[str]) -> str:
        name, group = m.group(1), m.group(2) or m.group(1)
        if name in _BUILTIN:
            return _BUILTIN[name].format(g=group)
        if name == "num":
            return f"(?P<{group}>{_num_pattern(lexicon.get('number', {}))})"
        return f"(?P<{group}>{_alternation(lexicon.get(name, {}))})"

    # " ?" in a rule means optional whitespace ("mid-March", "mid March").
    body = _MACRO.sub(repl, pattern).replace(" ?", r"\s*").replace(" ", r"\s+")
    # Never part of a longer word or number: "4.1556" and "1299.59" hold no year.
    return rf"(?<![\w/])(?<!\d[.,]){body}(?![\w]|-\w|[.,]\d)"


def _cue_pattern(words: list[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    return re.compile(rf"(?<!\w)(?:{_alternation(words)})(?!\w)", re.IGNORECASE)


#: Lexicons whose words anchor every rule: an expression always contains one of
#: them (or a digit), so rules are only tried just before such a word.
_TRIGGER_LEXICONS = (
    "month", "weekday", "weekday_past", "unit", "season", "fixed", "set", "holiday",
    "time_word", "part", "coming", "yrel",
)  # fmt: skip
_TRIGGER_EXTRA = ("half", "period", "quarter", "quarters", "eighteen", "nineteen", "o'clock")
#: How many words before a trigger an expression may start ("the end of last month").
_TRIGGER_REACH = 6
#: A word starts at a letter or digit, or at the apostrophe of a clipped year ("since '82").
_WORD_START = re.compile(r"(?<![\w])\w|(?<![\w'])'(?=\d\d)")


def _trigger_pattern(lexicon: dict[str, dict[str, Any]]) -> re.Pattern[str]:
    words = [w for name in _TRIGGER_LEXICONS for w in lexicon.get(name, {})]
    return re.compile(rf"\d|(?<!\w)(?:{_alternation([*words, *_TRIGGER_EXTRA])})", re.IGNORECASE)


@cache
def grammar(lang: str) -> _Grammar | None:
    """The compiled grammar for a language, or None when it has none (loaded once)."""
    path = DATA_DIR / f"{lang}.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    lexicon: dict[str, dict[str, Any]] = {
        name: {_norm(k): v for k, v in entries.items()} for name, entries in data["lexicon"].items()
    }
    rules = [
        (rule["kind"], re.compile(_expand(rule["pattern"], lexicon), re.IGNORECASE))
        for rule in data["rules"]
    ]
    signals = lexicon.get("signal", {})
    signal = (
        re.compile(rf"(?<!\w)({_alternation(signals)})\s+$", re.IGNORECASE) if signals else None
    )
    cues = data.get("cues", {})
    return _Grammar(
        lang=lang,
        lexicon=lexicon,
        rules=rules,
        capitalised_only=frozenset(_norm(w) for w in data.get("capitalised_only", [])),
        not_alone=frozenset(_norm(w) for w in data.get("not_alone", [])),
        ordinal_before_word=frozenset(_norm(w) for w in data.get("ordinal_before_word", [])),
        ordinal_ok_after=frozenset(_norm(w) for w in data.get("ordinal_ok_after", [])),
        after_number_only=frozenset(_norm(w) for w in data.get("after_number_only", [])),
        future=_cue_pattern(cues.get("future", [])),
        past=_cue_pattern(cues.get("past", [])),
        signal=signal,
        trigger=_trigger_pattern(lexicon),
        numbers=lexicon.get("number", {}),
        anaphoric=frozenset(_norm(w) for w in data.get("anaphoric", [])),
        future_verbs=frozenset(cues.get("future_verbs", [])),
        future_aux=frozenset(cues.get("future_aux", [])),
        present_reporting=frozenset(cues.get("present_reporting", [])),
        weekday_parts=frozenset(data.get("weekday_parts", [])),
        requires=[
            re.compile(rule["requires"], re.IGNORECASE) if rule.get("requires") else None
            for rule in data["rules"]
        ],
        firsts=[first_chars(pattern.pattern, re.IGNORECASE) for _, pattern in rules],
    )


# --- calendar arithmetic -------------------------------------------------------------------


def _week(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}"


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _shift_days(d: date, days: int) -> date | None:
    try:
        return d + timedelta(days=days)
    except OverflowError:
        return None


def _quarter(month: int) -> int:
    return (month - 1) // 3 + 1


def _shift(dct: date, unit: str, n: int) -> tuple[str, str] | None:
    """``dct`` moved by ``n`` units, as (TimeML value, precision) at that unit's granularity."""
    if abs(n) > _MAX_YEAR_SHIFT:
        return None
    if unit in ("D", "H", "MIN", "S"):
        d = _shift_days(dct, n)
        return (d.isoformat(), "day") if d else None
    if unit in ("W", "2W"):
        d = _shift_days(dct, 7 * n * (2 if unit == "2W" else 1))
        return (_week(d), "week") if d else None
    if unit == "WE":
        d = _shift_days(dct, 7 * n)
        return (f"{_week(d)}-WE", "week") if d else None
    if unit == "M":
        y, m = _add_months(dct.year, dct.month, n)
        return (f"{y:04d}-{m:02d}", "month") if 0 < y < 10000 else None
    if unit == "Q":
        y, m = _add_months(dct.year, dct.month, 3 * n)
        return (f"{y:04d}-Q{_quarter(m)}", "quarter") if 0 < y < 10000 else None
    if unit == "Y":
        y = dct.year + n
        return (f"{y:04d}", "year") if 0 < y < 10000 else None
    if unit == "E":
        y = dct.year + 10 * n
        return (f"{y // 10:03d}", "decade") if 0 < y < 10000 else None
    if unit == "C":
        y = dct.year + 100 * n
        return (f"{y // 100:02d}", "century") if 0 < y < 10000 else None
    if unit == "L":
        y = dct.year + 1000 * n
        return (f"{y // 1000:01d}", "century") if 0 < y < 10000 else None
    return None


#: A fraction of a unit written in the next smaller one: "a minute and a half" is PT1M30S.
_SMALLER = {"Y": ("M", 12), "D": ("H", 24), "H": ("MIN", 60), "MIN": ("S", 60)}


def _duration_value(n: Any, unit: str) -> str:
    """TimeML duration: P2Y, PT3H, PXD (vague count), P2Y6M for two and a half years."""
    count = "X" if not isinstance(n, int | float) else _fmt_num(n)
    if unit == "E" and count == "X":
        return "PXY"  # "decades-long": some decades, in years as counted decades are (P20Y)
    if isinstance(n, float) and not n.is_integer() and unit in _SMALLER:
        small, per = _SMALLER[unit]
        whole, rest = int(n), round((n - int(n)) * per, 6)
        if float(rest).is_integer():
            big = _duration_value(whole, unit) if whole else "P"
            part = _duration_value(int(rest), small)
            if "T" in part and "T" not in big:
                return f"{big}T{part[2:]}"
            return big + part[1:] if "T" not in part else big + part[2:]
    if unit in ("H", "MIN", "S"):
        return f"PT{count}{'M' if unit == 'MIN' else unit}"
    if unit == "2W":
        return f"P{_fmt_num(2 * n) if isinstance(n, int | float) else 'X'}W"
    if unit in ("E", "C", "L") and isinstance(n, int | float):
        # TimeML writes decades and centuries in years: "two decades" is P20Y.
        return f"P{_fmt_num(n * {'E': 10, 'C': 100, 'L': 1000}[unit])}Y"
    return f"P{count}{unit}"


def _fmt_num(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def _duration_days(n: Any, unit: str) -> int | None:
    if not isinstance(n, int | float) or n <= 0:
        return None
    per = {"D": 1, "W": 7, "2W": 14, "WE": 2, "M": 30, "Q": 91, "Y": 365, "E": 3652, "C": 36525}
    if unit not in per or n * per[unit] > 365 * _MAX_YEAR_SHIFT:
        return None
    return max(1, round(n * per[unit]))


def _range(start: date | None, end: date | None) -> dict[str, str] | None:
    if start is None or end is None:
        return None
    return {"from": start.isoformat(), "to": end.isoformat()}


def _edge_range(timeml: str, mod: str | None) -> dict[str, str] | None:
    """A month or year with START/MID/END as a range of days (thirds of the period)."""
    if mod not in ("START", "MID", "END"):
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?", timeml)
    if not m:
        return None
    year = int(m.group(1))
    if m.group(2):
        month = int(m.group(2))
        last = calendar.monthrange(year, month)[1]
        bounds = {"START": (1, 10), "MID": (11, 20), "END": (21, last)}[mod]
        return _range(_safe_date(year, month, bounds[0]), _safe_date(year, month, bounds[1]))
    months = {"START": (1, 4), "MID": (5, 8), "END": (9, 12)}[mod]
    return _range(
        _safe_date(year, months[0], 1),
        _safe_date(year, months[1], calendar.monthrange(year, months[1])[1]),
    )


# --- resolution ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Ctx:
    """What a resolver knows besides the match: the anchor, the tense, the signal word."""

    dct: date | None
    direction: int  # -1 past, +1 future, 0 unknown; 2/-2 when read off the parse
    signal: str | None
    grammar: _Grammar
    #: The latest resolved calendar value before this expression (TimeML value), for
    #: anaphora such as "the following year" or "a year earlier" after a quarter.
    ref: str | None = None
    #: Whether ``ref`` was written, with its year, in this expression's own sentence.
    ref_here: bool = False


_Result = tuple[
    str, Any, str, bool, str, str | None
]  # type, value, precision, resolved, timeml, mod


def _lex(g: _Grammar, name: str, text: str | None) -> Any:
    if text is None:
        return None
    return g.lexicon.get(name, {}).get(_norm(text))


def _number(g: _Grammar, text: str | None) -> Any:
    if text is None:
        return None
    t = _norm(text)
    if re.fullmatch(r"\d+", t):
        return int(t)
    if re.fullmatch(r"\d+[.,]\d+", t):
        return float(t.replace(",", "."))
    if t in g.numbers:
        return g.numbers[t]
    parts = re.split(r"[- ]", t)
    values = [g.numbers.get(p) for p in parts]
    if len(parts) == 2 and all(isinstance(v, int) for v in values):
        return int(values[0]) + int(values[1])  # type: ignore[arg-type]
    return None


def _mod(g: _Grammar, m: re.Match[str]) -> str | None:
    groups = m.groupdict()
    for name in ("edge", "approx"):
        value = _lex(g, name, groups.get(name))
        if value:
            return str(value)
    if _OR_SO.search(m.group(0)):
        return "APPROX"  # "the next year or so"
    return None


_OR_SO = re.compile(r"(?i)\bor\s+so\b")


def _unresolved(kind: str, text: str) -> _Result:
    return ("DATE", None, kind, False, "", None)


def _day_result(d: date | None, part: str | None, mod: str | None = None) -> _Result | None:
    if d is None:
        return None
    if part in _PART_TIME:
        value = f"{d.isoformat()}T{part}"
        return ("TIME", value, "day", True, value, mod)
    return ("DATE", d.isoformat(), "day", True, d.isoformat(), mod)


def _weekday_date(dct: date, wd: int, direction: int, rel: int | None) -> date | None:
    today = dct.weekday()
    if rel == -1 or (rel in (None, 0) and direction <= 0):
        back = (today - wd) % 7
        if back == 0 and rel == -1:
            back = 7
        return _shift_days(dct, -back)
    ahead = (wd - today) % 7
    if ahead == 0 and rel == 1:
        ahead = 7
    return _shift_days(dct, ahead)


def _resolve_weekday(m: re.Match[str], ctx: _Ctx, forced: int | None = None) -> _Result | None:
    g = ctx.grammar
    groups = m.groupdict()
    wd = _lex(
        g,
        "weekday_past" if forced == -1 else "weekday",
        groups.get("weekday_past") or groups.get("weekday"),
    )
    if wd is None:
        return None
    rel = forced if forced is not None else _lex(g, "rel", groups.get("rel"))
    if rel is None and groups.get("rel_after"):
        rel = _lex(g, "rel_after", groups["rel_after"])  # French "vendredi dernier"
    mod = _mod(g, m)
    if ctx.dct is None:
        value = f"XXXX-WXX-{wd + 1}"
        return ("DATE", value, "day", False, value, mod)
    direction = ctx.direction
    if ctx.signal in ("until", "by", "effective"):
        direction = 1  # "by Friday", "as soon as Tuesday", "effective Monday": ahead
    elif ctx.signal == "since":
        direction = -1  # "in hospital since Monday"
    # A part of the day ("Friday night") stays in the span. The value keeps it only for
    # the parts the language's data lists: measured on TimeBank, its annotators wrote
    # "Friday evening" with the part (TEV) but mostly "Friday morning/night" as the day.
    part = _lex(g, "part", groups.get("part"))
    kept = part if part in g.weekday_parts else None
    return _day_result(_weekday_date(ctx.dct, int(wd), direction, rel), kept, mod)


def _month_number(g: _Grammar, groups: dict[str, Any]) -> int | None:
    if groups.get("month_n"):
        n = int(groups["month_n"])
        return n if 1 <= n <= 12 else None
    value = _lex(g, "month", groups.get("month"))
    if value is None and groups.get("month") and groups["month"].isdigit():
        value = int(groups["month"])
    return int(value) if value and 1 <= int(value) <= 12 else None


def _resolve_date(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    groups = m.groupdict()
    month = _month_number(ctx.grammar, groups)
    if month is None:
        return None
    # "January fifteenth", "the first of May": a day spelled out, as transcripts write it.
    day = int(
        groups["day"] if groups.get("day") else _lex(ctx.grammar, "day_word", groups["day_word"])
    )
    year = int(groups["year"]) if groups.get("year") else None
    if groups.get("yy"):
        year = _two_digit_year(groups["yy"], ctx)  # "7/8/07"
    part = _lex(ctx.grammar, "part", groups.get("part"))
    if year is None:
        if ctx.dct is None:
            value = f"XXXX-{month:02d}-{day:02d}"
            return ("DATE", value, "day", False, value, None)
        rel = _lex(ctx.grammar, "rel", groups.get("rel"))
        if rel:
            ctx = _Ctx(ctx.dct, int(rel), None, ctx.grammar, ctx.ref)  # "last Oct. 23"
        # A full date is mostly a deadline or a schedule even in a past-tense sentence
        # ("extended the offer to Nov. 16"), so the nearest one is taken.
        year = _sentence_year(ctx) or _nearest_year(ctx, month, day, use_tense=False)
    d = _safe_date(year, month, day)
    if d is None:
        # "31 February": keep what is certain (the month) rather than invent a day.
        value = f"{year:04d}-{month:02d}"
        return ("DATE", value, "month", True, value, None)
    hh, mm = groups.get("hh"), groups.get("mm")
    if hh is not None and mm is not None and int(hh) < 24:
        value = f"{d.isoformat()}T{int(hh):02d}:{mm}"
        return ("TIME", value, "time", True, value, None)
    return _day_result(d, part)


def _sentence_year(ctx: _Ctx) -> int | None:
    """The year of a full date just written in the same sentence, for a date without one.

    "He was arrested on Oct. 23, 2019, and freed Oct. 30": the second date shares the
    first one's year, however far from publication that is.
    """
    m = re.fullmatch(r"(\d{4})-\d\d-\d\d", ctx.ref or "")
    return int(m.group(1)) if m and ctx.ref_here else None


def _nearest_year(ctx: _Ctx, month: int, day: int, use_tense: bool = True) -> int:
    """The year for a month (and day) written without one.

    The occurrence nearest the publication date, unless the verb the parser ties to
    the expression says otherwise: for a month, past tense takes the latest one no
    more than two weeks ahead (a deadline may be reported in the past tense) and
    future tense the earliest no more than two weeks back; a full date ("Nov. 16")
    is mostly a schedule, so it leaves the nearest year only when that is months off.
    """
    assert ctx.dct is not None
    dct = ctx.dct
    options: list[tuple[int, int]] = []
    for year in (dct.year - 1, dct.year, dct.year + 1):
        if not 0 < year < 10000:
            continue
        d = _safe_date(year, month, min(day, calendar.monthrange(year, month)[1]))
        if d is not None:
            options.append(((d - dct).days, year))
    if not options:
        return dct.year
    if ctx.signal == "effective":
        # "a pact effective June 1": a change announced ahead, whatever the tense.
        ahead = [o for o in options if o[0] >= -14]
        if ahead:
            return min(ahead)[1]
    if not use_tense and abs(ctx.direction) == 2:
        # Only a verb the parser ties to the date moves it off the nearest year, and
        # only when that year is months away ("the year ended March 31", said in October).
        nearest = min(options, key=lambda o: abs(o[0]))
        if ctx.direction < 0 and nearest[0] > 90:
            return nearest[1] - 1
        if ctx.direction > 0 and nearest[0] < -90:
            return nearest[1] + 1
        return nearest[1]
    if ctx.signal in ("until", "by"):
        ahead = [o for o in options if o[0] >= -14]
        if ahead:
            return min(ahead)[1]
    if abs(ctx.direction) < 2:
        use_tense = False  # cue words elsewhere in the sentence are too weak for months
    if use_tense and ctx.direction < 0:
        past = [o for o in options if o[0] <= 14]
        if past:
            return max(past)[1]
    if use_tense and ctx.direction > 0:
        ahead = [o for o in options if o[0] >= -14]
        if ahead:
            return min(ahead)[1]
    return min(options, key=lambda o: abs(o[0]))[1]


def _resolve_month(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    groups = m.groupdict()
    month = _month_number(ctx.grammar, groups)
    if month is None:
        return None
    mod = _mod(ctx.grammar, m)
    if groups.get("year"):
        year: int | None = int(groups["year"])
    elif ctx.dct is None:
        value = f"XXXX-{month:02d}"
        return ("DATE", value, "month", False, value, mod)
    elif groups.get("yrel"):
        year = ctx.dct.year + int(_lex(ctx.grammar, "yrel", groups["yrel"]) or 0)
    elif groups.get("rel") is not None and _lex(ctx.grammar, "rel", groups["rel"]) is not None:
        rel = int(_lex(ctx.grammar, "rel", groups["rel"]))
        year = ctx.dct.year
        if rel < 0 and month >= ctx.dct.month:
            year -= 1  # "last May", said in May or later: the previous one
        elif rel > 0 and month <= ctx.dct.month:
            year += 1
    else:
        year = _nearest_year(ctx, month, 15, use_tense=True)
    value = f"{year:04d}-{month:02d}"
    rng = _edge_range(value, mod)
    return ("DATE", rng or value, "range" if rng else "month", True, value, mod)


def _resolve_month_week(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    """ "the last week of March": a calendar week, the ISO week holding that week's Thursday.

    Like ISO's own first week of a year, the n-th week of a month is the one whose
    Thursday is the month's 7n-3rd day (the 4th for the first), and the last week is
    the one holding the day three before the month's end.
    """
    g = ctx.grammar
    n = _lex(g, "ordinal", m.group("ordinal"))
    month = _resolve_month(m, ctx)
    if n is None or month is None or not month[3]:
        return month
    year, mon = int(month[4][:4]), int(month[4][5:7])
    last = calendar.monthrange(year, mon)[1]
    is_last = _norm(m.group("ordinal")) in ("last", "final")
    day = _safe_date(year, mon, last - 3 if is_last else min(7 * int(n) - 3, last))
    if day is None:
        return None
    value = _week(day)
    return ("DATE", value, "week", True, value, None)


def _resolve_year(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    groups = m.groupdict()
    # "since '82": two digits after an apostrophe, in the century nearest publication.
    year = _two_digit_year(groups["yy"], ctx) if groups.get("yy") else int(groups["year"])
    mod = _mod(ctx.grammar, m)
    value = f"{year:04d}"
    rng = _edge_range(value, mod)
    return ("DATE", rng or value, "range" if rng else "year", True, value, mod)


def _resolve_spoken_year(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    """A year said in words, as in broadcast transcripts: "nineteen ninety-seven"."""
    g = ctx.grammar
    groups = m.groupdict()
    century = _norm(groups["century"])
    yy_text = _norm(groups.get("yy") or "")
    if century == "two thousand":
        base, yy = 2000, _number(g, yy_text) if yy_text else 0
    else:
        base = 100 * int(_number(g, century))
        yy = 0 if yy_text == "hundred" else _number(g, re.sub(r"^oh[- ]", "", yy_text))
    if not isinstance(yy, int) or not 0 <= yy < 100:
        return None
    year = base + yy
    season = _lex(g, "season", groups.get("season"))
    month = _month_number(g, groups) if groups.get("month") else None
    value = (
        f"{year:04d}-{season}" if season else f"{year:04d}-{month:02d}" if month else f"{year:04d}"
    )
    precision = "season" if season else "month" if month else "year"
    return ("DATE", value, precision, True, value, _mod(g, m))


def _resolve_decade(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    groups = m.groupdict()
    if groups.get("dd"):
        # "the '80s": the latest such decade that has begun by publication.
        value = f"{_two_digit_year(groups['dd'], ctx) // 10:03d}"
    else:
        value = groups["decade"][:3]
    return ("DATE", value, "decade", True, value, _mod(ctx.grammar, m))


def _resolve_season(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    g = ctx.grammar
    groups = m.groupdict()
    season = _lex(g, "season", groups.get("season"))
    if not season:
        return None
    mod = _mod(g, m)
    if groups.get("year"):
        value = f"{groups['year']}-{season}"
        return ("DATE", value, "season", True, value, mod)
    if ctx.dct is None:
        value = f"XXXX-{season}"
        return ("DATE", value, "season", False, value, mod)
    rel = _lex(g, "rel", groups.get("rel"))
    return _season_from(ctx, str(season), rel if rel is not None else (ctx.direction or 0), mod)


def _resolve_season_the(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    """ "the summer": this year's, unless the tense puts it wholly behind or ahead."""
    season = _lex(ctx.grammar, "season", m.group("season"))
    if not season:
        return None
    if ctx.dct is None:
        value = f"XXXX-{season}"
        return ("DATE", value, "season", False, value, None)
    dct = ctx.dct
    options = []  # (days from the season's middle to the publication date, year)
    for year in (dct.year - 1, dct.year, dct.year + 1):
        start = _safe_date(year, _SEASON_START[str(season)], 1)
        if start is None:
            continue
        if ctx.direction < 0 and start > dct:
            continue  # past tense: begun by then
        if ctx.direction > 0 and (dct - start).days > 91:
            continue  # future tense: not over yet
        options.append((abs((start - dct).days + 45), year))
    if not options:
        return None
    value = f"{min(options)[1]:04d}-{season}"
    return ("DATE", value, "season", True, value, None)


def _season_from(ctx: _Ctx, season: str, rel: int, mod: str | None) -> _Result | None:
    assert ctx.dct is not None
    dct = ctx.dct
    start_month = _SEASON_START[season]
    year = dct.year
    start = _safe_date(year, start_month, 1)
    if start is None:
        return None
    if rel < 0 and start > dct:
        year -= 1
    elif rel < 0 and (dct.year * 12 + dct.month) - (year * 12 + start_month) < 3:
        year -= 1  # we are still in it: "last summer" means the one before
    elif rel > 0 and start <= dct:
        year += 1
    value = f"{year:04d}-{season}"
    return ("DATE", value, "season", True, value, mod)


def _resolve_quarter(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    g = ctx.grammar
    groups = m.groupdict()
    n = _lex(g, "ordinal", groups.get("ordinal"))
    year_text = groups.get("year") or groups.get("qyear")
    rel = _lex(g, "rel", groups.get("rel") or groups.get("rel2"))
    if groups.get("yrel") and ctx.dct is not None:
        shift = int(_lex(g, "yrel", groups["yrel"]) or 0)
        year_text = str(ctx.dct.year + shift)
        if not n and shift:
            # "last year's quarter": the quarter in question (the one just named, else the
            # last completed one), a year off.
            named = _ref_quarter(ctx)
            base = _shift(ctx.dct, "Q", -1)
            if named is None and base is not None:
                named = (int(base[0][:4]), int(base[0][-1]))
            if named is not None:
                value = f"{named[0] + shift:04d}-Q{named[1]}"
                return ("DATE", value, "quarter", True, value, None)
        if not n:
            value = f"{year_text}-QX"
            return ("DATE", value, "quarter", True, value, None)
    if year_text and n:
        value = f"{year_text}-Q{n}"
        return ("DATE", value, "quarter", True, value, None)
    if year_text and groups.get("qyear"):
        # "the 1988 quarter": the quarter under discussion (the one just named), that year.
        return _year_quarter(int(year_text), ctx, "quarter")
    if ctx.dct is None:
        value = f"XXXX-Q{n or 'X'}"
        return ("DATE", value, "quarter", False, value, None)
    current = _quarter(ctx.dct.month)
    if n:
        year = ctx.dct.year - (1 if int(n) > current and ctx.direction <= 0 else 0)
        value = f"{year:04d}-Q{n}"
        return ("DATE", value, "quarter", True, value, None)
    # "the quarter", "the latest quarter": the quarter just named, else in news the
    # last completed one.
    named = _ref_quarter(ctx)
    rel_text = _norm(groups.get("rel") or groups.get("rel2") or "")
    if named is not None and (rel is None or rel_text in g.anaphoric):
        # ..."that quarter", "the same quarter": the one just named; "the previous
        # quarter", "the following quarter": one before or after it.
        step = int(rel) if rel is not None else 0
        year, month = _add_months(named[0], 3 * named[1] - 2, 3 * step)
        value = f"{year:04d}-Q{_quarter(month)}"
        return ("DATE", value, "quarter", True, value, None)
    shifted = _shift(ctx.dct, "Q", int(rel) if rel is not None else -1)
    if shifted is None:
        return None
    return ("DATE", shifted[0], "quarter", True, shifted[0], None)


def _year_quarter(year: int, ctx: _Ctx, noun: str) -> _Result:
    """ "the 1988 quarter", "the 1988 period": the quarter just named, moved to ``year``.

    Earnings reports compare a quarter with the same one a year before and call the
    older one by its year. With no quarter named, a "quarter" is some quarter of that
    year (QX) and a "period" is the year itself.
    """
    named = _ref_quarter(ctx)
    if named is not None:
        value = f"{year:04d}-Q{named[1]}"
        return ("DATE", value, "quarter", True, value, None)
    if noun == "quarter":
        value = f"{year:04d}-QX"
        return ("DATE", value, "quarter", True, value, None)
    value = f"{year:04d}"
    return ("DATE", value, "year", True, value, None)


def _resolve_year_end(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    """ "by year-end", "at year's end": the close of the current year (a noun, not
    "year-end results", which the rule leaves out)."""
    return _resolve_spec("Y+0", ctx, "END")


def _resolve_year_ended(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    """ "the year ended March 31": the twelve months up to a date given beside it (P1Y).

    The end date is its own expression; TimeML annotates the stretch as a duration.
    """
    return ("DURATION", "P1Y", "duration", True, "P1Y", None)


def _resolve_year_period(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    return _year_quarter(int(m.group("year")), ctx, "period")


def _two_digit_year(text: str, ctx: _Ctx) -> int:
    """A year written "2025", "'25" or "25" (the century nearest the publication year)."""
    digits = text.lstrip("'")
    if len(digits) == 4:
        return int(digits)
    now = ctx.dct.year if ctx.dct else 2000
    year = now // 100 * 100 + int(digits)
    return year - 100 if year > now + 20 else year


def _resolve_quarter_code(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    """Business shorthand: "Q3 2025", "3Q25", "H1", "in Q4"."""
    groups = m.groupdict()
    quarter = groups.get("qlead") or groups.get("qtrail")
    half = groups.get("hlead") or groups.get("htrail")
    year_text = groups.get("qy")
    if year_text:
        year: int | None = _two_digit_year(year_text, ctx)
    elif ctx.dct is None:
        year = None
    elif quarter:
        # Like "the third quarter": the latest such quarter unless the tense looks ahead.
        current = _quarter(ctx.dct.month)
        year = ctx.dct.year - (1 if int(quarter) > current and ctx.direction <= 0 else 0)
    else:
        current_half = 1 if ctx.dct.month <= 6 else 2
        year = ctx.dct.year - (1 if int(half or 1) > current_half and ctx.direction <= 0 else 0)
    code = f"Q{quarter}" if quarter else f"H{half}"
    value = f"{year:04d}-{code}" if year is not None else f"XXXX-{code}"
    return ("DATE", value, "quarter" if quarter else "month", year is not None, value, None)


def _resolve_fiscal_year(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    value = f"{_two_digit_year(m.group('fy'), ctx):04d}"
    return ("DATE", value, "year", True, value, None)


def _resolve_century(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    """ "the 19th century" is TimeML "18" (the years 1800-1899)."""
    value = f"{int(m.group('cent')) - 1:02d}"
    return ("DATE", value, "century", True, value, _mod(ctx.grammar, m))


def _resolve_half(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    half = 1 if m.group("half").lower() == "first" else 2  # second, last, latter
    groups = m.groupdict()
    year = groups.get("year") or (str(ctx.dct.year) if ctx.dct else None)
    if groups.get("yrel") and ctx.dct:
        # "the first half of next year"
        year = str(ctx.dct.year + int(_lex(ctx.grammar, "yrel", groups["yrel"]) or 0))
    if year is None:
        value = f"XXXX-H{half}"
        return ("DATE", value, "month", False, value, None)
    value = f"{year}-H{half}"
    return ("DATE", value, "month", True, value, None)


_FIXED = re.compile(r"(D|W|M|Y|WE|Q|E|C|SEASON)([+-]\d+)(?::(\w+))?|REF:(\w+)")


def _resolve_fixed(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    spec = str(_lex(ctx.grammar, "fixed", m.group("fixed")) or "")
    whole = re.fullmatch(r"the (?:full|entire|whole) year", _norm(m.group("fixed")))
    year = re.match(r"(\d{4})-[QH][1-4]$", ctx.ref or "")
    if whole and year:
        # "results for the entire year" after "the fourth quarter of 2025": the year of
        # the period just reported, even when published early in the next.
        return ("DATE", year.group(1), "year", True, year.group(1), None)
    if spec == "Y-1" and not _norm(m.group("fixed")).startswith("last"):
        # "a year earlier", "year-ago" right after a quarter compare quarters.
        found = _quarter_back(ctx, 1)
        if found:
            return found
    return _resolve_spec(spec, ctx, _mod(ctx.grammar, m))


def _resolve_part_fixed(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    """ "mid-afternoon yesterday", "late morning today": that part of that day."""
    day = str(_lex(ctx.grammar, "fixed", m.group("fixed")) or "")
    part = _lex(ctx.grammar, "part", m.group("part"))
    if not re.fullmatch(r"D[+-]\d+", day) or part not in _PART_TIME:
        return None
    return _resolve_spec(f"{day}:{part}", ctx, _mod(ctx.grammar, m))


def _resolve_the_day(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    """ "The index rose 2% to end the day at 9,000": the trading day the story tells
    (the day just named), else the publication day."""
    day = _anchor(ctx.ref) if _fine_enough(ctx.ref, "D") else ctx.dct
    if day is None:
        return ("DATE", None, "day", False, "", None)
    return _day_result(day, None)


def _resolve_spec(spec: str, ctx: _Ctx, mod: str | None) -> _Result | None:
    parsed = _FIXED.fullmatch(spec)
    if not parsed:
        return None
    unit, offset, extra, ref = parsed.groups()
    if ref:
        value = f"{ref}_REF"
        return ("DATE", value, "ref", False, value, mod)
    if ctx.dct is None:
        return ("DATE", None, "unknown", False, "", mod)
    n = int(offset)
    if unit == "SEASON":
        return _season_from(ctx, extra or "SU", n, mod)
    if unit == "WE" and n == 0 and ctx.direction <= 0 and ctx.dct.weekday() < 5:
        n = -1  # "over the weekend", written on a weekday about the past: the one just gone
    shifted = _shift(ctx.dct, unit, n)
    if shifted is None:
        return None
    value, precision = shifted
    if extra in _PART_TIME and unit == "D":
        return ("TIME", f"{value}T{extra}", precision, True, f"{value}T{extra}", mod)
    rng = _edge_range(value, mod)
    return ("DATE", rng or value, "range" if rng else precision, True, value, mod)


def _resolve_rel_unit(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    g = ctx.grammar
    groups = m.groupdict()
    rel = _lex(g, "rel", groups.get("rel"))
    unit = _lex(g, "unit", groups.get("unit"))
    if rel is None or unit is None:
        return None
    mod = _mod(g, m)
    rel_text = _norm(groups.get("rel") or "")
    before_rel = m.string[m.start() : m.start("rel")]
    with_the = rel_text.startswith("the ") or bool(re.search(r"(?i)\bthe\s+$", before_rel))
    if (
        with_the
        and rel_text.split()[-1] == "next"
        and unit in ("D", "W", "M", "Y")
        and (unit == "D" or ctx.direction < 0)
        and ctx.signal not in ("for", "over", "within", "during", "in")
        and _fine_enough(ctx.ref, str(unit))
    ):
        # "He was arrested on March 3. The next day he was freed": the day after the one
        # just told, not a day's length ("over the next day or two"); so is "the next
        # year" in a past-tense story after "in 1995" (a year's length looks ahead).
        anchor = _anchor(ctx.ref)
        if anchor is not None:
            spec = f"{unit}+1"
            return _resolve_spec(spec, _Ctx(anchor, ctx.direction, None, g, ctx.ref), mod)
    if unit in ("H", "MIN", "S") or (
        with_the and rel_text.split()[-1] in ("past", "last", "next", "coming")
    ):
        # "the past year": a stretch of time ending (or starting) now.
        return _duration(1, str(unit), ctx, -1 if int(rel) < 0 else 1, mod)
    anchor = _anchor(ctx.ref) if rel_text in ctx.grammar.anaphoric else None
    month = re.fullmatch(r"\d{4}-\d\d", ctx.ref or "")
    if anchor is not None and unit == "D" and int(rel) == 0 and month:
        # "that same day" after "in October": some day of that month, not its first.
        value = f"{month.group(0)}-XX"
        return ("DATE", value, "day", True, value, mod)
    if anchor is not None:
        # "the following year", "that day": counted from the date just mentioned.
        ctx = _Ctx(anchor, ctx.direction, ctx.signal, ctx.grammar, ctx.ref)
    return _resolve_spec(f"{unit}{int(rel):+d}", ctx, mod)


def _anchor(value: str | None) -> date | None:
    """A representative day of a TimeML value (its first day), for counting from it."""
    if not value:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-Q([1-4])|-W(\d{2}))?", value)
    if not m:
        return None
    year = int(m.group(1))
    if m.group(3):
        return _safe_date(year, int(m.group(2)), int(m.group(3)))
    if m.group(2):
        return _safe_date(year, int(m.group(2)), 1)
    if m.group(4):
        return _safe_date(year, 3 * int(m.group(4)) - 2, 1)
    if m.group(5):
        try:
            return date.fromisocalendar(year, int(m.group(5)), 1)
        except ValueError:
            return None
    return _safe_date(year, 1, 1)


def _duration(n: Any, unit: str, ctx: _Ctx, toward: int, mod: str | None) -> _Result:
    """A duration; anchored at the publication date as a range when the context says how."""
    timeml = _duration_value(n, unit)
    days = _duration_days(n, unit)
    if ctx.dct is not None and days is not None and toward != 0:
        if toward < 0:
            rng = _range(_shift_days(ctx.dct, -days), ctx.dct)
        else:
            rng = _range(ctx.dct, _shift_days(ctx.dct, days))
        if rng:
            return ("DURATION", rng, "range", True, timeml, mod)
    return ("DURATION", timeml, "duration", True, timeml, mod)


def _toward(ctx: _Ctx, span_word: str | None) -> int:
    """Which side of the publication date a duration lies on, from its signal and tense."""
    word = (span_word or "").lower()
    if word in ("past", "last", "previous"):
        return -1
    if word in ("next", "coming", "following"):
        return 1
    if ctx.signal in ("within", "in_future"):
        return 1
    if ctx.signal in ("for", "over", "during"):
        return 1 if ctx.direction > 0 else -1
    return 0


_AFTER_MODAL = re.compile(r"(?i)\b(?:will|would|could|might|may|can|shall|'ll)\s+$")


def _resolve_duration(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    g = ctx.grammar
    groups = m.groupdict()
    unit = _lex(g, "unit", groups.get("unit"))
    n = _number(g, groups.get("num"))
    if unit is None or n is None:
        return None
    if (" and a half" in _norm(m.group(0)) or groups.get("half")) and isinstance(n, int | float):
        n = n + 0.5
    if _norm(m.group(0)) == "one day" and _AFTER_MODAL.search(m.string, 0, m.start()):
        # "Islam will one day be...": some day ahead, not a day's length.
        return ("DATE", "FUTURE_REF", "ref", False, "FUTURE_REF", None)
    return _duration(n, str(unit), ctx, _toward(ctx, groups.get("span")), _mod(g, m))


def _resolve_ago(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    g = ctx.grammar
    groups = m.groupdict()
    unit = _lex(g, "unit", groups.get("unit"))
    n = _number(g, groups.get("num"))
    if unit is None or n is None:
        return None
    way = _norm(groups.get("dir") or "")
    sign = 1 if way in ("later", "from now", "hence", "om") else -1
    relative = way in _NARRATIVE_DIRS
    if not isinstance(n, int | float):
        if relative and unit in _SHORT_UNITS:
            # "a few days later": a vague stretch after an event the text tells.
            timeml = _duration_value("X", str(unit))
            return ("DURATION", timeml, "duration", True, timeml, _mod(g, m))
        value = "FUTURE_REF" if sign > 0 else "PAST_REF"
        return ("DATE", value, "ref", False, value, _mod(g, m))
    if unit in ("H", "MIN", "S") and relative:
        # "an hour later": counted from an event the text tells, at no known clock
        # time; what is certain is the stretch itself.
        timeml = _duration_value(n, str(unit))
        return ("DURATION", timeml, "duration", True, timeml, _mod(g, m))
    if ctx.dct is None:
        return ("DATE", None, "unknown", False, "", _mod(g, m))
    if unit in ("H", "MIN", "S"):
        # "two hours ago": the publication day, or the day before for a long stretch.
        hours = n * {"H": 1, "MIN": 1 / 60, "S": 1 / 3600}[str(unit)]
        return _day_result(_shift_days(ctx.dct, sign * int(hours // 24)), None)
    if relative:
        # "two days later", "three weeks earlier": counted from the date just told,
        # when it is at least as fine as the unit ("a year earlier" after "in 1998").
        anchor = _anchor(ctx.ref) if _fine_enough(ctx.ref, str(unit)) else None
        if anchor is None and (unit in _SHORT_UNITS or sign > 0):
            # No date to count from: TimeML marks the stretch ("two days") and leaves
            # "later" as the signal of a link to the event it follows. "A decade later"
            # counted from publication would be a date still to come in a story of the
            # past; "a year earlier" from publication is the year before, as in earnings.
            timeml = _duration_value(n, str(unit))
            return ("DURATION", timeml, "duration", True, timeml, _mod(g, m))
        if anchor is not None:
            ctx = _Ctx(anchor, ctx.direction, ctx.signal, ctx.grammar, ctx.ref)
    if unit == "Y" and sign < 0 and isinstance(n, int) and _ref_quarter(ctx):
        found = _quarter_back(ctx, n)
        if found:
            return found
    base = ctx.dct
    if base is None:
        return None
    steps = round(n * sign) if float(n).is_integer() else None
    if steps is not None and unit in ("W", "2W"):
        # "two weeks ago" is a point in time, the day 14 days back, not that calendar
        # week (what TimeBank's and MEANTIME's annotators mostly wrote, too).
        weeks = steps * (2 if unit == "2W" else 1)
        return _day_result(_shift_days(base, 7 * weeks), None, _mod(g, m))
    if steps is not None and unit in ("E", "C"):
        # "a decade ago" is the year ten years back, not the whole decade it falls in.
        shifted_year = _shift(base, "Y", steps * (10 if unit == "E" else 100))
        if shifted_year is None:
            return None
        return ("DATE", shifted_year[0], "year", True, shifted_year[0], _mod(g, m))
    if steps is None:
        days = _duration_days(n, str(unit))
        d = _shift_days(base, sign * days) if days else None
        return _day_result(d, None)
    shifted = _shift(base, str(unit), int(steps))
    if shifted is None:
        return None
    return ("DATE", shifted[0], shifted[1], True, shifted[0], _mod(g, m))


#: "hours later": a vague stretch after an event the text tells, not a time before now.
_NARRATIVE_AFTER = frozenset({"later"})
#: Directions counted from the story's own time rather than from publication.
_NARRATIVE_DIRS = frozenset({"later", "earlier"})
_SHORT_UNITS = frozenset({"H", "MIN", "S", "D", "W", "2W", "WE"})
_GRANULE = {"D": 3, "W": 2, "2W": 2, "WE": 3, "M": 1, "Q": 1, "Y": 0, "E": 0, "C": 0, "L": 0}


def _fine_enough(value: str | None, unit: str) -> bool:
    """Whether a TimeML value is precise enough to count ``unit`` steps from it."""
    if not value or unit not in _GRANULE:
        return False
    if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        level = 3
    elif re.fullmatch(r"\d{4}-W\d\d", value):
        level = 2
    elif re.fullmatch(r"\d{4}-(?:\d\d|Q[1-4])", value):
        level = 1
    elif re.fullmatch(r"\d{4}", value):
        level = 0
    else:
        return False
    return level >= _GRANULE[unit]


def _resolve_coming(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    g = ctx.grammar
    groups = m.groupdict()
    way = _lex(g, "coming", groups.get("coming"))
    unit = _lex(g, "unit", groups.get("unit"))
    if way is None or unit is None:
        return None
    word = _norm(groups.get("coming") or "")
    vague = "few" in word
    # TimeML writes "the coming days" as a vague duration (PXD), "recent years" as PAST_REF.
    recent = word in _RECENT
    timeml = "PAST_REF" if recent else _duration_value("X", str(unit))
    days = _COMING_DAYS.get(str(unit), 30)
    if int(way) > 0:
        rng = _range(ctx.dct, _shift_days(ctx.dct, days)) if ctx.dct else None
    else:
        rng = _range(_shift_days(ctx.dct, -days), ctx.dct) if ctx.dct else None
    kind = "DATE" if recent else "DURATION" if vague else "DATE"
    return (kind, rng or timeml, "range", rng is not None, timeml, None)


def _resolve_vague(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    unit = _lex(ctx.grammar, "unit", m.group("unit"))
    if unit is None:
        return None
    way = _norm(m.groupdict().get("dir") or "")
    if way and way not in _NARRATIVE_AFTER:
        return ("DATE", "PAST_REF", "ref", False, "PAST_REF", None)
    value = _duration_value("X", str(unit))
    return ("DURATION", value, "duration", True, value, None)


def _resolve_unit_long(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    """ "a day-long strike" lasts one day; "decades-long" some number of decades."""
    text = m.group("unit")
    unit = _lex(ctx.grammar, "unit", text)
    if unit is None:
        return None
    value = _duration_value("X" if text.lower().endswith("s") else 1, str(unit))
    return ("DURATION", value, "duration", True, value, None)


def _resolve_set(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    groups = m.groupdict()
    if groups.get("every"):
        wd = _lex(ctx.grammar, "weekday", groups.get("weekday"))
        month = _lex(ctx.grammar, "month", groups.get("month"))
        season = _lex(ctx.grammar, "season", groups.get("season"))
        if wd is not None:
            every = f"XXXX-WXX-{int(wd) + 1}"
        elif month is not None:
            every = f"XXXX-{int(month):02d}"
        elif season:
            every = f"XXXX-{season}"
        else:
            every = "P1Q"  # "every quarter": the unit our quarter durations use (P2Q)
        return ("SET", every, "set", True, every, None)
    value = _lex(ctx.grammar, "set", groups.get("set"))
    if not value:
        return None
    return ("SET", value, "set", True, str(value), None)


def _resolve_weekday_set(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    """A plural weekday recurs: "on Mondays" is XXXX-WXX-1, "Tuesday nights" XXXX-WXX-2TNI."""
    g = ctx.grammar
    wd = _lex(g, "weekday", m.group("weekday"))
    if wd is None:
        return None
    part = _lex(g, "part", m.groupdict().get("parts"))
    value = f"XXXX-WXX-{int(wd) + 1}" + (f"T{part}" if part in _PART_TIME else "")
    return ("SET", value, "set", True, value, None)


def _resolve_clock(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    groups = m.groupdict()
    if groups.get("time_word"):
        clock = str(_lex(ctx.grammar, "time_word", groups["time_word"]) or "")
    else:
        # "seven o'clock" says its hour in words; "in the evening" places it as p.m. does.
        spoken = _number(ctx.grammar, groups.get("hhw")) if groups.get("hhw") else None
        if groups.get("hhw") and not isinstance(spoken, int):
            return None
        hh = spoken if isinstance(spoken, int) else int(groups["hh"])
        mm = int(groups.get("mm") or 0)
        ampm = _lex(ctx.grammar, "ampm", groups.get("ampm"))
        if _norm(groups.get("daypart") or "") in ("afternoon", "evening", "night") and hh >= 5:
            ampm = "pm"
        if ampm == "pm" and hh < 12:
            hh += 12
        elif ampm == "am" and hh == 12:
            hh = 0
        if hh > 24 or mm > 59:
            return None
        clock = f"T{hh:02d}:{mm:02d}"
        if _norm(groups.get("tz") or "") in ("gmt", "utc"):
            clock += "Z"  # TimeML (ISO 8601) marks universal time; other zones stay local
    if not clock:
        return None
    day: str | None = ctx.dct.isoformat() if ctx.dct else None
    if groups.get("weekday"):
        resolved = _resolve_weekday(m, ctx)
        day = resolved[1] if resolved and resolved[3] else None
    elif groups.get("month") and groups.get("day"):
        resolved = _resolve_date(m, ctx)
        day = resolved[1] if resolved and resolved[2] == "day" else None
    elif groups.get("dayword") and ctx.dct is not None:
        # "16:00 UTC today", "at 9 a.m. yesterday": the hour on that day.
        shift = {"today": 0, "yesterday": -1, "tomorrow": 1}[_norm(groups["dayword"])]
        moved = _shift_days(ctx.dct, shift)
        day = moved.isoformat() if moved else None
    if day is None:
        return ("TIME", clock, "time", False, clock, _mod(ctx.grammar, m))
    value = f"{day}{clock}"
    return ("TIME", value, "time", True, value, _mod(ctx.grammar, m))


def _resolve_part_of_day(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    part = _lex(ctx.grammar, "part", m.group("part"))
    rel = _lex(ctx.grammar, "rel", m.groupdict().get("rel"))
    if part is None or rel is None:
        return None
    rel_text = _norm(m.group("rel"))
    anchor = _anchor(ctx.ref) if _fine_enough(ctx.ref, "D") else None
    if anchor is not None and (rel_text in ctx.grammar.anaphoric or rel_text == "the next"):
        # "He was arrested on March 3. The next morning...", "that night": the day
        # just told, not the publication day.
        ctx = _Ctx(anchor, ctx.direction, ctx.signal, ctx.grammar, ctx.ref)
    return _resolve_spec(f"D{int(rel):+d}:{part}", ctx, None)


def _resolve_edge_the(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    unit = {"year": "Y", "month": "M", "week": "W", "decade": "E", "century": "C", "quarter": "Q"}
    return _resolve_spec(f"{unit[m.group('unit').lower()]}+0", ctx, _mod(ctx.grammar, m))


def _resolve_iso(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    return _resolve_date(m, ctx)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date | None:
    """The n-th given weekday of a month (n = -1: the last one)."""
    if n < 0:
        last = _safe_date(year, month, calendar.monthrange(year, month)[1])
        return _shift_days(last, -((last.weekday() - weekday) % 7)) if last else None
    first = _safe_date(year, month, 1)
    if first is None:
        return None
    return _shift_days(first, (weekday - first.weekday()) % 7 + 7 * (n - 1))


def _easter(year: int) -> date | None:
    """Gregorian Easter Sunday (anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return _safe_date(year, month, day)


def _holiday_date(spec: str, year: int) -> date | None:
    if re.fullmatch(r"\d\d-\d\d", spec):
        return _safe_date(year, int(spec[:2]), int(spec[3:]))
    if spec == "EASTER":
        return _easter(year)
    if spec == "THANKSGIVING":
        return _nth_weekday(year, 11, 3, 4)
    if spec == "LABOR":
        return _nth_weekday(year, 9, 0, 1)
    if spec == "MEMORIAL":
        return _nth_weekday(year, 5, 0, -1)
    if spec == "ELECTION":
        monday = _nth_weekday(year, 11, 0, 1)
        return _shift_days(monday, 1) if monday else None
    return None


def _resolve_holiday(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    groups = m.groupdict()
    spec = str(_lex(ctx.grammar, "holiday", groups.get("holiday")) or "")
    if groups.get("year"):
        return _day_result(_holiday_date(spec, int(groups["year"])), None)
    if ctx.dct is None:
        return ("DATE", None, "day", False, "", None)
    rel = _lex(ctx.grammar, "rel", groups.get("rel"))
    options = [_holiday_date(spec, y) for y in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1)]
    dates = [d for d in options if d is not None]
    if not dates:
        return None
    way = rel if rel else ctx.direction
    if way and way < 0:
        past = [d for d in dates if d <= ctx.dct]
        return _day_result(max(past) if past else None, None)
    if way and way > 0:
        future = [d for d in dates if d >= ctx.dct]
        return _day_result(min(future) if future else None, None)
    return _day_result(min(dates, key=lambda d: abs((d - ctx.dct).days)), None)  # type: ignore[operator]


def _ref_month(ctx: _Ctx) -> tuple[int, int] | None:
    m = re.fullmatch(r"(\d{4})-(\d\d)", ctx.ref or "")
    return (int(m.group(1)), int(m.group(2))) if m else None


def _year_back_at(ctx: _Ctx, noun: str) -> _Result | None:
    """ "the same week a year ago" with no such period just named: the publication
    date's week (or day, month) a year before."""
    if ctx.dct is None:
        return ("DATE", None, noun, False, "", None)
    d = _safe_date(ctx.dct.year - 1, ctx.dct.month, min(ctx.dct.day, 28))
    if d is None:
        return None
    if noun == "day":
        d = _safe_date(ctx.dct.year - 1, ctx.dct.month, ctx.dct.day) or d
        return _day_result(d, None)
    if noun == "week":
        back = _shift_days(ctx.dct, -364)  # 52 weeks: the same week number, weekday kept
        if back is None:
            return None
        value = _week(back)
        return ("DATE", value, "week", True, value, None)
    value = f"{d.year:04d}-{d.month:02d}"
    return ("DATE", value, "month", True, value, None)


def _ref_quarter(ctx: _Ctx) -> tuple[int, int] | None:
    return _quarter_value(ctx.ref)


def _quarter_value(value: str | None) -> tuple[int, int] | None:
    """(year, quarter) of a TimeML quarter value ("2025-Q3"), else None."""
    m = re.fullmatch(r"(\d{4})-Q([1-4])", value or "")
    return (int(m.group(1)), int(m.group(2))) if m else None


def _quarter_back(ctx: _Ctx, years: int) -> _Result | None:
    """After a quarter was named, "a year earlier" means that quarter a year before.

    Not after a quarter still to come ("losses through the third quarter of 1990"):
    a year-ago comparison is about results already reported.
    """
    q = _ref_quarter(ctx)
    if q is None:
        return None
    if ctx.dct is not None and (q[0], q[1]) > (ctx.dct.year, _quarter(ctx.dct.month)):
        return None
    value = f"{q[0] - years:04d}-Q{q[1]}"
    return ("DATE", value, "quarter", True, value, None)


def _resolve_quarter_ago(m: re.Match[str], ctx: _Ctx) -> _Result | None:
    """ "the year-ago quarter", "the same period last year": what was just named, a year back.

    A "period" takes the granularity of what was just named: after a month ("sales
    rose in February from the same period last year") it is that month a year before,
    as "the same month a year ago" is; otherwise it is the quarter of earnings news.
    """
    noun = _norm(m.groupdict().get("noun") or "quarter")
    ordinal = _lex(ctx.grammar, "ordinal", m.groupdict().get("ordinal"))
    if ordinal and ctx.dct is not None:
        # "the year-ago third quarter": that quarter of the year before the one in
        # question (the quarter just named, else the latest such quarter).
        named = _ref_quarter(ctx)
        year = named[0] if named else ctx.dct.year
        if named is None and int(ordinal) > _quarter(ctx.dct.month):
            year -= 1
        value = f"{year - 1:04d}-Q{int(ordinal)}"
        return ("DATE", value, "quarter", True, value, None)
    month = _ref_month(ctx) if noun in ("period", "month") else None
    if month is not None:
        value = f"{month[0] - 1:04d}-{month[1]:02d}"
        return ("DATE", value, "month", True, value, None)
    if noun in ("month", "week", "day"):
        return _year_back_at(ctx, noun)
    found = _quarter_back(ctx, 1)
    if found:
        return found
    if ctx.dct is None:
        return ("DATE", None, "quarter", False, "", None)
    shifted = _shift(ctx.dct, "Q", -5)
    return ("DATE", shifted[0], "quarter", True, shifted[0], None) if shifted else None


_RESOLVERS: dict[str, Callable[[re.Match[str], _Ctx], _Result | None]] = {
    "iso": _resolve_iso,
    "date": _resolve_date,
    "month_year": _resolve_month,
    "month": _resolve_month,
    "month_week": _resolve_month_week,
    "year": _resolve_year,
    "decade": _resolve_decade,
    "spoken_year": _resolve_spoken_year,
    "season_year": _resolve_season,
    "season": _resolve_season,
    "rel_season": _resolve_season,
    "season_the": _resolve_season_the,
    "quarter": _resolve_quarter,
    "half": _resolve_half,
    "quarter_code": _resolve_quarter_code,
    "fiscal_year": _resolve_fiscal_year,
    "century": _resolve_century,
    "weekday": _resolve_weekday,
    "weekday_past": lambda m, ctx: _resolve_weekday(m, ctx, forced=-1),
    "weekday_rel_after": _resolve_weekday,
    "fixed": _resolve_fixed,
    "part_fixed": _resolve_part_fixed,
    "the_day": _resolve_the_day,
    "rel_unit": _resolve_rel_unit,
    "edge_the": _resolve_edge_the,
    "ago": _resolve_ago,
    "coming": _resolve_coming,
    "duration": _resolve_duration,
    "vague": _resolve_vague,
    "set": _resolve_set,
    "weekday_set": _resolve_weekday_set,
    "unit_long": _resolve_unit_long,
    "clock": _resolve_clock,
    "part_of_day": _resolve_part_of_day,
    "holiday": _resolve_holiday,
    "quarter_ago": _resolve_quarter_ago,
    "year_period": _resolve_year_period,
    "year_ended": _resolve_year_ended,
    "year_end": _resolve_year_end,
}


# --- detection ------------------------------------------------------------------------------

_NUMBER_BEFORE = re.compile(
    r"(?:\d[\d,.]*|[$€£]\S*|percent|%|times|once|twice|dollars|kronor|million|billion)\s*$",
    re.IGNORECASE,
)


def _candidates(text: str, g: _Grammar) -> list[tuple[int, int, int, re.Match[str]]]:
    found: list[tuple[int, int, int, re.Match[str]]] = []
    # Anchored attempts at the few word starts before each trigger word are far
    # cheaper than scanning the whole text with every rule.
    word_starts = [m.start() for m in _WORD_START.finditer(text)]
    starts: set[int] = set()
    last_digit_run = -2
    for hit in g.trigger.finditer(text):
        if hit.group(0).isdigit():
            if hit.start() == last_digit_run + 1:
                last_digit_run = hit.start()
                continue  # inside a number already seen
            last_digit_run = hit.start()
        i = bisect.bisect_right(word_starts, hit.start()) - 1
        starts.update(word_starts[max(0, i - _TRIGGER_REACH) : i + 1])
    needs = g.requires or [None] * len(g.rules)
    firsts = g.firsts or [None] * len(g.rules)
    active = [
        (index, kind, pattern, first)
        for index, ((kind, pattern), need, first) in enumerate(
            zip(g.rules, needs, firsts, strict=True)
        )
        if need is None or need.search(text)
    ]
    # The rules that can start with a given character, worked out once per character.
    by_char: dict[str, list[tuple[int, str, re.Pattern[str]]]] = {}
    every = [(index, kind, pattern) for index, kind, pattern, _ in active]
    for start in sorted(starts):
        char = text[start].lower()
        if not char.isascii():
            tried = every
        elif (tried_for := by_char.get(char)) is not None:
            tried = tried_for
        else:
            tried = by_char[char] = [
                (index, kind, pattern)
                for index, kind, pattern, first in active
                if first is None or char in first
            ]
        for index, kind, pattern in tried:
            m = pattern.match(text, start)
            if m and m.end() > m.start() and _acceptable(text, m, kind, g):
                found.append((m.start(), m.end(), index, m))
    # Longest match wins; among equals, the rule listed first.
    found.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken: list[tuple[int, int]] = []
    chosen = []
    for cand in found:
        if any(cand[0] < e and s < cand[1] for s, e in taken):
            continue
        taken.append((cand[0], cand[1]))
        chosen.append(cand)
    chosen.sort(key=lambda c: c[0])
    return chosen


_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]+)")


def _acceptable(text: str, m: re.Match[str], kind: str, g: _Grammar) -> bool:
    start, end = m.start(), m.end()
    covered = _norm(text[start:end])
    if covered in g.not_alone:
        return False  # "Jan" alone is a name
    month = m.groupdict().get("month") or m.group(0)
    if _norm(month) in g.capitalised_only and not month[0].isupper():
        # "may" in lower case is a verb, inside a longer match too ("this may help").
        return False
    dayword = m.groupdict().get("dayword")
    if dayword and dayword[0].isupper():
        return False  # "at 9 a.m. Today it fell": the next sentence's word
    if covered in g.ordinal_before_word:
        # "a second term", "a second consecutive day": the ordinal, not one second.
        following = _NEXT_WORD.match(text, end)
        if following and following.group(1).lower() not in g.ordinal_ok_after:
            return False
    # "$5 a year" is a rate; "for a year" is a duration, left to the duration rule.
    return not (
        kind == "set"
        and covered in g.after_number_only
        and not _NUMBER_BEFORE.search(text[max(0, start - 20) : start])
    )


def _signal(text: str, start: int, g: _Grammar) -> str | None:
    if g.signal is None:
        return None
    m = g.signal.search(text[max(0, start - _SIGNAL_WINDOW) : start])
    return str(_lex(g, "signal", m.group(1))) if m else None


def _cue_positions(
    text: str, g: _Grammar, verb_cues: list[tuple[int, int]]
) -> list[tuple[int, int, int]]:
    """All tense cues in the text as sorted (start, end, direction), found once per text."""
    cues = [(pos, pos + 1, way) for pos, way in verb_cues]
    for pattern, way in ((g.future, 1), (g.past, -1)):
        if pattern is not None:
            cues.extend((m.start(), m.end(), way) for m in pattern.finditer(text))
    cues.sort()
    return cues


#: How many cues on each side of an expression are looked at (bounds the work per expression).
_CUE_REACH = 6


def _direction(
    start: int,
    end: int,
    sentence: tuple[int, int],
    cues: list[tuple[int, int, int]],
    tense_of: Callable[[int, int], int | None] | None = None,
) -> int:
    """Past (-1) or future (+1) from the cue nearest the expression in its sentence; 0 if none."""
    if tense_of is not None:
        governed = tense_of(start, end)
        if governed:
            return governed
    lo, hi = sentence
    best: tuple[int, int] | None = None  # (distance, direction)
    middle = bisect.bisect_left(cues, (start, -1, -2))
    for c_start, c_end, way in cues[max(0, middle - _CUE_REACH) : middle + _CUE_REACH]:
        if c_start < lo or c_end > hi or (c_start < end and start < c_end):
            continue
        # English and Swedish put the governing verb before its time adverbial.
        dist = start - c_end if c_end <= start else 2 * (c_start - end)
        if best is None or dist < best[0]:
            best = (dist, way)
    return best[1] if best else 0


#: Rules whose expressions name a calendar period themselves: later anaphora
#: ("the following year", "a year earlier") count from the latest of these.
_EXPLICIT = frozenset(
    {
        "iso",
        "date",
        "month",
        "month_year",
        "quarter",
        "year",
        "weekday",
        "holiday",
        "season_year",
        "spoken_year",
        "quarter_code",
        "fiscal_year",
    }
)


#: How many non-empty lines at the top of a text may hold its dateline.
_DATELINE_LINES = 3


def _dateline(text: str, g: _Grammar) -> date | None:
    """The date on a line of its own at the top ("Flight delayed\nSeptember 01 , 2007\n...").

    Without a publication date, news prose still dates itself by its dateline: the
    relative expressions count from it instead of staying unresolved.
    """
    lines = [line.strip() for line in text[:500].splitlines() if line.strip()]
    for line in lines[:_DATELINE_LINES]:
        found = _candidates(line, g)
        if len(found) != 1 or found[0][:2] != (0, len(line)):
            continue
        kind, m = g.rules[found[0][2]][0], found[0][3]
        if kind not in ("date", "iso"):
            continue
        result = _RESOLVERS[kind](m, _Ctx(dct=None, direction=0, signal=None, grammar=g))
        if result and re.fullmatch(r"\d{4}-\d\d-\d\d", result[4]):
            return date.fromisoformat(result[4])
    return None


#: Just before a day that closes the quarter under discussion ("the quarter ended Sept. 30").
_CLOSES_QUARTER = re.compile(r"(?i)\b(?:quarter|period)\s+end(?:ed|ing)\s+$")


def find_timexes(
    text: str,
    lang: str,
    published: date | None,
    sentences: list[tuple[int, int]] | None = None,
    verb_cues: list[tuple[int, int]] | None = None,
    tense_of: Callable[[int, int], int | None] | None = None,
) -> list[Timex]:
    """Every time expression in ``text``, resolved against ``published`` (None: left unresolved).

    ``verb_cues`` are (character offset, -1 past / +1 future) from a tagger when
    one ran, and ``tense_of(start, end)`` the tense of the verb governing an
    expression when a parser ran; without them tense comes from cue words alone.
    """
    g = grammar(lang)
    if g is None or not text:
        return []
    if published is None:
        published = _dateline(text, g)
    if sentences is None:
        from triangulate.nlp.sentences import sentence_offsets

        sentences = sentence_offsets(text) or [(0, len(text))]
    cues = _cue_positions(text, g, verb_cues or [])
    out: list[Timex] = []
    sent_index = 0
    ref: str | None = None
    ref_sentence = -1
    ref_year_written = False
    floating: set[int] = set()  # clock times placed on the publication day by default
    for start, end, index, m in _candidates(text, g):
        while sent_index + 1 < len(sentences) and sentences[sent_index][1] <= start:
            sent_index += 1
        sentence = sentences[sent_index] if sentences else (0, len(text))
        kind = g.rules[index][0]
        ctx = _Ctx(
            dct=published,
            direction=_direction(start, end, sentence, cues, tense_of),
            signal=_signal(text, start, g),
            grammar=g,
            # Anaphora reach back a few sentences at most; further away it is a new topic.
            ref=ref if sent_index - ref_sentence <= _REF_REACH else None,
            ref_here=sent_index == ref_sentence and ref_year_written,
        )
        try:
            result = _RESOLVERS[kind](m, ctx)
        except (ValueError, OverflowError, KeyError, TypeError, AssertionError):
            # A malformed date is skipped, never fatal to the article.
            result = None
        if result is None:
            continue
        ttype, value, precision, resolved, timeml, mod = result
        if resolved and ttype == "DATE" and kind in _EXPLICIT and _anchor(timeml) is not None:
            closes = _CLOSES_QUARTER.search(text, max(0, start - 30), start) is not None
            if not (
                (sent_index == ref_sentence and _inside_quarter(timeml, ref))
                or (closes and _quarter_value(ref) is not None)
            ):
                # "the third quarter ended Sept. 30": the day only closes the quarter,
                # which stays the period that "a year earlier" compares with; so does
                # "the quarter ended Sept. 30" after a (fiscal) quarter was named.
                ref = timeml
                ref_year_written = bool(m.groupdict().get("year"))
            ref_sentence = sent_index
        named = m.groupdict()
        if kind == "clock" and not (
            named.get("weekday") or named.get("month") or named.get("dayword")
        ):
            floating.add(len(out))
        out.append(
            Timex(
                start=start,
                end=end,
                text=text[start:end],
                type=ttype,
                value=value,
                precision=precision,
                resolved=resolved,
                timeml=timeml,
                mod=mod,
                signal=ctx.signal,
            )
        )
    _anchor_clock_times(out, floating, sentences)
    _weekday_from_date(text, out)
    _shared_weekday_set(text, out, g)
    _coordinated_days(text, out)
    return out


#: A second day of the month after a date: "April 24 and 25." (not "April 24 and 25 people"
#: nor "April 24 and 25, 1999", whose year the first date would lack).
_SECOND_DAY = re.compile(
    r"\s+(?:and|or|&)\s+([0-3]?\d)(?:st|nd|rd|th)?"
    r"(?=\s*(?:$|[.;:!?)]|,(?!\s*\d)|(?:in|at|on|when|before|after|and|with|for|but|as|while)\b))"
)


def _coordinated_days(text: str, timexes: list[Timex]) -> None:
    """ "on April 24 and 25": the bare second number is a day of the same month.

    TimeML marks each day ("April 24", "25") as a date of its own.
    """
    added: list[tuple[int, Timex]] = []
    for i, t in enumerate(timexes):
        d = re.fullmatch(r"(\d{4}|XXXX)-(\d\d)-(\d\d)", t.timeml or "")
        m = _SECOND_DAY.match(text, t.end) if d and t.type == "DATE" else None
        if not d or not m:
            continue
        nxt = timexes[i + 1].start if i + 1 < len(timexes) else len(text)
        day = int(m.group(1))
        if m.end(1) > nxt or day <= int(d.group(3)):
            continue
        year, month = d.group(1), int(d.group(2))
        if year != "XXXX" and _safe_date(int(year), month, day) is None:
            continue
        if year == "XXXX" and day > calendar.monthrange(2000, month)[1]:
            continue
        value = f"{year}-{month:02d}-{day:02d}"
        second = Timex(
            start=m.start(1),
            end=m.end(1),
            text=m.group(1),
            type="DATE",
            value=value,
            precision="day",
            resolved=t.resolved,
            timeml=value,
            signal=t.signal,
        )
        added.append((i + 1, second))
    for offset, (index, second) in enumerate(added):
        timexes.insert(index + offset, second)


_COORDINATION = re.compile(r"\s*(?:,|and|or|&)\s*(?:and\s+|or\s+)?", re.IGNORECASE)


def _shared_weekday_set(text: str, timexes: list[Timex], g: _Grammar) -> None:
    """ "on Monday and Tuesday nights": the plural after the list makes each day recur.

    Each weekday before it takes the set value of the last (its own day number, the
    same part of the day) instead of a single date.
    """
    for first, second in reversed(list(itertools.pairwise(timexes))):
        day = _lex(g, "weekday", first.text)
        if (
            day is not None
            and second.type == "SET"
            and re.fullmatch(r"XXXX-WXX-\d(T\w\w)?", second.timeml or "")
            and _COORDINATION.fullmatch(text[first.end : second.start])
        ):
            value = f"XXXX-WXX-{int(day) + 1}{second.timeml[10:]}"
            first.type, first.value, first.timeml, first.precision = "SET", value, value, "set"
            first.resolved = True


def _inside_quarter(value: str, ref: str | None) -> bool:
    """Whether a day (TimeML value) lies in the quarter ``ref`` names."""
    quarter = _quarter_value(ref)
    d = re.fullmatch(r"(\d{4})-(\d\d)-\d\d", value)
    return bool(quarter and d and (int(d.group(1)), _quarter(int(d.group(2)))) == quarter)


def _weekday_from_date(text: str, timexes: list[Timex]) -> None:
    """ "Monday, Oct. 26" is one expression with the date's value: the date is explicit.

    TimeML marks a weekday and the date beside it as one TIMEX3, as TimeBank's
    annotators mostly did. Across a line break (a headline's weekday over a
    dateline) the two stay apart, the weekday taking the date's value.
    """
    i = 0
    while i + 1 < len(timexes):
        first, second = timexes[i], timexes[i + 1]
        gap = text[first.end : second.start]
        if (
            gap.strip() in (",", "")
            and len(gap) <= 3  # "Friday, Sept. 18" or, tokenised, "Friday , Sept. 18"
            and first.precision == "day"
            and second.precision == "day"
            and second.resolved
            and re.fullmatch(r"XXXX-WXX-\d|\d{4}-\d\d-\d\d", first.timeml or "")
            and _same_weekday(first.timeml, second.timeml)
        ):
            if "\n" in gap:
                first.value, first.timeml, first.resolved = second.value, second.timeml, True
            else:
                timexes[i] = Timex(
                    start=first.start,
                    end=second.end,
                    text=text[first.start : second.end],
                    type=second.type,
                    value=second.value,
                    precision=second.precision,
                    resolved=True,
                    timeml=second.timeml,
                    mod=first.mod or second.mod,
                    signal=first.signal,
                )
                del timexes[i + 1]
        i += 1


def _same_weekday(weekday_value: str, date_value: str) -> bool:
    """Whether a weekday's value and a date fall on the same weekday.

    "until Friday" above a dateline "September 18, 2008" (a Thursday) names another
    day than the date beside it.
    """
    try:
        day = date.fromisoformat(date_value[:10])
        if weekday_value.startswith("XXXX-WXX-"):
            return int(weekday_value[-1]) == day.isoweekday()
        return date.fromisoformat(weekday_value[:10]).weekday() == day.weekday()
    except ValueError:
        return False


def _anchor_clock_times(
    timexes: list[Timex], floating: set[int], sentences: list[tuple[int, int]]
) -> None:
    """Put a bare clock time ("at 10:35 a.m.") on the day its sentence names, if any.

    The day may come with a clock time of its own: in "at 4 in the morning (4 a.m.
    Thursday)" the first time falls on the second one's Thursday.
    """
    days: list[tuple[int, str]] = [
        (t.start, str(t.value))
        for t in timexes
        if t.resolved and t.precision == "day" and t.type == "DATE"
    ]
    days += [
        (t.start, t.timeml[:10])
        for i, t in enumerate(timexes)
        if i not in floating and t.type == "TIME" and re.match(r"\d{4}-\d\d-\d\dT", t.timeml)
    ]
    for index in floating:
        t = timexes[index]
        if not t.resolved or not isinstance(t.value, str) or "T" not in t.value:
            continue
        sentence = next(((a, b) for a, b in sentences if a <= t.start < b), None)
        near = [d for d in days if sentence and sentence[0] <= d[0] < sentence[1]]
        if near:
            day = min(near, key=lambda d: abs(d[0] - t.start))[1]
            t.value = t.timeml = f"{day}{t.value[t.value.index('T') :]}"


# --- the spaCy stage ---------------------------------------------------------------------------


def _verb_cues(doc: Doc) -> list[tuple[int, int]]:
    """Tense from the tagger, where one ran: past-tense verbs and future modals."""
    if not doc.has_annotation("TAG") and not doc.has_annotation("MORPH"):
        return []
    cues: list[tuple[int, int]] = []
    strings = doc.vocab.strings
    vbd, md = strings["VBD"], strings["MD"]
    modals = {strings[w] for w in ("will", "'ll", "shall", "wo")}
    past: dict[int, bool] = {}  # per morphology hash: a finite past form
    # Read as arrays: building a Token per word cost more than the test itself.
    for tag, pos, morph, lower, idx in doc.to_array([TAG, POS, MORPH, LOWER, IDX]).tolist():
        if pos in (VERB, AUX) and morph not in past:
            features = strings[morph] if morph else ""
            past[morph] = "Tense=Past" in features and "VerbForm=Part" not in features
        if tag == vbd or (pos in (VERB, AUX) and past[morph]):
            cues.append((idx, -1))
        elif tag == md and lower in modals:
            cues.append((idx, 1))
    return cues


_PERFECT_AUX = frozenset({"have", "has", "had", "'ve", "har", "hade"})
_PAST_PERFECT_AUX = frozenset({"had", "'d", "hade"})


def _finite_past(token: Token) -> bool:
    morph = str(token.morph)
    return token.tag_ == "VBD" or ("Tense=Past" in morph and "VerbForm=Fin" in morph)


def _past_perfect(token: Token) -> bool:
    """Whether ``token``'s clause is in the past perfect ("had been due", "hade planerat").

    Looks through a predicate adjective ("due", "set") to the verb it completes.
    """
    for _ in range(2):
        if any(
            c.dep_ in ("aux", "aux:pass", "auxpass") and c.lower_ in _PAST_PERFECT_AUX
            for c in token.children
        ):
            return True
        if token.dep_ not in ("acomp", "xcomp", "oprd") or token.head.i == token.i:
            return False
        token = token.head
    return False


def _present_schedule(root: Token, verb: Token, g: _Grammar) -> bool:
    """A finite present-tense verb that takes the expression itself as its adverbial.

    Only a direct link counts ("meet Monday", "meet on Monday"), not one through a
    noun ("is in hospital after Monday's attack"); reporting verbs ("says") are out.
    """
    morph = str(verb.morph)
    if verb.tag_ not in ("VBP", "VBZ") and not ("Tense=Pres" in morph and "VerbForm=Fin" in morph):
        return False
    if {verb.lemma_.lower(), verb.lower_} & g.present_reporting:
        return False
    if any(c.dep_ == "neg" for c in verb.children):
        return False
    if root.dep_ in ("poss", "compound") or root.tag_ == "POS":
        return False
    head = root.head
    if head.i == verb.i:
        return True
    return head.dep_ == "prep" and head.head.i == verb.i and head.lower_ in ("on", "until", "by")


def _plan_for(token: Token) -> bool:
    """A participle that schedules the noun it modifies: "a vote set for May", "a summit
    scheduled to open in April" (not "the record set on Aug. 6", a past event)."""
    if token.dep_ not in ("acl", "amod"):
        return False
    return any(
        (c.dep_ == "prep" and c.lower_ == "for") or c.dep_ == "xcomp" for c in token.children
    )


def _tense_from_parse(doc: Doc, g: _Grammar | None) -> Callable[[int, int], int | None] | None:
    """Tense of the verb that governs a character range, read from the dependency parse."""
    if g is None or not doc.has_annotation("DEP"):
        return None

    def governing_verb(token: Token) -> Token | None:
        for _ in range(8):
            if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
                return token
            if token.head.i == token.i:  # spaCy makes a new Token per access: no `is`
                return None
            token = token.head
        return None

    def verb_tense(root: Token, token: Token, outer: bool) -> int | None:
        auxes = [c for c in token.children if c.dep_ in ("aux", "aux:pass", "auxpass")]
        aux = {c.lower_ for c in auxes}
        if aux & g.future_aux:
            return 2
        # "planned a rally on Saturday", "expected to meet on Monday": intentions look ahead.
        head = token.head if "to" in aux and token.head.i != token.i else token
        if _past_perfect(head):
            # "had been due to expire Friday", "had been scheduled for Monday": a plan
            # made before, reported once it is over (or changed).
            return -2
        forms = {head.lemma_.lower(), token.lemma_.lower(), head.lower_, token.lower_}
        intent = bool(forms & g.future_verbs)
        # ...but "the rally planned for Saturday was cancelled" is about the past.
        if intent and token.dep_ not in ("acl", "amod", "relcl", "advcl"):
            return 2
        if intent and outer and not aux and _plan_for(token):
            # A plan hung on a noun ("a summit scheduled for April") has no tense of
            # its own: the clause the noun sits in says whether it is over ("the rally
            # planned for May was cancelled") or ahead ("...will open in Oslo"); with
            # no tense there either, the nearest date stands.
            verb = governing_verb(token.head)
            return verb_tense(token.head, verb, False) if verb is not None else None
        head_aux = {c.lower_ for c in head.children if c.dep_ in ("aux", "aux:pass", "auxpass")}
        if head.i != token.i and head_aux & g.future_aux:
            return 2
        morph = str(token.morph)
        # A participle carries Tense=Past too ("is expected in December"): finite verbs only.
        finite_past = "Tense=Past" in morph and "VerbForm=Part" not in morph
        # A bare participle modifies a noun in the past: "the year ended March 31".
        bare_participle = "VerbForm=Part" in morph and "Tense=Past" in morph and not aux
        # A past auxiliary: "was shot on Oct. 23", "did not meet on Monday".
        past_aux = any(_finite_past(a) for a in auxes if a.lower_ != "to")
        if token.tag_ == "VBD" or aux & _PERFECT_AUX or finite_past or bare_participle or past_aux:
            return -2
        if g.present_reporting and _present_schedule(root, token, g):
            return 1  # "the leaders meet Monday": news present tense with a day looks ahead
        return None

    def tense_of(start: int, end: int) -> int | None:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return None
        verb = governing_verb(span.root)
        return verb_tense(span.root, verb, True) if verb is not None else None

    return tense_of


def _language(doc: Doc, fallback: str) -> str:
    article = doc._.article if Doc.has_extension("article") else None
    return (getattr(article, "language", None) or fallback or "xx").split("-")[0].lower()


def _published(doc: Doc) -> date | None:
    article = doc._.article if Doc.has_extension("article") else None
    published = getattr(article, "published", None)
    return published if isinstance(published, date) else None


#: ``doc.user_data`` key: where the date relative expressions count from came from.
_REFERENCE_KEY = "tri_timex_reference"


def _anchor_date(text: str, lang: str, published: date | None) -> tuple[date | None, str | None]:
    """The date relative expressions count from, and where it comes from.

    ("published" or "dateline"; None, None without either.) Relative
    expressions are resolved only against a date the input states; a reader
    must be able to tell which one, so each timex record says it.
    """
    if published is not None:
        return published, "published"
    g = grammar(lang)
    line_date = _dateline(text, g) if g is not None and text else None
    return (line_date, "dateline") if line_date is not None else (None, None)


class TimexStage:
    """Adds ``doc.spans["timex"]``; one instance per pipeline."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        """Find and resolve the Doc's time expressions."""
        spans: list[Span] = []
        if len(doc):
            text = doc.text
            sentences = (
                [(s.start_char, s.end_char) for s in doc.sents]
                if doc.has_annotation("SENT_START")
                else None
            )
            # Kept for date_for(), which later stages call once per event.
            doc.user_data[_SENTENCES_KEY] = sentences or [(0, len(text))]
            lang = _language(doc, self.lang)
            # Found once here: find_timexes would otherwise look for the dateline again.
            anchor, doc.user_data[_REFERENCE_KEY] = _anchor_date(text, lang, _published(doc))
            for timex in find_timexes(
                text,
                lang,
                anchor,
                sentences,
                _verb_cues(doc),
                _tense_from_parse(doc, grammar(lang)),
            ):
                span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
                if span is None or not len(span):
                    continue
                span._.timex = timex.as_dict() | {
                    "start": timex.start,
                    "end": timex.end,
                    "text": timex.text,
                }
                spans.append(span)
        doc.spans[SPAN_KEY] = spans
        return doc


@Language.factory(
    "tri_timex",
    requires=["token.is_sent_start"],
    assigns=["doc.spans", "span._.timex"],
)
def make_timex(nlp: Language, name: str) -> TimexStage:
    """Factory for the time-expression stage."""
    return TimexStage(nlp.lang or "xx")


def _sentence_of(doc: Doc, start: int) -> tuple[int, int]:
    sentences = doc.user_data.get(_SENTENCES_KEY)
    if not sentences:
        sentences = [(s.start_char, s.end_char) for s in doc.sents] if len(doc) else [(0, 0)]
        doc.user_data[_SENTENCES_KEY] = sentences
    # Called once per event: search the stored list, no per-call list of starts.
    index = bisect.bisect_right(sentences, start, key=lambda s: s[0]) - 1
    return sentences[max(0, index)]


def date_for(doc: Doc, start_char: int, end_char: int) -> dict[str, Any] | None:
    """The resolved date that applies to a span (an event trigger), so events carry dates.

    Only a resolved DATE or TIME in the same sentence counts, the nearest one
    first; a date from another sentence is too often about something else.
    """
    timexes = doc.spans.get(SPAN_KEY, [])
    if not timexes:
        return None
    lo, hi = _sentence_of(doc, start_char)
    best: tuple[int, Span] | None = None
    for span in timexes:
        info = span._.timex
        if not info or not info.get("resolved") or info.get("type") not in ("DATE", "TIME"):
            continue
        if span.start_char < lo or span.end_char > hi:
            continue
        if span.end_char <= start_char:
            dist = start_char - span.end_char
        elif span.start_char >= end_char:
            dist = span.start_char - end_char
        else:
            dist = 0
        if best is None or dist < best[0]:
            best = (dist, span)
    if best is None:
        return None
    span = best[1]
    info = dict(span._.timex)
    info.setdefault("start", span.start_char)
    info.setdefault("end", span.end_char)
    info.setdefault("text", span.text)
    info.setdefault("reference", doc.user_data.get(_REFERENCE_KEY))
    return info


@article_section("timexes")
def timex_records(doc: Doc) -> list[Record]:
    """The ``timexes`` section of analysis.json."""
    article = doc._.article if Doc.has_extension("article") else None
    article_id = getattr(article, "id", None)
    records: list[Record] = []
    text = doc.text
    sentences = [(s.start_char, s.end_char) for s in doc.sents] if len(doc) else []
    starts = [a for a, _ in sentences]
    reference = doc.user_data.get(_REFERENCE_KEY)
    for span in doc.spans.get(SPAN_KEY, []):
        info = span._.timex or {}
        index = bisect.bisect_right(starts, span.start_char) - 1
        sent = sentences[index] if index >= 0 else None
        start = int(info.get("start", span.start_char))
        end = int(info.get("end", span.end_char))
        records.append(
            {
                "article": article_id,
                "start": start,
                "end": end,
                "text": text[start:end],
                "type": info.get("type"),
                "value": info.get("value"),
                "precision": info.get("precision"),
                "resolved": info.get("resolved"),
                "mod": info.get("mod"),
                "timeml": info.get("timeml") or None,
                "signal": info.get("signal"),
                "reference": reference,
                "sentence": [sent[0], sent[1]] if sent is not None else None,
            }
        )
    return records
