"""The notebook face (ipywidgets, driven without a front end) and the learner's progress file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbook.course.progress import Progress
from workbook.errors import WorkbookError
from workbook.exercises import keys
from workbook.exercises.keys import load_key
from workbook.exercises.spec import load_bank
from workbook.ui.display import ExerciseView, Recorder
from workbook.ui.widgets import ExerciseWidget

FIXTURE = Path(__file__).parent / "fixtures" / "book"


@pytest.fixture()
def book(tmp_path, monkeypatch):
    root = tmp_path / "book"
    shutil.copytree(FIXTURE, root)
    monkeypatch.setenv("WORKBOOK_ROOT", str(root))
    monkeypatch.setenv("WORKBOOK_PROGRESS_DIR", str(tmp_path / "progress"))
    keys.regenerate(root)
    bank = load_bank(root / "exercises" / "banks" / "demo.yml")
    return bank, load_key(root / "solutions" / "keys" / "demo.yml", bank)


def widget(book, exercise_id, **kw):
    bank, key = book
    return ExerciseWidget(bank.get(exercise_id), bank.salt, key[exercise_id], **kw)


def test_single_choice_feedback_attempts_and_explanation(book):
    w = widget(book, "demo-01")
    w.radio.value = 0
    assert w.submit().status == "incorrect"
    assert "Attempts: 1" in w.attempt_label.value
    assert w.explanation.value == ""  # not shown before the answer is found
    w.radio.value = 1
    assert w.submit().correct
    assert "CMS-1500" in w.explanation.value and "Attempts: 2" in w.attempt_label.value


def press_enter(box) -> None:
    """What the front end sends when Enter is pressed in a Text box (jupyter-widgets' TextView: {event: "submit"})."""
    box._handle_string_msg(box, {"event": "submit"}, None)


def test_enter_in_a_text_box_submits_and_leaving_the_box_does_not(book):
    w = widget(book, "demo-04")
    w.text.value = "S52.521D"  # typing, then clicking elsewhere: nothing is checked or counted
    assert w.feedback.value == "" and w.attempts == 0
    press_enter(w.text)
    assert "7th character" in w.feedback.value and w.attempts == 1
    w.submit()  # "Check" after Enter on the same answer does not count twice
    assert w.attempts == 1 and "not counted again" in w.feedback.value
    w.text.value = "s52.521a"
    press_enter(w.text)
    assert "Correct." in w.feedback.value and w.attempts == 2


def test_a_reopened_notebook_restores_answers_and_the_assignment_limits_checks(book, tmp_path):
    bank, key = book
    recorder = Recorder("ann", assignment="week-1")
    first = ExerciseView(bank.get("demo-05"), bank.salt, None, recorder).widget
    for slot, value in zip(first.slots, [1, 2, 0, 3], strict=True):
        slot.value = value
    assert not first.submit().correct
    assert (tmp_path / "progress" / "assignments" / "week-1" / "progress-ann.json").exists()
    assert not (tmp_path / "progress" / "progress-ann.json").exists()  # practice is a different file
    again = ExerciseView(bank.get("demo-05"), bank.salt, None, Recorder("ann", assignment="week-1")).widget
    assert [s.value for s in again.slots] == [1, 2, 0, 3] and again.attempts == 1
    assert "restored (1 check so far)" in again.feedback.value
    limited = ExerciseWidget(bank.get("demo-01"), bank.salt, None, max_checks=1)
    limited.radio.value = 0
    limited.submit()
    limited.radio.value = 1
    assert limited.submit().status == "unchecked" and limited.attempts == 1 and limited.button.disabled
    exam = ExerciseWidget(bank.get("demo-01"), bank.salt, None, save_only=True, on_result=Recorder("bo", "x1"))
    exam.radio.value = 1
    assert exam.submit().status == "saved" and "Correct" not in exam.feedback.value
    saved = Progress.open("bo", assignment="x1").results["demo-01"]
    assert saved.response == 1 and saved.attempts == 1


def test_every_type_accepts_its_answer_from_the_controls(book):
    w = widget(book, "demo-02")
    for i in (0, 1, 3):
        w.boxes[i].value = True
    assert w.submit().correct
    w = widget(book, "demo-05")
    for slot, value in zip(w.slots, [1, 2, 3, 0], strict=True):
        slot.value = value
    assert w.submit().correct
    w = widget(book, "demo-06")
    w.slots[0].value, w.slots[1].value = 1, 0
    assert w.submit().correct
    w = widget(book, "demo-03")
    w.text.value = "$19.04"
    press_enter(w.text)
    assert "Correct." in w.feedback.value


def test_claim_and_spot_widgets(book):
    w = widget(book, "demo-08")
    for box, value in zip(w.fields, ["09/28/2026", "11", "E11.9", "150.00", "Testpatient, Maria"], strict=True):
        box.value = value
    assert w.submit().correct
    w = widget(book, "demo-09")
    for i in (0, 1, 3, 5):
        w.spots[i].value = True
    assert w.submit().correct
    w.spots[5].value = False
    assert "1 more is still in the note" in w.submit().message


def test_unfinished_controls_get_a_message_and_do_not_count(book):
    w = widget(book, "demo-05")
    fb = w.submit()
    assert fb.status == "invalid" and "Choose" in fb.message
    assert "Attempts: 0" in w.attempt_label.value


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=10_000))
def test_no_typed_text_raises(text):
    bank = load_bank(FIXTURE / "exercises" / "banks" / "demo.yml")
    for ex_id in ("demo-03", "demo-04", "demo-07"):
        w = ExerciseWidget(bank.get(ex_id), "0123456789abcdef")
        w.text.value = text
        assert w.submit().message


