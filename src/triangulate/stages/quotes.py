"""Quotes: who said what, to whom, and how firmly the report stands behind it.

Quotes are found in four ways, all driven by the language's lexicon
(``data/quotes/<lang>.json``) so that a new language needs data, not code:

* quotation marks of every kind (“ ” " « » „ ‘ ’, Swedish ” ” and » »); a quote
  that never closes ends at its paragraph's end, unless the next paragraph
  opens with a quotation mark (the convention for a quote that runs on);
* the Scandinavian dash quote: a paragraph opening with "– " and ending
  with ", säger X.";
* reporting verbs with a complement clause (indirect speech), read from the
  dependency parse when the pipeline has one and from word patterns
  ("säger att", ", said X.") when it does not;
* "according to X" / "enligt X".

Speakers are resolved by ``triangulate.stages.speakers`` and the outlets they
spoke to by ``triangulate.stages.outlets``. ``doc._.quotes`` holds the quote
records and ``doc._.sourcing`` the article's sourcing summary; both become
sections of analysis.json.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.tokens import Doc, Token

from triangulate.sections import Record, article_section
from triangulate.stages.factuality import (
    LABELS,
    Lexicon,
    doc_lexicon,
    doc_text,
    has_lemmas,
    has_parse,
    sentence_record,
)
from triangulate.stages.outlets import OutletMention, find_outlets, resolve_listener
from triangulate.stages.speakers import Speaker, SpeakerResolver, looks_like_name

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)
if not Doc.has_extension("sourcing"):
    Doc.set_extension("sourcing", default=None)

_DOUBLE = frozenset('"“”„«»‟')
_OPEN_SINGLE = "‘‹"
_CLOSE_SINGLE = "’›"
_DASHES = "–—-"
_OPEN_CONTEXT = frozenset(" \t\n([{/–—-:")
_CLOSE_CONTEXT = frozenset(" \t\n.,;:!?)]}–—-…")
_PARAGRAPH = re.compile(r"\n\s*")
#: Quotes shorter than this with no cue are scare quotes ("wonderful"), not speech.
_MIN_FREE_QUOTE_WORDS = 4
#: A clause complement needs only this share of the learnt floor (tuned on PolNeAR train).
_CLAUSE_FLOOR = 0.5
_SPEAKER_STOP = frozenset('.,;:!?()[]"“”«»„–—')
_CONTENT_DEPS = frozenset({"ccomp", "xcomp"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "nsubj:pass", "csubj"})
_LISTENER_DEPS = frozenset({"dobj", "dative", "iobj", "obj"})
_OPEN_PARTICIPLES = frozenset({"advcl", "conj", "xcomp", "acomp"})


@dataclass(slots=True)
class _QuoteMarks:
    """One quotation, marks included; ``group`` ties the paragraphs of a run-on quote."""

    start: int
    end: int
    group: int


@dataclass(slots=True)
class _Candidate:
    parts: list[tuple[int, int]]
    cue: tuple[int, int] | None
    source: tuple[int, int] | None
    listener: tuple[int, int] | None = None
    continues: bool = False
    origin: str = ""
    #: "speech" (said, told, säger, a quotation) or "stance" (criticised, supports, seems).
    cue_class: str = "speech"
    speaker: Speaker | None = None
    told: OutletMention | None = None
    quoted: list[tuple[int, int]] = field(default_factory=list)

    @property
    def start(self) -> int:
        return min(a for a, _ in self.parts)

    @property
    def end(self) -> int:
        return max(b for _, b in self.parts)


# -- quotation marks ---------------------------------------------------------


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    start = 0
    for match in _PARAGRAPH.finditer(text):
        if match.start() > start:
            out.append((start, match.start()))
        start = match.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def _opening(text: str, i: int, lo: int, hi: int) -> bool:
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    # French guillemets take a space inside: « oui ».
    inner_ok = not after.isspace() or text[i] == "«"
    return (before in _OPEN_CONTEXT or before in _DOUBLE) and inner_ok


def _closing(text: str, i: int, lo: int, hi: int) -> bool:
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    inner_ok = not before.isspace() or text[i] == "»"
    return inner_ok and (after in _CLOSE_CONTEXT or after in _DOUBLE)


def find_quotation_marks(text: str) -> list[tuple[int, int, int]]:
    """Quoted stretches as (start, end, group), marks included; never raises on bad nesting."""
    out: list[tuple[int, int, int]] = []
    group = 0
    carry = False
    for lo, hi in _paragraphs(text):
        open_at: int | None = None
        single_at: int | None = None
        first_open = lo < hi and text[lo] in _DOUBLE
        if not (carry and first_open):
            group += 1
        carry = False
        for i in range(lo, hi):
            ch = text[i]
            if ch in _DOUBLE:
                if open_at is None:
                    if _opening(text, i, lo, hi):
                        open_at, single_at = i, None
                elif _closing(text, i, lo, hi):
                    out.append((open_at, i + 1, group))
                    open_at = None
                    group += 1
            elif open_at is None and ch in _OPEN_SINGLE and single_at is None:
                if _opening(text, i, lo, hi):
                    single_at = i
            elif (
                open_at is None
                and single_at is not None
                and ch in _CLOSE_SINGLE
                and _closing(text, i, lo, hi)
                and i - single_at > 1
            ):
                out.append((single_at, i + 1, group))
                single_at = None
                group += 1
        pending = open_at if open_at is not None else single_at
        if pending is not None and hi - pending > 1:
            # An unclosed quote ends with its paragraph; it runs on into the next
            # paragraph only when that one opens with a quotation mark.
            out.append((pending, hi, group))
            carry = True
    return out


# -- helpers over tokens -------------------------------------------------------


def _is_cue(token: Token, lex: Lexicon, lemmas: bool, tags: bool) -> bool:
    if tags and token.pos_ not in {"VERB", "AUX"}:
        return False
    if lemmas:
        return token.lemma_.lower() in lex.cue_lemmas
    return token.lower_ in lex.cue_forms and token.lower_ not in lex.according_heads


def _is_clause(child: Token) -> bool:
    """A complement clause: ccomp/xcomp, or (UD) "varnar för att ..." as an obl/advcl with "att"."""
    if child.dep_ in _CONTENT_DEPS:
        return True
    if child.dep_ in {"obl", "advcl"}:
        return any(g.dep_ == "mark" and g.lower_ in {"att", "that"} for g in child.children)
    return False


def _object_subtree(prep: Token) -> list[Token]:
    for child in prep.children:
        if child.dep_ in {"pobj", "pcomp"}:
            return list(child.subtree)
    return []


def _strip(text: str, a: int, b: int, keep_final: bool = False) -> tuple[int, int]:
    """Trim spaces, dashes and dangling punctuation from a content span."""
    while a < b and (text[a].isspace() or text[a] in _DASHES or text[a] in ",;:"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:–—"):
        b -= 1
    if not keep_final and b > a and text[b - 1] in ".!?" and (b - a) > 1:
        b -= 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _phrase_after(doc: Doc, i: int, stop: int, lex: Lexicon) -> tuple[int, int] | None:
    """The speaker phrase after a cue ("säger en tjänsteman i X"), up to punctuation."""
    j = i
    while j < stop and j - i < 12:
        tok = doc[j]
        if tok.text in _SPEAKER_STOP or tok.lower_ in {"att", "that"}:
            break
        if tok.lower_ in lex.told_preps and j > i:
            break
        j += 1
    if j == i:
        return None
    return doc[i].idx, doc[j - 1].idx + len(doc[j - 1])


def _phrase_before(doc: Doc, i: int, start: int, lex: Lexicon) -> tuple[int, int] | None:
    """The subject phrase right before a cue ("flera bedömare varnar"), back to a boundary."""
    j = i
    while j > start and i - j < 8:
        tok = doc[j - 1]
        if tok.text in _SPEAKER_STOP or tok.lower_ in lex.clause_stops:
            break
        j -= 1
    if j == i:
        return None
    return doc[j].idx, doc[i - 1].idx + len(doc[i - 1])


def _listener_after(doc: Doc, i: int, stop: int, lex: Lexicon) -> tuple[int, int] | None:
    """ "till CNN" / "to CNN" / "spoke with The Washington Post" within a few words of ``i``."""
    limit = min(stop, i + 14)
    j = i
    while j < limit:
        tok = doc[j]
        if tok.text in {".", ";", "!", "?"} or tok.text in _DOUBLE:
            return None
        matched = 0
        if tok.lower_ in lex.told_preps:
            matched = 1
        else:
            for phrase in lex.spoke_with:
                n = len(phrase)
                if phrase[0] != tok.lower_:
                    continue
                if tuple(t.lower_ for t in doc[j : j + n]) == phrase:
                    matched = n
                    break
        if matched:
            k = j + matched
            end = k
            while end < limit and doc[end].text not in _SPEAKER_STOP and end - k < 6:
                end += 1
            if end > k:
                return doc[k].idx, doc[end - 1].idx + len(doc[end - 1])
        j += 1
    return None


# -- the finder ---------------------------------------------------------------


class _Finder:
    """Collects candidate quotes from one Doc; never raises on odd input."""

    def __init__(self, doc: Doc, lex: Lexicon) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.lex = lex
        self.lemmas = has_lemmas(doc)
        self.tags = doc.has_annotation("POS")
        self.parsed = has_parse(doc)
        self.marks = [_QuoteMarks(a, b, g) for a, b, g in find_quotation_marks(doc_text(doc))]
        self.candidates: list[_Candidate] = []
        self._weak: dict[tuple[int, int], bool] = {}
        self._clausal = True
        self.used_cues: set[int] = set()
        self.paragraphs = _paragraphs(doc_text(doc))

    # shared ------------------------------------------------------------------

    def _add(self, cand: _Candidate) -> None:
        parts = []
        clip = self._enclosing_quote(cand.cue)
        for a, b in cand.parts:
            if clip is not None:
                # Speech reported inside a quotation stays inside it.
                a, b = max(a, clip[0]), min(b, clip[1])
                if b <= a:
                    continue
            keep = any(m.start < b and a < m.end and b >= m.end for m in self.marks)
            a, b = _strip(self.text, a, b, keep_final=keep)
            if b > a:
                parts.append(self._cover_marks(a, b, cand.cue))
        if not parts:
            return
        cand.parts = self._merge(sorted(parts))
        self.candidates.append(cand)

    def _enclosing_quote(self, cue: tuple[int, int] | None) -> tuple[int, int] | None:
        if cue is None:
            return None
        for m in self.marks:
            if m.start < cue[0] < m.end:
                return m.start + 1, m.end - 1
        return None

    def _cover_marks(self, a: int, b: int, cue: tuple[int, int] | None) -> tuple[int, int]:
        """Extend a content span over the quotation it lies in, marks and run-on paragraphs too.

        Not when the cue itself is inside the quotation: "We believe X" inside a
        quote is the speaker's own attribution, and its content is just X.
        """
        groups = set()
        for m in self.marks:
            if not (m.start < b and a < m.end):
                continue
            cue_inside = cue is not None and m.start < cue[0] < m.end
            if m.start < a and b < m.end and cue_inside:
                continue
            groups.add(m.group)
        for m in self.marks:
            if m.group in groups:
                a, b = min(a, m.start), max(b, m.end)
        return a, b

    @staticmethod
    def _merge(parts: list[tuple[int, int]]) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        for a, b in parts:
            if out and a <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], b))
            else:
                out.append((a, b))
        return out

    def _paragraph_of(self, offset: int) -> tuple[int, int]:
        for lo, hi in self.paragraphs:
            if lo <= offset < hi:
                return lo, hi
        return offset, offset + 1

    def _token_at(self, offset: int) -> int | None:
        """The token holding ``offset``, or None when it falls on whitespace."""
        i = _token_index(self.doc, offset)
        if i < len(self.doc) and self.doc[i].idx <= offset:
            return i
        return None

    def _covered(self, a: int, b: int) -> bool:
        return any(p[0] < b and a < p[1] for c in self.candidates for p in c.parts)

    # dependency-based ----------------------------------------------------------

    def from_parse(self) -> None:
        """Reporting verbs with their complement, subject and listener, from the parse."""
        lex = self.lex
        for token in self.doc:
            if token.i in self.used_cues or not self._verb_like(token):
                continue
            # Without a lemmatizer (the Swedish model) the word form stands in for the lemma.
            lemma = token.lemma_.lower() if self.lemmas else token.lower_
            listed = _is_cue(token, lex, self.lemmas, False)
            if not listed and lemma not in lex.content_deps:
                continue
            if token.dep_ in {"amod", "compound", "acl"} and token.tag_ == "VBN":
                continue
            if token.head.lower_ in {"without", "before", "after", "utan"}:
                continue
            content = self._dep_content(token)
            if content is None:
                continue
            source = self._dep_source(token)
            listener = self._dep_listener(token)
            cue = (token.idx, token.idx + len(token))
            self._weak[cue] = lemma in lex.weak_cue_lemmas or not listed
            content, source = self._cut_at_quote(content, cue, source)
            if (
                source is None
                and content
                and content[-1][1] <= cue[0]
                and lemma not in lex.told_lemmas
                and token.tag_ not in {"VBG", "VBN"}
            ):
                # '“...,” added a New Hampshire Democrat': the parser takes the
                # inverted subject for an object; it is the speaker.
                source = _phrase_after(self.doc, token.i + 1, token.sent.end, lex)
            self.used_cues.add(token.i)
            quoted = any(m.start < content[0][1] and content[0][0] < m.end for m in self.marks)
            speech = quoted or (not self._weak[cue] and self._clausal)
            cue_class = "speech" if speech else "stance"
            self._add(
                _Candidate(content, cue, source, listener, origin="parse", cue_class=cue_class)
            )

    def _cut_at_quote(
        self,
        content: list[tuple[int, int]],
        cue: tuple[int, int],
        source: tuple[int, int] | None,
    ) -> tuple[list[tuple[int, int]], tuple[int, int] | None]:
        """'“Q,” Texas delegate X, wearing a hat, said': the words after the quote are the speaker.

        A bad parse hangs the speaker phrase inside the quoted clause; the quote
        ends at its closing mark and what lies between it and the cue is the source.
        """
        if len(content) != 1:
            return content, source
        a, b = content[0]
        for m in self.marks:
            if a <= m.start + 1 and m.start < m.end < b <= cue[0] and m.end > a:
                between = self.text[m.end : cue[0]]
                if source is None:
                    lead = len(between) - len(between.lstrip(" ,\n"))
                    phrase = between.strip(" ,\n").split(",")[0].strip()
                    if phrase and len(phrase.split()) <= 8:
                        start = m.end + lead
                        source = (start, start + len(phrase))
                return [(a, m.end)], source
        return content, source

    def _dep_content(self, verb: Token) -> list[tuple[int, int]] | None:
        self._clausal = True
        # '“...,” the official said' / '”, säger hon': the quotation right before the cue.
        for m in self.marks:
            if m.end <= verb.idx and not self.text[m.end : verb.idx].strip(" ,\u00a0"):
                return [self._group_extent_back(m)]
        best = self._content_child(verb)
        if best is not None:
            tokens = list(best.subtree) if best.dep_ != "prep" else _object_subtree(best)
            if tokens:
                # Only a clause is said; an object ("responded to requests") is a stance.
                self._clausal = _is_clause(best)
                return [(tokens[0].idx, tokens[-1].idx + len(tokens[-1]))]
        # "He said: “...”" and "Caddell continued:" + a quote in the next paragraph.
        after = verb.right_edge.idx + len(verb.right_edge)
        colon = verb.i + 1 < len(verb.doc) and verb.nbor(1).text == ":"
        if colon or self.text[after : after + 4].lstrip(" \t").startswith(":"):
            for m in self.marks:
                if m.start >= after and not self.text[after : m.start].strip(" \t\n:"):
                    return [self._group_extent(m)]
        # Parenthetical cue: "The request, officials said, was declined."
        lemma = verb.lemma_.lower()
        bare = not any(c.dep_ in {"dobj", "obj", "mark", "prep", "advmod"} for c in verb.children)
        short = verb.right_edge.i - verb.left_edge.i < 10
        if (
            verb.dep_ in {"parataxis", "advcl", "conj"}
            and verb.head.pos_ in {"VERB", "AUX"}
            and lemma not in self.lex.weak_cue_lemmas
            and bare
            and short
        ):
            head = verb.head
            if any(c.dep_ in _SUBJECT_DEPS for c in verb.children) and verb.i > head.i:
                left = head.left_edge
                sub_left = verb.left_edge
                parts = [(left.idx, sub_left.idx)]
                right = head.right_edge
                sub_right = verb.right_edge
                if right.i > sub_right.i:
                    parts.append((sub_right.idx + len(sub_right), right.idx + len(right)))
                return parts
        return None

    def _verb_like(self, token: Token) -> bool:
        """A verb, or (no lemmatizer: a weaker model) a listed cue form governing a clause."""
        if token.pos_ in {"VERB", "AUX"}:
            return True
        if self.lemmas or token.lower_ not in self.lex.cue_forms:
            return False
        return any(c.dep_ == "ccomp" for c in token.children)

    def _content_child(self, verb: Token) -> Token | None:
        """The dependent that holds what was said: the likeliest by the learnt table."""
        lemma = verb.lemma_.lower() if self.lemmas else verb.lower_
        table = self.lex.content_deps.get(lemma, {})
        floor = self.lex.learned_min_precision
        listed = _is_cue(verb, self.lex, self.lemmas, False)
        best: tuple[float, Token] | None = None
        for child in verb.children:
            key = f"prep:{child.lower_}" if child.dep_ == "prep" else child.dep_
            score = table.get(key, 0.0)
            if score < floor and listed and _is_clause(child):
                # A listed reporting verb with a clause is speech even if the table is silent.
                score = floor
            if child.dep_ == "ccomp" and score >= floor * _CLAUSE_FLOOR:
                score = max(score, floor)
            if score < floor:
                continue
            if child.dep_ == "xcomp" and _is_cue(child, self.lex, self.lemmas, self.tags):
                # "continued to say": the inner verb is the cue.
                return None
            if best is None or score > best[0]:
                best = (score, child)
        return best[1] if best else None

    def _group_extent_back(self, last: _QuoteMarks) -> tuple[int, int]:
        start = min(m.start for m in self.marks if m.group == last.group)
        return start, last.end

    def _group_extent(self, first: _QuoteMarks) -> tuple[int, int]:
        end = max(m.end for m in self.marks if m.group == first.group)
        return first.start, end

    def _dep_source(self, verb: Token) -> tuple[int, int] | None:
        lemma = verb.lemma_.lower() if self.lemmas else verb.lower_
        if lemma in self.lex.no_source_lemmas:
            # "X seems to ...": X is part of what is attributed, and no one is cited.
            return None
        if (
            verb.tag_ == "VBN"
            and verb.dep_ == "advcl"
            and not any(c.dep_ in {"aux", "auxpass"} for c in verb.children)
        ):
            # "Asked about the plan, the mayor said": the mayor was asked, not the asker.
            return None
        node: Token | None = verb
        for _ in range(4):
            if node is None:
                break
            for child in node.children:
                if child.dep_ in {"nsubjpass", "nsubj:pass"} and node.i == verb.i:
                    # "X is reported": X is what is said, not who says it. (A raised
                    # subject, "X is expected to call", is the speaker of "call".)
                    return self._agent(node)
                if child.dep_ in _SUBJECT_DEPS:
                    return self._np_span(child)
            if node.dep_ == "acl" and node.head.pos_ in {"NOUN", "PROPN", "PRON"}:
                # "those backing the bill": the noun the participle hangs on.
                return self._np_span_before(node.head)
            if node.dep_ == "pcomp" and node.head.dep_ == "prep":
                # "by saying", "without criticising": the verb the preposition hangs on.
                node = node.head.head
                continue
            # "saying", "adding" and the second of two coordinated verbs share the subject.
            node = node.head if node.dep_ in _OPEN_PARTICIPLES and node.head.i != node.i else None
        return None

    def _np_span_before(self, noun: Token) -> tuple[int, int]:
        left = min(t.i for t in noun.subtree)
        return self.doc[left].idx, noun.idx + len(noun)

    def _agent(self, verb: Token) -> tuple[int, int] | None:
        for child in verb.children:
            if child.dep_ == "agent":
                for grand in child.children:
                    if grand.dep_ == "pobj":
                        return self._np_span(grand)
        return None

    def _np_span(self, head: Token) -> tuple[int, int]:
        """A noun phrase without its trailing relative clause or apposition."""
        tokens = [t for t in head.subtree]
        end_i = tokens[-1].i
        for t in tokens:
            if t.i > head.i and (t.text == "," or t.dep_ in {"relcl", "acl:relcl"}):
                end_i = t.i - 1
                break
        left = tokens[0]
        right = self.doc[max(end_i, left.i)]
        a, b = left.idx, right.idx + len(right)
        # A name the parser split ("Karin" subject, "Berg" elsewhere) is whole in the NER.
        if head.ent_iob_ in ("B", "I"):
            # The entity around ``head``, from the IOB tags: building ``doc.ents``
            # here made this the stage's slowest line.
            first, last = head.i, head.i
            while first > 0 and self.doc[first].ent_iob_ == "I":
                first -= 1
            while last + 1 < len(self.doc) and self.doc[last + 1].ent_iob_ == "I":
                last += 1
            a = min(a, self.doc[first].idx)
            b = max(b, self.doc[last].idx + len(self.doc[last]))
        return a, b

    def _dep_listener(self, verb: Token) -> tuple[int, int] | None:
        if verb.lemma_.lower() in self.lex.told_lemmas:
            for child in verb.children:
                if child.dep_ in _LISTENER_DEPS:
                    return self._np_span(child)
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in {"to", "with"}:
                for grand in child.children:
                    if grand.dep_ == "pobj":
                        return self._np_span(grand)
            # UD: "säger X till CNN" has "CNN" as an obl with the case marker "till".
            if child.dep_ == "obl" and any(
                g.dep_ == "case" and g.lower_ in self.lex.told_preps for g in child.children
            ):
                left = min(t.i for t in child.subtree if t.dep_ != "case" or t.i > child.i)
                return self.doc[left].idx, child.idx + len(child)
        return None

    # "according to X" / "enligt X" -------------------------------------------------

    def according(self) -> None:
        """Sources introduced by "according to" / "enligt" (unless it names mere information)."""
        lex = self.lex
        doc = self.doc
        for sent in doc.sents:
            toks = list(sent)
            for k, tok in enumerate(toks):
                lower = tok.lower_
                for phrase in lex.according_to:
                    n = len(phrase)
                    if phrase[0] != lower or tuple(t.lower_ for t in toks[k : k + n]) != phrase:
                        continue
                    src_start = k + n
                    j = src_start
                    while (
                        j < len(toks) and toks[j].text not in _SPEAKER_STOP and j - src_start < 10
                    ):
                        if j > src_start and self._ends_source(toks[j], toks[src_start:j]):
                            break
                        j += 1
                    if j == src_start:
                        continue
                    words = [t.lower_ for t in toks[src_start:j]]
                    if words[-1] in lex.not_sources or words[0] in lex.not_sources:
                        continue
                    source = (toks[src_start].idx, toks[j - 1].idx + len(toks[j - 1]))
                    cue = (tok.idx, toks[k + n - 1].idx + len(toks[k + n - 1]))
                    parts = []
                    if tok.idx > sent.start_char:
                        parts.append((sent.start_char, tok.idx))
                    tail = j
                    # Skip a relative clause hanging on the source: "officials, who spoke with X,".
                    if (
                        tail + 1 < len(toks)
                        and toks[tail].text == ","
                        and toks[tail + 1].lower_ in lex.relatives
                    ):
                        nxt = next(
                            (q for q in range(tail + 1, len(toks)) if toks[q].text == ","),
                            len(toks) - 1,
                        )
                        tail = nxt
                    if tail < len(toks):
                        parts.append((toks[tail].idx, sent.end_char))
                    parts = [(a, b) for a, b in parts if self.text[a:b].strip(" ,.;:\n")]
                    if not parts:
                        continue
                    listener = _listener_after(doc, toks[j - 1].i + 1, sent.end, lex)
                    self._add(_Candidate(parts, cue, source, listener, origin="according"))

    def _ends_source(self, tok: Token, before: list[Token]) -> bool:
        if self.tags:
            return tok.pos_ in {"VERB", "AUX"} and tok.dep_ not in {"amod", "compound"}
        lower = tok.lower_
        if lower in self.lex.clause_stops and lower not in {"i", "in", "on"}:
            return True
        return (
            len(lower) >= 4
            and tok.is_lower
            and lower not in self.lex.anonymous_nouns
            and lower.endswith(self.lex.finite_suffixes)
        )

    # dash quotes ---------------------------------------------------------------

    def dash_quotes(self) -> None:
        """Scandinavian dash quotes: "– Text, säger X." and cue-less follow-on paragraphs."""
        doc = self.doc
        previous: _Candidate | None = None
        for lo, hi in self.paragraphs:
            if not (self.text[lo] in _DASHES and lo + 1 < hi and self.text[lo + 1] in " \t\u00a0"):
                continue
            first = self._token_at(lo)
            last = self._token_at(hi - 1)
            if first is None or last is None:
                continue
            cue_i = None
            for i in range(last, first, -1):
                tok = doc[i]
                if _is_cue(tok, self.lex, self.lemmas, False) and doc[i - 1].text in {",", "."}:
                    cue_i = i
                    break
            if cue_i is None:
                if previous is not None and not self._covered(lo, hi):
                    cand = _Candidate([(lo, hi)], None, None, continues=True, origin="dash")
                    self._add(cand)
                continue
            if self._covered(lo + 2, doc[cue_i].idx):
                self.used_cues.add(cue_i)
                continue
            cue = (doc[cue_i].idx, doc[cue_i].idx + len(doc[cue_i]))
            source = _phrase_after(doc, cue_i + 1, last + 1, self.lex)
            listener = _listener_after(doc, cue_i + 1, last + 1, self.lex)
            self.used_cues.add(cue_i)
            previous = _Candidate([(lo, doc[cue_i - 1].idx)], cue, source, listener, origin="dash")
            self._add(previous)

    # quotation marks without a parse (or missed by it) ---------------------------

    def marked_quotes(self) -> None:
        """Quotation marks with their cue just after ("”, säger hon.") or before ("X said:")."""
        doc = self.doc
        for m in self.marks:
            if self._covered(m.start + 1, m.end - 1):
                continue
            cand = self._cue_after(m) or self._cue_before(m)
            if cand is not None:
                self._add(cand)
                continue
            words = len(self.text[m.start : m.end].split())
            if words < _MIN_FREE_QUOTE_WORDS:
                continue
            # A quote with no cue continues the previous speaker's words (same or next paragraph).
            prev = [c for c in self.candidates if c.end <= m.start]
            if prev:
                last = max(prev, key=lambda c: c.end)
                para = self._paragraph_of(m.start)
                gap = self.text[last.end : m.start]
                if last.end >= para[0] and gap.count("\n") == 0:
                    last.parts.append((m.start, m.end))
                    continue
                if gap.count("\n\n") <= 1 and gap.count("\n") <= 2:
                    self._add(
                        _Candidate([(m.start, m.end)], None, None, continues=True, origin="mark")
                    )
                    continue
            if doc_text(doc)[m.start : m.end].count(" ") >= 2 * _MIN_FREE_QUOTE_WORDS:
                self._add(_Candidate([(m.start, m.end)], None, None, origin="mark"))

    def _cue_after(self, m: _QuoteMarks) -> _Candidate | None:
        doc = self.doc
        i = self._token_at(m.end)
        if i is None or doc[i].idx < m.end:
            i = self._token_at(m.end - 1)
            if i is None:
                return None
            i += 1
        sent_end = min(len(doc), i + 14)
        stop = i
        while (
            stop < sent_end
            and doc[stop].text not in {".", "!", "?", "\n"}
            and doc[stop].text not in _DOUBLE
        ):
            stop += 1
        j = i
        while j < stop and doc[j].text in {",", ":", "–", "—"}:
            j += 1
        for k in range(j, min(stop, j + 7)):
            if "\n" in doc[k].text:
                break
            if not _is_cue(doc[k], self.lex, self.lemmas, self.tags) or k in self.used_cues:
                continue
            cue = (doc[k].idx, doc[k].idx + len(doc[k]))
            if k == j:
                source = _phrase_after(doc, k + 1, stop, self.lex)
            else:
                source = (doc[j].idx, doc[k - 1].idx + len(doc[k - 1]))
            listener = _listener_after(doc, k + 1, stop, self.lex)
            self.used_cues.add(k)
            return _Candidate([self._group_extent(m)], cue, source, listener, origin="mark")
        return None

    def _cue_before(self, m: _QuoteMarks) -> _Candidate | None:
        doc = self.doc
        before = self.text[: m.start].rstrip()
        if not before.endswith((":", ",")):
            return None
        end_i = self._token_at(len(before) - 1)
        if end_i is None:
            return None
        lo = max(0, end_i - 10)
        for k in range(end_i - 1, lo - 1, -1):
            tok = doc[k]
            if tok.text in {".", "!", "?"} or tok.text in _DOUBLE:
                break
            if not _is_cue(tok, self.lex, self.lemmas, self.tags) or k in self.used_cues:
                continue
            cue = (tok.idx, tok.idx + len(tok))
            source = _phrase_before(doc, k, max(0, k - 8), self.lex) or _phrase_after(
                doc, k + 1, end_i, self.lex
            )
            self.used_cues.add(k)
            return _Candidate([self._group_extent(m)], cue, source, None, origin="mark")
        return self._colon_speaker(m, before)

    def _colon_speaker(self, m: _QuoteMarks, before: str) -> _Candidate | None:
        """'Jones: “...”': a bare name and a colon introduce the quote (transcripts, live blogs)."""
        if not before.endswith(":"):
            return None
        start = max(before.rfind("\n"), before.rfind(". "), -1) + 1
        phrase = before[start:-1].strip()
        words = phrase.split()
        if not words or len(words) > 5 or not looks_like_name(words):
            return None
        a = start + before[start:].index(phrase)
        colon = len(before) - 1
        return _Candidate(
            [self._group_extent(m)], (colon, colon + 1), (a, a + len(phrase)), None, origin="mark"
        )

    # indirect speech without a parse ----------------------------------------------

    def patterns(self) -> None:
        """ "X säger att ...", "varnar för att ..." and ", said X." without a parser."""
        doc = self.doc
        lex = self.lex
        for sent in doc.sents:
            toks = list(sent)
            for k, tok in enumerate(toks):
                if tok.i in self.used_cues or not _is_cue(tok, lex, self.lemmas, self.tags):
                    continue
                nxt = [t.lower_ for t in toks[k + 1 : k + 3]]
                if self._covered(tok.idx, tok.idx + 1):
                    continue
                if nxt[:1] in (["att"], ["that"]) or (
                    len(nxt) == 2 and nxt[0] in {"för", "om"} and nxt[1] == "att"
                ):
                    start = toks[k + 1].idx if nxt[0] in {"att", "that"} else toks[k + 2].idx
                    source = _phrase_before(doc, tok.i, sent.start, lex)
                    listener = None
                    if source is None:
                        source = _phrase_after(doc, tok.i + 1, sent.end, lex)
                    cue = (tok.idx, tok.idx + len(tok))
                    self.used_cues.add(tok.i)
                    self._add(
                        _Candidate(
                            [(start, sent.end_char)], cue, source, listener, origin="pattern"
                        )
                    )
                    continue
                if k > 1 and toks[k - 1].text == "," and len(toks) - k <= 14:
                    source = _phrase_after(doc, tok.i + 1, sent.end, lex)
                    if source is None:
                        continue
                    cue = (tok.idx, tok.idx + len(tok))
                    listener = _listener_after(doc, tok.i + 1, sent.end, lex)
                    self.used_cues.add(tok.i)
                    self._add(
                        _Candidate(
                            [(sent.start_char, toks[k - 1].idx)],
                            cue,
                            source,
                            listener,
                            origin="pattern",
                        )
                    )

    def run(self) -> list[_Candidate]:
        """All candidates, in text order."""
        if not self.lex.empty:
            self.dash_quotes()
            if self.parsed:
                self.from_parse()
            self.according()
            self.marked_quotes()
            # Word patterns back up a parse with no learnt cue table (Swedish); where the
            # table exists (English) they only add duplicates.
            if not self.parsed or not self.lex.content_deps:
                self.patterns()
        else:
            self.marked_quotes()
        kept = [c for c in self.candidates if not self._nested(c)]
        return sorted(kept, key=lambda c: (c.start, c.cue or (0, 0)))

    def _nested(self, cand: _Candidate) -> bool:
        """Speech inside another quote's words: "I think X" within a quotation, "seems" ...

        The speaker's own hedges inside a quotation are part of the quote, not a
        new attribution by the report; a weak cue (think, seem) inside another
        quote's content likewise.
        """
        if cand.cue is None:
            return False
        a = cand.cue[0]
        inside_marks = self._enclosing_quote(cand.cue) is not None
        cue_text = self.text[cand.cue[0] : cand.cue[1]].lower()
        weak = self._weak.get(cand.cue, False) or cue_text in self.lex.weak_cue_lemmas
        if not inside_marks and not weak:
            return False
        for other in self.candidates:
            if other is cand or other.cue is None:
                continue
            if any(x <= a < y for x, y in other.parts):
                return True
        return False


# -- assembling records ------------------------------------------------------------


def _kind(
    text: str, parts: list[tuple[int, int]], marks: list[_QuoteMarks]
) -> tuple[str, list[tuple[int, int]]]:
    inside = [(m.start, m.end) for m in marks if any(a <= m.start and m.end <= b for a, b in parts)]
    if not inside:
        return "indirect", []
    rest = "".join(text[a:b] for a, b in parts)
    quoted = sum(b - a for a, b in inside)
    outside = len(rest.strip()) - quoted
    return ("direct" if outside <= 3 else "mixed"), inside


def _span(text: str, a: int, b: int) -> dict[str, object]:
    return {"start": a, "end": b, "text": text[a:b]}


def _factuality(doc: Doc, cand: _Candidate) -> str:
    """The strongest hedge among the sentences holding the cue and the content."""
    offsets = [a for a, _ in cand.parts] + ([cand.cue[0]] if cand.cue else [])
    best = len(LABELS) - 1
    for offset in offsets:
        record = sentence_record(doc, offset)
        if record is not None:
            best = min(best, LABELS.index(str(record["label"])))
    label = LABELS[best]
    # Attributed words are reported speech even where the sentence has no cue of its own.
    return "reported" if label == "asserted" else label


def _mark_reported(doc: Doc, cand: _Candidate) -> None:
    """Sentences inside a quote's content are reported speech, whatever their own words."""
    if cand.cue is None or cand.cue_class != "speech":
        return
    trigger = {
        "start": cand.cue[0],
        "end": cand.cue[1],
        "text": doc_text(doc)[cand.cue[0] : cand.cue[1]],
    }
    for record in doc._.factuality or []:
        s, e = record["sentence"]
        if record["label"] in {"asserted", "hypothetical"} and any(
            a <= s < b or s <= a < e for a, b in cand.parts
        ):
            record["label"] = "reported"
            record["triggers"] = [trigger]


