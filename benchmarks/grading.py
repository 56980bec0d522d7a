"""Benchmark: grading 1,000 synthetic submissions with `python -m workbook grade`, against nbgrader's autograder.

Prints, in one run: the wall time and submissions per second of the whole grading command (a fresh process:
start-up, reading the keys, regenerating every student's questions from the chapter's templates, scoring every
recorded attempt under the default policy (best attempt, cut per earlier check), and writing the gradebooks,
1,000 feedback files and the summary) on 1,000 submissions (a mix of answers files and notebooks, some
late); then the per-submission time of nbgrader's `autograde` on a handful of equivalent notebooks (the same
number of questions, each an autograded test cell) and the ratio. Targets: 1,000 submissions in under 30 s,
at least 100x faster per submission than nbgrader.

nbgrader is not a project requirement: it runs from its own virtualenv, created (``python -m venv`` and
``pip install nbgrader``) at /tmp/nbgrader-venv the first time; if that is impossible the script says so and
reports the workbook figures alone.

    .venv/bin/python benchmarks/grading.py [--submissions 1000] [--nbgrader 5] [--seed 2026]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NBGRADER_VENV = Path("/tmp/nbgrader-venv")
sys.path.insert(0, str(ROOT / "src"))


def _wrong(ex, response, rng: random.Random):
    """A plausible wrong answer of the same shape."""
    if ex.type == "single":
        return (response + 1) % len(ex.options)
    if ex.type == "code":
        return rng.choice(["Z99.89", "R69", "E11.65", "J1100"])
    if ex.type == "numeric":
        return f"{rng.uniform(1, 300):.2f}"
    if isinstance(response, list) and response:
        return list(reversed(response)) if len(response) > 1 else []
    return "?"


def make_submissions(week: Path, folder: Path, students: list[str], seed: int) -> None:
    from workbook.course import grade
    from workbook.course.submit import answers_document, notebook_with_answers

    assignment = grade.load_assignment(week)
    grader = grade.Grader(assignment)
    due = assignment.due.timestamp()
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    for n, student in enumerate(students):
        skill = rng.uniform(0.35, 1.0)
        items = grader.items + grader.generated_items(student)[0]
        from workbook.exercises.answers import key_response

        answers, attempts = {}, {}
        for item in items:
            right = key_response(item.exercise, item.answer.answer)
            roll = rng.random()
            if roll < 0.04:
                continue  # left blank
            final = right if roll < skill else _wrong(item.exercise, right, rng)
            tries = [_wrong(item.exercise, right, rng) for _ in range(rng.choice((0, 0, 1, 2)))] + [final]
            answers[item.exercise.id] = final
            attempts[item.exercise.id] = [{"at": f"2027-01-2{k % 10}T10:00:00Z", "response": r}
                                          for k, r in enumerate(tries)]
        doc = answers_document(student, assignment.id, answers, attempts=attempts)
        notebook = n % 5 == 4  # every fifth student hands in the notebook
        path = folder / f"{student}.{'ipynb' if notebook else 'json'}"
        path.write_text(json.dumps(notebook_with_answers(doc) if notebook else doc), encoding="utf-8")
        late = rng.random() < 0.15
        stamp = due + (rng.uniform(600, 4 * 86400) if late else -rng.uniform(600, 3 * 86400))
        os.utime(path, (stamp, stamp))


# --------------------------------------------------------------------------------------------------- nbgrader

NBGRADER_CONFIG = """c = get_config()
c.CourseDirectory.course_id = "bench"
c.CourseDirectory.db_assignments = [dict(name="week3")]
c.CourseDirectory.db_students = [{students}]
c.Execute.timeout = 120
"""


def _nb_cell(source: str, grade_id: str, solution: bool, points: float = 0.0):
    import nbformat

    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {"grade": not solution, "solution": solution, "locked": not solution,
                                 "grade_id": grade_id, "schema_version": 3, "task": False}
    if not solution:
        cell.metadata["nbgrader"]["points"] = points
    return cell


def nbgrader_notebooks(week: Path, students: list[str]) -> tuple[object, dict[str, object]]:
    """The source notebook (answers between solution markers, one test cell per question) and each student's."""
    import nbformat

    from workbook.course import grade

    assignment = grade.load_assignment(week)
    grader = grade.Grader(assignment)
    from workbook.exercises.answers import key_response

    def variables(items, answers: dict[str, object]) -> str:
        return "\n".join(f"q_{i.exercise.id.replace('-', '_')} = {answers.get(i.exercise.id)!r}" for i in items)

    def source(items, answers) -> object:
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nb.cells.append(nbformat.v4.new_markdown_cell("# Week 3 (nbgrader edition)"))
        body = "### BEGIN SOLUTION\n" + variables(items, answers) + "\n### END SOLUTION"
        nb.cells.append(_nb_cell(body, "answers", solution=True))
        for item in items:
            name = f"q_{item.exercise.id.replace('-', '_')}"
            expected = hashlib.sha256(repr(key_response(item.exercise, item.answer.answer)).encode()).hexdigest()
            test = f"import hashlib\nassert hashlib.sha256(repr({name}).encode()).hexdigest() == {expected!r}"
            nb.cells.append(_nb_cell(test, f"test_{name}", solution=False, points=item.exercise.points))
        return nb

    # nbgrader has no per-student questions: every notebook asks the first student's, answered right.
    first = grader.items + grader.generated_items(students[0])[0]
    model = {i.exercise.id: key_response(i.exercise, i.answer.answer) for i in first}
    theirs = {}
    for student in students:
        nb = source(first, model)
        nb.cells[1].source = variables(first, model)  # the answer cell as a student leaves it
        theirs[student] = nb
    return source(first, model), theirs


