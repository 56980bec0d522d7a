"""One output, two faces: a live widget in a notebook and self-checking HTML on the website."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from workbook import html
from workbook.checker import Feedback
from workbook.errors import WorkbookError
from workbook.keys import Answer, load_bank_with_key
from workbook.paths import banks_dir, project_root
from workbook.progress import Progress
from workbook.spec import Bank, Exercise

LEARNER_ENV = "WORKBOOK_LEARNER"


class Recorder:
    """Saves each checked answer to the learner's progress file, opened only when the first answer comes in."""

    def __init__(self, learner: str | None = None):
        self.learner = learner or os.environ.get(LEARNER_ENV, "me")
        self._progress: Progress | None = None

    @property
    def progress(self) -> Progress:
        if self._progress is None:
            self._progress = Progress.open(self.learner)
        return self._progress

    def __call__(self, ex: Exercise, response: Any, feedback: Feedback) -> str:
        """Record; return a notice for the learner (e.g. a damaged file was kept aside), or ''."""
        try:
            progress = self.progress
            progress.record(ex, response, feedback.correct, counted=feedback.status not in ("invalid", "not-a-code"))
        except (OSError, WorkbookError) as exc:
            return f"Your answer was checked but could not be saved to your progress file: {exc}"
        notice, progress.notice = progress.notice, ""
        return notice


class ExerciseView:
    """Displayed in a notebook, offers both faces; front ends pick the widget, the book picks the HTML."""

    def __init__(self, ex: Exercise, salt: str, answer: Answer | None = None, recorder: Recorder | None = None):
        self.ex, self.salt, self.answer, self.recorder = ex, salt, answer, recorder
        self._widget: Any = None

    @property
    def widget(self) -> Any:
        if self._widget is None:
            from workbook.widgets import ExerciseWidget

            self._widget = ExerciseWidget(self.ex, self.salt, self.answer, on_result=self.recorder)
        return self._widget

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle = dict(self.widget.box._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/html"] = html.render(self.ex, self.salt)
        bundle["text/plain"] = f"Exercise {self.ex.id} ({self.ex.type}): open this notebook in Jupyter to answer."
        return bundle


def load(bank_name: str, root: Path | None = None) -> tuple[Bank, dict[str, Answer] | None]:
    """A bank by chapter name, with its key when solutions/ is present."""
    root = root or project_root()
    path = banks_dir(root) / f"{bank_name}.yml"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in banks_dir(root).glob("*.yml"))) or "none"
        raise WorkbookError(f"There is no exercise bank {bank_name!r}. Banks here: {known}.")
    return load_bank_with_key(path, root)


def exercises(bank_name: str, only: list[str] | None = None, learner: str | None = None) -> list[ExerciseView]:
    """Views of a bank's exercises, in bank order (or just the ids in ``only``), saving to one progress file."""
    bank, key = load(bank_name)
    chosen = [bank.get(i) for i in only] if only else list(bank.exercises)
    recorder = Recorder(learner)
    return [ExerciseView(ex, bank.salt, key[ex.id] if key else None, recorder) for ex in chosen]


def show(bank_name: str, only: list[str] | None = None, learner: str | None = None) -> None:
    """Display a bank's exercises one output each, so the book renders them as separate blocks."""
    from IPython.display import display

    for view in exercises(bank_name, only, learner):
        display(view)
