"""An exercise notebook opened alone (Colab, a download, a hub) finds or fetches what it needs from its first cell."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from workbook.course.notebooks import exercise_notebook

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs the book as a git repository to clone")
def test_a_lone_notebook_clones_the_book_and_shows_its_exercises(tmp_path):
    nb = exercise_notebook("revenue-cycle", "Revenue cycle", repo=str(ROOT))
    setup, show = nb.cells[1], nb.cells[2]
    assert "remove-cell" in setup.metadata["tags"] and setup.source.startswith("# Set-up: run this cell first.")
    lone = tmp_path / "Downloads"
    lone.mkdir()
    script = setup.source + "\nfrom workbook.display import exercises\nprint(len(exercises('revenue-cycle')))\n"
    env = {k: v for k, v in os.environ.items() if k != "WORKBOOK_ROOT"}
    env["WORKBOOK_PROGRESS_DIR"] = str(tmp_path / "progress")
    done = subprocess.run([sys.executable, "-c", script], cwd=lone, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "16"
    assert (lone / ROOT.name / "exercises" / "banks" / "revenue-cycle.yml").exists()
    again = subprocess.run([sys.executable, "-c", script], cwd=lone, env=env, capture_output=True, text=True,
                           timeout=300)  # a second run reuses the copy
    assert again.returncode == 0 and again.stdout.strip() == "16"
    assert 'show("revenue-cycle")' in show.source


def test_inside_the_book_the_set_up_cell_does_nothing(tmp_path):
    nb = exercise_notebook("revenue-cycle", "Revenue cycle")
    env = {k: v for k, v in os.environ.items() if k != "WORKBOOK_ROOT"}
    done = subprocess.run([sys.executable, "-c", nb.cells[1].source + "\nprint(os.environ.get('WORKBOOK_ROOT'))"],
                          cwd=ROOT / "exercises", env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "None" and not done.stderr
    assert not list((ROOT / "exercises").glob("medical-coding-billing*"))


def test_every_committed_exercise_notebook_starts_with_the_set_up_cell():
    for path in sorted((ROOT / "exercises").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        if any('show("' in c.source and "from workbook.display import show\n" in c.source for c in nb.cells):
            assert nb.cells[1].id == "exercises-setup", path.name