def ensure_nbgrader() -> tuple[Path | None, str]:
    nbgrader = NBGRADER_VENV / "bin" / "nbgrader"
    if nbgrader.exists():
        return nbgrader, ""
    try:
        if not (NBGRADER_VENV / "bin" / "python").exists():
            subprocess.run([sys.executable, "-m", "venv", str(NBGRADER_VENV)], check=True, capture_output=True)
        subprocess.run([str(NBGRADER_VENV / "bin" / "pip"), "install", "--quiet", "nbgrader", "ipykernel"],
                       check=True, capture_output=True, text=True, timeout=900)
    except (OSError, subprocess.SubprocessError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        return None, f"could not install nbgrader into {NBGRADER_VENV}: {str(detail).strip()[-300:]}"
    return (nbgrader, "") if nbgrader.exists() else (None, "pip finished but no nbgrader command was installed")


def run_nbgrader(week: Path, tmp: Path, count: int) -> tuple[float | None, str]:
    import nbformat

    nbgrader, problem = ensure_nbgrader()
    if nbgrader is None:
        return None, problem
    students = [f"n{i:03d}" for i in range(1, count + 1)]
    course = tmp / "course"
    (course / "source" / "week3").mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(
        NBGRADER_CONFIG.format(students=", ".join(f"dict(id={s!r})" for s in students)))
    source, theirs = nbgrader_notebooks(week, students)
    nbformat.write(source, course / "source" / "week3" / "week3.ipynb")
    env = {**os.environ, "PATH": f"{NBGRADER_VENV / 'bin'}:{os.environ.get('PATH', '')}",
           "JUPYTER_DATA_DIR": str(tmp / "jupyter-data"), "JUPYTER_CONFIG_DIR": str(tmp / "jupyter-config"),
           "PYTHONWARNINGS": "ignore"}
    env.pop("PYTHONPATH", None)
    step = subprocess.run([str(nbgrader), "generate_assignment", "week3", "--force"], cwd=course, env=env,
                          capture_output=True, text=True)
    if step.returncode:
        return None, f"nbgrader generate_assignment failed: {step.stderr.strip()[-300:]}"
    for student, nb in theirs.items():
        folder = course / "submitted" / student / "week3"
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / "week3.ipynb")
        (folder / "timestamp.txt").write_text("2027-02-01 12:00:00.000000 UTC")
    start = time.perf_counter()
    step = subprocess.run([str(nbgrader), "autograde", "week3", "--force"], cwd=course, env=env,
                          capture_output=True, text=True)
    wall = time.perf_counter() - start
    if step.returncode:
        return None, f"nbgrader autograde failed: {step.stderr.strip()[-400:]}"
    graded = list((course / "autograded").glob("*/week3/week3.ipynb"))
    if len(graded) != count:
        return None, f"nbgrader autograded {len(graded)} of {count} notebooks"
    return wall / count, ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=1000)
    parser.add_argument("--nbgrader", type=int, default=5, help="notebooks for nbgrader to autograde")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--questions", type=int, default=5, help="generated questions per student")
    args = parser.parse_args()

    from workbook.course.assign import build
    from workbook.course.late import LatePolicy, parse_due

    with tempfile.TemporaryDirectory(prefix="workbook-bench-") as tmp_name:
        tmp = Path(tmp_name)
        students = [f"s{i:04d}" for i in range(1, args.submissions + 1)]
        (tmp / "roster.csv").write_text("student_id\n" + "\n".join(students) + "\n")
        start = time.perf_counter()
        built = build(["revenue-cycle"], "Week 3", parse_due("2027-02-01", "UTC"), tmp / "week3",
                      roster=tmp / "roster.csv", questions=args.questions, policy=LatePolicy(), root=ROOT,
                      graded="all")
        assign_s = time.perf_counter() - start
        make_submissions(tmp / "week3", tmp / "subs", students, args.seed)
        per_student = built.exercises + built.questions
        print(f"assignment: {built.exercises} authored + {built.questions} generated questions per student "
              f"({per_student} answers each, 1-3 recorded attempts each); packets for {len(students)} students "
              f"built in {assign_s:.1f} s")

        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "workbook", "grade", str(tmp / "week3"), str(tmp / "subs"),
                                 "--out", str(tmp / "grades")], env=env, capture_output=True, text=True)
        wall = time.perf_counter() - start
        if result.returncode not in (0, 1):
            sys.exit(f"workbook grade failed:\n{result.stderr}")
        feedback = len(list((tmp / "grades" / "feedback").iterdir()))
        ours = wall / len(students)
        print(f"workbook grade: {len(students)} submissions in {wall:.2f} s (whole command, fresh process) = "
              f"{len(students) / wall:.0f} submissions/s, {1000 * ours:.1f} ms each; {feedback} feedback files "
              f"[target: 1,000 in < 30 s: {'met' if wall * 1000 / len(students) < 30 else 'NOT met'}]")

        if args.nbgrader > 0:
            theirs, problem = run_nbgrader(tmp / "week3", tmp / "nbgrader", args.nbgrader)
            if theirs is None:
                print(f"nbgrader: not measured: {problem}")
            else:
                ratio = theirs / ours
                print(f"nbgrader autograde: {args.nbgrader} equivalent notebooks, {theirs:.2f} s each")
                print(f"ratio: workbook grades a submission {ratio:.0f}x faster than nbgrader "
                      f"[target >= 100x: {'met' if ratio >= 100 else 'NOT met'}]")
        shutil.rmtree(tmp / "subs", ignore_errors=True)


if __name__ == "__main__":
    main()
