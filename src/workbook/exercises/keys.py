"""Answer keys (kept in solutions/) and the salted hashes the student side carries instead of them."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from workbook.errors import AnswerError, BankError
from workbook.exercises.answers import code_response, format_number, parse_number, response_key
from workbook.exercises.sealed import seal
from workbook.exercises.spec import Bank, Exercise, checks_path, load_bank, read_yaml, with_checks
from workbook.paths import banks_dir, keys_dir

HASH_CHARS = 16
MAX_TOLERANCE_STEPS = 200


def digest(salt: str, exercise_id: str, value: str) -> str:
    """The salted hash both faces compute; the browser's copy lives in static/workbook.js."""
    text = f"{salt}|{exercise_id}|{value}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_CHARS]


@dataclass(frozen=True)
class Answer:
    """One exercise's key: what is right, why, and where the rule comes from."""

    exercise_id: str
    answer: Any
    explanation: str
    source: str = ""
    tolerance: Decimal = Decimal(0)


def load_key(path: Path, bank: Bank) -> dict[str, Answer]:
    """Load a bank's key and prove it covers exactly the bank's exercises."""
    data = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        raise BankError(f"{path}: must be a mapping with 'bank' and 'answers'.")
    if data.get("bank") != bank.bank:
        raise BankError(f"{path}: is the key of {data.get('bank')!r}, not of bank {bank.bank!r}.")
    answers = data["answers"]
    ids = {ex.id for ex in bank.exercises}
    missing = sorted(ids - set(answers))
    extra = sorted(set(answers) - ids)
    if missing:
        raise BankError(f"{path}: has no answer for exercise(s) {', '.join(missing)}.")
    if extra:
        raise BankError(f"{path}: answers exercise(s) {', '.join(map(str, extra))} that the bank does not have.")
    out = {}
    for ex_id, entry in answers.items():
        if not isinstance(entry, dict) or "answer" not in entry:
            raise BankError(f"{path}: exercise {ex_id!r}: give 'answer' and 'explanation'.")
        explanation = str(entry.get("explanation") or "").strip()
        if not explanation:
            raise BankError(f"{path}: exercise {ex_id!r}: the explanation is missing; say why the answer is right.")
        try:
            tolerance = Decimal(str(entry.get("tolerance", 0)))
        except ArithmeticError:
            raise BankError(f"{path}: exercise {ex_id!r}: tolerance must be a number.") from None
        if tolerance < 0:
            raise BankError(f"{path}: exercise {ex_id!r}: tolerance cannot be negative.")
        out[ex_id] = Answer(ex_id, entry["answer"], explanation, str(entry.get("source") or ""), tolerance)
    return out


def canonical_answer(ex: Exercise, answer: Answer) -> str:
    """The key's answer in the same canonical form a right response reduces to."""
    from workbook.exercises.answers import key_response

    try:
        return response_key(ex, key_response(ex, answer.answer))
    except AnswerError as exc:
        raise BankError(f"exercise {ex.id!r}: the key's answer cannot be read: {exc}") from None


def _numeric_values(ex: Exercise, answer: Answer) -> list[str]:
    """Every canonical value within the tolerance, so a hash can accept a range."""
    centre = parse_number(str(answer.answer))
    step = Decimal(1).scaleb(-ex.decimals)
    steps = int((answer.tolerance / step).to_integral_value(rounding="ROUND_FLOOR"))
    if steps > MAX_TOLERANCE_STEPS:
        raise BankError(
            f"exercise {ex.id!r}: tolerance {answer.tolerance} spans more than {MAX_TOLERANCE_STEPS} steps of "
            f"{step}; lower the tolerance or the decimals."
        )
    base = Decimal(format_number(centre, ex.decimals))
    return [format_number(base + k * step, ex.decimals) for k in range(-steps, steps + 1)]


