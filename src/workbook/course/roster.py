"""A class roster: a CSV with one student per row, and at least a student id column.

Headers are matched without regard to case; accepted names for each column:

* id (required; the first of these names present wins): ``student_id``, ``student id``, ``sis user id``,
  ``id number``, ``idnumber``, ``username``, ``id``
* name: ``name``, ``student``, ``student name``, ``full name``, or ``first name`` with ``last name``/``surname``
* email: ``email``, ``email address``
* section: ``section``
* login: ``sis login id``, ``login``, ``login id``
* canvas_id: Canvas's own user id, the ``ID`` column of a Canvas gradebook export (kept beside the SIS User ID,
  which is the student id; bulk-downloaded submissions carry it in their file names)

The LMS exports load as they are: a Canvas gradebook export (its "Points Possible" row and the test student
are skipped; the SIS User ID is the student id) and a Moodle participants or grades export (ID number, else
username; first name and last name make the name).

Comma, semicolon and tab separated files are read; ids must be 1-64 letters, digits, '.', '_', '-' or '@'
(the same rule as file names of submissions), unique without regard to case.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from workbook.errors import WorkbookError

MAX_ROWS = 10_000
MAX_BYTES = 5_000_000
ID = re.compile(r"^[A-Za-z0-9_@-][A-Za-z0-9_.@-]{0,63}$")
COLUMNS = {
    "id": ("student_id", "student id", "studentid", "sis user id", "sis_user_id", "id number", "idnumber",
           "username", "id"),
    "name": ("name", "student", "student name", "full name"),
    "first": ("first name", "firstname", "given name"),
    "last": ("last name", "surname", "lastname", "family name"),
    "email": ("email", "email address", "e-mail"),
    "section": ("section",),
    "login": ("sis login id", "login", "login id", "sis_login_id"),
}


@dataclass(frozen=True)
class Student:
    id: str
    name: str = ""
    email: str = ""
    section: str = ""
    login: str = ""
    canvas_id: str = ""

    def to_dict(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> Student:
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            raise WorkbookError("The assignment's roster is malformed; rebuild the assignment.")
        return cls(**{k: str(data.get(k) or "") for k in ("id", "name", "email", "section", "login", "canvas_id")})


def parse_roster(text: str, where: str = "roster") -> list[Student]:
    """Students from CSV text; every problem is a WorkbookError naming the line."""
    text = text.lstrip("\ufeff")
    first = text.splitlines()[0] if text.strip() else ""
    if not first.strip():
        raise WorkbookError(f"{where}: is empty; give a CSV with a header row and a student_id column.")
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except (csv.Error, StopIteration):
        raise WorkbookError(f"{where}: the header row cannot be read as CSV.") from None
    index = {}
    for key, names in COLUMNS.items():
        for name in names:  # the first name in the list that the header has wins (SIS User ID before ID)
            if name in header and key not in index:
                index[key] = header.index(name)
    if index.get("id") is not None and header[index["id"]] != "id" and "id" in header:
        index["canvas_id"] = header.index("id")  # a Canvas export: ID is Canvas's own user id
    if "id" not in index:
        raise WorkbookError(f"{where}: no student id column; name one of the header cells 'student_id' "
                            f"(found: {', '.join(header)[:120] or 'nothing'}).")
    students: list[Student] = []
    seen: dict[str, int] = {}
    try:
        for line, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(students) >= MAX_ROWS:
                raise WorkbookError(f"{where}: more than {MAX_ROWS:,} students.")
            cells = {key: row[i].strip() if i < len(row) else "" for key, i in index.items()}
            cell = cells.get
            if _lms_extra_row(row, cells):
                continue
            sid = cells["id"]
            if not ID.match(sid) or ".." in sid:
                raise WorkbookError(f"{where}, line {line}: {sid[:40]!r} is not a usable student id (1-64 letters, "
                                    "digits, '.', '_', '-' or '@').")
            if sid.lower() in seen:
                raise WorkbookError(f"{where}, line {line}: student id {sid!r} already appears on line "
                                    f"{seen[sid.lower()]}.")
            seen[sid.lower()] = line
            name = cell("name", "") or " ".join(p for p in (cell("first", ""), cell("last", "")) if p)
            students.append(Student(sid, name, cell("email", ""), cell("section", ""), cell("login", ""),
                                    cell("canvas_id", "")))
    except csv.Error as exc:
        raise WorkbookError(f"{where}: not readable as CSV ({exc}).") from None
    if not students:
        raise WorkbookError(f"{where}: has a header but no students.")
    return students


def _lms_extra_row(row: list[str], cells: dict[str, str]) -> bool:
    """Canvas's "Points Possible" row (and its "Muted"/read-only rows) and its test student are not students."""
    first = row[0].strip().lower() if row else ""
    if first in ("points possible", "muted") or (not cells.get("id") and "read only" in " ".join(row).lower()):
        return True
    return first == "student, test" and not cells.get("id")


def read_roster(path: str | Path) -> list[Student]:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise WorkbookError(f"{path}: is too large to be a roster.")
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise WorkbookError(f"{path}: no such roster file.") from None
    except IsADirectoryError:
        raise WorkbookError(f"{path}: is a folder; give the roster CSV file.") from None
    except OSError as exc:
        raise WorkbookError(f"{path}: cannot be read ({exc.strerror}).") from None
    except UnicodeDecodeError:
        raise WorkbookError(f"{path}: is not UTF-8 text; save the roster as CSV UTF-8.") from None
    return parse_roster(text, str(path))


def roster_csv(students: list[Student]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student_id", "name", "email", "section", "login", "canvas_id"])
    for s in students:
        writer.writerow([s.id, s.name, s.email, s.section, s.login, s.canvas_id])
    return out.getvalue()
