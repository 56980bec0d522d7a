"""Exercise banks as data: loading and validating the student-side YAML files."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from workbook.errors import BankError

TYPES_WITH_OPTIONS = {"single", "multiple", "ordering"}
MAX_BANK_BYTES = 2_000_000


@dataclass(frozen=True)
class Exercise:
    """One exercise as a student sees it: no answer, only salted hashes in ``check``."""

    id: str
    type: str
    prompt: str
    bank: str
    title: str = ""
    options: tuple[str, ...] = ()
    left: tuple[str, ...] = ()
    right: tuple[str, ...] = ()
    fields: tuple[tuple[str, str, str], ...] = ()  # claim: (CMS-1500 item, label, kind)
    note: str = ""  # spot: a synthetic note with [bracketed] candidate phrases
    unit: str = ""
    decimals: int = 2
    system: str = ""
    points: float = 1.0
    domains: tuple[str, ...] = ()
    case: bool = False
    topics: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()
    check: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Bank:
    """A chapter's exercises, with the salt that keys its hashes."""

    bank: str
    title: str
    salt: str
    exercises: tuple[Exercise, ...]
    path: Path | None = None

    def get(self, exercise_id: str) -> Exercise:
        for ex in self.exercises:
            if ex.id == exercise_id:
                return ex
        known = ", ".join(ex.id for ex in self.exercises)
        raise BankError(f"Bank {self.bank!r} has no exercise {exercise_id!r}. Its exercises are: {known}.")


