"""A learner's results, kept in a local JSON file: what was tried, what was right, and the answers to hand in."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from workbook.errors import WorkbookError
from workbook.exercises.keys import write_json_atomic
from workbook.exercises.spec import Exercise

PROGRESS_ENV = "WORKBOOK_PROGRESS_DIR"
FORMAT = "workbook-progress/1"
EXPORT_FORMAT = "workbook-answers/1"
MAX_PROGRESS_BYTES = 5_000_000
LEARNER = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")
ASSIGNMENT = re.compile(r"^[a-z0-9][a-z0-9-]{0,60}$")
MAX_HISTORY = 50  # the earliest checks are kept: a first-attempt policy grades the first


def progress_dir() -> Path:
    """$WORKBOOK_PROGRESS_DIR, else ~/.workbook: outside the book, so a fresh copy of the book keeps it."""
    return Path(os.environ.get(PROGRESS_ENV) or Path.home() / ".workbook").expanduser()


def check_learner(learner: str) -> str:
    if not isinstance(learner, str) or not LEARNER.match(learner):
        raise WorkbookError(
            f"{str(learner)[:40]!r} cannot be a learner id: use 1-64 letters, digits, '.', '_', '-' or '@' "
            "(for example your student id)."
        )
    return learner


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Result:
    """One exercise's record: attempts so far, whether it was ever right, and the last response."""

    bank: str
    points: float
    domains: list[str]
    attempts: int = 0
    correct: bool = False
    response: Any = None
    updated: str = ""
    history: list[dict[str, Any]] = field(default_factory=list)  # the first MAX_HISTORY checks: at, response, correct

    def attempts_record(self) -> list[dict[str, Any]]:
        """The checked responses with their times, as a hand-in file records them."""
        return [{"at": h["at"], "response": h["response"]} for h in self.history]


