"""Gradebook files that learning-management systems import.

Canvas (Grades > Import): a CSV whose first five columns identify the student, then one column per
assignment; an optional second row starting "Points Possible" gives the assignment's points.

    Student,ID,SIS User ID,SIS Login ID,Section,<assignment title>
    Points Possible,,,,,<points>
    <name>,,<student id>,<login>,<section>,<score>

Canvas matches a row to a student by ``ID`` (Canvas's own user id, left blank here), ``SIS User ID`` or
``SIS Login ID``; the student ids of the submissions must therefore be the students' SIS user ids (or put
the Canvas login in the roster's ``login`` column). A new column name creates a new assignment; to fill an
existing one, name it exactly as Canvas does, ``Title (1234)``, with ``--canvas-assignment-id 1234``.

Moodle (Grades > Import > CSV file): any CSV with a column that identifies the user and one column per grade
item; on the import page map "ID number" to *ID number* (or "Email address" to *Email address*), the grade
column to the grade item (or a new one), and "Feedback" to that item's feedback.

    ID number,Email address,<assignment title>,Feedback

Only rows with a grade are written: Moodle aborts the whole import on a user it cannot find and clears a
grade given as an empty cell, and a blank Canvas cell is no grade either, so students whose submissions
need attention stay out of both files and keep whatever grade the LMS has.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
CANVAS_POINTS_ROW = "Points Possible"
MOODLE_COLUMNS = ["ID number", "Email address"]
MOODLE_FEEDBACK = "Feedback"


@dataclass(frozen=True)
class GradeLine:
    """One student's grade as the LMS files need it."""

    student: str
    score: Decimal
    name: str = ""
    email: str = ""
    section: str = ""
    login: str = ""
    feedback: str = ""


def number(value: Decimal | float) -> str:
    """A score as a plain number: at most two decimals, no trailing zeros (18.5, 20, 0)."""
    rounded = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{rounded:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _csv(rows: Iterable[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180 line ends, as spreadsheets write them
    writer.writerows(rows)
    return out.getvalue()


def canvas_column(title: str, canvas_assignment_id: str | None = None) -> str:
    return f"{title} ({canvas_assignment_id})" if canvas_assignment_id else title


def canvas_csv(lines: list[GradeLine], title: str, points_possible: Decimal | float,
               canvas_assignment_id: str | None = None) -> str:
    rows = [CANVAS_COLUMNS + [canvas_column(title, canvas_assignment_id)],
            [CANVAS_POINTS_ROW, "", "", "", "", number(points_possible)]]
    rows += [[g.name, "", g.student, g.login, g.section, number(g.score)] for g in lines]
    return _csv(rows)


def moodle_csv(lines: list[GradeLine], title: str) -> str:
    rows = [MOODLE_COLUMNS + [title, MOODLE_FEEDBACK]]
    rows += [[g.student, g.email, number(g.score), g.feedback] for g in lines]
    return _csv(rows)
