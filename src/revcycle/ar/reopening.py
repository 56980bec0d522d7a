"""Medicare reopenings (42 CFR 405.980) next to the redetermination deadline (42 CFR 405.942): which door is open
on a given day for a claim decision.

A reopening changes a binding decision to fix an error; a redetermination is the first level of appeal. A contractor
may reopen an initial determination on its own motion within 1 year of the date of the determination for any reason,
within 4 years for good cause (new and material evidence, or an obvious error on the face of the evidence:
405.986), and at any time when there is reliable evidence that it was procured by fraud or similar fault
(405.980(b)(1)-(3)). Clerical errors, including denials of claims as duplicates, are handled as reopenings, not
redeterminations (405.980(a)(3)). Reopening windows run from the date of the determination; the redetermination
window runs 120 days from its presumed receipt (5 days after the notice date), as :mod:`revcycle.ar.appeals`
computes. Dates are calendar dates; nothing is moved off a weekend.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from revcycle.ar.appeals import filing_deadline
from revcycle.core.dates import add_years, parse_date
from revcycle.core.errors import InputError

ANY_REASON_YEARS = 1
GOOD_CAUSE_YEARS = 4
REGULATION = "42 CFR 405.980(b)"


@dataclass(frozen=True)
class Windows:
    """The last day of each door for one initial determination (None: no time limit)."""

    determination: date
    redetermination_by: date
    reopen_any_reason_by: date
    reopen_good_cause_by: date
    reopen_fraud_by: None = None

    def open_on(self, day: date | str) -> list[str]:
        """The ways to change the decision still open on ``day``."""
        when = parse_date(day, "The day")
        if when < self.determination:
            raise InputError(f"{when.isoformat()} is before the determination ({self.determination.isoformat()}).")
        out = []
        if when <= self.redetermination_by:
            out.append("redetermination")
        if when <= self.reopen_any_reason_by:
            out.append("reopening for any reason")
        if when <= self.reopen_good_cause_by:
            out.append("reopening for good cause")
        out.append("reopening for fraud or similar fault")
        return out


def windows(determination: date | str) -> Windows:
    """The redetermination deadline and the reopening limits for an initial determination dated ``determination``.

    >>> windows("2026-03-06").reopen_good_cause_by
    datetime.date(2030, 3, 6)
    """
    day = parse_date(determination, "The date of the initial determination")
    return Windows(day, filing_deadline(1, day), add_years(day, ANY_REASON_YEARS), add_years(day, GOOD_CAUSE_YEARS))