def _source_type(speaker: Speaker | None, article_outlet: str | None) -> str:
    if speaker is None:
        return "unknown"
    if speaker.anonymous:
        return "anonymous"
    if speaker.kind == "outlet":
        if article_outlet and speaker.name and speaker.name.casefold() == article_outlet.casefold():
            return "own reporting"
        return "outlet"
    return {
        "person": "named person",
        "statement": "official statement",
        "organisation": "official statement",
        "document": "document",
    }.get(speaker.kind, "other")


class Quotes:
    """Finds quotes, resolves their speakers and outlets, and summarises the article's sourcing."""

    def __call__(self, doc: Doc) -> Doc:
        """Set ``doc._.quotes`` and ``doc._.sourcing``."""
        article = doc._.article
        article_id = getattr(article, "id", "") or ""
        lex = doc_lexicon(doc)
        # Entities may have changed since a cache was filled (a re-run on the same Doc).
        doc.user_data.pop("tri_linked_ents", None)
        quotes: list[Record] = []
        cited: dict[str, dict[str, object]] = {}
        types: Counter[str] = Counter()
        if len(doc) and doc_text(doc).strip():
            finder = _Finder(doc, lex)
            candidates = finder.run()
            outlets = find_outlets(doc, lex.lang)
            resolver = SpeakerResolver(doc, lex, [(m.start, m.end) for m in finder.marks])
            previous: _Candidate | None = None
            for cand in sorted(candidates, key=lambda c: (c.source or c.cue or (c.start, 0))[0]):
                self._resolve(doc, cand, previous, resolver, outlets, lex)
                previous = cand
            for cand in candidates:
                _mark_reported(doc, cand)
            for cand in candidates:
                record = self._record(doc, cand, finder.marks, article_id)
                quotes.append(record)
                types[_source_type(cand.speaker, getattr(article, "outlet", None))] += 1
                if cand.told is not None:
                    self._cite(cited, cand.told, doc)
                if (
                    cand.speaker is not None
                    and cand.speaker.kind == "outlet"
                    and cand.speaker.start is not None
                ):
                    mention = OutletMention(
                        cand.speaker.start,
                        cand.speaker.end or cand.speaker.start,
                        cand.speaker.name or "",
                        "any",
                        cand.speaker.entity_id,
                    )
                    self._cite(cited, mention, doc)
            self._cite_hedged(doc, outlets, cited, lex)
        doc._.quotes = quotes
        doc._.sourcing = {
            "article": article_id,
            "outlets": list(cited.values()),
            "source_types": [{"type": t, "count": n} for t, n in sorted(types.items())],
            "sentences": list(doc._.factuality or []),
        }
        return doc

    def _resolve(
        self,
        doc: Doc,
        cand: _Candidate,
        previous: _Candidate | None,
        resolver: SpeakerResolver,
        outlets: list[OutletMention],
        lex: Lexicon,
    ) -> None:
        if cand.source is not None:
            cand.speaker = resolver.resolve(*cand.source)
        elif cand.continues and previous is not None and previous.speaker is not None:
            cand.speaker = replace(previous.speaker, start=None, end=None, members=[])
            cand.told = previous.told
        if cand.listener is not None:
            cand.told = resolve_listener(doc, *cand.listener, outlets, lex.outlet_nouns, lex.lang)
        if cand.told is None and cand.source is not None:
            # "officials, who spoke with The Washington Post": the listener follows the source.
            span = _listener_after(doc, _token_index(doc, cand.source[1]), len(doc), lex)
            if span is not None and (
                cand.cue is None or span[1] <= max(cand.cue[1], cand.start) + 200
            ):
                cand.told = resolve_listener(doc, *span, outlets, lex.outlet_nouns, lex.lang)
        if cand.speaker is not None:
            if cand.told is None and cand.speaker.told is not None:
                cand.told = cand.speaker.told
            elif cand.told is not None and cand.speaker.told is None:
                cand.speaker.told = cand.told

    def _record(
        self, doc: Doc, cand: _Candidate, marks: list[_QuoteMarks], article_id: str
    ) -> Record:
        text = doc_text(doc)
        kind, quoted = _kind(text, cand.parts, marks)
        if cand.origin == "dash":
            kind = "direct"
        speaker = cand.speaker
        record: Record = {
            "article": article_id,
            "content": _span(text, cand.start, cand.end),
            "cue": _span(text, *cand.cue) if cand.cue else None,
            "kind": kind,
            "speaker": speaker.to_json() if speaker else None,
            "told": {"entity_id": cand.told.entity_id, "name": cand.told.name}
            if cand.told
            else None,
            "cue_class": cand.cue_class,
            "factuality": _factuality(doc, cand),
        }
        if len(cand.parts) > 1:
            record["parts"] = [_span(text, a, b) for a, b in cand.parts]
        if quoted:
            record["quoted"] = [_span(text, a, b) for a, b in quoted]
        record["sentence"] = _sentence_of(doc, cand.cue[0] if cand.cue else cand.start)
        return record

    def _cite(self, cited: dict[str, dict[str, object]], mention: OutletMention, doc: Doc) -> None:
        entry = cited.setdefault(
            mention.name, {"entity_id": mention.entity_id, "name": mention.name, "evidence": []}
        )
        evidence = entry["evidence"]
        assert isinstance(evidence, list)
        span = _span(doc_text(doc), mention.start, mention.end)
        if span not in evidence:
            evidence.append(span)

    def _cite_hedged(
        self,
        doc: Doc,
        outlets: list[OutletMention],
        cited: dict[str, dict[str, object]],
        lex: Lexicon,
    ) -> None:
        """ "Reuters has reported", "Reuters was not able to confirm": an outlet as the subject."""
        for mention in outlets:
            i = _token_index(doc, mention.end)
            words = [t for t in doc[i : i + 4]]
            reported = any(
                (_is_cue(t, lex, has_lemmas(doc), False) or t.lower_ in lex.cue_forms)
                and t.lower_ not in lex.according_heads
                for t in words[:3]
            )
            record = sentence_record(doc, mention.end)
            unconfirmed = False
            if record is not None:
                unconfirmed = (
                    any(0 <= trig["start"] - mention.end <= 8 for trig in record["triggers"])
                    and record["label"] == "unconfirmed"
                )
            according = any(
                doc_text(doc)[max(0, mention.start - 20) : mention.start]
                .lower()
                .rstrip()
                .endswith(" ".join(p))
                for p in lex.according_to
            )
            if reported or unconfirmed or according:
                self._cite(cited, mention, doc)


