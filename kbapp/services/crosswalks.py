"""Crosswalk tables for the command line and the window: load one (checked whole
before it is kept), list and remove them. ``domain.crosswalk.Crosswalk`` follows
them (``kbapp map 10.1.2 --to 27002:2022``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kbapp.domain.crosswalk import CrosswalkTable
from kbapp.domain.errors import KbError, SourceError
from kbapp.domain.ids import slugify
from kbapp.domain.mapping_rules import MAPPED_EDITIONS
from kbapp.services.knowledge_base import KnowledgeBase
from kbapp.sources.crosswalk_csv import parse_crosswalk
from kbapp.storage.crosswalks import keep_table, remove_leftovers, remove_table, stored_tables


@dataclass
class LoadedTable:
    table: CrosswalkTable
    path: Path  # where it is kept
    replaced: bool
    warnings: list[str] = field(default_factory=list)


@dataclass
class Tables:
    tables: list[CrosswalkTable]
    notices: list[str]  # kept files that no longer read (changed by hand), left out


def load_table(kb: KnowledgeBase, source: Path) -> LoadedTable:
    """Check ``source`` whole and keep it; a bad row refuses it all."""
    try:
        content = source.read_bytes()
        text = content.decode("utf-8-sig")
    except OSError as exc:
        raise SourceError(str(source), None, None, f"cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise SourceError(str(source), None, None, f"is not UTF-8 text (byte {exc.start})") from None
    name = slugify(source.stem) or "crosswalk"
    table, warnings = parse_crosswalk(text, str(source), name)
    folder = kb.paths.crosswalks
    remove_leftovers(folder)
    kept, replaced = keep_table(folder, name, content)
    return LoadedTable(table, kept, replaced, warnings)


def loaded_tables(kb: KnowledgeBase) -> Tables:
    tables, notices = [], []
    for path in stored_tables(kb.paths.crosswalks):
        try:
            tables.append(parse_crosswalk(path.read_text(encoding="utf-8-sig"), str(path), path.stem)[0])
        except (KbError, OSError, UnicodeDecodeError) as exc:
            notices.append(f"The crosswalk table {path} was left out: {exc}")
    return Tables(tables, notices)


def remove(kb: KnowledgeBase, name: str) -> Path:
    return remove_table(kb.paths.crosswalks, name)


def editions_loaded(tables: list[CrosswalkTable]) -> list[tuple[str, str]]:
    """Every (standard, edition) some loaded table maps, but the tables' own (2005)."""
    found = {pair for t in tables for pair in t.editions()}
    return sorted(found - set(MAPPED_EDITIONS.items()))
