"""Command line: python -m workbook <command>. Every failure is a message and an exit status, never a traceback.

Exit statuses: 0 done; 1 done, but something needs a person (a hash mismatch, a submission that could not
be graded); 2 bad input (a missing folder, a bad date, an unknown chapter, a bad roster), with one line
saying what to do; 130 interrupted.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from workbook import __version__
from workbook.errors import WorkbookError

PROGRESS_FROM = 20  # show a progress bar from this many submissions (or students) on


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage error reported on one line (and exit status 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {message} (see: {self.prog} --help)\n")


def _progress(items: Iterable[Any], total: int | None = None, unit: str = "file") -> Iterable[Any]:
    """A progress bar on stderr for long runs in a terminal; silent otherwise."""
    items = list(items)
    if len(items) < PROGRESS_FROM:
        return items
    from tqdm import tqdm

    return tqdm(items, total=total or len(items), unit=unit, disable=None, file=sys.stderr, leave=False)


def _keys(args: argparse.Namespace) -> int:
    from workbook.exercises import keys

    if args.check:
        problems = keys.verify()
        for problem in problems:
            print(f"MISMATCH {problem}", file=sys.stderr)
        if problems:
            print("Run `python -m workbook keys` to regenerate the hashes from solutions/keys.", file=sys.stderr)
            return 1
        print("Every stored hash matches its answer key.")
        return 0
    for name in keys.regenerate():
        print(f"wrote exercises/banks/{name}.checks.json")
    return 0


def _execute(args: argparse.Namespace) -> int:
    from jupyter_client.kernelspec import NoSuchKernel

    from workbook.course.notebooks import execute

    for path in args.notebooks:
        try:
            execute(path)
        except NoSuchKernel as exc:
            raise WorkbookError(f"{path} needs a Python kernel to run ({exc}). Install Jupyter's kernel with: "
                                "pip install 'medcode-workbook[notebook]'") from None
        print(f"executed {path}")
    return 0


def _chapters(args: argparse.Namespace) -> int:
    from workbook.course.catalog import chapters

    problems: dict[str, str] = {}
    found = chapters(problems=problems)
    for bank, problem in sorted(problems.items()):
        print(f"skipped {bank}: {problem}", file=sys.stderr)
    if not found:
        print("No chapter has an exercise bank yet (exercises/banks/*.yml).")
        return 0
    width = max(len(c.id) for c in found)
    print(f"{'#':>3}  {'id':<{width}}  exercises  points  title")
    for c in found:
        print(f"{c.number:>3}  {c.id:<{width}}  {c.exercises:>9}  {c.points:>6g}  {c.title}")
    print(f"\nAssign with: python -m workbook assign --chapters {found[0].id} --title \"Week 1\" --due YYYY-MM-DD "
          "--out dist/week1")
    return 0


def _outlines(args: argparse.Namespace) -> int:
    from workbook.course import outlines

    exams = [args.exam] if args.exam else list(outlines.OUTLINES)
    for exam in exams:
        chosen = outlines.outline(exam)
        print(f"{chosen.exam} ({chosen.body})")
        for cov in outlines.coverage(exam):
            print(f"  {len(cov.exercises):>4} exercises  {cov.area}")
            print(f"        chapters: {', '.join(c.id for c in cov.chapters)}")
    return 0


def _templates(args: argparse.Namespace) -> int:
    from workbook.exercises.templates import by_chapter

    groups = by_chapter()
    try:
        from workbook.course.catalog import chapters

        order = {c.id: c.number for c in chapters()}
    except WorkbookError:  # outside the book's folder: registration order
        order = {}
    groups = dict(sorted(groups.items(), key=lambda kv: order.get(kv[0], 999)))
    wanted = [c.strip() for c in (args.chapter or "").split(",") if c.strip()]
    unknown = [c for c in wanted if c not in groups]
    if unknown:
        raise WorkbookError(f"No templates for chapter(s) {', '.join(unknown)}; chapters with templates: "
                            f"{', '.join(groups)}.")
    rows = [(t.chapter, t.id, t.skill) for c, ts in groups.items() if not wanted or c in wanted for t in ts]
    widths = [max(len(r[i]) for r in rows) for i in (0, 1)]
    print(f"{'chapter':<{widths[0]}}  {'template':<{widths[1]}}  skill")
    for chapter, tid, skill in rows:
        print(f"{chapter:<{widths[0]}}  {tid:<{widths[1]}}  {skill}")
    print(f"\n{len(rows)} templates. Each student gets their own variant: python -m workbook assign ... --roster "
          "roster.csv --question-kinds <template or chapter ids>")
    return 0


def _policy(args: argparse.Namespace, base: Any = None) -> Any:
    from workbook.course.late import LatePolicy

    base = base or LatePolicy()
    policy = base.replace(grace_hours=args.grace_hours, penalty_per_day=args.penalty_per_day,
                          max_penalty=args.max_penalty, zero_after_days=args.zero_after_days)
    if getattr(args, "no_late", False):
        policy = policy.replace(enabled=False)
    return policy


def _scoring(args: argparse.Namespace) -> Any:
    from workbook.course.scoring import Scoring

    return Scoring().replace(attempts=args.attempts, penalty_per_try=args.penalty_per_try,
                             max_checks=args.max_checks, exam=args.exam or None,
                             partial=False if args.no_partial else None)


def _assign(args: argparse.Namespace) -> int:
    from workbook.course.assign import build
    from workbook.course.late import parse_due

    due = parse_due(args.due, args.timezone)
    specs = [part for chunk in args.chapters for part in chunk.split(",")]
    kinds = [k.strip() for k in args.question_kinds.split(",")] if args.question_kinds else None
    built = build(specs, args.title, due, Path(args.out), roster=Path(args.roster) if args.roster else None,
                  assignment=args.id, policy=_policy(args), questions=args.questions, kinds=kinds,
                  question_points=args.question_points, site=args.site_url,
                  progress=lambda items: _progress(items, unit="student"), scoring=_scoring(args),
                  graded=args.graded)
    when = built.due.isoformat(timespec="minutes")
    if built.graded == "variants":
        print(f"Assignment {built.assignment} (\"{built.title}\"): {built.questions} graded questions of each "
              f"student's own ({built.points:g} points) + {built.exercises} chapter exercises as practice; due {when}.")
    else:
        extra = f" + {built.questions} generated questions per student" if built.questions else ""
        print(f"Assignment {built.assignment} (\"{built.title}\"): {built.exercises} exercises{extra}, "
              f"{built.points:g} points; due {when}.")
    out = built.out
    rows = [(out / "student-packet.zip", "the packet to hand out" + (" (no generated questions)" if built.students
                                                                      else ""))]
    if built.students:
        rows.append((out / "students" / "<student-id>.zip",
                     f"one per student ({len(built.students)}), each with that student's own questions"))
    rows.append((out / "instructor-packet.zip", "keys, rubric, roster and secret: keep it to yourself"))
    width = max(len(str(path)) for path, _ in rows)
    for path, what in rows:
        print(f"  {str(path):<{width}}  {what}")
    print(f"Grade with: python -m workbook grade {out} <submissions folder> --out grades/")
    return 0


def _grade(args: argparse.Namespace) -> int:
    from workbook.course import grade
    from workbook.course.late import LatePolicy

    assignment = grade.load_assignment(Path(args.assignment))
    policy = None
    overrides = (args.grace_hours, args.penalty_per_day, args.max_penalty, args.zero_after_days)
    if args.no_late or any(v is not None for v in overrides):
        policy = _policy(args, assignment.policy if assignment.policy else LatePolicy())
    if args.max_bytes < 1:
        raise WorkbookError("--max-bytes must be a positive number of bytes.")
    options = grade.Options(policy=policy, times=Path(args.times) if args.times else None, max_bytes=args.max_bytes,
                            canvas_assignment_id=args.canvas_assignment_id, missing_zero=args.missing == "zero")
    outcome = grade.run(Path(args.assignment), Path(args.submissions), Path(args.out), options,
                        progress=lambda items, n: _progress(items, n))
    data = outcome.summary
    c = data["counts"]
    print(f"Graded {data['files']} file(s) for {data['assignment']} ({data['title']}): {c[grade.GRADED]} on time, "
          f"{c[grade.LATE]} late, {c[grade.CHECK]} to check, {c[grade.NOT_GRADED]} not graded; "
          f"{c[grade.MISSING]} roster student(s) without a submission.")
    if data["mean_percent"] is not None:
        print(f"Mean {data['mean_percent']}%, median {data['median_percent']}% of {data['points_possible']:g} points.")
        print("\n".join(data["histogram"]))
    out = outcome.out
    print(f"Wrote {out}/gradebook.csv, canvas.csv, moodle.csv, summary.md, summary.json and feedback/.")
    for system, how in (("canvas", "in the Canvas Gradebook, the assignment column's menu > Re-Upload Submissions"),
                        ("moodle", "in Moodle, View all submissions > Grading action > Upload multiple feedback "
                                   "files in a zip")):
        if (out / f"feedback-{system}.zip").exists():
            print(f"Feedback for {system.title()}'s bulk upload: {out}/feedback-{system}.zip ({how}).")
    if outcome.earlier:
        print(f"The earlier results were kept in {outcome.earlier}/.")
    attention = data["needs_attention"]
    if attention:
        print(f"Needs attention ({len(attention)}):")
        for item in attention:
            print(f"  {item['file'] or item['student']}: {item['reason']}")
        return 1
    return 0


def _report(args: argparse.Namespace) -> int:
    from workbook.course.report import write_report

    out = write_report([Path(f) for f in args.runs], Path(args.out))
    print(f"Wrote {out}: score distributions, exercise difficulty and discrimination, common wrong answers and "
          f"each student's scores across {len(args.runs)} assignment(s).")
    return 0


def _hand_in(args: argparse.Namespace) -> int:
    from workbook.course.submit import hand_in

    print(hand_in(args.student, learner=args.learner, confirm=args.yes))
    return 0


def _bank_notebooks(args: argparse.Namespace) -> int:
    from workbook.course.notebooks import solution_notebook, write_exercise_notebook
    from workbook.paths import project_root
    from workbook.ui.display import load

    root = project_root()
    for name in args.banks:
        bank, _key = load(name, root)
        write_exercise_notebook(name, bank.title, root / "exercises" / f"{name}.ipynb")
        write_exercise_notebook(name, bank.title, root / "solutions" / f"{name}.ipynb", maker=solution_notebook)
        print(f"wrote and executed exercises/{name}.ipynb and solutions/{name}.ipynb")
    return 0


def _edition(args: argparse.Namespace) -> int:
    from workbook.course.editions import write_instructor_files

    for path in write_instructor_files(Path(args.out)):
        print(f"wrote {path}")
    return 0


def _pdf(args: argparse.Namespace) -> int:
    from workbook.paths import project_root
    from workbook.site.pdf import build_pdf

    root = project_root()
    site = Path(args.site) if args.site else root / "_build" / "html"
    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise WorkbookError(f"--out {args.out!r}: name the file to write with .pdf at the end.")
    out.parent.mkdir(parents=True, exist_ok=True)
    print(f"printing the website in {site} with Chromium (a few minutes) ...", flush=True)
    pages, numbered = build_pdf(site, root, out)
    print(f"wrote {out}: {pages} pages, {numbered} sections in the table of contents")
    return 0


def _late_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--grace-hours", type=float, metavar="H", help="hours after the due time with no penalty")
    parser.add_argument("--penalty-per-day", type=float, metavar="P", help="percent off per day or part day late")
    parser.add_argument("--max-penalty", type=float, metavar="M", help="largest percentage taken off for lateness")
    parser.add_argument("--zero-after-days", type=float, metavar="D", help="later than this many days scores zero")


def _prog() -> str:
    """The command as the user typed it: ``workbook`` (the console script) or ``python -m workbook``."""
    return "workbook" if Path(sys.argv[0]).name == "workbook" else "python -m workbook"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=_prog(), description="Exercise and teaching tools.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    keys = sub.add_parser("keys", help="regenerate the salted answer hashes from solutions/keys")
    keys.add_argument("--check", action="store_true", help="only check; exit 1 naming any mismatch")
    keys.set_defaults(run=_keys)
    ex = sub.add_parser("execute", help="run notebooks in place, deterministically, without widget state")
    ex.add_argument("notebooks", nargs="+")
    ex.set_defaults(run=_execute)

    ch = sub.add_parser("chapters", help="list the chapters an assignment can use")
    ch.set_defaults(run=_chapters)

    ol = sub.add_parser("outlines", help="the CPC, CCA, CPB and CRCR exam outlines mapped to chapters and exercises")
    ol.add_argument("exam", nargs="?", help="one exam (CPC, CCA, CPB or CRCR); all when left out")
    ol.set_defaults(run=_outlines)

    tp = sub.add_parser("templates", help="list the parametrized exercise templates (chapter, id, skill)")
    tp.add_argument("--chapter", help="only these chapters (comma-separated ids)")
    tp.set_defaults(run=_templates)

    a = sub.add_parser("assign", help="build the student and instructor packets for an assignment")
    a.add_argument("--chapters", required=True, action="append", metavar="IDS",
                   help="chapter ids or numbers, comma-separated (see: python -m workbook chapters)")
    a.add_argument("--title", required=True, help='the assignment\'s name, e.g. "Week 3"')
    a.add_argument("--due", required=True, help="YYYY-MM-DD (due 23:59 that day) or YYYY-MM-DDTHH:MM")
    a.add_argument("--out", required=True, help="folder to write the packets into, e.g. dist/week3")
    a.add_argument("--roster", help="CSV with a student_id column (optional name, email, section, login)")
    a.add_argument("--timezone", help="IANA zone of the due time, e.g. America/Chicago (default: this computer's)")
    a.add_argument("--id", help="assignment id (default: the title and due date, e.g. week-3-20270201)")
    a.add_argument("--questions", type=int, help="generated questions per student (default: 5 with a roster)")
    a.add_argument("--question-kinds", metavar="TEMPLATES",
                   help="comma-separated template or chapter ids (default: the templates of --chapters; "
                        "list them with: python -m workbook templates)")
    a.add_argument("--question-points", type=float, default=1.0, help="points per generated question (default 1)")
    a.add_argument("--site-url", help="the book's website (default: from _config.yml)")
    a.add_argument("--attempts", choices=("penalty", "best", "first", "last"),
                   help="which attempt is graded (default: penalty = the best, cut per check before it)")
    a.add_argument("--penalty-per-try", type=float, metavar="P", help="percent cut per earlier check (default 25)")
    a.add_argument("--max-checks", type=int, metavar="N", help="checks that count per exercise (default: unlimited)")
    a.add_argument("--exam", action="store_true", help="exam mode: no checking in the packet; final answers graded")
    a.add_argument("--graded", choices=("variants", "all"),
                   help="what is graded: each student's own variants (default with a roster; the chapters' "
                        "exercises, whose keys are public, become practice) or all exercises")
    a.add_argument("--no-partial", action="store_true", help="no partial credit (all or nothing for every kind)")
    _late_flags(a)
    a.set_defaults(run=_assign)

    g = sub.add_parser("grade", help="grade a folder (or zip) of submissions; exit 1 if any needs attention")
    g.add_argument("assignment", help="the folder `assign` wrote (holding instructor-packet.zip)")
    g.add_argument("submissions", help="folder or .zip of <student-id>.json / <student-id>.ipynb files")
    g.add_argument("--out", required=True, help="folder for the gradebooks, feedback and summary")
    _late_flags(g)
    g.add_argument("--no-late", action="store_true", help="apply no late penalty (let the LMS do it)")
    g.add_argument("--times", help="CSV of student_id,submitted_at from the LMS (default: file times)")
    g.add_argument("--max-bytes", type=int, default=2_000_000, help="largest file read (default 2,000,000)")
    g.add_argument("--canvas-assignment-id", help="Canvas's id of the assignment, to fill that column on import")
    g.add_argument("--missing", choices=("blank", "zero"), default="blank",
                   help="roster students with no submission: left out of the LMS files (blank) or given 0")
    g.set_defaults(run=_grade)

    r = sub.add_parser("report", help="an HTML cohort report over one or more grading runs")
    r.add_argument("runs", nargs="+", help="the --out folders of `grade` runs, one per assignment")
    r.add_argument("--out", default="grades/report.html", help="the page to write (default grades/report.html)")
    r.set_defaults(run=_report)

    h = sub.add_parser("hand-in", help="(students) write hand-in/<id>.json and .ipynb from your progress file")
    h.add_argument("--student", required=True, help="your student id")
    h.add_argument("--learner", help="the progress file's learner (default: $WORKBOOK_LEARNER or 'me')")
    h.add_argument("--yes", action="store_true", help="write the files (without it: show what will be graded)")
    h.set_defaults(run=_hand_in)

    nb = sub.add_parser("bank-notebooks", help="write and run a bank's exercise notebook and answer-key notebook")
    nb.add_argument("banks", nargs="+", help="bank names, e.g. revenue-cycle")
    nb.set_defaults(run=_bank_notebooks)
    ed = sub.add_parser("edition", help="write the instructor edition's config and toc (used by make book-instructor)")
    ed.add_argument("--out", default="_build/instructor-config")
    ed.set_defaults(run=_edition)
    pdf = sub.add_parser("pdf", help="print the built student website into one PDF (used by make pdf)")
    pdf.add_argument("--out", default="_build/pdf/medical-coding-billing.pdf")
    pdf.add_argument("--site", help="the built website (default _build/html)")
    pdf.set_defaults(run=_pdf)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2, already reported on one line)
        return exc.code if isinstance(exc.code, int) else 2
    try:
        return args.run(args)
    except WorkbookError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # e.g. an output folder that cannot be written
        where = f": {exc.filename}" if exc.filename else ""
        print(f"error: {exc.strerror or exc}{where}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; nothing was left half-written.", file=sys.stderr)
        return 130
