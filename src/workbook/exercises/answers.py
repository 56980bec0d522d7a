"""Canonical forms of answers: a student's response and a key's answer both reduce to the same string."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from workbook.errors import AnswerError, BankError
from workbook.exercises.spec import Exercise

MAX_TEXT = 200
CODE_SHAPES = {
    # ICD-10-CM: a letter, a digit (or QA: QA0 from FY2026, QA1 from FY2027), a digit or letter, up to four more.
    "icd10cm": re.compile(r"^(?:[A-Z][0-9]|QA)[0-9A-Z][0-9A-Z]{0,4}$"),
    # HCPCS Level II: one letter and four digits.
    "hcpcs": re.compile(r"^[A-Z][0-9]{4}$"),
    # CPT: five digits (Category I) or four digits and F, T or U (Category II, III, PLA).
    "cpt": re.compile(r"^[0-9]{4}[0-9FTU]$"),
}
NUMBER = re.compile(r"^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)$")
CODE_EXAMPLES = {"icd10cm": "E11.9 or S52.521A", "hcpcs": "J1100", "cpt": "99213"}
OTHER_USES = {"icd10cm": "a diagnosis", "hcpcs": "a supply, drug or service", "cpt": "a procedure or service"}


# Whitespace exactly as JavaScript's \s sees it, so both faces trim and split the same way.
WS = "\t\n\x0b\x0c\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
WS_RUN = re.compile(f"[{WS}]+")
CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def shown(text: str) -> str:
    """What a learner typed, as feedback quotes it: its first 40 characters in single quotes (the website's
    copy, shown() in static/workbook.js, counts characters the same way)."""
    return "'" + text[:40] + "'"


def clean_code(text: str) -> str:
    """Upper-case a typed code and drop spaces and the decimal point, as coders type them loosely."""
    return re.sub(f"[{WS}.]", "", text).upper()


def _require_text(response: Any, what: str) -> str:
    if not isinstance(response, str):
        raise AnswerError(f"Type {what} as text.")
    if CONTROL.search(response):
        raise AnswerError(f"The answer contains invisible control characters; retype {what}.")
    text = re.sub(f"^[{WS}]+|[{WS}]+$", "", response)
    if not text:
        raise AnswerError(f"The answer is empty: type {what}.")
    if len(text) > MAX_TEXT:
        raise AnswerError(f"That answer is {len(text):,} characters long; type just {what}.")
    return text


def code_response(ex: Exercise, response: Any) -> str:
    """A typed code in canonical form (upper case, no dot), or an error saying why it cannot be a code."""
    example = CODE_EXAMPLES[ex.system]
    text = clean_code(_require_text(response, f"a code such as {example}"))
    if not CODE_SHAPES[ex.system].match(text):
        names = {"icd10cm": "an ICD-10-CM", "hcpcs": "a HCPCS Level II", "cpt": "a CPT"}
        other = next((o for o in ("cpt", "hcpcs", "icd10cm") if o != ex.system and CODE_SHAPES[o].match(text)), None)
        if other is not None:
            raise AnswerError(f"That looks like {names[other]} code ({OTHER_USES[other]}); this question asks for "
                              f"{names[ex.system]} code, such as {example}.")
        raise AnswerError(f"{shown(response.strip())} is not {names[ex.system]} code. Codes look like {example}.")
    return text


def parse_number(response: Any, unit: str = "") -> Decimal:
    """Read a typed amount such as '$1,234.50' or '95.19'; reject anything that is not one finite number."""
    if isinstance(response, bool):
        raise AnswerError("Type a number.")
    if isinstance(response, int | float | Decimal):
        text = str(response)
    else:
        text = _require_text(response, "a number")
    text = text.replace(",", "").replace("$", "").replace(" ", "")
    if unit and unit != "$":
        text = re.sub(re.escape(unit.replace(" ", "")) + "$", "", text, flags=re.IGNORECASE)
    if not NUMBER.match(text):
        raise AnswerError(f"{shown(str(response).strip())} is not a number. Type digits, e.g. 95.19.")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise AnswerError(f"{shown(str(response).strip())} is not a number. Type digits, e.g. 95.19.") from None
    if not value.is_finite() or abs(value) > Decimal("1e12"):
        raise AnswerError("That number is out of range. Type an ordinary amount.")
    return value


def format_number(value: Decimal, decimals: int) -> str:
    """Round half-up to the exercise's decimals: the canonical text of a numeric answer."""
    step = Decimal(1).scaleb(-decimals)
    rounded = value.quantize(step, rounding=ROUND_HALF_UP)
    if rounded.is_zero():
        rounded = abs(rounded)  # no "-0.00"
    return f"{rounded:.{decimals}f}"


def _index(response: Any, size: int, what: str) -> int:
    if isinstance(response, bool) or not isinstance(response, int):
        raise AnswerError(f"Choose {what} from the list.")
    if not 0 <= response < size:
        raise AnswerError(f"Choice {response} is not one of the {size} listed; choose {what} from the list.")
    return response


def _indices(response: Any, size: int, what: str) -> list[int]:
    if not isinstance(response, list | tuple):
        raise AnswerError(f"Choose {what}.")
    return [_index(item, size, what) for item in response]


