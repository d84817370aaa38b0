"""Errors a user can act on. Each carries a message fit to show as it is."""

from __future__ import annotations


class KbError(Exception):
    """An expected error, with a message for the user."""


class SourceError(KbError):
    """A source document could not be parsed. Names file, line and field."""

    def __init__(self, path: str, line: int | None, field: str | None, problem: str) -> None:
        self.path = path
        self.line = line
        self.field = field
        self.problem = problem
        where = path if line is None else f"{path}, line {line}"
        what = f" ({field})" if field else ""
        super().__init__(f"{where}{what}: {problem}")


class DatabaseError(KbError):
    """The knowledge-base database is missing, from a newer version, or damaged."""


class NotFound(KbError):
    """No record with that id, term or clause."""


class ExportError(KbError):
    """An export could not be written; the target file is untouched."""


class WriteError(KbError):
    """A write failed (disk full, I/O error, read-only folder). What was there before
    is untouched: the write went to a new file or into a transaction that rolled back."""


class DataFolderError(KbError):
    """The per-user data, settings or log folder cannot be made or used."""
