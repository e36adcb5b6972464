"""Organisations seeded from the Phoenix/PETRARCH-2 actor dictionaries (MIT licence).

``data/cameo_orgs.tsv`` is derived from ``Phoenix.MilNonState.actors.txt`` (armed
non-state groups) and ``Phoenix.International.actors.txt`` (IGOs and NGOs):
organisation names with their CAMEO actor code, so that an organisation the
curated KB does not know ("Boko Haram", "Amnesty International") still gets a
code. The entries serve ``lookup`` only, never the entity ruler: the
dictionaries' synonyms are too loose to match raw text.

Regenerate with ``python -m triangulate.kb.cameo ../shared/dev-data/cameo-dictionaries``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

#: Words that make a dictionary entry an organisation rather than a person or a role.
_ORG_WORDS = frozenset(
    [
        "ORGANIZATION",
        "ORGANISATION",
        "PARTY",
        "FRONT",
        "ARMY",
        "UNION",
        "COUNCIL",
        "AGENCY",
        "MOVEMENT",
        "BRIGADE",
        "BRIGADES",
        "FORCES",
        "FORCE",
        "GROUP",
        "GROUPS",
        "COMMITTEE",
        "ASSOCIATION",
        "FEDERATION",
        "LEAGUE",
        "ALLIANCE",
        "COALITION",
        "INTERNATIONAL",
        "BANK",
        "FUND",
        "PROGRAMME",
        "PROGRAM",
        "COMMISSION",
        "COURT",
        "INSTITUTE",
        "FOUNDATION",
        "SOCIETY",
        "CROSS",
        "CRESCENT",
        "MILITIA",
        "FACTION",
        "MUJAHIDEEN",
        "JIHAD",
        "HAMAS",
        "HEZBOLLAH",
        "TALIBAN",
        "HARAM",
        "SHABAAB",
        "QAEDA",
        "QAIDA",
        "BROTHERHOOD",
        "WATCH",
        "NETWORK",
        "CENTRE",
        "CENTER",
        "TRIBUNAL",
        "ORGANISATIONS",
    ]
)
_CODE = re.compile(r"\[([A-Z~]{3,})(?:\s+([<>]?\d{6,8})?(?:-(\d{6,8}))?)?\s*\]")
_SMALL = frozenset({"OF", "THE", "AND", "FOR", "IN", "ON", "AL", "EL", "DE", "DU", "LA"})
DATA_FILE = Path(__file__).resolve().parent / "data" / "cameo_orgs.tsv"


def _clean(name: str) -> str:
    name = name.split("#", 1)[0].strip().lstrip("+").strip()
    name = re.sub(r"\(.*?\)", " ", name)
    return " ".join(name.replace("_", " ").split())


def display_name(name: str) -> str:
    """A readable form of an upper-case dictionary name ("BOKO HARAM" -> "Boko Haram")."""
    words = []
    for i, word in enumerate(name.split()):
        if word in _SMALL and i:
            words.append(word.lower())
        elif len(word) <= 4 and word.isalpha() and not any(v in word for v in "AEIOU"):
            words.append(word)
        else:
            words.append("-".join(part.capitalize() for part in word.split("-")))
    return " ".join(words)


def parse(path: Path) -> Iterator[tuple[list[str], str]]:
    """(names, current code) for each entry of a TABARI actor file."""
    names: list[str] = []
    codes: list[tuple[str, str | None]] = []

    def flush() -> Iterator[tuple[list[str], str]]:
        current = [code for code, end in codes if end is None]
        if names and current:
            yield names[:], current[-1]

    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        found = [(m.group(1), m.group(3)) for m in _CODE.finditer(line.split("#", 1)[0])]
        if line.startswith(("\t", " ")) and found:
            codes.extend(found)
            continue
        if line.startswith("+"):
            name = _clean(line.split("[", 1)[0])
            if name:
                names.append(name)
            codes.extend(found)
            continue
        yield from flush()
        names, codes = [], list(found)
        name = _clean(line.split("[", 1)[0])
        names = [name] if name else []
    yield from flush()


def _is_org(names: list[str], code: str, armed: bool) -> bool:
    if code.startswith("~"):
        return False
    words = set(" ".join(names).replace("-", " ").split())
    return armed or bool(words & _ORG_WORDS)


def _variant(name: str, main: str) -> bool:
    from rapidfuzz import fuzz

    return name == main or fuzz.ratio(name, main) >= 75


def _acronym(name: str) -> bool:
    return " " not in name and 2 <= len(name) <= 6 and name.isalpha()


def build(folder: Path) -> list[tuple[str, str, list[str]]]:
    """(code, display name, aliases) for the organisations in the two dictionaries."""
    out: list[tuple[str, str, list[str]]] = []
    seen: set[str] = set()
    for filename, armed in (
        ("Phoenix.MilNonState.actors.txt", True),
        ("Phoenix.International.actors.txt", False),
    ):
        for names, code in parse(folder / filename):
            if not _is_org(names, code, armed) or names[0] in seen:
                continue
            seen.add(names[0])
            # Dictionary synonyms are loose ("ISLAMIC JIHAD" under Hezbollah): keep spelling
            # variants of the main name and acronyms only.
            aliases = list(
                dict.fromkeys(
                    n for n in names if len(n) >= 2 and (_variant(n, names[0]) or _acronym(n))
                )
            )
            out.append((code, display_name(names[0]), aliases))
    return out


def main(argv: list[str]) -> int:
    """Write data/cameo_orgs.tsv from a cameo-dictionaries folder."""
    if len(argv) != 1:
        print("usage: python -m triangulate.kb.cameo CAMEO_DICTIONARIES_FOLDER", file=sys.stderr)
        return 2
    rows = build(Path(argv[0]))
    header = (
        "# Derived from the Phoenix/PETRARCH-2 actor dictionaries\n"
        "# (github.com/openeventdata/petrarch2, MIT licence,\n"
        "# Copyright (c) 2014 Open Event Data Alliance) by triangulate.kb.cameo.\n"
        "# code\tname\taliases (|-separated, upper case as in the dictionaries)\n"
    )
    body = "".join(f"{code}\t{name}\t{'|'.join(aliases)}\n" for code, name, aliases in rows)
    DATA_FILE.write_text(header + body, encoding="utf-8")
    print(f"{len(rows)} organisations written to {DATA_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
