"""The fallback event coder, for a pipeline without a dependency parser.

Trigger phrases are matched on the surface, the nearest actor before the
trigger is the source and the nearest after it the target, and the mode comes
from cue words in a short window. It is weaker than the parse coder, and
every event it makes says ``"method": "fallback"``; a language switches to the
parse coder by itself as soon as its pipeline has a parser.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from triangulate.stages.event_actors import (
    ActorContext,
    after_prep,
    as_pronoun,
    left_actors,
)
from triangulate.stages.event_lexicon import MAX_TRIGGERS_PER_SENTENCE, Pattern
from triangulate.stages.event_mode import window_mode
from triangulate.stages.event_records import Actor, Event
from triangulate.stages.event_syntax import word_forms


def _surface_triggers(sent: Span, ctx: ActorContext) -> list[tuple[int, int, Pattern]]:
    """(first token, last token, pattern) of each trigger phrase; gaps of up to two plain words."""
    lex = ctx.lex
    tokens = list(sent)
    found: list[tuple[int, int, Pattern]] = []
    covered: set[int] = set()
    for k, token in enumerate(tokens):
        if token.i in covered or ctx.ent_at.get(token.i) is not None:
            continue
        forms = word_forms(token)
        patterns: list[Pattern] = []
        for form in forms:
            patterns.extend(lex.verbs.get(form, ()))
        best: tuple[int, int, Pattern] | None = None
        for pattern in sorted(patterns, key=lambda p: -len(p.words)):
            if pattern.type == "-" or "neg" in pattern.flags or "inverse" in pattern.flags:
                continue
            pos = k
            ok = True
            for alternatives in pattern.words[1:]:
                window = tokens[pos + 1 : pos + 4]
                nxt = next((m for m, t in enumerate(window) if word_forms(t) & alternatives), None)
                gap = window[: nxt or 0]
                # No gap over a name or another form of the head ("har ... haft kontakt").
                if nxt is None or any(
                    t.text[:1].isupper()
                    or ctx.ent_at.get(t.i) is not None
                    or word_forms(t) & pattern.words[0]
                    for t in gap
                ):
                    ok = False
                    break
                pos = pos + 1 + nxt
            if ok:
                best = (token.i, tokens[pos].i, pattern)
                break
        if best is None:
            noun_patterns: list[Pattern] = []
            for form in forms:
                noun_patterns.extend(p for p in lex.nouns.get(form, ()) if len(p.words) == 1)
            if not noun_patterns and lex.noun_suffixes and token.text[:1].islower():
                low = token.lower_
                etype = lex.suffix_type(low)
                if etype:
                    noun_patterns = [Pattern((frozenset({low}),), etype, frozenset())]
            if noun_patterns:
                best = (token.i, token.i, noun_patterns[0])
        if best is not None:
            found.append(best)
            covered.update(range(best[0], best[1] + 1))
    return found


def code_fallback(doc: Doc, ctx: ActorContext, skip: frozenset[int] = frozenset()) -> list[Event]:
    """Code every sentence on the surface, except those starting at a token index in ``skip``.

    A skipped sentence still lends its actors to later pronouns ("han", "they").
    """
    cues = ctx.lex.cues
    infinitive = cues.get("fallback_infinitive", frozenset())
    speech = cues.get("speech", frozenset())
    known: list[Actor] = []
    for sent in ctx.sentences:
        actors = ctx.surface_actors(sent)
        if sent.start in skip:
            known.extend(actors)
            continue
        previous: Event | None = None
        for first, last, pattern in _surface_triggers(sent, ctx)[:MAX_TRIGGERS_PER_SENTENCE]:
            start = doc[first].idx
            end = doc[last].idx + len(doc[last])
            if any(a.start <= start < a.end for a in actors):
                continue  # "Beväpnade kurdiska grupper": a modifier inside a group, not an act.
            before = [
                a
                for a in actors
                if a.end <= start and not after_prep(a, ctx.text, cues, any_prep=True)
            ]
            after = _right_actors(ctx.text, end, sent, actors, cues, speech)
            before_words = [t.text for t in doc[max(sent.start, first - 8) : first]]
            controlled = (
                previous is not None
                and bool(before_words)
                and before_words[-1].lower() in infinitive
            )
            if controlled and previous is not None:
                source = list(previous.source)
                target = after or [a for a in previous.target if not after_prep(a, ctx.text, cues)]
                mode = {"CONSULT": "proposed", "REQUEST": "proposed", "THREATEN": "threatened"}.get(
                    previous.type, window_mode(before_words, cues)
                )
            else:
                source = left_actors(before, ctx.text)
                if not source:
                    source = _pronoun_source(doc[sent.start : first], ctx, known)
                target = after
                if (
                    not source
                    and target
                    and after_prep(target[0], ctx.text, cues, source_only=True)
                ):
                    # "anklagelser från kurdiskt håll": the "from" phrase is the source.
                    source, target = target[:1], target[1:]
                mode = window_mode(before_words, cues)
            if not source and not target:
                continue
            event = Event(
                start=start,
                end=end,
                text=ctx.text[start:end],
                type=pattern.type,
                mode=mode,
                sentence=(sent.start_char, sent.end_char),
                source=source,
                target=target,
                confidence=0.4 if source and target else 0.3,
                method="fallback",
                depth=0 if not controlled else 1,
            )
            ctx.events.append(event)
            previous = event
        known.extend(actors)
    return ctx.events


def _right_actors(
    text: str,
    end: int,
    sent: Span,
    actors: list[Actor],
    cues: dict[str, frozenset[str]],
    speech: frozenset[str],
) -> list[Actor]:
    """The actors right after a trigger, up to a clause break or a reporting verb."""
    limit = sent.end_char
    for token in sent:
        if token.idx < end:
            continue
        if token.text in (",", ";", ":", "–", "—", ".") or token.lower_ in speech:
            limit = token.idx
            break
    chosen: list[Actor] = []
    for actor in actors:
        if actor.start < end or actor.start >= limit or actor.start - end > 60:
            continue
        if after_prep(actor, text, cues):
            continue  # "i Irak": a place, not a target
        if chosen and actor.start - chosen[-1].end > 8:
            break
        chosen.append(actor)
    return chosen[:3]


def _pronoun_source(before: Span, ctx: ActorContext, known: list[Actor]) -> list[Actor]:
    """A subject pronoun ("han", "they") resolved to the last actor of the right kind."""
    cues = ctx.lex.cues
    for token in reversed(list(before)):
        low = token.lower_
        if low in cues.get("pronouns_person", frozenset()):
            for ent in reversed([e for e in ctx.ents if e.end <= token.i]):
                if ent.label_ in ("PERSON", "PER"):
                    return [as_pronoun(ctx.entity_actor(ent), token)]
            return []
        if low in cues.get("pronouns_plural", frozenset()):
            for actor in reversed(known):
                if actor.plural and actor.code:
                    return [as_pronoun(actor, token)]
            return []
    return []
