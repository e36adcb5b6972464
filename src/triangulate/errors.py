"""Errors that know how to present themselves.

A bad input must never take good ones down with it: readers raise
``InputError`` for one input, the runner reports it on one line and moves on.
Each class carries the process exit code (and HTTP status for the web app).
"""

from __future__ import annotations


class TriangulateError(Exception):
    """Base class: a message for a human, an exit code, an HTTP status."""

    exit_code = 1
    http_status = 500

    def format_message(self) -> str:
        """One line, suitable for stderr or an HTTP error body."""
        return " ".join(str(self).split())


class InputError(TriangulateError):
    """One input (file, URL, line) could not be read; the others go on."""

    http_status = 400

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


class UsageError(TriangulateError):
    """The command line itself is wrong."""

    exit_code = 2
    http_status = 400


class ModelError(TriangulateError):
    """A language pipeline is missing or broken; says how to rebuild it."""

    exit_code = 3
    http_status = 500


class StoreError(TriangulateError):
    """The database could not be opened or written."""

    exit_code = 4
    http_status = 503
