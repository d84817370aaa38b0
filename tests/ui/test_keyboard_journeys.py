"""The keyboard journeys of issue 14, in the real window on a real X display (Xvfb,
openbox), with real key presses (xdotool), checking where the focus lands at each
step; pytest-qt's synthetic events would skip the real focus chain."""

from __future__ import annotations

import csv

import pytest

from tests.conftest import copy_built_data
from tests.ui.xvfb.display import RealWindow

pytestmark = pytest.mark.slow


@pytest.fixture
def real(tmp_path):
    window = RealWindow(tmp_path / "home")  # an empty home: the first start builds
    yield window
    window.close()


@pytest.fixture
def real_built(tmp_path, built_kb):
    copy_built_data(built_kb, tmp_path / "home" / "data")
    window = RealWindow(tmp_path / "home")
    yield window
    window.close()


def test_1_search_down_enter_follow_a_link_and_back(real):
    ready = real.wait_for("ready", timeout=90)
    assert ready["name"] == "Search", ready  # typed at once after the first build, nothing is lost
    real.type("risk management")
    real.close_suggestions()
    assert real.focus()["name"] == "Search"
    real.keys("Down")
    assert real.focus()["name"] == "Search results"
    real.keys("Return")
    opened = real.wait_for("shown")["id"]
    assert real.focus()["name"] == "Record details"
    real.keys("Tab", "Return")  # the first link in the record
    followed = real.wait_for("shown", id=lambda i: i != opened)["id"]
    real.keys("alt+Left")
    real.wait_for("shown", id=opened)
    assert followed != opened


def test_2_quick_lookup_by_prefix(real_built):
    real = real_built
    real.wait_for("ready")
    real.keys("ctrl+l")
    assert real.focus()["name"] == "Term or abbreviation"
    real.type("Risk man")
    real.wait_for("lookup", ids=lambda ids: bool(ids) and ids[0] == "term:risk-management")
    real.keys("Return")
    real.wait_for("shown", id="term:risk-management")


def test_3_go_to_clause_10_1_2_and_on_to_its_itil_reference(real_built):
    real = real_built
    real.wait_for("ready")
    real.keys("ctrl+4")
    real.wait_for("tab", title="Mappings")
    real.keys("ctrl+f")
    assert real.focus()["name"] == "Go to clause"
    real.type("10.1.2")
    real.keys("Return")
    real.wait_for("shown", id="mapping:27002:10.1.2")
    assert real.focus()["name"] == "ISO/IEC clauses and their ITIL references"
    real.keys("Return")  # open the clause: its references are links
    assert real.focus()["name"] == "Record details"
    real.keys("Tab", "Tab", "Tab", "Return")  # past the standard's and the section number's links: its title
    real.wait_for("shown", id=lambda i: i.startswith("itil:"))


def test_4_three_records_from_two_views_then_ctrl_e_from_the_search_box(real_built, tmp_path):
    real = real_built
    target = tmp_path / "evidence.csv"
    real.wait_for("ready")
    real.type("ISMS")
    real.wait_for("shown", id="abbreviation:ISMS")  # the results came, their first previewed
    real.close_suggestions()
    real.keys("Down")
    assert real.focus()["name"] == "Search results"
    real.keys("ctrl+d")
    real.wait_for("selection", ids=lambda ids: len(ids) == 1)
    real.keys("Down", "ctrl+d")  # the next hit
    real.wait_for("selection", ids=lambda ids: len(ids) == 2)
    real.keys("ctrl+2")
    assert real.focus()["name"] == "Catalogue"
    real.keys("ctrl+d")
    real.wait_for("selection", ids=lambda ids: len(ids) == 3)
    real.keys("ctrl+k")
    assert real.focus()["name"] == "Search"
    real.keys("ctrl+e")
    assert real.focus()["window"] == "Export"  # the save dialog (CSV or XLSX), its name box ready to type in
    real.keys("ctrl+a")
    real.type(str(target))
    real.keys("Return")
    deadline = __import__("time").monotonic() + 10
    while not target.exists() and __import__("time").monotonic() < deadline:
        real.settle(0.2)
    with target.open(encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == 3


def test_5_a_local_entry_from_the_keyboard_a_wrong_date_named_then_saved(real_built):
    real = real_built
    real.wait_for("ready")
    real.keys("ctrl+n")
    assert real.wait_for("focus", name="Title")["window"] == "New local entry"
    real.type("Force X retention schedule")
    real.keys("Tab")
    assert real.focus()["name"] == "Published"
    real.type("31/02/2025")
    real.keys("Tab")
    assert real.focus()["name"] == "Authoring body"
    real.type("College of Policing")
    real.keys("Tab")
    assert real.focus()["name"] == "Abbreviation"
    real.keys("Tab")
    assert real.focus()["name"] == "Category"
    real.type("Records management")
    real.keys("Tab")
    assert real.focus()["name"] == "Description"
    real.type("How long we keep records.")
    real.keys("Tab")  # out of the description, as from any field
    real.keys("Return")  # Save: refused, the focus on the wrong date
    real.wait_for("focus", name="Published")
    real.keys("ctrl+a")
    real.type("28/02/2025")
    real.keys("Return")
    real.wait_for("shown", id="resource:local_force-x-retention-schedule", timeout=30)
