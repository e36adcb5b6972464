"""The mode of an event: did it happen, or was it planned, offered, threatened, denied...

An event trigger alone says what kind of act a sentence talks about; whether
the act took place depends on what governs it. "Tehran threatened to target
the facilities" reports a threat (which happened) and a strike (which did
not). So the mode is read from the trigger's own negation and auxiliaries
and from the words above it in the dependency tree, nearest first, with the
strongest cues (a denial, a negated or refused governor, a threat) overriding
weaker ones further down. Without a parse, the same cue words are looked for
in a short window before the trigger.

Modes: ``occurred``, ``planned``, ``proposed``, ``threatened``, ``denied``,
``hypothetical``, ``negated``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from spacy.tokens import Token

MODES: tuple[str, ...] = (
    "occurred",
    "planned",
    "proposed",
    "threatened",
    "denied",
    "hypothetical",
    "negated",
)

Cues = Mapping[str, frozenset[str]]

# Dependencies through which a governor's meaning reaches the word below it.
_UP = frozenset(
    {
        "xcomp",
        "ccomp",
        "advcl",
        "acl",
        "dobj",
        "obj",
        "pobj",
        "prep",
        "obl",
        "nmod",
        "attr",
        "oprd",
        "pcomp",
        "conj",
        "csubj",
        "csubjpass",
        "nsubj",
        "nsubjpass",
        "nsubj:pass",
        "case",
        "mark",
    }
)
# Dependencies that open a new, independent clause: the walk stops there.
_STOP = frozenset({"relcl", "acl:relcl", "parataxis", "appos", "ROOT", "root", "punct"})
_MAX_STEPS = 8


def _key(token: Token) -> tuple[str, str]:
    return (token.lemma_.lower() or token.lower_, token.lower_)


def _has(cues: Cues, name: str, token: Token) -> bool:
    words = cues.get(name, frozenset())
    lemma, lower = _key(token)
    return lemma in words or lower in words


def is_negated(token: Token, cues: Cues) -> bool:
    """True when the token carries its own negation ("did not attack", "attackerade inte")."""
    negation = cues.get("negation", frozenset())
    for child in token.children:
        if child.dep_ == "neg":
            return True
        if child.dep_ in ("advmod", "det", "aux", "auxpass") and child.lower_ in negation:
            return True
    return False


def _conditional(token: Token, cues: Cues) -> bool:
    hypothetical = cues.get("hypothetical_words", frozenset())
    return any(child.dep_ == "mark" and child.lower_ in hypothetical for child in token.children)


def _has_mark(token: Token, cues: Cues, name: str) -> bool:
    words = cues.get(name, frozenset())
    return any(child.dep_ == "mark" and child.lower_ in words for child in token.children)


def _own_aux(token: Token, cues: Cues) -> str | None:
    future = cues.get("future_aux", frozenset())
    conditional = cues.get("conditional_aux", frozenset())
    found: str | None = None
    for child in token.children:
        if child.dep_ not in ("aux", "auxpass", "aux:pass"):
            continue
        word = child.lower_
        if word in future:
            found = found or "future"
        elif word in conditional:
            found = "conditional"
    # "going to attack", "the EU is to give": the going-to and be-to futures.
    if found is None and token.dep_ == "xcomp" and token.head.lower_ == "going":
        found = "future"
    if (
        found is None
        and token.dep_ == "xcomp"
        and token.head.lemma_ == "be"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
    ):
        found = "future"
    return found


#: Dependencies of a word whose tense is that of the verb above it.
_TENSE_FROM_HEAD = frozenset({"nsubj", "nsubjpass", "dobj", "obj", "attr", "oprd", "conj"})
#: Finite verb tags: a verb with its own tense inherits none ("will meet, and attacked").
_FINITE = frozenset({"VBD", "VBZ", "VBP"})


def _shares_aux(token: Token) -> bool:
    """Whether ``token`` takes its tense from its head: a subject, object or conjunct."""
    if token.dep_ not in _TENSE_FROM_HEAD:
        return False
    if token.dep_ == "conj":
        return token.tag_ not in _FINITE and not any(
            c.dep_ in ("aux", "auxpass", "aux:pass") for c in token.children
        )
    return True


#: Modals that, negated, refuse rather than deny ("will not negotiate", "cannot accept").
_REFUSING_MODALS = frozenset({"will", "shall", "'ll", "wo", "would", "could", "can", "ca"})


def is_refusal(token: Token, cues: Cues) -> bool:
    """A negated act announced for the future or declared impossible: a refusal.

    "will not negotiate", "would never accept", "cannot release": the speaker
    rejects the act (PLOVER REJECT), where "did not negotiate" only says it
    did not happen.
    """
    if not is_negated(token, cues):
        return False
    return any(
        c.dep_ in ("aux", "auxpass", "aux:pass") and c.lower_ in _REFUSING_MODALS
        for c in token.children
    )


def _has_if_clause(token: Token, cues: Cues) -> bool:
    return any(child.dep_ == "advcl" and _conditional(child, cues) for child in token.children)


def parsed_mode(trigger: Token, event_type: str, cues: Cues, negation_used: bool = False) -> str:
    """The mode of the event whose trigger is ``trigger`` in a parsed sentence.

    ``negation_used`` is set when the negation is part of the event itself
    ("would not permit" is a REJECT, not a negated permission).
    """
    if not negation_used and is_negated(trigger, cues):
        return "negated"
    if _conditional(trigger, cues):
        return "hypothetical"
    if any(c.dep_ == "advcl" and _has_mark(c, cues, "threat_marks") for c in trigger.children):
        # "will withdraw its force unless ...": an act made conditional is a threat.
        return "threatened"
    if any(c.dep_ == "amod" and _has(cues, "hypothetical_words", c) for c in trigger.children):
        return "hypothetical"
    if trigger.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ == "det" and _has(cues, "any_words", c) for c in trigger.children
    ):
        # "would respond to any attack": an act of any kind is no act that happened.
        return "hypothetical"
    found: list[str] = []
    current = trigger
    for _ in range(_MAX_STEPS):
        dep = current.dep_
        head = current.head
        if dep in _STOP or head == current or dep not in _UP:
            break
        if dep == "conj":
            current = head
            continue
        if dep in ("pobj", "pcomp") and head.dep_ == "prep":
            # A verb lends its mode through a topic ("talks about attacks"), not
            # through any preposition ("agreed in a phone call").
            governor = head.head
            topic = head.lower_ in cues.get("topic_preps", frozenset())
            # "take part in a ground operation": the verb only frames the noun's act.
            framing = _has(cues, "participation", governor)
            if governor.pos_ not in ("NOUN", "PROPN") and not topic and not framing:
                break
            current = head
            continue
        is_noun = head.pos_ in ("NOUN", "PROPN")
        if _has(cues, "denied", head) or (is_noun and _has(cues, "denied_nouns", head)):
            return "denied"
        if (not is_noun and _has(cues, "refusing", head)) or (
            not is_noun and is_negated(head, cues) and dep in ("xcomp", "ccomp")
        ):
            found.append("negated")
        elif _has(cues, "threatened", head) or (is_noun and _has(cues, "threatened_nouns", head)):
            found.append("threatened")
        elif is_noun and _has(cues, "proposed_nouns", head):
            found.append("proposed")
        elif is_noun and _has(cues, "planned_nouns", head):
            found.append("planned")
        elif not is_noun and _has(cues, "proposed", head):
            found.append("proposed")
        elif not is_noun and _has(cues, "planned", head):
            found.append("planned")
        elif _conditional(head, cues):
            found.append("hypothetical")
        current = head
    if "negated" in found:
        return "negated"
    if found:
        return found[0]
    aux = _own_aux(trigger, cues)
    carrier = trigger
    for _ in range(3):
        if aux is not None or carrier.head == carrier or not _shares_aux(carrier):
            break
        # "A Kurdish insurgency could have serious consequences", "will grant Poland a
        # loan", "will visit Moscow and sign a treaty": the tense is the governing verb's.
        carrier = carrier.head
        aux = _own_aux(carrier, cues)
    if aux == "future":
        return "planned"
    if aux == "conditional":
        benefit = event_type.lower() in cues.get("benefit_types", frozenset())
        return "proposed" if benefit else "hypothetical"
    return "occurred"


def window_mode(before: Iterable[str], cues: Cues, negation_used: bool = False) -> str:
    """The mode from cue words just before a trigger, for sentences without a parse."""
    words = [w.lower() for w in before]
    # Swedish "ska ha talat" reports hearsay about the past, not a plan.
    for i, word in enumerate(words):
        if word in ("ska", "skall") and "ha" in words[i + 1 : i + 6]:
            words[i] = ""
    if not negation_used and any(w in cues.get("negation", frozenset()) for w in words[-3:]):
        return "negated"
    # Swedish "om att" is "about", not the conditional "if".
    conditional = [
        w for i, w in enumerate(words) if not (i + 1 < len(words) and words[i + 1] == "att")
    ]
    checks = (
        ("denied", "denied", words),
        ("refusing", "negated", words[-3:]),
        ("threatened", "threatened", words),
        ("proposed", "proposed", words),
        ("proposed_nouns", "proposed", words),
        ("fallback_conditional", "hypothetical", conditional),
        ("fallback_future", "planned", words),
        ("planned", "planned", words),
    )
    for name, mode, pool in checks:
        if any(w in cues.get(name, frozenset()) for w in pool):
            return mode
    return "occurred"
