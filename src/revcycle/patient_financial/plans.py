"""Payment plans for a patient balance, in exact dollars and cents.

A plan splits a balance into monthly installments with no interest (a plan that charges interest or a finance
charge is credit, with disclosure rules this book does not cover). Either the number of months is chosen and the
installments are equal, or the monthly payment is chosen and the number of months follows. Nothing is rounded: the
balance is split in whole cents, every installment but the last is the same, and the last one carries the cents left
over, so the installments always add up to the balance exactly. Due dates fall on the same day of each month (the
last day of a shorter month when that day does not exist).

A practice's policy (a smallest monthly payment, a longest plan) is checked when given: a plan outside it raises
:class:`~revcycle.core.errors.RuleError`; input that cannot be read raises :class:`~revcycle.core.errors.InputError`.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from revcycle.core.dates import parse_date
from revcycle.core.errors import InputError, RuleError
from revcycle.core.money import CENT, parse_money

__all__ = ["LONGEST_PLAN", "Installment", "PaymentPlan", "add_months", "payment_plan"]

#: The longest plan the engine lays out, in months (ten years); a practice's own limit is usually far shorter.
LONGEST_PLAN = 120


def add_months(day: date, months: int) -> date:
    """The same day ``months`` months later, or the last day of that month when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Installment:
    """One payment of a plan."""

    number: int
    due: date
    amount: Decimal
    balance_after: Decimal


@dataclass(frozen=True)
class PaymentPlan:
    """A balance and the installments that pay it off."""

    balance: Decimal
    installments: tuple[Installment, ...]

    @property
    def months(self) -> int:
        return len(self.installments)

    @property
    def regular(self) -> Decimal:
        """The amount of every installment but the last."""
        return self.installments[0].amount

    @property
    def last(self) -> Decimal:
        return self.installments[-1].amount

    def rows(self) -> list[dict[str, object]]:
        return [{"payment": i.number, "due": i.due, "amount": i.amount, "balance after": i.balance_after}
                for i in self.installments]


def _count(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InputError(f"{what} must be a whole number of months, 1 or more, not {value!r}.")
    return value


def payment_plan(balance: object, first_due: date | str, *, months: int | None = None, payment: object = None,
                 minimum_payment: object = None, max_months: int | None = None) -> PaymentPlan:
    """Installments for ``balance``, the first due on ``first_due``: give ``months`` or ``payment``, not both.

    ``minimum_payment`` and ``max_months`` are the practice's policy, checked when given.
    """
    total = parse_money(balance, "The balance", example="640.00", negative=False)
    if total <= 0:
        raise InputError("A payment plan needs a balance above zero.")
    first = parse_date(first_due, "The first due date")
    if (months is None) == (payment is None):
        raise InputError("Give either months (how many payments) or payment (the monthly amount), not both.")
    cents = int(total / CENT)
    if months is not None:
        n = _count(months, "months")
        if n > LONGEST_PLAN:
            raise InputError(f"A plan of {n} monthly payments is longer than {LONGEST_PLAN} months.")
        if n > cents:
            raise InputError(f"{total} cannot be split into {n} payments of at least one cent.")
        regular_cents = cents // n
    else:
        pay = parse_money(payment, "The monthly payment", example="50.00", negative=False)
        if pay <= 0:
            raise InputError("The monthly payment must be more than zero.")
        regular_cents = min(int(pay / CENT), cents)
        n = -(-cents // regular_cents)  # ceiling: the last payment may be smaller
    if n > LONGEST_PLAN:
        raise InputError(f"A plan of {n} monthly payments is longer than {LONGEST_PLAN} months; raise the payment.")
    amounts = [regular_cents] * (n - 1) + [cents - regular_cents * (n - 1)]
    if max_months is not None and n > _count(max_months, "max_months"):
        raise RuleError(f"The plan needs {n} payments; the policy allows at most {max_months}. Raise the monthly "
                        "payment, or refer the patient to financial assistance.")
    if minimum_payment is not None:
        least = parse_money(minimum_payment, "The minimum payment", example="25.00", negative=False)
        if regular_cents * CENT < least and n > 1:
            raise RuleError(f"Payments of {regular_cents * CENT} are below the policy's minimum of {least}; use "
                            "fewer months.")
    rows, left = [], cents
    for k, amount in enumerate(amounts):
        left -= amount
        rows.append(Installment(k + 1, add_months(first, k), amount * CENT, left * CENT))
    return PaymentPlan(total, tuple(rows))