def test_hints_open_one_at_a_time(book):
    w = widget(book, "demo-01")
    w.show_hint()
    assert len(w.hint_box.children) == 1 and w.hint_button.disabled


def test_a_view_offers_a_widget_and_the_website_face(book):
    bank, key = book
    bundle = ExerciseView(bank.get("demo-04"), bank.salt, key["demo-04"])._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert 'data-wb-id="demo-04"' in bundle["text/html"]
    assert "S52521A" not in bundle["text/html"] and "S52.521A" not in bundle["text/html"]


def test_progress_is_recorded_saved_and_exported(book, tmp_path):
    bank, key = book
    recorder = Recorder("student-7")
    w = widget(book, "demo-01", on_result=recorder)
    w.radio.value = 0
    w.submit()
    w.radio.value = 1
    w.submit()
    again = Progress.open("student-7")
    assert again.results["demo-01"].attempts == 2 and again.results["demo-01"].correct
    assert again.results["demo-01"].response == 1
    out = again.export(tmp_path / "out" / "answers.json", assignment="week-1")
    data = json.loads(out.read_text())
    assert data["format"] == "workbook-answers/1" and data["answers"] == {"demo-01": 1}
    table = again.summary("domain")
    assert table.loc["CBCS", "earned"] == 1.0


def test_a_damaged_progress_file_is_kept_aside_not_overwritten(book, tmp_path):
    folder = tmp_path / "progress"
    folder.mkdir(exist_ok=True)
    damaged = folder / "progress-me.json"
    damaged.write_text('{"format": "workbook-progress/1", "learner": "me", "results": {"x": {"attempts": -4')
    progress = Progress.open("me")
    assert "damaged" in progress.notice
    kept = list(folder.glob("progress-me.damaged-*.json"))
    assert len(kept) == 1 and kept[0].read_text().endswith('"attempts": -4')
    assert not damaged.exists()


@pytest.mark.parametrize("text", [
    '{"format": "workbook-progress/1", "learner": "someone-else", "results": {}}',
    '{"format": "workbook-progress/1", "learner": "me", "results": {"a": {"bank": "b", "points": 1, '
    '"domains": [], "attempts": "many"}}}',
    '[1, 2, 3]',
    '\udcff',
])
def test_hand_edited_progress_files_are_refused(book, tmp_path, text):
    folder = tmp_path / "progress"
    folder.mkdir(exist_ok=True)
    (folder / "progress-me.json").write_text(text, errors="surrogateescape")
    assert Progress.open("me").notice


@pytest.mark.parametrize("learner", ["../etc/passwd", "", "a b", "x" * 65, None])
def test_learner_ids_cannot_escape_the_folder(learner):
    with pytest.raises(WorkbookError):
        Progress.open(learner)


def test_both_faces_title_an_exercise_the_same_way_and_list_the_items_to_order(book):
    import re

    from workbook.site import html

    bank, _key = book
    for ex in bank.exercises:
        shown = ExerciseWidget(ex, bank.salt).box.children[0].value
        site = re.sub(r"<[^>]+>", "", re.search(r'<p class="wb-title"[^>]*>(.*?)</p>', html.render(ex, bank.salt))[1])
        assert re.sub(r"<[^>]+>", "", shown) == site, ex.id
        assert site.startswith(f"Exercise {ex.id} \u00b7 {ex.points:g} point")
    ordering = bank.get("demo-05")
    page = html.render(ordering, bank.salt)
    assert all(f"<li>{item}</li>" in page for item in ordering.options)
    assert all(item in ExerciseWidget(ordering, bank.salt).controls.children[0].value for item in ordering.options)


def test_a_keyless_copy_opens_the_sealed_explanation_with_the_right_answer(book):
    """A student's notebook without solutions/: the right answer still shows why, from the bank's sealed checks."""
    bank, _key = book
    w = ExerciseWidget(bank.get("demo-01"), bank.salt, None)
    w.radio.value = 0
    w.submit()
    assert w.explanation.value == ""
    w.radio.value = 1
    assert w.submit().correct and "CMS-1500" in w.explanation.value
