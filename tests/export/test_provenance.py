"""Issue 16: every export has its provenance beside it (which knowledge base, sources,
imports and editions made it, when, and its SHA-256), and ``kbapp verify-export``
accepts the file as written and refuses it after one changed byte."""

from __future__ import annotations

import json

from kbapp.export.provenance import sidecar
from kbapp.services.exports import export_records, verify_export
from tests.faults import kbapp_env, run_kbapp


def test_an_export_writes_its_provenance_and_verifies_until_a_byte_changes(own_kb, tmp_path):
    kb = own_kb
    path = tmp_path / "evidence.csv"
    report = export_records(kb, ["mapping:27002:10.1.2", "term:risk"], path)
    assert report.provenance == sidecar(path) == tmp_path / "evidence.csv.provenance.json"
    facts = json.loads(report.provenance.read_text(encoding="utf-8"))
    meta = kb.repository().state.meta()
    assert facts["build_id"] == meta["build_id"] and facts["kbapp_version"]
    assert facts["sources"]["resource-catalogue.txt"] == meta["source_catalogue_sha256"]
    assert facts["sources"]["itil-v3-and-information-security.txt"] == meta["source_white_paper_sha256"]
    assert facts["editions"] == ["ISO/IEC 27002:2005"]
    assert facts["record_ids"] == ["mapping:27002:10.1.2", "term:risk"] and facts["records"] == 2
    assert facts["exported_at"].endswith("+00:00")  # UTC
    assert verify_export(kb, path).ok

    data = bytearray(path.read_bytes())
    data[-3] ^= 0x01  # one byte
    path.write_bytes(bytes(data))
    found = verify_export(kb, path)
    assert not found.ok and any("SHA-256" in p for p in found.problems)

    path.unlink()
    report.provenance.unlink()
    path.write_text("type,id\n", encoding="utf-8")
    assert verify_export(kb, path).problems == ["it has no provenance beside it (evidence.csv.provenance.json)"]


def test_verify_export_on_the_command_line(tmp_path):
    env = kbapp_env(tmp_path / "home")
    out = tmp_path / "e.csv"
    exported = run_kbapp(["export", "term:risk", "--output", str(out)], env)
    assert exported.returncode == 0 and "e.csv.provenance.json" in exported.stdout
    fine = run_kbapp(["verify-export", str(out)], env)
    assert fine.returncode == 0 and "is the file exported" in fine.stdout
    out.write_bytes(out.read_bytes().replace(b"Risk", b"Rusk", 1))
    changed = run_kbapp(["verify-export", str(out)], env)
    assert changed.returncode == 1 and "does not match its provenance" in changed.stderr


def test_one_file_holds_the_records_then_its_provenance_and_verifies_until_a_byte_changes(own_kb, tmp_path):
    """Issue 16's one-file option: the provenance as a second, sheet-like CSV section."""
    import csv
    import io

    path = tmp_path / "evidence.csv"
    sidecar(path).write_text("{}", encoding="utf-8")  # an earlier export's: it would describe another file
    report = export_records(own_kb, ["mapping:27002:10.1.2", "term:risk"], path, inline=True)
    assert report.inline and report.provenance is None and not sidecar(path).exists()
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    blank = rows.index([])
    assert rows[0][:7] == ["type", "id", "label", "summary", "source", "edition", "note"]
    assert [r[1] for r in rows[1:blank]] == ["mapping:27002:10.1.2", "term:risk"]
    section = dict(r for r in rows[blank + 1 :] if len(r) == 2)
    assert section["kbapp-export-provenance"] == "1"
    assert section["build_id"] == own_kb.repository().state.meta()["build_id"]
    assert json.loads(section["record_ids"]) == ["mapping:27002:10.1.2", "term:risk"]
    assert len(section["sha256_of_the_rows_above"]) == 64
    found = verify_export(own_kb, path)
    assert found.ok and found.provenance["records"] == 2 and "inside it" in found.notes[0]
    original = path.read_bytes()
    for where in (original.index(b"Risk"), original.index(b"kbapp_version") + 2):  # a record, then the provenance
        data = bytearray(original)
        data[where] ^= 0x01
        path.write_bytes(bytes(data))
        assert not verify_export(own_kb, path).ok


def test_the_command_line_writes_one_file_when_asked(tmp_path):
    env = kbapp_env(tmp_path / "home")
    out = tmp_path / "one.csv"
    exported = run_kbapp(["export", "term:risk", "--output", str(out), "--provenance", "inside"], env)
    assert exported.returncode == 0 and "inside it, after the records" in exported.stdout
    assert not sidecar(out).exists()
    assert run_kbapp(["verify-export", str(out)], env).returncode == 0
    out.write_bytes(out.read_bytes().replace(b"Risk", b"Rusk", 1))
    assert run_kbapp(["verify-export", str(out)], env).returncode == 1
