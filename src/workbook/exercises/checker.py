"""Checking a response against salted hashes, with feedback specific enough to learn from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workbook.errors import AnswerError
from workbook.exercises.answers import response_key
from workbook.exercises.keys import digest
from workbook.exercises.spec import Exercise, item_names

# Feedback categories; the browser's copy (static/workbook.js) uses the same names and messages.
CORRECT = "correct"
INCORRECT = "incorrect"
INVALID = "invalid"
NOT_A_CODE = "not-a-code"
HEADER = "header"
SEVENTH = "seventh"
CATEGORY = "category"
PLACEHOLDER = "placeholder"
PARTIAL = "partial"
UNCHECKED = "unchecked"

MESSAGES = {
    CORRECT: "Correct.",
    INCORRECT: "Not yet. Read the question again, or open a hint.",
    NOT_A_CODE: "That is not a code in the code set. Check each character against the tabular list.",
    HEADER: "That is a category or subcategory heading, not a complete code: more characters are needed.",
    SEVENTH: "The code is right up to the 7th character: the 7th character is missing or wrong.",
    CATEGORY: "Right category, but not the right code: look for a more specific or a different code in it.",
    PLACEHOLDER: ("Almost: the code needs the placeholder X. When a code has fewer than six characters before its "
                  "7th character, X fills each empty position (T14.90 with A becomes T14.90XA)."),
    UNCHECKED: "This exercise has no stored check yet (an author must run: python -m workbook keys).",
}


@dataclass(frozen=True)
class Feedback:
    """What a learner is told: a category the faces style, a sentence, and whether it scores."""

    status: str
    message: str

    @property
    def correct(self) -> bool:
        return self.status == CORRECT


NOUNS = {"ordering": "items are in the right place", "matching": "terms are matched correctly",
         "claim": "fields are right"}


def quoted(names: list[str]) -> str:
    """\u201cA\u201d, \u201cB\u201d: the items feedback names, as both faces print them."""
    return ", ".join(f"\u201c{n}\u201d" for n in names)


def _positions_message(ex: Exercise, canon: str, salt: str) -> Feedback:
    stored = ex.check.get("positions") or []
    sep, tag = ("|", "field") if ex.type == "claim" else (",", "pos")
    values = canon.split(sep)
    names = item_names(ex)
    wrong = [names[i] if i < len(names) else str(i + 1) for i, v in enumerate(values)
             if not (i < len(stored) and digest(salt, ex.id, f"{tag}{i}:{v}") == stored[i])]
    right = len(values) - len(wrong)
    return Feedback(PARTIAL, f"{right} of {len(values)} {NOUNS[ex.type]}. Not yet right: {quoted(wrong)}. "
                             f"Adjust {'it' if len(wrong) == 1 else 'them'} and check again.")


def _choice_message(ex: Exercise, canon: str, salt: str) -> Feedback:
    """Multiple select: which choices do not apply, and how many right ones are still unselected."""
    stored = ex.check.get("options") or []
    chosen = {int(i) for i in canon.split(",") if i}
    applies = [digest(salt, ex.id, f"opt{i}:1") == h for i, h in enumerate(stored)]
    names = item_names(ex)
    wrong = [names[i] for i in sorted(chosen) if i < len(applies) and not applies[i]]
    missing = sum(1 for i, yes in enumerate(applies) if yes and i not in chosen)
    parts = []
    if wrong:
        parts.append(f"{'This choice does' if len(wrong) == 1 else 'These choices do'} not apply: {quoted(wrong)}")
    if missing:
        parts.append(f"{missing} right {'choice is' if missing == 1 else 'choices are'} not selected yet")
    return Feedback(PARTIAL, "Not yet. " + "; ".join(parts) + ".")


def _spot_message(ex: Exercise, canon: str, salt: str) -> Feedback:
    stored = ex.check.get("spots") or []
    chosen = {int(i) for i in canon.split(",") if i}
    truth = [digest(salt, ex.id, f"spot{i}:1") == h for i, h in enumerate(stored)]
    names = item_names(ex)
    found = sum(1 for i in chosen if i < len(truth) and truth[i])
    wrong = [names[i] for i in sorted(chosen) if i < len(truth) and not truth[i]]
    missing = sum(truth) - found
    parts = [f"You found {found} of the identifiers"]
    if wrong:
        parts.append(f"not {'an identifier' if len(wrong) == 1 else 'identifiers'}: {quoted(wrong)}")
    if missing:
        parts.append(f"{missing} more {'is' if missing == 1 else 'are'} still in the note")
    return Feedback(PARTIAL, "; ".join(parts) + ".")


def _code_message(ex: Exercise, code: str, salt: str, codeset: Any | None) -> Feedback:
    h = lambda value: digest(salt, ex.id, value)  # noqa: E731
    if ex.check.get("placeholder") and h(f"ph:{code}") == ex.check["placeholder"]:
        return Feedback(PLACEHOLDER, MESSAGES[PLACEHOLDER])
    stem = ex.check.get("stem")
    if stem and len(code) in (6, 7) and h(f"stem:{code[:6]}") == stem:
        return Feedback(SEVENTH, MESSAGES[SEVENTH])
    if h(f"pre:{code}") in (ex.check.get("prefixes") or []):
        return Feedback(HEADER, MESSAGES[HEADER])
    if codeset is not None:
        if not codeset.is_valid(code):
            return Feedback(NOT_A_CODE, MESSAGES[NOT_A_CODE])
        if not codeset.is_billable(code):
            return Feedback(HEADER, MESSAGES[HEADER])
    if h(f"cat:{code[:3]}") == ex.check.get("category"):
        return Feedback(CATEGORY, MESSAGES[CATEGORY])
    return Feedback(INCORRECT, MESSAGES[INCORRECT])


def icd10cm_codeset() -> Any | None:
    """The ICD-10-CM module when the code-set engine is installed (it is, in this project)."""
    from revcycle.codes import icd10cm

    return icd10cm


def check(ex: Exercise, response: Any, salt: str, codeset: Any | None = None) -> Feedback:
    """Judge one response; never raises on a learner's input (bad input becomes an 'invalid' message)."""
    if not ex.check:
        return Feedback(UNCHECKED, MESSAGES[UNCHECKED])
    try:
        canon = response_key(ex, response)
    except AnswerError as exc:
        return Feedback(NOT_A_CODE if ex.type == "code" else INVALID, str(exc))
    h = digest(salt, ex.id, canon)
    if ex.type == "numeric":
        ok = h in (ex.check.get("any") or [])
        return Feedback(CORRECT, MESSAGES[CORRECT]) if ok else Feedback(INCORRECT, MESSAGES[INCORRECT])
    if h == ex.check.get("hash"):
        return Feedback(CORRECT, MESSAGES[CORRECT])
    if ex.type in ("ordering", "matching", "claim"):
        return _positions_message(ex, canon, salt)
    if ex.type == "multiple" and ex.check.get("options"):
        return _choice_message(ex, canon, salt)
    if ex.type == "spot":
        return _spot_message(ex, canon, salt)
    if ex.type == "code":
        return _code_message(ex, canon, salt, codeset if ex.system == "icd10cm" else None)
    return Feedback(INCORRECT, MESSAGES[INCORRECT])
