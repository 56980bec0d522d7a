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
from decimal import Decimal
from pathlib import Path
from typing import Any

from workbook.course.progress import EXPORT_FORMAT, Progress, Result, _now, check_learner
from workbook.course.scoring import Scoring, credit
from workbook.errors import WorkbookError
from workbook.exercises.keys import write_json_atomic
from workbook.paths import project_root

FORMAT = EXPORT_FORMAT
REQUIRED = ("format", "learner", "assignment", "answers")
OPTIONAL = ("exported", "checksum", "attempts")
METADATA_KEY = "workbook"  # notebook.metadata.workbook.answers holds the answers document
MANIFEST = "manifest.json"
HAND_IN = "hand-in"


def checksum(doc: dict[str, Any]) -> str:
    """SHA-256 of the document's graded fields (and its attempts, when it has them) in canonical JSON."""
    core = {key: doc.get(key) for key in REQUIRED}
    if "attempts" in doc:
        core["attempts"] = doc["attempts"]
    text = json.dumps(core, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return "sha256:" + hashlib.sha256(text.encode("ascii")).hexdigest()


def answers_document(learner: str, assignment: str, answers: dict[str, Any], exported: str | None = None,
                     attempts: dict[str, list[dict[str, Any]]] | None = None) -> dict[str, Any]:
    """A complete answers document with its checksum; ``attempts`` lists each exercise's checked responses."""
    check_learner(learner)
    doc = {"format": FORMAT, "learner": learner, "assignment": assignment, "answers": dict(sorted(answers.items())),
           "exported": exported or _now()}
    if attempts:
        doc["attempts"] = dict(sorted(attempts.items()))
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
    ids = [str(e.get("id")) for e in manifest.get("exercises", []) if isinstance(e, dict) and not e.get("practice")]
    generated = manifest.get("generated") or {}
    if manifest.get("student"):  # only a student's own packet holds their generated questions
        ids += [str(i) for i in generated.get("ids") or []]
    return ids


@dataclass
class HandIn:
    """What will be graded (shown before anything is written), and the files once written."""

    student: str
    assignment: str
    files: list[Path]
    answered: list[str]
    unanswered: list[str] = field(default_factory=list)
    graded: list[tuple[str, int, str]] = field(default_factory=list)  # exercise, checks, what the policy grades
    policy: str = ""
    written: bool = True

    def _repr_markdown_(self) -> str:
        lines = [f"**{len(self.answered)} of {len(self.answered) + len(self.unanswered)} exercises answered** "
                 f"for assignment `{self.assignment}`.", ""]
        if self.policy:
            lines += [f"Grading: {self.policy}.", ""]
        if self.graded:
            lines += ["| exercise | checks | what will be graded |", "|---|---|---|"]
            lines += [f"| `{i}` | {n} | {what} |" for i, n, what in self.graded]
            lines.append("")
        if self.unanswered:
            lines.append("Not answered yet: " + ", ".join(f"`{i}`" for i in self.unanswered) + ".")
            lines.append("")
        if not self.written:
            lines.append("Nothing is written yet. If this is what you want graded, run "
                         f"`hand_in(\"{self.student}\", confirm=True)` (or `python -m workbook hand-in --student "
                         f"{self.student} --yes`).")
            return "\n".join(lines)
        lines.append("Upload **one** of these files (your instructor says which):")
        lines += [f"- `{p}`" for p in self.files]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self._repr_markdown_().replace("**", "").replace("`", "")


def _what_is_graded(result: Result, scoring: Scoring) -> str:
    """What the policy will take from this exercise's checks, as far as the student's own checker knows."""
    shares = [Decimal(1) if h.get("correct") else Decimal(0) for h in result.history] or [Decimal(0)]
    chosen = credit(shares, scoring)
    if chosen.share == 0:
        right_before = any(h.get("correct") for h in result.history)
        warn = " (you had it right on an earlier check, which this policy does not count)" if right_before else ""
        return f"attempt {chosen.attempt}: not right{warn}; any partial credit is the grader's"
    return f"attempt {chosen.attempt}: right" + (f" ({chosen.note})" if chosen.note else "")


def hand_in(student_id: str, learner: str | None = None, root: Path | None = None,
            progress_folder: Path | None = None, confirm: bool = False) -> HandIn:
    """Show what will be graded from this assignment's own progress file; with ``confirm``, write
    ``hand-in/<student-id>.json`` and ``.ipynb``.

    ``learner`` is the progress file's learner (default: $WORKBOOK_LEARNER, else "me"): the exercise notebooks
    opened inside the packet record every checked answer in the assignment's own file.
    """
    check_learner(student_id)
    root = root or project_root()
    manifest = read_manifest(root)
    made_for = manifest.get("student")
    if made_for and made_for != student_id:
        raise WorkbookError(f"This packet was made for student {made_for!r}, not {student_id!r}. "
                            "Hand in from your own packet.")
    assignment = str(manifest.get("assignment", ""))
    scoring = Scoring.from_dict(manifest.get("scoring"))
    progress = Progress.open(learner or os.environ.get("WORKBOOK_LEARNER") or "me", progress_folder, assignment)
    ids = assignment_ids(manifest)
    done = {i: progress.results[i] for i in ids if i in progress.results and progress.results[i].attempts}
    answers = {i: r.response for i, r in done.items()}
    attempts = {i: r.attempts_record() for i, r in done.items() if r.history}
    graded = [(i, r.attempts, _what_is_graded(r, scoring)) for i, r in done.items()]
    unanswered = [i for i in ids if i not in answers]
    if not confirm:
        return HandIn(student_id, assignment, [], sorted(answers), unanswered, graded, scoring.describe(), False)
    doc = answers_document(student_id, assignment, answers, attempts=attempts)
    out = root / HAND_IN
    out.mkdir(parents=True, exist_ok=True)
    json_path = out / f"{student_id}.json"
    write_json_atomic(json_path, doc)
    nb_path = out / f"{student_id}.ipynb"
    write_json_atomic(nb_path, notebook_with_answers(doc))  # a fresh notebook: its summary shows these answers
    return HandIn(student_id, doc["assignment"], [json_path.relative_to(root), nb_path.relative_to(root)],
                  sorted(answers), unanswered, graded, scoring.describe())
