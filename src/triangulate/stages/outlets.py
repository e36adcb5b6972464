"""News outlets named in a report: who the speakers talked to, whom the report cites.

"told CNN", "spoke with The Washington Post", "till CNN", "Reuters has
reported", "something Reuters was not able to confirm": each names an outlet
the report relies on. "told the newspaper" names no outlet itself; it stands
for the outlet of that kind named last. The outlets come from the knowledge
base when it knows them (``triangulate.kb``) and otherwise from
``data/quotes/outlets.tsv``, so the stage works before the KB is complete.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.tokens import Doc

from triangulate.stages.factuality import doc_text
from triangulate.stages.speakers import _kb_function, entity_ref


@dataclass(frozen=True, slots=True)
class OutletMention:
    """One place in the text where an outlet is named (or stood for, as "the newspaper")."""

    start: int
    end: int
    name: str
    kind: str
    entity_id: str | None


@dataclass(frozen=True, slots=True)
class _Outlet:
    name: str
    kind: str


@cache
def _outlet_table() -> tuple[dict[str, _Outlet], re.Pattern[str] | None]:
    """Alias -> outlet, and one pattern that finds any alias in running text."""
    path = resources.files("triangulate.data") / "quotes" / "outlets.tsv"
    aliases: dict[str, _Outlet] = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 2:
                continue
            outlet = _Outlet(cols[0].strip(), cols[2].strip() if len(cols) > 2 else "any")
            for alias in [cols[0], *cols[1].split("|")]:
                if alias.strip():
                    aliases[alias.strip()] = outlet
    if not aliases:
        return aliases, None
    body = "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
    # Case-sensitive: "AP" and "Fox" are outlets, "ap" and "fox" are not.
    return aliases, re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")


def outlet_named(text: str, lang: str | None = None) -> tuple[str, str] | None:
    """(canonical name, kind) when ``text`` is an outlet's name or alias (KB first)."""
    stripped = text.strip().strip(".,;:")
    if not stripped:
        return None
    lookup = _kb_function("lookup")
    if lookup is not None:
        try:
            entry = lookup(stripped, lang)
        except Exception:
            entry = None
        code = str(getattr(entry, "actor_code", "") or "")
        if entry is not None and code.endswith("MED"):
            return str(entry.name), "any"
    aliases, _ = _outlet_table()
    outlet = aliases.get(stripped)
    if outlet is None and stripped[:4].lower() == "the ":
        outlet = aliases.get(stripped[4:])
    return (outlet.name, outlet.kind) if outlet else None


def find_outlets(doc: Doc, lang: str) -> list[OutletMention]:
    """Every outlet named in the text, in order of position."""
    aliases, pattern = _outlet_table()
    found: dict[tuple[int, int], OutletMention] = {}
    if pattern is not None:
        for match in pattern.finditer(doc_text(doc)):
            outlet = aliases[match.group(0)]
            start, end = match.span()
            # "The Washington Post": keep the article when the text has it.
            if doc_text(doc)[max(0, start - 4) : start] in {"The ", "the "} and not match.group(
                0
            ).startswith(("The", "the")):
                start -= 4
            found[(start, end)] = OutletMention(
                start,
                end,
                outlet.name,
                outlet.kind,
                entity_ref(doc, start, end, outlet.name, lang, "ORG"),
            )
    return sorted(found.values(), key=lambda m: m.start)


def resolve_listener(
    doc: Doc,
    start: int,
    end: int,
    outlets: list[OutletMention],
    outlet_nouns: dict[str, str],
    lang: str,
) -> OutletMention | None:
    """The outlet a listener phrase names ("CNN") or stands for ("the newspaper"), if any."""
    text = doc_text(doc)[start:end].strip()
    for mention in outlets:
        if mention.start >= start and mention.end <= end + 1:
            return OutletMention(start, end, mention.name, mention.kind, mention.entity_id)
    named = outlet_named(text, lang)
    if named:
        return OutletMention(
            start, end, named[0], named[1], entity_ref(doc, start, end, named[0], lang, "ORG")
        )
    lowered = text.lower()
    for prefix in ("the ", "that ", "this "):
        if lowered.startswith(prefix):
            lowered = lowered[len(prefix) :]
    kind = outlet_nouns.get(lowered)
    if kind is None:
        return None
    earlier = [m for m in outlets if m.end <= start]
    fitting = [m for m in earlier if kind == "any" or m.kind in {kind, "any"}]
    pool = fitting or earlier
    if not pool:
        return None
    chosen = pool[-1]
    return OutletMention(start, end, chosen.name, chosen.kind, chosen.entity_id)
