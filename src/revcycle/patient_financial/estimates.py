"""Good faith estimates for uninsured and self-pay patients, and the patient-provider dispute resolution check.

**When the estimate is due** (45 CFR 149.610(b)(1), implementing PHSA 2799B-6). A provider or facility must give an
uninsured (or self-pay) individual a good faith estimate (GFE) of expected charges:

- no later than 1 business day after scheduling, when the service is scheduled at least 3 business days ahead;
- no later than 3 business days after scheduling, when it is scheduled at least 10 business days ahead;
- no later than 3 business days after the individual asks for one.

A service scheduled fewer than 3 business days ahead needs no estimate unless the patient asked for one.
``gfe_due(contact, service, requested=...)`` applies the rule. How to count a business day is a policy choice; this
module counts Monday to Friday and leaves out any day in ``closed`` (the office's holidays). "Scheduled at least
*n* business days ahead" counts the business days after the day of scheduling through the day of service, so a visit
booked on a Monday for Thursday is booked 3 business days ahead.

**Patient-provider dispute resolution** (45 CFR 149.620, implementing PHSA 2799B-7). An uninsured or self-pay patient
may start the federal process when a provider's or facility's total billed charges are *substantially in excess* of
its good faith estimate, which the rule defines as at least $400 more, and must start it within 120 calendar days of
receiving the initial bill. ``ppdr_check(estimate, billed, received)`` answers both questions for one provider.

Money is read by :func:`revcycle.core.money.parse_money` and dates by :func:`revcycle.core.dates.parse_date`; what
cannot be read raises :class:`~revcycle.core.errors.InputError`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from revcycle.core.dates import add_business_days, business_days_between, parse_date
from revcycle.core.errors import InputError
from revcycle.core.money import parse_money

__all__ = ["GFE_RULE", "PPDR_DAYS", "PPDR_RULE", "PPDR_THRESHOLD", "GfeDeadline", "PpdrCheck", "add_business_days",
           "business_days_between", "gfe_due", "ppdr_check"]

GFE_RULE = "45 CFR 149.610(b)(1)"
PPDR_RULE = "45 CFR 149.620"
#: Billed charges at least this much above the estimate are "substantially in excess" (45 CFR 149.620(a)(2)).
PPDR_THRESHOLD = Decimal("400.00")
#: Calendar days after receiving the initial bill within which the patient must start the process.
PPDR_DAYS = 120
#: (lead time in business days, business days allowed to send the estimate), the longest lead first.
SCHEDULED_TIERS: tuple[tuple[int, int], ...] = ((10, 3), (3, 1))
#: Business days allowed to answer a patient's request for an estimate.
REQUEST_DAYS = 3


@dataclass(frozen=True)
class GfeDeadline:
    """Whether a good faith estimate is owed for one scheduling or request, and by when."""

    contact: date  # the day the service was scheduled or the estimate requested
    service: date | None
    requested: bool
    lead_business_days: int | None  # None when nothing is scheduled yet
    required: bool
    due: date | None
    reason: str
    rule: str = GFE_RULE


def gfe_due(contact: date | str, service: date | str | None = None, *, requested: bool = False,
            closed: Iterable[object] = ()) -> GfeDeadline:
    """When the good faith estimate for an uninsured or self-pay patient is due.

    ``contact`` is the day the service was scheduled (or, with ``requested=True`` and no ``service``, the day the
    patient asked for an estimate); ``service`` is the scheduled day of service.
    """
    if not isinstance(requested, bool):
        raise InputError(f"requested must be True or False, not {requested!r}.")
    day0 = parse_date(contact, "The scheduling or request date")
    if service is None:
        if not requested:
            raise InputError("Give the scheduled day of service, or requested=True when the patient asked for an "
                             "estimate before scheduling.")
        due = add_business_days(day0, REQUEST_DAYS, closed=closed)
        return GfeDeadline(day0, None, True, None, True, due,
                           f"requested: due within {REQUEST_DAYS} business days of the request")
    when = parse_date(service, "The day of service")
    if when < day0:
        raise InputError(f"The day of service ({when}) cannot come before it was scheduled ({day0}).")
    lead = business_days_between(day0, when, closed=closed)
    options: list[tuple[date, str]] = []
    for least, allowed in SCHEDULED_TIERS:
        if lead >= least:
            options.append((add_business_days(day0, allowed, closed=closed),
                            f"scheduled {lead} business days ahead (at least {least}): due within {allowed} "
                            f"business day{'s' if allowed > 1 else ''} of scheduling"))
            break
    if requested:
        options.append((add_business_days(day0, REQUEST_DAYS, closed=closed),
                        f"requested: due within {REQUEST_DAYS} business days of the request"))
    if not options:
        return GfeDeadline(day0, when, False, lead, False, None,
                           f"scheduled {lead} business day{'' if lead == 1 else 's'} ahead (fewer than 3) and not "
                           "requested: no estimate is required")
    due, reason = min(options)
    return GfeDeadline(day0, when, requested, lead, True, due, reason)


@dataclass(frozen=True)
class PpdrCheck:
    """One provider's bill against its good faith estimate: is the difference large enough, and is there time?"""

    estimate: Decimal
    billed: Decimal
    excess: Decimal  # billed - estimate (negative when the bill is lower)
    substantially_in_excess: bool  # excess >= PPDR_THRESHOLD
    bill_received: date
    last_day: date  # the last day to start the process
    on: date | None
    timely: bool | None  # None when no ``on`` date was given
    rule: str = PPDR_RULE

    @property
    def eligible(self) -> bool:
        """True when the amount qualifies and, if a date was given, the request is on time."""
        return self.substantially_in_excess and self.timely is not False


def ppdr_check(estimate: object, billed: object, bill_received: date | str, *,
               on: date | str | None = None) -> PpdrCheck:
    """Compare one provider's or facility's total billed charges with the total on its good faith estimate.

    ``bill_received`` is the day the patient received the initial bill; ``on`` (optional) is the day the patient
    would start the dispute.
    """
    est = parse_money(estimate, "The good faith estimate's total", example="1,200.00", negative=False)
    bill = parse_money(billed, "The billed charges", example="1,650.00", negative=False)
    received = parse_date(bill_received, "The day the bill was received")
    last = received + timedelta(days=PPDR_DAYS)
    when = None if on is None else parse_date(on, "The day the dispute is started")
    if when is not None and when < received:
        raise InputError(f"The dispute cannot be started ({when}) before the bill was received ({received}).")
    excess = bill - est
    return PpdrCheck(est, bill, excess, excess >= PPDR_THRESHOLD, received, last, when,
                     None if when is None else when <= last)
