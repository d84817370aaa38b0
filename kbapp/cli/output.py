"""How the command line writes: JSON, aligned tables, CSV, progress, notices."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any


def tell(message: str) -> None:
    """A line for the user on standard error."""
    print(f"kbapp: {message}", file=sys.stderr)


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def emit_csv(
    rows: list[dict[str, Any]],
    output: Path | None,
    bom: bool = True,
    columns: list[str] | None = None,
    what: str = "record",
) -> None:
    """CSV to ``output`` (written whole or not at all), or to standard output. With
    ``columns``, the header is written even when there are no rows."""
    from kbapp.domain.labels import count_text
    from kbapp.export.csv import to_csv_text, write_csv

    if output:
        path = write_csv(output, rows, columns, bom=bom)
        print(f"exported {count_text(len(rows), what)} to {path}", file=sys.stderr)
    else:
        sys.stdout.write(to_csv_text(rows, columns) if rows or columns else "")


# Columns never cut: an id is pasted into ``show`` and ``export`` and must be whole.
WHOLE = frozenset({"id"})
CUT_AT = 48


def print_table(rows: list[dict[str, Any]], columns: list[str]) -> None:
    """Aligned columns; long text is cut (the last column to the terminal's width), ids never."""
    if not rows:
        print("(none)")
        return
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    widths = [w if c in WHOLE else min(w, CUT_AT) for w, c in zip(widths[:-1], columns, strict=False)] + [widths[-1]]
    if columns[-1] not in WHOLE:
        total = shutil.get_terminal_size((120, 24)).columns
        room = max(20, total - sum(widths[:-1]) - 2 * (len(columns) - 1))
        widths[-1] = min(widths[-1], room)
    print("  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for row in cells:
        print("  ".join(_fit(v, w) for v, w in zip(row, widths, strict=True)).rstrip())


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())


def _fit(text: str, width: int) -> str:
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"


class ProgressLine:
    """Progress of long work on stderr: one line rewritten on a terminal, a line per
    tenth elsewhere (a log keeps a readable trace)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.shown: tuple[str | None, int] = (None, -1)
        self.tty = sys.stderr.isatty()

    def __call__(self, stage: str, done: int, total: int) -> None:
        percent = 100 * done // max(1, total)
        step = percent if self.tty else percent // 10 * 10
        if (stage, step) == self.shown:
            return
        self.shown = (stage, step)
        line = f"kbapp: {self.name}: {stage} {step}%"
        print(f"\r{line}" if self.tty else line, end="" if self.tty else "\n", file=sys.stderr, flush=True)
        if self.tty and stage == "indexing" and step == 100:
            print(file=sys.stderr)
