"""Crosswalk tables an organisation loads (issue 16): checked whole, kept apart from the
shipped data, listed and removed, and followed from a clause of the white paper's
tables to another edition, through the editions between. The tables here are written
for the tests (their clause numbers are made up), not ISO data."""

from __future__ import annotations

import json

import pytest

from kbapp.domain.crosswalk import follow_clause
from kbapp.domain.errors import SourceError
from kbapp.services import crosswalks
from tests.faults import kbapp_env, run_kbapp

HEAD = "# licence: written for kbapp's tests, not ISO data\n# origin: kbapp's test tables\n"
COLUMNS = "from_standard,from_edition,from_clause,to_standard,to_edition,to_clause,relationship,note,source\n"
FIRST_STEP = (
    HEAD
    + COLUMNS
    + (
        "ISO/IEC 27002,2005,10.1.2,ISO/IEC 27002,2013,90.1.1,equal,,test row 1\n"
        "ISO/IEC 27002,2005,11.1.1,ISO/IEC 27002,2013,90.2.1,subset,,test row 2\n"
    )
)
# Written the other way round, 2022 to 2013: read backwards, a superset is a subset.
SECOND_STEP = HEAD + COLUMNS + "27002,2022,99.1,27002,2013,90.1.1,superset,split in two,test row 3\n"


def _table(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_clause_is_followed_over_two_steps_with_the_weakest_relationship(own_kb, tmp_path):
    crosswalks.load_table(own_kb, _table(tmp_path, "2005 to 2013.csv", FIRST_STEP))
    crosswalks.load_table(own_kb, _table(tmp_path, "2022 to 2013.csv", SECOND_STEP))
    tables = crosswalks.loaded_tables(own_kb).tables
    followed = follow_clause(tables, "ISO/IEC 27002", "10.1.2", "27002:2022")
    [chain] = followed.chains
    assert [str(s.to) for s in chain.steps] == ["ISO/IEC 27002:2013 90.1.1", "ISO/IEC 27002:2022 99.1"]
    assert [s.relationship for s in chain.steps] == ["equal", "subset"]  # the superset row, read backwards
    assert chain.weakest == "subset" and chain.steps[1].backwards


def test_a_missing_step_is_said_plainly(own_kb, tmp_path):
    crosswalks.load_table(own_kb, _table(tmp_path, "2005 to 2013.csv", FIRST_STEP))
    tables = crosswalks.loaded_tables(own_kb).tables
    followed = follow_clause(tables, "ISO/IEC 27002", "11.1.1", "27002:2022")
    assert followed.chains == []
    assert followed.missing == (
        "No loaded crosswalk table covers the step from ISO/IEC 27002:2013 to ISO/IEC 27002:2022: the tables take "
        "ISO/IEC 27002:2005 11.1.1 as far as ISO/IEC 27002:2013 90.2.1, and no further."
    )
    untouched = follow_clause(tables, "ISO/IEC 27002", "5.1", "27002:2013")
    assert "maps ISO/IEC 27002:2005 5.1 to any other edition" in untouched.missing


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (COLUMNS + "27002,2005,10.1.2,27002,2013,1.1,equal,,\n", "the header field '# licence: …' is missing"),
        (HEAD + "from_standard,from_clause\n", "the columns from_edition, to_standard, to_edition"),
        (
            HEAD + COLUMNS + "27002,2005,10.1.2,27002,13,1.1,equal,,\n27002,2005,10.1.3,27002,2013,1.2,same,,\n",
            "2 bad rows, so nothing was loaded: row 1 (line 4), to_edition: '13' is not a year of publication "
            "(2013); row 2 (line 5), relationship: 'same' is not one of equal, subset",
        ),
        (HEAD + COLUMNS + "27002,2005,10.1.2,ISO/IEC 27002,2005,10.1.3,equal,,\n", "not within one"),
    ],
)
def test_a_bad_table_is_refused_whole_and_named_by_row(own_kb, tmp_path, text, says):
    with pytest.raises(SourceError) as refused:
        crosswalks.load_table(own_kb, _table(tmp_path, "bad.csv", text))
    assert says in str(refused.value) and "bad.csv" in str(refused.value)
    assert crosswalks.loaded_tables(own_kb).tables == []  # nothing kept


def test_tables_are_kept_apart_and_survive_a_rebuild(own_kb, tmp_path):
    loaded = crosswalks.load_table(own_kb, _table(tmp_path, "Force tables 2005-2013.csv", FIRST_STEP))
    assert loaded.path.parent == own_kb.paths.crosswalks and loaded.table.name == "force-tables-2005-2013"
    own_kb.build(force=True)
    assert [t.name for t in crosswalks.loaded_tables(own_kb).tables] == ["force-tables-2005-2013"]
    crosswalks.remove(own_kb, "force-tables-2005-2013")
    assert crosswalks.loaded_tables(own_kb).tables == []


def test_the_command_line_loads_lists_follows_and_removes(tmp_path):
    env = kbapp_env(tmp_path / "home")
    none = run_kbapp(["map", "10.1.2", "--to", "27002:2022"], env)
    assert none.returncode == 1 and "No crosswalk table is loaded. kbapp ships none" in none.stdout
    for name, text in (("first.csv", FIRST_STEP), ("second.csv", SECOND_STEP)):
        done = run_kbapp(["crosswalk", "import", str(_table(tmp_path, name, text))], env)
        assert done.returncode == 0, done.stderr
        assert "licence: written for kbapp's tests" in done.stdout
    listed = json.loads(run_kbapp(["crosswalk", "list", "--format", "json"], env).stdout)
    assert [t["name"] for t in listed] == ["first", "second"]
    followed = run_kbapp(["map", "A.10.1.2", "--to", "27002:2022"], env)
    assert followed.returncode == 0, followed.stderr
    assert "→ ISO/IEC 27002:2022 99.1  (weakest relationship on the way: subset)" in followed.stdout
    assert "ISO/IEC 27002:2005 10.1.2 —equal→ ISO/IEC 27002:2013 90.1.1 —subset (read backwards)→" in followed.stdout
    as_json = json.loads(run_kbapp(["map", "10.1.2", "--to", "27002:2022", "--format", "json"], env).stdout)
    assert as_json[0]["crosswalk"]["chains"][0]["weakest"] == "subset"
    gap = run_kbapp(["map", "11.1.1", "--to", "27002:2022"], env)
    assert gap.returncode == 1 and "No loaded crosswalk table covers the step" in gap.stdout
    bad = run_kbapp(["map", "10.1.2", "--to", "2022"], env)
    assert bad.returncode == 2 and "--to takes an edition, as 27002:2022" in bad.stderr
    assert run_kbapp(["crosswalk", "remove", "second"], env).returncode == 0
    assert "second" not in run_kbapp(["crosswalk", "list"], env).stdout
