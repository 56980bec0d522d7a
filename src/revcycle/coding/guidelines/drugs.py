"""Poisoning, adverse effect and underdosing (Section I.C.19.e): the Table of Drugs and Chemicals column, the T-code
with its 7th character, and the order of the codes.

- Poisoning (wrong drug, wrong dose, wrong person, a drug taken with alcohol, a nonprescribed drug): the T-code
  first, by intent, then its manifestations. An unknown intent is coded accidental; undetermined only when the record
  says the intent cannot be determined.
- Adverse effect (a drug correctly prescribed and properly taken): the manifestation first, then the T-code of
  the Adverse effect column (5th or 6th character 5).
- Underdosing (less taken than prescribed): never first; the condition that relapsed or worsened first, then the
  T-code of the Underdosing column (character 6), then a noncompliance code (Z91.12-, Z91.13-, Z91.14-) when the
  record says why.

The T36-T65 codes hold the intent, so no external cause code is added for the drug itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from revcycle.codes import icd10cm
from revcycle.core.errors import DataError, InputError, RuleError

__all__ = ["INTENTS", "KINDS", "NONCOMPLIANCE", "DrugCode", "DrugCoding", "code_drug_event", "column", "drug_code"]

#: What happened: the three kinds of drug event the table has columns for.
KINDS = ("poisoning", "adverse effect", "underdosing")
#: Poisoning intents, in the table's column order.
INTENTS = ("accidental", "intentional self-harm", "assault", "undetermined")
_COLUMN = {"accidental": 0, "intentional self-harm": 1, "assault": 2, "undetermined": 3}
#: Why a patient took less than prescribed -> the Z91.1- code (Section I.C.19.e.5.c).
NONCOMPLIANCE = {
    "intentional, financial hardship": "Z91.120", "intentional, other reason": "Z91.128",
    "unintentional, age-related debility": "Z91.130", "unintentional, other reason": "Z91.138",
    "other, financial hardship": "Z91.141", "other, other reason": "Z91.148",
}

DateLike = date | str | None


def _norm(text: object) -> str:
    return " ".join(str(text).lower().replace("_", " ").split())


@dataclass(frozen=True)
class DrugCode:
    """A substance's row of the Drug Table, the column used, and the complete T-code."""

    substance: str
    column: str
    code: str
    title: str


@dataclass(frozen=True)
class DrugCoding:
    """The codes of a drug event, in order, each with the reason it is where it is."""

    kind: str
    codes: tuple[str, ...]
    reasons: tuple[str, ...]
    drug: DrugCode


def column(kind: str, intent: str | None = None) -> int:
    """The Drug Table column (0-5) for a kind of event; a poisoning with no stated intent is accidental."""
    k = _norm(kind)
    if k not in KINDS:
        raise InputError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}.")
    if k == "adverse effect":
        return 4
    if k == "underdosing":
        return 5
    i = _norm(intent) if intent is not None else "accidental"
    if i in ("", "unknown", "not documented", "unspecified"):
        i = "accidental"  # I.C.19.e.5.b: unknown or unspecified intent is coded as accidental
    if i not in _COLUMN:
        raise InputError(f"intent must be one of {', '.join(INTENTS)} (or unknown), not {intent!r}.")
    return _COLUMN[i]


def drug_code(substance: str, kind: str, intent: str | None = None, encounter: str = "A",
              on: DateLike = None) -> DrugCode:
    """The complete T-code for a substance from the Table of Drugs and Chemicals (a row path such as
    'warfarin' or 'warfarin, sodium'), the column for the kind of event, and the 7th character."""
    wanted = [p.strip() for p in _norm(substance).split(",") if p.strip()]
    if not wanted:
        raise InputError("Name the substance as the Drug Table lists it, e.g. 'digoxin'.")
    rows = [r for r in icd10cm.drug_table(wanted[0], limit=200, on=on) if [_norm(p) for p in r.path] == wanted]
    if not rows:
        raise DataError(f"{substance!r} is not a row of the Table of Drugs and Chemicals: look it up with "
                        "icd10cm.drug_table() and use the row's words.")
    row = rows[0]
    index = column(kind, intent)
    stem = row.codes[index]
    if not stem:
        raise RuleError(f"The table has no {row.columns[index]} code for {', '.join(row.path)}: the row is not a "
                        "medicinal use (look for a more specific row, such as the drug's salt), so only its "
                        "poisoning columns apply.")
    code = icd10cm.with_seventh(stem, encounter, on=on)
    return DrugCode(", ".join(row.path), row.columns[index], code, icd10cm.title(code, on=on))


def _billable(codes: Iterable[str], what: str, on: DateLike) -> list[str]:
    out = []
    for c in codes:
        st = icd10cm.status(c, on=on)
        if not st.billable:
            raise RuleError(f"{what} {c}: {st.message}")
        out.append(st.code)
    return out


def code_drug_event(substance: str, kind: str, effects: Iterable[str] = (), intent: str | None = None,
                    encounter: str = "A", noncompliance: str | None = None, on: DateLike = None) -> DrugCoding:
    """The codes for a drug event in the order Section I.C.19.e gives them.

    effects: the manifestation codes (what the drug did, or the condition that worsened). noncompliance: a key of
    NONCOMPLIANCE, for underdosing only.
    """
    k = _norm(kind)
    drug = drug_code(substance, k, intent, encounter, on)
    found = _billable(effects, "Manifestation", on)
    if any(c[0] == "T" and c[1:3].isdigit() and 36 <= int(c[1:3]) <= 50 for c in found):
        raise InputError("Give the manifestations only; the engine adds the T36-T50 code itself.")
    if noncompliance is not None and k != "underdosing":
        raise RuleError("A noncompliance code (Z91.12-/Z91.13-) goes with underdosing only.")
    t_reason = f"{drug.column}: {drug.code}"
    if k == "poisoning":
        codes = [drug.code, *found]
        reasons = [f"poisoning code first ({t_reason}; intent {_intent_word(intent)})",
                   *("a manifestation of the poisoning, after it" for _ in found)]
    elif k == "adverse effect":
        if not found:
            raise RuleError("An adverse effect is coded by its nature first: give the manifestation code(s).")
        codes = [*found, drug.code]
        reasons = [*("the nature of the adverse effect, first" for _ in found), f"the drug, after it ({t_reason})"]
    else:
        if not found:
            raise RuleError("Underdosing is never first-listed: give the condition that relapsed or worsened.")
        codes = [*found, drug.code]
        reasons = [*("the condition affected by the reduced dose, first" for _ in found),
                   f"underdosing, never first ({t_reason})"]
        if noncompliance is not None:
            key = _norm(noncompliance)
            if key not in NONCOMPLIANCE:
                raise InputError(f"noncompliance must be one of {'; '.join(NONCOMPLIANCE)}, not {noncompliance!r}.")
            codes.append(NONCOMPLIANCE[key])
            reasons.append(f"why the dose was reduced: {key}")
    return DrugCoding(k, tuple(codes), tuple(reasons), drug)


def _intent_word(intent: str | None) -> str:
    return INTENTS[column("poisoning", intent)] + (" (no intent documented: accidental)" if intent is None else "")
