"""The cohort report: one HTML page over several grading runs, with difficulty, discrimination and each student."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from workbook.cli import main
from workbook.course import assign, grade
from workbook.course.late import parse_due
from workbook.course.submit import answers_document
from workbook.errors import WorkbookError

ROOT = Path(__file__).resolve().parents[1]


def _run(tmp: Path, name: str, chapter: str, wrong: dict[str, int]) -> Path:
    """Grade three students on ``chapter``; student i misses the first wrong[student] exercises."""
    assign.build([chapter], f"Quiz {name}", parse_due("2027-03-01", "UTC"), tmp / name, root=ROOT)
    a = grade.load_assignment(tmp / name)
    subs = tmp / f"{name}-subs"
    subs.mkdir()
    for student, misses in wrong.items():
        answers = grade.model_answers(a, student)
        for ex_id in sorted(answers)[:misses]:
            del answers[ex_id]
        (subs / f"{student}.json").write_text(json.dumps(answers_document(student, a.id, answers)), encoding="utf-8")
    grade.run(tmp / name, subs, tmp / f"{name}-grades")
    return tmp / f"{name}-grades"


def test_the_report_covers_every_assignment_exercise_and_student(tmp_path):
    first = _run(tmp_path, "a", "revenue-cycle", {"s001": 0, "s002": 4, "s003": 9})
    with (first / "gradebook.csv").open("a", encoding="utf-8") as f:  # an edited gradebook: its text is escaped
        f.write("s<b>3</b>,x.json,graded,no,,,,,1,2,1,50.0,1,1,\r\n")
    second = _run(tmp_path, "b", "hipaa", {"s001": 2, "s002": 0})
    out = tmp_path / "report.html"
    assert main(["report", str(first), str(second), "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "Quiz a (quiz-a-20270301)" in page and "Quiz b (quiz-b-20270301)" in page
    for ex_id in ("rc-01", "rc-16", "hipaa-01"):
        assert f"<th scope='row'>{ex_id}</th>" in page
    assert "s&lt;b&gt;3&lt;/b&gt;" in page and "<b>3</b>" not in page  # whatever a gradebook holds is escaped
    s001 = re.search(r"<th scope='row'>s001</th>(.*?)</tr>", page).group(1)
    assert 'aria-label="100%"' in s001 and s001.count("<svg") == 3  # quiz a, quiz b, the mean
    assert page.count("<svg width=\"300\"") == 2  # one score chart per assignment


def test_bad_report_input_is_a_clear_error(tmp_path):
    with pytest.raises(WorkbookError, match="holds no summary.json"):
        from workbook.course.report import write_report

        write_report([tmp_path], tmp_path / "r.html")
    (tmp_path / "summary.json").write_text("{", encoding="utf-8")
    (tmp_path / "gradebook.csv").write_text("student_id\n", encoding="utf-8")
    with pytest.raises(WorkbookError, match="cannot be read"):
        write_report([tmp_path], tmp_path / "r.html")
    with pytest.raises(WorkbookError, match="HTML page"):
        write_report([tmp_path], tmp_path / "r.pdf")
    assert not (tmp_path / "r.html").exists()
