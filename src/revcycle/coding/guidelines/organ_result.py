"""The answer the organ-system rule engines (circulatory, respiratory, skin, kidney) give: codes in claim order,
the reasons, one per step, and the guideline section they rest on."""

from __future__ import annotations

from dataclasses import dataclass

from revcycle.codes import icd10cm
from revcycle.core.errors import DataError

GUIDELINES = "ICD-10-CM Official Guidelines for Coding and Reporting FY 2026"


@dataclass(frozen=True)
class Coded:
    """Codes in the order the rule lists them, and why, in the book's own words (one reason per step)."""

    codes: tuple[str, ...]
    reasons: tuple[str, ...]
    section: str

    def __str__(self) -> str:
        return ", ".join(self.codes)


def billable(code: str, on: icd10cm.DateLike) -> str:
    """`code` if the code set in force on `on` has it as a billable code; DataError (the shipped table is wrong)
    if not."""
    if not icd10cm.is_billable(code, on=on):
        raise DataError(f"{code} is not a billable ICD-10-CM code on {on or 'today'}: the rule's table needs review "
                        "against this year's tabular list.")
    return code


def descendants(code: str, on: icd10cm.DateLike) -> list[str]:
    """Every billable code at or below `code` in the tabular list in force on `on`."""
    if icd10cm.is_billable(code, on=on):
        return [code]
    return [c for child in icd10cm.children(code, on=on) for c in descendants(child, on)]


__all__ = ["GUIDELINES", "Coded", "billable", "descendants"]
