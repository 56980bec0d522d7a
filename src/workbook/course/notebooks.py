"""Maintainer tool: execute a notebook in place so its committed outputs are what nbval expects."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from workbook.errors import WorkbookError

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _drop_widget_views(nb: nbformat.NotebookNode) -> None:
    """Committed outputs keep their HTML and text faces but not widget views: a view names a random model id
    that no saved state backs, so it only churns diffs. Running a cell brings the live widget back."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data")
            if data and WIDGET_VIEW in data and len(data) > 1:
                del data[WIDGET_VIEW]


def execute(path: str | Path, timeout: int = 600) -> None:
    """Run every cell from its own folder; keep no widget state; replace the file only on success."""
    path = Path(path)
    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, ValueError) as exc:
        raise WorkbookError(f"{path}: cannot be read as a notebook ({exc}).") from None
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", store_widget_state=False, record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as exc:
        raise WorkbookError(f"{path}: a cell failed; the file was left as it was.\n{exc}") from None
    nb.metadata.pop("widgets", None)
    _drop_widget_views(nb)
    tmp = path.with_name(f".{path.name}.tmp")
    nbformat.write(nb, tmp)
    os.replace(tmp, path)


SETUP = """\
# Set-up: run this cell first. In the book's folder it does nothing; opened alone (Colab, a download, a hub)
# it fetches the book's exercises and installs its Python package, once.
import importlib, importlib.util, os, pathlib, subprocess, sys
REPO = "{repo}"
here = pathlib.Path.cwd()
if not os.environ.get("WORKBOOK_ROOT") and not any((p / "exercises" / "banks").is_dir() for p in (here, *here.parents)):
    book = here / "{folder}"
    if not (book / "exercises" / "banks").is_dir():
        subprocess.run(["git", "clone", "--quiet", "--depth", "1", REPO, str(book)], check=True)
    os.environ["WORKBOOK_ROOT"] = str(book)
if importlib.util.find_spec("workbook") is None:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", f"medcode-workbook[notebook] @ git+{{REPO}}"],
                   check=True)
    importlib.invalidate_caches()
"""


def setup_cell(repo: str) -> nbformat.NotebookNode:
    """The visible first code cell that lets a lone exercise notebook run anywhere (hidden on the website)."""
    folder = repo.rstrip("/").rsplit("/", 1)[-1] or "medical-coding-billing"
    cell = nbformat.v4.new_code_cell(SETUP.format(repo=repo, folder=folder).strip())
    cell.metadata["tags"] = ["remove-cell"]
    cell.id = "exercises-setup"
    return cell


def exercise_notebook(bank_name: str, title: str, repo: str | None = None) -> nbformat.NotebookNode:
    """The student's notebook for a bank: a title, how to work it, the set-up cell and one cell that shows the
    exercises."""
    from workbook.course.catalog import repository_url

    intro = (
        f"# Exercises: {title}\n\n"
        "Each exercise checks itself. Pick or type your answer and press **Check answer** "
        "(or Enter in a text box). Feedback tells you what kind of mistake you made without giving the answer "
        "away; hints open one at a time. On the website the checks run in your browser; in Jupyter, run the "
        "cells below first. Every answer you check is saved, and running the cells again (after reopening the "
        "notebook, or if it shows \"model not found\") brings your answers back."
    )
    code = f'from workbook.display import show\n\nshow("{bank_name}")'
    cell = nbformat.v4.new_code_cell(code)
    cell.metadata["tags"] = ["remove-input"]
    nb = _notebook(intro, cell, "exercises")
    nb.cells.insert(1, setup_cell(repo if repo is not None else (repository_url() or DEFAULT_REPO)))
    return nb


DEFAULT_REPO = "https://github.com/medcode-workbook/medical-coding-billing"


def _notebook(intro: str, cell: nbformat.NotebookNode, kind: str) -> nbformat.NotebookNode:
    """A two-cell notebook with stable cell ids, so regenerating it changes nothing that did not change."""
    first = nbformat.v4.new_markdown_cell(intro)
    first.id, cell.id = f"{kind}-intro", f"{kind}-show"
    nb = nbformat.v4.new_notebook(cells=[first, cell])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def solution_notebook(bank_name: str, title: str) -> nbformat.NotebookNode:
    """The instructor's answer key for a bank: every exercise with its answer, explanation and source."""
    intro = (
        f"# Answer key: {title}\n\n"
        "For instructors. Each exercise is shown with its answer, the explanation a student sees after solving "
        "it in Jupyter, and the source the explanation rests on. This page is built only into the instructor "
        "edition (`make book-instructor`)."
    )
    cell = nbformat.v4.new_code_cell(f'from workbook.display import show_key\n\nshow_key("{bank_name}")')
    cell.metadata["tags"] = ["remove-input"]
    return _notebook(intro, cell, "key")


def write_exercise_notebook(bank_name: str, title: str, path: Path, maker=exercise_notebook) -> None:
    """Write (then execute) a bank's exercise (or, with ``maker``, solution) notebook; replace only on success."""
    tmp = path.with_name(f".{path.name}.new")
    nbformat.write(maker(bank_name, title), tmp)
    try:
        execute(tmp)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, path)
