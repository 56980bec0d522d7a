"""Reading submissions as data: a folder (or zip) of ``<student-id>.json`` / ``<student-id>.ipynb`` files.

An LMS's bulk download is read as it comes: Canvas names each file ``<lastfirst>[_LATE]_<user id>_<submission
id>_<uploaded name>`` (a resubmitted file may gain ``-1``); Moodle ``<Full Name>_<participant id>_assignsubmission_
file_<uploaded name>`` (or a folder of that name holding the uploaded file). The student is found from the roster
(Canvas user id, Moodle full name) and otherwise from the uploaded name; the LMS's prefix is kept so feedback
files can be named for the LMS's own bulk upload.

Nothing in a submission is ever executed, imported or evaluated: files are read as bytes (at most a capped
number), decoded as UTF-8 JSON with the standard library, and only the answers document is kept. Every
problem becomes a reason on that file's row; :func:`parse` never raises, whatever the bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from workbook.course.late import parse_instant
from workbook.course.submit import FORMAT, METADATA_KEY, OPTIONAL, REQUIRED, checksum
from workbook.errors import WorkbookError

DEFAULT_MAX_BYTES = 2_000_000
MAX_FILES = 20_000
MAX_ANSWERS = 2_000
MAX_DEPTH = 4
STUDENT = re.compile(r"^[A-Za-z0-9_@-][A-Za-z0-9_.@-]{0,63}$")
SUFFIXES = (".json", ".ipynb")
JUNK = {".DS_Store", "Thumbs.db", "desktop.ini"}

# Problems, by kind; each reason starts with one of these words so a spreadsheet can filter on it.
UNSAFE, NAME, EMPTY, TOO_LARGE = "unsafe-name", "bad-name", "empty", "too-large"
CORRUPT, TRUNCATED = "corrupt", "truncated"
NOT_ANSWERS, WRONG_ASSIGNMENT, WRONG_STUDENT, TAMPERED, DUPLICATE = (
    "not-answers", "wrong-assignment", "wrong-student", "tampered", "duplicate")


@dataclass(frozen=True)
class LmsName:
    """What an LMS's bulk-download file name says: who, and the prefix its feedback upload matches on."""

    lms: str  # "canvas" or "moodle"
    prefix: str  # a feedback file named <prefix>_<anything> goes back to this student's submission
    user: str  # Canvas user id; Moodle participant id
    person: str  # Canvas lastfirst; Moodle full name
    original: str  # the file name the student uploaded
    late: bool = False  # Canvas marked the submission late


CANVAS_NAME = re.compile(r"^(?P<person>[a-z][a-z0-9-]*?)(?P<late>_LATE)?_(?P<user>[0-9]{1,12})_(?P<sub>[0-9]{1,12})_"
                         r"(?P<orig>.+)$")
MOODLE_NAME = re.compile(r"^(?P<person>.{1,200}?)_(?P<user>[0-9]{1,12})_assignsubmission_(?:file|onlinetext)_"
                         r"(?P<orig>.*)$")


def lms_name(name: str) -> LmsName | None:
    """The LMS reading of a submitted file's name, or None for a plain ``<student-id>.json``."""
    parts = [p for p in re.split(r"[/\\]", name) if p]
    if not parts:
        return None
    base = parts[-1]
    if len(parts) >= 2:
        folder = MOODLE_NAME.match(parts[-2] + "_")
        if folder and not folder.group("orig"):
            person, user = folder.group("person"), folder.group("user")
            return LmsName("moodle", f"{person}_{user}_assignsubmission_file", user, person, base)
    m = MOODLE_NAME.match(base)
    if m and m.group("orig"):
        person, user = m.group("person"), m.group("user")
        return LmsName("moodle", f"{person}_{user}_assignsubmission_file", user, person, m.group("orig"))
    m = CANVAS_NAME.match(base)
    if m:
        return LmsName("canvas", f"{m.group('person')}_{m.group('user')}_{m.group('sub')}", m.group("user"),
                       m.group("person"), m.group("orig"), bool(m.group("late")))
    return None


