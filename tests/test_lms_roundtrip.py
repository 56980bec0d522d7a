"""The LMS round trip: rosters straight from Canvas and Moodle exports, their bulk downloads graded as they come,
and feedback bundles named for their bulk uploads."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbook.course import assign, grade
from workbook.course.late import parse_due
from workbook.course.roster import parse_roster
from workbook.course.submissions import lms_name
from workbook.course.submit import answers_document
from workbook.errors import WorkbookError
from workbook.exercises.practice import DEFAULT_KINDS

ROOT = Path(__file__).resolve().parents[1]
CANVAS = ("Student,ID,SIS User ID,SIS Login ID,Section,Week 1 (4411),Current Score\r\n"
          "    Points Possible,,,,,26,\r\n"
          "\"Example, Ana\",1001,s001,ana,Sec A,,\r\n"
          "\"Sample, Ben\",1002,s002,ben,Sec A,,\r\n"
          "\"Student, Test\",9999,,,Sec A,,\r\n")
MOODLE = ("First name,Last name,ID number,Institution,Department,Email address\n"
          "Ana,Example,s001,,,ana@example.edu\nBen,Sample,s002,,,ben@example.edu\n")


def test_a_canvas_gradebook_export_is_a_roster_keyed_by_sis_user_id():
    students = parse_roster(CANVAS, "canvas.csv")
    assert [(s.id, s.canvas_id, s.name, s.login) for s in students] == [
        ("s001", "1001", "Example, Ana", "ana"), ("s002", "1002", "Sample, Ben", "ben")]


def test_a_moodle_export_is_a_roster_with_full_names():
    students = parse_roster(MOODLE, "moodle.csv")
    assert [(s.id, s.name, s.email) for s in students] == [("s001", "Ana Example", "ana@example.edu"),
                                                          ("s002", "Ben Sample", "ben@example.edu")]


def test_a_canvas_export_without_sis_ids_says_so():
    with pytest.raises(WorkbookError, match="not a usable student id"):
        parse_roster("Student,ID,SIS User ID\n    Points Possible,,\n\"Doe, Jo\",1003,\n")


@pytest.mark.parametrize(("name", "lms", "prefix", "original", "late"), [
    ("exampleana_1001_555_s001.json", "canvas", "exampleana_1001_555", "s001.json", False),
    ("sampleben_LATE_1002_556_s002-1.json", "canvas", "sampleben_1002_556", "s002-1.json", True),
    ("Ana Example_12_assignsubmission_file_s001.json", "moodle", "Ana Example_12_assignsubmission_file",
     "s001.json", False),
    ("Ben Sample_13_assignsubmission_file/hand-in.json", "moodle", "Ben Sample_13_assignsubmission_file",
     "hand-in.json", False),
])
def test_bulk_download_names_are_recognised(name, lms, prefix, original, late):
    found = lms_name(name)
    assert found is not None and (found.lms, found.prefix, found.original, found.late) == (lms, prefix, original,
                                                                                           late)


@pytest.mark.parametrize("name", ["s001.json", "hand-in/s001.json", "s001_2.json", "A_1_2.json"])
def test_plain_names_are_not_lms_names(name):
    assert lms_name(name) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_no_name_crashes_the_lms_reader(name):
    lms_name(name)


@pytest.fixture(scope="module")
def week(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lms")
    (tmp / "canvas.csv").write_text(CANVAS, encoding="utf-8")
    assign.build(["revenue-cycle"], "Week 1", parse_due("2027-02-01", "UTC"), tmp / "w", roster=tmp / "canvas.csv",
                 questions=2, kinds=list(DEFAULT_KINDS), root=ROOT)
    return tmp / "w"


def _zip(path: Path, files: dict[str, dict]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, doc in files.items():
            archive.writestr(name, json.dumps(doc))
    return path


def test_a_canvas_bulk_download_is_graded_and_its_feedback_goes_back_under_canvas_names(week, tmp_path):
    a = grade.load_assignment(week)
    ana = answers_document("s001", a.id, grade.model_answers(a, "s001"))
    ben = answers_document("s002", a.id, grade.model_answers(a, "s002"))
    subs = _zip(tmp_path / "submissions.zip", {
        "exampleana_1001_555_s001.json": ana,
        "sampleben_LATE_1002_556_s002-1.json": ben,  # resubmitted: Canvas added -1
        "nobody_1003_557_hand-in.json": ana,  # not on the roster, and not named for a student
    })
    outcome = grade.run(week, subs, tmp_path / "grades")
    rows = {r.source: r for r in outcome.rows}
    assert rows["exampleana_1001_555_s001.json"].student == "s001"
    assert rows["exampleana_1001_555_s001.json"].status == grade.GRADED
    late = rows["sampleben_LATE_1002_556_s002-1.json"]
    assert late.student == "s002" and late.score == a.points_possible and "Canvas marked this submission late" in \
        late.notes
    assert rows["nobody_1003_557_hand-in.json"].status == grade.NOT_GRADED
    with zipfile.ZipFile(tmp_path / "grades" / "feedback-canvas.zip") as bundle:
        names = sorted(bundle.namelist())
        # Every file the LMS gave back gets feedback under its own prefix, even one that could not be graded.
        assert names == ["exampleana_1001_555_feedback-s001.md", "nobody_1003_557_feedback-hand-in.md",
                         "sampleben_1002_556_feedback-s002.md"]
        assert "could not be graded" in bundle.read(names[1]).decode()
        assert "feedback for s001" in bundle.read(names[0]).decode()
    assert not (tmp_path / "grades" / "feedback-moodle.zip").exists()


def test_a_moodle_download_flat_or_in_folders_is_graded_with_feedback_text(week, tmp_path):
    a = grade.load_assignment(week)
    answers = grade.model_answers(a, "s002")
    first = sorted(answers)[0]
    del answers[first]
    subs = _zip(tmp_path / "moodle.zip", {
        "Ana Example_12_assignsubmission_file_s001.json": answers_document("s001", a.id,
                                                                          grade.model_answers(a, "s001")),
        "Ben Sample_13_assignsubmission_file/hand-in.json": answers_document("s002", a.id, answers),
    })
    outcome = grade.run(week, subs, tmp_path / "grades")
    by_student = {r.student: r for r in outcome.rows if r.source}
    assert by_student["s001"].status == grade.GRADED and by_student["s002"].status == grade.GRADED
    with zipfile.ZipFile(tmp_path / "grades" / "feedback-moodle.zip") as bundle:
        assert sorted(bundle.namelist()) == ["Ana Example_12_assignsubmission_file_feedback-s001.md",
                                             "Ben Sample_13_assignsubmission_file_feedback-s002.md"]
    with (tmp_path / "grades" / "moodle.csv").open(encoding="utf-8") as f:
        rows = {r["ID number"]: r for r in csv.DictReader(f)}
    assert rows["s002"]["Feedback"].startswith("Score ") and f"Not answered: {first}." in rows["s002"]["Feedback"]


def test_an_lms_file_holding_another_students_answers_is_flagged(week, tmp_path):
    a = grade.load_assignment(week)
    subs = _zip(tmp_path / "s.zip", {"exampleana_1001_555_s001.json": answers_document(
        "s002", a.id, grade.model_answers(a, "s002"))})
    (row,) = [r for r in grade.run(week, subs, tmp_path / "g").rows if r.source]
    assert row.status == grade.NOT_GRADED and row.reason.startswith("wrong-student")


def test_canvas_csv_from_an_lms_roster_round_trips_to_canvas_import(week, tmp_path):
    a = grade.load_assignment(week)
    subs = _zip(tmp_path / "s.zip", {"exampleana_1001_555_s001.json": answers_document(
        "s001", a.id, grade.model_answers(a, "s001"))})
    grade.run(week, subs, tmp_path / "g")
    rows = list(csv.reader(io.StringIO((tmp_path / "g" / "canvas.csv").read_text(encoding="utf-8"))))
    assert rows[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert rows[2][:5] == ["Example, Ana", "", "s001", "ana", "Sec A"]
