"""Grading: scores against the keys, late policy, LMS layouts, robustness, and never running a submission."""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import uuid
import zipfile
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbook.course import assign, grade, lms, submissions
from workbook.course.late import LatePolicy, apply_penalty, parse_due
from workbook.course.submit import answers_document, checksum, notebook_with_answers
from workbook.errors import WorkbookError
from workbook.exercises.practice import DEFAULT_KINDS

ROOT = Path(__file__).resolve().parents[1]
ROSTER = ("student_id,name,email,section,login\n"
          "s001,Ana Example,ana@example.edu,A,ana\ns002,Ben Sample,ben@example.edu,A,ben\n"
          "s003,Cy Test,cy@example.edu,B,cy\ns004,Di Mock,di@example.edu,B,di\n")
ID = "week-3-20270201"
DUE = parse_due("2027-02-01", "UTC")


@pytest.fixture(scope="module")
def week3(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("grade")
    (tmp / "roster.csv").write_text(ROSTER, encoding="utf-8")
    assign.build(["revenue-cycle"], "Week 3", DUE, tmp / "week3", roster=tmp / "roster.csv", questions=3,
                 kinds=list(DEFAULT_KINDS), graded="all",
                 policy=LatePolicy(grace_hours=1, penalty_per_day=10, max_penalty=30, zero_after_days=5), root=ROOT)
    return tmp / "week3"


@pytest.fixture(scope="module")
def assignment(week3) -> grade.Assignment:
    return grade.load_assignment(week3)


def write(folder: Path, name: str, doc: dict, when: datetime = DUE - timedelta(days=1)) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if name.endswith(".ipynb"):
        path.write_text(json.dumps(notebook_with_answers(doc)), encoding="utf-8")
    else:
        path.write_text(json.dumps(doc), encoding="utf-8")
    stamp = when.timestamp()
    os.utime(path, (stamp, stamp))
    return path


def perfect(assignment, student: str) -> dict:
    return answers_document(student, ID, grade.model_answers(assignment, student))


def rows_by_file(outcome: grade.Outcome) -> dict[str, grade.Row]:
    return {r.source or r.student: r for r in outcome.rows}


# ---------------------------------------------------------------------------------------------------- scoring

def test_perfect_json_and_notebook_submissions_score_full_marks(week3, assignment, tmp_path):
    subs = tmp_path / "subs"
    write(subs, "s001.json", perfect(assignment, "s001"))
    write(subs, "s002.ipynb", perfect(assignment, "s002"))
    outcome = grade.run(week3, subs, tmp_path / "grades")
    rows = rows_by_file(outcome)
    for name in ("s001.json", "s002.ipynb"):
        assert rows[name].status == grade.GRADED, rows[name].reason
        assert rows[name].score == rows[name].possible == assignment.points_possible
        assert rows[name].right == len(assignment.exercises) + 3
    assert rows["s003"].status == grade.MISSING and rows["s004"].status == grade.MISSING
    assert not outcome.needs_attention


def test_wrong_and_unreadable_answers_score_nothing_with_specific_feedback(week3, assignment, tmp_path):
    answers = grade.model_answers(assignment, "s001")
    answers["rc-08"] = "I10.9"  # not the key's code
    answers["rc-05"] = "lots"  # not a number
    del answers["rc-01"]
    gen = assignment.generated["ids"][0]
    answers[gen] = "Z99.89"
    write(tmp_path / "subs", "s001.json", answers_document("s001", ID, answers))
    outcome = grade.run(week3, tmp_path / "subs", tmp_path / "grades")
    row = rows_by_file(outcome)["s001.json"]
    status = {r.item.exercise.id: r.status for r in row.results}
    assert status["rc-08"] == "wrong" and status["rc-05"] == "unreadable" and status["rc-01"] == "unanswered"
    assert status[gen] == "wrong"
    lost = sum(Decimal(str(assignment.exercises[i].points)) for i, ex in enumerate(assignment.exercises)
               if ex.id in ("rc-08", "rc-05", "rc-01")) + 1
    assert row.score == assignment.points_possible - lost
    feedback = (tmp_path / "grades" / "feedback" / "s001.md").read_text()
    assert "## What was right" in feedback and "## What was wrong" in feedback and "## Not answered" in feedback
    assert "could not be read" in feedback and "- Explanation:" in feedback
    assert "Your answer: `I10.9`" in feedback


def test_extra_answers_are_ignored_and_noted(week3, assignment, tmp_path):
    answers = {**grade.model_answers(assignment, "s001"), "zz-01": 3}
    write(tmp_path / "subs", "s001.json", answers_document("s001", ID, answers))
    row = rows_by_file(grade.run(week3, tmp_path / "subs", tmp_path / "g"))["s001.json"]
    assert row.status == grade.GRADED and row.score == assignment.points_possible
    assert "1 answer(s) to exercises outside this assignment ignored" in row.notes


# ------------------------------------------------------------------------------------------------ late policy

def test_late_policy_arithmetic():
    policy = LatePolicy(grace_hours=2, penalty_per_day=10, max_penalty=30, zero_after_days=7)
    at = lambda **kw: DUE + timedelta(**kw)  # noqa: E731
    assert policy.assess(DUE, at(hours=-1)) == (0, 0.0)
    assert policy.assess(DUE, at(hours=2)) == (0, 0.0)  # within grace
    assert policy.assess(DUE, at(hours=3)) == (1, 10.0)  # counted from the due time, part day = a day
    assert policy.assess(DUE, at(days=2, minutes=1)) == (3, 30.0)
    assert policy.assess(DUE, at(days=6)) == (6, 30.0)  # capped
    assert policy.assess(DUE, at(days=7, seconds=1)) == (8, 100.0)  # zero after 7 days
    assert policy.assess(DUE, None) == (0, 0.0)
    assert LatePolicy(enabled=False).assess(DUE, at(days=3)) == (0, 0.0)
    assert apply_penalty(Decimal("23"), 10.0) == Decimal("20.70")
    with pytest.raises(WorkbookError):
        LatePolicy(penalty_per_day=150)


def test_late_submissions_lose_points_by_file_time_or_lms_times(week3, assignment, tmp_path):
    subs = tmp_path / "subs"
    write(subs, "s001.json", perfect(assignment, "s001"), DUE + timedelta(minutes=30))  # in grace
    write(subs, "s002.json", perfect(assignment, "s002"), DUE + timedelta(hours=30))  # 2 days
    write(subs, "s003.json", perfect(assignment, "s003"), DUE + timedelta(days=6))  # zero after 5
    rows = rows_by_file(grade.run(week3, subs, tmp_path / "g1"))
    full = assignment.points_possible
    assert rows["s001.json"].status == grade.GRADED and rows["s001.json"].score == full
    assert rows["s002.json"].status == grade.LATE and rows["s002.json"].days_late == 2
    assert rows["s002.json"].score == apply_penalty(full, 20)
    assert rows["s003.json"].score == 0
    times = tmp_path / "times.csv"
    times.write_text("student_id,submitted_at\ns001,2027-02-03T10:00:00Z\ns002,2027-02-01T12:00:00-06:00\n")
    rows = rows_by_file(grade.run(week3, subs, tmp_path / "g2", grade.Options(times=times)))
    assert rows["s001.json"].days_late == 2 and rows["s002.json"].score == full
    assert rows["s003.json"].score == full and "no time for this student" in rows["s003.json"].notes[0]
    rows = rows_by_file(grade.run(week3, subs, tmp_path / "g3", grade.Options(policy=LatePolicy(enabled=False))))
    assert all(rows[f"s00{i}.json"].score == full for i in (1, 2, 3))


# ---------------------------------------------------------------------------------------------- LMS layouts

def test_canvas_and_moodle_files_have_the_documented_layouts(week3, assignment, tmp_path):
    subs = tmp_path / "subs"
    answers = grade.model_answers(assignment, "s001")
    answers.pop("rc-01")
    write(subs, "s001.json", answers_document("s001", ID, answers))
    write(subs, "s002.json", perfect(assignment, "s002"), DUE + timedelta(hours=5))
    (subs / "s003.json").write_text("{not json")
    out = tmp_path / "grades"
    grade.run(week3, subs, out, grade.Options(canvas_assignment_id="4321"))
    canvas = list(csv.reader(io.StringIO((out / "canvas.csv").open(newline="").read())))
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Week 3 (4321)"]
    assert canvas[1] == ["Points Possible", "", "", "", "", lms.number(assignment.points_possible)]
    assert canvas[2] == ["Ana Example", "", "s001", "ana", "A", lms.number(assignment.points_possible - 1)]
    assert canvas[3][2] == "s002" and canvas[3][5] == lms.number(apply_penalty(assignment.points_possible, 10))
    assert len(canvas) == 4  # s003 needs attention and s004 handed nothing in: neither is imported
    moodle = list(csv.reader(io.StringIO((out / "moodle.csv").open(newline="").read())))
    assert moodle[0] == ["ID number", "Email address", "Week 3", "Feedback"]
    assert moodle[1][:3] == ["s001", "ana@example.edu", lms.number(assignment.points_possible - 1)]
    assert moodle[2][0] == "s002" and "Late 1 day(s): -10%" in moodle[2][3] and "Score 23.4 / 26" in moodle[2][3]
    assert len(moodle) == 3
    report = list(csv.DictReader(io.StringIO((out / "gradebook.csv").open(newline="").read())))
    assert list(report[0]) == grade.REPORT_COLUMNS
    assert [r["student_id"] for r in report] == ["s001", "s002", "s003", "s004"]
    assert report[2]["needs_attention"] == "yes" and report[3]["status"] == "missing"
    grade.run(week3, subs, tmp_path / "zero", grade.Options(missing_zero=True))
    moodle = list(csv.reader(io.StringIO((tmp_path / "zero" / "moodle.csv").open(newline="").read())))
    assert moodle[-1][:3] == ["s004", "di@example.edu", "0"]


def test_numbers_in_lms_files():
    assert lms.number(Decimal("18.50")) == "18.5" and lms.number(Decimal("20.00")) == "20"
    assert lms.number(0) == "0" and lms.number(Decimal("7.125")) == "7.13"


# ------------------------------------------------------------------------------------------------ robustness

def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def test_every_kind_of_bad_submission_gets_its_own_row_and_the_run_goes_on(week3, assignment, tmp_path):
    subs = tmp_path / "subs"
    good = perfect(assignment, "s001")
    write(subs, "s001.json", good)
    text = json.dumps(perfect(assignment, "s002"))
    (subs / "s002.json").write_text(text[: len(text) // 2])  # truncated
    (subs / "s003.json").write_bytes(b"")  # empty
    (subs / "s004.json").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")  # corrupt
    (subs / "s005.json").write_bytes(b"{" + b" " * 3_000_000 + b"}")  # oversized
    write(subs, "s006.json", answers_document("s006", "week-9-20270401", {}))  # wrong assignment
    write(subs, "s007.json", perfect(assignment, "s007"))
    write(subs, "S007.ipynb", perfect(assignment, "S007"))  # duplicate (ids compared without case)
    edited = perfect(assignment, "s008")
    edited["answers"]["rc-01"] = 3
    write(subs, "s008.json", edited)  # tampered: answers changed after hand-in
    extra = {**perfect(assignment, "s009"), "score": 100}
    write(subs, "s009.json", extra)  # extra field
    missing = perfect(assignment, "s010")
    del missing["learner"]
    write(subs, "s010.json", missing)  # missing field
    write(subs, "s011.json", perfect(assignment, "s001"))  # someone else's answers
    (subs / "notes.txt").write_text("hello")
    os.symlink(subs / "s001.json", subs / "s012.json")
    os.mkfifo(subs / "s013.json")  # reading a pipe would hang: it must be refused unread
    hashes = perfect(assignment, "s014")
    hashes["checksum"] = "sha256:" + "0" * 64
    write(subs, "s014.json", hashes)  # edited hash
    outcome = grade.run(week3, subs, tmp_path / "grades")
    rows = rows_by_file(outcome)
    expected = {
        "s002.json": "truncated", "s003.json": "empty", "s004.json": "corrupt", "s005.json": "too-large",
        "s006.json": "wrong-assignment", "s007.json": "duplicate", "S007.ipynb": "duplicate",
        "s008.json": "tampered", "s009.json": "tampered", "s010.json": "tampered", "s011.json": "wrong-student",
        "notes.txt": "bad-name", "s012.json": "unsafe-name", "s013.json": "unsafe-name", "s014.json": "tampered",
    }
    for name, kind in expected.items():
        assert rows[name].status == grade.NOT_GRADED and rows[name].reason.startswith(kind), (name, rows[name].reason)
        assert rows[name].attention
    assert "unexpected field(s) score" in rows["s009.json"].reason
    assert "missing field(s) learner" in rows["s010.json"].reason
    assert rows["s001.json"].status == grade.GRADED and rows["s001.json"].score == assignment.points_possible
    assert outcome.needs_attention
    summary = (tmp_path / "grades" / "summary.md").read_text()
    assert "## Needs attention" in summary and "s005.json" in summary


def test_a_zip_of_submissions_is_read_in_memory_and_dot_dot_names_are_refused(week3, assignment, tmp_path):
    good = json.dumps(perfect(assignment, "s001")).encode()
    archive = _zip(tmp_path / "subs.zip", {"downloads/s001.json": good, "../s002.json": good,
                                           "/etc/s003.json": good, "__MACOSX/._s001.json": b"junk",
                                           "a/../../s004.json": good})
    outcome = grade.run(week3, archive, tmp_path / "grades")
    rows = rows_by_file(outcome)
    assert rows["downloads/s001.json"].status == grade.GRADED
    for name in ("../s002.json", "/etc/s003.json", "a/../../s004.json"):
        assert rows[name].reason.startswith("unsafe-name"), rows[name].reason
        assert rows[name].student is None
    assert not (tmp_path / "s002.json").exists() and sorted(p.name for p in (tmp_path / "grades" / "feedback")
                                                            .iterdir()) == ["s001.md"]


def test_a_submitted_notebook_is_never_run(week3, assignment, tmp_path, monkeypatch):
    """Cells that would write a file and open a socket: after grading, neither happened."""
    target = Path("/tmp") / f"pwned-{uuid.uuid4().hex}"
    opened = []

    class Recorder(socket.socket):
        def __init__(self, *args, **kwargs):
            opened.append(args)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(socket, "socket", Recorder)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: opened.append(a))
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(f"open({str(target)!r}, 'w').write('pwned')"),
                nbformat.v4.new_code_cell("import socket\nsocket.create_connection(('127.0.0.1', 9))"),
                nbformat.v4.new_code_cell("__import__('os').system('touch " + str(target) + "')")]
    nb.metadata["workbook"] = {"answers": perfect(assignment, "s001")}
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    subs = tmp_path / "subs"
    subs.mkdir()
    nbformat.write(nb, subs / "s001.ipynb")
    outcome = grade.run(week3, subs, tmp_path / "grades")
    row = rows_by_file(outcome)["s001.ipynb"]
    assert row.status == grade.GRADED and row.score == assignment.points_possible
    assert not target.exists()
    assert opened == []


def test_grading_again_keeps_the_earlier_results(week3, assignment, tmp_path):
    subs = tmp_path / "subs"
    write(subs, "s001.json", perfect(assignment, "s001"))
    out = tmp_path / "grades"
    first = grade.run(week3, subs, out)
    assert first.earlier is None
    earlier_book = (out / "gradebook.csv").read_text()
    data = json.loads((out / "summary.json").read_text())
    data["graded_at"] = "2027-02-02T10:00:00Z"  # two runs can fall in the same second
    (out / "summary.json").write_text(json.dumps(data))
    (subs / "s001.json").write_text("{")
    second = grade.run(week3, subs, out)
    assert second.earlier == out / "history" / "20270202T100000Z"
    assert (second.earlier / "gradebook.csv").read_text() == earlier_book
    assert sorted(p.name for p in second.earlier.iterdir()) == sorted(n for n in grade.OUTPUTS if "-" not in n)
    assert "not-graded" in (out / "gradebook.csv").read_text()
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no staging folder left behind


def test_a_damaged_instructor_packet_is_refused(week3, tmp_path):
    with zipfile.ZipFile(week3 / "instructor-packet.zip") as archive:
        files = {i.filename: archive.read(i) for i in archive.infolist()}
    rubric = next(n for n in files if n.endswith("keys/revenue-cycle.yml"))
    files[rubric] = files[rubric].replace(b"answer: ICD-10-CM", b"answer: CPT")
    (tmp_path / "bad").mkdir()
    _zip(tmp_path / "bad" / "instructor-packet.zip", files)
    with pytest.raises(WorkbookError, match="does not match its checksum"):
        grade.load_assignment(tmp_path / "bad")
    with pytest.raises(WorkbookError, match="holds no instructor-packet.zip"):
        grade.load_assignment(tmp_path)


def test_summary_has_histogram_and_difficulty_table(week3, assignment, tmp_path):
    subs = tmp_path / "subs"
    for i, student in enumerate(("s001", "s002", "s003", "s004")):
        answers = grade.model_answers(assignment, student)
        for ex in assignment.exercises[: i * 3]:
            answers.pop(ex.id)
        write(subs, f"{student}.json", answers_document(student, ID, answers))
    outcome = grade.run(week3, subs, tmp_path / "grades")
    data = outcome.summary
    assert data["counts"][grade.GRADED] == 4 and len(data["histogram"]) == 10
    assert sum(int(line.rsplit(" ", 1)[1]) for line in data["histogram"]) == 4
    table = {e["exercise"]: e for e in data["exercises"]}
    assert table["rc-01"]["percent_right"] == 25.0 and table["rc-16"]["percent_right"] == 100.0
    assert table["rc-01"]["discrimination"] is not None and table["rc-01"]["discrimination"] > 0
    assert any(k.startswith("generated: ") for k in table)
    text = (tmp_path / "grades" / "summary.md").read_text()
    assert "## Score histogram" in text and "| rc-01 |" in text


# --------------------------------------------------------------------------------------- the parser, fuzzed

@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.text(max_size=40), data=st.binary(max_size=2000))
def test_no_bytes_and_no_name_ever_crash_the_parser(name, data):
    sub = submissions.parse(name, data, ID, max_bytes=1000)
    assert isinstance(sub, submissions.Submission)
    assert sub.ok or sub.problem.split(":", 1)[0] in {
        "unsafe-name", "bad-name", "empty", "too-large", "corrupt", "truncated", "not-answers",
        "wrong-assignment", "wrong-student", "tampered"}


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner,
                                                                                max_size=5), max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(doc=st.dictionaries(st.sampled_from(["format", "learner", "assignment", "answers", "exported", "checksum",
                                            "extra"]), JSON), kind=st.sampled_from(["json", "ipynb"]))
