"""Handing work in: the answers file a student submits, and the same answers stored in a notebook.

A submission is one file named by the student id:

* ``<student-id>.json``: an answers document, ``{"format": "workbook-answers/1", "learner", "assignment",
  "exported", "answers": {exercise id: response}, "checksum"}`` (``Progress.export`` writes the same shape,
  without the checksum);
* ``<student-id>.ipynb``: any notebook whose metadata holds that document at ``metadata.workbook.answers``.
  The grader reads only that JSON value from the notebook; it never runs or imports anything in it.

The checksum (SHA-256 of the canonical document) catches a file edited by hand or damaged on the way; it is
not a secret, and nothing a submission says is trusted: the grader scores every answer against the keys.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbook.course.progress import EXPORT_FORMAT, Progress, _now, check_learner
from workbook.errors import WorkbookError
from workbook.exercises.keys import write_json_atomic
from workbook.paths import project_root

FORMAT = EXPORT_FORMAT
REQUIRED = ("format", "learner", "assignment", "answers")
OPTIONAL = ("exported", "checksum")
METADATA_KEY = "workbook"  # notebook.metadata.workbook.answers holds the answers document
MANIFEST = "manifest.json"
HAND_IN = "hand-in"


def checksum(doc: dict[str, Any]) -> str:
    """SHA-256 of the document's graded fields in canonical JSON: ``sha256:<hex>``."""
    core = {key: doc.get(key) for key in REQUIRED}
    text = json.dumps(core, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return "sha256:" + hashlib.sha256(text.encode("ascii")).hexdigest()


def answers_document(learner: str, assignment: str, answers: dict[str, Any], exported: str | None = None
                     ) -> dict[str, Any]:
    """A complete answers document with its checksum."""
    check_learner(learner)
    doc = {"format": FORMAT, "learner": learner, "assignment": assignment, "answers": dict(sorted(answers.items())),
           "exported": exported or _now()}
    doc["checksum"] = checksum(doc)
    return doc


def notebook_with_answers(doc: dict[str, Any], base: dict[str, Any] | None = None) -> dict[str, Any]:
    """A notebook (as a JSON dict) carrying ``doc`` at metadata.workbook.answers; ``base`` keeps its cells."""
    nb: dict[str, Any] = dict(base) if base else {
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "cells": [{"cell_type": "markdown", "id": "answers", "metadata": {}, "source": _summary_markdown(doc)}],
    }
    metadata = dict(nb.get("metadata") or {})
    metadata[METADATA_KEY] = {"answers": doc}
    nb["metadata"] = metadata
    return nb


def _summary_markdown(doc: dict[str, Any]) -> str:
    lines = [f"# Answers of {doc['learner']} for {doc['assignment']}", "",
             "Your instructor's grader reads the answers stored in this notebook's metadata "
             "(`metadata.workbook.answers`); it never runs the notebook.", "",
             "| exercise | your answer |", "|---|---|"]
    for ex_id, response in doc["answers"].items():
        shown = json.dumps(response, ensure_ascii=False).replace("|", "\\|")[:120]
        lines.append(f"| {ex_id} | `{shown}` |")
    return "\n".join(lines) + "\n"


def save_to_notebook(path: str | Path, doc: dict[str, Any]) -> Path:
    """Store the answers document in the notebook at ``path`` (created if missing), atomically."""
    path = Path(path)
    base = None
    if path.exists():
        try:
            base = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            raise WorkbookError(f"{path} is not a readable notebook; choose a new file name.") from None
        if not isinstance(base, dict) or not isinstance(base.get("cells"), list):
            raise WorkbookError(f"{path} is not a notebook; choose a new file name.")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_json_atomic(path, notebook_with_answers(doc, base))
    return path


def read_manifest(root: Path | None = None) -> dict[str, Any]:
    """The assignment packet's manifest (found above the working folder, like the banks)."""
    root = root or project_root()
    path = root / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise WorkbookError(f"No {MANIFEST} in {root}: open this notebook from inside the unzipped assignment "
                            "packet your instructor gave you.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise WorkbookError(f"{path} is damaged; unzip the assignment packet again.") from None
    if not isinstance(data, dict) or not isinstance(data.get("exercises"), list):
        raise WorkbookError(f"{path} is not an assignment manifest; unzip the assignment packet again.")
    return data


def assignment_ids(manifest: dict[str, Any]) -> list[str]:
    """Every exercise id of the assignment, authored then generated, as the manifest lists them."""
    ids = [str(e.get("id")) for e in manifest.get("exercises", []) if isinstance(e, dict)]
    generated = manifest.get("generated") or {}
    if manifest.get("student"):  # only a student's own packet holds their generated questions
        ids += [str(i) for i in generated.get("ids") or []]
    return ids


@dataclass
class HandIn:
    """What was written for the student to upload, and what is still unanswered."""

    student: str
    assignment: str
    files: list[Path]
    answered: list[str]
    unanswered: list[str] = field(default_factory=list)

    def _repr_markdown_(self) -> str:
        lines = [f"**{len(self.answered)} of {len(self.answered) + len(self.unanswered)} exercises answered** "
                 f"for assignment `{self.assignment}`.", ""]
        if self.unanswered:
            lines.append("Not answered yet: " + ", ".join(f"`{i}`" for i in self.unanswered) + ".")
            lines.append("")
        lines.append("Upload **one** of these files (your instructor says which):")
        lines += [f"- `{p}`" for p in self.files]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self._repr_markdown_().replace("**", "").replace("`", "")


def hand_in(student_id: str, learner: str | None = None, root: Path | None = None,
            progress_folder: Path | None = None) -> HandIn:
    """Collect this assignment's answers from the progress file and write ``hand-in/<student-id>.json|.ipynb``.

    ``learner`` is the progress file's learner (default: $WORKBOOK_LEARNER, else "me"): the exercise notebooks
    record every checked answer there.
    """
    check_learner(student_id)
    root = root or project_root()
    manifest = read_manifest(root)
    made_for = manifest.get("student")
    if made_for and made_for != student_id:
        raise WorkbookError(f"This packet was made for student {made_for!r}, not {student_id!r}. "
                            "Hand in from your own packet.")
    progress = Progress.open(learner or os.environ.get("WORKBOOK_LEARNER") or "me", progress_folder)
    ids = assignment_ids(manifest)
    answers = {i: progress.results[i].response for i in ids
               if i in progress.results and progress.results[i].attempts}
    doc = answers_document(student_id, str(manifest.get("assignment", "")), answers)
    out = root / HAND_IN
    out.mkdir(parents=True, exist_ok=True)
    json_path = out / f"{student_id}.json"
    write_json_atomic(json_path, doc)
    nb_path = out / f"{student_id}.ipynb"
    write_json_atomic(nb_path, notebook_with_answers(doc))  # a fresh notebook: its summary shows these answers
    return HandIn(student_id, doc["assignment"], [json_path.relative_to(root), nb_path.relative_to(root)],
                  sorted(answers), [i for i in ids if i not in answers])
