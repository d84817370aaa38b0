"""``kbapp check --window``: the window started, searched, looked up, exported from
and closed, in a process of its own, leaving the user's data as it was."""

from __future__ import annotations

from tests.conftest import copy_built_data
from tests.faults import kbapp_env, run_kbapp, snapshot


def test_the_window_check_walks_the_journey_and_leaves_the_users_data_alone(tmp_path, built_kb):
    home = tmp_path / "home"
    copy_built_data(built_kb, home / "data")
    before = snapshot(home)
    env = kbapp_env(home)
    env.pop("QT_QPA_PLATFORM")  # no display either: the check opens the window offscreen itself
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    done = run_kbapp(["check", "--window"], env)
    assert done.returncode == 0, done.stdout + done.stderr
    said = [line.removeprefix("window: ") for line in done.stdout.splitlines() if line.startswith("window:")]
    steps = [line.split(" ")[0] for line in said]
    assert steps == ["started", "searched", "looked", "exported", "closed"], done.stdout
    assert "looked up ISMS: Information Security Management System" in done.stdout
    assert "This plugin does not support" not in done.stderr
    assert snapshot(home) == before  # no search history, selection or rebuild in the user's folders