def _schema() -> dict[str, Any]:
    text = resources.files("workbook.exercises").joinpath("schema/bank.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def read_yaml(path: Path) -> Any:
    """Read a YAML file, turning every failure into a BankError that names the file."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise BankError(f"{path}: cannot be read ({exc.strerror}). Check the path.") from None
    if size > MAX_BANK_BYTES:
        raise BankError(f"{path}: {size:,} bytes is too large for an exercise file (limit {MAX_BANK_BYTES:,}).")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise BankError(f"{path}: is not UTF-8 text. Save it as UTF-8.") from None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" near line {where.line + 1}" if where is not None else ""
        raise BankError(f"{path}: is not valid YAML{line}: {getattr(exc, 'problem', exc)}.") from None


def _where(data: dict[str, Any], error: jsonschema.ValidationError) -> str:
    parts = list(error.absolute_path)
    if len(parts) >= 2 and parts[0] == "exercises" and isinstance(parts[1], int):
        items = data.get("exercises") or []
        ex = items[parts[1]] if parts[1] < len(items) else {}
        ex_id = ex.get("id") if isinstance(ex, dict) else None
        label = f"exercise {ex_id!r}" if ex_id else f"exercise #{parts[1] + 1}"
        rest = "/".join(str(p) for p in parts[2:])
        return f"{label}{', field ' + rest if rest else ''}"
    return "/".join(str(p) for p in parts) or "top level"


CANDIDATE = re.compile(r"\[([^\[\]]{1,200})\]")


MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def plain(text: str) -> str:
    """Option and label text is shown as written, less Markdown backslash escapes (an author's \\$ is $)."""
    return MARKDOWN_ESCAPE.sub(r"\1", text)


def heading(ex: Exercise) -> tuple[str, str]:
    """('Exercise icdc-05', '1 point · CPC: ICD-10-CM · case'): how both faces title an exercise."""
    points = f"{ex.points:g} point{'s' if ex.points != 1 else ''}"
    tags = [points, ", ".join(ex.domains), "case" if ex.case else ""]
    return f"Exercise {ex.id}", " \u00b7 ".join(t for t in tags if t)


def item_names(ex: Exercise) -> list[str]:
    """How feedback names each part of a partial-credit answer (both faces use these exact words)."""
    if ex.type == "ordering":
        return [f"position {i + 1}" for i in range(len(ex.options))]
    if ex.type == "matching":
        return [plain(term) for term in ex.left]
    if ex.type == "claim":
        return [f"item {item} ({plain(label)})" for item, label, _kind in ex.fields]
    if ex.type == "multiple":
        return [plain(option) for option in ex.options]
    if ex.type == "spot":
        return candidates(ex.note)
    return []


def candidates(note: str) -> list[str]:
    """The [bracketed] phrases of a spot-the-identifier note, in order."""
    return CANDIDATE.findall(note)


def _semantic_errors(ex: dict[str, Any]) -> list[str]:
    kind = ex["type"]
    problems = []
    if kind in TYPES_WITH_OPTIONS and not ex.get("options"):
        problems.append(f"type {kind!r} needs a list of 'options'")
    if kind == "matching" and not (ex.get("left") and ex.get("right")):
        problems.append("type 'matching' needs 'left' (terms) and 'right' (definitions)")
    if kind == "code" and not ex.get("system"):
        problems.append("type 'code' needs 'system': icd10cm, hcpcs or cpt")
    if kind == "claim" and not ex.get("fields"):
        problems.append("type 'claim' needs 'fields' (CMS-1500 items to fill in)")
    if kind == "spot":
        found = candidates(ex.get("note") or "")
        if len(found) < 2:
            problems.append("type 'spot' needs a 'note' with at least two [bracketed] phrases to choose from")
        if len(found) > 40:
            problems.append("a 'spot' note may offer at most 40 [bracketed] phrases")
    for name in ("options", "left", "right"):
        values = ex.get(name) or []
        if len(set(values)) != len(values):
            problems.append(f"'{name}' has a repeated entry")
    return problems


def parse_bank(data: Any, path: Path | None = None) -> Bank:
    """Validate parsed YAML against the schema and the rules a schema cannot say."""
    where = str(path) if path else "bank"
    if not isinstance(data, dict):
        raise BankError(f"{where}: must be a mapping with 'bank', 'title' and 'exercises'.")
    errors = sorted(jsonschema.Draft202012Validator(_schema()).iter_errors(data), key=lambda e: e.path)
    if errors:
        first = errors[0]
        raise BankError(f"{where}: {_where(data, first)}: {first.message}.")
    if path is not None and path.stem != data["bank"]:
        raise BankError(f"{where}: declares bank {data['bank']!r} but the file is named {path.name}.")
    seen: set[str] = set()
    exercises = []
    for raw in data["exercises"]:
        if raw["id"] in seen:
            raise BankError(f"{where}: exercise {raw['id']!r} appears twice; ids must be unique.")
        seen.add(raw["id"])
        problems = _semantic_errors(raw)
        if problems:
            raise BankError(f"{where}: exercise {raw['id']!r}: {'; '.join(problems)}.")
        tags = raw.get("tags") or {}
        exercises.append(
            Exercise(
                id=raw["id"],
                type=raw["type"],
                prompt=raw["prompt"].strip(),
                bank=data["bank"],
                title=raw.get("title", ""),
                options=tuple(raw.get("options") or ()),
                left=tuple(raw.get("left") or ()),
                right=tuple(raw.get("right") or ()),
                fields=tuple((f["item"], f["label"], f.get("kind", "text")) for f in raw.get("fields") or ()),
                note=raw.get("note", ""),
                unit=raw.get("unit", ""),
                decimals=raw.get("decimals", 2),
                system=raw.get("system", ""),
                points=float(raw.get("points", 1)),
                domains=tuple(tags.get("domains") or ()),
                case=bool(tags.get("case", False)),
                topics=tuple(tags.get("topics") or ()),
                hints=tuple(raw.get("hints") or ()),
            )
        )
    return Bank(data["bank"], data["title"], "", tuple(exercises), path)


def checks_path(bank_path: Path) -> Path:
    """Where the generated salt and hashes of a bank live: beside it, as JSON."""
    return bank_path.with_name(bank_path.stem + ".checks.json")


def _read_checks(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BankError(f"{path}: cannot be read ({exc}). Regenerate it: python -m workbook keys") from None
    if not isinstance(data, dict) or not isinstance(data.get("checks"), dict):
        raise BankError(f"{path}: is not a checks file. Regenerate it: python -m workbook keys")
    return data


def with_checks(bank: Bank, data: dict[str, Any]) -> Bank:
    """Attach a bank's salt and per-exercise hashes (from its checks file) to the exercises."""
    checks = data.get("checks", {})
    exercises = tuple(replace(ex, check=dict(checks.get(ex.id) or {})) for ex in bank.exercises)
    return replace(bank, salt=str(data.get("salt", "")), exercises=exercises)


def load_bank(path: Path) -> Bank:
    """Load and validate one bank file, with its generated checks when they exist."""
    bank = parse_bank(read_yaml(path), path)
    return with_checks(bank, _read_checks(checks_path(path)))
