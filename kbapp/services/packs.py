"""Moving a workstation's own data to another: ``pack`` writes the imports in effect
(a new catalogue edition among them) and the bookmarks, with their notes, into one
data pack; ``unpack`` checks every hash first, previews, then merges.

Merging never replaces: each import of the pack that this workstation lacks is
imported as any file is (whole or not at all, an edition each, with the same
matching), one the workstation has already is left out, and a bookmark already here
keeps its own note. A kill part way leaves whole imports only, and running the
unpack again takes in the rest.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kbapp import __version__
from kbapp.domain.catalogue_diff import ImportPreview
from kbapp.domain.errors import SourceError
from kbapp.services.changes import NOTHING, RESOURCES, Changes
from kbapp.services.imports import ImportReport, import_catalogue, preview_import
from kbapp.services.local_entries import merge_local, plan_merge
from kbapp.services.store import Store
from kbapp.storage.local import LocalData, parse_local, read_local
from kbapp.storage.packs import PackContents, read_pack, write_pack

NUMBER = re.compile(r"^\d{4}-")


@dataclass
class PackReport:
    path: Path
    imports: int
    bookmarks: int
    local: int = 0  # the user's own entries and overrides


@dataclass
class PackedImport:
    name: str  # as kept on the workstation that made the pack
    here_already: bool
    preview: ImportPreview | None = None


@dataclass
class UnpackPreview:
    file: str
    made_at: str
    kbapp_version: str
    imports: list[PackedImport] = field(default_factory=list)
    new_bookmarks: int = 0
    bookmarks_here: int = 0
    new_local: int = 0  # local entries and overrides to add
    local_here: int = 0  # here already, or an override of this workstation's own that stays

    def summary(self) -> str:
        new = [i for i in self.imports if not i.here_already]
        return (
            f"{len(new)} of {len(self.imports)} imports to take in, "
            f"{self.new_bookmarks} of {self.new_bookmarks + self.bookmarks_here} bookmarks new"
        ) + (
            f", {self.new_local} of {self.new_local + self.local_here} local entries and overrides new"
            if self.new_local or self.local_here
            else ""
        )


@dataclass
class UnpackReport:
    imported: list[ImportReport] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # imports here already, or changing nothing
    bookmarks_added: int = 0
    local_added: int = 0
    changes: Changes = NOTHING
    notices: list[str] = field(default_factory=list)


def pack(store: Store, output: Path) -> PackReport:
    from kbapp.storage.kept_imports import stored_imports
    from kbapp.storage.userdata import UserData

    imports = stored_imports(store.paths.imports)
    with closing(UserData(store.paths.user_database)) as userdata:
        bookmarks = userdata.bookmarks()
    local = read_local(store.paths.imports)
    text = local.text().encode("utf-8") if local.records else None
    written = write_pack(output, __version__, imports, bookmarks, text)
    return PackReport(written, len(imports), len(bookmarks), len(local.records))


def _original_name(kept: str) -> tuple[str, bool]:
    """The file name an import had before it was kept (``0003-a.catalogue.txt`` → ``a.txt``),
    and whether it is a new edition of the catalogue."""
    from kbapp.storage.kept_imports import is_catalogue_edition

    edition = is_catalogue_edition(kept)
    return NUMBER.sub("", kept).replace(".catalogue.", "."), edition


@contextmanager
def _unpacked(contents: PackContents) -> Iterator[list[tuple[str, Path, bool]]]:
    """Each import of the pack as a file of its original name, in a folder of its own."""
    with tempfile.TemporaryDirectory(prefix="kbapp-unpack-") as folder:
        files = []
        for number, (kept, data) in enumerate(contents.imports.items()):
            original, edition = _original_name(kept)
            path = Path(folder) / f"{number:04d}" / original
            path.parent.mkdir()
            path.write_bytes(data)
            files.append((kept, path, edition))
        yield files


def preview_unpack(store: Store, path: Path) -> UnpackPreview:
    """What unpacking ``path`` would take in, every hash checked first; nothing is written."""
    from kbapp.storage.kept_imports import same_content

    contents = read_pack(path)
    preview = UnpackPreview(str(path), contents.made_at, contents.kbapp_version)
    with _unpacked(contents) as files:
        for kept, file, edition in files:
            if same_content(store.paths.imports, file) is not None:
                preview.imports.append(PackedImport(kept, True))
            else:
                shown = f"{path} › {kept}"
                preview.imports.append(PackedImport(kept, False, preview_import(store, file, edition, shown)))
    here = _bookmarked(store)
    preview.new_bookmarks = sum(1 for b in contents.bookmarks if b.get("record_id") not in here)
    preview.bookmarks_here = len(contents.bookmarks) - preview.new_bookmarks
    incoming = _local_of(contents, path)
    merge = plan_merge(store, incoming)
    preview.new_local = len(merge.added)
    preview.local_here = len(incoming.records) - preview.new_local
    return preview


def _local_of(contents: PackContents, path: Path) -> LocalData:
    if contents.local is None:
        return LocalData()
    try:
        text = contents.local.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(str(path), None, "local.json", f"not UTF-8 text ({exc})") from None
    return parse_local(text, f"{path} › local.json")


def _bookmarked(store: Store) -> set[str]:
    return {b["record_id"] for b in store.bookmarks()}


def unpack(store: Store, path: Path) -> UnpackReport:
    """Merge the pack into this workstation's data (see the module's note)."""
    from kbapp.storage.kept_imports import same_content
    from kbapp.storage.userdata import UserData

    contents = read_pack(path)  # every hash checked before anything changes
    report = UnpackReport()
    with _unpacked(contents) as files:
        for kept, file, edition in files:
            if same_content(store.paths.imports, file) is not None:
                report.left_out.append(kept)
                continue
            try:
                report.imported.append(import_catalogue(store, file, None, edition, shown_as=f"{path} › {kept}"))
            except SourceError as exc:
                if "as the knowledge base holds them" not in exc.problem:
                    raise
                report.left_out.append(kept)  # every entry here already: nothing to take in
    if report.imported:
        report.changes = RESOURCES
        report.notices = [n for r in report.imported for n in r.notices]
    incoming = _local_of(contents, path)
    if incoming.records:
        merge, notices = merge_local(store, incoming, f"{path} › local.json")
        report.local_added = len(merge.added)
        report.notices += notices
        if merge.added:
            report.changes = RESOURCES
    with closing(UserData(store.paths.user_database)) as userdata:
        report.bookmarks_added = userdata.add_bookmarks(contents.bookmarks)
        if report.bookmarks_added:
            userdata.back_up(store.paths.backups)  # the merged bookmarks backed up at once
    return report
