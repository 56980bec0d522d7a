"""Attempt-aware scoring, partial credit, per-assignment progress and the hand-in preview."""

from __future__ import annotations

import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbook.course import assign, grade
from workbook.course.late import parse_due
from workbook.course.progress import MAX_HISTORY, Progress
from workbook.course.scoring import Scoring, credit, share
from workbook.course.submit import answers_document, checksum, hand_in
from workbook.errors import WorkbookError
from workbook.exercises.answers import key_response

ROOT = Path(__file__).resolve().parents[1]
ROSTER = "student_id\ns001\ns002\n"
D = Decimal


# ------------------------------------------------------------------------------------------------ the rules

def test_partial_credit_per_kind():
    assert share("ordering", "0,1,2,4,3", "0,1,2,3,4") == D("0.6")
    assert share("matching", "1,0,2", "0,1,2") == D(1) / 3
    assert share("claim", "A|B|C|D|E|F|x", "A|B|C|D|E|F|G") == D(6) / 7
    assert share("multiple", "0,1,3", "0,1,2") == D(1) / 3  # two right, one wrong, of three right
    assert share("multiple", "3,4", "0,1") == 0  # never below zero
    assert share("spot", "0,2", "0,2,5") == D(2) / 3
    assert share("single", "1", "2") == 0 and share("code", "E119", "E1165") == 0
    assert share("ordering", "0,1,2,4,3", "0,1,2,3,4", partial=False) == 0
    assert share("ordering", "0,1,2,3,4", "0,1,2,3,4", partial=False) == 1


@pytest.mark.parametrize(("policy", "shares", "expected", "attempt"), [
    ("last", [1, 0], 0, 2), ("first", [0, 1], 0, 1), ("best", [0, 0, 1, 0], 1, 3),
    ("penalty", [0, 1], D("0.75"), 2), ("penalty", [0, 0, 0, 0, 1], 0, 5), ("penalty", [D("0.5"), 1], D("0.75"), 2),
    ("penalty", [1, 1], 1, 1),
])
def test_which_attempt_each_policy_grades(policy, shares, expected, attempt):
    chosen = credit([D(s) for s in shares], Scoring(attempts=policy))
    assert (chosen.share, chosen.attempt) == (D(expected), attempt)


def test_limited_checks_and_exam_mode():
    limited = credit([D(0), D(1)], Scoring(attempts="best", max_checks=1))
    assert limited.share == 0 and "only the first 1 of 2 checks count" in limited.note
    assert credit([D(1), D(0)], Scoring(exam=True, attempts="best")).share == 0  # the final answer only
    assert "exam mode" in Scoring(exam=True).describe()
    with pytest.raises(WorkbookError, match="not one of"):
        Scoring(attempts="average")
    with pytest.raises(WorkbookError, match="0 to 100"):
        Scoring(penalty_per_try=120)
    assert Scoring.from_dict(None) == Scoring(attempts="last", partial=False)  # assignments built before policies


@settings(max_examples=200, deadline=None)
@given(shares=st.lists(st.decimals(0, 1, places=2), max_size=8), policy=st.sampled_from(["last", "first", "best",
                                                                                      "penalty"]),
       per=st.floats(0, 100), limit=st.one_of(st.none(), st.integers(1, 5)))
def test_credit_is_always_a_share_of_an_attempt_actually_made(shares, policy, per, limit):
    chosen = credit(shares, Scoring(attempts=policy, penalty_per_try=per, max_checks=limit))
    assert 0 <= chosen.share <= (max(shares) if shares else 0)
    assert chosen.attempt <= len(shares)


# --------------------------------------------------------------------------------------------- the grader

