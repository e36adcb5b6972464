"""What event coding produces: actors, events and the PLOVER category an event counts as.

Kept apart from the coders so that the exporters, the evaluation and the
store can read events without loading lexicons or spaCy components.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Token

#: PLOVER 2021 event types (INVESTIGATE of the 2016 draft is folded into ACCUSE).
EVENT_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "COOPERATE",
    "AID",
    "CONCEDE",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "MOBILIZE",
    "SANCTION",
    "COERCE",
    "ASSAULT",
)


#: Acts that, announced for the future, amount to a threat.
_COERCIVE = frozenset({"ASSAULT", "COERCE", "SANCTION", "REJECT"})
#: Acts whose announcement is a threat: coercion, and protest (CAMEO 134 and 1312,
#: "threaten political dissent", "threaten to boycott"; PLOVER THREATEN 'restrict').
THREAT_CONTENT = _COERCIVE | {"PROTEST"}


#: Code roots of actors that belong to no country (organisations, armed networks, firms).
NON_STATE = frozenset({"IGO", "NGO", "IMG", "MNC", "INT", "UAF"})


@dataclass(slots=True)
class Actor:
    """One participant of an event: a named entity, a group description or a resolved pronoun."""

    name: str
    code: str | None
    entity_id: str | None
    start: int
    end: int
    text: str
    kind: str = "entity"
    plural: bool = False
    #: For a pronoun, the span of the mention it stands for: one mention, one side.
    refers: tuple[int, int] | None = None

    def to_json(self) -> dict[str, Any]:
        """The actor as it appears in analysis.json."""
        return {
            "entity_id": self.entity_id,
            "name": self.name,
            "actor_code": self.code,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
        }


@dataclass(slots=True)
class Event:
    """One coded event: trigger span, PLOVER type, mode, actors and where/when."""

    start: int
    end: int
    text: str
    type: str
    mode: str
    sentence: tuple[int, int]
    source: list[Actor] = field(default_factory=list)
    target: list[Actor] = field(default_factory=list)
    place: dict[str, Any] | None = None
    date: dict[str, Any] | None = None
    factuality: str | None = None
    confidence: float = 0.5
    method: str = "parse"
    reported_by: list[Actor] = field(default_factory=list)
    depth: int = 0
    token: Token | None = field(default=None, repr=False, compare=False)
    #: Triggered by the CAMEO dictionary (``cameo_verbs.tsv``: "die", "arrive", "stand by"),
    #: not the hand list: an event only between political actors (``events._political``).
    weak: bool = field(default=False, repr=False, compare=False)

    def to_json(self, article: str, index: int, sentence_text: str = "") -> dict[str, Any]:
        """The event as an analysis.json record."""
        return {
            "id": f"{article}:e{index}",
            "article": article,
            "sentence": {"start": self.sentence[0], "end": self.sentence[1], "text": sentence_text},
            "trigger": {"start": self.start, "end": self.end, "text": self.text},
            "type": self.type,
            "mode": self.mode,
            "source": [a.to_json() for a in self.source],
            "target": [a.to_json() for a in self.target],
            "reported_by": [a.to_json() for a in self.reported_by],
            "place": self.place,
            "date": self.date,
            "factuality": self.factuality,
            "confidence": round(self.confidence, 2),
            "method": self.method,
        }


def plover_category(event_type: str, mode: str) -> str:
    """The single PLOVER category an event counts as in PLOVER-coded data.

    The manual folds future or offered cooperation (CONSULT, SUPPORT,
    COOPERATE, AID) into AGREE, and a coercive act or a protest announced for
    the future, held out ("would blockade the capital") or made conditional
    ("will boycott the elections unless ...") into THREATEN;
    Triangulate keeps the act and the mode apart, so scoring against PLOVER
    gold converts with this.
    """
    if mode in ("planned", "proposed") and event_type in ("CONSULT", "SUPPORT", "COOPERATE", "AID"):
        return "AGREE"
    if mode in ("planned", "proposed") and event_type == "RETREAT":
        return "CONCEDE"  # the manual: "announced ... would withdraw troops" is CONCEDE
    if mode == "threatened" or (
        mode in ("planned", "hypothetical") and event_type in THREAT_CONTENT
    ):
        # "said they would boycott the talks": a coercive act held out is a threat.
        return "THREATEN"
    return event_type


def is_state(code: str | None) -> bool:
    """A bare country code ("TUR"), not a sector, place-derived or non-state code."""
    return bool(code) and len(str(code)) == 3 and str(code) not in NON_STATE


def not_own(actors: list[Actor], doers: list[Actor]) -> list[Actor]:
    """``actors`` less those of the doers' own countries: own forces moved are no recipient."""
    own = {str(a.code)[:3] for a in doers if a.code}
    return [a for a in actors if not (a.code and str(a.code)[:3] in own)]