Resolver = Callable[[LmsName], "str | None"]


@dataclass
class Submission:
    """One file from the submissions folder, read as data: its answers, or why it cannot be graded."""

    source: str  # the name as found, made printable
    student: str | None = None  # the student id the file name gives, when it is a valid one
    kind: str = ""  # "json" or "ipynb"
    size: int = 0
    sha256: str = ""
    submitted_at: datetime | None = None
    answers: dict[str, Any] = field(default_factory=dict)
    attempts: dict[str, list[Any]] = field(default_factory=dict)  # exercise id -> checked responses, in order
    exported: str = ""
    problem: str = ""  # "<kind>: <what is wrong and what to do>"; empty when the file can be graded
    notes: list[str] = field(default_factory=list)
    lms: LmsName | None = None

    @property
    def ok(self) -> bool:
        return not self.problem


def printable(name: str, limit: int = 120) -> str:
    """A file name safe to show in a report: control characters escaped, length capped."""
    shown = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in str(name))
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def check_name(name: str, resolve: Resolver | None = None) -> tuple[str | None, str, str]:
    """(student id, kind, problem) from a file name; the id is None unless it is safe to use in a path.

    An LMS bulk-download name gives the student the roster finds for it (``resolve``), else its uploaded name."""
    if not name or "\x00" in name or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return None, "", f"{UNSAFE}: the file name is an absolute path; it was not read."
    parts = re.split(r"[/\\]", name)
    if any(part in ("..", ".") for part in parts):
        return None, "", f"{UNSAFE}: the file name contains '..' (it points outside the submissions); not read."
    base = parts[-1]
    lms = lms_name(name)
    if lms is not None:
        base = lms.original
    suffix = next((s for s in SUFFIXES if base.lower().endswith(s)), "")
    found = resolve(lms) if lms is not None and resolve is not None else None
    if found and suffix:
        return found, suffix[1:], ""
    stem = base[: -len(suffix)] if suffix else base
    if not suffix:
        return None, "", (f"{NAME}: {printable(base)!r} is not <student-id>.json or <student-id>.ipynb; "
                          "rename it to the student's id.")
    if not STUDENT.match(stem) or ".." in stem:
        return None, suffix[1:], (f"{NAME}: {printable(stem)!r} is not a student id (1-64 letters, digits, "
                                  "'.', '_', '-', '@'); rename the file to the student's id.")
    return stem, suffix[1:], ""


def _no_constants(value: str) -> Any:
    raise ValueError(f"{value} is not allowed in an answers file")


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"the key {key[:40]!r} appears twice")
        out[key] = value
    return out


def _depth_ok(value: Any, depth: int = 0) -> bool:
    if isinstance(value, list):
        return depth < MAX_DEPTH and len(value) <= 100 and all(_depth_ok(v, depth + 1) for v in value)
    if isinstance(value, str):
        return len(value) <= 2_000
    return value is None or isinstance(value, bool | int | float)


def _load_json(text: str) -> tuple[Any, str]:
    """(value, problem): the standard-library JSON parser with duplicate keys and NaN/Infinity refused."""
    try:
        return json.loads(text, object_pairs_hook=_pairs, parse_constant=_no_constants), ""
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
            return None, (f"{TRUNCATED}: the file ends in the middle of its data (line {exc.lineno}); "
                          "it was cut off while saving or uploading: ask for it again.")
        return None, (f"{CORRUPT}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
                      "ask the student to hand in again.")
    except ValueError as exc:  # raised by the hooks above
        return None, f"{TAMPERED}: {exc}; a file written by the hand-in helper never has that."
    except (RecursionError, MemoryError):
        return None, f"{CORRUPT}: the data is nested too deeply to be an answers file."


