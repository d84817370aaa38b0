"""Schema changes for the knowledge-base database, counted by ``PRAGMA user_version``.

Each migration runs in one transaction with the version bump, so a failed
migration leaves the database as it was. db/SCHEMA.md documents the result.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from kbapp.domain.errors import DatabaseError

if TYPE_CHECKING:
    import sqlite_utils

Migration = Callable[["sqlite_utils.Database"], None]

TEXT, INT = str, int


def _v1_initial(db: sqlite_utils.Database) -> None:
    db.table("meta").create({"key": TEXT, "value": TEXT}, pk="key")
    db.table("bodies").create({"id": TEXT, "name": TEXT, "abbreviation": TEXT}, pk="id", not_null={"name"})
    db.table("body_spellings").create(
        {"body_id": TEXT, "spelling": TEXT}, pk=("body_id", "spelling"), foreign_keys=[("body_id", "bodies", "id")]
    )
    db.table("resources").create(
        {
            "id": TEXT,
            "title": TEXT,
            "description": TEXT,
            "blocks": TEXT,
            "published": TEXT,
            "published_as_written": TEXT,
            "year": INT,
            "body_id": TEXT,
            "body_as_written": TEXT,
            "category": TEXT,
            "position": INT,
            "source": TEXT,
            "source_lines": TEXT,
        },
        pk="id",
        not_null={"title", "published", "body_id", "category"},
        foreign_keys=[("body_id", "bodies", "id")],
    )
    child_tables: dict[str, dict[str, type]] = {
        "resource_standards": {
            "designation": TEXT,
            "prefix": TEXT,
            "number": TEXT,
            "part": INT,
            "year": INT,
            "role": TEXT,
        },
        "resource_markings": {"marking": TEXT, "restricted": INT, "context": TEXT},
        "resource_reviews": {"reviewer": TEXT, "month": TEXT, "year": INT, "text": TEXT},
        "resource_emails": {"email": TEXT},
    }
    for table, columns in child_tables.items():
        db.table(table).create(
            {"resource_id": TEXT, "position": INT, **columns},
            pk=("resource_id", "position"),
            foreign_keys=[("resource_id", "resources", "id")],
        )
    db.table("abbreviations").create(
        {"abbreviation": TEXT, "expansion": TEXT, "position": INT, "source": TEXT, "source_lines": TEXT},
        pk="abbreviation",
    )
    db.table("terms").create(
        {
            "id": TEXT,
            "term": TEXT,
            "term_as_written": TEXT,
            "abbreviation": TEXT,
            "informal_definition": TEXT,
            "itil_definition": TEXT,
            "itil_publication": TEXT,
            "itil_publication_abbr": TEXT,
            "abbreviated": INT,
            "position": INT,
            "source": TEXT,
            "source_lines": TEXT,
        },
        pk="id",
        foreign_keys=[("abbreviation", "abbreviations", "abbreviation")],
    )
    db.table("itil_sections").create(
        {
            "id": TEXT,
            "publication": TEXT,
            "publication_name": TEXT,
            "number": TEXT,
            "title": TEXT,
            "note": TEXT,
            "parent_id": TEXT,
            "position": INT,
            "number_as_written": TEXT,
            "source": TEXT,
            "source_lines": TEXT,
        },
        pk="id",
    )
    db.table("clauses").create(
        {
            "id": TEXT,
            "standard": TEXT,
            "clause": TEXT,
            "title": TEXT,
            "parent_id": TEXT,
            "position": INT,
            "source": TEXT,
            "source_lines": TEXT,
        },
        pk="id",
    )
    db.table("clause_refs").create(
        {
            "id": INT,
            "clause_id": TEXT,
            "position": INT,
            "publication": TEXT,
            "publication_name": TEXT,
            "section": TEXT,
            "title": TEXT,
            "as_written": TEXT,
            "inferred_publication": INT,
            "itil_section_id": TEXT,
            "source_lines": TEXT,
        },
        pk="id",
        foreign_keys=[("clause_id", "clauses", "id"), ("itil_section_id", "itil_sections", "id")],
    )
    db.table("standards").create(
        {
            "id": TEXT,
            "designation": TEXT,
            "number": TEXT,
            "year": INT,
            "title": TEXT,
            "status": TEXT,
            "expected_publication": TEXT,
            "technical_report": INT,
            "description": TEXT,
            "relations": TEXT,
            "sections": TEXT,
            "source": TEXT,
            "source_lines": TEXT,
        },
        pk="id",
    )
    db.table("standard_parts").create(
        {"standard_id": TEXT, "part": INT, "title": TEXT, "status": TEXT, "relations": TEXT, "source_lines": TEXT},
        pk=("standard_id", "part"),
        foreign_keys=[("standard_id", "standards", "id")],
    )
    db.table("standard_links").create(
        {"resource_id": TEXT, "standard_id": TEXT, "part": INT, "designation": TEXT, "relation": TEXT},
        pk=("resource_id", "standard_id", "designation"),
        foreign_keys=[("resource_id", "resources", "id"), ("standard_id", "standards", "id")],
    )
    db.table("sections").create(
        {
            "id": TEXT,
            "number": TEXT,
            "title": TEXT,
            "kind": TEXT,
            "parent_id": TEXT,
            "position": INT,
            "text": TEXT,
            "blocks": TEXT,
            "source": TEXT,
            "source_lines": TEXT,
        },
        pk="id",
    )
    db.table("corrections").create(
        {"id": INT, "source": TEXT, "line": INT, "original": TEXT, "corrected": TEXT, "rule": TEXT}, pk="id"
    )
    db.table("residue").create({"source": TEXT, "line": INT, "text": TEXT, "reason": TEXT}, pk=("source", "line"))
    db.table("clause_refs").create_index(["clause_id"])
    db.table("clause_refs").create_index(["publication", "section"])
    db.table("clauses").create_index(["clause"])
    db.table("resources").create_index(["body_id"])
    db.table("standard_links").create_index(["standard_id"])


def _v2_entry_hashes(db: sqlite_utils.Database) -> None:
    # The hash of each catalogue entry's lines lets an edited catalogue be applied
    # without parsing the entries that did not change.
    db.table("resources").add_column("source_hash", str)
    db.table("resources").create_index(["source_hash"])


def _v3_itil_records(db: sqlite_utils.Database) -> None:
    # Every ITIL section the paper names, in section 7's list or Appendix B, as a record.
    db.table("itil_records").create(
        {
            "id": TEXT,  # "SD-4.6.4.3"
            "section_id": TEXT,  # "SD 4.6.4.3", as clause_refs name it
            "publication": TEXT,
            "publication_name": TEXT,
            "number": TEXT,
            "title": TEXT,
            "titles": TEXT,
            "parent_id": TEXT,
            "note": TEXT,
            "listed_in": TEXT,
            "position": INT,
            "source": TEXT,
            "source_lines": TEXT,
        },
        pk="id",
    )
    db.table("itil_records").create_index(["section_id"], unique=True)


def _v4_imports_match_resources(db: sqlite_utils.Database) -> None:
    # An imported entry may be a resource of the shipped catalogue or of an earlier
    # import, changed or not. The source it replaced says that taking the import out
    # needs a rebuild; the claims say that a catalogue update touching that resource
    # does too (the import's text may stand over it).
    db.table("resources").add_column("replaces", str)
    db.table("import_claims").create({"source": TEXT, "resource_id": TEXT}, pk=("source", "resource_id"))
    db.table("import_claims").create_index(["resource_id"])


def _v5_local_entries(db: sqlite_utils.Database) -> None:
    # The user's own entries and overrides (storage.local) are marked, so that every
    # view, export and facet can say so: '' (none), 'entry' or 'override'.
    db.table("resources").add_column("local", str, not_null_default="")


MIGRATIONS: list[Migration] = [
    _v1_initial,
    _v2_entry_hashes,
    _v3_itil_records,
    _v4_imports_match_resources,
    _v5_local_entries,
]
SCHEMA_VERSION = len(MIGRATIONS)


def user_version(db: sqlite_utils.Database | sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def refuse_if_newer(what: str, version: int, known: int = SCHEMA_VERSION) -> None:
    """A database of a newer kbapp is never opened, upgraded or built over."""
    if version > known:
        raise DatabaseError(
            f"{what} was written by a newer kbapp (schema {version}, this kbapp knows {known}); "
            "it is left untouched: upgrade kbapp to open it"
        )


def migrate(db: sqlite_utils.Database, migrations: list[Migration] | None = None, what: str = "the database") -> int:
    """Bring a database up to the last of ``migrations`` (the knowledge base's by default).

    A database from a newer kbapp is refused untouched. Each step runs in one
    transaction with its version bump, so a step that fails leaves the database at
    the version before it, and the error says which step failed."""
    steps = MIGRATIONS if migrations is None else migrations
    version = user_version(db)
    refuse_if_newer(what, version, len(steps))
    for number in range(version, len(steps)):
        try:
            with db.atomic():
                steps[number](db)
                db.execute(f"PRAGMA user_version = {number + 1}")
        except Exception as exc:
            if version == 0 and isinstance(exc, sqlite3.OperationalError):
                raise  # a new file that cannot be written (a full disk): no upgrade to speak of
            raise DatabaseError(
                f"{what}: upgrading to schema {number + 1} failed ({exc}); it was rolled back to schema {number}"
            ) from exc
    return len(steps)
