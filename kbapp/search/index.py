"""Building the Whoosh index from the database, and knowing when it is stale.

The index is derived data. It is built in a temporary folder beside the live
one and swapped in when complete; a marker file ties it to the database build
it came from, so a missing, corrupt or stale index is found and rebuilt.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import zlib
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import Index, LockError

from kbapp.domain.errors import WriteError
from kbapp.domain.ids import RecordKind, record_id
from kbapp.domain.progress import Progress
from kbapp.search.documents import documents, resource_documents
from kbapp.search.schema import INDEX_SCHEMA_VERSION, build_schema
from kbapp.search.vocabulary import Vocabulary, VocabularyBuilder
from kbapp.storage.lock import Busy
from kbapp.storage.repository import Repository

MARKER = "kbapp-index.json"
MARKER_SHAPE = {"build_id": str, "schema": str, "doc_count": int}
WRITER_TIMEOUT_S = 10.0
PARALLEL_FROM = 5000
PROCESSES = max(1, min(4, os.cpu_count() or 1))


def index_state(index_dir: Path, build_id: str, doc_count: int, thorough: bool = True) -> str:
    """``ok``, or why the index must be rebuilt: ``missing``, ``stale`` or ``corrupt``.

    ``thorough`` reads every posting of one field (a cost that grows with the index);
    without it only the marker, the table of contents and the vocabulary are read."""
    marker = index_dir / MARKER
    if not index_dir.is_dir() or not marker.exists():
        return "missing"
    try:
        info = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "corrupt"
    if not isinstance(info, dict) or not all(isinstance(info.get(k), t) for k, t in MARKER_SHAPE.items()):
        return "corrupt"  # valid JSON of another shape is as damaged as broken JSON
    if info.get("build_id") != build_id or info.get("schema") != INDEX_SCHEMA_VERSION:
        return "stale"
    if not isinstance(info.get("files"), dict):
        return "corrupt"
    if thorough:
        try:
            if checksums(index_dir) != info["files"]:
                return "corrupt"  # a file changed, went missing or appeared since the build
        except OSError:
            return "corrupt"
    try:
        ix = whoosh_index.open_dir(str(index_dir))
        try:
            with ix.searcher() as s:
                count = s.doc_count()
                # Read real postings, not only the table of contents: every document has
                # a type, so the type postings must add up to the document count.
                reader = s.reader()
                typed = (
                    sum(len(list(reader.postings("type", t).all_ids())) for t in reader.field_terms("type"))
                    if thorough
                    else count
                )
        finally:
            ix.close()
    except Exception:  # any damage to Whoosh's files shows as some exception here
        return "corrupt"
    if count != doc_count or typed != doc_count or info.get("doc_count") != doc_count:
        return "corrupt"
    if thorough:
        return "ok"  # the vocabulary is among the files whose checksums matched: the one the build wrote
    try:
        Vocabulary.load(index_dir)
    except (OSError, ValueError):
        return "corrupt"
    return "ok"


def build_index(repo: Repository, index_dir: Path, build_id: str, progress: Progress | None = None) -> int:
    """Build a complete index beside ``index_dir`` and swap it in. Returns the document count."""
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{index_dir.name}.", suffix=".building", dir=index_dir.parent))
    try:
        ix = whoosh_index.create_in(str(temp), build_schema())
        counts = repo.state.counts()
        procs = PROCESSES if counts["resource"] >= PARALLEL_FROM else 1
        # Several processes analyse and write segments side by side on a large corpus;
        # the segments are left unmerged, which searching handles and saves a long merge.
        # Segments as separate files: Whoosh reads a compound segment wholly into memory
        # (230 MB at 100k records); separate files are read where they lie.
        writer = _writer(ix, limitmb=128, procs=procs, multisegment=procs > 1)
        count = 0
        total = sum(counts.values())
        vocabulary = VocabularyBuilder()
        try:
            for doc in documents(repo):
                writer.add_document(**doc)
                vocabulary.add(doc["title"], doc["content"], doc.get("body", ""))
                count += 1
                if progress and count % 500 == 0:
                    progress("indexing", count, total)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        ix.close()
        vocabulary.save(temp)
        _write_marker(temp, build_id, count)
        _swap_in(temp, index_dir)
    except OSError as exc:  # disk full, I/O error: the live index stays as it was
        raise WriteError(
            f"could not write the search index in {index_dir.parent} ({exc.strerror or exc}); "
            "the previous index, if any, is untouched"
        ) from None
    finally:
        if temp.exists():
            shutil.rmtree(temp, ignore_errors=True)
    return count


def install_index_copy(source: Path, index_dir: Path, build_id: str, doc_count: int) -> bool:
    """Copy a prebuilt index (a bundle's, read-only) beside ``index_dir``, check it
    whole against the database it belongs to, and swap it in. False if it is not
    there, not of ``build_id`` or damaged: the caller builds one instead."""
    if not (source / MARKER).is_file():
        return False
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{index_dir.name}.", suffix=".building", dir=index_dir.parent))
    try:
        for f in source.iterdir():
            if f.is_file():  # file by file: copytree would bring the bundle's read-only modes
                shutil.copyfile(f, temp / f.name)
        if index_state(temp, build_id, doc_count) != "ok":
            return False
        _swap_in(temp, index_dir)
        return True
    except OSError:
        return False
    finally:
        if temp.exists():
            shutil.rmtree(temp, ignore_errors=True)


def update_resources_in_index(
    repo: Repository, index_dir: Path, build_id: str, changed: list[str], removed: list[str]
) -> int:
    """Re-index only changed resources, in place, and move the marker to the new build.

    If this is interrupted, the marker still names the old build: the index then
    counts as stale and is rebuilt whole, never left half-updated unnoticed.
    """
    vocabulary = Vocabulary.load(index_dir).builder()
    ix = whoosh_index.open_dir(str(index_dir))
    try:
        writer = _writer(ix)
        try:
            for rid in removed:
                writer.delete_by_term("id", record_id(RecordKind.RESOURCE, rid))
            for doc in resource_documents(repo, repo.index.resource_rows(changed)):
                writer.update_document(**doc)
                vocabulary.add(doc["title"], doc["content"], doc.get("body", ""))
        except BaseException:
            writer.cancel()
            raise
        writer.commit(merge=False)
        count = ix.doc_count()
    finally:
        ix.close()
    vocabulary.save(index_dir)
    _write_marker(index_dir, build_id, count)
    return count


def reindex_resources(
    repo: Repository,
    index_dir: Path,
    build_id: str,
    changed: list[str],
    removed: list[str],
    in_place: bool = True,
    progress: Progress | None = None,
) -> bool:
    """Bring the index to the database's new state after resources changed: in place
    when ``in_place``, else (or when Whoosh fails in place) rebuilt whole. True when
    updated in place."""
    if in_place:
        try:
            update_resources_in_index(repo, index_dir, build_id, changed, removed)
            return True
        except Exception:  # damage a quick check would miss shows as any Whoosh error
            pass
    build_index(repo, index_dir, build_id, progress)
    return False


def _writer(ix: Index, **options):
    """A Whoosh writer, waiting a bounded time for Whoosh's own lock. kbapp's writer
    lock is held already, so only a foreign process could hold Whoosh's; its
    LockError reaches the user as kbapp's own message."""
    try:
        return ix.writer(timeout=WRITER_TIMEOUT_S, compound=False, **options)
    except LockError:
        raise Busy(f"the search index in {ix.storage.folder} is being written by another program; try again") from None


def _write_marker(index_dir: Path, build_id: str, count: int) -> None:
    """Tie an index folder to the database build it holds (read back by index_state),
    with a checksum of every file a search reads."""
    marker = {"build_id": build_id, "schema": INDEX_SCHEMA_VERSION, "doc_count": count, "files": checksums(index_dir)}
    temp = index_dir / f".{MARKER}.{os.getpid()}.tmp"
    temp.write_text(json.dumps(marker), encoding="utf-8")
    os.replace(temp, index_dir / MARKER)


def index_files(index_dir: Path) -> list[Path]:
    """The files of the index: the marker, and those a search reads."""
    return [index_dir / MARKER, *_read_files(index_dir)] if index_dir.is_dir() else []


def _read_files(index_dir: Path) -> list[Path]:
    """The files a search reads: Whoosh's segments and table of contents, and the vocabulary."""
    return sorted(
        f for f in index_dir.iterdir() if f.is_file() and f.name != MARKER and not f.name.startswith(".")
        and not f.name.endswith("WRITELOCK")
    )  # fmt: skip


def checksums(index_dir: Path) -> dict[str, str]:
    out = {}
    for f in _read_files(index_dir):
        crc = 0
        with f.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                crc = zlib.crc32(chunk, crc)
        out[f.name] = f"{f.stat().st_size}:{crc:08x}"
    return out


def _swap_in(new: Path, live: Path) -> None:
    old = None
    if live.exists():
        old = live.with_name(f".{live.name}.old-{os.getpid()}")
        if old.exists():
            shutil.rmtree(old, ignore_errors=True)
        os.replace(live, old)
    os.replace(new, live)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def index_identity(index_dir: Path) -> tuple:
    """Changes whenever a build is swapped in or an update rewrites the marker."""
    found: list[tuple[int, int] | None] = []
    for path in (index_dir, index_dir / MARKER):
        try:
            st = os.stat(path)
            found.append((st.st_ino, st.st_mtime_ns))
        except OSError:
            found.append(None)
    return tuple(found)


def index_build_id(index_dir: Path) -> str | None:
    """The build the index's marker names, or None without a readable marker."""
    try:
        info = json.loads((index_dir / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    found = info.get("build_id") if isinstance(info, dict) else None
    return found if isinstance(found, str) else None


def open_index(index_dir: Path) -> Index:
    return whoosh_index.open_dir(str(index_dir))


def clear_stale_builds(parent: Path) -> None:
    """Remove folders left by builds that were killed."""
    with contextlib.suppress(OSError):
        for child in parent.iterdir():
            if child.name.startswith(".index.") and (child.name.endswith(".building") or ".old-" in child.name):
                shutil.rmtree(child, ignore_errors=True)
