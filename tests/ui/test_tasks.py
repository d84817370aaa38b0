"""A background task whose window was closed while it ran (at quit) finishes
quietly: its answer has nowhere to go, and nothing raises in the event loop."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtWidgets import QWidget

from kbapp.ui.tasks import _running, run_task


def test_a_task_outliving_its_window_ends_without_an_error(qtbot):
    release = threading.Event()
    answers: list[object] = []
    widget = QWidget()
    task = run_task(
        lambda _report: release.wait(10) and "done", answers.append, lambda *a: answers.append(a), parent=widget
    )
    widget.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(task))
    release.set()
    qtbot.waitUntil(lambda: task not in _running, timeout=5000)  # the answer arrived and was let go
    assert answers == []
