"""Medicare amounts for a non-participating provider: the 95 percent fee schedule amount and the limiting charge.

A provider that does not participate in Medicare is paid from a fee schedule amount 5 percent lower than the
participating one (42 U.S.C. 1395w-4(a)(3)). On a claim where it does not accept assignment it may bill the
patient more than Medicare's amount, but never more than the limiting charge, 115 percent of that lower amount
(42 U.S.C. 1395w-4(g)(2)(C); 42 CFR 414.48). Medicare then pays its share (80 percent of the non-participating
amount after the deductible) to the patient, and the patient owes the provider the whole charge.

Rounding: each step is rounded to the cent by the book's one rule (:func:`revcycle.core.money.to_cents`, half
up), in the order the statute states them: the non-participating amount from the participating one, then the
limiting charge from the non-participating amount. Computing the limiting charge in one step (109.25 percent
of the participating amount) can differ by one cent.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from revcycle.core.money import parse_money, to_cents

__all__ = ["LIMITING_SHARE", "NONPAR_SHARE", "NonParAmounts", "nonpar_amounts"]

#: The non-participating fee schedule amount as a share of the participating one.
NONPAR_SHARE = Decimal("0.95")
#: The limiting charge as a share of the non-participating fee schedule amount.
LIMITING_SHARE = Decimal("1.15")


@dataclass(frozen=True)
class NonParAmounts:
    """The participating amount and the two amounts Medicare derives from it for a non-participating provider."""

    participating: Decimal
    nonparticipating: Decimal  # 95% of participating, to the cent
    limiting_charge: Decimal  # 115% of nonparticipating, to the cent

    @property
    def most_over_participating(self) -> Decimal:
        """How much more than the participating amount the limiting charge lets the provider bill."""
        return self.limiting_charge - self.participating


def nonpar_amounts(participating: object) -> NonParAmounts:
    """The non-participating amount and the limiting charge for a participating fee schedule amount.

    >>> nonpar_amounts("100.00").limiting_charge
    Decimal('109.25')
    """
    par = parse_money(participating, "The participating fee schedule amount", example="95.19", negative=False)
    nonpar = to_cents(par * NONPAR_SHARE)
    return NonParAmounts(par, nonpar, to_cents(nonpar * LIMITING_SHARE))
