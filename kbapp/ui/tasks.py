"""Long work off the UI thread, through one helper.

``run_task(fn, on_done, on_error)`` runs ``fn`` on a worker thread and calls
back on the UI thread. A progress dialog appears only if the work takes longer
than PROGRESS_DELAY_MS, so quick tasks do not flicker.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

PROGRESS_DELAY_MS = 600


class Cancelled(Exception):
    """Raised inside a task whose cancel flag was set."""


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object, str)
    progress = Signal(int, str)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[..., Any], signals: _Signals, cancel: threading.Event) -> None:
        super().__init__()
        self.fn = fn
        self.signals = signals
        self.cancel = cancel
        self.setAutoDelete(True)

    def run(self) -> None:
        def report(value: int, text: str = "") -> None:
            if self.cancel.is_set():
                raise Cancelled()
            self.signals.progress.emit(value, text)

        try:
            result = self.fn(report)
        except BaseException as exc:  # passed to on_error on the UI thread
            self.signals.failed.emit(exc, traceback.format_exc())
        else:
            self.signals.done.emit(result)


class Task(QObject):
    """A running task. Keep a reference until it ends; ``cancel()`` asks it to stop."""

    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cancel_event = threading.Event()
        self.signals = _Signals()
        self.dialog: QProgressDialog | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)

    def cancel(self) -> None:
        self.cancel_event.set()


_running: set[Task] = set()


def run_task(
    fn: Callable[[Callable[[int, str], None]], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException, str], None],
    *,
    parent: QWidget | None = None,
    label: str | None = None,
    cancellable: bool = False,
    pool: QThreadPool | None = None,
    on_progress: Callable[[int, str], None] | None = None,
) -> Task:
    """Run ``fn(report)`` off the UI thread; ``report(percent, text)`` updates the dialog.

    With a ``label``, a modal progress dialog shows if the task outlives
    PROGRESS_DELAY_MS; with ``cancellable``, its Cancel button stops the task at
    its next report, and ``on_error`` receives ``Cancelled``. Without a label,
    ``on_progress`` can show the progress elsewhere (the status bar).
    """
    task = Task(parent)
    _running.add(task)

    def show_dialog() -> None:
        if label is None or task.cancel_event.is_set():
            return
        dialog = QProgressDialog(label, "Cancel", 0, 100, parent)
        if not cancellable:
            dialog.setCancelButton(None)
        dialog.setWindowTitle("kbapp")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setAccessibleName(label)
        if cancellable:
            dialog.canceled.connect(task.cancel)
        dialog.show()
        task.dialog = dialog

    def close() -> None:
        task.timer.stop()
        if task.dialog is not None:
            task.dialog.close()
            task.dialog.deleteLater()
            task.dialog = None
        _running.discard(task)
        task.finished.emit()

    def widget_gone() -> bool:
        """The window the task reports to was closed while it ran (at quit): its answer
        has nowhere to go. (The work itself is whole, or was rolled back.)"""
        if shiboken6.isValid(task):
            return False
        _running.discard(task)
        return True

    @Slot(object)
    def done(result: Any) -> None:
        if widget_gone():
            return
        close()
        on_done(result)

    @Slot(object, str)
    def failed(exc: BaseException, details: str) -> None:
        if widget_gone():
            return
        close()
        on_error(exc, details)

    @Slot(int, str)
    def progress(value: int, text: str) -> None:
        if widget_gone():
            return
        if on_progress is not None:
            on_progress(value, text)
        if task.dialog is not None:
            task.dialog.setValue(max(0, min(100, value)))
            if text:
                task.dialog.setLabelText(text)

    task.signals.done.connect(done, Qt.ConnectionType.QueuedConnection)
    task.signals.failed.connect(failed, Qt.ConnectionType.QueuedConnection)
    task.signals.progress.connect(progress, Qt.ConnectionType.QueuedConnection)
    task.timer.timeout.connect(show_dialog)
    task.timer.start(PROGRESS_DELAY_MS)
    (pool or QThreadPool.globalInstance()).start(_Runnable(fn, task.signals, task.cancel_event))
    return task