def _document(value: Any, kind: str) -> tuple[Any, str]:
    """The answers document inside a parsed file: the file itself (.json) or its notebook metadata (.ipynb)."""
    if kind != "ipynb":
        return value, ""
    if not isinstance(value, dict) or not isinstance(value.get("cells"), list) or \
            not isinstance(value.get("metadata"), dict):
        return None, f"{NOT_ANSWERS}: the .ipynb file is not a Jupyter notebook."
    holder = value["metadata"].get(METADATA_KEY)
    doc = holder.get("answers") if isinstance(holder, dict) else None
    if doc is None:
        return None, (f"{NOT_ANSWERS}: the notebook holds no answers (metadata.workbook.answers is missing); the "
                      "student must run the hand-in cell and upload hand-in/<id>.ipynb.")
    return doc, ""


def validate(doc: Any, student: str | None, assignment: str) -> tuple[dict[str, Any], str, list[str]]:
    """(answers, problem, notes) for an answers document: every field checked, nothing trusted."""
    if not isinstance(doc, dict):
        return {}, f"{NOT_ANSWERS}: the file is JSON but not an answers document.", []
    if doc.get("format") != FORMAT:
        shown = printable(str(doc.get("format")), 40)
        return {}, f"{NOT_ANSWERS}: format is {shown!r}, not {FORMAT!r}: it is not a workbook answers file.", []
    missing = [k for k in REQUIRED if k not in doc]
    extra = sorted(k for k in doc if k not in REQUIRED + OPTIONAL)
    if missing:
        return {}, f"{TAMPERED}: missing field(s) {', '.join(missing)}; hand in a file the helper wrote.", []
    if extra:
        shown = ", ".join(printable(k, 30) for k in extra[:5])
        return {}, f"{TAMPERED}: unexpected field(s) {shown}; the hand-in helper never writes them.", []
    learner, answers = doc["learner"], doc["answers"]
    if not isinstance(learner, str) or not STUDENT.match(learner):
        return {}, f"{TAMPERED}: the learner field is not a student id.", []
    if student is not None and learner != student:
        return {}, (f"{WRONG_STUDENT}: the file is named {student} but holds the answers of {printable(learner, 64)}; "
                    "check who handed it in."), []
    if not isinstance(doc["assignment"], str):
        return {}, f"{TAMPERED}: the assignment field is not text.", []
    if doc["assignment"] != assignment:
        shown = printable(doc["assignment"], 60) or "(none)"
        return {}, (f"{WRONG_ASSIGNMENT}: the answers are for {shown!r}, not {assignment!r}; the student handed in "
                    "the wrong file or exported without the assignment's hand-in cell."), []
    if not isinstance(answers, dict):
        return {}, f"{TAMPERED}: 'answers' is not a table of exercise ids and answers.", []
    if len(answers) > MAX_ANSWERS:
        return {}, f"{TAMPERED}: {len(answers):,} answers is more than any assignment has.", []
    bad = [k for k, v in answers.items() if len(k) > 64 or not _depth_ok(v)]
    if bad:
        return {}, f"{TAMPERED}: the answer to {printable(bad[0], 40)!r} is not an answer value.", []
    notes = []
    if "exported" in doc and parse_instant(doc["exported"]) is None:
        return {}, f"{TAMPERED}: 'exported' is not a date and time.", []
    if "checksum" in doc:
        if doc["checksum"] != checksum(doc):
            return {}, (f"{TAMPERED}: the checksum does not match the answers: the file was edited after it was "
                        "handed in (or damaged); ask for the original."), []
    else:
        notes.append("no checksum (exported with Progress.export rather than the hand-in helper)")
    if "attempts" in doc and read_attempts(doc["attempts"]) is None:
        return {}, (f"{TAMPERED}: 'attempts' is not a table of exercise ids and lists of timed responses; "
                    "the hand-in helper never writes that."), []
    return answers, "", notes


MAX_ATTEMPTS = 100


def read_attempts(value: Any) -> dict[str, list[Any]] | None:
    """Exercise id -> the responses checked, in order, from a document's ``attempts``; None if malformed."""
    if not isinstance(value, dict) or len(value) > MAX_ANSWERS:
        return None
    out: dict[str, list[Any]] = {}
    for key, tries in value.items():
        if len(key) > 64 or not isinstance(tries, list) or len(tries) > MAX_ATTEMPTS:
            return None
        responses = []
        for attempt in tries:
            if not isinstance(attempt, dict) or set(attempt) - {"at", "response"} or "response" not in attempt:
                return None
            if not _depth_ok(attempt["response"]) or parse_instant(str(attempt.get("at", ""))) is None:
                return None
            responses.append(attempt["response"])
        out[key] = responses
    return out


