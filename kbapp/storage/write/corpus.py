"""Writing the parsed sources into a fresh knowledge-base database (inside the
build's one transaction, which ``storage.database.build_database`` holds)."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

from kbapp.domain.itil import itil_records
from kbapp.domain.records import WHITE_PAPER_FILE, Catalogue, WhitePaper
from kbapp.sources.whitepaper import publication_names
from kbapp.storage.write.resources import json_text, standard_links, write_bodies, write_meta, write_resources

if TYPE_CHECKING:
    import sqlite_utils


def write_corpus(db: sqlite_utils.Database, catalogue: Catalogue, paper: WhitePaper, meta: dict[str, str]) -> None:
    write_bodies(db, catalogue.resources)
    write_resources(db, list(enumerate(catalogue.resources)))
    _write_white_paper(db, paper)
    db.table("standard_links").insert_all(standard_links(catalogue.resources, paper.standards))
    corrections = catalogue.corrections + paper.corrections
    db.table("corrections").insert_all(
        ({"id": i + 1, **asdict(c)} for i, c in enumerate(corrections)),
    )
    db.table("residue").insert_all(asdict(r) for r in catalogue.residue + paper.residue)
    write_meta(db, meta)


def _write_white_paper(db: sqlite_utils.Database, paper: WhitePaper) -> None:
    db.table("abbreviations").insert_all(
        {
            "abbreviation": a.abbreviation,
            "expansion": a.expansion,
            "position": i,
            "source": WHITE_PAPER_FILE,
            "source_lines": json_text(a.source_lines),
        }
        for i, a in enumerate(paper.abbreviations)
    )
    names = publication_names(paper.abbreviations)
    abbr_of = {v: k for k, v in names.items()}
    known_abbrs = {a.abbreviation for a in paper.abbreviations}
    db.table("terms").insert_all(
        {
            "id": t.id,
            "term": t.term,
            "term_as_written": t.term_as_written,
            "abbreviation": t.abbreviation if t.abbreviation in known_abbrs else None,
            "informal_definition": t.informal_definition,
            "itil_definition": t.itil_definition,
            "itil_publication": t.itil_publication,
            "itil_publication_abbr": abbr_of.get(t.itil_publication or ""),
            "abbreviated": int(t.abbreviated),
            "position": i,
            "source": WHITE_PAPER_FILE,
            "source_lines": json_text(t.source_lines),
        }
        for i, t in enumerate(paper.terms)
    )
    db.table("itil_sections").insert_all(
        {
            "id": s.id,
            "publication": s.publication,
            "publication_name": names.get(s.publication),
            "number": s.number,
            "title": s.title,
            "note": s.note,
            "parent_id": s.parent,
            "position": s.position,
            "number_as_written": s.number_as_written,
            "source": WHITE_PAPER_FILE,
            "source_lines": json_text(s.source_lines),
        }
        for s in paper.itil_sections
    )
    db.table("itil_records").insert_all(
        {
            "id": r.key,
            "section_id": r.section_id,
            "publication": r.publication,
            "publication_name": names.get(r.publication),
            "number": r.number,
            "title": r.title,
            "titles": json_text(r.titles),
            "parent_id": r.parent,
            "note": r.note,
            "listed_in": json_text(r.listed_in),
            "position": r.position,
            "source": WHITE_PAPER_FILE,
            "source_lines": json_text(r.source_lines),
        }
        for r in itil_records(paper.itil_sections, paper.clauses)
    )
    section_ids = {s.id for s in paper.itil_sections}
    ref_rows: list[dict] = []
    for c in paper.clauses:
        db.table("clauses").insert(
            {
                "id": c.id,
                "standard": c.standard,
                "clause": c.clause,
                "title": c.title,
                "parent_id": c.parent,
                "position": c.position,
                "source": WHITE_PAPER_FILE,
                "source_lines": json_text(sorted(set(c.source_lines))),
            }
        )
        for i, ref in enumerate(c.references):
            section_id = f"{ref.publication} {ref.section}" if ref.publication and ref.section else None
            ref_rows.append(
                {
                    "id": len(ref_rows) + 1,
                    "clause_id": c.id,
                    "position": i,
                    "publication": ref.publication,
                    "publication_name": names.get(ref.publication or ""),
                    "section": ref.section,
                    "title": ref.title,
                    "as_written": ref.as_written,
                    "inferred_publication": int(ref.inferred_publication),
                    "itil_section_id": section_id if section_id in section_ids else None,
                    "source_lines": json_text(ref.source_lines),
                }
            )
    db.table("clause_refs").insert_all(ref_rows)
    for s in paper.standards:
        db.table("standards").insert(
            {
                "id": s.id,
                "designation": s.designation,
                "number": s.number,
                "year": s.year,
                "title": s.title,
                "status": s.status,
                "expected_publication": s.expected_publication,
                "technical_report": int(s.technical_report),
                "description": s.description,
                "relations": json_text(s.relations),
                "sections": json_text(s.sections),
                "source": s.source,
                "source_lines": json_text(sorted(set(s.source_lines))),
            }
        )
        db.table("standard_parts").insert_all(
            {
                "standard_id": s.id,
                "part": p.part,
                "title": p.title,
                "status": p.status,
                "relations": json_text(p.relations),
                "source_lines": json_text(p.source_lines),
            }
            for p in s.parts
        )
    db.table("sections").insert_all(
        {
            "id": s.id,
            "number": s.number,
            "title": s.title,
            "kind": s.kind,
            "parent_id": s.parent,
            "position": s.position,
            "text": s.text,
            "blocks": json_text(s.blocks),
            "source": WHITE_PAPER_FILE,
            "source_lines": json_text(s.source_lines),
        }
        for s in paper.sections
    )