def _token_starts(doc: Doc) -> list[int]:
    cached = doc.user_data.get("tri_token_starts")
    if not isinstance(cached, list):
        cached = [t.idx for t in doc]
        doc.user_data["tri_token_starts"] = cached
    return cached


def _token_index(doc: Doc, offset: int) -> int:
    """The token holding ``offset``, else the first one after it (``len(doc)`` past the end)."""
    starts = _token_starts(doc)
    i = bisect.bisect_right(starts, offset) - 1
    if i >= 0 and offset < starts[i] + len(doc[i]):
        return i
    return i + 1


def _sentence_of(doc: Doc, offset: int) -> list[int] | None:
    record = sentence_record(doc, offset)
    return list(record["sentence"]) if record is not None else None


@Language.factory(
    "tri_quotes",
    requires=["token.is_sent_start"],
    assigns=["doc._.quotes", "doc._.sourcing"],
)
def make_quotes(nlp: Language, name: str) -> Quotes:
    """Build the quote component (quotes, speakers, outlets, sourcing)."""
    return Quotes()


@article_section("quotes")
def quotes_section(doc: Doc) -> list[Record]:
    """Quote records as they appear in analysis.json."""
    return list(doc._.quotes or [])


@article_section("sourcing")
def sourcing_section(doc: Doc) -> list[Record]:
    """The article's sourcing summary (one record) as it appears in analysis.json."""
    return [doc._.sourcing] if doc._.sourcing else []
