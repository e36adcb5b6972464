"""Corpus stages: sections of analysis.json built from all stored article results.

Each module registers its sections with ``triangulate.sections.corpus_section``;
``CORPUS_MODULES`` lists the modules to import so that they register.
"""

#: Modules that define corpus sections (importing one registers them).
CORPUS_MODULES: tuple[str, ...] = ("triangulate.corpus.entities",)