@pytest.fixture(scope="module")
def weeks(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("scoring")
    (tmp / "roster.csv").write_text(ROSTER, encoding="utf-8")
    due = parse_due("2027-02-01", "UTC")
    out = {}
    for name, scoring in (("penalty", Scoring()), ("first", Scoring(attempts="first")),
                          ("whole", Scoring(attempts="last", partial=False))):
        assign.build(["revenue-cycle"], f"Week {name}", due, tmp / name, roster=tmp / "roster.csv", questions=0,
                     root=ROOT, scoring=scoring)
        out[name] = tmp / name
    return out


def _right_and_wrong(a: grade.Assignment, ex_id: str) -> tuple[object, object]:
    ex = next(e for e in a.exercises if e.id == ex_id)
    right = key_response(ex, a.keys[ex_id].answer)
    wrong = (right + 1) % len(ex.options)
    return right, wrong


def _submit(folder: Path, week: Path, a: grade.Assignment, answers: dict, attempts: dict | None = None
            ) -> grade.Row:
    subs = folder / "subs"
    subs.mkdir(parents=True, exist_ok=True)
    doc = answers_document("s001", a.id, answers, attempts=attempts)
    (subs / "s001.json").write_text(json.dumps(doc), encoding="utf-8")
    outcome = grade.run(week, subs, folder / "grades")
    return next(r for r in outcome.rows if r.student == "s001")


@pytest.mark.parametrize(("week", "points"), [("penalty", D("0.75")), ("first", D(0))])
def test_wrong_then_right_is_graded_by_the_assignment_policy(weeks, tmp_path, week, points):
    a = grade.load_assignment(weeks[week])
    right, wrong = _right_and_wrong(a, "rc-01")
    tries = {"rc-01": [{"at": "2027-01-20T10:00:00Z", "response": wrong},
                       {"at": "2027-01-20T10:01:00Z", "response": right}]}
    row = _submit(tmp_path, weeks[week], a, {"rc-01": right}, tries)
    result = next(r for r in row.results if r.item.exercise.id == "rc-01")
    assert result.earned == points * result.item.points
    feedback = (tmp_path / "grades" / "feedback" / "s001.md").read_text()
    if week == "penalty":
        assert "graded on attempt 2: -25%" in feedback


def test_ordering_and_claim_earn_partial_credit_unless_the_assignment_says_whole(weeks, tmp_path):
    for week, expect_partial in (("penalty", True), ("whole", False)):
        a = grade.load_assignment(weeks[week])
        ex = next(e for e in a.exercises if e.id == "rc-03")
        order = key_response(ex, a.keys["rc-03"].answer)
        swapped = [order[1], order[0], *order[2:]]  # two items out of place
        claim = next(e for e in a.exercises if e.id == "rc-15")
        fields = key_response(claim, a.keys["rc-15"].answer)
        one_off = [*fields[:-1], "999.00"]  # the charge wrong, the rest right
        row = _submit(tmp_path / week, weeks[week], a, {"rc-03": swapped, "rc-15": one_off})
        got = {r.item.exercise.id: r for r in row.results}
        n, m = len(order), len(fields)
        if expect_partial:
            assert got["rc-03"].status == "partial"
            assert got["rc-03"].earned == (D(n - 2) / n * got["rc-03"].item.points).quantize(D("0.01"))
            assert got["rc-15"].earned == (D(m - 1) / m * got["rc-15"].item.points).quantize(D("0.01"))
        else:
            assert got["rc-03"].earned == 0 and got["rc-15"].earned == 0


def test_attempts_are_covered_by_the_checksum_and_malformed_ones_are_refused(weeks, tmp_path):
    a = grade.load_assignment(weeks["penalty"])
    right, wrong = _right_and_wrong(a, "rc-01")
    doc = answers_document("s001", a.id, {"rc-01": right},
                           attempts={"rc-01": [{"at": "2027-01-20T10:00:00Z", "response": wrong}]})
    assert doc["checksum"] == checksum(doc)
    edited = json.loads(json.dumps(doc))
    edited["attempts"]["rc-01"] = []  # hiding a wrong first try
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "s001.json").write_text(json.dumps(edited), encoding="utf-8")
    bad = dict(doc, learner="s002", attempts={"rc-01": [{"when": "yesterday", "response": 1}]})
    bad["checksum"] = checksum(bad)
    (subs / "s002.json").write_text(json.dumps(bad), encoding="utf-8")
    rows = {r.student: r for r in grade.run(weeks["penalty"], subs, tmp_path / "g").rows}
    assert rows["s001"].status == grade.NOT_GRADED and "checksum" in rows["s001"].reason
    assert rows["s002"].status == grade.NOT_GRADED and "'attempts'" in rows["s002"].reason


# ------------------------------------------------------------------------ per-assignment state and hand-in

