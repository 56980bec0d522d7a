"""One output, two faces: a live widget in a notebook and self-checking HTML on the website."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from workbook import html
from workbook.errors import WorkbookError
from workbook.keys import Answer, load_bank_with_key
from workbook.paths import banks_dir, project_root
from workbook.spec import Bank, Exercise


class ExerciseView:
    """Displayed in a notebook, offers both faces; front ends pick the widget, the book picks the HTML."""

    def __init__(self, ex: Exercise, salt: str, answer: Answer | None = None):
        self.ex, self.salt, self.answer = ex, salt, answer
        self._widget: Any = None

    @property
    def widget(self) -> Any:
        if self._widget is None:
            from workbook.widgets import ExerciseWidget

            self._widget = ExerciseWidget(self.ex, self.salt, self.answer)
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


def exercises(bank_name: str, only: list[str] | None = None) -> list[ExerciseView]:
    """Views of a bank's exercises, in bank order (or just the ids in ``only``)."""
    bank, key = load(bank_name)
    chosen = [bank.get(i) for i in only] if only else list(bank.exercises)
    return [ExerciseView(ex, bank.salt, key[ex.id] if key else None) for ex in chosen]


def show(bank_name: str, only: list[str] | None = None) -> None:
    """Display a bank's exercises one output each, so the book renders them as separate blocks."""
    from IPython.display import display

    for view in exercises(bank_name, only):
        display(view)