def make_check(ex: Exercise, answer: Answer, salt: str) -> dict[str, Any]:
    """The hashes one exercise's faces compare against: enough for specific feedback, never the answer."""
    h = lambda value: digest(salt, ex.id, value)  # noqa: E731
    if ex.type == "numeric":
        values = _numeric_values(ex, answer)
        centre = values[len(values) // 2]
        return {"any": [h(v) for v in values], "sealed": seal(explanation_html(answer), centre, values, salt, ex.id)}
    canon = canonical_answer(ex, answer)
    check: dict[str, Any] = {"hash": h(canon), "sealed": seal(explanation_html(answer), canon, [canon], salt, ex.id)}
    if ex.type == "multiple":
        chosen_options = {int(i) for i in canon.split(",") if i}
        check["options"] = [h(f"opt{i}:{int(i in chosen_options)}") for i in range(len(ex.options))]
    if ex.type in ("ordering", "matching"):
        check["positions"] = [h(f"pos{i}:{v}") for i, v in enumerate(canon.split(","))]
    if ex.type == "claim":
        check["positions"] = [h(f"field{i}:{v}") for i, v in enumerate(canon.split("|"))]
    if ex.type == "spot":
        from workbook.exercises.spec import candidates

        chosen = {int(i) for i in canon.split(",") if i}
        check["spots"] = [h(f"spot{i}:{int(i in chosen)}") for i in range(len(candidates(ex.note)))]
    if ex.type == "code":
        code = code_response(ex, answer.answer)
        check["category"] = h(f"cat:{code[:3]}")
        check["prefixes"] = [h(f"pre:{code[:n]}") for n in range(3, len(code))]
        if ex.system == "icd10cm" and len(code) == 7:
            check["stem"] = h(f"stem:{code[:6]}")
        if ex.system == "icd10cm" and len(code) == 7 and "X" in code[3:6]:
            check["placeholder"] = h(f"ph:{code[:6].replace('X', '')}{code[6]}")  # typed without its X
    return check


def explanation_html(answer: Answer) -> str:
    """What a right answer opens: the key's explanation and its source, as the answer key shows them."""
    from html import escape

    from workbook.site.html import markdown

    source = f'<p class="wb-source"><em>Source:</em> {escape(answer.source)}</p>' if answer.source else ""
    return f'<p class="wb-why"><strong>Why.</strong></p>{markdown(answer.explanation)}{source}'


def bank_paths(root: Path | None = None) -> list[Path]:
    return sorted(banks_dir(root).glob("*.yml"))


def build_checks(bank: Bank, key: dict[str, Answer], salt: str) -> dict[str, Any]:
    return {
        "bank": bank.bank,
        "salt": salt,
        "note": "Generated by `python -m workbook keys` from solutions/keys. Do not edit.",
        "checks": {ex.id: make_check(ex, key[ex.id], salt) for ex in bank.exercises},
    }


def write_json_atomic(path: Path, data: Any) -> None:
    """Write a whole file or nothing: a crash never leaves half a file behind."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=1, sort_keys=True)
            handle.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def regenerate(root: Path | None = None) -> list[str]:
    """Rewrite every bank's checks from its key, keeping an existing salt; return the bank names."""
    done = []
    for path in bank_paths(root):
        bank = load_bank(path)
        key = load_key(keys_dir(root) / path.name, bank)
        salt = bank.salt or secrets.token_hex(8)
        write_json_atomic(checks_path(path), build_checks(bank, key, salt))
        done.append(bank.bank)
    return done


def verify(root: Path | None = None) -> list[str]:
    """Every disagreement between a bank's stored hashes and its key, named by exercise."""
    problems = []
    for path in bank_paths(root):
        try:
            bank = load_bank(path)
            key_path = keys_dir(root) / path.name
            if not key_path.exists():
                problems.append(f"{bank.bank}: no key at {key_path}")
                continue
            key = load_key(key_path, bank)
            if not bank.salt:
                problems.append(f"{bank.bank}: no checks file; run python -m workbook keys")
                continue
            expected = build_checks(bank, key, bank.salt)["checks"]
        except BankError as exc:
            problems.append(str(exc))
            continue
        for ex in bank.exercises:
            if ex.check != expected[ex.id]:
                problems.append(f"{bank.bank}: exercise {ex.id}: stored hashes do not match the key")
    return problems


def load_bank_with_key(path: Path, root: Path | None = None) -> tuple[Bank, dict[str, Answer] | None]:
    """A bank and, when solutions/ is present (instructor or local copy), its key."""
    bank = load_bank(path)
    key_path = keys_dir(root) / path.name
    return bank, (load_key(key_path, bank) if key_path.exists() else None)


__all__ = [
    "Answer",
    "digest",
    "load_key",
    "make_check",
    "regenerate",
    "verify",
    "with_checks",
]
