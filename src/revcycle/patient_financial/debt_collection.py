"""Two collection rules a biller meets once an account leaves the office: call frequency and credit reporting.

**Regulation F's call-frequency presumption** (12 CFR 1006.14(b)(2)). A debt collector is presumed to violate the
ban on repeated or continuous calls if it places calls to a person about a particular debt more than seven times
within seven consecutive days, or within seven consecutive days after having had a telephone conversation with the
person about that debt (the day of the conversation is the first of the seven). Staying under both limits is
presumed to comply. :func:`call_check` says whether one more call on a given day stays within both.

**Medical debt on credit reports.** The three nationwide credit bureaus (Equifax, Experian and TransUnion) changed
their own policy in 2022-2023: medical collection debt that has been paid is not reported; unpaid medical collection
debt is not reported until a year after it became delinquent (six months before July 2022); and since April 2023
medical collection debt whose first reported balance was under $500 is not reported. :func:`bureaus_would_report`
applies that policy. It is the bureaus' voluntary policy, not a federal rule: the CFPB's January 2025 rule on medical
debt in credit reports was vacated by a federal court in July 2025.

Dates are read by :func:`revcycle.core.dates.parse_date`, money by :func:`revcycle.core.money.parse_money`; what
cannot be read raises :class:`~revcycle.core.errors.InputError`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from revcycle.core.dates import parse_date
from revcycle.core.errors import InputError
from revcycle.core.money import parse_money
from revcycle.patient_financial.plans import add_months

__all__ = ["CALLS_IN_SEVEN_DAYS", "MEDICAL_REPORTING_FLOOR", "REGF_RULE", "CallCheck", "ReportingCheck",
           "bureaus_would_report", "call_check"]

REGF_RULE = "12 CFR 1006.14(b)(2)"
#: The most calls about one debt, to one person, in any seven consecutive days that are presumed to comply.
CALLS_IN_SEVEN_DAYS = 7
WINDOW_DAYS = 7
#: Medical collection debt with a first reported balance under this amount is not reported (since April 2023).
MEDICAL_REPORTING_FLOOR = Decimal("500.00")
#: Unpaid medical collection debt is not reported until this many months after the delinquency (one year).
MEDICAL_REPORTING_WAIT_MONTHS = 12


def _dates(values: Iterable[object], what: str) -> list[date]:
    if isinstance(values, str | date):
        raise InputError(f"{what} must be a list of dates, such as ['2026-05-04', '2026-05-06'].")
    return [parse_date(v, f"A date in {what}") for v in values]


@dataclass(frozen=True)
class CallCheck:
    """Whether one more call on ``on`` about one debt stays within Regulation F's presumptions."""

    on: date
    calls_in_window: int  # calls already placed in the seven days ending on ``on``
    conversation_block_until: date | None  # last day of a seven-day period after a conversation that covers ``on``
    allowed: bool
    reason: str
    rule: str = REGF_RULE


def call_check(on: date | str, *, calls: Iterable[object] = (), conversations: Iterable[object] = ()) -> CallCheck:
    """Would a call about one debt placed on ``on`` stay within both limits?

    ``calls`` are the days calls about this debt were already placed to this person (one entry per call);
    ``conversations`` the days a telephone conversation about it took place.
    """
    day = parse_date(on, "The day of the call")
    placed = _dates(calls, "calls")
    talked = _dates(conversations, "conversations")
    start = day - timedelta(days=WINDOW_DAYS - 1)
    recent = sum(start <= d <= day for d in placed)
    blocks = [d + timedelta(days=WINDOW_DAYS - 1) for d in talked if d <= day <= d + timedelta(days=WINDOW_DAYS - 1)]
    block = max(blocks) if blocks else None
    if block is not None:
        reason = (f"a telephone conversation about the debt took place within the seven days ending {block}; wait "
                  f"until {block + timedelta(days=1)}")
        return CallCheck(day, recent, block, False, reason)
    if recent + 1 > CALLS_IN_SEVEN_DAYS:
        return CallCheck(day, recent, None, False,
                         f"{recent} calls already in the seven days from {start} to {day}; one more would be "
                         f"{recent + 1}, more than {CALLS_IN_SEVEN_DAYS}")
    return CallCheck(day, recent, None, True,
                     f"call {recent + 1} of at most {CALLS_IN_SEVEN_DAYS} in the seven days from {start} to {day}")


@dataclass(frozen=True)
class ReportingCheck:
    """The nationwide credit bureaus' medical-debt policy applied to one collection account."""

    reportable: bool
    reason: str
    earliest: date | None  # the first day the account could appear, if it stays unpaid


def bureaus_would_report(first_reported_balance: object, delinquent_since: date | str, as_of: date | str, *,
                         paid: bool = False) -> ReportingCheck:
    """Would the three nationwide credit bureaus show this medical collection account on ``as_of``?"""
    amount = parse_money(first_reported_balance, "The first reported balance", example="640.00", negative=False)
    since = parse_date(delinquent_since, "The delinquency date")
    when = parse_date(as_of, "as_of")
    if not isinstance(paid, bool):
        raise InputError(f"paid must be True or False, not {paid!r}.")
    if when < since:
        raise InputError(f"as_of ({when}) comes before the debt became delinquent ({since}).")
    if paid:
        return ReportingCheck(False, "paid medical collection debt is not reported", None)
    if amount < MEDICAL_REPORTING_FLOOR:
        return ReportingCheck(False, f"first reported balance {amount} is under {MEDICAL_REPORTING_FLOOR}", None)
    earliest = add_months(since, MEDICAL_REPORTING_WAIT_MONTHS)
    if when < earliest:
        return ReportingCheck(False, f"unpaid for less than a year: not before {earliest}", earliest)
    return ReportingCheck(True, f"unpaid, {amount} or more, delinquent for a year or more", earliest)
