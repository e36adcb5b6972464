"""The database schema (SQLAlchemy Core), shared by SQLite and PostgreSQL.

Articles own their text. Each article's pipeline result is stored whole as
JSON beside the pipeline version that produced it: corpus stages read those
results back, so adding an article never re-runs the NLP on the others, and a
version bump marks exactly the results that need recomputing.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("source", Text, nullable=False),
    Column("title", Text),
    Column("language", String(16)),
    Column("published", Date),
    Column("outlet", Text),
    Column("byline", Text),
    Column("url", Text),
    Column("text", Text, nullable=False),
    Column("added", DateTime(timezone=True), nullable=False),
)

# The same content can arrive from several files or URLs; each is remembered.
article_sources = Table(
    "article_sources",
    metadata,
    Column(
        "article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("source", Text, primary_key=True),
)

analyses = Table(
    "analyses",
    metadata,
    Column(
        "article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("version", String(32), nullable=False),
    Column("result", Text, nullable=False),
    Column("seconds", Integer),
    Column("analysed", DateTime(timezone=True), nullable=False),
)
