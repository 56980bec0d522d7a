"""Unlimited practice drawn from the real code set and fee tables: the seed makes the questions, and the keys.

Nothing is stored: the same seed always gives the same questions, so a grader recomputes the answers.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from workbook.errors import WorkbookError
from workbook.exercises.keys import Answer, make_check
from workbook.exercises.spec import Exercise
from workbook.exercises.templates import resolve, templates

MAX_QUESTIONS = 500


@dataclass(frozen=True)
class Question:
    """A generated exercise, its computed key, and the salt its hashes use."""

    exercise: Exercise
    answer: Answer
    salt: str
    kind: str


def practice_salt(seed: int) -> str:
    return hashlib.sha256(f"workbook-practice:{seed}".encode()).hexdigest()[:16]


class _Kinds(Mapping[str, Callable[[random.Random, str], tuple[Exercise, Answer]]]):
    """Every template's maker by id (read lazily: the chapter modules load on first use)."""

    def __getitem__(self, key: str) -> Callable[[random.Random, str], tuple[Exercise, Answer]]:
        return templates()[key].make

    def __iter__(self) -> Iterator[str]:
        return iter(templates())

    def __len__(self) -> int:
        return len(templates())


KINDS = _Kinds()
DEFAULT_KINDS = ("code-from-title", "code-from-term", "billable-or-header", "chapter", "seventh", "allowed-amount")
"""What plain practice draws when no kinds are named: the first six templates, the code set and the fee schedule."""


def questions(seed: int, n: int = 10, kinds: Sequence[str] | None = None) -> list[Question]:
    """``n`` questions for ``seed``, cycling through ``kinds``; identical for the same arguments."""
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise WorkbookError("The seed must be a whole number of 0 or more, such as 42.")
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_QUESTIONS:
        raise WorkbookError(f"Ask for between 1 and {MAX_QUESTIONS} questions.")
    chosen = resolve(list(kinds)) if kinds else list(DEFAULT_KINDS)  # template or chapter ids
    if not chosen:
        raise WorkbookError("Name at least one template or chapter; list them with: python -m workbook templates")
    salt = practice_salt(seed)
    out = []
    for i in range(n):
        kind = chosen[i % len(chosen)]
        rng = random.Random(f"{seed}:{i}:{kind}")
        ex, answer = KINDS[kind](rng, f"p{seed}-{i + 1:03d}")
        ex = Exercise(**{**vars(ex), "check": make_check(ex, answer, salt)})
        out.append(Question(ex, answer, salt, kind))
    return out


def show(seed: int, n: int = 10, kinds: Sequence[str] | None = None, learner: str | None = None) -> None:
    """Display generated questions with the same two faces as authored exercises."""
    from IPython.display import display

    from workbook.ui.display import ExerciseView, Recorder

    recorder = Recorder(learner)
    for q in questions(seed, n, kinds):
        display(ExerciseView(q.exercise, q.salt, q.answer, recorder))


def site_set(seed: int, n: int = 10) -> list[Question]:
    """One of the website's practice sets: ``n`` questions from templates drawn across every chapter by the seed."""
    import random

    pool = sorted(templates())
    kinds = random.Random(f"site-practice:{seed}").sample(pool, min(n, len(pool)))
    return questions(seed, n, kinds)


SITE_SEEDS = (2026, 2027, 2028, 2029, 2030, 2031)
"""The question sets the website carries: one is drawn at random on each visit (or the one ?seed= names)."""


class PracticeSets:
    """Generated practice in both faces: in Jupyter the live questions of the first seed; on the website every
    seed's set, one shown per visit with its seed (so a question can be reported) and a button for another."""

    def __init__(self, seeds: Sequence[int], n: int = 10, learner: str | None = None):
        from workbook.ui.display import Recorder

        if not seeds:
            raise WorkbookError("Give at least one seed, e.g. practice_sets([2026, 2027]).")
        self.sets = {seed: site_set(seed, n) for seed in seeds}
        self.recorder = Recorder(learner)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        import ipywidgets as W

        from workbook.site import html
        from workbook.ui.display import ExerciseView

        first = next(iter(self.sets.values()))
        views = [ExerciseView(q.exercise, q.salt, q.answer, self.recorder) for q in first]
        bundle = dict(W.VBox([v.widget.box for v in views])._repr_mimebundle_(include=include, exclude=exclude) or {})
        sets = "".join(
            f'<div class="wb-practice-set" data-wb-seed="{seed}" hidden>'
            + "".join(html.render(q.exercise, q.salt) for q in qs) + "</div>"
            for seed, qs in self.sets.items())
        bundle["text/html"] = html.practice(sets, list(self.sets))
        bundle["text/plain"] = f"Generated practice: {len(self.sets)} sets (seeds {', '.join(map(str, self.sets))})."
        return bundle


def practice_sets(seeds: Sequence[int] = SITE_SEEDS, n: int = 10, learner: str | None = None) -> PracticeSets:
    """Display several seeds' question sets (see PracticeSets)."""
    return PracticeSets(seeds, n, learner)

