"""The surgical package in coding terms: a code's global period read from the CY2026 PFS file, and whether a visit
on some date falls inside it.

The global days come from the RVU file's GLOB DAYS column (:func:`revcycle.payment.fees.rvu_record`); the dates
of a 000/010/090 period are :func:`revcycle.payment.surgery.global_period`'s (Medicare Claims Processing Manual,
Pub. 100-04, ch. 12, sec. 40.1): this module only asks it and explains the answer for a visit. What Medicare pays
for the package, and modifiers 24/25/57/58/78/79, belong to the surgical payment chapter and
:mod:`revcycle.coding.modifiers`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from revcycle.core.dates import parse_date
from revcycle.core.errors import InputError

__all__ = ["INDICATORS", "PACKAGE_PARTS", "VisitVerdict", "global_days", "global_mix", "visit_in_global"]

INDICATORS = ("000", "010", "090", "XXX", "YYY", "ZZZ", "MMM")

#: What the package holds, in the book's words (CPT's surgical package and MCPM ch. 12 sec. 40.1 agree on these).
PACKAGE_PARTS: tuple[str, ...] = (
    "the operation itself",
    "local anesthesia given by the surgeon (infiltration, a digital or metacarpal block, topical)",
    "after the decision to operate, one related visit the day before or the day of a major operation",
    "immediate care after the operation: the note, orders, talking with the family, the recovery-room check",
    "the usual follow-up visits for the operation during the global period",
)


@dataclass(frozen=True)
class VisitVerdict:
    """Whether a visit on ``visit`` falls in the global period of ``code`` done on ``surgery``, and why."""

    code: str
    days: str
    surgery: date
    visit: date
    inside: bool | None  # None: the file gives no day count (YYY: the contractor sets it; MMM: maternity)
    start: date | None
    end: date | None
    reason: str


def global_days(code: str) -> str:
    """The CY2026 PFS file's global days for ``code``: 000, 010, 090, XXX, YYY, ZZZ or MMM."""
    from revcycle.payment import fees

    return fees.rvu_record(code).global_days


def global_mix(first: str, last: str) -> dict[str, int]:
    """How many codes from ``first`` to ``last`` (five-digit CPT numbers) the CY2026 PFS file lists under each
    global-days indicator, in :data:`INDICATORS` order (indicators with no code left out)."""
    from revcycle.payment import fees

    if not (isinstance(first, str) and isinstance(last, str) and first.isdigit() and last.isdigit()
            and len(first) == len(last) == 5 and first <= last):
        raise InputError(f"Give a range of five-digit codes, low first, such as '10030' to '19499'; not {first!r} to "
                         f"{last!r}.")
    counts = dict.fromkeys(INDICATORS, 0)
    for code in fees.listed_codes():
        if code.isdigit() and first <= code <= last:
            days = fees.rvu_record(code).global_days
            counts[days] = counts.get(days, 0) + 1
    return {k: v for k, v in counts.items() if v}


def visit_in_global(code: str, surgery_date: object, visit_date: object) -> VisitVerdict:
    """Does a visit on ``visit_date`` fall in the global period of ``code`` done on ``surgery_date``?

    090: from the day before through 90 days after; 010: the day of and 10 days after; 000: the day of only
    (MCPM ch. 12 sec. 40.1). XXX: no package; ZZZ: an add-on follows its primary code's period, so this refuses it.
    A visit inside is part of the package when it is for the operation; a visit for an unrelated problem is not
    (that choice, and its modifier, is the modifiers chapter's).
    """
    from revcycle.payment import surgery

    when = parse_date(surgery_date, "The date of surgery")
    seen = parse_date(visit_date, "The date of the visit")
    period = surgery.global_period(code, when)
    days = period.days
    if days == "ZZZ":
        raise InputError(f"{period.code} is an add-on code (global ZZZ): it has no period of its own. Ask about the "
                         "primary procedure it is added to.")
    if days == "XXX":
        return VisitVerdict(period.code, days, when, seen, False, None, None,
                            f"{period.code} has global XXX: no global package, so no visit is bundled into it.")
    if period.start is None or period.end is None:
        return VisitVerdict(period.code, days, when, seen, None, None, None,
                            f"{period.code} has global {days}: {period.meaning}; the file gives no day count.")
    inside = period.start <= seen <= period.end
    where = "inside" if inside else "outside"
    reason = (f"{period.code} has a {int(days)}-day global period ({period.meaning}): {period.start.isoformat()} to "
              f"{period.end.isoformat()}. A visit on {seen.isoformat()} is {where} it")
    reason += (": a follow-up for the operation is part of the package, not billed." if inside
               else ": it is billed on its own.")
    return VisitVerdict(period.code, days, when, seen, inside, period.start, period.end, reason)
