"""The notebook face of an exercise: ipywidgets with immediate feedback, attempts, hints and explanation."""

from __future__ import annotations

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
                 exam: bool = False):
        self.ex, self.salt, self.answer, self.on_result, self.exam = ex, salt, answer, on_result, exam
        self.attempts = 0
        self.solved = False
        self.controls = self._controls()
        self.feedback = W.HTML(value="")
        self.attempt_label = W.HTML(value="")
        self.button = W.Button(description="Check answer", button_style="primary", tooltip="Check your answer")
        self.button.on_click(lambda _b: self.submit())
        self.hint_box = W.VBox([])
        self.hint_button = W.Button(description="Show a hint", disabled=not ex.hints, tooltip="Show the next hint")
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
        self.text = W.Text(value="", description="Answer", placeholder=label, continuous_update=False)
        # With continuous_update off, the value changes on Enter (or leaving the box): Enter submits.
        if not self.exam:
            self.text.observe(lambda change: self.submit() if change["new"].strip() else None, names="value")
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
        """Check the current state; bad input becomes a message, never a traceback."""
        try:
            codeset = icd10cm_codeset() if self.ex.type == "code" and self.ex.system == "icd10cm" else None
            fb = check(self.ex, self.response(), self.salt, codeset)
        except Exception as exc:  # noqa: BLE001 - a widget must never show a traceback
            fb = Feedback("invalid", f"Could not check that answer ({type(exc).__name__}). Try again.")
        if fb.status not in ("invalid", "not-a-code"):
            self.attempts += 1
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
        return fb

    def show_hint(self) -> None:
        shown = len(self.hint_box.children)
        if shown < len(self.ex.hints):
            hint = W.HTML(value=f"<em>Hint {shown + 1}.</em> " + markdown(self.ex.hints[shown]))
            self.hint_box.children = (*self.hint_box.children, hint)
        if len(self.hint_box.children) >= len(self.ex.hints):
            self.hint_button.disabled = True