def parse(name: str, data: bytes, assignment: str, max_bytes: int = DEFAULT_MAX_BYTES,
          submitted_at: datetime | None = None, size: int | None = None, resolve: Resolver | None = None
          ) -> Submission:
    """Read one submitted file from its name and bytes. Never raises; problems become ``problem``."""
    try:
        return _parse(name, data, assignment, max_bytes, submitted_at, size, resolve)
    except Exception as exc:  # noqa: BLE001 - a last resort: one odd file must never stop the run
        return Submission(printable(name), problem=f"{CORRUPT}: could not be read ({type(exc).__name__}).")


def _parse(name: str, data: bytes, assignment: str, max_bytes: int, submitted_at: datetime | None,
           size: int | None, resolve: Resolver | None = None) -> Submission:
    student, kind, problem = check_name(name, resolve)
    size = len(data) if size is None else size
    lms = lms_name(name)
    sub = Submission(printable(name), student, kind, size, submitted_at=submitted_at, lms=lms)
    if lms is not None and lms.late:
        sub.notes.append("Canvas marked this submission late")
    if problem:
        sub.problem = problem
        return sub
    if size == 0:
        sub.problem = f"{EMPTY}: the file is empty (0 bytes); ask the student to hand in again."
        return sub
    if size > max_bytes or len(data) > max_bytes:
        sub.problem = (f"{TOO_LARGE}: {size:,} bytes is over the {max_bytes:,}-byte limit; an answers file is a few "
                       "kilobytes (raise --max-bytes only if you trust the file).")
        return sub
    sub.sha256 = hashlib.sha256(data).hexdigest()
    if data[:4] == b"PK\x03\x04":
        sub.problem = f"{NOT_ANSWERS}: the file is a zip archive, not an answers file."
        return sub
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        sub.problem = f"{CORRUPT}: not UTF-8 text (a binary or damaged file)."
        return sub
    if not text.strip():
        sub.problem = f"{EMPTY}: the file holds only blank space."
        return sub
    value, problem = _load_json(text)
    if not problem:
        value, problem = _document(value, kind)
    if not problem and lms is not None and student and isinstance(value, dict):
        learner = value.get("learner")
        if isinstance(learner, str) and learner != student and re.sub(r"-[0-9]{1,3}$", "", student) == learner:
            student = sub.student = learner  # Canvas renamed a resubmitted s001.json to s001-1.json
    if not problem:
        sub.answers, problem, notes = validate(value, student, assignment)
        sub.notes += notes
        if not problem and isinstance(value, dict):
            sub.attempts = read_attempts(value.get("attempts", {})) or {}
        if not problem and isinstance(value, dict):
            sub.exported = str(value.get("exported") or "")
    sub.problem = problem
    return sub


def _read_capped(path: Path, max_bytes: int) -> bytes:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as handle:
        return handle.read(max_bytes + 1)


