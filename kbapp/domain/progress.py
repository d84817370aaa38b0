"""The one shape of progress that long work reports: ``progress(stage, done, total)``.

Stages are ``reading`` (bytes of a file), ``parsing`` (sources) and ``indexing``
(records); ``total`` is 0 when not known.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, int], None]
