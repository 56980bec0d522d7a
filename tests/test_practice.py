"""Generated practice: deterministic by seed, keys recomputed from the real data, never stored."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revcycle.codes import icd10cm
from revcycle.payment import fees
from workbook.errors import WorkbookError
from workbook.exercises.answers import key_response
from workbook.exercises.checker import check
from workbook.exercises.practice import DEFAULT_KINDS as KINDS
from workbook.exercises.practice import questions


def test_the_same_seed_gives_the_same_questions_and_another_seed_does_not():
    first = questions(7, 12)
    assert [(q.exercise.prompt, q.answer.answer) for q in first] == \
        [(q.exercise.prompt, q.answer.answer) for q in questions(7, 12)]
    assert [q.exercise.prompt for q in first] != [q.exercise.prompt for q in questions(8, 12)]


def test_every_kind_appears_and_every_key_is_accepted_by_the_checker():
    qs = questions(11, 2 * len(KINDS))
    assert {q.kind for q in qs} == set(KINDS)
    for q in qs:
        right = key_response(q.exercise, q.answer.answer)
        assert check(q.exercise, right, q.salt).correct, q.exercise.id


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10**9))
def test_generated_codes_are_billable_fy2026_codes(seed):
    for q in questions(seed, len(KINDS)):
        if q.exercise.type == "code":
            assert icd10cm.is_billable(q.answer.answer), q.answer.answer
            assert q.answer.answer.replace(".", "") not in q.exercise.prompt.replace(".", "")


def test_allowed_amount_is_the_fee_schedule_amount():
    for q in questions(3, 12, kinds=["allowed-amount"]):
        code = q.exercise.prompt.split()[1].rstrip(",")
        setting = "facility" if "facility setting" in q.exercise.prompt and "non-facility" not in \
            q.exercise.prompt else "non-facility"
        amounts = {fees.pfs_payment(code, locality=loc.key, setting=setting).payment for loc in fees.localities()
                   if loc.name.strip("*") in q.exercise.prompt}
        assert Decimal(q.answer.answer) in amounts


def test_a_seventh_character_question_answers_with_the_stated_meaning():
    for q in questions(5, 6, kinds=["seventh"]):
        info = icd10cm.describe(q.answer.answer)
        meanings = {o.char: o.meaning for o in info.seventh_options}
        assert meanings[info.seventh] in q.exercise.prompt


@pytest.mark.parametrize(("args", "message"), [
    ((-1,), "seed"), (("abc",), "seed"), ((1, 0), "between 1 and"), ((1, 10_000), "between 1 and"),
    ((1, 3, ["nonsense"]), "No template or chapter named"),
])
def test_bad_requests_get_a_clear_error(args, message):
    with pytest.raises(WorkbookError, match=message):
        questions(*args)


def test_an_exam_draws_authored_and_generated_questions_and_scores_by_domain(monkeypatch, tmp_path):
    from workbook.exercises import exam

    items = exam.draw(n=10, seed=4)
    assert len(items) == 10
    assert any(i.exercise.bank == "practice" for i in items) and any(i.exercise.bank != "practice" for i in items)
    assert [i.exercise.id for i in items] == [i.exercise.id for i in exam.draw(n=10, seed=4)]
    right = [key_response(i.exercise, i.answer.answer) for i in items]
    blank = [None] * len(items)
    full = exam.score(items, right)
    assert full.loc["All questions", "percent"] == 100
    assert exam.score(items, blank).loc["All questions", "earned"] == 0
    half = right[:5] + blank[5:]
    expected = sum(i.exercise.points for i in items[:5])
    assert exam.score(items, half).loc["All questions", "earned"] == expected


def test_the_exam_widget_locks_and_reports_when_finished():
    from workbook.exercises import exam

    items = exam.draw(n=4, seed=9)
    widget = exam.ExamWidget(items, minutes=1)
    table = widget.finish()
    assert widget.finished and table.loc["All questions", "earned"] == 0
    assert all(q.button.disabled for q in widget.questions)
    assert widget.finish() is None  # finishing twice changes nothing
