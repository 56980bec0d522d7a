"""Assignments: turn "chapters 3 and 5, due Friday" into packets students can work and instructors can grade.

``build`` writes, into the output folder:

* ``student-packet.zip``: the chapters' exercise notebooks and banks (answers only as salted hashes), a
  README with instructions and links to the chapters on the website, a hand-in notebook, and
  ``manifest.json`` (assignment id, exercise ids, points, due date, late policy, SHA-256 of every file);
* with a roster, ``students/<student-id>.zip``: the same packet plus that student's own seeded questions;
* ``instructor-packet.zip``: the keys, explanations, a rubric, the roster and the secret the grader needs.
  It never goes to students.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import secrets
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import nbformat
import yaml

from workbook import __version__
from workbook.course.catalog import Chapter, repository_url, resolve, site_url
from workbook.course.late import LatePolicy
from workbook.course.notebooks import exercise_notebook
from workbook.course.roster import Student, read_roster, roster_csv
from workbook.course.scoring import Scoring
from workbook.course.submit import HAND_IN, MANIFEST
from workbook.errors import WorkbookError
from workbook.exercises.keys import Answer, load_key
from workbook.exercises.seeded import (
    MAX_QUESTIONS,
    Generated,
    bank_files,
    bank_name,
    check_kinds,
    fingerprint,
    generate,
    question_ids,
)
from workbook.exercises.spec import Exercise, checks_path
from workbook.paths import keys_dir, project_root

FORMAT = "workbook-assignment/1"
STUDENT_PACKET = "student-packet.zip"
INSTRUCTOR_PACKET = "instructor-packet.zip"
INSTRUCTOR_MANIFEST = "assignment.json"
ASSIGNMENT_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def slug(text: str) -> str:
    return re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9]+", "-", text.lower())).strip("-")[:30].strip("-")


def default_id(title: str, due: datetime) -> str:
    return f"{slug(title) or 'assignment'}-{due:%Y%m%d}"


def check_assignment_id(value: str) -> str:
    if not ASSIGNMENT_ID.match(value or ""):
        raise WorkbookError(f"{value[:50]!r} cannot be an assignment id: use 1-40 lower-case letters, digits and "
                            "'-', starting with a letter or digit (e.g. week-3).")
    return value


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def readable_answer(ex: Exercise, answer: Any) -> str:
    """A key's answer as a person reads it (option texts, pairs, claim items)."""
    if ex.type in ("multiple", "spot") and isinstance(answer, list):
        return "; ".join(map(str, answer))
    if ex.type == "ordering" and isinstance(answer, list):
        return " → ".join(map(str, answer))
    if ex.type in ("matching", "claim") and isinstance(answer, dict):
        return "; ".join(f"{k} → {v}" for k, v in answer.items())
    return str(answer)


def scoring_rule(ex: Exercise, answer: Answer) -> str:
    rules = {
        "numeric": f"a number; accepted within ±{answer.tolerance} {ex.unit}".rstrip() if answer.tolerance else
        f"a number, rounded to {ex.decimals} decimal place(s)",
        "code": "the code; dot, spaces and letter case do not matter",
        "multiple": "exactly the right set of options",
        "ordering": "every item in its place",
        "matching": "every term matched",
        "claim": "every field right (dates in any common form, amounts to the cent)",
        "spot": "exactly the identifiers, no more",
        "single": "the one right option",
    }
    return f"All or nothing: {rules.get(ex.type, 'the right answer')}."


@dataclass
class Built:
    """What ``build`` wrote, for the CLI to report."""

    out: Path
    assignment: str
    title: str
    due: datetime
    exercises: int
    points: float
    students: list[str] = field(default_factory=list)
    questions: int = 0
    files: list[Path] = field(default_factory=list)
    graded: str = "all"


