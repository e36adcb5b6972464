"""Event coding: who did what to whom, in the PLOVER ontology, with mode, place and date.

This module is the stage (``tri_events``) and its **parse** coder, used when
a dependency parse is present: a verb trigger takes its subject as source and
its object or prepositional object as target; passive voice swaps them ("was
attacked by militiamen"), coordination multiplies the actors ("the US and
Israel struck"), an infinitive or clause below a trigger inherits the actors
it lacks ("asked X not to block", "Israel has been bombing ... to support
militias"), a noun trigger ("strikes on Iranian targets", "the
consultations") takes its actors from possessives, national adjectives,
prepositions or the light verb above it ("continue strikes"; a verb that is
an act of its own keeps its subject: "condemned the attack"), and a definite
nominal event with no actors of its own repeats the actors of the last event
of its type. An event inside reported speech keeps the speaker in
``reported_by``; a reported event with no subject of its own is attributed
to the speaker. A sentence whose main act no actor does ("riots broke out in
Baghdad") still gets that one event, with empty sides, when it names a coded
actor.

The parts it builds on, one concept a module:

* ``event_records``: the Actor and Event records and the PLOVER category;
* ``event_lexicon``: the per-language trigger lexicons in ``data/events/``;
* ``event_syntax``: dependency helpers over both label schemes;
* ``event_actors``: actor coding (entities, groups, pronouns) per document;
* ``event_fallback``: the surface coder for pipelines without a parser;
* ``event_mode``: occurred, planned, threatened, denied...

Dates come from ``tri_timex`` and factuality from ``tri_factuality`` when
those stages exist.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from triangulate.sections import Record, article_section
from triangulate.stages.event_actors import (
    PLACE_LABELS,
    ActorContext,
    after_prep,
    left_actors,
    span_ext,
)
from triangulate.stages.event_fallback import code_fallback
from triangulate.stages.event_lexicon import (
    MAX_TRIGGERS_PER_SENTENCE,
    Lexicon,
    Pattern,
    load_lexicon,
)
from triangulate.stages.event_mode import is_negated, is_refusal, parsed_mode
from triangulate.stages.event_records import (
    EVENT_TYPES,
    NON_STATE,
    THREAT_CONTENT,
    Actor,
    Event,
    is_state,
    not_own,
    plover_category,
)
from triangulate.stages.event_syntax import (
    IOBJ,
    MODIFIERS,
    OBJ,
    PARTICLE,
    PASS_SUBJ,
    PREP,
    SUBJ,
    UD_OBL,
    children_with,
    opens_fronted,
    patient_tokens,
    prep_objects,
    word_forms,
)

__all__ = [
    "EVENT_TYPES",
    "Actor",
    "Event",
    "EventStage",
    "code_events",
    "event_records",
    "load_lexicon",
    "plover_category",
]

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)


#: Nouns of military exercises (joint ones are COOPERATE, single-country ones MOBILIZE).
_EXERCISES = frozenset({"exercise", "drill", "game", "games", "maneuver", "manoeuvre"})


#: Words that make an exercise a joint one ("joint air force drills").
_JOINT_WORDS = frozenset({"joint", "combined", "bilateral", "multinational", "jointly"})
#: Cooperative kinds of act, whose refusal ("will not negotiate") is a REJECT.
_COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"})
#: Kinds of act that, without a stated recipient, are aimed at the actor's own country.
_DOMESTIC = frozenset({"PROTEST", "CONCEDE", "REJECT", "REQUEST", "COERCE", "ACCUSE"})


#: Kinds of act whose object is what is moved or given, not whom the act aims at.
_NO_PATIENT = frozenset({"MOBILIZE", "AID", "COOPERATE"})


@dataclass(slots=True)
class _Trigger:
    token: Token
    pattern: Pattern
    used: set[int]
    noun: bool


def _match(
    token: Token,
    patterns: tuple[Pattern, ...],
    negated: bool = False,
    time_nouns: frozenset[str] = frozenset(),
) -> tuple[Pattern, set[int]] | None:
    """The longest pattern whose words all hang from ``token`` (negation-only ones when negated).

    ``time_nouns`` (``modes.json``): objects of a time adjunct, which is no part of a phrase.
    """
    available: dict[str, Token] = {}
    for child in token.children:
        if child.dep_ in ("aux", "auxpass", "aux:pass", "mark", "punct", "nsubj"):
            # The infinitive "to" is no preposition of the pattern ("to protest"), and
            # the subject no part of the phrase ("the talks ended" is no "end talks").
            continue
        if _temporal(child, time_nouns):
            continue  # "called on Friday" is no "call on": a time adjunct is no particle
        for form in word_forms(child):
            available.setdefault(form, child)
        if child.dep_ in PREP | OBJ | UD_OBL | PARTICLE | {
            "attr",
            "acomp",
            "dobj",
            "advmod",
            "npadvmod",
        }:
            for grandchild in child.children:
                if grandchild.dep_ in (
                    "pobj",
                    "case",
                    "prep",
                    "compound",
                    "amod",
                    "det",
                    "dobj",
                    "obj",
                ):
                    for form in word_forms(grandchild):
                        available.setdefault(form, grandchild)
                # "handed over 700 kg of medicine": look through a quantity to what it counts.
                if grandchild.dep_ == "prep" and grandchild.lower_ == "of":
                    for counted in grandchild.children:
                        if counted.dep_ == "pobj":
                            for form in word_forms(counted):
                                available.setdefault(form, counted)
    has_object = any(c.dep_ in OBJ for c in token.children)
    for pattern in patterns:  # in the order ``_index`` sorted them
        if "neg" in pattern.flags and not negated:
            continue
        if "obj" in pattern.flags and not has_object:
            continue  # "sought refuge" is a request, "sought to destroy" is not
        used: set[int] = set()
        previous: Token | None = None
        for n, alternatives in enumerate(pattern.words[1:]):
            hit = next((available[a] for a in alternatives if a in available), None)
            if hit is None or (n == 0 and "particle" in pattern.flags and _has_object(hit)):
                break
            if _other_prep(token, previous, hit):
                break  # "return to Geneva for talks" is no "return to talks"
            used.add(hit.i)
            previous = hit
        else:
            return pattern, used
    # A weak parser may hang "mot" or "with" elsewhere: the words right after the
    # head still make the phrase ("har även Israel slagit mot iranska mål").
    doc = token.doc
    end = len(doc)
    # Only patterns whose second word is among the next three words can match here.
    nearby: set[str] = set()
    for i in range(token.i + 1, min(token.i + 4, end)):
        if not doc[i].is_sent_start:
            nearby |= word_forms(doc[i])
    if not nearby:
        return None
    for pattern in patterns:
        if len(pattern.words) < 2 or "neg" in pattern.flags or pattern.words[1].isdisjoint(nearby):
            continue
        pos = token.i
        used = set()
        for alternatives in pattern.words[1:]:
            window = [i for i in range(pos + 1, min(pos + 4, end)) if not doc[i].is_sent_start]
            nxt = next((i for i in window if word_forms(doc[i]) & alternatives), None)
            if nxt is None:
                break
            used.add(nxt)
            pos = nxt
        else:
            return pattern, used | {-1}
    return None


def _other_prep(head: Token, previous: Token | None, hit: Token) -> bool:
    """Whether a pattern's noun hangs on another preposition than the pattern's word
    before it: in "return to talks" the talks are what "to" governs."""
    return (
        previous is not None
        and previous.dep_ in PREP
        and previous.head == head
        and hit.head != head
        and hit.head.dep_ in PREP
        and hit.head != previous
    )


def _temporal(child: Token, time_nouns: frozenset[str]) -> bool:
    """A preposition whose object is a date or time ("on Friday", "in March")."""
    if child.dep_ not in PREP and child.dep_ not in UD_OBL:
        return False
    objects = [c for c in child.children if c.dep_ in ("pobj", "obj")] or [child]
    return any(o.ent_type_ in ("DATE", "TIME") or o.lower_ in time_nouns for o in objects)


def _has_object(token: Token) -> bool:
    """A preposition with an object of its own ("in aid") is no particle ("give in")."""
    return any(c.dep_ in ("pobj", "pcomp") for c in token.children)


def _noun_match(token: Token, patterns: tuple[Pattern, ...]) -> tuple[Pattern, set[int]] | None:
    left = {f: c for c in token.children if c.i < token.i for f in word_forms(c)}
    for pattern in patterns:
        used: set[int] = set()
        for alternatives in pattern.words[1:]:
            hit = next((left[a] for a in alternatives if a in left), None)
            if hit is None:
                break
            used.add(hit.i)
        else:
            return pattern, used
    return None


def _find_triggers(sent: Span, ctx: ActorContext) -> list[_Trigger]:
    lex = ctx.lex
    found: list[_Trigger] = []
    consumed: set[int] = set()
    has_pos = sent.doc.has_annotation("POS")
    for token in sent:
        ctx.note_token(token)
        if len(found) >= MAX_TRIGGERS_PER_SENTENCE:
            # Past the cap only the group nouns are still noted, for later pronouns.
            continue
        ent = ctx.ent_at.get(token.i)
        if ent is not None and ent.label_ in ("PERSON", "PER", "ORG", "FAC", "MISC", "GPE", "NORP"):
            continue
        pos = token.pos_ if has_pos else ""
        # A weak tagger may call a predicate ADV or ADJ: its place in the tree says verb.
        predicate = token.dep_ in ("ROOT", "root", "acomp", "ccomp", "xcomp", "advcl", "conj")
        if pos in ("VERB", "AUX", "") or (pos in ("ADJ", "ADV") and predicate):
            patterns = lex.verbs.get(token.lemma_.lower()) or lex.verbs.get(token.lower_)
            # "striking workers", "the banned party", "occupied territories": a participle
            # that only describes a noun reports no act of this sentence.
            # (English participle tags only: a weaker parser may call a French main verb amod.)
            attribute = (
                token.dep_ == "amod"
                and token.tag_ in ("VBN", "VBG")
                and not any(c.dep_ in OBJ for c in token.children)
            )
            if patterns and _naming(token, lex):
                patterns = ()
            if patterns and not attribute and (pos != "AUX" or token.dep_ in ("ROOT", "root")):
                match = _match(
                    token,
                    patterns,
                    is_negated(token, lex.cues),
                    lex.cues.get("time_nouns", frozenset()),
                )
                if match and match[0].type != "-" and token.i not in consumed:
                    found.append(_Trigger(token, match[0], match[1], False))
                    consumed.update(match[1])
                    # Words inside the phrase ("providing targeting intelligence") are no triggers.
                    inside = [i for i in match[1] if i > token.i]
                    if inside and max(inside) - token.i <= 3:
                        consumed.update(range(token.i + 1, max(inside)))
                    continue
        gerund = (
            pos == "VERB"
            and token.tag_ == "VBG"
            and token.dep_ in ("dobj", "pobj", "nsubj", "attr")
        )
        if pos in ("NOUN", "PROPN", "") or gerund:
            patterns = lex.nouns.get(token.lemma_.lower()) or lex.nouns.get(token.lower_)
            if not patterns and lex.noun_suffixes and pos != "PROPN":
                low = token.lower_
                etype = lex.suffix_type(low)
                if etype:
                    patterns = (Pattern((frozenset({low}),), etype, frozenset()),)
            if patterns and not _ignored(token, lex):
                match = _noun_match(token, patterns)
                if match:
                    found.append(_Trigger(token, match[0], match[1], True))
    return [t for t in found if not (t.noun and t.token.i in consumed)]


def _naming(token: Token, lex: Lexicon) -> bool:
    """A naming verb with a predicate of its object ("calling it biased"): no call at all."""
    return token.lemma_.lower() in lex.cues.get("naming", frozenset()) and any(
        c.dep_ in ("oprd", "xcomp") and c.pos_ in ("ADJ", "NOUN", "PROPN") for c in token.children
    )


def _ignored(token: Token, lex: Lexicon) -> bool:
    """Set phrases that look like events and are not ("requests for comment")."""
    following = token.doc[token.i : token.i + 3].text.lower()
    return any(
        following.startswith(phrase) for phrase in lex.cues.get("ignore_phrases", frozenset())
    )


def _agentive_participle(token: Token) -> bool:
    """A past participle modifying a noun and naming its agent ("backed by Iran")."""
    if token.dep_ != "acl":
        return False
    if token.tag_ != "VBN" and "Part" not in token.morph.get("VerbForm", []):
        return False
    return any(prep in ("by", "av") for prep, _ in prep_objects(token))


def _subject(token: Token) -> tuple[list[Token], bool]:
    """The subject tokens of a verb and whether the verb is passive."""
    passive = children_with(token, PASS_SUBJ)
    if passive:
        # French pronominal verbs ("les troupes se sont retirées") carry a reflexive
        # "se" as expl:pass; their subject does the act.
        reflexive = any(c.dep_ == "expl:pass" for c in token.children)
        return passive, not reflexive
    subjects = children_with(token, SUBJ)
    if not subjects:
        # "ska han ha talat med ...": a subject misattached to an auxiliary.
        for aux in children_with(token, frozenset({"aux"})):
            subjects.extend(children_with(aux, SUBJ))
    return subjects, any(c.dep_ in ("auxpass", "aux:pass") for c in token.children)


def _controller(token: Token, ctx: ActorContext, steps: int = 0) -> list[Token]:
    """Who does the act of an infinitive, conjunct or relative clause that has no subject."""
    head = token.head
    dep = token.dep_
    if head == token or steps > 6:
        return []
    if dep in ("relcl", "acl:relcl"):
        return [head]
    if dep == "acl":
        # "militants attempting to cross": the noun acts; "any plan to send": its owner does.
        if head.pos_ == "PROPN" or ctx.np_actors(head):
            return [head]
        return _noun_controller(head, ctx, steps + 1)
    if dep == "conj":
        subjects, _ = _subject(head)
        return subjects or _controller(head, ctx, steps + 1)
    if dep in ("xcomp", "advcl", "ccomp"):
        # Object control: "asked the Kurds to ...", "urged X to ...".
        if dep == "xcomp" and word_forms(head) & ctx.lex.cues.get("object_control", frozenset()):
            objects = children_with(head, OBJ | IOBJ)
            if objects:
                return objects
        subjects, _ = _subject(head)
        if subjects:
            return subjects
        if dep != "ccomp":
            return _controller(head, ctx, steps + 1)
        return []
    if dep in ("pcomp", "pobj") and head.dep_ == "prep":
        governor = head.head
        if governor.pos_ in ("NOUN", "PROPN"):
            return _noun_controller(governor, ctx, steps + 1)
        if dep == "pcomp" and head.lower_ in ("of", "for", "against", "from"):
            # "accused Eritrea of breaking", "blamed the rebels for attacking", "warned
            # Somalia against sheltering", "barred Syria from sending": the one
            # accused, warned or barred is who (would) act, when it is an actor.
            objects = [o for o in children_with(governor, OBJ) if ctx.np_actors(o)]
            if objects:
                return objects
        subjects, _ = _subject(governor)
        return subjects or _controller(governor, ctx, steps + 1)
    if dep in ("acomp", "oprd") and token.pos_ in ("ADJ", "VERB"):
        # "are guilty of violating", "is ready to talk": the copula's subject.
        subjects, _ = _subject(head)
        return subjects
    return []


def _noun_controller(noun: Token, ctx: ActorContext, steps: int) -> list[Token]:
    """Whose plan, aim or history a noun is: its possessor, or the subject of its verb."""
    owners = [c for c in noun.children if c.dep_ in ("poss", "nmod:poss")]
    if owners:
        return owners
    if noun.dep_ in OBJ | {"attr", "nsubj"}:
        verb = noun.head
        subjects, _ = _subject(verb)
        if subjects and noun.dep_ != "nsubj":
            return subjects
        return _controller(verb, ctx, steps + 1)
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep":
        return _controller(noun, ctx, steps + 1)
    return []


def _speech_governor(token: Token, ctx: ActorContext) -> Token | None:
    speech = ctx.lex.cues.get("speech", frozenset())
    current = token
    for _ in range(8):
        head = current.head
        if head == current:
            return None
        if word_forms(head) & speech and current.dep_ in (
            "ccomp",
            "xcomp",
            "advcl",
            "conj",
            "parataxis",
        ):
            return head
        current = head
    # "..., the ministry said": the reporting verb is the root, the event its clausal complement.
    root = ctx.sent(token).root
    if root != token and word_forms(root) & speech:
        return root
    return None


def _speakers(verb: Token, ctx: ActorContext) -> list[Actor]:
    subjects, _ = _subject(verb)
    out: list[Actor] = []
    for subject in subjects:
        out.extend(ctx.np_actors(subject))
    if not out:
        for prep, obj in prep_objects(verb):
            if prep in ("to", "according"):
                out.extend(ctx.np_actors(obj))
    return out


def _targets_of(
    token: Token, ctx: ActorContext, skip: set[int], patient_objects: bool = True
) -> list[Actor]:
    """The target of a verb: object, indirect object, then prepositional object.

    The first candidate with an actor code wins; a codeless one ("the
    militants") is kept only when nothing better follows.
    """
    preps = ctx.lex.cues.get("target_preps", frozenset())
    reflexive = ctx.lex.cues.get("reflexive", frozenset())
    # Every object counts: a parser may hang the second of two coordinated
    # objects on the verb ("samtal med både X och Y").
    merged: list[Actor] = []
    fallback: list[Actor] = []
    # "deployed peacekeepers in Iraq", "massed troops": what is moved is no target.
    moved = not patient_objects and bool(
        word_forms(token) & ctx.lex.cues.get("moving", frozenset())
    )
    for obj in children_with(token, OBJ):
        ignored = obj.i in skip or obj.lower_ in reflexive or moved
        actors = [] if ignored else ctx.np_actors(obj)
        if not any(a.code for a in actors):
            # "a truce with Moslem forces", "strikes on Iranian targets" as an object.
            for prep, pobj in prep_objects(obj):
                if _venue(prep, pobj, ctx):
                    continue  # "a peace deal in Havana": where, not with whom
                if prep in preps or prep == "by":
                    found = ctx.np_actors(pobj)
                    if any(a.code for a in found):
                        actors = found
                        break
                    fallback = fallback or found
        fallback = fallback or actors
        merged.extend(a for a in actors if a.code)
    if merged:
        return merged
    for actors in _target_candidates(token, ctx, skip):
        if any(a.code for a in actors):
            return actors
        fallback = fallback or actors
    # "expelled two Russian diplomats": the expelled are the target; "sent fighters":
    # the fighters are what is sent, not whom it is sent to.
    for actors in _consumed_objects(token, ctx, skip) if patient_objects else ():
        if any(a.code for a in actors):
            return actors
    return fallback


def _consumed_objects(token: Token, ctx: ActorContext, skip: set[int]) -> Iterator[list[Actor]]:
    """Objects inside the trigger phrase ("expelled two Russian diplomats"): a last resort."""
    for obj in children_with(token, OBJ):
        if obj.i in skip:
            yield ctx.np_actors(obj)


def _target_candidates(token: Token, ctx: ActorContext, skip: set[int]) -> Iterator[list[Actor]]:
    # "arrived from Stockholm": where a visitor came from is not whom the visit is to
    # (``_origin_part`` keeps the sentence-level fallback off it too).
    preps = ctx.lex.cues.get("target_preps", frozenset()) - _origin_preps(token, ctx)
    for obj in children_with(token, IOBJ):
        yield ctx.np_actors(obj)
    ranked = sorted(prep_objects(token), key=lambda item: _prep_rank(item[0], preps))
    for prep, obj in ranked:
        if prep not in preps or obj.i in skip:
            continue
        if _venue(prep, obj, ctx) or _absolute(obj):
            continue
        yield ctx.np_actors(obj)
    # "rallied outside the Israeli embassy": a country's mission stands for it.
    missions = ctx.lex.cues.get("missions", frozenset())
    for prep, obj in ranked:
        if prep not in preps and obj.i not in skip and obj.lemma_.lower() in missions:
            yield ctx.np_actors(obj)


def _passive_without_agent(token: Token | None) -> bool:
    """A passive verb ("was placed on alert") with no "by" phrase naming who did it."""
    if token is None or not _subject(token)[1]:
        return False
    return not any(prep == "by" for prep, _ in prep_objects(token))


def _absolute(obj: Token) -> bool:
    """Whether a prepositional object opens a clause of its own ("..., with a Chinese
    spokesperson saying ..."): a comment on the act, not its recipient."""
    return any(c.dep_ == "acl" and c.tag_ == "VBG" for c in obj.children)


def _venue(prep: str, obj: Token, ctx: ActorContext) -> bool:
    """Whether a prepositional object is a place the act happens in ("in Iraq", "i Irak")."""
    ent = ctx.ent_at.get(obj.i)
    return prep in ("in", "i") and ent is not None and ent.label_ in PLACE_LABELS


def _prep_rank(prep: str, preps: frozenset[str]) -> int:
    order = ("with", "med", "against", "mot", "on", "på", "at", "to", "till", "into")
    return order.index(prep) if prep in order else len(order)


def _code_verb(trigger: _Trigger, ctx: ActorContext) -> Event | None:
    token = trigger.token
    pattern = trigger.pattern
    cues = ctx.lex.cues
    negated = is_negated(token, cues)
    if "neg" in pattern.flags and not negated:
        return None
    subjects, passive = _subject(token)
    if passive and token.lower_ in cues.get("deponents", frozenset()):
        passive = False  # "Israel och Hamas enades": a deponent's s is no passive
    if not passive and not subjects and _agentive_participle(token):
        # "rebels backed by Iran", "a truce mediated by Egypt": a participle with a
        # "by" agent is passive; the noun it modifies, if an actor, receives the act.
        passive = True
        subjects = [token.head] if ctx.np_actors(token.head) else []
    reflexive = cues.get("reflexive", frozenset())
    if pattern.type in ("SUPPORT", "AID") and any(
        o.lower_ in reflexive for o in children_with(token, OBJ)
    ):
        # "as it defends itself": self-defence is no support given to anyone.
        return None
    source: list[Actor] = []
    target: list[Actor] = []
    if passive:
        for subject in subjects:
            target.extend(ctx.np_actors(subject))
        for prep, obj in prep_objects(token):
            if prep in ("by", "av"):
                source.extend(ctx.np_actors(obj))
    else:
        for subject in subjects:
            if subject.pos_ == "PRON" and token.dep_ == "ccomp":
                # "Iran warned the KRG that it would retaliate": "it" is the warner.
                outer, _ = _subject(token.head)
                outer = outer or _controller(token.head, ctx)
                resolved = [a for o in outer if o.pos_ != "PRON" for a in ctx.np_actors(o)]
                if resolved:
                    source.extend(resolved)
                    continue
            found = ctx.np_actors(subject)
            if not found:
                # "talks between Greece and Turkey ended without agreement": the parties
                # of a meeting or dispute that is the subject act through it.
                for prep, obj in prep_objects(subject):
                    if prep in ("between", "among"):
                        found = ctx.np_actors(obj)
                        break
            source.extend(found)
        if not subjects:
            for controller in _controller(token, ctx):
                source.extend(ctx.np_actors(controller))
        if not subjects and not source and token.dep_ in ("ROOT", "root"):
            # A main verb without a subject is a parse error ("har även Israel slagit",
            # Israel hung on "även"): the nearest actor before it, as the fallback does.
            before = [
                a
                for a in ctx.surface_actors(ctx.sent(token))
                if a.end <= token.idx and not after_prep(a, ctx.text, cues, any_prep=True)
            ]
            source = left_actors(before, ctx.text)
        patient = pattern.type not in _NO_PATIENT
        target = _targets_of(token, ctx, trigger.used, patient)
        if subjects and not any(a.code for a in source):
            # "Prisoners rioted at a jail in Dili", "a roadside bombing near Samarra
            # killed ...": people or acts no name codes belong to the country the
            # sentence names or places them in (event-data practice), unless that is
            # the target's country ("hackers defaced Danish web sites").
            aimed = {(a.code or "")[:3] for a in target}
            found = ctx.context_actors(subjects[0])
            if found and (found[0].code or "")[:3] not in aimed:
                source = found
    if "inverse" in pattern.flags:
        # "Kurdish forces would receive U.S. air support": the subject receives.
        target, source = source, []
        for obj in children_with(token, OBJ):
            for child in obj.children:
                if child.i < obj.i and child.dep_ in MODIFIERS:
                    source.extend(ctx.np_actors(child))
        for prep, obj in prep_objects(token):
            if prep in ("from", "från", "av"):
                source.extend(ctx.np_actors(obj))
    if -1 in trigger.used:
        # Matched on the surface: the target is what follows the phrase's last word.
        last = token.doc[max(trigger.used)]
        after = [a for a in ctx.surface_actors(ctx.sent(token)) if a.start > last.idx]
        near = [a for a in after if a.start - last.idx < 40]
        if near and not passive:
            target = near[:1]
    if not target and not passive and "inverse" not in pattern.flags:
        target = _clause_target(token, pattern, ctx)
    if "neg" in pattern.flags and passive:
        # "Iraq should not be used as a base": a refusal by whoever says so.
        target = []
    event = _event(
        token,
        pattern,
        source,
        target,
        ctx,
        negation_used="neg" in pattern.flags,
        agentless=passive and not source,
    )
    # "slagit till mot", "held talks with": the trigger covers the phrase when it is contiguous.
    words = sorted(i for i in trigger.used if i > token.i)
    if words and words[-1] - token.i <= len(words) + 1 and words[-1] < ctx.sent(token).end:
        last = token.doc[words[-1]]
        event.end = last.idx + len(last)
        event.text = ctx.text[event.start : event.end]
    return event


def _clause_target(token: Token, pattern: Pattern, ctx: ActorContext) -> list[Actor]:
    """The target of an act carried by the clause below it.

    "demanded that the US cancel ...": the one asked is the clause's subject;
    "offered to hand over to Great Britain ...": the clause's own target.
    """
    if pattern.type == "THREATEN":
        # "threatened to stop the talks if the United States goes ahead": who must yield.
        for clause in token.subtree:
            if clause.dep_ == "advcl" and any(
                c.lower_ in ("if", "unless") for c in clause.children
            ):
                subjects, _ = _subject(clause)
                actors = [a for subject in subjects for a in ctx.np_actors(subject)]
                if any(a.code for a in actors):
                    return actors
    for clause in children_with(token, frozenset({"xcomp", "ccomp"})):
        helped = pattern.type in ("AID", "SUPPORT") and not children_with(token, OBJ)
        if (pattern.type in ("REQUEST", "ACCUSE", "THREATEN") and clause.dep_ == "ccomp") or helped:
            # "demanded that the US cancel", "would help Sudan rebuild": the clause's subject.
            subjects, _ = _subject(clause)
            actors = [a for subject in subjects for a in ctx.np_actors(subject)]
            if actors:
                return actors
        # "refused to deploy peacekeepers in Iraq": troops or aid sent are not whom
        # the refusal is aimed at (as for the deploying itself).
        patterns = ctx.lex.verbs.get(clause.lemma_.lower()) or ctx.lex.verbs.get(clause.lower_)
        found = _match(clause, patterns) if patterns else None
        patient = found is None or found[0].type not in _NO_PATIENT
        actors = _targets_of(clause, ctx, set(), patient)
        if actors:
            return actors
    return []


def _code_noun(trigger: _Trigger, ctx: ActorContext) -> Event | None:
    token = trigger.token
    cues = ctx.lex.cues
    source: list[Actor] = []
    target: list[Actor] = []
    target_preps = cues.get("target_preps", frozenset()) - {"in", "i", "for", "för", "from", "från"}
    for child in token.children:
        if child.i < token.i and child.dep_ in MODIFIERS and child.i not in trigger.used:
            # "Palestinian riots", "U.S. and Israeli strikes": the adjective is the actor.
            source.extend(ctx.np_actors(child) or ctx.modifier_actors(child))
    if not source:
        # "Trump held calls with ..." parsed with "held" as a modifier of "calls".
        for child in token.children:
            if child.dep_ in ("amod", "acl") and child.pos_ == "VERB":
                for subject in children_with(child, SUBJ):
                    source.extend(ctx.np_actors(subject))
    # "a mediation effort between X and Y", "10 days of war games": the phrase the
    # noun sits in stands where the noun would.
    anchor = token
    if token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN"):
        if token.head.lemma_.lower() not in ctx.lex.cues.get("event_heads", frozenset()):
            return None  # "war crimes", "attack helicopter": a modifier, not an event
        anchor = token.head
    elif token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ == "NOUN":
        anchor = token.head.head
    while anchor.dep_ == "conj" and anchor.head.pos_ in ("NOUN", "PROPN"):
        # "launched artillery, mortar and rocket fire": the list is the verb's object.
        anchor = anchor.head
    head = anchor.head
    # "in support of the US": the "of" phrase is who benefits.
    benefit_of = token.dep_ == "pobj" and head.lower_ in ("in", "i", "till")
    for prep, obj in [*prep_objects(token), *(prep_objects(anchor) if anchor != token else [])]:
        if prep in ("by", "av") or (prep == "from" and not source):
            source.extend(ctx.np_actors(obj))
        elif (prep in target_preps or (benefit_of and prep in ("of", "för"))) and not target:
            target.extend(ctx.np_actors(obj))
    # Whether the verb the noun hangs from lends it its subject: "launched an attack",
    # "in support of" do; "condemned the attack", "arrested for the attack" do not.
    lent = True
    framed = False  # the noun is the object of a light or framing verb ("staged protests")
    if head != anchor:
        in_clause = (
            anchor.dep_ == "pobj"
            and head.dep_ == "prep"
            and head.lower_ in ("in", "i", "for", "at")
        )
        if anchor.dep_ in OBJ | {"attr"} or in_clause:
            verb = head if anchor.dep_ in OBJ | {"attr"} else head.head
            lent = (
                anchor.dep_ == "attr"
                or (in_clause and head.lower_ in ("in", "i"))
                or _lends_subject(verb, trigger.pattern.type, ctx)
            )
            framed = lent and verb.pos_ == "VERB" and anchor.dep_ != "attr"
            subjects, passive = _subject(verb)
            if not source and not passive and lent:
                for subject in subjects:
                    source.extend(ctx.np_actors(subject))
                if not subjects:
                    for controller in _controller(verb, ctx):
                        source.extend(ctx.np_actors(controller))
    parties = sorted((a for a in target if a.code), key=lambda a: a.start)
    between = any(p in ("between", "among") for p, _ in prep_objects(token))
    if not source and len(parties) >= 2 and trigger.pattern.type in _JOINT and between:
        # "Talks between Armenia and Azerbaijan resumed in Geneva": the parties are
        # the sides, in the order named; the venue is neither.
        source, target = parties[:1], parties[1:]
    if not source and not target:
        definite = token.dep_ in ("nsubj", "nsubjpass") and any(
            c.dep_ == "det" for c in token.children
        )
        # "The consultations come as ...": the last event of this type, retold.
        earlier = definite and next(
            (
                e
                for e in reversed(ctx.events)
                if e.type == trigger.pattern.type and (e.source or e.target)
            ),
            None,
        )
        if earlier:
            source, target = list(earlier.source), list(earlier.target)
        elif definite or not (
            framed or (token.dep_ == "nsubj" and token.head.dep_ in ("ROOT", "root"))
        ):
            # "the proposal ...": refers back to an act; "during the war", "the drive to
            # meet demand": a mention, not an act the sentence reports.
            return None
        else:
            # "Riots broke out in Baghdad", "took part in insurgencies": no actor named.
            # Kept aside with empty sides (a speaker or governing act is not its agent);
            # see _code_parsed.
            event = _event(token, trigger.pattern, [], [], ctx, noun=True, lent=False)
            event.source, event.target, event.reported_by = [], [], []
            return event
    return _event(token, trigger.pattern, source, target, ctx, noun=True, lent=lent)


#: Cue lists whose verbs frame the act of the noun below them ("planned an attack",
#: "refused talks", "took part in the strikes"): their subject does that act.
_FRAMING_CUES = ("planned", "proposed", "threatened", "denied", "refusing", "participation")


def _lends_subject(verb: Token, etype: str, ctx: ActorContext) -> bool:
    """Whether a verb's subject also does the act of an event noun it governs.

    A light verb ("launch an attack", "hålla samtal") or a verb that only frames
    the act ("planned an attack", "refused talks") does; a verb that is an act of
    its own does not: in "the minister condemned the attack" the minister
    condemns, someone else attacked; nor does a verb no list names ("witnesses
    described the attack"). An act of the noun's own type does ("signed an
    agreement": the signing is the agreeing).
    """
    forms = word_forms(verb)
    lex = ctx.lex
    if _naming(verb, lex):
        return False  # "called the attack a cowardly act": naming it, not doing it
    if forms & lex.light or verb.pos_ == "AUX":
        return True
    if any(forms & lex.cues.get(key, frozenset()) for key in _FRAMING_CUES):
        return True
    patterns = lex.verbs.get(verb.lemma_.lower()) or lex.verbs.get(verb.lower_)
    if not patterns:
        return False  # "witnesses described the attack": no list says the subject acts
    # A listed verb that is no act here ("maintain an understanding") frames it.
    match = _match(
        verb, patterns, is_negated(verb, lex.cues), lex.cues.get("time_nouns", frozenset())
    )
    return match is None or match[0].type in ("-", etype)


def _named_subject(token: Token) -> bool:
    """True when the verb has a subject that is a noun phrase, not a pronoun."""
    return any(
        child.dep_ in SUBJ | PASS_SUBJ and child.pos_ in ("NOUN", "PROPN")
        for child in token.children
    )


def _event(
    token: Token,
    pattern: Pattern,
    source: list[Actor],
    target: list[Actor],
    ctx: ActorContext,
    negation_used: bool = False,
    noun: bool = False,
    agentless: bool = False,
    lent: bool = True,
) -> Event:
    sent = ctx.sent(token)
    mode = parsed_mode(token, pattern.type, ctx.lex.cues, negation_used)
    if negation_used:
        # "would not permit", "must not be used": the refusal itself is the act.
        mode = "occurred"
    elif mode == "negated" and pattern.type in _COOPERATIVE and is_refusal(token, ctx.lex.cues):
        # "will not negotiate with the strikers", "cannot accept the plan": a refusal
        # to cooperate is itself an act (REJECT), not a cooperation that did not happen.
        pattern = replace(pattern, type="REJECT")
        mode = "occurred"
    reported: list[Actor] = []
    governor = _governing_event(token, ctx)
    if mode == "occurred" and governor is not None and governor.type in ("CONSULT", "REQUEST"):
        # "talks about giving military support", "samtal om att ge stöd": under discussion.
        topic = ctx.lex.cues.get("topic_preps", frozenset())
        if any(
            c.dep_ in ("case", "mark", "prep") and c.lower_ in topic for c in token.children
        ) or (token.dep_ in ("pobj", "pcomp") and token.head.lower_ in topic):
            mode = "proposed"
    if not lent:
        # "condemned the attack", "criticized the talks": the governing act is another's.
        governor = None
    if (not source or (not target and pattern.type != "CONSULT")) and governor is not None:
        if not source:
            source = list(governor.source)
        if not target and governor.type in ("CONSULT", "REQUEST", "AGREE", "THREATEN"):
            target = [a for a in governor.target if all(a.start != s.start for s in source)]
    speech = _speech_governor(token, ctx)
    if speech is not None:
        reported = _speakers(speech, ctx)
        # "civilians were killed, police said": the police report, they did not kill.
        # Nor do "birds are dying, the director said" or "tugboats arrived, the coast
        # guard said" make the speaker the doer: only an unresolved pronoun or a
        # missing subject ("said it would retaliate") points back at the speaker.
        if not source and reported and not agentless and not _named_subject(token):
            source = list(reported)
    target = _except(target, source)
    depth = ctx.depth(token)
    confidence = (0.55 if noun else 0.75) - 0.04 * min(depth, 5)
    if not source:
        confidence -= 0.15
    if not target:
        confidence -= 0.05
    return Event(
        start=token.idx,
        end=token.idx + len(token),
        text=token.text,
        type=pattern.type,
        mode=mode,
        sentence=(sent.start_char, sent.end_char),
        source=source,
        target=target,
        confidence=max(confidence, 0.05),
        method="parse",
        reported_by=reported,
        depth=depth,
        token=token,
        weak="general" in pattern.flags,
    )


def _governing_event(token: Token, ctx: ActorContext) -> Event | None:
    by_start = {e.start: e for e in ctx.events if e.sentence[0] <= token.idx < e.sentence[1]}
    current = token
    for _ in range(6):
        head = current.head
        if head == current:
            return None
        hit = by_start.get(head.idx)
        if hit is not None:
            return hit
        current = head
    return None


def _implicit_target(event: Event, ctx: ActorContext) -> list[Actor]:
    """The recipient a report leaves implicit, following event-data coding practice.

    An act with no stated recipient is taken as directed at the country where it
    happens ("rioted at a jail in northern Israel"), and a domestic kind of act
    (protest, concession, refusal, demand, coercion, accusation) at the actor's
    own country. A recipient the report names without a code ("arrested a
    journalist") counts as unstated here: the country is added beside it.
    Such actors carry ``kind: "implicit"``.
    """
    place = _place_for(event, ctx)
    code: str | None = None
    name = ""
    span = (event.start, event.end)
    if place is not None:
        ent = ctx.doc.char_span(place["start"], place["end"], alignment_mode="expand")
        if ent is not None:
            hit = ctx.token_code(ent[-1]) or ctx.token_code(ent[0])
            if hit:
                code, name, span = hit[0][:3], str(place["name"]), (place["start"], place["end"])
    # Armed groups' violence with no victim named is against their own country's
    # people ("Shining Path guerrillas stormed an Andean village"), as event data code it.
    insurgent = event.type == "ASSAULT" and all(
        (a.code or "")[3:6] in ("REB", "UAF", "INS") for a in event.source
    )
    if code is None and (event.type in _DOMESTIC or insurgent) and event.source:
        roots = {a.code[:3] for a in event.source if a.code}
        # A country acting as a whole ("Iran declined the invitation") has no
        # domestic recipient: its own code would be a loop, not a recipient.
        # A people ("Filipinos marched") or a crowd given the sentence's country
        # ("thousands took to the streets of Caracas") is no country acting whole.
        whole = any(
            is_state(a.code) and a.kind not in ("group", "implicit") and not a.plural
            for a in event.source
        )
        # Nor has an international body ("the UN appealed for access"): no home country.
        if len(roots) == 1 and not whole and not roots & NON_STATE:
            code = roots.pop()
            name = event.source[0].name
            span = (event.source[0].start, event.source[0].end)
    if code is None:
        return []
    found = [Actor(name, code, None, span[0], span[1], ctx.text[span[0] : span[1]], "implicit")]
    # "deployed police across Bangkok": own forces at home have no recipient.
    return not_own(found, event.source) if event.type == "MOBILIZE" else found


def _obligations(sent: Span, ctx: ActorContext) -> list[Event]:
    """ "X said Y must do Z": a demand by X on Y, though no demand verb is used."""
    cues = ctx.lex.cues
    obligation = cues.get("obligation_aux", frozenset())
    speech = cues.get("speech", frozenset())
    out: list[Event] = []
    for token in sent:
        if token.dep_ != "ccomp" or not word_forms(token.head) & speech:
            continue
        if not any(c.dep_ == "aux" and c.lower_ in obligation for c in token.children):
            continue
        if is_negated(token, cues):
            continue  # "must not be used": a refusal, coded by the REJECT patterns
        subjects, passive = _subject(token)
        speakers = _speakers(token.head, ctx)
        if passive or not subjects or not speakers:
            continue
        targets = [a for s in subjects for a in ctx.np_actors(s)]
        if not targets:
            continue
        verb = token.head
        out.append(
            Event(
                start=verb.idx,
                end=verb.idx + len(verb),
                text=verb.text,
                type="REQUEST",
                mode="occurred",
                sentence=(sent.start_char, sent.end_char),
                source=speakers,
                target=targets,
                confidence=0.5,
                method="parse",
                depth=ctx.depth(verb),
            )
        )
    return out


def _code_parsed(doc: Doc, ctx: ActorContext) -> list[Event]:
    for sent in ctx.sentences:
        ctx.events.extend(_obligations(sent, ctx))
        triggers = _find_triggers(sent, ctx)
        # Governors first, so that an embedded event can inherit their actors.
        triggers.sort(key=lambda t: (ctx.depth(t.token), t.token.i))
        bare: list[Event] = []
        for trigger in triggers:
            event = _code_noun(trigger, ctx) if trigger.noun else _code_verb(trigger, ctx)
            if event is None:
                continue
            if event.type == "CONSULT" and _press_only(event):
                # "officials, who spoke with The Washington Post": talking to reporters.
                continue
            if not event.source and not event.target:
                # No actor named: kept aside, not inherited by the events below it.
                if trigger.noun or trigger.token.dep_ in ("ROOT", "root"):
                    bare.append(event)
                continue
            ctx.events.append(event)
        here = (sent.start_char, sent.end_char)
        if (
            bare
            and not any(e.sentence == here for e in ctx.events)
            and any(a.code for a in ctx.surface_actors(sent))
        ):
            # "Riots broke out in Baghdad": a sentence whose main act no actor does
            # is still an event, with empty sides, rather than none; only where the
            # sentence names a coded actor (a country, a place, an organisation), so
            # that "experts warn of risks" stays out, and only its most central one.
            ctx.events.append(min(bare, key=lambda e: (e.depth, e.start)))
        inside = [e for e in ctx.events if e.sentence == here]
        for event in inside:
            _manual_rules(event, ctx.lex.cues)
        _promised_force(inside)
        _complete_targets(inside)
        _complete_sources(inside)
    for event in ctx.events:
        if event.type == "MOBILIZE":
            if not _codes(event.source) and _passive_without_agent(event.token):
                # "Serbia's army was placed on alert": the forces moved are the side moving.
                event.source, event.target = event.target, []
            # "China put its army on alert": own forces moved are no recipient.
            event.target = not_own(event.target, event.source)
        if not _codes(event.target):
            # "arrested a journalist": a recipient no code names still has a country.
            event.target = [*event.target, *_implicit_target(event, ctx)]
        _addressee_target(event, ctx)
        _sentence_sides(event, ctx)
        _reciprocal(event)
    ctx.events = [e for e in ctx.events if _political(e)]
    return ctx.events


#: Acts two or more parties do together (PLOVER: reciprocal, all parties are actors).
_JOINT = frozenset({"AGREE", "CONSULT", "COOPERATE"})


def _reciprocal(event: Event) -> None:
    """Drop recipients from a joint act's own countries.

    "Hungarian and Romanian officials agreed that their countries should help
    Romanian refugees return": the PLOVER manual makes every party of a
    reciprocal act an actor and includes no recipient, so a recipient coded as
    one of the actors' own countries is the act's topic, not its other side.
    """
    roots = _codes(event.source)
    if event.type in _JOINT and len(roots) >= 2:
        event.target = [a for a in event.target if not a.code or a.code[:3] not in roots]


def _political(event: Event) -> bool:
    """False for a CAMEO-dictionary trigger with no coded actor the parse found on either side.

    CAMEO's dictionary lists verbs and phrases such as "die", "arrive" or "stand
    by" because between political actors they are acts (killing, visiting,
    backing); PETRARCH codes them only when it finds those actors. Without one
    ("birds are dying", "the agency stood by its estimate") they are not events.
    The hand-written list (``verbs.tsv``) is trusted without that check.
    """
    if not event.weak:
        return True
    return any(a.code and a.kind != "implicit" for a in [*event.source, *event.target])


def _codes(actors: list[Actor]) -> set[str]:
    """The country roots (first three letters) of the coded actors in a list."""
    return {a.code[:3] for a in actors if a.code}


def _addressee_target(event: Event, ctx: ActorContext) -> None:
    """An act told to someone, with no recipient of its own, is aimed at the one told.

    "North Korea told the United States it was willing to return to talks":
    the talks are with the United States. Not the press ("told Reuters"),
    which hears the words without being their subject.
    """
    token = event.token
    if token is None or _codes(event.target):
        return
    clause = token
    while clause.dep_ not in ("ccomp", "ROOT") and clause.head is not clause:
        clause = clause.head
    verb = clause.head
    speech = ctx.lex.cues.get("speech", frozenset())
    if clause.dep_ != "ccomp" or verb.lemma_.lower() not in speech:
        return
    sources = _codes(event.source)
    for child in verb.children:
        if child.dep_ not in ("dobj", "obj", "dative", "iobj") or child.i > clause.i:
            continue
        found = [
            _implicit(a)
            for a in ctx.np_actors(child)
            if a.code and not a.code.endswith("MED") and a.code[:3] not in sources
        ]
        if found:
            event.target = [*event.target, *found]
            return


def _sentence_sides(event: Event, ctx: ActorContext) -> None:
    """Sides the parse left uncoded, from the coded actors the sentence names.

    Event-data coders read a side off the sentence when the clause gives none
    that codes: "a car bombing near Kirkuk killed two engineers" is Iraq's,
    "Peruvian minister Alvaro Quispe summoned Bolivia's envoy" the Peruvian
    side's (the sentence says "Peruvian", the name codes nothing). The source
    is then the sentence's first coded actor that is neither the target nor
    the trigger; the target the first coded actor after the trigger inside
    its own clause ("trained officers capable of raids against smugglers from
    Togo"), never a reporter's clause ("..., a Brazilian mediator said"), and
    not for a joint act whose sides are already two countries ("the Chilean
    and Argentine delegations agreed"), which has no recipient. Such actors
    carry ``kind: "implicit"``; an uncoded actor of the parse stays in front.
    """
    if _codes(event.source) and _codes(event.target):
        return
    token = event.token
    first = token
    if first is None:
        # A surface-coded event has no token: its trigger's first one stands in.
        span = ctx.doc.char_span(event.start, event.end, alignment_mode="expand")
        if span is None or not len(span):
            return
        first = span[0]
    actors = [a for a in ctx.surface_actors(ctx.sent(first)) if a.code]
    if not actors:
        return
    if not _codes(event.source) and not _under_other_act(event, ctx):
        aimed = _codes(event.target)
        patients = _patient_part(token)
        found = next(
            (
                a
                for a in actors
                if (a.code or "")[:3] not in aimed
                and not a.start <= event.start < a.end
                and a.start not in patients
            ),
            None,
        )
        if found is not None:
            event.source = [*event.source, _implicit(found)]
    sources = _codes(event.source)
    if token is None or _codes(event.target) or len(sources) >= 2:
        return
    clause = {t.idx for t in token.subtree} - _origin_part(token, ctx)
    found = next(
        (
            a
            for a in actors
            if a.start > event.start and a.start in clause and (a.code or "")[:3] not in sources
        ),
        None,
    )
    if found is not None:
        event.target = [*event.target, _implicit(found)]


def _origin_preps(token: Token, ctx: ActorContext) -> frozenset[str]:
    """The prepositions of origin ("from") of a verb of coming ("arrive"); none for others."""
    cues = ctx.lex.cues
    if word_forms(token) & cues.get("origin_verbs", frozenset()):
        return cues.get("origin_preps", frozenset())
    return frozenset()


def _origin_part(token: Token, ctx: ActorContext) -> set[int]:
    """Character offsets of where a comer came from ("arrived from Stockholm"): no target."""
    origin = _origin_preps(token, ctx)
    if not origin:
        return set()
    return {t.idx for prep, obj in prep_objects(token) if prep in origin for t in obj.subtree}


def _patient_part(token: Token | None) -> set[int]:
    """Character offsets of the phrases that undergo an act (see ``patient_tokens``).

    "A missionary from Calgary was arrested": Calgary is the arrested man's
    town, never the arrester, whatever else the sentence leaves unsaid.
    """
    return {t.idx for t in patient_tokens(token)} if token is not None else set()


def _under_other_act(event: Event, ctx: ActorContext) -> bool:
    """Whether another event's trigger governs this one's ("condemned the attack on ...").

    Such an act keeps its own, unnamed agent: the sentence's actors are the
    governing act's ("the minister condemned the attack": no attacker named).
    """
    token = event.token
    if token is None:
        return False
    above = {t.i for t in token.ancestors}
    return any(
        other.token is not None and other.token.i in above
        for other in ctx.events
        if other is not event and other.type != event.type
    )


def _implicit(actor: Actor) -> Actor:
    """A copy of an actor marked as read off the sentence rather than the parse."""
    return replace(actor, kind="implicit")


def _press_only(event: Event) -> bool:
    return bool(event.target) and all((a.code or "").endswith("MED") for a in event.target)


def _manual_rules(event: Event, cues: dict[str, frozenset[str]]) -> None:
    """Distinctions the PLOVER manual draws that a trigger word alone cannot.

    Military exercises by two or more countries are COOPERATE, by one country
    MOBILIZE; a protest lodged by a state is a diplomatic ACCUSE, not a PROTEST;
    a strike that hits nothing is a labour strike (PROTEST), not an attack.
    """
    roots = {(a.code or "")[:3] for a in event.source if a.code}
    lemma = event.token.lemma_.lower() if event.token is not None else event.text.lower()
    # "held exercises" carries the noun in its phrase: any exercise word of the trigger counts.
    drill = lemma in _EXERCISES or (
        event.type == "COOPERATE"
        and any(
            w in _EXERCISES or w.removesuffix("s") in _EXERCISES
            for w in event.text.lower().split()[1:]
        )
    )
    partners = roots | {(a.code or "")[:3] for a in event.target if a.code}
    joint = event.token is not None and any(
        c.lower_ in _JOINT_WORDS for c in event.token.subtree if c.dep_ in ("amod", "advmod")
    )
    if event.type == "MOBILIZE" and drill and (len(partners) >= 2 or joint):
        # "staged exercises with Egypt", "joint air force drills": a partner is named or said
        event.type = "COOPERATE"
    elif event.type == "COOPERATE" and drill and len(roots) == 1 and not event.target and not joint:
        # "Jordan held exercises in the desert": one country alone; but "joined US
        # soldiers for a joint exercise" is joint though its partner is not yet a side
        event.type = "MOBILIZE"
    crowd = cues.get("protesters", frozenset())
    if (
        event.type in ("COERCE", "ASSAULT")
        and {lemma, event.text.split()[0].lower()} & cues.get("riot_acts", frozenset())
        and event.source
        and all(set(a.text.lower().split()) & crowd for a in event.source)
    ):
        # "rioters set fire to shops", "coca growers blockaded the highway": a crowd's
        # force or obstruction is a violent protest (CAMEO 14x), not repression.
        event.type = "PROTEST"
    states = all(
        a.kind == "entity" and not a.plural and (a.code or "")[3:] in ("", "GOV")
        for a in event.source
    )
    if event.type == "PROTEST" and lemma == "protest" and event.source and states:
        event.type = "ACCUSE"
    token = event.token
    if event.type == "ASSAULT" and lemma == "strike" and token is not None and token.pos_ == "VERB":
        # "the unions will strike", "teachers struck for a week": a strike with nothing
        # struck (no object, no "at", "into" or "against") is a walkout, not an attack.
        aimed = any(c.dep_ in OBJ | PASS_SUBJ for c in token.children) or any(
            p in ("at", "against", "into") for p, _ in prep_objects(token)
        )
        subjects, _ = _subject(token)
        strikers = cues.get("strikers", frozenset())
        # The subject, or the actor a pronoun subject stands for ("they would strike").
        words = [s.lemma_.lower() for s in subjects]
        words += [w.lower().removesuffix("s") for a in event.source for w in a.text.split()]
        labour = any(w in strikers for w in words)
        if not aimed and labour:
            event.type = "PROTEST"


def _promised_force(inside: list[Event]) -> None:
    """A promise to use force is a threat: "vowed to attack" is THREATEN, not AGREE.

    ``inside``: the events of one sentence.
    """
    by_start = {e.start: e for e in inside}
    for event in inside:
        if event.type != "AGREE":
            continue
        below = [e for e in inside if e.depth == event.depth + 1 and e.type in THREAT_CONTENT]
        if any(_governing_event_of(e, by_start) is event for e in below):
            event.type = "THREATEN"


def _governing_event_of(event: Event, by_start: dict[int, Event]) -> Event | None:
    token = event.token
    if token is None:
        return None
    head = token.head
    return by_start.get(head.idx) if head != token else None


def _except(actors: list[Actor], other: list[Actor]) -> list[Actor]:
    """``actors`` less the mentions already on the other side (one mention, one side).

    A pronoun on the other side takes its antecedent's mention too: in "urged
    Turkey to halt its operations", "its" is Turkey, which the target the request
    lends would otherwise name again as the recipient of its own act.
    """
    taken = {(a.start, a.end) for a in other} | {a.refers for a in other if a.refers}
    return [a for a in actors if (a.start, a.end) not in taken]


def _complete_targets(inside: list[Event]) -> None:
    """A threat or request with no target of its own aims at the target of what it threatens.

    ``inside``: the events of one sentence.
    """
    for event in inside:
        if event.target or event.type not in ("THREATEN", "REQUEST", "AGREE", "REJECT"):
            continue
        below = [e for e in inside if e is not event and e.depth > event.depth and e.target]
        if below:
            nearest = min(below, key=lambda e: (e.depth, abs(e.start - event.start)))
            event.target = _except(nearest.target, event.source)


def _complete_sources(inside: list[Event]) -> None:
    """An act with no agent takes it from a clause of the same act that tells how it came about.

    "Six people were killed when security forces opened fire": the killing is
    the firing's. ``inside``: the events of one sentence.
    """
    for event in inside:
        if event.source or event.token is None:
            continue
        for other in inside:
            token = other.token
            if (
                other is not event
                and other.type == event.type
                and other.source
                and token is not None
                and token.head == event.token
                and token.dep_ in ("advcl", "conj")
            ):
                event.source = _except(other.source, event.target)
                break


def _place_for(event: Event, ctx: ActorContext) -> dict[str, Any] | None:
    used = {(a.start, a.end) for a in [*event.source, *event.target]}
    lo, hi = event.sentence
    best: tuple[int, Span] | None = None
    place_preps = ctx.lex.cues.get("place_preps", frozenset())
    for ent in ctx.places:
        if ent.start_char < lo or ent.end_char > hi:
            continue
        # A place is where something happens: "in western Iran", "near the border town X".
        window = [t.lower_ for t in ctx.doc[max(ent.start - 3, 0) : ent.start]]
        if not any(w in place_preps for w in window):
            continue
        if any(s <= ent.start_char and ent.end_char <= e for s, e in used):
            continue
        distance = abs(ent.start_char - event.start)
        if best is None or distance < best[0]:
            best = (distance, ent)
    if best is None:
        return None
    ent = best[1]
    place = span_ext(ent, "place")
    record: dict[str, Any] = {"name": ent.text, "start": ent.start_char, "end": ent.end_char}
    if isinstance(place, dict):
        record.update({k: place.get(k) for k in ("id", "name", "country", "lat", "lon", "kind")})
    else:
        record.update({"id": None, "country": None, "lat": None, "lon": None, "kind": None})
    return record


def _annotate(doc: Doc, events: list[Event], ctx: ActorContext) -> None:
    try:
        from triangulate.stages.timex import date_for
    except ImportError:
        date_for = None  # type: ignore[assignment]
    try:
        from triangulate.stages.factuality import factuality_at
    except ImportError:
        factuality_at = None  # type: ignore[assignment]
    for event in events:
        event.place = _place_for(event, ctx)
        if date_for is not None:
            try:
                event.date = date_for(doc, event.start, event.end)
            except Exception:  # nor a date problem
                event.date = None
        if factuality_at is not None:
            try:
                event.factuality = factuality_at(doc, event.start)
            except Exception:  # nor a factuality problem
                event.factuality = None
        if event.reported_by and event.factuality in (None, "asserted"):
            event.factuality = "reported"


def _v2_misparse(sent: Span, lex: Lexicon) -> bool:
    """Whether a sentence opens with a fronted adverbial and a trigger verb the parse
    did not take for a verb, within the first few words (verb-second position)."""
    if len(sent) < 3 or not opens_fronted(sent, lex.cues.get("fronting_words", frozenset())):
        return False
    return any(
        t.pos_ not in ("VERB", "AUX") and t.lower_ in lex.verbs for t in sent[1 : min(len(sent), 6)]
    )


def _with_surface_backup(doc: Doc, ctx: ActorContext, events: list[Event]) -> list[Event]:
    """Parse events plus the surface coder's in the sentences the parse found none in.

    A weak parser (Swedish, trained on 4,300 sentences of 1970s prose) tags a
    news sentence's finite verb as an adjective often enough ("Syriska trupper
    attackerade ..." with "attackerade" an ``amod``) that whole acts vanish;
    the surface coder, which needs no parse, still reads them. It only speaks
    where the parse is silent, only of acts with a coded side, and its events
    say ``"method": "fallback"``.
    """
    # A fronted adverbial often leaves a Swedish verb-second verb an adjective and its
    # subject the root ("På måndagen lovade Tyskland ..."): such a sentence's parse
    # events are dropped and the surface coder, which reads verb-second order, codes it.
    misread = {s.start_char for s in ctx.sentences if _v2_misparse(s, ctx.lex)}
    events = [e for e in events if e.sentence[0] not in misread]
    coded = {e.sentence[0] for e in events}
    skip = frozenset(s.start for s in ctx.sentences if s.start_char in coded)
    ctx.events = []
    backup = code_fallback(doc, ctx, skip)
    # On the surface any noun next to a trigger is an actor ("Erik Forssell måste
    # opereras för en skada"): only an act with a coded side is kept (cf. ``_political``).
    kept = [e for e in backup if any(a.code for a in [*e.source, *e.target])]
    for event in kept:
        if not _codes(event.target):
            # "bombade mål i södra Libanon": the country an act happens in, as for parse events.
            event.target = [*event.target, *_implicit_target(event, ctx)]
    ctx.events = events + kept
    return ctx.events


def code_events(doc: Doc, lang: str | None = None) -> list[Event]:
    """Code every event in an analysed Doc; never raises on odd input."""
    if not len(doc):
        return []
    lex = load_lexicon(lang or doc.lang_ or "xx")
    if lex.empty:
        return []
    ctx = ActorContext(doc, lex)
    try:
        if doc.has_annotation("DEP"):
            events = _code_parsed(doc, ctx)
            if lex.surface_backup:
                events = _with_surface_backup(doc, ctx, events)
        else:
            events = code_fallback(doc, ctx)
    except (IndexError, KeyError, ValueError, RecursionError):
        # A malformed parse (cycles, odd heads) costs this document its parse
        # events, not the run: the surface coder still runs.
        ctx.events = []
        events = code_fallback(doc, ctx)
    events.sort(key=lambda e: (e.start, e.type))
    _annotate(doc, events, ctx)
    return events


class EventStage:
    """The ``tri_events`` component: codes events and stores them on ``doc._.events``."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        """Code the Doc's events."""
        doc._.events = code_events(doc, self.lang)
        return doc


@Language.factory(
    "tri_events",
    requires=["token.is_sent_start"],
    assigns=["doc._.events"],
)
def make_events(nlp: Language, name: str) -> EventStage:
    """Factory for the event-coding stage."""
    return EventStage(nlp.lang or "xx")


@article_section("events")
def event_records(doc: Doc) -> list[Record]:
    """The ``events`` section of analysis.json."""
    events: list[Event] | None = doc._.events
    if not events:
        return []
    article = doc._.article if Doc.has_extension("article") else None
    article_id = article.id if article is not None else ""
    text = article.text if article is not None else doc.text
    return [
        event.to_json(article_id, i, text[event.sentence[0] : event.sentence[1]])
        for i, event in enumerate(events, 1)
    ]