DATE_FORMS = (re.compile(r"^(\d{1,2})[/ .-](\d{1,2})[/ .-](\d{4})$"), re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"))


def normalize_date(text: str) -> str:
    """MM/DD/YYYY, MM DD YYYY or YYYY-MM-DD to YYYY-MM-DD; the year must have four digits."""
    from datetime import date

    us, iso = DATE_FORMS
    if m := us.match(text):
        month, day, year = (int(g) for g in m.groups())
    elif m := iso.match(text):
        year, month, day = (int(g) for g in m.groups())
    else:
        raise AnswerError(f"{shown(text)} is not a date. Write it as MM/DD/YYYY, e.g. 09/28/2026.")
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        raise AnswerError(f"{shown(text)} is not a real calendar date.") from None


def field_value(kind: str, raw: Any, label: str) -> str:
    """One claim-form field in canonical form, by the kind of data the item holds."""
    text = _require_text(raw, f"the {label}")
    if kind == "code":
        value = clean_code(text)
        if not re.fullmatch(r"[A-Z0-9]{1,12}", value):
            raise AnswerError(f"The {label} should be a code of letters and digits, such as E11.9 or 99213.")
        return value
    if kind == "number":
        return format_number(parse_number(text), 2)
    if kind == "date":
        return normalize_date(text)
    return " ".join(part for part in WS_RUN.split(text.replace("|", " ").upper()) if part)


def response_key(ex: Exercise, response: Any) -> str:
    """Reduce a student's response to the canonical string that is hashed and compared."""
    if ex.type == "single":
        return str(_index(response, len(ex.options), "one answer"))
    if ex.type == "multiple":
        chosen = sorted(set(_indices(response, len(ex.options), "one or more answers")))
        if not chosen:
            raise AnswerError("Select at least one answer.")
        return ",".join(map(str, chosen))
    if ex.type in ("ordering", "matching") and isinstance(response, list | tuple) and None in response:
        # A slot left at "Choose…": the same words the website uses.
        raise AnswerError("Choose an item for every position." if ex.type == "ordering" else
                          "Choose a match for every term.")
    if ex.type == "ordering":
        order = _indices(response, len(ex.options), "a position for every item")
        if sorted(order) != list(range(len(ex.options))):
            raise AnswerError("Place every item exactly once.")
        return ",".join(map(str, order))
    if ex.type == "matching":
        pairs = _indices(response, len(ex.right), "a match for every term")
        if len(pairs) != len(ex.left):
            raise AnswerError(f"Match all {len(ex.left)} terms.")
        return ",".join(map(str, pairs))
    if ex.type == "numeric":
        return format_number(parse_number(response, ex.unit), ex.decimals)
    if ex.type == "code":
        return code_response(ex, response)
    if ex.type == "claim":
        if not isinstance(response, list | tuple) or len(response) != len(ex.fields):
            raise AnswerError(f"Fill in all {len(ex.fields)} fields.")
        return "|".join(field_value(kind, raw, f"item {item} ({label})")
                        for (item, label, kind), raw in zip(ex.fields, response, strict=True))
    if ex.type == "spot":
        from workbook.exercises.spec import candidates

        size = len(candidates(ex.note))
        return ",".join(map(str, sorted(set(_indices(response, size, "the phrases that are identifiers")))))
    raise AnswerError(f"Exercise type {ex.type!r} is not known.")


def _option_index(ex: Exercise, text: Any, pool: tuple[str, ...], name: str) -> int:
    if text not in pool:
        raise BankError(f"exercise {ex.id!r}: the key's answer {text!r} is not one of the {name}.")
    return pool.index(text)


def key_response(ex: Exercise, answer: Any) -> Any:
    """Turn a key's human-readable answer (option texts, a mapping) into the response a student would give."""
    if ex.type == "single":
        return _option_index(ex, answer, ex.options, "options")
    if ex.type in ("multiple", "ordering"):
        if not isinstance(answer, list) or not answer:
            raise BankError(f"exercise {ex.id!r}: the key's answer must be a list of option texts.")
        if ex.type == "ordering" and sorted(answer) != sorted(ex.options):
            raise BankError(f"exercise {ex.id!r}: the key's order must list every option exactly once.")
        return [_option_index(ex, item, ex.options, "options") for item in answer]
    if ex.type == "matching":
        if not isinstance(answer, dict) or sorted(answer) != sorted(ex.left):
            raise BankError(f"exercise {ex.id!r}: the key must map every term in 'left' to a definition.")
        return [_option_index(ex, answer[term], ex.right, "definitions") for term in ex.left]
    if ex.type == "claim":
        items = [item for item, _label, _kind in ex.fields]
        if not isinstance(answer, dict) or sorted(map(str, answer)) != sorted(items):
            raise BankError(f"exercise {ex.id!r}: the key must give a value for every item: {', '.join(items)}.")
        return [str(answer[item]) for item in items]
    if ex.type == "spot":
        from workbook.exercises.spec import candidates

        found = candidates(ex.note)
        if not isinstance(answer, list):
            raise BankError(f"exercise {ex.id!r}: the key must list the bracketed phrases that are identifiers.")
        return [_option_index(ex, phrase, tuple(found), "bracketed phrases in the note") for phrase in answer]
    if ex.type == "numeric":
        if isinstance(answer, bool) or not isinstance(answer, int | float | str):
            raise BankError(f"exercise {ex.id!r}: the key's answer must be a number.")
        return str(answer)
    if ex.type == "code":
        if not isinstance(answer, str):
            raise BankError(f"exercise {ex.id!r}: the key's answer must be a code written as text.")
        return answer
    raise BankError(f"exercise {ex.id!r}: type {ex.type!r} is not known.")
