"""Triangulate: a sourced picture of a developing news story."""

__version__ = "0.1.0"

#: The version tag written into every analysis.json; bump it when a field changes meaning.
SCHEMA = "triangulate/1"