def _packet(weeks, tmp_path: Path, week: str) -> Path:
    with zipfile.ZipFile(weeks[week] / "students" / "s001.zip") as archive:
        archive.extractall(tmp_path)
    return next(p for p in tmp_path.iterdir() if p.name.endswith("-s001"))


def test_practice_never_leaks_into_the_packet_and_the_preview_writes_nothing(weeks, tmp_path, monkeypatch):
    packet = _packet(weeks, tmp_path, "whole")
    monkeypatch.setenv("WORKBOOK_PROGRESS_DIR", str(tmp_path / "progress"))
    a = grade.load_assignment(weeks["whole"])
    ex = next(e for e in a.exercises if e.id == "rc-01")
    right, wrong = _right_and_wrong(a, "rc-01")
    Progress.open("me").record(ex, right, True)  # practice, outside the packet
    preview = hand_in("s001", root=packet)
    assert preview.answered == [] and not preview.written and not any((packet / "hand-in").glob("s001.*"))
    mine = Progress.open("me", assignment=a.id)
    mine.record(ex, right, True)
    mine.record(ex, wrong, False)  # last policy: the final, wrong answer is what counts
    preview = hand_in("s001", root=packet)
    assert preview.answered == ["rc-01"]
    text = str(preview)
    assert "attempt 2: not right (you had it right on an earlier check" in text and "Nothing is written yet" in text
    done = hand_in("s001", root=packet, confirm=True)
    doc = json.loads((packet / done.files[0]).read_text())
    assert [t["response"] for t in doc["attempts"]["rc-01"]] == [right, wrong]
    assert doc["answers"] == {"rc-01": wrong}


def test_the_history_keeps_the_earliest_checks(tmp_path):
    from workbook.exercises.spec import load_bank

    ex = load_bank(ROOT / "exercises" / "banks" / "revenue-cycle.yml").get("rc-01")
    progress = Progress.open("me", tmp_path)
    for i in range(MAX_HISTORY + 5):
        progress.record(ex, i % 4, i == 0)
    again = Progress.open("me", tmp_path)
    result = again.results["rc-01"]
    assert result.attempts == MAX_HISTORY + 5 and len(result.history) == MAX_HISTORY
    assert result.history[0]["response"] == 0 and result.history[0]["correct"] is True
    with pytest.raises(WorkbookError, match="not an assignment id"):
        Progress.open("me", tmp_path, assignment="../etc")


def test_with_a_roster_only_each_students_own_variants_are_graded(tmp_path):
    """The chapters' exercises have public keys: a graded packet makes them practice and grades the variants."""
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    due = parse_due("2027-02-01", "UTC")
    assign.build(["revenue-cycle", "hipaa"], "Quiz", due, tmp_path / "q", roster=tmp_path / "roster.csv",
                 questions=6, root=ROOT)
    a = grade.load_assignment(tmp_path / "q")
    assert a.manifest["graded"] == "variants" and a.points_possible == 6
    assert all(e["practice"] and e["points"] == 0 for e in a.manifest["exercises"])
    kinds = a.manifest["generated"]["kinds"]
    assert {k.split("-")[0] for k in kinds} >= {"rc", "hipaa"}  # drawn from the assignment's own chapters
    with zipfile.ZipFile(tmp_path / "q" / "students" / "s001.zip") as archive:
        readme = archive.read(next(n for n in archive.namelist() if n.endswith("README.md"))).decode()
    assert "only your own" in readme and "| rc-01 | revenue-cycle | single | practice |" in readme
    subs = tmp_path / "subs"
    subs.mkdir()
    answers = grade.model_answers(a, "s001")
    ex = next(e for e in a.exercises if e.id == "rc-01")
    answers["rc-01"] = key_response(ex, a.keys["rc-01"].answer)  # a public exercise: not counted
    (subs / "s001.json").write_text(json.dumps(answers_document("s001", a.id, answers)), encoding="utf-8")
    (row,) = [r for r in grade.run(tmp_path / "q", subs, tmp_path / "g").rows if r.source]
    assert row.score == 6 and len(row.results) == 6 and "outside this assignment ignored" in "; ".join(row.notes)
    with pytest.raises(WorkbookError, match="needs generated questions"):
        assign.build(["revenue-cycle"], "Q2", due, tmp_path / "q2", roster=tmp_path / "roster.csv", questions=0,
                     graded="variants", root=ROOT)
