"""Repair one structural parse error of the Swedish parser: a verb with two subjects.

``sv_core``'s parser (trained on the small Talbanken v1.0 treebank, LAS 0.675)
often labels the object of a transitive verb as a second ``nsubj``: "Ryssland
anföll ukrainska ställningar" comes out with both "Ryssland" and "ställningar"
as subjects, so that the event coder reads Ukraine's positions as attackers.
A clause has one subject, and Swedish is verb-second: in a main clause the
subject stands either before the finite verb or, after a fronted adverbial
("I går anföll Ryssland ..."), right after it. So of two ``nsubj`` children
the ones in subject position keep the label and the others become ``obj``:
those before the verb (several there are a coordination the parser flattened:
"USA och Israel anföll iranska mål"), else the first after it. Swedish also
fronts objects ("Den idén följer man inte"), so a subject pronoun after the
verb, a placeholder "det" before it, a copula or a question leaves the clause
as parsed. On UD Talbanken dev (gold tokens; literary and essay prose) it
changes 14 labels: 8 to the gold ``obj``, 4 gold subjects wrongly, 2 tokens
with wrong heads anyway; LAS 0.6681 -> 0.6686. Without those exceptions it
changed 31, only 11 rightly. In news, with its subject-first reports of acts
("Ryssland anföll ..."), the error it repairs is the common one.

Only token labels change; heads and sentence boundaries stay as the parser
set them, so no span or offset moves.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

_SUBJECT = "nsubj"
_OBJECT = "obj"

#: Subject pronouns: after the verb one of these is the subject of a clause with a
#: fronted object ("Den idén följer man inte"), and the repair stands back.
_SUBJECT_PRONOUNS = frozenset(
    {"jag", "du", "han", "hon", "hen", "man", "vi", "ni", "de", "dom", "den", "det"}
)
#: Copulas, whose second nominal is a predicative, and the existential "finns"
#: ("Det finns risker"), whose "det" is a placeholder and its noun the subject.
_COPULAS = frozenset(
    {"är", "var", "varit", "vara", "vore", "blir", "blev", "blivit", "bli", "finns", "fanns"}
)


def repair_double_subjects(doc: Doc) -> int:
    """Relabel the extra ``nsubj`` of each verb as ``obj``; returns how many changed."""
    if not doc.has_annotation("DEP"):
        return 0
    changed = 0
    for verb in doc:
        subjects = [child for child in verb.children if child.dep_ == _SUBJECT]
        if len(subjects) < 2 or verb.pos_ not in ("VERB", "AUX"):
            continue
        after = [s for s in subjects if s.i > verb.i]
        before = [s for s in subjects if s.i < verb.i]
        if (
            verb.lower_ in _COPULAS
            or any(s.lower_ in _SUBJECT_PRONOUNS for s in after)
            or any(s.lower_ in ("det", "detta") for s in before)
            or verb.sent.text.rstrip().endswith("?")
        ):
            continue  # fronted object, placeholder "det", predicative or question
        # With a subject before the verb every later one is an object; with none,
        # the first after the verb is the subject. Several before the verb are
        # usually a coordination the parser flattened ("USA och Israel anföll").
        extras = after if len(after) < len(subjects) else after[1:]
        for extra in extras:
            extra.dep_ = _OBJECT
            changed += 1
    return changed


@Language.component("tri_parse_repair")
def parse_repair(doc: Doc) -> Doc:
    """Pipeline component: see ``repair_double_subjects``."""
    repair_double_subjects(doc)
    return doc


#: Languages whose parsers make this error often enough to repair it.
LANGUAGES = frozenset({"sv"})
