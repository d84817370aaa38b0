"""What the window's lists and tables show: every id of a kind, and the few fields
of each row, fetched for the rows on screen only."""

from __future__ import annotations

from kbapp.domain.ids import RecordKind, group_by_kind, record_id
from kbapp.domain.labels import record_label, standard_designation
from kbapp.domain.standard_editions import current_editions
from kbapp.storage.read.base import Reader, Record, chunks, marks
from kbapp.storage.read.listings import later_editions

SUMMARY_SQL = {
    RecordKind.RESOURCE: """SELECT r.id AS key, r.title, r.published, r.year, r.category, r.source, r.replaces, r.local,
                                   r.description, b.name AS authoring_body, b.abbreviation AS authoring_body_abbr
                            FROM resources r JOIN bodies b ON b.id = r.body_id WHERE r.id IN ({})""",
    RecordKind.TERM: """SELECT id AS key, term, term_as_written, abbreviation, informal_definition,
                               itil_definition, itil_publication FROM terms WHERE id IN ({})""",
    RecordKind.ABBREVIATION: """SELECT abbreviation AS key, abbreviation, expansion FROM abbreviations
                                WHERE abbreviation IN ({})""",
    RecordKind.MAPPING: """SELECT id AS key, standard, clause, title, title AS clause_title
                           FROM clauses WHERE id IN ({})""",
    RecordKind.STANDARD: """SELECT s.id AS key, s.designation, s.year, s.title, s.title AS standard_title, s.status,
                                   s.expected_publication
                            FROM standards s WHERE s.id IN ({})""",
    RecordKind.SECTION: "SELECT id AS key, number, title, kind FROM sections WHERE id IN ({})",
    RecordKind.ITIL: "SELECT id AS key, publication, number, title FROM itil_records WHERE id IN ({})",
}
ID_SQL = {
    RecordKind.RESOURCE: "SELECT id FROM resources ORDER BY position",
    RecordKind.TERM: "SELECT id FROM terms ORDER BY position",
    RecordKind.ABBREVIATION: "SELECT abbreviation FROM abbreviations ORDER BY position",
    RecordKind.MAPPING: "SELECT id FROM clauses ORDER BY position",
    RecordKind.STANDARD: "SELECT id FROM standards ORDER BY CAST(number AS INTEGER), id",  # as kbapp list
    RecordKind.SECTION: "SELECT id FROM sections ORDER BY position",
    RecordKind.ITIL: "SELECT id FROM itil_records ORDER BY position",
}


class ViewReader(Reader):
    def ids(self, kind: RecordKind | str) -> list[str]:
        """The typed ids of every record of a kind, in source order."""
        kind = RecordKind(kind)
        return [record_id(kind, key) for key in self.column(ID_SQL[kind])]

    def summaries(self, typed_ids: list[str]) -> dict[str, Record]:
        """The few fields a list or table shows, for the given records only; ``title``
        is the record's label."""
        out: dict[str, Record] = {}
        groups = group_by_kind(typed_ids)
        later = later_editions(self) if RecordKind.STANDARD in groups else {}
        for kind, keys in groups.items():
            for chunk in chunks(keys):
                for row in self.rows(SUMMARY_SQL[kind].format(marks(chunk)), tuple(chunk)):
                    key = row.pop("key")
                    typed_id = record_id(kind, key)
                    row["title"] = record_label(kind, row)
                    if kind is RecordKind.STANDARD:
                        editions = later.get(key, [])
                        row["catalogue_editions"] = ", ".join(editions)
                        row["current_edition"] = current_editions(standard_designation(row), editions)
                    row["type"] = kind.value
                    row["id"] = typed_id
                    out[typed_id] = row
        return out
