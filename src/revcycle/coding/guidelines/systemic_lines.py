"""What the systemic-conditions engines (infections, neoplasms, endocrine, substance, pain) return: ordered codes,
each with the reason and the guideline behind it.

A :class:`Coding` is built line by line through :func:`line`, which refuses a code that cannot go on a claim on
the date of service (its release decides). ``review()`` hands the list to :mod:`revcycle.coding.dx_review`, so
every sequence an engine proposes can be checked against the tabular notes it must obey.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from revcycle.codes import icd10cm
from revcycle.coding import dx_review
from revcycle.core.dates import parse_date
from revcycle.core.errors import InputError, RuleError

__all__ = ["GUIDELINES", "Coding", "Line", "build", "day", "line"]

GUIDELINES = "ICD-10-CM Official Guidelines for Coding and Reporting FY2026"


@dataclass(frozen=True)
class Line:
    """One code of the sequence: its FY title, why it is there, and the guideline section that says so."""

    code: str
    title: str
    reason: str
    section: str


@dataclass(frozen=True)
class Coding:
    """An ordered diagnosis list (first-listed first) for one date of service."""

    lines: tuple[Line, ...]
    on: date

    @property
    def codes(self) -> list[str]:
        """The codes alone, in order."""
        return [ln.code for ln in self.lines]

    def review(self) -> list[dx_review.Finding]:
        """The tabular-note review of the list (dx_review.review) on the date of service."""
        return dx_review.review(self.codes, on=self.on)

    def errors(self) -> list[dx_review.Finding]:
        """Only the review's errors: an engine's output should have none."""
        return [f for f in self.review() if f.severity == "error"]

    def table(self) -> list[dict[str, str]]:
        """One plain dict per line (position, code, title, reason, section), ready for pandas."""
        return [{"#": str(i), "code": ln.code, "title": ln.title, "reason": ln.reason, "section": ln.section}
                for i, ln in enumerate(self.lines, start=1)]


def day(on: icd10cm.DateLike) -> date:
    """The date of service as a date (today when None)."""
    return date.today() if on is None else parse_date(on, "The date of service (on=)", InputError)


def line(code: str, reason: str, section: str, on: icd10cm.DateLike = None) -> Line:
    """A line for `code`, refused (RuleError) unless the code is billable on the date of service."""
    if not isinstance(code, str) or not code.strip():
        raise InputError(f"Give an ICD-10-CM code as text, not {code!r}.")
    norm = icd10cm.normalize(code)
    status = icd10cm.status(norm, on)
    if not status.billable:
        raise RuleError(f"{norm} cannot be reported on {day(on)}: {status.message}")
    return Line(norm, icd10cm.title(norm, on), reason, f"{GUIDELINES}, Section {section}" if section else "")


def build(lines: list[Line], on: icd10cm.DateLike = None) -> Coding:
    """The Coding of these lines; a code given twice is kept once, at its first place (Section I.B.12)."""
    seen: dict[str, Line] = {}
    for ln in lines:
        seen.setdefault(ln.code, ln)
    return Coding(tuple(seen.values()), day(on))
