"""The fallback event coder, for a pipeline without a dependency parser.

Trigger phrases are matched on the surface, the nearest actor before the
trigger is the source and the nearest after it the target, and the mode comes
from cue words in a short window. It is weaker than the parse coder, and
every event it makes says ``"method": "fallback"``; a language switches to the
parse coder by itself as soon as its pipeline has a parser.

A pattern flagged ``separable`` finds its later words (the particle of a
German separable verb: "wies zwei Diplomaten *aus*") anywhere up to the end of
the clause, not only in the next three words. A language's ``modes.json`` may
opt into further surface rules with ``fallback_rules`` (German does, for what
its capitalised nouns and its NER's long spans need; see ``_apply_rules``);
a language that names none is read exactly as before.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from triangulate.stages.event_actors import (
    ActorContext,
    after_prep,
    as_pronoun,
    left_actors,
)
from triangulate.stages.event_lexicon import MAX_TRIGGERS_PER_SENTENCE, Pattern
from triangulate.stages.event_mode import window_mode
from triangulate.stages.event_records import NON_STATE, Actor, Event, not_own
from triangulate.stages.event_syntax import is_plural, opens_fronted, word_forms

#: Tokens that end a clause: a separable particle is looked for up to the first of them.
CLAUSE_BREAKS = frozenset({",", ";", ":", ".", "!", "?", "–", "—"})


def clause_end(tokens: list[Token], k: int) -> int:
    """The position in ``tokens`` of the first clause break after position ``k`` (or the end)."""
    for m in range(k + 1, len(tokens)):
        if tokens[m].text in CLAUSE_BREAKS:
            return m
    return len(tokens)


def separable_match(
    tokens: list[Token], k: int, pattern: Pattern, ctx: ActorContext
) -> list[int] | None:
    """Positions of a separable pattern's later words (its particles) in ``tokens[k]``'s clause.

    A German main clause puts the particle of a separable verb last ("Israel
    ließ 200 Gefangene *frei*", "griffen Stellungen an der Grenze *an*"), so
    each later word is looked for up to the clause end (the next comma,
    semicolon or full stop), never inside a name, and the last of them must
    close its clause: a clause break or a coordinator (``modes.json``
    ``coordinators``: "frei und ...") follows it. "Er sagte zu Reportern"
    is no "sagte ... zu". None when a word is missing.
    """
    end = clause_end(tokens, k)
    closers = ctx.lex.cues.get("coordinators", frozenset())
    positions: list[int] = []
    lo = k + 1
    last = len(pattern.words) - 1
    for n, alternatives in enumerate(pattern.words[1:], 1):
        hit = next(
            (
                m
                for m in range(lo, end)
                if word_forms(tokens[m]) & alternatives
                and tokens[m].i not in ctx.ent_at
                and (n < last or m + 1 == end or tokens[m + 1].lower_ in closers)
            ),
            None,
        )
        if hit is None:
            return None
        positions.append(hit)
        lo = hit + 1
    return positions


def _surface_triggers(
    sent: Span, ctx: ActorContext, breaks: frozenset[int] = frozenset()
) -> list[tuple[int, int, Pattern]]:
    """(first token, last token, pattern) of each trigger phrase; gaps of up to two plain words.

    A separable pattern's trigger is its head alone (its actors lie between
    the head and the particle); the particle is only marked as used.
    ``breaks`` are tokens inside a name that are verbs all the same (see
    ``_split_names``).
    """
    lex = ctx.lex
    tokens = list(sent)
    found: list[tuple[int, int, Pattern]] = []
    covered: set[int] = set()
    for k, token in enumerate(tokens):
        if token.i in covered or (ctx.ent_at.get(token.i) is not None and token.i not in breaks):
            continue
        forms = word_forms(token)
        patterns: list[Pattern] = []
        for form in forms:
            patterns.extend(lex.verbs.get(form, ()))
        best: tuple[int, int, Pattern] | None = None
        for pattern in sorted(patterns, key=lambda p: -len(p.words)):
            if pattern.type == "-" or "neg" in pattern.flags or "inverse" in pattern.flags:
                continue
            if "separable" in pattern.flags:
                particles = separable_match(tokens, k, pattern, ctx)
                if particles is None:
                    continue
                covered.update(tokens[m].i for m in particles)
                best = (token.i, token.i, pattern)
                break
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
    rules = cues.get("fallback_rules", frozenset())
    place_types = cues.get("place_target_types", frozenset())
    moved_types = cues.get("moved_types", frozenset())
    known: list[Actor] = []
    for sent in ctx.sentences:
        actors = ctx.surface_actors(sent)
        if sent.start in skip:
            known.extend(actors)
            continue
        actors, breaks = _apply_rules(sent, ctx, actors, rules)
        targets = [a for a in actors if a.code] if "coded_targets" in rules else actors
        previous: Event | None = None
        triggers = _surface_triggers(sent, ctx, breaks)
        for first, last, pattern in triggers[:MAX_TRIGGERS_PER_SENTENCE]:
            start = doc[first].idx
            end = doc[last].idx + len(doc[last])
            if any(a.start <= start < a.end for a in actors):
                continue  # "Beväpnade kurdiska grupper": a modifier inside a group, not an act.
            before = [
                a
                for a in actors
                if a.end <= start and not after_prep(a, ctx.text, cues, any_prep=True)
            ]
            after = _right_actors(ctx.text, end, sent, targets, cues, speech)
            if not after and pattern.type.lower() in place_types:
                after = _place_target(ctx.text, end, sent, actors, cues, speech)
            if pattern.type.lower() in moved_types:
                # "zog seine Soldaten ab", "verlegte Kriegsschiffe": own forces moved are
                # what moves, not a recipient (cf. the parse coder's ``moving`` verbs).
                after = not_own(after, before)
            before_words = [t.text for t in doc[max(sent.start, first - 8) : first]]
            final = None
            if "verb_final" in rules and first == last:
                final = _verb_final(sent, first, pattern, ctx, actors, targets)
                if final is not None and pattern.type.lower() in moved_types:
                    final = (final[0], not_own(final[1], final[0]))
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
            elif final is not None:
                source, target = final
                mode = window_mode(before_words, cues)
            else:
                source = _coordinated(left_actors(before, ctx.text), before, ctx.text, cues)
                if not source:
                    source = _pronoun_source(doc[sent.start : first], ctx, known)
                target = after
                if not source and not before and target and _fronted(sent, first, cues, rules):
                    # "I går angrep Ryssland Kiev": after a fronted adverbial the verb
                    # comes second and its subject right after it.
                    source, target = target[:1], target[1:]
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
            # With ``verb_final``, an event noun in a sentence with a verb trigger is
            # that verb's complement ("hat die Forderungen abgelehnt"), not the main act.
            nested = (
                "verb_final" in rules
                and len(pattern.words) == 1
                and pattern not in ctx.lex.verbs.get(doc[first].lower_, ())
                and any(
                    p.type != "-" and p in ctx.lex.verbs.get(doc[f].lower_, ())
                    for f, _, p in triggers
                )
            )
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
                depth=0 if not controlled and not nested else 1,
            )
            ctx.events.append(event)
            previous = event
        known.extend(actors)
    return ctx.events


def _clause_limit(sent: Span, end: int, speech: frozenset[str]) -> int:
    """Where the clause after character ``end`` stops: a clause break or a reporting verb."""
    for token in sent:
        if token.idx >= end and (token.text in CLAUSE_BREAKS or token.lower_ in speech):
            return token.idx
    return sent.end_char


def _right_actors(
    text: str,
    end: int,
    sent: Span,
    actors: list[Actor],
    cues: dict[str, frozenset[str]],
    speech: frozenset[str],
) -> list[Actor]:
    """The actors right after a trigger, up to a clause break or a reporting verb."""
    limit = _clause_limit(sent, end, speech)
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


def _fronted(
    sent: Span, first: int, cues: dict[str, frozenset[str]], rules: frozenset[str]
) -> bool:
    """Whether a verb-second language's clause opens with an adverbial before the verb.

    ``v2`` in ``fallback_rules``: "På måndagen lovade Tyskland ...", "Am Montag
    griff Russland ... an": a sentence that opens with one of the language's
    ``fronting_words`` and names no actor before the verb has its subject after it.
    """
    if "v2" not in rules or first <= sent.start:
        return False
    return opens_fronted(sent, cues.get("fronting_words", frozenset()))


def _apply_rules(
    sent: Span, ctx: ActorContext, actors: list[Actor], rules: frozenset[str]
) -> tuple[list[Actor], frozenset[int]]:
    """A sentence's surface actors under the language's opted-in ``fallback_rules``.

    * ``split_names``: a name the NER ran over a verb ("Deutschland lobte
      Polen für die Aufnahme" as one place) is cut at the verb, and two
      countries joined by a coordinator ("Jordanien und Israel") become two
      actors; the verb becomes a trigger again (the returned ``breaks``); a
      group the shared reader ended on a verb ("Israelis demonstrierten")
      ends before it;
    * ``adjective_groups``: a lowercase nationality adjective before a
      capitalised noun names a group ("ukrainische Stellungen"): German
      capitalises its nouns, so the lowercase-noun rule of the shared surface
      reader ("kurdiska mål") never sees them; before an event noun the
      adjective alone is the actor ("die amerikanischen Vorwürfe");
    * ``domestic_groups``: a sector word with no country of its own
      ("Demonstranten", "Oppositionsaktivisten") belongs to the one country
      the sentence names, as the parse coder's context actors do.

    ``coded_targets``, ``verb_final`` (see ``_verb_final``),
    ``place_target_types`` and ``moved_types`` act in ``code_fallback``.
    """
    breaks: frozenset[int] = frozenset()
    if "split_names" in rules:
        actors, breaks = _split_names(sent, ctx, actors)
    if "adjective_groups" in rules:
        actors = _adjective_groups(sent, ctx, actors)
    if "domestic_groups" in rules:
        actors = _domestic_groups(ctx, actors)
    return actors, breaks


def _verb_word(token: Token, ctx: ActorContext) -> bool:
    """A lowercase word that is a typed verb trigger (a finite verb inside a too-long name)."""
    if not token.text[:1].islower():
        return False
    return any(p.type != "-" for form in word_forms(token) for p in ctx.lex.verbs.get(form, ()))


def _split_names(
    sent: Span, ctx: ActorContext, actors: list[Actor]
) -> tuple[list[Actor], frozenset[int]]:
    """Names cut at a verb or a coordinator inside them (``fallback_rules`` ``split_names``)."""
    doc = sent.doc
    coordinators = ctx.lex.cues.get("coordinators", frozenset())
    out: list[Actor] = []
    breaks: set[int] = set()
    for actor in actors:
        span = doc.char_span(actor.start, actor.end)
        if actor.kind == "group" and span is not None and len(span) > 1:
            if _verb_word(span[-1], ctx) and span[-1].i not in ctx.ent_at:
                # "Israelis demonstrierten": the shared reader's "kurdiska mål" rule took
                # the verb for the noun of a nationality word.
                end = span[-2].idx + len(span[-2])
                text = ctx.text[actor.start : end]
                actor = replace(actor, end=end, text=text, name=text)
            out.append(actor)
            continue
        if actor.kind != "entity" or span is None or len(span) < 3:
            out.append(actor)
            continue
        ent = ctx.ent_at.get(span.start)
        label = ent.label_ if ent is not None else "LOC"
        inner = list(span[1:-1])
        verb = next((t for t in inner if _verb_word(t, ctx)), None)
        pieces: list[Span] = []
        if verb is not None:
            # The object ends where the capitalised words do ("Polen | für die Aufnahme").
            right = verb.i + 1
            while right < span.end and doc[right].text[:1].isupper():
                right += 1
            pieces = [doc[span.start : verb.i], doc[verb.i + 1 : right]]
            breaks.add(verb.i)
        else:
            joint = next((t for t in inner if t.lower_ in coordinators), None)
            if joint is not None:
                parts = [doc[span.start : joint.i], doc[joint.i + 1 : span.end]]
                codes = [ctx.entity_code(Span(doc, p.start, p.end, label=label)) for p in parts]
                roots = {c[:3] for c in codes if c}
                # Both sides countries of their own, and two of them ("Bosnien und
                # Herzegowina" is one country: no cut).
                if all(codes) and len(roots) == 2:
                    pieces = parts
        if not pieces:
            out.append(actor)
            continue
        for piece in pieces:
            if len(piece) and piece[0].text[:1].isupper():
                out.append(ctx.entity_actor(Span(doc, piece.start, piece.end, label=label)))
    return out, frozenset(breaks)


def _adjective_groups(sent: Span, ctx: ActorContext, actors: list[Actor]) -> list[Actor]:
    """Groups of a lowercase nationality adjective and the capitalised noun after it."""
    doc = sent.doc
    lex = ctx.lex
    out = list(actors)
    for token in sent:
        nxt_i = token.i + 1
        if not token.text[:1].islower() or nxt_i >= sent.end:
            continue
        noun = doc[nxt_i]
        if not noun.text[:1].isupper() or not noun.text[:1].isalpha():
            continue
        ent = ctx.ent_at.get(token.i)
        if ent is not None and not (ent.label_ == "NORP" and len(ent) == 1):
            continue  # a word of a longer name ("die" in a span the NER ran on) is no adjective
        hit = ctx.token_code(token)
        if hit is None or hit[1] not in ("country", "ethnic"):
            continue
        if any(a.start <= token.idx < a.end for a in out):
            continue
        # "den russischen Angriff", "die amerikanischen Vorwürfe": an event noun stays a
        # trigger, and the adjective alone names its actor (the attacker, the accuser).
        low = noun.lower_
        event_noun = bool(lex.nouns.get(low)) or any(low.endswith(s) for s, _ in lex.noun_suffixes)
        covering = [a for a in out if a.start <= noun.idx < a.end]
        if event_noun:
            covering = []
        elif any(a.code for a in covering):
            continue
        sector = "" if event_noun else lex.sector(noun.text) or ""
        last = token if event_noun else noun
        start, end = token.idx, last.idx + len(last)
        text = ctx.text[start:end]
        kind = "entity" if event_noun else "group"
        group = Actor(text, hit[0][:3] + sector, None, start, end, text, kind, is_plural(last))
        out = [a for a in out if a not in covering] + [group]
    out.sort(key=lambda a: a.start)
    return out


def _domestic_groups(ctx: ActorContext, actors: list[Actor]) -> list[Actor]:
    """Uncoded sector groups given the one country their sentence names."""
    roots = {a.code[:3] for a in actors if a.code and a.code[:3] not in NON_STATE}
    if len(roots) != 1:
        return actors
    root = next(iter(roots))
    out = []
    for actor in actors:
        words = actor.text.split()
        sector = ctx.lex.sector(words[-1]) if words and not actor.code else None
        out.append(replace(actor, code=root + sector) if sector else actor)
    return out


def _coordinated(
    chosen: list[Actor], before: list[Actor], text: str, cues: dict[str, frozenset[str]]
) -> list[Actor]:
    """``left_actors`` that also joins over an article ("Russland und die Ukraine").

    Only for a language whose ``modes.json`` lists ``articles`` and
    ``coordinators``; for the others the source stays ``left_actors``' own.
    """
    articles = cues.get("articles", frozenset())
    coordinators = cues.get("coordinators", frozenset())
    if not chosen or not articles or not coordinators:
        return chosen
    out = list(chosen)
    for actor in reversed(before[: before.index(chosen[0])] if chosen[0] in before else []):
        words = text[actor.end : out[0].start].lower().split()
        while words and words[-1] in articles:
            words.pop()
        if words in ([w] for w in coordinators) or words == [","]:
            out.insert(0, actor)
        else:
            break
    return out


def _place_target(
    text: str,
    end: int,
    sent: Span,
    actors: list[Actor],
    cues: dict[str, frozenset[str]],
    speech: frozenset[str],
) -> list[Actor]:
    """The country an act with no target took place in ("griffen Ziele im Südlibanon an").

    For the types a language lists in ``place_target_types`` (attacks: CAMEO
    codes the country struck as the target), the first place after the
    trigger that is a state, within the clause.
    """
    limit = _clause_limit(sent, end, speech)
    for actor in actors:
        coded = bool(actor.code) and str(actor.code)[:3] not in NON_STATE
        if end <= actor.start < limit and coded and after_prep(actor, text, cues):
            return [actor]
    return []


def _verb_final(
    sent: Span,
    first: int,
    pattern: Pattern,
    ctx: ActorContext,
    actors: list[Actor],
    targets: list[Actor],
) -> tuple[list[Actor], list[Actor]] | None:
    """(source, target) of a trigger that closes its clause after an auxiliary or subordinator.

    German puts the participle or infinitive last ("Russland hat ukrainische
    Städte angegriffen", "..., dass Israel Ziele angegriffen habe"): both
    actors then stand before the trigger, the subject before the auxiliary
    (or first after it, when a place or time leads: "In Belgrad haben
    Tausende Studenten ... protestiert") and the object in between. After a
    passive auxiliary (``passive_aux``: "wurde ... festgenommen") the subject
    is the target and a ``von``/``durch`` phrase the source. None when the
    trigger does not close its clause or no auxiliary or subordinator
    (``modes.json`` ``verb_final_aux``, ``subordinators``) opens it.
    """
    cues = ctx.lex.cues
    doc = sent.doc
    tokens = list(sent)
    k = first - sent.start
    closers = cues.get("coordinators", frozenset())
    if k + 1 < len(tokens) and not (
        tokens[k + 1].text in CLAUSE_BREAKS or tokens[k + 1].lower_ in closers
    ):
        return None
    start = k
    while start > 0 and tokens[start - 1].text not in CLAUSE_BREAKS:
        start -= 1
    aux_words = cues.get("verb_final_aux", frozenset())
    passive_words = cues.get("passive_aux", frozenset())
    subordinators = cues.get("subordinators", frozenset())
    opener = next(
        (
            m
            for m in range(start, k)
            if tokens[m].lower_ in aux_words | passive_words
            or (m == start and tokens[m].lower_ in subordinators)
        ),
        None,
    )
    if opener is None:
        return None
    pivot = tokens[opener]
    clause_start = tokens[start].idx
    trigger_start = doc[first].idx
    text = ctx.text
    pre = [
        a
        for a in actors
        if clause_start <= a.start
        and a.end <= pivot.idx
        and not after_prep(a, text, cues, any_prep=True)
    ]
    middle = [a for a in actors if pivot.idx < a.start and a.end <= trigger_start]
    agents = cues.get("source_preps", frozenset()) | {"durch"}
    if pivot.lower_ in passive_words:
        source = [a for a in middle if _prep_before(a, text, cues) in agents][:1]
        subject = pre or [a for a in middle if not _prep_before(a, text, cues)][:1]
        return source, subject[-1:] if subject else []
    free = [a for a in middle if not after_prep(a, text, cues, any_prep=True)]
    if pre:
        source = _coordinated(left_actors(pre, text), pre, text, cues)
        rest = free
    elif free:
        source, rest = free[:1], free[1:]
    else:
        return None
    allowed = {id(a) for a in targets}
    target = [a for a in rest if id(a) in allowed][:1]
    if not target:
        # "mit dem amerikanischen Präsidenten": a target preposition in the middle field.
        target = [
            a
            for a in middle
            if id(a) in allowed
            and a not in source
            and _prep_before(a, text, cues) in cues.get("target_preps", frozenset())
        ][:1]
    if not target and pattern.type.lower() in cues.get("place_target_types", frozenset()):
        # The middle field first ("Ziele im Libanon angegriffen"), then a place that
        # leads the clause ("Im Sudan haben Milizen ein Dorf überfallen").
        fronted = [a for a in actors if clause_start <= a.start and a.end <= pivot.idx]
        target = [
            a
            for a in middle + fronted
            if a.code
            and str(a.code)[:3] not in NON_STATE
            and after_prep(a, text, cues)
            and a not in source
        ][:1]
    return source, target


def _prep_before(actor: Actor, text: str, cues: dict[str, frozenset[str]]) -> str:
    """The preposition before an actor, over articles ("von der türkischen Polizei"), or ''."""
    words = text[max(actor.start - 30, 0) : actor.start].lower().split()
    articles = cues.get("articles", frozenset())
    while words and words[-1] in articles:
        words.pop()
    if not words:
        return ""
    preps = (
        cues.get("place_preps", frozenset())
        | cues.get("target_preps", frozenset())
        | cues.get("topic_preps", frozenset())
        | cues.get("source_preps", frozenset())
        | {"durch", "nach", "zur", "zum"}
    )
    return words[-1] if words[-1] in preps else ""
