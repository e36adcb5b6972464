"""Dependency helpers for event coding, for spaCy's English labels and Universal Dependencies alike.

The English pipeline parses with ClearNLP-style labels (``dobj``, ``prep`` +
``pobj``, ``agent``), the Swedish one with UD (``obj``, ``obl`` + ``case``,
``obl:agent``). The coders ask these helpers, so they never check a scheme.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

#: Active subjects (the doer).
SUBJ = frozenset({"nsubj"})
#: Passive subjects (the one done to): "was attacked by" swaps the sides.
PASS_SUBJ = frozenset({"nsubjpass", "nsubj:pass"})
#: Direct objects.
OBJ = frozenset({"dobj", "obj"})
#: Indirect objects ("gave Ukraine arms").
IOBJ = frozenset({"dative", "iobj"})
#: English prepositions, whose object is a ``pobj`` below them.
PREP = frozenset({"prep"})
#: UD oblique nominals, whose preposition is a ``case`` child below them.
UD_OBL = frozenset({"obl", "nmod", "obl:agent", "obl:arg"})
#: Verb particles ("called off", "slog ner").
PARTICLE = frozenset({"prt", "compound:prt"})
#: Dependents that modify a noun in place ("Iranian", "Iraq's", "Hamas leaders").
MODIFIERS = frozenset(
    {"amod", "compound", "nmod", "poss", "nmod:poss", "npadvmod", "flat", "flat:name"}
)


def is_plural(token: Token) -> bool:
    """Whether a noun is plural: by tag, by morphology, else by its ending (untagged Docs)."""
    if token.tag_ in ("NNS", "NNPS"):
        return True
    number = token.morph.get("Number", [])
    if number:
        return "Plur" in number
    return token.lower_.endswith(("s", "er", "ar", "or", "na"))


def prep_objects(token: Token) -> list[tuple[str, Token]]:
    """(preposition, object) pairs hanging from a token."""
    out: list[tuple[str, Token]] = []
    for child in token.children:
        if child.dep_ in PREP:
            for obj in child.children:
                if obj.dep_ in ("pobj", "pcomp"):
                    out.append((child.lower_, obj))
        elif child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    out.append(("by", obj))
        elif child.dep_ in UD_OBL:
            case = next((c.lower_ for c in child.children if c.dep_ == "case"), "")
            if case:
                out.append((case, child))
            elif child.dep_ == "obl:agent":
                out.append(("by", child))
    return out


def children_with(token: Token, deps: frozenset[str]) -> list[Token]:
    """A token's children attached by one of ``deps``, in text order."""
    return [c for c in token.children if c.dep_ in deps]


def word_forms(token: Token) -> set[str]:
    """The lower-cased form and lemma: lexicons match either, so unlemmatized Docs still work."""
    return {token.lower_, token.lemma_.lower()} - {""}


def tree_depth(token: Token) -> int:
    """How far a token is below its root; capped at 50 so a cyclic (broken) parse ends."""
    depth = 0
    while token.head != token and depth < 50:
        token = token.head
        depth += 1
    return depth


#: Prepositions that aim an act at what follows ("fired rockets into Israel").
AIMED_PREPS = frozenset({"at", "into", "against", "toward", "towards", "upon"})


def patient_tokens(token: Token) -> list[Token]:
    """The words of the phrases that undergo an act: its object, its passive
    subject, and what it is aimed at ("fired rockets *into Israel*").

    Neither side of an act can be found in them: "rebels fired rockets into
    Israel" were not Israel's rebels.
    """
    return [
        t
        for child in token.children
        if child.dep_ in OBJ | PASS_SUBJ | IOBJ
        or (child.dep_ in PREP and child.lower_ in AIMED_PREPS)
        for t in child.subtree
    ]


def aimed_heads(verb: Token) -> set[int]:
    """Token indices of the phrases an act is aimed at, up to their head: its object
    and the object of "at", "into"... ("fired rockets at *Israel*").

    Up to the head only: a place further right is where it happened ("killed
    12 people in Kabul": Kabul's bomber, but "rebels attacked Israel" were not Israel's).
    """
    heads = [c for c in verb.children if c.dep_ in OBJ | IOBJ]
    heads += [
        o
        for c in verb.children
        if c.dep_ in PREP and c.lower_ in AIMED_PREPS
        for o in c.children
        if o.dep_ in ("pobj", "obj")
    ]
    return {i for h in heads for i in range(h.left_edge.i, h.i + 1)}


#: Words that open a condition ("provided Washington drops its demands").
_CONDITION_MARKS = frozenset({"if", "unless", "provided", "providing"})

#: Subordinators that open a scene-setting clause, read on the words because the
#: parse often hangs such a clause wrongly ("..., sedan juntan förlängt ..."). The
#: event scorer's tree-based marks extend this list with the ambiguous ones ("as").
BACKGROUND_WORDS = frozenset(
    {"after", "because", "although", "though", "while"}
    | {"sedan", "efter", "medan", "innan", "eftersom", "samtidigt", "trots"}
)


def _opened_by(
    token: Token, words: frozenset[str], pos: tuple[str, ...], deps: tuple[str, ...]
) -> bool:
    """Whether one of ``words`` (as a subordinator: one of ``pos`` or ``deps``) stands
    before a token in its sentence with no comma, semicolon or colon between."""
    for i in range(token.i - 1, token.sent.start - 1, -1):
        word = token.doc[i]
        if word.text in (",", ";", ":"):
            return False
        if word.lower_ in words and (word.pos_ in pos or word.dep_ in deps):
            return True
    return False


def in_condition(token: Token) -> bool:
    """Whether a trigger stands in a condition: after "if", "unless" or "provided"
    (as a conjunction, not the verb) with no comma or semicolon between.

    Read on the words, not the tree, because the parser often makes the
    condition the root of a sentence whose main clause ends in "X said"
    ("Iran is prepared to resume talks, the minister said, provided Washington
    drops its demands" has "drops" as root), and then depth favours the condition.
    """
    return _opened_by(token, _CONDITION_MARKS, ("SCONJ", "ADP"), ("mark", "prep"))


def in_background(token: Token) -> bool:
    """Whether a trigger follows a scene-setting subordinator with no comma between."""
    return _opened_by(
        token, BACKGROUND_WORDS, ("SCONJ", "ADP", "ADV"), ("mark", "prep", "case", "advmod")
    )


def opens_fronted(sent: Span, fronting_words: frozenset[str]) -> bool:
    """Whether a verb-second sentence opens with an adverbial ("På måndagen", "I går")."""
    return len(sent) > 1 and sent[0].lower_ in fronting_words
