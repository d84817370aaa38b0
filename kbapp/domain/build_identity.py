"""What a knowledge base is built from, and the id that names that build.

A database and its index carry a build id; it changes whenever the shipped
sources, the kept imports, the schema or the parsers change, and a start that
finds a different id rebuilds. This is the one place that id and the metadata
stored beside it are made.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from kbapp import __version__

# Bump when a parser changes what it produces, or a build writes more (6: the
# content seal), so existing databases are rebuilt.
PARSER_VERSION = "6"


@dataclass(frozen=True)
class BuildInputs:
    """The SHA-256 of each shipped source, and the imports' key (names, sizes, times)."""

    catalogue_sha256: str
    white_paper_sha256: str
    imports: str = ""

    def build_id(self, schema_version: int) -> str:
        parts = [self.catalogue_sha256, self.white_paper_sha256, str(schema_version), PARSER_VERSION]
        if self.imports:  # without imports, ids stay those of earlier versions
            parts.append(self.imports)
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]

    @classmethod
    def from_meta(cls, meta: dict[str, str], imports: str | None = None) -> BuildInputs:
        """The inputs a built database records (with the imports as they are now, if given)."""
        return cls(
            meta.get("source_catalogue_sha256", ""),
            meta.get("source_white_paper_sha256", ""),
            meta.get("imports", "") if imports is None else imports,
        )


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def build_meta(inputs: BuildInputs, schema_version: int, catalogue_name: str, white_paper_name: str) -> dict[str, str]:
    """The metadata a new database stores about its build."""
    return {
        "build_id": inputs.build_id(schema_version),
        "built_at": now_utc(),
        "schema_version": str(schema_version),
        "parser_version": PARSER_VERSION,
        "app_version": __version__,
        "source_catalogue": catalogue_name,
        "source_catalogue_sha256": inputs.catalogue_sha256,
        "source_white_paper": white_paper_name,
        "source_white_paper_sha256": inputs.white_paper_sha256,
        "imports": inputs.imports,
    }


def changed_meta(inputs: BuildInputs, schema_version: int, **extra: str) -> dict[str, str]:
    """The metadata that changes when a built database is updated in place."""
    return {
        "build_id": inputs.build_id(schema_version),
        "built_at": now_utc(),
        "source_catalogue_sha256": inputs.catalogue_sha256,
        "imports": inputs.imports,
        **extra,
    }