@dataclass
class Progress:
    """Results for one learner; every change is written through to disk, atomically."""

    learner: str
    path: Path
    results: dict[str, Result] = field(default_factory=dict)
    notice: str = ""

    @classmethod
    def open(cls, learner: str = "me", folder: Path | None = None, assignment: str = "") -> Progress:
        """Load a learner's file (an assignment's own, when given: practice never leaks into graded work);
        a damaged one is kept aside under a new name, never overwritten."""
        check_learner(learner)
        folder = folder or progress_dir()
        if assignment:
            if not ASSIGNMENT.match(assignment):
                raise WorkbookError(f"{assignment[:40]!r} is not an assignment id (lower-case letters, digits, '-').")
            folder = folder / "assignments" / assignment
        path = folder / f"progress-{learner}.json"
        progress = cls(learner, path)
        if path.exists():
            try:
                progress.results = _parse(path, learner)
            except WorkbookError as exc:
                aside = path.with_name(f"{path.stem}.damaged-{datetime.now(UTC):%Y%m%dT%H%M%S}.json")
                os.replace(path, aside)
                progress.notice = f"{exc} It was kept as {aside.name}; a new progress file was started."
        return progress

    def record(self, ex: Exercise, response: Any, correct: bool, counted: bool = True) -> Result:
        """Note one checked answer (``counted`` is False for input that could not be read)."""
        result = self.results.get(ex.id) or Result(ex.bank, ex.points, list(ex.domains))
        now = _now()
        if counted:
            result.attempts += 1
            result.response = _jsonable(response)
            if len(result.history) < MAX_HISTORY:
                result.history.append({"at": now, "response": result.response, "correct": correct})
        result.correct = result.correct or correct
        result.updated = now
        self.results[ex.id] = result
        self.save()
        return result

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "format": FORMAT,
            "learner": self.learner,
            "results": {k: vars(v) for k, v in sorted(self.results.items())},
        }
        write_json_atomic(self.path, data)

    def export(self, path: Path, assignment: str = "") -> Path:
        """The answers file an instructor collects: last responses only, no scores (the grader decides)."""
        data = {
            "format": EXPORT_FORMAT,
            "learner": self.learner,
            "assignment": assignment,
            "exported": _now(),
            "answers": {k: v.response for k, v in sorted(self.results.items()) if v.attempts},
            "attempts": {k: v.attempts_record() for k, v in sorted(self.results.items()) if v.history},
        }
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_json_atomic(path, data)
        return path

    def frame(self) -> Any:
        """One row per exercise tried, for summaries and charts."""
        import pandas as pd

        rows = [
            {"exercise": k, "bank": r.bank, "points": r.points, "earned": r.points if r.correct else 0.0,
             "attempts": r.attempts, "correct": r.correct, "domains": ", ".join(r.domains) or "(none)"}
            for k, r in sorted(self.results.items())
        ]
        columns = ["exercise", "bank", "points", "earned", "attempts", "correct", "domains"]
        return pd.DataFrame(rows, columns=columns)

    def summary(self, by: str = "bank") -> Any:
        """Points earned against points tried, per chapter (``bank``) or per exam domain (``domain``)."""
        frame = self.frame()
        if by == "domain":
            frame = frame.assign(domain=frame["domains"].str.split(", ")).explode("domain")
            key = "domain"
        elif by == "bank":
            key = "bank"
        else:
            raise WorkbookError("Summarise by 'bank' (chapter) or 'domain' (certification exam domain).")
        grouped = frame.groupby(key).agg(tried=("exercise", "count"), right=("correct", "sum"),
                                         points=("points", "sum"), earned=("earned", "sum"))
        grouped["percent"] = (100 * grouped["earned"] / grouped["points"]).round(0)
        return grouped

    def plot(self, by: str = "bank") -> Any:
        """A bar chart of the percentage earned, per chapter or domain."""
        import matplotlib.pyplot as plt

        table = self.summary(by)
        fig, ax = plt.subplots(figsize=(7, 0.5 + 0.45 * max(len(table), 1)))
        ax.barh(table.index.astype(str), table["percent"], color="#1d4ed8")
        ax.set_xlim(0, 100)
        ax.set_xlabel("percent of points earned on exercises tried")
        ax.set_title(f"Progress by {'chapter' if by == 'bank' else 'exam domain'}")
        fig.tight_layout()
        return fig


    def overview(self) -> None:
        """Show the tables and charts in a notebook, or say plainly that nothing is recorded yet."""
        from IPython.display import Markdown, display

        if self.notice:
            display(Markdown(f"**Note:** {self.notice}"))
        if not self.results:
            display(Markdown(f"No answers recorded yet for learner `{self.learner}` (looked in `{self.path}`). "
                             "Work some exercises, then run this cell again."))
            return
        for by in ("bank", "domain"):
            display(self.summary(by))
            display(self.plot(by))


def _jsonable(value: Any) -> Any:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return str(value)[:200]
    if isinstance(value, str):
        return value[:200]
    return value


def _parse(path: Path, learner: str) -> dict[str, Result]:
    """Read a progress file, rejecting anything damaged or edited into a shape this code did not write."""
    if path.stat().st_size > MAX_PROGRESS_BYTES:
        raise WorkbookError(f"The progress file {path.name} is too large to be genuine.")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise WorkbookError(f"The progress file {path.name} is damaged (not valid JSON).") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("learner") != learner:
        raise WorkbookError(f"The progress file {path.name} is not a {FORMAT} file for learner {learner!r}.")
    results = {}
    raw = data.get("results")
    if not isinstance(raw, dict):
        raise WorkbookError(f"The progress file {path.name} has no results table.")
    for key, entry in raw.items():
        try:
            result = Result(**entry)
        except TypeError:
            raise WorkbookError(f"The progress file {path.name} has a malformed entry for {key!r}.") from None
        ok = (isinstance(result.attempts, int) and result.attempts >= 0 and isinstance(result.correct, bool)
              and isinstance(result.points, int | float) and isinstance(result.domains, list)
              and isinstance(result.history, list) and len(result.history) <= MAX_HISTORY
              and all(isinstance(h, dict) and {"at", "response", "correct"} <= set(h) for h in result.history))
        if not ok:
            raise WorkbookError(f"The progress file {path.name} has impossible values for {key!r}.")
        results[key] = result
    return results