def test_no_json_document_crashes_the_parser(doc, kind):
    body = {"cells": [], "metadata": {"workbook": {"answers": doc}}, "nbformat": 4} if kind == "ipynb" else doc
    sub = submissions.parse(f"s001.{kind}", json.dumps(body).encode(), ID)
    assert isinstance(sub, submissions.Submission)
    if sub.ok:
        assert isinstance(sub.answers, dict)


@settings(max_examples=100, deadline=None)
@given(answers=st.dictionaries(st.text(min_size=1, max_size=12), JSON, max_size=8))
def test_whatever_the_answers_grading_never_raises(assignment, answers):
    doc = answers_document("s001", ID, answers)
    sub = submissions.parse("s001.json", json.dumps(doc).encode(), ID)
    row = grade.Grader(assignment).grade(sub, DUE)
    assert row.status in (grade.GRADED, grade.NOT_GRADED)


def test_checksum_covers_the_graded_fields_only():
    doc = answers_document("s001", ID, {"rc-01": 1}, exported="2027-01-01T00:00:00Z")
    assert doc["checksum"] == checksum({**doc, "exported": "2030-01-01T00:00:00Z"})
    assert doc["checksum"] != checksum({**doc, "answers": {"rc-01": 2}})
    sub = submissions.parse("s001.json", json.dumps(doc).encode(), ID)
    assert sub.ok and sub.answers == {"rc-01": 1}