class _Packet:
    """Files of one zip, in memory, with their checksums."""

    def __init__(self, top: str):
        self.top = top
        self.files: dict[str, bytes] = {}

    def add(self, name: str, data: str | bytes) -> None:
        self.files[name] = data.encode("utf-8") if isinstance(data, str) else data

    def add_json(self, name: str, data: Any) -> None:
        self.add(name, json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n")

    def checksums(self) -> dict[str, str]:
        return {name: sha256(data) for name, data in sorted(self.files.items()) if name != MANIFEST}

    def write(self, path: Path, when: datetime) -> None:
        stamp = when.timetuple()[:6]
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in sorted(self.files.items()):
                info = zipfile.ZipInfo(f"{self.top}/{name}", date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, data)


def _notebook(cells: list[tuple[str, str]]) -> str:
    nb = nbformat.v4.new_notebook()
    for kind, source in cells:
        nb.cells.append(nbformat.v4.new_markdown_cell(source) if kind == "md" else nbformat.v4.new_code_cell(source))
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
    return nbformat.writes(nb)


def _hand_in_notebook(student: str | None) -> str:
    who = f'"{student}"' if student else '"YOUR-STUDENT-ID"  # <- type your student id here'
    intro = (
        "# Hand in your answers\n\n"
        "Work the exercise notebooks in `exercises/` first: every answer you check is saved to your progress "
        "file. Then run the cell below. It writes two files into the `hand-in/` folder, named by your student "
        "id: a `.json` answers file and a `.ipynb` notebook that carries the same answers. Upload the one your "
        "instructor asks for (the `.json` file if nobody says). You can hand in again as often as you like "
        "before the due date: run the cell again and upload the new file."
    )
    check = ("Run this cell first: it shows what will be graded from your answers (which attempt counts, what is "
             "still unanswered). Nothing is written yet.")
    code = f"from workbook.course.submit import hand_in\n\nhand_in({who})"
    write = "When the table above is what you want graded, run this cell to write your hand-in files."
    code2 = f"hand_in({who.split('  #')[0]}, confirm=True)"
    return _notebook([("md", intro), ("md", check), ("code", code), ("md", write), ("code", code2)])


def _questions_notebook(bank: str, title: str) -> str:
    intro = (f"# {title}: your own questions\n\n"
             "These questions were generated for you alone from the real code sets and fee schedule; your "
             "classmates have different ones. They check themselves like the chapter exercises. Run the cell.")
    return _notebook([("md", intro), ("code", f'from workbook.display import show\n\nshow("{bank}")')])


def hand_in_url(manifest: dict[str, Any]) -> str:
    """The website's My progress page, set to export only this assignment's authored exercises."""
    ids = ",".join(e["id"] for e in manifest["exercises"])
    page = f"{manifest['site'].rstrip('/')}/exercises/my-progress.html"
    return f"{page}?assignment={manifest['assignment']}&exercises={ids}"


def _readme(manifest: dict[str, Any], chapters: Sequence[Chapter], repo: str) -> str:
    due = datetime.fromisoformat(manifest["due"])
    policy = LatePolicy.from_dict(manifest.get("policy"))
    lines = [
        f"# {manifest['title']}",
        "",
        f"- **Assignment id:** `{manifest['assignment']}`",
        f"- **Due:** {due:%A %d %B %Y, %H:%M} (UTC{due:%z}) — late policy: {policy.describe()}.",
        f"- **Points:** {manifest['points_possible']:g}",
        f"- **Grading:** {Scoring.from_dict(manifest.get('scoring')).describe()}.",
    ]
    if manifest.get("student"):
        lines.append(f"- **Student:** `{manifest['student']}` (this packet is yours alone)")
    lines += ["", "## Read", ""]
    for c in chapters:
        lines.append(f"- [{c.title}]({c.url(manifest['site'])}) — then work its exercises "
                     f"(`exercises/{c.id}.ipynb`, or [on the website]({c.exercises_url(manifest['site'])})).")
    lines += ["", "## Exercises", ""]
    if manifest.get("graded") == "variants":
        lines += ["The chapters' exercises are practice: work them (they check themselves), but only your own",
                  "generated questions are graded.", ""]
    lines += ["| exercise | chapter | type | points |", "|---|---|---|---|"]
    for e in manifest["exercises"]:
        points = "practice" if e.get("practice") else f"{e['points']:g}"
        lines.append(f"| {e['id']} | {e['chapter']} | {e['type']} | {points} |")
    generated = manifest.get("generated")
    if generated and manifest.get("student"):
        lines.append(f"| {generated['ids'][0]} … {generated['ids'][-1]} | your own questions "
                     f"(`exercises/my-questions.ipynb`) | generated | {generated['points_each']:g} each |")
    elif generated:
        lines.append(f"| your own questions | in the packet your instructor sends you | generated | "
                     f"{generated['points_each']:g} each |")
    lines += [
        "",
        "## Set up",
        "",
        "Unzip this packet and open the folder in Jupyter: your school's JupyterHub, Binder, or JupyterLab on",
        "your computer. The notebooks need the book's `workbook` package; it is installed on the course",
        "JupyterHub and on Binder. On your own computer, install it once with",
        "",
        "```bash",
        f"pip install \"medcode-workbook @ git+{repo}\"" if repo else "pip install medcode-workbook",
        "```",
        "",
        "Open the notebooks from inside this folder: they find their exercises in `exercises/banks/`.",
        "",
        "## Work",
        "",
        "Open each notebook in `exercises/`, run its cell, and answer. Each exercise tells you at once whether",
        "you are right and gives hints (unless the grading line above says exam mode). Every check is saved,",
        "with its time, to this assignment's own progress file (in `~/.workbook/assignments/<assignment id>/`,",
        "or under the folder `$WORKBOOK_PROGRESS_DIR` names): practice outside the packet is never graded here,",
        "and a notebook you reopen shows the answers you gave.",
        "",
        "## Or work on the website only",
        "",
        "No install is needed for the chapter exercises: answer them on the book's website (each chapter's",
        "exercises page, linked above), in one browser. Then open",
        f"[My progress for this assignment]({hand_in_url(manifest)}),",
        "type your student id and click **Export my answers**: the file it saves holds this assignment's",
        "exercises with every check you made, and is handed in like the notebook's file."
        + (" Your own generated questions are only in the notebooks of this packet." if manifest.get("generated")
           else ""),
        "",
        "## Hand in",
        "",
        "Open `hand-in.ipynb`, type your student id, and run its first cell: it shows what will be graded",
        "(which attempt counts for each exercise). Its second cell writes `hand-in/<your-id>.json` and",
        "`hand-in/<your-id>.ipynb`. Upload the file your instructor asks for, without renaming it.",
        "",
        "- The `.json` file is your answers: `{\"format\": \"workbook-answers/1\", \"learner\", \"assignment\",",
        "  \"exported\", \"answers\": {exercise id: your answer}, \"attempts\": {exercise id: [every check,",
        "  with its time]}, \"checksum\"}`.",
        "- The `.ipynb` notebook carries the same answers in its metadata (`metadata.workbook.answers`). The",
        "  grader reads only that; it never runs your notebook, so code in it changes nothing.",
        "- Don't edit either file: the checksum shows any change, and an edited file is not graded.",
        "",
        "`manifest.json` lists every file of this packet with its SHA-256 checksum.",
    ]
    return "\n".join(lines) + "\n"


def _rubric(manifest: dict[str, Any], banks: dict[str, tuple[Any, dict[str, Answer]]]) -> str:
    lines = [f"# Rubric: {manifest['title']} (`{manifest['assignment']}`)", "",
             f"Points possible: {manifest['points_possible']:g}. Due {manifest['due']}. "
             f"Late policy: {LatePolicy.from_dict(manifest['policy']).describe()}.", ""]
    for chapter in manifest["chapters"]:
        bank, key = banks[chapter["id"]]
        lines += [f"## {chapter['title']}", ""]
        for ex in bank.exercises:
            answer = key[ex.id]
            lines += [f"### {ex.id} ({ex.type}, {ex.points:g} point{'s' if ex.points != 1 else ''})", "",
                      ex.prompt, "", f"**Answer:** {readable_answer(ex, answer.answer)}", "",
                      f"**Scoring:** {scoring_rule(ex, answer)}", "", f"**Explanation:** {answer.explanation}", ""]
            if answer.source:
                lines += [f"**Source:** {answer.source}", ""]
    generated = manifest.get("generated")
    if generated:
        lines += ["## Generated questions", "",
                  f"Each student answers {generated['count']} questions of their own ({', '.join(generated['kinds'])}),"
                  f" {generated['points_each']:g} point(s) each, all or nothing. The grader regenerates them from the "
                  "seed; `generated-keys.csv` lists every student's questions and answers.", ""]
    return "\n".join(lines)


def _chapter_banks(chapters: Sequence[Chapter], root: Path) -> dict[str, tuple[Any, dict[str, Answer]]]:
    banks = {}
    seen: dict[str, str] = {}
    for c in chapters:
        key_path = keys_dir(root) / f"{c.id}.yml"
        if not key_path.exists():
            raise WorkbookError(f"Chapter {c.id!r} has no answer key ({key_path}); it cannot be graded yet.")
        if not c.bank.salt:
            raise WorkbookError(f"Chapter {c.id!r} has no hashes yet; run: python -m workbook keys")
        for ex in c.bank.exercises:
            if ex.id in seen:
                raise WorkbookError(f"Exercise {ex.id} is in both {seen[ex.id]} and {c.id}; ids must be unique.")
            seen[ex.id] = c.id
        banks[c.id] = (c.bank, load_key(key_path, c.bank))
    return banks


GRADED_CHOICES = ("variants", "all")


def default_templates(chapter_ids: Sequence[str]) -> list[str]:
    """Generated questions drill the assignment's own chapters; chapters without templates fall back to practice's."""
    from workbook.exercises.practice import DEFAULT_KINDS
    from workbook.exercises.templates import by_chapter

    own = by_chapter()
    return [t.id for c in chapter_ids for t in own.get(c, [])] or list(DEFAULT_KINDS)


def build(chapter_specs: Sequence[str], title: str, due: datetime, out: Path, *, roster: Path | None = None,
          assignment: str | None = None, policy: LatePolicy | None = None, questions: int | None = None,
          kinds: Sequence[str] | None = None, question_points: float = 1.0, site: str | None = None,
          root: Path | None = None, secret: str | None = None, progress: Any = None,
          scoring: Scoring | None = None, graded: str | None = None) -> Built:
    """Build the student and instructor packets for an assignment into ``out``; see the module docstring."""
    root = root or project_root()
    title = (title or "").strip()
    if not title or len(title) > 120:
        raise WorkbookError("Give the assignment a title of 1-120 characters, e.g. --title \"Week 3\".")
    assignment = check_assignment_id(assignment or default_id(title, due))
    chapters = resolve(list(chapter_specs), root)
    students: list[Student] = read_roster(roster) if roster else []
    # With a roster each student answers one variant of every template of the chapters (at least five).
    if questions is None and students:
        pool = check_kinds(kinds or default_templates([c.id for c in chapters]))
        n_questions = min(MAX_QUESTIONS, max(5, len(pool)))
    else:
        n_questions = questions or 0
    if n_questions and not students:
        raise WorkbookError("Generated questions are per student: give --roster (or --questions 0).")
    if not 0 <= n_questions <= MAX_QUESTIONS:
        raise WorkbookError(f"--questions must be between 0 and {MAX_QUESTIONS}.")
    if len(assignment) + len("-questions") > 61:
        raise WorkbookError("The assignment id is too long; give a shorter --id.")
    if not 0 < question_points <= 100:
        raise WorkbookError("--question-points must be more than 0 and at most 100.")
    kinds = check_kinds(kinds or default_templates([c.id for c in chapters])) if n_questions else []
    # The chapters' own exercises have public keys: with a roster, only each student's variants are graded.
    graded = graded or ("variants" if n_questions else "all")
    if graded not in GRADED_CHOICES:
        raise WorkbookError(f"--graded is one of {', '.join(GRADED_CHOICES)}.")
    if graded == "variants" and not n_questions:
        raise WorkbookError("--graded variants needs generated questions: give --roster and --questions.")
    out = Path(out)
    if (out / INSTRUCTOR_PACKET).exists():
        raise WorkbookError(f"{out} already holds an assignment ({INSTRUCTOR_PACKET}). Students may have its "
                            "packets: choose another --out, or delete that folder first.")
    policy = policy or LatePolicy()
    banks = _chapter_banks(chapters, root)
    site = site or site_url(root)
    created = datetime.now(UTC).replace(microsecond=0)
    secret = secret or secrets.token_hex(16)

    exercises = [{"id": ex.id, "chapter": c.id, "type": ex.type,
                  "points": ex.points if graded == "all" else 0, "practice": graded != "all"}
                 for c in chapters for ex in banks[c.id][0].exercises]
    authored = sum(e["points"] for e in exercises)
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "assignment": assignment,
        "title": title,
        "due": due.isoformat(),
        "created": created.isoformat(),
        "workbook_version": __version__,
        "site": site,
        "chapters": [{"id": c.id, "title": c.title, "url": c.url(site), "exercises_url": c.exercises_url(site),
                      "notebook": f"exercises/{c.id}.ipynb"} for c in chapters],
        "exercises": exercises,
        "points": authored,
        "generated": ({"count": n_questions, "kinds": kinds, "points_each": question_points,
                       "bank": bank_name(assignment), "ids": question_ids(assignment, n_questions)}
                      if n_questions else None),
        "graded": graded,
        "points_possible": authored + n_questions * question_points,
        "policy": policy.to_dict(),
        "scoring": (scoring or Scoring()).to_dict(),
    }

    def base_packet(student: str | None) -> _Packet:
        packet = _Packet(assignment if student is None else f"{assignment}-{student}")
        for c in chapters:
            packet.add(f"exercises/{c.id}.ipynb", nbformat.writes(exercise_notebook(c.id, c.title)))
            bank_path = c.bank.path or (root / "exercises" / "banks" / f"{c.id}.yml")
            packet.add(f"exercises/banks/{c.id}.yml", bank_path.read_bytes())
            packet.add(f"exercises/banks/{c.id}.checks.json", checks_path(bank_path).read_bytes())
        packet.add("hand-in.ipynb", _hand_in_notebook(student))
        packet.add(f"{HAND_IN}/README.md", "Your hand-in files are written here by `hand-in.ipynb`.\n")
        return packet

    def finish(packet: _Packet, data: dict[str, Any], path: Path) -> None:
        packet.add("README.md", _readme(data, chapters, repository_url(root)))
        data = {**data, "files": packet.checksums()}
        packet.add_json(MANIFEST, data)
        packet.write(path, created)

    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    try:
        finish(base_packet(None), manifest, staging / STUDENT_PACKET)
        per_student: dict[str, Any] = {}
        generated_rows: list[list[str]] = []
        if students:
            (staging / "students").mkdir()
        iterator = progress(students) if progress and len(students) > 1 else students
        for student in iterator:
            packet = base_packet(student.id)
            data = {**manifest, "student": student.id}
            record: dict[str, Any] = {}
            if n_questions:
                items = generate(secret, assignment, student.id, n_questions, kinds, question_points)
                bank, checks = bank_files(assignment, title, items)
                packet.add(f"exercises/banks/{bank['bank']}.yml", yaml.safe_dump(bank, sort_keys=False,
                                                                                 allow_unicode=True, width=100))
                packet.add_json(f"exercises/banks/{bank['bank']}.checks.json", checks)
                packet.add("exercises/my-questions.ipynb", _questions_notebook(bank["bank"], title))
                record["fingerprint"] = fingerprint(items)
                generated_rows += _generated_rows(student.id, items)
            finish(packet, data, staging / "students" / f"{student.id}.zip")
            per_student[student.id] = record
        _instructor_packet(manifest, banks, students, per_student, generated_rows, secret, staging, created, root)
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for item in sorted(staging.iterdir()):
            target = out / item.name
            if target.exists():
                shutil.rmtree(target) if target.is_dir() else target.unlink()
            os.replace(item, target)
            written.append(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Built(out, assignment, title, due, len(exercises), manifest["points_possible"], [s.id for s in students],
                 n_questions, written, graded)


def _generated_rows(student: str, items: Sequence[Generated]) -> list[list[str]]:
    return [[student, g.exercise.id, g.kind, g.exercise.prompt.replace("\n", " "),
             readable_answer(g.exercise, g.answer.answer), g.answer.explanation] for g in items]


def _instructor_packet(manifest: dict[str, Any], banks: dict[str, tuple[Any, dict[str, Answer]]],
                       students: list[Student], per_student: dict[str, Any], generated_rows: list[list[str]],
                       secret: str, staging: Path, created: datetime, root: Path) -> None:
    packet = _Packet(f"{manifest['assignment']}-instructor")
    for chapter_id, (bank, _key) in banks.items():
        bank_path = bank.path or (root / "exercises" / "banks" / f"{chapter_id}.yml")
        packet.add(f"banks/{chapter_id}.yml", bank_path.read_bytes())
        packet.add(f"banks/{chapter_id}.checks.json", checks_path(bank_path).read_bytes())
        packet.add(f"keys/{chapter_id}.yml", (keys_dir(root) / f"{chapter_id}.yml").read_bytes())
    packet.add("rubric.md", _rubric(manifest, banks))
    if students:
        packet.add("roster.csv", roster_csv(students))
    if generated_rows:
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(["student_id", "exercise", "kind", "prompt", "answer", "explanation"])
        writer.writerows(generated_rows)
        packet.add("generated-keys.csv", text.getvalue())
    packet.add("README.md", (
        f"# Instructor packet: {manifest['title']}\n\n"
        "Keep this packet to yourself: it holds the answer keys and the secret that makes each student's "
        "questions. Grade with\n\n"
        f"    python -m workbook grade <this assignment folder> <submissions folder> --out grades/\n\n"
        "`rubric.md` lists every exercise with its answer, scoring rule and explanation.\n"))
    data = {**manifest, "secret": secret, "roster": [s.to_dict() for s in students], "students": per_student}
    data["files"] = packet.checksums()
    packet.add_json(INSTRUCTOR_MANIFEST, data)
    packet.write(staging / INSTRUCTOR_PACKET, created)
