"""Working sets: named, persistent collections of records ("Audit of force X, May
2027"), each record with the user's note and the time it was added, in the user's
database beside the bookmarks (same backups, same transactions). The set marked
current is the window's selection, so nothing collected is lost on quit. A record
that leaves the knowledge base stays in its sets under its last known title."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from kbapp.domain.errors import NotFound, WriteError
from kbapp.storage.userdata import UserData

DEFAULT_NAME = "Working set"
NAME_CHARS = 120


@dataclass
class WorkingSet:
    id: int
    name: str
    created_at: str
    records: int
    current: bool


@dataclass
class SetItem:
    record_id: str
    title: str  # as it was when last seen in the knowledge base
    note: str
    added_at: str


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class WorkingSets:
    def __init__(self, userdata: UserData) -> None:
        self.userdata = userdata
        self.conn = userdata.conn

    # ----- the sets -----

    def all(self) -> list[WorkingSet]:
        rows = self.conn.execute(
            """SELECT s.id, s.name, s.created_at, count(i.record_id), s.is_current FROM working_sets s
               LEFT JOIN set_items i ON i.set_id = s.id GROUP BY s.id ORDER BY s.name COLLATE NOCASE"""
        ).fetchall()
        return [WorkingSet(r[0], r[1], r[2], r[3], bool(r[4])) for r in rows]

    def named(self, name: str) -> WorkingSet:
        folded = " ".join(name.split()).casefold()
        found = next((s for s in self.all() if s.name.casefold() == folded), None)
        if found is None:
            known = ", ".join(f"“{s.name}”" for s in self.all()) or "none yet"
            raise NotFound(f"no working set named “{name}” (there are: {known})")
        return found

    def current(self) -> WorkingSet:
        """The set the window collects into; made, empty, if there is none."""
        found = next((s for s in self.all() if s.current), None)
        if found is not None:
            return found
        sets = self.all()
        if sets:
            self.make_current(sets[0].id)
        else:
            self.create(DEFAULT_NAME, current=True)
        return next(s for s in self.all() if s.current)

    def make_current(self, set_id: int) -> None:
        with self.userdata.writing("the current working set"):
            self.conn.execute("UPDATE working_sets SET is_current = (id = ?)", (set_id,))

    def create(self, name: str, current: bool = False) -> WorkingSet:
        name = self._free_name(name)
        with self.userdata.writing("the new working set"):
            if current:
                self.conn.execute("UPDATE working_sets SET is_current = 0")
            cursor = self.conn.execute(
                "INSERT INTO working_sets (name, created_at, is_current) VALUES (?, ?, ?)", (name, _now(), int(current))
            )
        return next(s for s in self.all() if s.id == cursor.lastrowid)

    def rename(self, set_id: int, name: str) -> None:
        name = self._free_name(name, but=set_id)
        with self.userdata.writing("the working set's name"):
            self.conn.execute("UPDATE working_sets SET name = ? WHERE id = ?", (name, set_id))

    def duplicate(self, set_id: int, name: str) -> WorkingSet:
        copy = self.create(name)
        with self.userdata.writing("the copy of the working set"):
            self.conn.execute(
                """INSERT INTO set_items (set_id, record_id, position, title, note, added_at)
                   SELECT ?, record_id, position, title, note, added_at FROM set_items WHERE set_id = ?""",
                (copy.id, set_id),
            )
        return next(s for s in self.all() if s.id == copy.id)

    def delete(self, set_id: int) -> None:
        """Delete a set and what it holds; if it was the current one, another (or a new,
        empty one) becomes current."""
        with self.userdata.writing("the deletion of the working set"):
            self.conn.execute("DELETE FROM set_items WHERE set_id = ?", (set_id,))
            self.conn.execute("DELETE FROM working_sets WHERE id = ?", (set_id,))
        self.current()

    def _free_name(self, name: str, but: int | None = None) -> str:
        name = " ".join(name.split())
        if not name:
            raise WriteError("a working set needs a name")
        if len(name) > NAME_CHARS:
            raise WriteError(f"a working set's name is at most {NAME_CHARS} characters")
        taken = next((s for s in self.all() if s.name.casefold() == name.casefold() and s.id != but), None)
        if taken is not None:
            raise WriteError(f"there is a working set named “{taken.name}” already; choose another name")
        return name

    # ----- what a set holds -----

    def items(self, set_id: int) -> list[SetItem]:
        rows = self.conn.execute(
            "SELECT record_id, title, note, added_at FROM set_items WHERE set_id = ? ORDER BY position", (set_id,)
        ).fetchall()
        return [SetItem(*r) for r in rows]

    def add(self, set_id: int, records: list[tuple[str, str]]) -> int:
        """Append (record id, title) pairs not in the set yet; returns how many."""
        held = {i.record_id for i in self.items(set_id)}
        new = [(rid, title) for rid, title in dict(records).items() if rid not in held]
        if not new:
            return 0
        with self.userdata.writing("the working set"):
            last = self.conn.execute("SELECT max(position) FROM set_items WHERE set_id = ?", (set_id,)).fetchone()[0]
            start = -1 if last is None else last
            self.conn.executemany(
                "INSERT INTO set_items (set_id, record_id, position, title, note, added_at) VALUES (?, ?, ?, ?, '', ?)",
                [(set_id, rid, start + 1 + n, title, _now()) for n, (rid, title) in enumerate(new)],
            )
        return len(new)

    def remove(self, set_id: int, record_ids: list[str]) -> None:
        with self.userdata.writing("the working set"):
            self.conn.executemany(
                "DELETE FROM set_items WHERE set_id = ? AND record_id = ?", [(set_id, r) for r in record_ids]
            )

    def clear(self, set_id: int) -> None:
        with self.userdata.writing("the working set"):
            self.conn.execute("DELETE FROM set_items WHERE set_id = ?", (set_id,))

    def move(self, set_id: int, record_id: str, to: int) -> None:
        """Put a record at position ``to`` (0 first), the others keeping their order."""
        order = [i.record_id for i in self.items(set_id)]
        if record_id not in order:
            raise NotFound(f"{record_id} is not in this working set")
        order.remove(record_id)
        order.insert(max(0, min(to, len(order))), record_id)
        with self.userdata.writing("the working set's order"):
            self.conn.executemany(
                "UPDATE set_items SET position = ? WHERE set_id = ? AND record_id = ?",
                [(n, set_id, rid) for n, rid in enumerate(order)],
            )

    def set_note(self, set_id: int, record_id: str, note: str) -> None:
        with self.userdata.writing("the note"):
            done = self.conn.execute(
                "UPDATE set_items SET note = ? WHERE set_id = ? AND record_id = ?", (note.strip(), set_id, record_id)
            )
        if done.rowcount == 0:
            raise NotFound(f"{record_id} is not in this working set")

    def remember_titles(self, titles: dict[str, str]) -> None:
        """Keep each record's title as the knowledge base now gives it (its last known one)."""
        with self.userdata.writing("the working sets' titles"):
            self.conn.executemany(
                "UPDATE set_items SET title = ? WHERE record_id = ? AND title != ?",
                [(title, rid, title) for rid, title in titles.items()],
            )
