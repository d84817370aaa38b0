"""The knowledge base as the CLI and the window hold it: a Store with its use cases.

Each use case lives in its own module (``build``, ``imports``, ``exports``) and
returns its result with what it changed; this facade only names them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kbapp.services import build as building
from kbapp.services.build import BuildReport, StartState
from kbapp.services.store import Store

if TYPE_CHECKING:
    from kbapp.domain.catalogue_diff import ImportPreview, RecordedChange
    from kbapp.domain.progress import Progress
    from kbapp.services.editions import Edition, RestoreReport
    from kbapp.services.exports import Verification
    from kbapp.services.imports import ImportedFile, ImportReport, RemovalReport
    from kbapp.services.local_entries import LocalChange, LocalListing
    from kbapp.services.packs import PackReport, UnpackPreview, UnpackReport
    from kbapp.sources.entry_form import EntryValues

# The use cases other than building are imported where they are called: a command
# imports only its own.

__all__ = [
    "BuildReport",
    "KnowledgeBase",
    "StartState",
]


class KnowledgeBase(Store):
    def prepare(self) -> StartState:
        return building.prepare(self)

    def mark_index_damaged(self) -> None:
        """The index failed a search: the next build or start rebuilds it (from the database)."""
        self.close()
        building.mark_index_damaged(self)

    def check_is_due(self) -> bool:
        return building.check_is_due(self)

    def mark_database_damaged(self, problem: str) -> list[str]:
        return building.mark_database_damaged(self, problem)

    def build(self, force: bool = False, progress: Progress | None = None, check: bool = False) -> BuildReport:
        return building.build(self, force, progress, check)

    def ready_to_read(self, check: bool = False, tell: Callable[[str], None] | None = None) -> list[str]:
        """Up to date, or answering from a whole earlier build when it cannot be now."""
        return building.build_or_serve(self, check, tell)

    def ensure_ready(self, progress: Progress | None = None, check: bool = False) -> BuildReport:
        """Build at first start, rebuild what is missing, stale or corrupt; else do nothing."""
        return building.build(self, force=False, progress=progress, check=check)

    def import_catalogue(
        self,
        source: Path,
        progress: Progress | None = None,
        replace_catalogue: bool = False,
        replace_local: bool = False,
    ) -> ImportReport:
        """Add the entries of a catalogue file, whole or not at all (kept in ``imports/``);
        ``replace_catalogue``: as a new edition of the whole catalogue; ``replace_local``:
        the user's local entries of the same title as an entry are deleted (else both stay)."""
        from kbapp.services import imports as importing

        return importing.import_catalogue(self, source, progress, replace_catalogue, replace_local=replace_local)

    def preview_import(self, source: Path, replace_catalogue: bool = False) -> ImportPreview:
        """What importing a file would add, change and remove, field by field; nothing is written."""
        from kbapp.services import imports as importing

        return importing.preview_import(self, source, replace_catalogue)

    def editions(self) -> list[Edition]:
        """The catalogue editions kept, oldest first: each accepted change makes one."""
        from kbapp.services import editions as editing

        return editing.editions(self)

    def change_log(self, edition: int | None = None) -> list[tuple[Edition, RecordedChange]]:
        from kbapp.services import editions as editing

        return editing.change_log(self, edition)

    def restore_edition(self, number: int) -> RestoreReport:
        """Return the catalogue to an earlier edition (rebuilt beside, then swapped in)."""
        from kbapp.services import editions as editing

        return editing.restore_edition(self, number)

    def undo_target(self) -> int | None:
        from kbapp.services import editions as editing

        return editing.undo_target(self.editions())

    def pack(self, output: Path) -> PackReport:
        """Write the imports in effect and the bookmarks into one data pack."""
        from kbapp.services import packs as packing

        return packing.pack(self, output)

    def preview_unpack(self, path: Path) -> UnpackPreview:
        from kbapp.services import packs as packing

        return packing.preview_unpack(self, path)

    def unpack(self, path: Path) -> UnpackReport:
        """Merge a data pack in, every hash checked first; nothing here is replaced."""
        from kbapp.services import packs as packing

        return packing.unpack(self, path)

    def verify_export(self, path: Path) -> Verification:
        """Whether an exported file is the one its provenance sidecar describes."""
        from kbapp.services import exports as exporting

        return exporting.verify_export(self, path)

    # ----- the user's own entries and overrides --------------------------------

    def local_records(self) -> list[LocalListing]:
        from kbapp.services import local_entries as local

        return local.local_records(self)

    def values_for(self, rid: str) -> EntryValues:
        """What the entry form shows to edit resource ``rid``."""
        from kbapp.services import local_entries as local

        return local.values_for(self, rid)

    def add_entry(self, values: EntryValues, origin: str | None = None) -> LocalChange:
        from kbapp.services import local_entries as local

        return local.add_entry(self, values, origin or local.FORM)

    def edit_entry(self, rid: str, values: EntryValues, origin: str | None = None) -> LocalChange:
        """Save a local entry, or an override of a catalogue or imported resource."""
        from kbapp.services import local_entries as local

        return local.edit_entry(self, rid, values, origin or local.FORM)

    def delete_entry(self, rid: str) -> LocalChange:
        from kbapp.services import local_entries as local

        return local.delete_entry(self, rid)

    def revert_override(self, rid: str) -> LocalChange:
        from kbapp.services import local_entries as local

        return local.revert_override(self, rid)

    def remove_import(self, name: str) -> RemovalReport:
        from kbapp.services import imports as importing

        return importing.remove_import(self, name)

    def imports(self) -> list[ImportedFile]:
        from kbapp.services import imports as importing

        return importing.list_imports(self)
