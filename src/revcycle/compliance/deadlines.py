"""Compliance clocks other than breach notice: patients' Privacy Rule requests and the 60-day overpayment rule.

**Patients' requests** (45 CFR 164.524, 164.526, 164.528): a covered entity must act on a request for access to
records no later than 30 days after it receives the request, and on a request to amend the record or for an
accounting of disclosures no later than 60 days after receipt. Each clock may be extended once, by no more than 30
days, if within the first period the entity gives the patient a written statement of the reason for the delay and
the date it will act. ``request_deadline("access", received, extended=...)`` gives the latest date.

**Overpayments** (42 U.S.C. 1320a-7k(d); 42 CFR 401.305 for Medicare Parts A and B): a provider that has identified
an overpayment must report and return it by the later of 60 days after the date it was identified and the date any
corresponding cost report is due. Since January 1, 2025 (CY 2025 Physician Fee Schedule final rule), the deadline is
suspended while the provider conducts a timely, good-faith investigation of related overpayments (ones that may
arise from the same or a similar cause), until the investigation ends or 180 days after identification, whichever
comes first; the 60 days then run from the end of the suspension. ``overpayment_deadline(identified, ...)`` works
it out. An overpayment kept past the deadline is an obligation under the False Claims Act (1320a-7k(d)(3)).

Days are calendar days; the day of receipt (or identification) is day 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from revcycle.core.dates import parse_date
from revcycle.core.errors import InputError


@dataclass(frozen=True)
class RequestClock:
    """One patient right's clock: days to act after receipt, the one extension allowed, and the rule."""

    right: str
    days: int
    extension: int
    rule: str


#: The Privacy Rule's deadlines for acting on a patient's request, by right.
REQUEST_CLOCKS: dict[str, RequestClock] = {
    "access": RequestClock("access", 30, 30, "45 CFR 164.524(b)(2)"),
    "amendment": RequestClock("amendment", 60, 30, "45 CFR 164.526(b)(2)"),
    "accounting": RequestClock("accounting", 60, 30, "45 CFR 164.528(c)(1)"),
}

#: Overpayments: report and return no later than this many days after identification (or after a suspension ends).
OVERPAYMENT_DAYS = 60
#: The longest a good-faith investigation of related overpayments can suspend that deadline, counted from
#: identification (42 CFR 401.305(b), as amended for 2025).
MAX_SUSPENSION_DAYS = 180


def request_deadline(right: str, received: date | str, *, extended: bool = False) -> date:
    """The latest date a covered entity may act on a patient's ``right`` request received on ``received``.

    ``extended`` means the entity sent the patient, within the first period, the written statement of the reason
    for the delay and the new date that the rule requires for its one extension.
    """
    clock = REQUEST_CLOCKS.get(right) if isinstance(right, str) else None
    if clock is None:
        raise InputError(f"right must be one of {', '.join(REQUEST_CLOCKS)}, not {right!r}.")
    day0 = parse_date(received, "received")
    return day0 + timedelta(days=clock.days + (clock.extension if extended else 0))


@dataclass(frozen=True)
class OverpaymentDeadline:
    """When an identified overpayment must be reported and returned, and how that date was reached."""

    identified: date
    investigation_ended: date | None
    clock_starts: date  # identification, or the end of the suspension
    due: date
    suspension_capped: bool  # True when the 180-day limit, not the end of the investigation, ended the suspension
    cost_report_due: date | None = None

    @property
    def suspended(self) -> bool:
        """True when a good-faith investigation of related overpayments suspended the deadline."""
        return self.investigation_ended is not None


def overpayment_deadline(identified: date | str, *, investigation_ended: date | str | None = None,
                         cost_report_due: date | str | None = None) -> OverpaymentDeadline:
    """The report-and-return deadline for a Medicare overpayment identified on ``identified``.

    ``investigation_ended`` is the day a timely, good-faith investigation of related overpayments, begun when the
    overpayment was identified, was completed (leave it out when there was none). ``cost_report_due`` is the due date
    of a corresponding cost report, if one applies: the deadline is then the later of the two dates.
    """
    day0 = parse_date(identified, "identified")
    end = None if investigation_ended is None else parse_date(investigation_ended, "investigation_ended")
    if end is not None and end < day0:
        raise InputError(f"The investigation cannot end ({end}) before the overpayment was identified ({day0}).")
    cap = day0 + timedelta(days=MAX_SUSPENSION_DAYS)
    starts = day0 if end is None else min(end, cap)
    due = starts + timedelta(days=OVERPAYMENT_DAYS)
    report = None if cost_report_due is None else parse_date(cost_report_due, "cost_report_due")
    if report is not None:
        due = max(due, report)
    return OverpaymentDeadline(day0, end, starts, due, end is not None and end > cap, report)


__all__ = ["MAX_SUSPENSION_DAYS", "OVERPAYMENT_DAYS", "REQUEST_CLOCKS", "OverpaymentDeadline", "RequestClock",
           "overpayment_deadline", "request_deadline"]
