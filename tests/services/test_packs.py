"""Issue 15: a data pack moves everything between two fresh homes; a byte changed or
a pack cut short is refused whole, naming what failed; merging never replaces."""

from __future__ import annotations

import json
import zipfile

import pytest

from kbapp.domain.errors import SourceError
from kbapp.paths import Paths
from kbapp.services.knowledge_base import KnowledgeBase
from kbapp.storage.userdata import UserData
from tests.faults import kbapp_env, run_kbapp
from tests.services.test_catalogue_edition import COVERT, new_edition
from tests.services.test_import import LOCAL


def _home(root) -> KnowledgeBase:
    kb = KnowledgeBase(Paths(root / "data", root / "config", root / "logs"))
    kb.build()
    return kb


def _bookmark(kb, record_id: str, title: str, note: str) -> None:
    userdata = UserData(kb.paths.user_database)
    userdata.set_bookmark_note(record_id, title, note)
    userdata.close()


def _bookmarks(kb) -> dict[str, str]:
    userdata = UserData(kb.paths.user_database)
    try:
        return {b["record_id"]: b["note"] for b in userdata.bookmarks()}
    finally:
        userdata.close()


@pytest.fixture
def two_homes(tmp_path):
    here, there = _home(tmp_path / "here"), _home(tmp_path / "there")
    yield here, there
    here.close()
    there.close()


def test_pack_and_unpack_move_imports_editions_and_bookmarks_between_two_homes(two_homes, tmp_path):
    here, there = two_homes
    local = tmp_path / "local.txt"
    local.write_text(LOCAL.replace("Local Access", "Own Access"), encoding="utf-8")
    here.import_catalogue(local)
    here.import_catalogue(new_edition(tmp_path), replace_catalogue=True)
    _bookmark(here, "term:risk", "Risk", "compare with 27005")
    pack = tmp_path / "moving.kbpack"
    report = here.pack(pack)
    assert (report.imports, report.bookmarks) == (2, 1)

    _bookmark(there, "term:risk", "Risk", "my own note, kept")  # there already: not replaced
    preview = there.preview_unpack(pack)
    assert [i.here_already for i in preview.imports] == [False, False]
    assert preview.imports[1].preview.counts()["removed"] == 1
    assert (preview.new_bookmarks, preview.bookmarks_here) == (0, 1)
    assert there.imports() == []  # the preview wrote nothing

    done = there.unpack(pack)
    assert [r.name for r in done.imported] == ["0001-local.txt", "0002-catalogue-2027.catalogue.txt"]
    assert sorted(there.repository().views.ids("resource")) == sorted(here.repository().views.ids("resource"))
    assert f"resource:{COVERT}" not in there.repository().views.ids("resource")
    assert _bookmarks(there) == {"term:risk": "my own note, kept"}
    assert [e.action for e in there.editions()] == ["start", "import", "import"]  # each can be undone
    assert str(pack) in there.editions()[1].file

    again = there.unpack(pack)  # taken in already: nothing doubles
    assert again.imported == [] and len(again.left_out) == 2
    assert len(there.imports()) == 2


def test_a_changed_byte_or_a_cut_pack_is_refused_whole(two_homes, tmp_path):
    here, there = two_homes
    local = tmp_path / "local.txt"
    local.write_text(LOCAL, encoding="utf-8")
    here.import_catalogue(local)
    _bookmark(here, "term:risk", "Risk", "x")
    pack = here.pack(tmp_path / "p.kbpack").path
    data = pack.read_bytes()

    flipped = tmp_path / "flipped.kbpack"
    with zipfile.ZipFile(pack) as original, zipfile.ZipFile(flipped, "w") as changed:
        for info in original.infolist():
            content = original.read(info)
            if info.filename.startswith("imports/"):
                content = content.replace(b"Quarterly", b"Quarterlx")  # zip CRCs recomputed: only the hash tells
            changed.writestr(info, content)
    with pytest.raises(SourceError, match=r"imports/0001-local.txt\): its SHA-256 differs from the manifest"):
        there.unpack(flipped)

    cut = tmp_path / "cut.kbpack"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(SourceError, match="cut short or changed"):
        there.unpack(cut)

    extra = tmp_path / "extra.kbpack"
    with zipfile.ZipFile(pack) as original, zipfile.ZipFile(extra, "w") as changed:
        for info in original.infolist():
            changed.writestr(info, original.read(info))
        changed.writestr("imports/0009-smuggled.txt", b"Resource\n")
    with pytest.raises(SourceError, match="the manifest does not name it"):
        there.preview_unpack(extra)

    assert there.imports() == [] and _bookmarks(there) == {}  # nothing taken from any of them
    there.unpack(pack)
    assert _bookmarks(there) == {"term:risk": "x"}
    newest = sorted(there.paths.backups.glob("user-*.sqlite"))[-1]
    backed_up = UserData(newest)
    assert [b["record_id"] for b in backed_up.bookmarks()] == ["term:risk"]  # backed up at once
    backed_up.close()
    manifest = json.loads(zipfile.ZipFile(pack).read("manifest.json"))
    assert manifest["format"] == "kbapp-data-pack" and "imports/0001-local.txt" in manifest["files"]


def test_the_command_line_packs_and_unpacks(tmp_path):
    here, there = kbapp_env(tmp_path / "here"), kbapp_env(tmp_path / "there")
    local = tmp_path / "local.txt"
    local.write_text(LOCAL, encoding="utf-8")
    assert run_kbapp(["import", str(local)], here).returncode == 0
    pack = tmp_path / "p.kbpack"
    packed = run_kbapp(["pack", "--output", str(pack)], here)
    assert packed.returncode == 0 and "packed 1 import, 0 local entries and 0 bookmarks" in packed.stdout
    dry = run_kbapp(["unpack", str(pack), "--dry-run"], there)
    assert "every SHA-256 matches its manifest" in dry.stdout and "0001-local.txt: 2 added" in dry.stdout
    assert "(none)" in run_kbapp(["imports"], there).stdout
    done = run_kbapp(["unpack", str(pack)], there)
    assert done.returncode == 0 and "took in imports/0001-local.txt" in done.stdout
    pack.write_bytes(pack.read_bytes()[:-30])
    refused = run_kbapp(["unpack", str(pack)], there)
    assert refused.returncode == 1 and "cut short or changed" in refused.stderr