def read_folder(folder: Path, assignment: str, max_bytes: int = DEFAULT_MAX_BYTES, resolve: Resolver | None = None
                ) -> list[Submission]:
    """Every entry of a submissions folder, one Submission each (links, folders and devices are refused)."""
    out = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        raise WorkbookError(f"{folder}: cannot be read ({exc.strerror}).") from None
    if len(entries) > MAX_FILES:
        raise WorkbookError(f"{folder} holds {len(entries):,} entries; at most {MAX_FILES:,} can be graded at once.")
    for entry in entries:
        if entry.name in JUNK or entry.name.startswith("._"):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError as exc:
            out.append(Submission(printable(entry.name), problem=f"{CORRUPT}: cannot be read ({exc.strerror})."))
            continue
        when = datetime.fromtimestamp(info.st_mtime, tz=UTC)
        if stat.S_ISLNK(info.st_mode):
            problem = f"{UNSAFE}: a symbolic link; copy the student's real file into the folder instead."
        elif stat.S_ISDIR(info.st_mode):
            problem = f"{NAME}: a folder; put each student's file directly in the submissions folder."
        elif not stat.S_ISREG(info.st_mode):
            problem = f"{UNSAFE}: not a regular file (a device, pipe or socket); it was not read."
        else:
            problem = ""
        if problem:
            student, kind, _ = check_name(entry.name, resolve)
            out.append(Submission(printable(entry.name), student, kind, problem=problem))
            continue
        student, kind, name_problem = check_name(entry.name, resolve)
        if name_problem or info.st_size == 0 or info.st_size > max_bytes:
            out.append(parse(entry.name, b"", assignment, max_bytes, when, size=info.st_size, resolve=resolve))
            continue
        try:
            data = _read_capped(Path(entry.path), max_bytes)
        except OSError as exc:
            out.append(Submission(printable(entry.name), student, kind, info.st_size,
                                  problem=f"{CORRUPT}: cannot be read ({exc.strerror})."))
            continue
        out.append(parse(entry.name, data, assignment, max_bytes, when, resolve=resolve))
    return out


def read_zip(path: Path, assignment: str, max_bytes: int = DEFAULT_MAX_BYTES, resolve: Resolver | None = None
             ) -> list[Submission]:
    """Every member of a zip of submissions, read in memory (never extracted, so '../' names are harmless)."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise WorkbookError(f"{path}: is not a readable zip archive ({exc}).") from None
    out = []
    with archive:
        members = archive.infolist()
        if len(members) > MAX_FILES:
            raise WorkbookError(f"{path} holds {len(members):,} files; at most {MAX_FILES:,} can be graded at once.")
        for info in members:
            name = info.filename
            base = PurePosixPath(name.replace("\\", "/")).name
            if info.is_dir() or name.startswith("__MACOSX/") or base in JUNK or base.startswith("._"):
                continue
            try:
                when = datetime(*info.date_time).astimezone(UTC)
            except ValueError:
                when = None
            _, _, problem = check_name(name, resolve)
            if problem or info.file_size == 0 or info.file_size > max_bytes:
                out.append(parse(name, b"", assignment, max_bytes, when, size=info.file_size, resolve=resolve))
                continue
            try:
                with archive.open(info) as handle:
                    data = handle.read(max_bytes + 1)
            except (OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError) as exc:
                out.append(Submission(printable(name), problem=f"{CORRUPT}: cannot be unpacked ({exc})."))
                continue
            out.append(parse(name, data, assignment, max_bytes, when, resolve=resolve))
    return out


def read(path: Path, assignment: str, max_bytes: int = DEFAULT_MAX_BYTES, resolve: Resolver | None = None
         ) -> list[Submission]:
    """A submissions folder or zip, with duplicates (two files for one student) marked."""
    path = Path(path)
    if path.is_dir():
        subs = read_folder(path, assignment, max_bytes, resolve)
    elif path.is_file() and path.suffix.lower() == ".zip":
        subs = read_zip(path, assignment, max_bytes, resolve)
    elif path.exists():
        raise WorkbookError(f"{path}: give a folder of submissions (or a .zip of them), not a single file.")
    else:
        raise WorkbookError(f"{path}: no such folder. Give the folder that holds the students' files.")
    mark_duplicates(subs)
    return subs


def mark_duplicates(subs: list[Submission]) -> None:
    """Two or more files for one student (ids compared without case): none is graded, each says why."""
    groups: dict[str, list[Submission]] = {}
    for sub in subs:
        if sub.student:
            groups.setdefault(sub.student.lower(), []).append(sub)
    for group in groups.values():
        if len(group) < 2:
            continue
        names = ", ".join(s.source for s in group)
        for sub in group:
            if not sub.problem or not sub.problem.startswith(DUPLICATE):
                earlier = f" (this one also: {sub.problem})" if sub.problem else ""
                sub.problem = (f"{DUPLICATE}: {len(group)} files for student {sub.student} ({names}); keep the one "
                               f"to grade, remove the others and grade again{earlier}.")
