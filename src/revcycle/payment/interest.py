"""Interest Medicare owes on a clean claim it paid late (Social Security Act 1842(c)(2) for Part B; Medicare Claims
Processing Manual, ch. 1, section 80.2.2).

A clean claim must be paid within 30 calendar days after it is received (the payment ceiling): a claim received on
March 1 is paid on time through March 31. Interest runs from the day after that last day through the day of payment,
on the net payment, at the Prompt Payment Act rate (31 U.S.C. 3902(a)) the Treasury sets for each half year, as simple
interest for the days late out of 365, rounded to the cent. The rate is an input: look up the one in force on the
payment date. Interest is not paid on claims denied in full or on claims with nothing payable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from revcycle.core.dates import parse_date
from revcycle.core.errors import InputError
from revcycle.core.money import ZERO, parse_money, to_cents

#: Calendar days after receipt within which a clean claim must be paid.
PAYMENT_CEILING_DAYS = 30
DAYS_IN_YEAR = Decimal(365)


@dataclass(frozen=True)
class LateInterest:
    """The interest on one claim: the last day it was on time, the days late and the amount."""

    received: date
    due_by: date
    paid_on: date
    days_late: int
    rate: Decimal
    payment: Decimal
    interest: Decimal


def due_by(received: date | str) -> date:
    """The last day a clean claim received on ``received`` is paid on time (30 days later)."""
    return parse_date(received, "The day the claim was received") + timedelta(days=PAYMENT_CEILING_DAYS)


def late_interest(payment: object, received: date | str, paid_on: date | str, rate: object) -> LateInterest:
    """Interest on ``payment`` for a clean claim received on ``received`` and paid on ``paid_on``.

    ``rate`` is the annual rate as a percentage ("4.625" for 4 5/8 percent). On-time payment: interest 0.00.
    """
    amount = parse_money(payment, "The claim payment", negative=False)
    pct = parse_money(rate, "The annual interest rate (percent)", example="4.625", negative=False, whole_cents=False)
    if pct > 100:
        raise InputError(f"The rate is a percentage such as 4.625, not {rate!r}.")
    got = parse_date(received, "The day the claim was received")
    paid = parse_date(paid_on, "The payment date")
    if paid < got:
        raise InputError(f"The claim cannot be paid ({paid.isoformat()}) before it was received ({got.isoformat()}).")
    last = due_by(got)
    days = max(0, (paid - last).days)
    interest = to_cents(amount * pct / 100 * days / DAYS_IN_YEAR) if days and amount else ZERO
    return LateInterest(got, last, paid, days, pct, amount, interest)
