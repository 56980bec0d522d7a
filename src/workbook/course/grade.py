"""Grading a folder of submissions against an assignment's keys, in one command, without running anything.

``run`` reads the instructor packet (keys, banks, roster, the secret for generated questions), reads every
submission as data (:mod:`workbook.course.submissions`), scores each answer against the keys (each student's
generated questions are regenerated from the seed), applies the late policy, and writes into ``out``:

* ``gradebook.csv``: one row per file and per roster student without one, with status and reason;
* ``canvas.csv`` and ``moodle.csv``: the grades in layouts those systems import (:mod:`workbook.course.lms`);
* ``feedback/<student-id>.md``: what was right, what was wrong, and the explanation;
* ``summary.md`` / ``summary.json``: counts, a score histogram and a per-exercise difficulty table.

Outputs are written to a staging folder first and moved into place one whole file at a time; an earlier
run's files are moved to ``history/<time of that run>/`` instead of being overwritten.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import shutil
import statistics
import tempfile
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from workbook.course import lms
from workbook.course.assign import INSTRUCTOR_MANIFEST, INSTRUCTOR_PACKET, readable_answer, sha256
from workbook.course.late import LatePolicy, apply_penalty, parse_instant
from workbook.course.roster import Student
from workbook.course.scoring import Credit, Scoring, credit, points, share
from workbook.course.submissions import DEFAULT_MAX_BYTES, LmsName, Resolver, Submission, printable
from workbook.course.submissions import read as read_submissions
from workbook.errors import AnswerError, BankError, WorkbookError
from workbook.exercises.answers import response_key
from workbook.exercises.checker import check as check_feedback
from workbook.exercises.checker import icd10cm_codeset
from workbook.exercises.keys import Answer, _numeric_values, canonical_answer, load_key
from workbook.exercises.seeded import check_kinds, fingerprint, generate
from workbook.exercises.spec import Exercise, candidates, load_bank

GRADED, LATE, NOT_GRADED, CHECK, MISSING = "graded", "graded-late", "not-graded", "graded-check", "missing"
OUTPUTS = ("gradebook.csv", "canvas.csv", "moodle.csv", "summary.md", "summary.json", "feedback",
           "feedback-canvas.zip", "feedback-moodle.zip")
REPORT_COLUMNS = ["student_id", "file", "status", "needs_attention", "reason", "submitted_at", "days_late",
                  "penalty_percent", "raw_points", "points_possible", "score", "percent", "answered", "right", "notes"]


# ----------------------------------------------------------------------------------------------- the assignment

@dataclass
class Assignment:
    """Everything the grader needs, read from the instructor packet."""

    manifest: dict[str, Any]
    exercises: list[Exercise]
    keys: dict[str, Answer]
    salts: dict[str, str]
    chapters: dict[str, str]  # exercise id -> chapter id
    roster: list[Student]
    students: dict[str, Any]
    secret: str

    @property
    def id(self) -> str:
        return self.manifest["assignment"]

    @property
    def title(self) -> str:
        return self.manifest["title"]

    @property
    def due(self) -> datetime:
        return datetime.fromisoformat(self.manifest["due"])

    @property
    def policy(self) -> LatePolicy:
        return LatePolicy.from_dict(self.manifest.get("policy"))

    @property
    def generated(self) -> dict[str, Any] | None:
        return self.manifest.get("generated") or None

    @property
    def points_possible(self) -> Decimal:
        return Decimal(str(self.manifest["points_possible"]))

    @property
    def scoring(self) -> Scoring:
        return Scoring.from_dict(self.manifest.get("scoring"))


def _packet_path(path: Path) -> Path:
    path = Path(path)
    if path.is_dir():
        path = path / INSTRUCTOR_PACKET
        if not path.exists():
            raise WorkbookError(f"{path.parent}: holds no {INSTRUCTOR_PACKET}; give the folder "
                                "`python -m workbook assign` wrote (its --out).")
    elif not path.exists():
        raise WorkbookError(f"{path}: no such assignment folder; give the folder `python -m workbook assign` wrote.")
    return path


def load_assignment(path: Path) -> Assignment:
    """Read and verify an instructor packet (the assignment folder, or the zip itself)."""
    path = _packet_path(path)
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile):
        raise WorkbookError(f"{path}: is not a readable instructor packet (zip).") from None
    with archive, tempfile.TemporaryDirectory(prefix="workbook-grade-") as tmp:
        files: dict[str, bytes] = {}
        for info in archive.infolist():
            parts = info.filename.split("/", 1)
            if len(parts) != 2 or not parts[1] or info.is_dir() or ".." in parts[1].split("/"):
                continue
            files[parts[1]] = archive.read(info)
        if INSTRUCTOR_MANIFEST not in files:
            raise WorkbookError(f"{path}: has no {INSTRUCTOR_MANIFEST}; it is not an instructor packet.")
        try:
            manifest = json.loads(files[INSTRUCTOR_MANIFEST])
            changed = [name for name, digest in manifest["files"].items() if sha256(files.get(name, b"")) != digest]
        except (ValueError, KeyError, TypeError, AttributeError):
            raise WorkbookError(f"{path}: its {INSTRUCTOR_MANIFEST} is damaged.") from None
        if changed:
            raise WorkbookError(f"{path}: {changed[0]} does not match its checksum; the instructor packet was "
                                "changed or damaged. Restore it from a backup.")
        root = Path(tmp)
        for name, data in files.items():
            if name.startswith(("banks/", "keys/")) and re.fullmatch(r"(banks|keys)/[a-z0-9-]+\.(yml|checks\.json)",
                                                                     name):
                target = root / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        exercises, keys, salts, chapters = [], {}, {}, {}
        try:
            for chapter in manifest["chapters"]:
                bank = load_bank(root / "banks" / f"{chapter['id']}.yml")
                key = load_key(root / "keys" / f"{chapter['id']}.yml", bank)
                for ex in bank.exercises:
                    exercises.append(ex)
                    keys[ex.id] = key[ex.id]
                    salts[ex.id] = bank.salt
                    chapters[ex.id] = chapter["id"]
            roster = [Student.from_dict(s) for s in manifest.get("roster") or []]
        except (BankError, KeyError, TypeError) as exc:
            raise WorkbookError(f"{path}: cannot be used for grading ({exc}).") from None
    return Assignment(manifest, exercises, keys, salts, chapters, roster, manifest.get("students") or {},
                      str(manifest.get("secret") or ""))


# ------------------------------------------------------------------------------------------------------ scoring

@dataclass(frozen=True)
class Item:
    """One exercise as the grader sees it: the spec with hashes, its key, and every accepted canonical form."""

    exercise: Exercise
    answer: Answer
    salt: str
    accepted: frozenset[str]
    chapter: str
    kind: str = ""  # a generated question's kind

    @property
    def key(self) -> str:
        """The key's canonical form (for partial credit; numeric keys accept a range instead)."""
        return min(self.accepted)

    @property
    def points(self) -> Decimal:
        return Decimal(str(self.exercise.points))


