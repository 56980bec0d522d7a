"""The modifier walker widget asks the engine's questions and shows the engine's answer; it has no rule of its own."""

from __future__ import annotations

from revcycle.coding import modifiers as engine
from workbook.ui.modifier_walker import modifier_walker


def test_the_walker_shows_the_questions_and_the_decision_of_the_engine():
    w = modifier_walker(code="27447", locality="10112-00")
    assert len(w.questions.children) == len(engine.questions(engine.LineFacts(code="27447")))
    w.answer("side", "both")
    w.answer("role", "assistant")
    expected = engine.decide(engine.LineFacts(code="27447", side="both", role="assistant"), locality="10112-00")
    assert w.decision is not None and w.decision == expected
    assert "27447-50-80" in w.result.value and "Pricing hint" in w.result.value


def test_choosing_in_a_dropdown_walks_again_and_changes_the_questions():
    w = modifier_walker()
    kind = w.questions.children[0]
    em = [label for label, _i in kind.options].index(engine.KINDS["em"])
    kind.value = em
    assert w.values["kind"] == "em"
    fields = [q.field for q in engine.questions(engine.LineFacts(kind="em"))]
    assert len(w.questions.children) == len(fields)
    same_day = w.questions.children[fields.index("same_day_procedure")]
    same_day.value = 1  # yes
    separate = w.questions.children[[q.field for q in engine.questions(w._facts())].index("separate_em")]
    separate.value = 1
    assert w.decision is not None and w.decision.modifiers == ("25",)


def test_bad_answers_and_lists_show_a_message_not_a_traceback():
    w = modifier_walker()
    w.answer("side", "top")
    assert "not one of the answers" in w.result.value and w.decision is None
    w = modifier_walker(kind="procedure")
    w.mine.value = "50 RT"
    assert "50 already says both sides" in w.mine_status.value
    w.mine.value = "50"
    assert "No conflicts" in w.mine_status.value
    w = modifier_walker(kind="em")
    w.mine.value = "59"
    assert "never goes on an E/M" in w.mine_status.value


def test_a_visit_that_is_not_billed_says_so():
    w = modifier_walker(kind="em", postop="related_visit")
    assert w.decision is not None and not w.decision.billable
    assert "No separate line is billed" in w.result.value
