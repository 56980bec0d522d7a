"""The notebook face of an exercise: ipywidgets with immediate feedback, attempts, hints and explanation."""

from __future__ import annotations

import warnings
from html import escape
from typing import Any

import ipywidgets as W

from workbook.exercises.answers import response_key
from workbook.exercises.checker import CORRECT, Feedback, check, icd10cm_codeset
from workbook.exercises.keys import Answer
from workbook.exercises.sealed import unseal
from workbook.exercises.spec import Exercise, heading, plain
from workbook.site.html import SYSTEM_NAMES, markdown

STYLE = {
    "correct": ("#e7f6ec", "#14532d"),
    "incorrect": ("#fdecec", "#7f1d1d"),
    "not-a-code": ("#fdecec", "#7f1d1d"),
    "invalid": ("#fdecec", "#7f1d1d"),
}
CAUTION = ("#fff7e0", "#713f12")
PLACEHOLDER = "Choose…"


def _feedback_html(fb: Feedback) -> str:
    bg, fg = STYLE.get(fb.status, CAUTION)
    style = f"background:{bg};color:{fg};padding:4px 8px;border-radius:4px"
    return f'<div role="status" style="{style}">{escape(fb.message)}</div>'


class ExerciseWidget:
    """Builds the controls for one exercise and turns their state into a response the checker reads."""

    def __init__(self, ex: Exercise, salt: str, answer: Answer | None = None, on_result: Any = None,
                 exam: bool = False, max_checks: int | None = None, saved: Any = None, save_only: bool = False):
        """``max_checks`` limits checks (an assignment's policy); ``saved`` (a progress Result) restores the last
        answer; ``save_only`` (an exam-mode assignment) saves answers without checking them."""
        self.ex, self.salt, self.answer, self.on_result, self.exam = ex, salt, answer, on_result, exam
        self.max_checks, self.save_only = max_checks, save_only
        self.attempts = 0
        self.solved = False
        self.last_checked: str | None = None  # the canonical form of the last counted check
        self.controls = self._controls()
        self.feedback = W.HTML(value="")
        self.attempt_label = W.HTML(value="")
        label = "Save answer" if save_only else "Check answer"
        self.button = W.Button(description=label, button_style="primary", tooltip=label)
        self.button.on_click(lambda _b: self.submit())
        self.hint_box = W.VBox([])
        self.hint_button = W.Button(description="Show a hint", disabled=not ex.hints or save_only,
                                    tooltip="Show the next hint")
        self.hint_button.on_click(lambda _b: self.show_hint())
        self.explanation = W.HTML(value="")
        # In an exam there is no checking, no hint and no feedback until the end.
        actions = [] if exam else [W.HBox([self.button, self.hint_button, self.attempt_label]), self.feedback,
                                   self.hint_box, self.explanation]
        self.box = W.VBox(
            [
                W.HTML(value="<strong>{}</strong> \u00b7 {}".format(*map(escape, heading(ex)))),
                W.HTML(value=markdown(ex.prompt)),
                self.controls,
                *actions,
            ],
            layout=W.Layout(border="1px solid #c8ccd2", padding="8px", margin="8px 0"),
        )
        if saved is not None and saved.attempts:
            self.restore(saved)

    def _dropdowns(self, labels: list[str], pool: tuple[str, ...]) -> W.VBox:
        choices = [(PLACEHOLDER, None)] + [(plain(text), i) for i, text in enumerate(pool)]
        self.slots = [
            W.Dropdown(options=choices, value=None, description=plain(label), style={"description_width": "initial"})
            for label in labels
        ]
        return W.VBox(self.slots)

    def _controls(self) -> W.Widget:
        ex = self.ex
        if ex.type == "single":
            self.radio = W.RadioButtons(options=[(plain(t), i) for i, t in enumerate(ex.options)], value=None,
                                        description="Answer", layout=W.Layout(width="auto"))
            return self.radio
        if ex.type == "multiple":
            self.boxes = [W.Checkbox(value=False, description=plain(t), indent=False) for t in ex.options]
            return W.VBox(self.boxes)
        if ex.type == "ordering":
            pool = "".join(f"<li>{escape(plain(item))}</li>" for item in ex.options)
            return W.VBox([W.HTML(value=f"<p>The items to put in order:</p><ul>{pool}</ul>"),
                           self._dropdowns([f"Position {i + 1}" for i in range(len(ex.options))], ex.options)])
        if ex.type == "matching":
            return self._dropdowns(list(ex.left), ex.right)
        if ex.type == "claim":
            self.fields = [
                W.Text(value="", description=f"Item {item}: {label}", placeholder=kind if kind != "text" else "",
                       style={"description_width": "initial"}, layout=W.Layout(width="auto"))
                for item, label, kind in ex.fields
            ]
            return W.VBox(self.fields)
        if ex.type == "spot":
            from workbook.exercises.spec import CANDIDATE, candidates

            numbered = iter(range(1, 1000))
            note = CANDIDATE.sub(lambda m: f"<mark>[{next(numbered)}] {escape(m.group(1))}</mark>", escape(ex.note))
            self.spots = [W.ToggleButton(value=False, description=f"{i + 1}. {phrase}"[:60], tooltip=phrase,
                                         layout=W.Layout(width="auto"))
                          for i, phrase in enumerate(candidates(ex.note))]
            return W.VBox([W.HTML(value=f"<p>{note}</p>"), W.HTML(value="<em>Select every identifier:</em>"),
                           W.HBox(self.spots, layout=W.Layout(flex_flow="row wrap"))])
        label = SYSTEM_NAMES.get(ex.system, ex.unit or "answer")
        self.text = W.Text(value="", description="Answer", placeholder=label)
        if not self.exam:
            # Enter checks; leaving the box does not (a value observer would fire on blur too and count twice).
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                self.text.on_submit(lambda _box: self.submit())
        return self.text

    def response(self) -> Any:
        ex = self.ex
        if ex.type == "single":
            return self.radio.value
        if ex.type == "multiple":
            return [i for i, box in enumerate(self.boxes) if box.value]
        if ex.type in ("ordering", "matching"):
            return [slot.value for slot in self.slots]
        if ex.type == "claim":
            return [f.value for f in self.fields]
        if ex.type == "spot":
            return [i for i, b in enumerate(self.spots) if b.value]
        return self.text.value

    def set_response(self, value: Any) -> None:
        """Put a saved response back into the controls (the reverse of :meth:`response`); odd values are skipped."""
        ex = self.ex
        values = value if isinstance(value, list) else []
        if ex.type == "single" and isinstance(value, int) and 0 <= value < len(ex.options):
            self.radio.value = value
        elif ex.type == "multiple":
            for i, box in enumerate(self.boxes):
                box.value = i in values
        elif ex.type in ("ordering", "matching"):
            pool = len(ex.options) if ex.type == "ordering" else len(ex.right)
            for slot, v in zip(self.slots, values, strict=False):
                slot.value = v if isinstance(v, int) and 0 <= v < pool else None
        elif ex.type == "claim":
            for box, v in zip(self.fields, values, strict=False):
                box.value = str(v) if v is not None else ""
        elif ex.type == "spot":
            for i, button in enumerate(self.spots):
                button.value = i in values
        elif isinstance(value, str):
            self.text.value = value

    def restore(self, saved: Any) -> None:
        """Show the answer saved in the progress file, its checks so far, and (unless saving only) its feedback."""
        self.set_response(saved.response)
        self.attempts = int(saved.attempts)
        self.solved = bool(saved.correct)
        self.attempt_label.value = f"Attempts: {self.attempts}"
        try:
            self.last_checked = response_key(self.ex, self.response())
        except Exception:  # noqa: BLE001 - a saved answer the controls cannot hold is simply not restored
            self.last_checked = None
        note = f"Your saved answer is restored ({self.attempts} check{'s' if self.attempts != 1 else ''} so far)."
        if not self.save_only:
            fb = self._judge()
            self.feedback.value = _feedback_html(Feedback(fb.status, f"{note} {fb.message}"))
        else:
            self.feedback.value = _feedback_html(Feedback("unchecked", note))
        self._limit()

    def _limit(self) -> None:
        if self.max_checks and self.attempts >= self.max_checks and not self.save_only:
            self.button.disabled = True
            self.button.tooltip = f"This assignment allows {self.max_checks} check(s) per exercise."

    def _judge(self) -> Feedback:
        try:
            codeset = icd10cm_codeset() if self.ex.type == "code" and self.ex.system == "icd10cm" else None
            return check(self.ex, self.response(), self.salt, codeset)
        except Exception as exc:  # noqa: BLE001 - a widget must never show a traceback
            return Feedback("invalid", f"Could not check that answer ({type(exc).__name__}). Try again.")

    def response_or_none(self) -> Any:
        """The response, or None when nothing was chosen or typed (a blank exam answer)."""
        value = self.response()
        if value is None or value == "" or value == [] or (isinstance(value, list) and None in value):
            return None
        return value

    def lock(self) -> None:
        """Freeze every control (the exam is over)."""
        stack = [self.controls]
        while stack:
            widget = stack.pop()
            stack.extend(getattr(widget, "children", ()))
            if hasattr(widget, "disabled"):
                widget.disabled = True
        self.button.disabled = True

    def submit(self) -> Feedback:
        """Check the current state; bad input becomes a message, never a traceback. Checking the same answer
        again, or past the assignment's limit, is not counted."""
        if self.max_checks and self.attempts >= self.max_checks and not self.save_only:
            fb = Feedback("unchecked", f"This assignment allows {self.max_checks} check(s) per exercise; your last "
                                       "checked answer stands.")
            self.feedback.value = _feedback_html(fb)
            return fb
        if self.save_only:
            return self._save()
        fb = self._judge()
        counted = fb.status not in ("invalid", "not-a-code", "unchecked")
        try:
            canon = response_key(self.ex, self.response()) if counted else None
        except Exception:  # noqa: BLE001
            canon = None
        if counted and canon is not None and canon == self.last_checked:
            self.feedback.value = _feedback_html(fb) + _feedback_html(
                Feedback("unchecked", "You checked this same answer already; it is not counted again."))
            return fb
        if counted:
            self.attempts += 1
            self.last_checked = canon
        self.attempt_label.value = f"Attempts: {self.attempts}"
        self.feedback.value = _feedback_html(fb)
        if fb.status == CORRECT:
            self.solved = True
        if self.answer is not None and (self.solved or self.attempts >= 3):
            self.explanation.value = "<strong>Explanation.</strong> " + markdown(self.answer.explanation)
        elif self.answer is None and fb.status == CORRECT:
            # No key here (a student's copy): the right answer opens the explanation sealed in the bank's checks.
            opened = unseal(self.ex.check.get("sealed"), response_key(self.ex, self.response()), self.salt, self.ex.id)
            self.explanation.value = opened or ""
        if self.on_result is not None:
            notice = self.on_result(self.ex, self.response(), fb)
            if notice:
                self.feedback.value += _feedback_html(Feedback("unchecked", notice))
        self._limit()
        return fb

    def _save(self) -> Feedback:
        """Exam mode: keep the answer for grading without saying whether it is right."""
        try:
            response_key(self.ex, self.response())
        except Exception as exc:  # noqa: BLE001 - an unfinished answer is explained, not saved
            fb = Feedback("invalid", str(exc) or "That answer cannot be read yet.")
            self.feedback.value = _feedback_html(fb)
            return fb
        fb = Feedback("saved", "Saved. This assignment is marked after the due date; you can change your answer "
                               "and save again until then.")
        self.attempts += 1
        self.attempt_label.value = f"Saved {self.attempts} time{'s' if self.attempts != 1 else ''}"
        self.feedback.value = _feedback_html(fb)
        if self.on_result is not None:
            notice = self.on_result(self.ex, self.response(), fb)
            if notice:
                self.feedback.value += _feedback_html(Feedback("unchecked", notice))
        return fb

    def show_hint(self) -> None:
        shown = len(self.hint_box.children)
        if shown < len(self.ex.hints):
            hint = W.HTML(value=f"<em>Hint {shown + 1}.</em> " + markdown(self.ex.hints[shown]))
            self.hint_box.children = (*self.hint_box.children, hint)
        if len(self.hint_box.children) >= len(self.ex.hints):
            self.hint_button.disabled = True
