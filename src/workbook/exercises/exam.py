"""A timed practice exam: questions drawn across domains, answered without feedback, scored by domain at the end."""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass
from typing import Any

from workbook.errors import WorkbookError
from workbook.exercises.checker import check, icd10cm_codeset
from workbook.exercises.keys import Answer, load_bank_with_key
from workbook.exercises.practice import questions
from workbook.exercises.spec import Exercise
from workbook.paths import banks_dir

MAX_ITEMS = 200


@dataclass(frozen=True)
class Item:
    """One exam question with what is needed to score it."""

    exercise: Exercise
    salt: str
    answer: Answer | None

    @property
    def domains(self) -> tuple[str, ...]:
        return self.exercise.domains or ("General",)


def draw(n: int = 20, seed: int = 0, generated_share: float = 0.5) -> list[Item]:
    """``n`` questions: authored ones from every bank plus generated practice, shuffled by ``seed``."""
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_ITEMS:
        raise WorkbookError(f"An exam has between 1 and {MAX_ITEMS} questions.")
    if not 0 <= generated_share <= 1:
        raise WorkbookError("generated_share is a fraction between 0 and 1, e.g. 0.5.")
    rng = random.Random(seed)
    authored = []
    for path in sorted(banks_dir().glob("*.yml")):
        bank, key = load_bank_with_key(path)
        authored += [Item(ex, bank.salt, key[ex.id] if key else None) for ex in bank.exercises]
    n_generated = min(n, round(n * generated_share)) if authored else n
    picked = rng.sample(authored, min(len(authored), n - n_generated))
    n_generated = n - len(picked)
    generated = [Item(q.exercise, q.salt, q.answer) for q in questions(seed, n_generated)] if n_generated else []
    items = picked + generated
    rng.shuffle(items)
    return items


def score(items: list[Item], responses: list[Any]) -> Any:
    """Points earned by exam domain (a question tagged with two domains counts in both), with a total row."""
    import pandas as pd

    if len(items) != len(responses):
        raise WorkbookError("There must be one response per question (None for a question left blank).")
    codeset = None
    rows = []
    for item, response in zip(items, responses, strict=True):
        ex = item.exercise
        if ex.type == "code" and ex.system == "icd10cm" and codeset is None:
            codeset = icd10cm_codeset()
        right = response is not None and check(ex, response, item.salt, codeset).correct
        for domain in item.domains:
            rows.append({"domain": domain, "questions": 1, "points": ex.points, "earned": ex.points if right else 0.0})
    table = pd.DataFrame(rows).groupby("domain").sum()
    total = sum(i.exercise.points for i in items)
    earned = sum(i.exercise.points for i, r in zip(items, responses, strict=True)
                 if r is not None and check(i.exercise, r, i.salt, codeset).correct)
    table.loc["All questions"] = [len(items), total, earned]
    table["percent"] = (100 * table["earned"] / table["points"]).round(0)
    return table


class ExamWidget:
    """All questions at once, a countdown, and a Finish button; time running out finishes the exam."""

    def __init__(self, items: list[Item], minutes: float = 30):
        import ipywidgets as W

        from workbook.ui.widgets import ExerciseWidget

        if not 0 < minutes <= 600:
            raise WorkbookError("Give the exam between a fraction of a minute and 600 minutes.")
        self.items = items
        self.seconds = int(minutes * 60)
        self.questions = [ExerciseWidget(i.exercise, i.salt, None, exam=True) for i in items]
        self.clock = W.HTML(value=self._clock_text(self.seconds))
        self.finish_button = W.Button(description="Finish and score", button_style="warning")
        self.finish_button.on_click(lambda _b: self.finish())
        self.report = W.Output()
        self.finished = False
        self.box = W.VBox([self.clock, *[q.box for q in self.questions], self.finish_button, self.report])
        self._deadline = time.monotonic() + self.seconds
        self._thread = threading.Thread(target=self._tick, daemon=True)

    @staticmethod
    def _clock_text(seconds: int) -> str:
        return f'<strong role="timer">Time left: {seconds // 60:02d}:{seconds % 60:02d}</strong>'

    def start(self) -> ExamWidget:
        """Start the countdown; display the returned object to show the exam."""
        self._thread.start()
        return self

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        from workbook.site import html

        bundle = dict(self.box._repr_mimebundle_(include=include, exclude=exclude) or {})
        questions = "".join(html.render(i.exercise, i.salt) for i in self.items)
        bundle["text/html"] = html.exam(questions, self.seconds / 60, len(self.items))
        bundle["text/plain"] = f"Practice exam: {len(self.items)} questions, {self.seconds // 60} minutes."
        return bundle

    def _tick(self) -> None:
        while not self.finished:
            left = max(0, int(self._deadline - time.monotonic()))
            self.clock.value = self._clock_text(left)
            if left == 0:
                self.finish()
                return
            time.sleep(1)

    def finish(self) -> Any:
        """Lock the answers and show the score report by domain."""
        if self.finished:
            return None
        self.finished = True
        responses = []
        for q in self.questions:
            q.lock()
            responses.append(q.response_or_none())
        table = score(self.items, responses)
        with self.report:
            from IPython.display import display

            display(table)
        return table
