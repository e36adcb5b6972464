"""Per-article stages: each is a spaCy component registered with ``@Language.factory``.

``STAGE_ORDER`` lists the components appended, in order, to every language's
base pipeline. Each stage declares what it ``requires`` and ``assigns``;
spaCy's ``nlp.analyze_pipes`` checks them (tests call it). A stage stores its
results on the Doc (``doc.ents``, ``doc.spans[...]`` or a ``doc._`` extension)
and registers how they appear in analysis.json with ``triangulate.sections``.
"""

from __future__ import annotations

import importlib

#: Modules that define stage factories (importing registers them).
STAGE_MODULES: tuple[str, ...] = ("triangulate.nlp.sentences",)

#: Component names appended to every base pipeline, in order.
STAGE_ORDER: tuple[str, ...] = ()


def load_stage_modules() -> None:
    """Import every stage module so that its factories are registered with spaCy."""
    for name in STAGE_MODULES:
        importlib.import_module(name)
