"""Readers: one module per source kind, each turning raw input into Articles.

``read_inputs`` is the single entry point: it expands directories, globs and
``-`` (stdin), picks the reader for each input, and yields either an Article or
an ``InputError`` for each input, so one broken file never stops the others.
"""

from triangulate.ingest.sources import ReadResult, read_inputs

__all__ = ["ReadResult", "read_inputs"]
