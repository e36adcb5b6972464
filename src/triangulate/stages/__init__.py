"""Per-article stages: each is a spaCy component registered with ``@Language.factory``.

``STAGE_ORDER`` lists the components appended, in order, to every language's
base pipeline. Each stage declares what it ``requires`` and ``assigns``;
spaCy's ``nlp.analyze_pipes`` checks them (tests call it). A stage stores its
results on the Doc (``doc.ents``, ``doc.spans[...]`` or a ``doc._`` extension)
and registers how they appear in analysis.json with ``triangulate.sections``.

Contracts between stages (read by later ones):

* ``tri_entities``: ``doc.ents`` labelled PERSON, ORG, GPE, LOC, NORP, FAC or
  MISC; each entity span has ``span._.entity_id`` (stable across articles and
  languages) and ``span._.actor_code`` (PLOVER-style, e.g. ``USAGOV``) or None;
  ``doc._.entity_index`` maps each entity id to its name, type, kb_id and
  actor_code. ``triangulate.kb.lookup(name, lang)`` resolves any other name.
* ``tri_places``: ``span._.place`` (dict: id, name, country, lat, lon, kind)
  on place entities.
* ``tri_factuality``: ``doc._.factuality``, one record per sentence.
* ``tri_quotes``: ``doc._.quotes`` and ``doc._.sourcing``.
* ``tri_timex``: ``doc.spans["timex"]`` with ``span._.timex`` (value, type,
  precision, resolved).
* ``tri_numbers``: ``doc._.numbers``.
* ``tri_events``: ``doc._.events``.
"""

from __future__ import annotations

import importlib

from spacy.language import Language

#: Modules that define stage factories (importing one registers its factories).
STAGE_MODULES: tuple[str, ...] = (
    "triangulate.nlp.sentences",
    "triangulate.stages.entities",
    "triangulate.stages.places",
    "triangulate.stages.factuality",
    "triangulate.stages.quotes",
    "triangulate.stages.timex",
    "triangulate.stages.numbers",
    "triangulate.stages.events",
)

#: Component names appended to every base pipeline, in order.
STAGE_ORDER: tuple[str, ...] = (
    "tri_entities",
    "tri_places",
    "tri_factuality",
    "tri_quotes",
    "tri_timex",
    "tri_numbers",
    "tri_events",
)


def load_stage_modules() -> None:
    """Import every stage module so that its factories are registered with spaCy."""
    from triangulate.corpus import CORPUS_MODULES

    for name in (*STAGE_MODULES, *CORPUS_MODULES):
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            # A stage still being written is skipped; any other missing module is a bug.
            if exc.name != name:
                raise


def available_stages() -> list[str]:
    """The stages of ``STAGE_ORDER`` whose factories are registered."""
    load_stage_modules()
    return [name for name in STAGE_ORDER if Language.has_factory(name)]
