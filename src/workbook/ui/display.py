"""One output, two faces: a live widget in a notebook and self-checking HTML on the website."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from workbook.course.progress import Progress
from workbook.course.scoring import Scoring
from workbook.course.submit import MANIFEST, read_manifest
from workbook.errors import WorkbookError
from workbook.exercises.checker import Feedback
from workbook.exercises.keys import Answer, load_bank_with_key
from workbook.exercises.spec import Bank, Exercise
from workbook.paths import banks_dir, project_root
from workbook.site import html

LEARNER_ENV = "WORKBOOK_LEARNER"


class Recorder:
    """Saves each checked answer to the learner's progress file, opened only when the first answer comes in.

    Inside an assignment packet (a ``manifest.json`` beside ``exercises/``) answers go to that assignment's own
    file and the assignment's policy applies (limited checks, exam mode); elsewhere to the practice file.
    """

    def __init__(self, learner: str | None = None, assignment: str | None = None):
        self.learner = learner or os.environ.get(LEARNER_ENV, "me")
        self._progress: Progress | None = None
        self._assignment = assignment
        self._scoring: Scoring | None = None

    def _context(self) -> None:
        if self._assignment is not None:
            return
        self._assignment, self._scoring = "", None
        try:
            root = project_root()
        except WorkbookError:
            return
        if (root / MANIFEST).exists():
            try:
                manifest = read_manifest(root)
            except WorkbookError:
                return
            self._assignment = str(manifest.get("assignment") or "")
            self._scoring = Scoring.from_dict(manifest.get("scoring")) if manifest.get("scoring") else None

    @property
    def assignment(self) -> str:
        self._context()
        return self._assignment or ""

    @property
    def scoring(self) -> Scoring | None:
        self._context()
        return self._scoring

    @property
    def progress(self) -> Progress:
        if self._progress is None:
            self._progress = Progress.open(self.learner, assignment=self.assignment)
        return self._progress

    def saved(self, exercise_id: str) -> Any:
        """The progress record of one exercise (to restore a reopened notebook), or None."""
        try:
            return self.progress.results.get(exercise_id)
        except (OSError, WorkbookError):
            return None

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
            from workbook.ui.widgets import ExerciseWidget

            scoring = self.recorder.scoring if self.recorder else None
            self._widget = ExerciseWidget(
                self.ex, self.salt, self.answer, on_result=self.recorder,
                max_checks=scoring.max_checks if scoring else None, save_only=bool(scoring and scoring.exam),
                saved=self.recorder.saved(self.ex.id) if self.recorder else None)
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


def answer_text(ex: Exercise, answer: Answer) -> str:
    """The key's answer as an instructor reads it."""
    value = answer.answer
    if isinstance(value, dict):
        return "; ".join(f"{k} → {v}" for k, v in value.items())
    if isinstance(value, list):
        joiner = " → " if ex.type == "ordering" else "; "
        return joiner.join(map(str, value))
    tolerance = f" (± {answer.tolerance})" if answer.tolerance else ""
    unit = ex.unit if ex.type == "numeric" and ex.unit else ""
    return f"{unit}{value}{tolerance}" if unit == "$" else f"{value}{tolerance}{' ' + unit if unit else ''}"


class KeyView:
    """One exercise with its answer, explanation and source: the instructor edition's answer key."""

    def __init__(self, ex: Exercise, answer: Answer):
        self.ex, self.answer = ex, answer

    def _repr_html_(self) -> str:
        from html import escape

        ex, a = self.ex, self.answer
        source = f'<p class="wb-source"><em>Source:</em> {escape(a.source)}</p>' if a.source else ""
        return (
            f'<div class="wb-key" id="key-{ex.id}"><p class="wb-title"><strong>Exercise {ex.id}</strong> '
            f'<span class="wb-meta">{ex.type} · {ex.points:g} point(s)</span></p>'
            f'<div class="wb-prompt">{html.markdown(ex.prompt)}</div>'
            f'<p class="wb-answer-key"><strong>Answer:</strong> {escape(answer_text(ex, a))}</p>'
            f'<div class="wb-explanation">{html.markdown(a.explanation)}</div>{source}</div>'
        )

    def __repr__(self) -> str:
        return f"{self.ex.id}: {answer_text(self.ex, self.answer)}"


def show_key(bank_name: str) -> None:
    """Display a bank's answer key (needs solutions/, so it runs only in the instructor edition)."""
    from IPython.display import display

    bank, key = load(bank_name)
    if key is None:
        raise WorkbookError(f"No answer key for {bank_name!r}: solutions/keys/{bank_name}.yml is not here.")
    for ex in bank.exercises:
        display(KeyView(ex, key[ex.id]))


class ProgressPage:
    """The website's "My progress" panel: the browser fills it from the answers saved on that computer and
    offers the hand-in file; in Jupyter it says where to look instead (the notebook's progress file)."""

    def __init__(self, root: Path | None = None):
        from workbook.course.catalog import chapters

        self.catalog = {"banks": {
            c.id: {"title": f"{c.number}. {c.title}",
                   "exercises": {ex.id: [ex.points, list(ex.domains)] for ex in c.bank.exercises}}
            for c in chapters(root)}}

    def _repr_html_(self) -> str:
        import json
        from html import escape

        catalog = escape(json.dumps(self.catalog, sort_keys=True, separators=(",", ":")))
        return (
            f'<div class="wb-progress" data-wb-catalog="{catalog}">'
            '<div class="wb-progress-summary"><p>On the book\'s website this panel shows the answers you checked in '
            "this browser. In Jupyter, use the progress file above.</p></div>"
            '<fieldset class="wb-answer"><legend>Hand in your answers</legend>'
            '<p><label>Your student id <input class="wb-learner wb-input" type="text" autocomplete="off" '
            'maxlength="64" spellcheck="false"></label> '
            '<label>Assignment id (if your instructor gave one) <input class="wb-assignment wb-input" type="text" '
            'autocomplete="off" maxlength="40" spellcheck="false"></label></p>'
            '<p class="wb-assignment-scope" hidden></p>'
            '<p><button type="button" class="wb-check wb-export">Export my answers</button> '
            '<label class="wb-import-label">Restore answers from a file <input class="wb-import" type="file" '
            'accept=".json,application/json"></label></p></fieldset>'
            '<p><button type="button" class="wb-clear">Clear all saved answers</button></p>'
            '<p class="wb-progress-status" role="status" aria-live="polite"></p>'
            "<p class='wb-note-storage'><em>Your answers are kept only in this browser on this computer (its local "
            "storage): another browser, a private window or clearing site data starts afresh. Export them to keep "
            "a copy or to move them.</em></p></div>"
        )

    def __repr__(self) -> str:
        return "My progress: open this page on the book's website to see the answers saved in your browser."


def progress_page(root: Path | None = None) -> ProgressPage:
    """The "My progress" panel for the website (see ProgressPage)."""
    return ProgressPage(root)



class LookupBox:
    """A code look-up: on the website a search box over the code sets (static data, no server); in Jupyter the
    encoder widget, which adds the Alphabetic Index, spelling correction and the tabular notes."""

    def __init__(self, code_set: str = "icd10cm"):
        self.code_set = code_set

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        from workbook.ui.encoder import encoder

        bundle = dict(encoder(code_set=self.code_set)._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/html"] = html.lookup(self.code_set)
        bundle["text/plain"] = "Code look-up: on the website, a search box; in Jupyter, the encoder."
        return bundle


def lookup_box(code_set: str = "icd10cm") -> LookupBox:
    """The code look-up for a page (see LookupBox)."""
    return LookupBox(code_set)
