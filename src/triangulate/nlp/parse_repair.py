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
"USA och Israel anföll iranska mål"), else the first after it.

Only token labels change; heads and sentence boundaries stay as the parser
set them, so no span or offset moves.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

_SUBJECT = "nsubj"
_OBJECT = "obj"


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
