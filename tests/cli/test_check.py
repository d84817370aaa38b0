"""``kbapp check``: a bundle's files against its manifest; every difference named."""

from __future__ import annotations

import hashlib
import subprocess

import pytest

from kbapp.cli import main
from kbapp.services.installation import MANIFEST, write_manifest


@pytest.fixture
def bundle(tmp_path):
    folder = tmp_path / "kbapp-0.1.0"
    (folder / "_internal" / "kbapp" / "resources" / "sources").mkdir(parents=True)
    (folder / "kbapp").write_bytes(b"\x7fELF program")
    (folder / "_internal" / "libpython.so").write_bytes(b"library" * 100)
    (folder / "_internal" / "kbapp" / "resources" / "sources" / "resource-catalogue.txt").write_text("Resource\n")
    (folder / "_internal" / "libQt6Core.so.6").symlink_to("libpython.so")
    assert write_manifest(folder) == 4
    return folder


def test_a_sound_bundle_passes_and_its_manifest_is_sha256sum_s_format(bundle, capsys):
    assert main(["check", "--folder", str(bundle)]) == 0
    assert "all 4 files match MANIFEST.sha256" in capsys.readouterr().out
    done = subprocess.run(["sha256sum", "--check", "--quiet", MANIFEST], cwd=bundle, capture_output=True)
    assert done.returncode == 0, done.stdout


def test_a_changed_byte_a_removed_file_and_an_added_one_are_each_named(bundle, capsys):
    catalogue = bundle / "_internal" / "kbapp" / "resources" / "sources" / "resource-catalogue.txt"
    catalogue.write_bytes(catalogue.read_bytes().replace(b"R", b"r", 1))
    (bundle / "_internal" / "libpython.so").unlink()  # the link to it breaks too
    (bundle / "_internal" / "sitecustomize.py").write_text("import os\n")
    assert main(["check", "--folder", str(bundle)]) == 1
    out = capsys.readouterr().out
    assert "changed: _internal/kbapp/resources/sources/resource-catalogue.txt" in out
    assert "missing: _internal/libpython.so" in out
    assert "missing: _internal/libQt6Core.so.6" in out  # a link to nothing reads as missing
    assert "extra: _internal/sitecustomize.py" in out
    assert "4 differences from MANIFEST.sha256 (2 missing, 1 changed, 1 extra)" in out


def test_a_tampered_manifest_line_is_reported_not_trusted(bundle, capsys):
    manifest = bundle / MANIFEST
    lines = manifest.read_text().splitlines()
    lines[0] = "not a digest  ../../etc/passwd"
    manifest.write_text("\n".join(lines) + "\n")
    assert main(["check", "--folder", str(bundle)]) == 1
    out = capsys.readouterr().out
    assert "unreadable manifest: line 1" in out
    assert "extra:" in out  # the file that line stood for is no longer listed


def test_without_a_manifest_or_a_bundle_it_says_what_it_can_check(tmp_path, capsys):
    assert main(["check", "--folder", str(tmp_path)]) == 1
    assert "has no MANIFEST.sha256: it is not a kbapp bundle" in capsys.readouterr().err
    assert main(["check"]) == 1  # the tests run from a Python environment
    assert "not from a bundle" in capsys.readouterr().err


def test_the_digest_is_the_files_sha256(bundle):
    line = next(line for line in (bundle / MANIFEST).read_text().splitlines() if line.endswith("  kbapp"))
    assert line.split("  ")[0] == hashlib.sha256(b"\x7fELF program").hexdigest()