@dataclass
class ExerciseResult:
    item: Item
    status: str  # right, partial, wrong, unanswered, unreadable
    response: Any = None
    message: str = ""
    credit: Credit = Credit(Decimal(0), 0, 0)

    @property
    def earned(self) -> Decimal:
        return points(self.credit.share, self.item.points)


@dataclass
class Row:
    """One line of the gradebook: a submitted file, or a roster student with none."""

    student: str | None
    source: str
    status: str
    reason: str = ""
    submitted_at: datetime | None = None
    days_late: int = 0
    penalty: float = 0.0
    raw: Decimal | None = None
    possible: Decimal = Decimal(0)
    score: Decimal | None = None
    results: list[ExerciseResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    lms: LmsName | None = None  # the LMS bulk-download name the file came under

    @property
    def attention(self) -> bool:
        return self.status in (NOT_GRADED, CHECK)

    @property
    def percent(self) -> float | None:
        if self.score is None or not self.possible:
            return None
        return float(100 * self.score / self.possible)

    @property
    def answered(self) -> int:
        return sum(r.status != "unanswered" for r in self.results)

    @property
    def right(self) -> int:
        return sum(r.status == "right" for r in self.results)


def accepted_forms(ex: Exercise, answer: Answer) -> frozenset[str]:
    """Every canonical response the key accepts (a numeric tolerance accepts a range)."""
    if ex.type == "numeric":
        return frozenset(_numeric_values(ex, answer))
    return frozenset({canonical_answer(ex, answer)})


class Grader:
    """Scores answers against an assignment's keys; regenerates each student's questions from the seed."""

    def __init__(self, assignment: Assignment):
        self.assignment = assignment
        practice = assignment.manifest.get("graded") == "variants"  # authored exercises are practice only
        self.items = [] if practice else [
            Item(ex, assignment.keys[ex.id], assignment.salts[ex.id], accepted_forms(ex, assignment.keys[ex.id]),
                 assignment.chapters[ex.id]) for ex in assignment.exercises]
        self._codeset: Any = None
        self.scoring = assignment.scoring
        gen = assignment.generated
        self.kinds = check_kinds(gen["kinds"]) if gen else []

    def codeset(self) -> Any:
        if self._codeset is None:
            self._codeset = icd10cm_codeset()
        return self._codeset

    def generated_items(self, student: str) -> tuple[list[Item], str]:
        """(items, problem): a student's regenerated questions, checked against what they were handed."""
        gen = self.assignment.generated
        if not gen:
            return [], ""
        made = generate(self.assignment.secret, self.assignment.id, student, int(gen["count"]), self.kinds,
                        float(gen["points_each"]))
        items = [Item(g.exercise, g.answer, g.salt, accepted_forms(g.exercise, g.answer), "generated", g.kind)
                 for g in made]
        record = self.assignment.students.get(student)
        if record is None:
            return items, "not on the roster: this student was never handed generated questions"
        if record.get("fingerprint") and record["fingerprint"] != fingerprint(made):
            return items, ("the regenerated questions differ from the ones handed out (the workbook or the code "
                           "sets changed since the assignment was built); check this student's score by hand")
        return items, ""

    def judge(self, item: Item, response: Any) -> tuple[str, Decimal, str]:
        """(status, share, message) of one response: right, partial, wrong or unreadable."""
        ex = item.exercise
        try:
            canon = response_key(ex, response)
        except AnswerError as exc:
            return "unreadable", Decimal(0), f"The answer could not be read: {exc}"
        except Exception:  # noqa: BLE001 - a malformed answer must never stop the run
            return "unreadable", Decimal(0), "The answer could not be read."
        if canon in item.accepted:
            return "right", Decimal(1), "Correct."
        part = share(ex.type, canon, item.key, self.scoring.partial) if ex.type != "numeric" else Decimal(0)
        try:
            codeset = self.codeset() if ex.type == "code" and ex.system == "icd10cm" else None
            message = check_feedback(ex, response, item.salt, codeset).message
        except Exception:  # noqa: BLE001 - specific feedback is a bonus; the score stands without it
            message = "Not right."
        return ("partial" if part > 0 else "wrong"), part, message

    def score_one(self, item: Item, answers: dict[str, Any], attempts: list[Any] | None = None) -> ExerciseResult:
        """Score every attempt, then let the assignment's policy choose the graded one."""
        ex = item.exercise
        tries = [a for a in attempts or [] if a is not None]
        final = answers.get(ex.id)
        if final is not None and (not tries or tries[-1] != final):
            tries.append(final)  # a final answer never checked is one more attempt
        if not tries:
            return ExerciseResult(item, "unanswered", None, "Not answered.")
        judged = [self.judge(item, response) for response in tries]
        chosen = credit([j[1] for j in judged], self.scoring)
        status, _share, message = judged[chosen.attempt - 1]
        if status == "right" and chosen.share < 1:
            status, message = "partial", f"Correct on attempt {chosen.attempt} of {chosen.attempts}."
        return ExerciseResult(item, status, tries[chosen.attempt - 1], message, chosen)

    def grade(self, sub: Submission, submitted_at: datetime | None) -> Row:
        a = self.assignment
        if not sub.ok:
            return Row(sub.student, sub.source, NOT_GRADED, sub.problem, submitted_at)
        student = sub.student or ""
        generated, problem = self.generated_items(student)
        items = self.items + generated
        results = [self.score_one(item, sub.answers, sub.attempts.get(item.exercise.id)) for item in items]
        raw = sum((r.earned for r in results), Decimal(0))
        possible = sum((i.points for i in items), Decimal(0))
        days, penalty = a.policy.assess(a.due, submitted_at)
        score = apply_penalty(raw, penalty)
        known = {i.exercise.id for i in items}
        notes = list(sub.notes)
        ignored = [k for k in sub.answers if k not in known]
        if ignored:
            notes.append(f"{len(ignored)} answer(s) to exercises outside this assignment ignored")
        roster_ids = {s.id for s in a.roster}
        if not problem and roster_ids and student not in roster_ids:
            problem = "not on the roster: check the student id, then add the student or import the grade by hand"
        status = CHECK if problem else (LATE if days else GRADED)
        reason = problem or (f"{days} day(s) late: -{penalty:g}%" if days else "")
        return Row(student, sub.source, status, reason, submitted_at, days, penalty, raw, possible, score, results,
                   notes)


# ----------------------------------------------------------------------------------------------- readable text

def readable_response(ex: Exercise, response: Any) -> str:
    """A student's response as a person reads it; never raises."""
    try:
        def pick(pool: tuple[str, ...], i: Any) -> str:
            return pool[i] if isinstance(i, int) and not isinstance(i, bool) and 0 <= i < len(pool) else f"#{i}"

        if ex.type == "single":
            return pick(ex.options, response)
        if ex.type == "multiple" and isinstance(response, list):
            return "; ".join(pick(ex.options, i) for i in response) or "(nothing selected)"
        if ex.type == "ordering" and isinstance(response, list):
            return " → ".join(pick(ex.options, i) for i in response)
        if ex.type == "matching" and isinstance(response, list):
            return "; ".join(f"{term} → {pick(ex.right, i)}" for term, i in zip(ex.left, response, strict=False))
        if ex.type == "claim" and isinstance(response, list):
            return "; ".join(f"{item}: {value}" for (item, _l, _k), value in zip(ex.fields, response, strict=False))
        if ex.type == "spot" and isinstance(response, list):
            return "; ".join(pick(tuple(candidates(ex.note)), i) for i in response) or "(nothing selected)"
        if isinstance(response, str):
            return response
        return json.dumps(response, ensure_ascii=False)
    except Exception:  # noqa: BLE001
        return printable(repr(response), 200)


def _code(text: str, limit: int = 300) -> str:
    text = printable(str(text).replace("`", "'").replace("\n", " "), limit)
    return f"`{text}`" if text else "(blank)"


def _quote(prompt: str, limit: int = 800) -> list[str]:
    """An exercise's prompt as a Markdown block quote, one line per paragraph."""
    paragraphs = [" ".join(p.split()) for p in prompt.split("\n\n") if p.strip()]
    text, out = 0, []
    for p in paragraphs:
        if text + len(p) > limit:
            out.append("> " + printable(p, max(40, limit - text)))
            break
        out.append("> " + p)
        text += len(p)
    return [line for pair in zip(out, [">"] * len(out), strict=True) for line in pair][:-1]


def feedback_markdown(row: Row, assignment: Assignment) -> str:
    a = assignment
    lines = [f"# {a.title}: feedback for {row.student}", ""]
    if row.status == NOT_GRADED:
        lines += [f"Your file `{row.source}` could not be graded: {row.reason}", "",
                  "Your instructor will be in touch; you may be asked to hand in again.", ""]
        return "\n".join(lines)
    when = row.submitted_at.isoformat(timespec="minutes") if row.submitted_at else "unknown"
    lines += [f"- Assignment: `{a.id}`, due {a.due.isoformat(timespec='minutes')}",
              f"- Handed in: {when}",
              f"- Score: **{lms.number(row.score or 0)} / {lms.number(row.possible)}** "
              f"({row.right} of {len(row.results)} exercises right)"]
    if row.days_late:
        lines.append(f"- Late: {row.days_late} day(s), -{row.penalty:g}% (raw score {lms.number(row.raw or 0)})")
    if row.status == CHECK:
        lines.append(f"- Note: {row.reason}")
    lines += [f"- Grading: {a.scoring.describe()}.", ""]
    for heading, wanted in (("What was right", ("right",)), ("Partly right", ("partial",)),
                            ("What was wrong", ("wrong", "unreadable")), ("Not answered", ("unanswered",))):
        chosen = [r for r in row.results if r.status in wanted]
        if not chosen:
            continue
        lines += [f"## {heading}", ""]
        for r in chosen:
            ex, answer = r.item.exercise, r.item.answer
            lines += [f"### {ex.id} ({lms.number(r.earned)} / {lms.number(r.item.points)})", "",
                      *_quote(ex.prompt), ""]
            if r.status != "unanswered":
                lines.append(f"- Your answer: {_code(readable_response(ex, r.response))}")
            if r.credit.attempts > 1 or r.credit.note:
                lines.append(f"- Attempts: {r.credit.attempts}; graded: attempt {r.credit.attempt}"
                             + (f" ({r.credit.note})" if r.credit.note else ""))
            if r.status != "right":
                lines.append(f"- Feedback: {r.message}")
                lines.append(f"- Answer: {_code(readable_answer(ex, answer.answer))}")
            lines += [f"- Explanation: {' '.join(answer.explanation.split())}"]
            if answer.source:
                lines.append(f"- Source: {answer.source}")
            lines.append("")
    return "\n".join(lines)


# -------------------------------------------------------------------------------------------------- summaries

def histogram(percents: list[float], width: int = 40) -> list[str]:
    """A text histogram of scores in ten-point bands (90-100 includes 100)."""
    bands = Counter(min(9, int(p // 10)) if p >= 0 else 0 for p in percents)
    top = max(bands.values(), default=0)
    lines = []
    for band in range(9, -1, -1):
        n = bands.get(band, 0)
        bar = "#" * (round(width * n / top) if top else 0)
        label = f"{band * 10:>3}-{band * 10 + 9 if band < 9 else 100:<3}"
        lines.append(f"{label} | {bar} {n}")
    return lines


def difficulty(rows: list[Row]) -> list[dict[str, Any]]:
    """Per exercise (generated questions per kind): answered, right, % right, discrimination, common wrong answer."""
    graded = [r for r in rows if r.results]
    stats: dict[str, dict[str, Any]] = {}
    totals = {id(r): float(r.raw or 0) for r in graded}
    for row in graded:
        for res in row.results:
            key = res.item.exercise.id if res.item.chapter != "generated" else f"generated: {res.item.kind}"
            entry = stats.setdefault(key, {"exercise": key, "chapter": res.item.chapter,
                                           "type": res.item.exercise.type, "points": float(res.item.points),
                                           "graded": 0, "answered": 0, "right": 0, "pairs": [], "wrong": Counter()})
            entry["graded"] += 1
            entry["answered"] += res.status != "unanswered"
            entry["right"] += res.status == "right"
            entry["pairs"].append((1.0 if res.status == "right" else 0.0, totals[id(row)] - float(res.earned)))
            if res.status == "wrong" and res.item.chapter != "generated" and res.item.exercise.type in (
                    "single", "code", "numeric"):
                entry["wrong"][readable_response(res.item.exercise, res.response).strip().upper()[:60]] += 1
    out = []
    for entry in stats.values():
        xs = [p[0] for p in entry["pairs"]]
        ys = [p[1] for p in entry["pairs"]]
        try:
            disc = round(statistics.correlation(xs, ys), 2) if len(xs) > 2 else None
        except statistics.StatisticsError:
            disc = None  # everyone right, everyone wrong, or all the same total
        common = entry["wrong"].most_common(1)
        out.append({"exercise": entry["exercise"], "chapter": entry["chapter"], "type": entry["type"],
                    "points": entry["points"], "graded": entry["graded"], "answered": entry["answered"],
                    "right": entry["right"],
                    "percent_right": round(100 * entry["right"] / entry["graded"], 1) if entry["graded"] else None,
                    "discrimination": disc,
                    "common_wrong_answer": f"{common[0][0]} ({common[0][1]})" if common else ""})
    return out


def summary(rows: list[Row], assignment: Assignment, time_source: str, graded_at: str) -> dict[str, Any]:
    scored = [r for r in rows if r.percent is not None and r.status != NOT_GRADED]
    percents = [r.percent for r in scored if r.percent is not None]
    counts = Counter(r.status for r in rows)
    return {
        "assignment": assignment.id,
        "title": assignment.title,
        "graded_at": graded_at,
        "due": assignment.manifest["due"],
        "late_policy": assignment.policy.describe(),
        "time_source": time_source,
        "files": sum(1 for r in rows if r.status != MISSING),
        "counts": {k: counts.get(k, 0) for k in (GRADED, LATE, CHECK, NOT_GRADED, MISSING)},
        "needs_attention": [{"student": r.student, "file": r.source, "reason": r.reason} for r in rows if r.attention],
        "points_possible": float(assignment.points_possible),
        "mean_percent": round(statistics.fmean(percents), 1) if percents else None,
        "median_percent": round(statistics.median(percents), 1) if percents else None,
        "histogram": histogram(percents),
        "exercises": difficulty(scored),
    }


def summary_markdown(data: dict[str, Any]) -> str:
    c = data["counts"]
    lines = [f"# Grading summary: {data['title']} (`{data['assignment']}`)", "",
             f"Graded {data['graded_at']}. Due {data['due']}. Late policy: {data['late_policy']}. "
             f"Submission times: {data['time_source']}.", "",
             f"- Files read: {data['files']}",
             f"- Graded on time: {c[GRADED]}; graded late: {c[LATE]}",
             f"- Graded but need a check: {c[CHECK]}; not graded: {c[NOT_GRADED]}",
             f"- On the roster with no submission: {c[MISSING]}",
             f"- Mean score: {data['mean_percent'] if data['mean_percent'] is not None else '-'}%; "
             f"median: {data['median_percent'] if data['median_percent'] is not None else '-'}%", ""]
    if data["needs_attention"]:
        lines += ["## Needs attention", "", "| student | file | reason |", "|---|---|---|"]
        for n in data["needs_attention"]:
            lines.append(f"| {n['student'] or '-'} | {_cell(n['file'])} | {_cell(n['reason'])} |")
        lines.append("")
    lines += ["## Score histogram (percent of points possible)", "", "```", *data["histogram"], "```", "",
              "## Exercise difficulty", "",
              "Percent right among graded submissions (lowest first); discrimination is the correlation between "
              "getting the exercise right and the rest of the score (below 0.2: the exercise does not separate "
              "stronger from weaker students; negative: check the key).", "",
              "| exercise | chapter | type | points | answered | right | % right | discrimination | common wrong "
              "answer |", "|---|---|---|---|---|---|---|---|---|"]
    for e in sorted(data["exercises"], key=lambda e: (e["percent_right"] is None, e["percent_right"] or 0)):
        disc = "-" if e["discrimination"] is None else f"{e['discrimination']:.2f}"
        pct = "-" if e["percent_right"] is None else f"{e['percent_right']:g}"
        lines.append(f"| {e['exercise']} | {e['chapter']} | {e['type']} | {e['points']:g} | {e['answered']} | "
                     f"{e['right']} | {pct} | {disc} | {_cell(e['common_wrong_answer'])} |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return printable(str(text), 200).replace("|", "\\|")


def _safe_cell(value: Any) -> str:
    """A report cell that a spreadsheet will not read as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not re.fullmatch(r"-?\d+(\.\d+)?", text) \
        else text


def report_csv(rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(REPORT_COLUMNS)
    for r in rows:
        writer.writerow([_safe_cell(v) for v in (
            r.student or "", r.source, r.status, "yes" if r.attention else "no", r.reason,
            r.submitted_at.isoformat(timespec="seconds") if r.submitted_at else "", r.days_late or "",
            f"{r.penalty:g}" if r.penalty else "", lms.number(r.raw) if r.raw is not None else "",
            lms.number(r.possible) if r.possible else "", lms.number(r.score) if r.score is not None else "",
            f"{r.percent:.1f}" if r.percent is not None else "", r.answered if r.results else "",
            r.right if r.results else "", "; ".join(r.notes))])
    return out.getvalue()


# ------------------------------------------------------------------------------------------------------ running

@dataclass
class Options:
    """What an instructor can change at grading time."""

    policy: LatePolicy | None = None  # None: the assignment's own
    times: Path | None = None  # CSV: student_id, submitted_at (ISO 8601) from the LMS
    max_bytes: int = DEFAULT_MAX_BYTES
    canvas_assignment_id: str | None = None
    missing_zero: bool = False


@dataclass
class Outcome:
    rows: list[Row]
    summary: dict[str, Any]
    out: Path
    earlier: Path | None

    @property
    def needs_attention(self) -> bool:
        return any(r.attention for r in self.rows)


def read_times(path: Path) -> dict[str, datetime]:
    """Submission times the LMS recorded: a CSV with ``student_id`` and ``submitted_at`` columns."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise WorkbookError(f"{path}: cannot be read ({exc.strerror}).") from None
    except UnicodeDecodeError:
        raise WorkbookError(f"{path}: is not UTF-8 text.") from None
    reader = csv.DictReader(io.StringIO(text))
    fields = {(f or "").strip().lower(): f for f in reader.fieldnames or []}
    if "student_id" not in fields or "submitted_at" not in fields:
        raise WorkbookError(f"{path}: needs the columns student_id and submitted_at (ISO 8601, e.g. "
                            "2027-02-01T22:15:00-06:00).")
    out = {}
    for line, row in enumerate(reader, start=2):
        sid = (row.get(fields["student_id"]) or "").strip()
        moment = parse_instant(row.get(fields["submitted_at"]) or "")
        if not sid or moment is None:
            raise WorkbookError(f"{path}, line {line}: needs a student id and a time such as 2027-02-01T22:15:00Z.")
        out[sid] = moment
    return out


def _move_earlier(out: Path) -> Path | None:
    """Move an earlier run's outputs into history/<its time>/; return that folder (None if there was none)."""
    present = [out / name for name in OUTPUTS if (out / name).exists()]
    if not present:
        return None
    stamp = ""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        stamp = json.loads((out / "summary.json").read_text(encoding="utf-8")).get("graded_at", "")
    moment = parse_instant(stamp) or datetime.fromtimestamp(present[0].stat().st_mtime, tz=UTC)
    base = out / "history" / moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    target, n = base, 1
    while target.exists():
        n += 1
        target = base.with_name(f"{base.name}-{n}")
    target.mkdir(parents=True)
    for item in present:
        os.replace(item, target / item.name)
    return target


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="")


def _name_keys(name: str) -> set[str]:
    """Ways an LMS writes one person's name: its words in any order ("Sample, Ben" = "Ben Sample"), and Canvas's
    lastfirst run-together form ("sampleben")."""
    words = re.findall(r"[a-z0-9]+", name.lower())
    if not words:
        return set()
    keys = {" ".join(sorted(words)), "".join(words), "".join(words[-1:] + words[:-1])}
    return keys


def resolver(roster: list[Student]) -> Resolver:
    """Find the roster student an LMS bulk-download name means: Canvas by its user id (the roster's canvas_id,
    else the lastfirst name), Moodle by full name; None when no single student matches."""
    by_canvas = {s.canvas_id: s.id for s in roster if s.canvas_id}
    by_name: dict[str, set[str]] = {}
    for s in roster:
        for key in _name_keys(s.name):
            by_name.setdefault(key, set()).add(s.id)

    def resolve(name: LmsName) -> str | None:
        if name.lms == "canvas" and name.user in by_canvas:
            return by_canvas[name.user]
        words = re.findall(r"[a-z0-9]+", name.person.lower())
        found = by_name.get(" ".join(sorted(words)), set()) | by_name.get("".join(words), set())
        return next(iter(found)) if len(found) == 1 else None

    return resolve


def feedback_text(row: Row) -> str:
    """The feedback an LMS column carries (Moodle's Feedback): the score, what to review, lateness."""
    score = row.score if row.score is not None else Decimal(0)
    parts = [f"Score {lms.number(score)} / {lms.number(row.possible)} ({row.right} of {len(row.results)} "
             "exercises right)."]
    partly = [r.item.exercise.id for r in row.results if r.status == "partial"]
    review = [r.item.exercise.id for r in row.results if r.status in ("wrong", "unreadable")]
    blank = [r.item.exercise.id for r in row.results if r.status == "unanswered"]
    for label, ids in (("Partly right", partly), ("To review", review), ("Not answered", blank)):
        if ids:
            parts.append(f"{label}: {', '.join(ids[:12])}{' and more' if len(ids) > 12 else ''}.")
    if row.days_late:
        parts.append(f"Late {row.days_late} day(s): -{row.penalty:g}%.")
    if row.reason and row.status == CHECK:
        parts.append(f"Note: {row.reason}.")
    parts.append("Your feedback file explains each exercise.")
    return " ".join(parts)


def feedback_bundle(rows: list[Row], assignment: Assignment, system: str) -> bytes:
    """A zip of feedback files named for the LMS's own bulk upload (Canvas re-upload, Moodle feedback files):
    each file starts with the prefix its student's download had. Empty when no file came from that LMS."""
    chosen = [r for r in rows if r.lms is not None and r.lms.lms == system and r.student and r.status != MISSING]
    if not chosen:
        return b""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for r in chosen:
            assert r.lms is not None and r.student
            archive.writestr(f"{r.lms.prefix}_feedback-{r.student}.md", feedback_markdown(r, assignment))
    return out.getvalue()


def check_out(out: Path, submissions: Path) -> None:
    """Refuse an output folder inside the submissions folder: the next run would grade its own outputs."""
    if not submissions.is_dir():
        return
    inside = out.resolve()
    if inside == submissions.resolve() or submissions.resolve() in inside.parents:
        raise WorkbookError(f"--out {out} is inside the submissions folder {submissions}: the next run would read "
                            "the gradebook and feedback as submissions. Choose a folder outside it, e.g. --out grades/")


def run(assignment_path: Path, submissions_path: Path, out: Path, options: Options | None = None,
        progress: Callable[[Iterable[Any], int], Iterable[Any]] | None = None) -> Outcome:
    """Grade every submission; write the outputs; see the module docstring."""
    options = options or Options()
    check_out(Path(out), Path(submissions_path))
    assignment = load_assignment(assignment_path)
    if options.policy is not None:
        assignment.manifest = {**assignment.manifest, "policy": options.policy.to_dict()}
    times = read_times(options.times) if options.times else {}
    subs = read_submissions(Path(submissions_path), assignment.id, options.max_bytes, resolver(assignment.roster))
    grader = Grader(assignment)
    rows: list[Row] = []
    iterator: Iterable[Submission] = progress(subs, len(subs)) if progress else subs
    for sub in iterator:
        when = times.get(sub.student or "") if times else sub.submitted_at
        when = when.astimezone(assignment.due.tzinfo) if when else None  # shown in the due date's zone
        row = grader.grade(sub, when)
        row.lms = sub.lms
        if times and when is None and row.results:
            row.notes.append("no time for this student in --times: no late penalty applied")
        rows.append(row)
    handed_in = {r.student.lower() for r in rows if r.student}
    for student in assignment.roster:
        if student.id.lower() not in handed_in:
            rows.append(Row(student.id, "", MISSING, "no submission", possible=assignment.points_possible))
    rows.sort(key=lambda r: ((r.student or "~").lower(), r.source))

    graded_at = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    time_source = ("the LMS's times (--times)" if times else
                   "file modification times" if Path(submissions_path).is_dir() else "times stored in the zip")
    data = summary(rows, assignment, time_source, graded_at)

    roster = {s.id: s for s in assignment.roster}
    lines = []
    for r in rows:
        if r.attention or not r.student:
            continue
        if r.status == MISSING and not options.missing_zero:
            continue
        s = roster.get(r.student, Student(r.student))
        score = r.score if r.score is not None else Decimal(0)
        note = feedback_text(r) if r.status != MISSING else "No submission."
        lines.append(lms.GradeLine(r.student, score, s.name, s.email, s.section, s.login, note))

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".grading-", dir=out))
    try:
        _write(staging / "gradebook.csv", report_csv(rows))
        _write(staging / "canvas.csv", lms.canvas_csv(lines, assignment.title, assignment.points_possible,
                                                      options.canvas_assignment_id))
        _write(staging / "moodle.csv", lms.moodle_csv(lines, assignment.title))
        (staging / "feedback").mkdir()
        written = set()
        for r in rows:
            if r.student and r.status != MISSING and r.student.lower() not in written:
                written.add(r.student.lower())
                _write(staging / "feedback" / f"{r.student}.md", feedback_markdown(r, assignment))
        for system in ("canvas", "moodle"):
            bundle = feedback_bundle(rows, assignment, system)
            if bundle:
                (staging / f"feedback-{system}.zip").write_bytes(bundle)
        _write(staging / "summary.md", summary_markdown(data))
        _write(staging / "summary.json", json.dumps(data, indent=1) + "\n")
        earlier = _move_earlier(out)
        for name in OUTPUTS:
            if (staging / name).exists():
                os.replace(staging / name, out / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Outcome(rows, data, out, earlier)


def model_answers(assignment: Assignment, student: str) -> dict[str, Any]:
    """The answers a student who gets everything right hands in (for checking a setup, tests and benchmarks)."""
    from workbook.exercises.answers import key_response

    grader = Grader(assignment)
    items = grader.items + grader.generated_items(student)[0]
    return {i.exercise.id: key_response(i.exercise, i.answer.answer) for i in items}