def test_progress_export_files_without_a_checksum_are_accepted(tmp_path):
    from workbook.course.progress import Progress
    from workbook.exercises.spec import Exercise

    progress = Progress.open("s001", tmp_path)
    progress.record(Exercise(id="rc-01", type="single", prompt="?", bank="revenue-cycle"), 1, True)
    path = progress.export(tmp_path / "s001.json", assignment=ID)
    sub = submissions.parse("s001.json", path.read_bytes(), ID)
    assert sub.ok and sub.answers == {"rc-01": 1} and "no checksum" in sub.notes[0]


def test_names_are_checked_before_anything_is_read():
    for name in ("../s001.json", "a/../../s001.json", "/abs/s001.json", "C:\\x\\s001.json", "s001.json\x00"):
        assert submissions.check_name(name)[2].startswith("unsafe-name"), name
    assert submissions.check_name("s001.JSON") == ("s001", "json", "")
    assert submissions.check_name("jane.doe@uni.edu.ipynb")[0] == "jane.doe@uni.edu"
    assert submissions.check_name("..json")[2].startswith("bad-name")
    assert submissions.check_name("s001.txt")[2].startswith("bad-name")


def test_a_missing_submissions_folder_is_a_clear_error(week3, tmp_path):
    with pytest.raises(WorkbookError, match="no such folder"):
        grade.run(week3, tmp_path / "nope", tmp_path / "g")


def test_an_out_folder_inside_the_submissions_is_refused_before_anything_is_written(week3, assignment, tmp_path):
    subs = tmp_path / "subs"
    write(subs, "s001.json", perfect(assignment, "s001"))
    for out in (subs, subs / "grades", subs / "a" / ".." / "grades"):
        with pytest.raises(WorkbookError, match="inside the submissions folder"):
            grade.run(week3, subs, out)
    assert sorted(p.name for p in subs.iterdir()) == ["s001.json"]
    assert grade.run(week3, subs, tmp_path / "grades").rows[0].status == grade.GRADED
