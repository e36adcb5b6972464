"""Storage: SQLAlchemy Core over a SQLite file (default) or PostgreSQL."""

from triangulate.store.db import Store, open_store

__all__ = ["Store", "open_store"]
