"""The Qt binding keeps Python's reference counts straight.

PySide6 6.12.0 drops a reference to None each time C++ calls a Python data()
that returns None; on Python 3.11 the process then aborts with "deallocating
None". This test fails on such a binding, before any user meets the crash.
"""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QAbstractListModel, QModelIndex, QSortFilterProxyModel, Qt


class _NoneModel(QAbstractListModel):
    def rowCount(self, parent=QModelIndex()):  # noqa: B008
        return 1

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return None


def test_returning_none_to_qt_keeps_none_alive(qapp):
    model = _NoneModel()
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    index = proxy.index(0, 0)
    gc.collect()
    before = sys.getrefcount(None)
    for _ in range(100):
        proxy.data(index)
    gc.collect()
    assert sys.getrefcount(None) - before > -50
