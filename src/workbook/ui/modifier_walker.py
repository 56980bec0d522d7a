"""The modifier walker: the questions of :mod:`revcycle.coding.modifiers`, one dropdown each, and its answer.

`modifier_walker()` returns an ipywidgets box: a procedure code field (optional, for the pricing hint), the questions
that apply to the answers so far (a new answer can add or remove questions), and a result pane with the modifiers
in claim order, the reason and source of each, conflicts, notes and the pricing hint. A second field checks a
modifier list the learner typed. The widget only asks the engine; it holds no rule of its own.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as W

from revcycle.coding import modifiers as engine
from revcycle.core.errors import RevcycleError

_BOX = W.Layout(border="1px solid #c8ccd2", padding="8px", width="100%")
_COLORS = {"info": ("#eef2f7", "#1f2937"), "error": ("#fdecec", "#7f1d1d"), "ok": ("#e7f6ec", "#14532d")}


def _status(text: str, kind: str = "info") -> str:
    bg, fg = _COLORS[kind]
    return (f'<div role="status" aria-live="polite" style="background:{bg};color:{fg};padding:4px 8px;'
            f'border-radius:4px">{escape(text)}</div>')


class ModifierWalker(W.VBox):
    """The walker; drive it from code with `.answer(field, value)` and read `.decision`."""

    def __init__(self, code: str = "", locality: str | None = None, **answers: Any) -> None:
        self.values: dict[str, Any] = engine.LineFacts().answers()
        self.locality = locality
        self.decision: engine.Decision | None = None
        self._building = False
        self.code = W.Text(value=code, description="Procedure code", placeholder="optional, e.g. 27447",
                           style={"description_width": "initial"}, tooltip="The line's code, for a pricing hint")
        self.code.observe(lambda _c: self.refresh(), names="value")
        self.questions = W.VBox([])
        self.result = W.HTML(value="")
        self.mine = W.Text(description="Check my modifiers", placeholder="e.g. 50 RT 59 XS",
                           style={"description_width": "initial"}, continuous_update=False,
                           tooltip="Type a modifier list to see its conflicts for this kind of line")
        self.mine.observe(lambda _c: self.check_mine(), names="value")
        self.mine_status = W.HTML(value="")
        super().__init__([W.HTML(value="<strong>Which modifiers does this line need?</strong>"), self.code,
                          self.questions, self.result, self.mine, self.mine_status], layout=_BOX)
        for field, value in answers.items():
            self.values[field] = value
        self.refresh()

    def answer(self, field: str, value: Any) -> None:
        """Set one answer (as a learner choosing it would) and walk again."""
        self.values[field] = value
        self.refresh()

    def _facts(self) -> engine.LineFacts:
        return engine.LineFacts(**{**self.values, "code": self.code.value})

    def refresh(self) -> None:
        """Rebuild the questions for the answers so far and show the engine's decision."""
        if self._building:
            return
        try:
            facts = self._facts()
            self.decision = engine.decide(facts, locality=self.locality)
        except RevcycleError as exc:
            self.decision = None
            self.result.value = _status(str(exc), "error")
            return
        self._building = True
        try:
            self.questions.children = [self._dropdown(q) for q in engine.questions(facts)]
        finally:
            self._building = False
        self.result.value = self._html(self.decision)
        if self.mine.value:
            self.check_mine()

    def _dropdown(self, q: engine.Question) -> W.Dropdown:
        labels = [label for _value, label in q.options]
        values = [value for value, _label in q.options]
        box = W.Dropdown(options=[(label, i) for i, label in enumerate(labels)],
                         value=values.index(self.values[q.field]), description=q.prompt,
                         style={"description_width": "initial"},
                         layout=W.Layout(width="100%"), tooltip=q.prompt)
        box.observe(lambda c, field=q.field, vals=values: self._chosen(field, vals[c["new"]]), names="value")
        return box

    def _chosen(self, field: str, value: Any) -> None:
        if not self._building:
            self.answer(field, value)

    def check_mine(self) -> list[engine.Conflict]:
        """Conflicts of the learner's own list for this kind of line, shown under the field."""
        mods = self.mine.value.replace(",", " ").replace("-", " ").split()
        try:
            found = engine.conflicts(mods, self.values["kind"])
        except RevcycleError as exc:
            self.mine_status.value = _status(str(exc), "error")
            return []
        if not mods:
            self.mine_status.value = ""
        elif found:
            self.mine_status.value = _status(" ".join(c.message for c in found), "error")
        else:
            same = tuple(m.upper() for m in mods) == (self.decision.modifiers if self.decision else ())
            extra = " It matches the walker's answer." if same else ""
            self.mine_status.value = _status(f"No conflicts among {' '.join(mods).upper()}.{extra}", "ok")
        return found

    @staticmethod
    def _html(d: engine.Decision) -> str:
        head = (f"<p style='margin:4px 0;font-weight:600'>{escape(d.label())}</p>" if d.billable else
                "<p style='margin:4px 0;font-weight:600'>No separate line is billed</p>")
        rows = "".join(f"<tr><td><strong>{escape(c.modifier)}</strong></td><td>{escape(c.reason)}</td>"
                       f"<td><small>{escape(c.source)}</small></td></tr>" for c in d.chosen)
        table = (f"<table><thead><tr><th>Modifier</th><th>Why</th><th>Source</th></tr></thead><tbody>{rows}"
                 "</tbody></table>" if rows else "<div>No modifier.</div>")
        parts = [f'<div role="region" aria-label="The modifiers chosen">{head}{table}']
        parts += [_status(c.message, "error") for c in d.conflicts]
        parts += [f"<div role='note'><em>{escape(n)}</em></div>" for n in d.notes]
        if d.pricing is not None:
            parts.append(f"<div><strong>Pricing hint</strong> (revcycle.payment.surgery): {escape(d.pricing.text)}"
                         "</div>")
        parts.append("<div><small>Pricing modifiers first is a common payer convention.</small></div></div>")
        return "".join(parts)


def modifier_walker(code: str = "", locality: str | None = None, **answers: Any) -> ModifierWalker:
    """A modifier walker, optionally with a code and some answers already given (``kind="em"``...)."""
    return ModifierWalker(code=code, locality=locality, **answers)
