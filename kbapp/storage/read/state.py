"""The build a database holds, its record counts, and the catalogue's stored state
(what an in-place update compares a new catalogue with)."""

from __future__ import annotations

import json

from kbapp.domain.ids import KINDS, RecordKind
from kbapp.storage.read.base import Reader

TABLE_OF_KIND = {
    RecordKind.RESOURCE: "resources",
    RecordKind.TERM: "terms",
    RecordKind.ABBREVIATION: "abbreviations",
    RecordKind.MAPPING: "clauses",
    RecordKind.STANDARD: "standards",
    RecordKind.SECTION: "sections",
    RecordKind.ITIL: "itil_records",
}


class StateReader(Reader):
    def meta(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT key, value FROM meta").fetchall())

    def counts(self) -> dict[str, int]:
        """Records of each kind, keyed by the kind's name."""
        return {
            kind.value: self.conn.execute(f"SELECT count(*) FROM {TABLE_OF_KIND[kind]}").fetchone()[0] for kind in KINDS
        }

    def entry_hashes(self, source: str) -> dict[str, tuple[str, str]]:
        """Entry hash → (resource id, authoring body as written), for the entries of
        one catalogue file as they were last built."""
        rows = self.conn.execute(
            "SELECT source_hash, id, body_as_written FROM resources WHERE source_hash != '' AND source = ?", (source,)
        )
        return {digest: (rid, body) for digest, rid, body in rows.fetchall()}

    def resource_ids(self, source: str) -> list[str]:
        """Untyped ids of the resources from one catalogue file, in order."""
        return self.column("SELECT id FROM resources WHERE source = ? ORDER BY position", (source,))

    def resource_texts(self, source: str | None = None) -> dict[str, dict]:
        """Each resource's compared fields (catalogue_diff), by untyped id: the catalogue's
        state, to tell what a change did. ``source``: only the resources from that file."""
        where, args = ("WHERE source = ?", (source,)) if source else ("", ())
        return {
            r["id"]: r
            for r in self.rows(
                "SELECT id, title, description, published, published_as_written, body_as_written, category"
                f" FROM resources {where}",
                args,
            )
        }

    def resource_row(self, rid: str) -> dict | None:
        """One resource's stored fields (untyped id), with its blocks, source and mark."""
        rows = self.rows(
            "SELECT id, title, description, blocks, published, published_as_written, body_as_written, category,"
            " source, replaces, local FROM resources WHERE id = ?",
            (rid,),
        )
        return rows[0] if rows else None

    def local_marks(self) -> dict[str, str]:
        """The user's own entries and overridden resources: id → ``entry`` or ``override``."""
        return dict(self.conn.execute("SELECT id, local FROM resources WHERE local != ''").fetchall())

    def local_titles_matching(self, source: str) -> list[tuple[str, str]]:
        """The user's local entries (id, title) with the title of a resource of ``source``."""
        return [
            (r["id"], r["title"])
            for r in self.rows(
                "SELECT l.id, l.title FROM resources l WHERE l.local = 'entry' AND EXISTS (SELECT 1 FROM resources r"
                " WHERE r.source = ? AND lower(trim(r.title)) = lower(trim(l.title)))",
                (source,),
            )
        ]

    def resource_counts_by_source(self) -> dict[str, int]:
        return dict(self.conn.execute("SELECT source, count(*) FROM resources GROUP BY source").fetchall())

    def resource_ids_not_from(self, source: str) -> set[str]:
        return set(self.column("SELECT id FROM resources WHERE source != ?", (source,)))

    def resource_fingerprints(self, ids: list[str]) -> dict[str, tuple]:
        """What each of these resources says, to tell whether an edited entry changed it."""
        return {
            r["id"]: (r["title"], r["blocks"], r["published_as_written"], r["body_as_written"], r["category"])
            for r in self.rows(
                "SELECT id, title, blocks, published_as_written, body_as_written, category FROM resources"
                " WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(ids),),
            )
        }
